from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import (
    SEARCHABLE_SELECT,
    AtLeastField,
    FilterForm,
    FlagField,
    PickerField,
    VersionForm,
    YearField,
)
from gonghui.core.ids import InvalidID, normalize_code, uscc_validate

from .choices import (
    ALLOWED_CHILDREN,
    HeadcountBand,
    Industry,
    OrgKind,
    Ownership,
    UnionForm,
    WomenOrg,
)
from .models import Employer, Organization
from .queries import (
    KIND_GROUP_CHOICES,
    NON_PUBLIC,
    grassroots_by_name_or_uscc,
    towns_visible,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类型", choices=OrgKind.choices)
    form = forms.ChoiceField(
        label="组建形式（基层工会）",
        choices=[("", "—"), *UnionForm.choices],
        required=False,
        help_text="会员不足25人的，可单独建会、与其他单位联合建会，或只选举一名组织员。",
    )
    uscc = forms.CharField(
        label="工会统一社会信用代码",
        max_length=30,
        required=False,
        help_text="工会法人资格证书上的代码，以8开头。",
    )
    chair_name = forms.CharField(label="工会主席", max_length=50, required=False)
    chair_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    established_on = forms.DateField(label="成立日期", required=False, widget=DATE)
    signboard_displayed = forms.BooleanField(label="亮牌子（工会标牌已悬挂）", required=False)
    chair_identity_displayed = forms.BooleanField(label="亮身份（主席身份已公开）", required=False)
    women_org = forms.ChoiceField(
        label="女职工组织", choices=WomenOrg.choices, initial=WomenOrg.NONE
    )
    is_active = forms.BooleanField(label="有效", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parent: Organization | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if parent is not None:
            allowed = ALLOWED_CHILDREN.get(parent.kind, set())
            self.fields["kind"].choices = [c for c in OrgKind.choices if c[0] in allowed]
        if editing:
            self.fields["kind"].disabled = True

    def clean_uscc(self):
        return normalize_code(self.cleaned_data["uscc"])


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label="新的上级组织", queryset=Organization.objects.none())
    reason = forms.CharField(label="调整原因", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, org: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = [k for k, children in ALLOWED_CHILDREN.items() if org and org.kind in children]
        self.fields["new_parent"].queryset = (
            Organization.objects.visible_to(user)
            .filter(kind__in=parents, is_active=True)
            .exclude(path__startswith=org.path if org else "\x00")
            .order_by("path")
        )


# ---- pickers (issue #10): each searches its own JSON endpoint (views/suggest.py) ----------


def _unions(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS)


def _employers(user: Any) -> QuerySet[Employer]:
    return Employer.objects.visible_to(user, "employers.view")


def _organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user)


def _find_by_name_or_code(
    rows: QuerySet, text: str, *, what: str, code: str = "统一社会信用代码"
) -> Any:
    """The one row of `rows` with this exact name or code (names repeat only under
    different parents, so several may have one name: then the code is asked for)."""
    found = list(rows.filter(Q(name=text) | Q(uscc=normalize_code(text)))[:2])
    if not found:
        raise ApplicationError(f"在您的管理范围内没有名为「{text}」的{what}。")
    if len(found) > 1:
        raise ApplicationError(f"有多个名为「{text}」的{what}，请从列表中选择或输入{code}。")
    return found[0]


class UnionField(PickerField):
    """A grassroots union of the user's scope: picked, or typed by its name or USCC."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        kwargs.setdefault("max_length", 120)
        super().__init__(
            *args,
            suggest="orgs:suggest_unions",
            rows=_unions,
            find=lambda rows, text: grassroots_by_name_or_uscc(rows, text),
            user=user,
            **{"missing_id": "所选基层工会不存在或不在您的管理范围内，请重新选择。", **kwargs},
        )


class EmployerField(PickerField):
    """An employer of the user's scope: picked, or typed by its name or USCC."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        kwargs.setdefault("help_text", "输入单位名称、统一社会信用代码或拼音首字母后选择；可留空。")
        super().__init__(
            *args,
            suggest="orgs:suggest_employers",
            rows=_employers,
            find=lambda rows, text: _find_by_name_or_code(rows, text, what="单位"),
            user=user,
            **{"missing_id": "所选单位不存在或不在您的管理范围内，请重新选择。", **kwargs},
        )


class OrganizationField(PickerField):
    """Any organization of the user's scope (an account's organization)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        kwargs.setdefault("max_length", 120)
        super().__init__(
            *args,
            suggest="orgs:suggest_organizations",
            rows=_organizations,
            find=lambda rows, text: _find_by_name_or_code(rows, text, what="组织"),
            user=user,
            **{"missing_id": "所选组织不存在或不在您的管理范围内，请重新选择。", **kwargs},
        )


class TownField(forms.ModelChoiceField):
    """A town union of the user's scope: at most 16, a select one can type into. The form
    sets `.queryset` (towns_visible(user))."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("widget", SEARCHABLE_SELECT)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "所选镇街不存在或不在您的管理范围内，请重新选择。"}
        )
        super().__init__(*args, **kwargs)


class EmployerForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=150)
    uscc = forms.CharField(label="统一社会信用代码", max_length=30)
    ownership = forms.ChoiceField(label="经济类型", choices=Ownership.choices)
    industry = forms.ChoiceField(label="行业", choices=Industry.choices)
    headcount = forms.IntegerField(label="职工人数", min_value=0, max_value=1_000_000)
    town = forms.ModelChoiceField(
        label="所在镇街",
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": "所在镇街不存在或不在您的管理范围内。"},
    )
    union = UnionField(
        label="所属基层工会",
        required=False,
        help_text="输入工会名称、信用代码或拼音首字母后选择；未建会则留空。",
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    is_labor_dispatch = forms.BooleanField(label="劳务派遣企业", required=False)
    is_fortune500 = forms.BooleanField(label="世界500强企业", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(user)
        self.fields["union"].user = user

    def clean_uscc(self):
        try:
            return uscc_validate(self.cleaned_data["uscc"])
        except InvalidID as exc:
            raise forms.ValidationError(exc.message) from exc


def _date_filter(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


def _under_filter() -> "OrganizationField":
    """An organization whose whole subtree the list shows (the form sets `.user`)."""
    field = OrganizationField(label="所属组织（含下级）", required=False)
    field.widget.attrs["placeholder"] = "所属组织（含下级，名称或编号）"
    return field


class EmployerFilterForm(FilterForm):
    q = forms.CharField(label="名称或信用代码", required=False)
    town = forms.ModelChoiceField(
        label="镇街", queryset=Organization.objects.none(), required=False, empty_label="全部镇街"
    )
    ownership = forms.ChoiceField(
        label="经济类型", choices=[("", "全部经济类型"), *Ownership.choices], required=False
    )
    industry = forms.ChoiceField(
        label="行业", choices=[("", "全部行业"), *Industry.choices], required=False
    )
    band = forms.ChoiceField(
        label="规模", choices=[("", "全部规模"), *HeadcountBand.choices], required=False
    )
    has_union = forms.ChoiceField(
        label="建会",
        choices=[("", "建会与未建会"), ("yes", "已建会"), ("no", "未建会")],
        required=False,
    )
    headcount_min = AtLeastField("职工人数 ≥", "职工人数")
    labor_dispatch = FlagField("劳务派遣", yes="劳务派遣企业", no="非劳务派遣企业")
    fortune500 = FlagField("世界500强", yes="世界500强企业", no="非世界500强企业")
    union_year = YearField("建会年份")
    # the indicators' drill-downs (issue #13): the union's founding dates, the subtree
    union_from = _date_filter("建会日期起")
    union_to = _date_filter("建会日期止")
    union_founded_by = _date_filter("截至该日已建会")
    org = _under_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["org"].user = self.user


def _town_filter() -> forms.ModelChoiceField:
    """The town of a list's filters (the form sets its queryset: towns_visible(user))."""
    return forms.ModelChoiceField(
        label="镇街",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="全部镇街",
        error_messages={"invalid_choice": "所选镇街不存在或不在您的管理范围内，请重新选择。"},
    )


class OrganizationFilterForm(FilterForm):
    """The organization list (/orgs/list/): `parent` is also the tree's "查看全部" link."""

    q = forms.CharField(label="名称或信用代码", required=False)
    kind = forms.ChoiceField(
        label="类型",
        choices=[("", "全部类型"), *OrgKind.choices, *KIND_GROUP_CHOICES],
        required=False,
    )
    town = _town_filter()
    parent = OrganizationField(label="上级组织", required=False)
    established_year = YearField("成立年份")
    active = FlagField("状态", yes="有效", no="已撤销")
    signboard = FlagField("亮牌子", yes="已亮牌子", no="未亮牌子")
    chair_identity = FlagField("亮身份", yes="已亮身份", no="未亮身份")
    # the indicators' drill-downs (issue #13)
    women_org = FlagField("女职工组织", yes="已建女职工组织", no="未建女职工组织")
    ownership = forms.ChoiceField(
        label="所在单位经济类型",
        choices=[("", "全部经济类型"), (NON_PUBLIC, "非公企业"), *Ownership.choices],
        required=False,
    )
    established_from = _date_filter("成立日期起")
    established_to = _date_filter("成立日期止")
    founded_by = _date_filter("截至该日已成立")
    org = _under_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["parent"].user = self.user
        self.fields["org"].user = self.user
        self.fields["parent"].widget.attrs["placeholder"] = "上级组织（名称或编号）"


class TermFilterForm(FilterForm):
    """The terms due (/orgs/terms/): `due` is also the home page's to-do link."""

    due = forms.ChoiceField(
        label="届满情况",
        choices=[("", "逾期与即将届满"), ("overdue", "已逾期"), ("soon", "即将届满")],
        required=False,
    )
    town = _town_filter()
    end_year = YearField("届满年份")
    # the indicators' drill-downs (issue #13)
    kind = forms.ChoiceField(
        label="组织类型", choices=[("", "全部组织类型"), *OrgKind.choices], required=False
    )
    ends_before = _date_filter("届满日早于")
    org = _under_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["org"].user = self.user


class CoverageFilterForm(FilterForm):
    """The two-displays coverage (/orgs/coverage/): one town's row, or every row. The table
    is today's state (no date in it), so there is no year to choose."""

    town = _town_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)


class ImportChangeFilterForm(FilterForm):
    """The changes employer imports made (/employers/imports/changes/): every import the
    user may see, or one (`?run=N`, as the run's result links to it); the run is the
    list's filter, so that its export (core.exports) knows which import it is."""

    run = forms.IntegerField(
        label="导入编号",
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "导入编号须为整数。", "min_value": "导入编号须为正整数。"},
    )


class TermForm(forms.Form):
    """District staff recording a term directly (services.term_record)."""

    term_years = forms.TypedChoiceField(label="任期", choices=[(3, "3年"), (5, "5年")], coerce=int)
    starts_on = forms.DateField(label="任期开始日期", widget=DATE)
    approval_doc_no = forms.CharField(label="上级批复文号", max_length=60, required=False)
    reason = forms.CharField(
        label="直接登记的原因",
        max_length=200,
        error_messages={"required": "请填写直接登记任期的原因（例如：补录纸质档案中的换届结果）。"},
        help_text="任期一般由“启动换届”并经上级批复后产生；此处仅供区总工会补录或更正，原因记入审计日志。",
    )


class ElectionStartForm(forms.Form):
    planned_on = forms.DateField(label="计划选举日期", widget=DATE)
    term_years = forms.TypedChoiceField(
        label="新一届任期", choices=[(5, "5年"), (3, "3年")], coerce=int
    )


class ElectionResultForm(VersionForm):
    elected_on = forms.DateField(label="选举日期", widget=DATE)
    chair_name = forms.CharField(label="当选主席", max_length=50)


class ElectionApproveForm(VersionForm):
    approval_doc_no = forms.CharField(label="批复文号", max_length=60)
    approved_on = forms.DateField(label="批复日期", widget=DATE)


class ElectionRejectForm(VersionForm):
    reason = forms.CharField(label="不予批准的原因", max_length=500)
