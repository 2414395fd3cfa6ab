"""Forms of enrollment and contributions (CARE-3): the lists' filters (the names are the
indicator catalog's), the roster enrollment, one member, 退保, a payment, the summary."""

from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import (
    SEARCHABLE_SELECT,
    FilterForm,
    FlagField,
    OrgScopeField,
    PickerField,
    YearField,
)
from gonghui.core.money import parse_money
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.members.models import FLAG_FIELDS, Member
from gonghui.orgs.forms import EmployerField
from gonghui.orgs.models import Organization

from ..choices import BatchSource, EnrollmentState
from ..queries import enrollments as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FLAG_LABELS = {f: str(Member._meta.get_field(f).verbose_name) for f in FLAG_FIELDS}


def date_field(label: str, *, required: bool = False, hidden: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.HiddenInput if hidden else DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


def _plan_field(label: str = "计划年度", empty: str | None = "全部年度") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=empty is None,
        empty_label=empty,
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选计划年度不存在或不在您的管理范围内。"},
    )


def _clean_org(form: FilterForm) -> int | None:
    org = form.cleaned_data.get("org")
    if org and not Organization.objects.visible_to(form.user).filter(pk=org).exists():
        raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
    return org


class EnrollmentFilterForm(FilterForm):
    q = forms.CharField(label="姓名/身份证后4位", required=False, max_length=50)
    plan = _plan_field()
    year = YearField("年度")
    town = town_filter()
    state = choice_filter("状态", EnrollmentState.choices)
    renewal = FlagField("续保", yes="续保", no="新参保")
    standing_on = date_field("有效参保日")
    enrolled_from = date_field("登记日期起")
    enrolled_to = date_field("登记日期止")
    effective_from = date_field("生效日期起")
    effective_to = date_field("生效日期止")
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = queries.plans_visible(self.user).order_by("-year")
        offer_towns(self)

    def clean_org(self) -> int | None:
        return _clean_org(self)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("enrolled_from"), data.get("enrolled_to")
        if start and end and start > end:
            self.add_error("enrolled_to", "登记日期止不能早于登记日期起。")
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and start > end:
            self.add_error("effective_to", "生效日期止不能早于生效日期起。")
        return data


class BatchFilterForm(FilterForm):
    number = forms.CharField(label="批次编号", required=False, max_length=20)
    plan = _plan_field()
    year = YearField("年度")
    town = town_filter()
    source = choice_filter("方式", BatchSource.choices)
    outstanding = FlagField("缴费", yes="尚未缴清", no="已缴清")
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = queries.plans_visible(self.user).order_by("-year")
        offer_towns(self)

    def clean_org(self) -> int | None:
        return _clean_org(self)


def _find_org(rows: Any, text: str) -> Organization:
    from django.db.models import Q

    from gonghui.core.ids import normalize_code

    found = list(rows.filter(Q(name=text) | Q(uscc=normalize_code(text)))[:2])
    if not found:
        raise ApplicationError(f"在您的管理范围内没有名为「{text}」的工会。")
    if len(found) > 1:
        raise ApplicationError(
            f"有多个名为「{text}」的工会，请从列表中选择或输入统一社会信用代码。"
        )
    return found[0]


class EnrollOrgField(PickerField):
    """The union whose members are enrolled: a grassroots union, a town or the district (its
    subtree's members), of the user's scope."""

    def __init__(self, **kwargs: Any):
        super().__init__(
            suggest="orgs:suggest_organizations",
            rows=queries.enroll_orgs,
            find=_find_org,
            missing_id="所选工会不存在或不在您的管理范围内，请重新选择。",
            max_length=120,
            **kwargs,
        )


class RosterEnrollForm(forms.Form):
    """The roster enrollment: a plan year, a union (its subtree), the member list's filters."""

    plan = _plan_field(empty=None)
    org = EnrollOrgField(label="参保工会（含下级）")
    employer = EmployerField(label="工作单位", required=False)
    joined_before = date_field("入会日期不晚于")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = queries.open_plans(user)
        self.fields["org"].user = user
        self.fields["employer"].user = user
        for name, label in FLAG_LABELS.items():
            self.fields[name] = FlagField(label, yes=f"仅{label}", no=f"非{label}")

    def roster_filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {name: data[name] for name in FLAG_LABELS if data.get(name)}
        if data.get("employer"):
            out["employer"] = data["employer"].pk
        if data.get("joined_before"):
            out["joined_before"] = data["joined_before"].isoformat()
        return out


class SingleEnrollForm(forms.Form):
    plan = _plan_field(empty=None)
    member = MemberField(label="会员")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = queries.open_plans(user)
        self.fields["member"].user = user


class CancelForm(forms.Form):
    reason = forms.CharField(label="退保原因", max_length=200)


class PaymentForm(forms.Form):
    amount = forms.CharField(
        label="金额（元）", max_length=24, widget=forms.TextInput({"inputmode": "decimal"})
    )
    paid_on = date_field("到账日期", required=True)
    reference = forms.CharField(label="凭证号", max_length=60, required=False)

    def clean_amount(self):
        try:
            return parse_money(self.cleaned_data["amount"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


class SummaryForm(FilterForm):
    plan = _plan_field(empty="最新年度")
    standing_on = date_field("统计日")
    by = forms.ChoiceField(
        label="按",
        required=False,
        choices=[("town", "按镇街"), ("union", "按基层工会")],
        error_messages={"invalid_choice": "只能按镇街或按基层工会统计。"},
    )
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = queries.plans_visible(self.user).order_by("-year")

    def clean_org(self) -> int | None:
        return _clean_org(self)
