"""API inputs and outputs of the ledger (FUND-3). Every field is bounded."""

import datetime

from ninja import Field, Schema

from gonghui.core.money import Money

ID = {"ge": 1, "le": 2**63 - 1}


class EntryFilters(Schema):
    """The voucher list page's filters (forms.ledger.EntryFilterForm)."""

    org: int | None = Field(None, **ID, description="组织编号：分录涉及该组织及其下级的科目")
    kind: str = Field("", max_length=20, description="凭证类型（EntryKind）")
    account_kind: str = Field("", max_length=30, description="科目（AccountKind）")
    booked_from: datetime.date | None = None
    booked_to: datetime.date | None = None
    q: str = Field("", max_length=80, description="来源或摘要包含")


class PeriodFilters(Schema):
    date_from: datetime.date | None = Field(None, description="起始日期（含）；空：自第一笔起")
    date_to: datetime.date | None = Field(None, description="截止日期（含）；空：至今")


class BalanceFilters(PeriodFilters):
    org_id: int | None = Field(None, **ID, description="组织编号；空：本单位")
    subtree: bool = Field(True, description="含下级组织的科目")


class LineOut(Schema):
    account_id: int
    account: str
    kind: str
    org_id: int
    org: str
    debit: Money
    credit: Money


class EntryOut(Schema):
    id: int
    number: str
    kind: str
    booked_on: datetime.date
    org_id: int
    memo: str
    total: Money
    source: str | None
    reverses_id: int | None
    reason: str


class EntryDetailOut(EntryOut):
    reversed_by_id: int | None
    source_url: str
    lines: list[LineOut]


class ReverseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, description="冲销原因")
    booked_on: datetime.date | None = Field(
        None, description="冲销凭证的记账日期；空：原凭证的日期"
    )


class ExpenseIn(Schema):
    org_id: int = Field(**ID, description="支出单位")
    program: str = Field(max_length=20, description="支出项目（Program）")
    amount: Money
    paid_on: datetime.date
    memo: str = Field(..., min_length=1, max_length=150)
    key: str = Field("", max_length=40, description="幂等键：同一键只登记一次（8–40位字母数字）")


class BalanceRowOut(Schema):
    account_id: int
    account: str
    kind: str
    org_id: int
    org: str
    opening: Money
    debits: Money
    credits: Money
    closing: Money


class TotalsOut(Schema):
    opening: Money
    debits: Money
    credits: Money
    closing: Money


class BalancesOut(Schema):
    org_id: int
    subtree: bool
    rows: list[BalanceRowOut]
    totals: TotalsOut


class TrialRowOut(Schema):
    kind: str
    label: str
    debits: Money
    credits: Money
    balance: Money


class TrialTotalsOut(Schema):
    debits: Money
    credits: Money
    difference: Money


class TrialBalanceOut(Schema):
    rows: list[TrialRowOut]
    totals: TrialTotalsOut
    balanced: bool


class MonthAmountOut(Schema):
    month: datetime.date
    count: int | None = None
    amount: Money


class UnionRefundOut(Schema):
    union_id: int
    union: str
    due: Money
    paid: Money
    unpaid: Money


class TownStatementOut(Schema):
    town_id: int
    town: str
    collections: list[MonthAmountOut]
    collections_total: Money
    income: list[MonthAmountOut]
    income_total: Money
    refunds: list[UnionRefundOut]
    refunds_due: Money
    refunds_paid: Money
    refunds_unpaid: Money


class StatementCollectionOut(Schema):
    id: int
    period: datetime.date
    fund_kind: str
    collected_on: datetime.date
    amount: Money
    union_part: Money
    extra_refund_part: Money
    town_part: Money
    town_retained_part: Money
    district_part: Money
    upper: Money


class StatementRefundOut(Schema):
    id: int
    number: str
    period: datetime.date
    amount: Money
    state: str
    paid_on: datetime.date | None


class EmployerStatementOut(Schema):
    employer_id: int
    employer: str
    union_id: int | None
    collections: list[StatementCollectionOut]
    collected: Money
    refunds: list[StatementRefundOut]
    refunded: Money
