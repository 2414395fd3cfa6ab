"""Forms of the harmonious-relations rating (DEMO-3): the lists' filters, a round, a line of
its sheet, an application (the employer picker), the district's scores (one field per
reviewer's criterion), an award nomination, objections (staff and the public page) and the
workflows' inputs (named in workflow/ratings.py)."""

from typing import Any

from django import forms

from gonghui.core.forms import FilterForm, OrgScopeField, VersionForm, date_filter
from gonghui.core.forms import YearField as FilterYearField
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField
from gonghui.orgs.models import Organization

from ..choices import (
    ApplicationState,
    AwardKind,
    AwardState,
    Channel,
    CriterionSource,
    ObjectionState,
    RatingLevel,
    RatingRoundState,
)
from ..queries import ratings as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": f"{label}应为日期，例如 2026-09-29。",
            "required": f"请填写{label}。",
        },
    )


def _int(label: str, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"{label}应为整数。",
            "required": f"请填写{label}。",
            "min_value": f"{label}应在{low}至{high}之间。",
            "max_value": f"{label}应在{low}至{high}之间。",
        },
        **kwargs,
    )


class _ScopedFilter(FilterForm):
    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org


class RoundFilterForm(FilterForm):
    year = FilterYearField("年度")
    state = choice_filter("状态", RatingRoundState.choices)


def _round_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="评定",
        required=False,
        queryset=None,
        empty_label="全部评定",
        error_messages={"invalid_choice": "所选评定不存在。"},
    )


class ApplicationFilterForm(_ScopedFilter):
    name = forms.CharField(label="单位名称", required=False, max_length=50)
    year = FilterYearField("年度")
    round = _round_field()
    state = choice_filter("状态", ApplicationState.choices)
    level = choice_filter("等级", RatingLevel.choices)
    decided_from = date_filter("公布日期（起）")
    decided_to = date_filter("公布日期（止）")
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = queries.rounds_visible(self.user).order_by("-year", "pk")
        offer_towns(self)


class RatedFilterForm(_ScopedFilter):
    name = forms.CharField(label="单位名称", required=False, max_length=50)
    level = choice_filter("等级", RatingLevel.choices)
    year = FilterYearField("评定年度")
    on = date_filter("有效日期")
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class AwardFilterForm(_ScopedFilter):
    name = forms.CharField(label="姓名", required=False, max_length=50)
    year = FilterYearField("年度")
    round = _round_field()
    kind = choice_filter("表扬类别", AwardKind.choices)
    state = choice_filter("状态", AwardState.choices)
    decided_from = date_filter("公布日期（起）")
    decided_to = date_filter("公布日期（止）")
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = queries.rounds_visible(self.user).order_by("-year", "pk")
        offer_towns(self)


class ObjectionFilterForm(FilterForm):
    state = choice_filter("核实结果", ObjectionState.choices)


# ---- rounds and the sheet --------------------------------------------------------------------


class RoundForm(forms.Form):
    year = _int("年度", 1990, 2100)
    name = forms.CharField(
        label="评定名称",
        max_length=100,
        required=False,
        help_text="留空按“年度+和谐劳动关系企业评定”。",
    )
    organizer = forms.ModelChoiceField(
        label="组织单位",
        queryset=Organization.objects.none(),
        error_messages={
            "invalid_choice": "所选组织单位不存在或不在您的管理范围内。",
            "required": "请选择组织单位。",
        },
    )
    applications_close_on = _date("申报截止日期")
    notice_workdays = _int("公示期（工作日）", 1, 30, initial=5)
    valid_years = _int("有效期（年）", 1, 5, initial=3)
    min_score_a = _int("A级最低分", 1, 1000, initial=80)
    min_score_aa = _int("2A级最低分", 1, 1000, initial=90)
    min_score_aaa = _int("3A级最低分", 1, 1000, initial=95)
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organizer"].queryset = (
            Organization.objects.visible_to(user)
            .filter(kind__in=("district", "town"))
            .order_by("path")
        )


class RoundEditForm(RoundForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["year"], self.fields["organizer"]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CriterionForm(forms.Form):
    text = forms.CharField(
        label="评分内容", max_length=200, error_messages={"required": "请填写评分内容。"}
    )
    max_points = _int("分值", 1, 100)
    source = forms.ChoiceField(label="数据来源", required=False, choices=CriterionSource.choices)
    order = _int("序号", 0, 999, required=False)


# ---- applications and scores -----------------------------------------------------------------


class ApplicationForm(forms.Form):
    employer = EmployerField(label="申报单位", required=True)
    level_applied = forms.ChoiceField(
        label="申报等级",
        choices=RatingLevel.choices,
        error_messages={"required": "请选择申报等级。", "invalid_choice": "申报等级不正确。"},
    )
    summary = forms.CharField(
        label="申报材料摘要",
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        help_text="劳动合同签订、工资支付、社会保险、安全生产、职工关爱等情况。",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["employer"].user = user
        self.fields["employer"].error_messages["required"] = "请选择申报单位。"


class ScoreForm(VersionForm):
    """One field per criterion the reviewer scores (`points_<criterion id>`)."""

    note = forms.CharField(label="评审意见", max_length=300, required=False)

    def __init__(self, *args: Any, scores: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.manual = [s for s in scores if not s.criterion.source]
        for s in self.manual:
            c = s.criterion
            self.fields[f"points_{c.pk}"] = _int(
                f"{c.text}（{c.max_points}分）", 0, c.max_points, initial=s.points
            )
        self.order_fields([*(f"points_{s.criterion_id}" for s in self.manual), "note"])

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "version": self.cleaned_data["version"],
            "note": self.cleaned_data.get("note", ""),
            "points": {
                s.criterion_id: self.cleaned_data[f"points_{s.criterion_id}"] for s in self.manual
            },
        }


# ---- awards ----------------------------------------------------------------------------------


class AwardForm(forms.Form):
    kind = forms.ChoiceField(
        label="表扬类别", choices=AwardKind.choices, error_messages={"required": "请选择表扬类别。"}
    )
    member = MemberField(label="会员（优秀员工）", required=False)
    name = forms.CharField(
        label="姓名", required=False, max_length=50, help_text="选择会员后可留空。"
    )
    employer = EmployerField(label="所在单位", required=False)
    position = forms.CharField(label="职务或岗位", required=False, max_length=60)
    deeds = forms.CharField(
        label="主要事迹",
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": "请填写主要事迹。"},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("member", "employer"):
            self.fields[name].user = user


# ---- objections ------------------------------------------------------------------------------


class ObjectionForm(forms.Form):
    """Staff record one that came by letter, phone or visit."""

    application = forms.ChoiceField(label="公示企业", choices=())
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
    content = forms.CharField(
        label="反映内容",
        max_length=3000,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "请写明反映的问题。"},
    )

    def __init__(self, *args: Any, applications: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, a.employer.name) for a in applications]


class PublicObjectionForm(forms.Form):
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
        choices=[("no", "反映不属实"), ("yes", "反映属实（该企业不予通过）")],
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


class NoticeForm(VersionForm):
    starts_on = _date("公示开始日期")


class CloseForm(VersionForm):
    document_no = forms.CharField(
        label="公布文号", max_length=60, error_messages={"required": "请填写公布文号。"}
    )
    decided_on = _date("公布日期")
