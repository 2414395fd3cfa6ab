"""Forms of honors (MERIT-1): the lists' filters, an honor type with its shares (a formset),
a round, a nomination (member and employer pickers), an honor recorded without a round, an
objection (staff and the public page), and the workflows' inputs (named in workflow.py)."""

from typing import Any

from django import forms
from django.db.models import Q

from gonghui.core.forms import (
    SEARCHABLE_SELECT,
    FilterForm,
    FlagField,
    OrgScopeField,
    VersionForm,
    as_int,
)
from gonghui.core.forms import YearField as FilterYearField
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField, OrganizationField, UnionField
from gonghui.orgs.models import Organization

from ..choices import (
    Bound,
    Category,
    Channel,
    Level,
    NominationState,
    ObjectionState,
    RoundState,
    Subject,
    UpwardOutcome,
)
from ..models import HonorType
from ..queries import honors as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": f"{label}应为日期，例如 2026-09-30。",
            "required": f"请填写{label}。",
        },
    )


def _type_field(label: str = "荣誉类型", required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=required,
        queryset=HonorType.objects.none(),
        empty_label="全部荣誉" if not required else "请选择",
        widget=SEARCHABLE_SELECT,
        error_messages={
            "invalid_choice": "所选荣誉类型不存在。",
            "required": "请选择荣誉类型。",
        },
    )


class RoundFilterForm(FilterForm):
    year = FilterYearField("年度")
    honor_type = _type_field()
    level = choice_filter("级别", Level.choices)
    state = choice_filter("状态", RoundState.choices)
    organizer = forms.ModelChoiceField(
        label="组织单位",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="全部组织单位",
        error_messages={"invalid_choice": "所选组织单位不存在。"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].queryset = queries.round_type_choices(self.user)
        self.fields["organizer"].queryset = Organization.objects.filter(
            pk__in=queries.rounds_visible(self.user).values("organizer_id")
        ).order_by("path")


class NominationFilterForm(FilterForm):
    name = forms.CharField(label="被推荐对象", required=False, max_length=50)
    year = FilterYearField("年度")
    round = forms.ModelChoiceField(
        label="评选",
        required=False,
        queryset=None,
        empty_label="全部评选",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选评选不存在。"},
    )
    state = choice_filter("状态", NominationState.choices)
    category = choice_filter("类别", Category.choices)
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = queries.rounds_visible(self.user).order_by("-year", "pk")

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org


class HonorFilterForm(FilterForm):
    name = forms.CharField(label="获得者", required=False, max_length=50)
    year = FilterYearField("年度")
    honor_type = _type_field()
    level = choice_filter("级别", Level.choices)
    subject = choice_filter("授予对象", Subject.choices)
    commendation = FlagField("通报表扬", yes="仅通报表扬", no="不含通报表扬")
    title = forms.CharField(label="荣誉名称含", required=False, max_length=60)
    awarded_from = _date("获奖日期（起）")
    awarded_to = _date("获奖日期（止）")
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Offered: the titles of the honors the user sees; accepted: any title (a figure's
        # drill-down names its title, and a title no honor in the scope holds lists none).
        field = self.fields["honor_type"]
        field.queryset = queries.type_choices()
        chosen = as_int(self.data.get("honor_type")) or 0
        offered = queries.type_choices().filter(
            Q(pk__in=queries.honor_type_choices(self.user).values("pk")) | Q(pk=chosen)
        )
        field.choices = [("", field.empty_label)] + [(t.pk, str(t)) for t in offered]
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("awarded_from"), data.get("awarded_to")
        if start and end and start > end:
            self.add_error("awarded_to", "获奖日期（止）不能早于获奖日期（起）。")
        return data


class ObjectionFilterForm(FilterForm):
    state = choice_filter("核实结果", ObjectionState.choices)


# ---- honor types -----------------------------------------------------------------------------


class HonorTypeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="荣誉名称", max_length=60)
    level = forms.ChoiceField(label="级别", choices=Level.choices)
    subject = forms.ChoiceField(label="授予对象", choices=Subject.choices)
    conferred_by = forms.CharField(label="授予机构", max_length=60)
    notice_workdays = forms.IntegerField(
        label="公示期（工作日）",
        min_value=1,
        max_value=30,
        initial=5,
        error_messages={
            "min_value": "公示期至少1个工作日。",
            "max_value": "公示期最多30个工作日。",
            "invalid": "公示期应为整数（工作日数）。",
        },
    )
    confers_model_worker = forms.BooleanField(label="授予劳模称号", required=False)
    is_commendation = forms.BooleanField(label="通报表扬", required=False)
    criteria = forms.CharField(
        label="评选条件", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    order = forms.IntegerField(label="排序", min_value=0, max_value=32767, initial=100)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ShareForm(forms.Form):
    category = forms.ChoiceField(
        label="类别", choices=[("", "—"), *Category.choices], required=False
    )
    bound = forms.ChoiceField(label="要求", choices=Bound.choices, initial=Bound.AT_LEAST)
    percent = forms.IntegerField(
        label="比例（%）",
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "min_value": "比例应在0到100之间。",
            "max_value": "比例应在0到100之间。",
            "invalid": "比例应为整数。",
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("category") and data.get("percent") is None:
            self.add_error("percent", "请填写比例。")
        return data


ShareFormSet = forms.formset_factory(ShareForm, extra=3, max_num=10, validate_max=True)


def shares_of(formset: Any) -> list[tuple[str, str, int]]:
    return [
        (f.cleaned_data["category"], f.cleaned_data["bound"], f.cleaned_data["percent"])
        for f in formset.forms
        if f.cleaned_data.get("category") and not f.cleaned_data.get("DELETE")
    ]


# ---- rounds ----------------------------------------------------------------------------------


class RoundForm(forms.Form):
    honor_type = _type_field(required=True)
    year = forms.IntegerField(
        label="年度",
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": "年度应为四位数字年份。", "required": "请填写年度。"},
    )
    name = forms.CharField(
        label="评选名称", max_length=100, required=False, help_text="留空按“年度+荣誉名称+评选”。"
    )
    organizer = forms.ModelChoiceField(
        label="组织单位",
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": "所选组织单位不存在或不在您的管理范围内。"},
    )
    quota = forms.IntegerField(
        label="名额", required=False, min_value=1, error_messages={"min_value": "名额应为正整数。"}
    )
    nominations_close_on = _date("推荐截止日期")
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        types = queries.types_visible(user).filter(is_active=True)
        if getattr(getattr(user, "organization", None), "kind", "") == "town":
            types = types.filter(level=Level.TOWN)  # a town runs its own titles' rounds only
        self.fields["honor_type"].queryset = types
        self.fields["organizer"].queryset = (
            Organization.objects.visible_to(user)
            .filter(kind__in=("district", "town"))
            .order_by("path")
        )


# ---- nominations -----------------------------------------------------------------------------


class NominationForm(forms.Form):
    """A nominee: for a person a member (or a name, RIC and employer), for a team its name
    and employer, for an organization the union or the employer."""

    member = MemberField(label="会员", required=False)
    name = forms.CharField(
        label="被推荐对象名称",
        required=False,
        max_length=100,
        help_text="个人可选会员后留空；集体填写班组或岗位名称。",
    )
    ric = forms.CharField(label="身份证号（非会员个人）", required=False, max_length=18)
    employer = EmployerField(label="所在单位", required=False)
    organization = OrganizationField(label="被推荐工会", required=False)
    position = forms.CharField(label="职务或岗位", required=False, max_length=60)
    categories = forms.MultipleChoiceField(
        label="类别", required=False, choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    deeds = forms.CharField(
        label="主要事迹",
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": "请填写主要事迹。"},
    )

    def __init__(self, *args: Any, user: Any = None, round: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("member", "employer", "organization"):
            self.fields[name].user = user
        subject = round.honor_type.subject if round is not None else None
        if subject != Subject.PERSON:
            del self.fields["member"], self.fields["ric"]
        if subject != Subject.ORGANIZATION:
            del self.fields["organization"]


class HonorForm(forms.Form):
    honor_type = _type_field(required=True)
    year = forms.IntegerField(
        label="年度",
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": "年度应为四位数字年份。", "required": "请填写年度。"},
    )
    awarded_on = _date("授予日期")
    member = MemberField(label="会员（个人荣誉）", required=False)
    name = forms.CharField(
        label="获得者名称", required=False, max_length=100, help_text="个人可选会员后留空。"
    )
    employer = EmployerField(label="所在单位", required=False)
    organization = OrganizationField(label="获得荣誉的工会", required=False)
    union = UnionField(
        label="所属工会", required=False, help_text="留空按会员、工会或单位所属工会。"
    )
    document_no = forms.CharField(label="文号", required=False, max_length=60)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["honor_type"].queryset = queries.types_visible(user)
        for name in ("member", "employer", "organization", "union"):
            self.fields[name].user = user


# ---- objections ------------------------------------------------------------------------------


class ObjectionForm(forms.Form):
    """Staff record one that came by letter, phone or visit."""

    nomination = forms.ChoiceField(label="公示对象", choices=())
    channel = forms.ChoiceField(
        label="反映方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = _date("收到日期", required=True)
    person_name = forms.CharField(
        label="反映人姓名",
        max_length=50,
        error_messages={"required": "请填写反映人的真实姓名（公示异议须实名）。"},
    )
    phone = forms.CharField(
        label="联系电话", max_length=20, error_messages={"required": "请填写反映人的联系电话。"}
    )
    content = forms.CharField(label="反映内容", max_length=3000, widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args: Any, nominees: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [(n.pk, n.name) for n in nominees]


class PublicObjectionForm(forms.Form):
    """The public page's objection (the nominee is in the URL: the notice is public)."""

    person_name = forms.CharField(
        label="您的真实姓名",
        max_length=50,
        error_messages={"required": "请填写您的真实姓名（公示异议须实名）。"},
    )
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput({"inputmode": "tel"}),
        error_messages={"required": "请填写手机号，以便核实情况。"},
    )
    content = forms.CharField(
        label="反映的问题",
        max_length=3000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "请写明反映的问题。"},
    )


class ResolveForm(VersionForm):
    upheld = forms.TypedChoiceField(
        label="核实结果",
        choices=[("no", "反映不属实"), ("yes", "反映属实（该对象不予通过）")],
        coerce=lambda v: v == "yes",
    )
    resolution = forms.CharField(
        label="核实情况",
        max_length=3000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "请填写核实情况。"},
    )


# ---- the workflows' inputs -------------------------------------------------------------------


class NoteForm(VersionForm):
    note = forms.CharField(label="意见", max_length=300, required=False)


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label="理由", max_length=300, error_messages={"required": "请填写不予通过的理由。"}
    )


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(
        label="上级评定结果",
        choices=[(UpwardOutcome.AWARDED, "获评"), (UpwardOutcome.NOT_AWARDED, "未获评")],
    )
    awarded_on = _date("授予日期")
    document_no = forms.CharField(label="文号", max_length=60, required=False)


class NoticeForm(VersionForm):
    starts_on = _date("公示开始日期")

    field_order = ["starts_on"]


class AwardForm(VersionForm):
    document_no = forms.CharField(
        label="表彰文号", max_length=60, error_messages={"required": "请填写表彰文号。"}
    )
    awarded_on = _date("表彰日期")
