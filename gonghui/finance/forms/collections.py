"""Forms of collections (FUND-1): the lists' filters, matching a row to an employer,
registering the employer a row names, a manual reversal."""

from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, FlagField, OrgScopeField, date_filter
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.choices import Industry, Ownership
from gonghui.orgs.forms import EmployerField, UnionField
from gonghui.orgs.models import Organization
from gonghui.orgs.queries import towns_visible

from ..choices import CollectionState, FundKind
from ..rules import collections as rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MonthField(forms.DateField):
    """A month (所属期): "2013-01" as a month box gives it, or any form rules.parse_period
    reads; cleaned to the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, label: str, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(label=label, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            return rules.parse_period(value)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


class _ListFilters(FilterForm):
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", "所属期止不能早于所属期起。")
        return data


class CollectionFilterForm(_ListFilters):
    uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    employer = EmployerField(label="单位", required=False)
    period_from = MonthField("所属期起")
    period_to = MonthField("所属期止")
    fund_kind = choice_filter("经费类型", FundKind.choices)
    state = choice_filter("状态", CollectionState.choices)
    reversal = FlagField("冲销行", yes="只看冲销行", no="不含冲销行")
    collected_from = date_filter("代收日期起")
    collected_to = date_filter("代收日期止")
    field_order = ["uscc", "employer", "town", "period_from", "period_to", "fund_kind", "state"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = self.user

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("collected_from"), data.get("collected_to")
        if start and end and start > end:
            self.add_error("collected_to", "代收日期止不能早于代收日期起。")
        return data


class PayerFilterForm(_ListFilters):
    period_from = MonthField("所属期起")
    period_to = MonthField("所属期止")
    unionized = FlagField("现已建会", yes="现已建会", no="仍未建会")


class NonPayerFilterForm(_ListFilters):
    period = MonthField("所属期", help_text="默认为有数据的最近一个月。")


class PayrollJumpFilterForm(_ListFilters):
    period_from = MonthField("所属期起")
    period_to = MonthField("所属期止")
    fund_kind = choice_filter("经费类型", FundKind.choices)
    threshold = forms.IntegerField(
        label="变动幅度（%）≥",
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput({"class": "filter-number", "min": 1}),
        error_messages={
            "invalid": "变动幅度应为整数百分比，例如 50。",
            "min_value": "变动幅度至少为1%。",
            "max_value": "变动幅度最多为10000%。",
        },
    )


class MatchForm(forms.Form):
    employer = EmployerField(
        label="用人单位", help_text="输入单位名称、统一社会信用代码或拼音首字母后选择。"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = user
        self.fields["employer"].required = True


class EmployerFromRowForm(forms.Form):
    """The employer a row names, to register (its USCC is the row's)."""

    name = forms.CharField(label="单位名称", max_length=150)
    town = forms.ModelChoiceField(
        label="所在镇街",
        queryset=Organization.objects.none(),
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所在镇街不存在或不在您的管理范围内。"},
    )
    ownership = forms.ChoiceField(label="经济类型", choices=Ownership.choices)
    industry = forms.ChoiceField(label="行业", choices=Industry.choices)
    headcount = forms.IntegerField(label="职工人数", min_value=0, max_value=1_000_000, initial=0)
    union = UnionField(label="所属基层工会", required=False, help_text="未建会则留空。")
    address = forms.CharField(label="地址", max_length=200, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(user)
        self.fields["union"].user = user


class ReverseForm(forms.Form):
    reason = forms.CharField(label="冲销原因", max_length=200)
