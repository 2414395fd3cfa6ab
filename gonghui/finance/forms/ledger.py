"""Forms of the ledger's pages: the voucher list's filters, the reversal, an expense, and
the reports' choices (organization, town, employer, dates)."""

import datetime
import uuid
from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm
from gonghui.core.money import parse_money
from gonghui.members.forms import choice_filter
from gonghui.orgs.forms import EmployerField, OrganizationField, TownField

from ..choices import AccountKind, EntryKind, Program
from ..queries.ledger import towns_for_reports


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"{label}应为日期，例如 2013-12-31。",
            "required": f"请填写{label}。",
        },
    )


class _Dates:
    """A from/to pair that must be in order."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        start, end = data.get(self.start_name), data.get(self.end_name)
        if start and end and start > end:
            self.add_error(self.end_name, "截止日期不能早于起始日期。")  # type: ignore[attr-defined]
        return data


class EntryFilterForm(_Dates, FilterForm):
    start_name, end_name = "booked_from", "booked_to"
    org = OrganizationField(label="组织（含下级）", required=False)
    kind = choice_filter("凭证类型", EntryKind.choices)
    account_kind = choice_filter("科目", AccountKind.choices)
    booked_from = _date("记账日期自")
    booked_to = _date("记账日期至")
    q = forms.CharField(label="来源或摘要", required=False, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].user = self.user
        self.fields["org"].widget.attrs["placeholder"] = "组织（含下级）"


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label="冲销原因",
        max_length=200,
        error_messages={"required": "请填写冲销原因。"},
        help_text="例如：重复导入、金额有误；冲销后原凭证保留，另记一张方向相反的凭证。",
    )


class ExpenseForm(forms.Form):
    org = OrganizationField(label="支出单位", error_messages={"required": "请选择支出单位。"})
    program = forms.ChoiceField(label="支出项目", choices=Program.choices, widget=SEARCHABLE_SELECT)
    amount = forms.CharField(label="金额（元）", max_length=20)
    paid_on = _date("支付日期", required=True)
    memo = forms.CharField(
        label="摘要", max_length=150, error_messages={"required": "请填写摘要。"}
    )
    # The page's key: a form posted twice records one expense (the voucher's source).
    key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].user = user
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
            self.initial.setdefault("org", getattr(user, "organization", None))

    def clean_amount(self) -> Any:
        try:
            amount = parse_money(self.cleaned_data["amount"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc
        if not amount:
            raise forms.ValidationError("支出金额须大于零。")
        return amount


class PeriodForm(_Dates, FilterForm):
    """The reports' date range: empty ends are open (the whole ledger)."""

    start_name, end_name = "date_from", "date_to"
    date_from = _date("日期自")
    date_to = _date("日期至")

    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")


class BalancesForm(PeriodForm):
    org = OrganizationField(label="组织", required=False)
    scope = forms.ChoiceField(
        label="范围",
        required=False,
        choices=[("subtree", "含下级组织"), ("own", "仅本组织")],
    )
    field_order = ["org", "scope", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].user = self.user
        self.fields["org"].widget.attrs["placeholder"] = "组织（默认本单位）"


class TownStatementForm(PeriodForm):
    town = TownField(label="镇街", required=False, empty_label="请选择镇街")
    field_order = ["town", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_for_reports(self.user)


class EmployerStatementForm(PeriodForm):
    employer = EmployerField(label="用人单位", required=False, help_text="")
    field_order = ["employer", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = self.user
