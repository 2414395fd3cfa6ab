"""API inputs and outputs of refunds (FUND-3): every body field bounded."""

import datetime
from typing import Literal

from ninja import Field, Schema

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.money import Money

ID = {"ge": 1, "le": 2**63 - 1}
PERIOD = {"ge": datetime.date(YEAR_MIN, 1, 1), "le": datetime.date(YEAR_MAX, 12, 31)}


class BankAccountIn(Schema):
    org_id: int = Field(**ID, description="基层工会编号")
    account_name: str = Field(min_length=1, max_length=120, description="户名")
    bank_name: str = Field(min_length=1, max_length=100, description="开户银行")
    account: str = Field(min_length=1, max_length=40, description="银行账号（8至30位数字）")


class BankAccountPatch(Schema):
    version: int = Field(ge=1, le=2**31 - 1)
    account_name: str | None = Field(None, min_length=1, max_length=120)
    bank_name: str | None = Field(None, min_length=1, max_length=100)
    account: str | None = Field(None, min_length=1, max_length=40)


class BankAccountOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    account_name: str
    bank_name: str
    account_last4: str
    version: int


class BankAccountFilters(Schema):
    q: str = Field("", max_length=120, description="工会或户名")
    town: int | None = Field(None, **ID, description="镇街编号")
    org: int | None = Field(None, **ID, description="组织编号：该组织及其下级")


class BatchIn(Schema):
    period: datetime.date = Field(**PERIOD, description="所属期（该月任一日）")


class BatchOut(Schema):
    id: int
    number: str
    period: datetime.date
    state: str
    line_count: int
    total: Money
    paid_count: int
    failed_count: int
    issued_on: datetime.date
    returned_on: datetime.date | None


class RefundOut(Schema):
    id: int
    number: str
    batch_id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    period: datetime.date
    share_amount: Money
    extra_amount: Money
    amount: Money
    due_on: datetime.date
    state: str
    paid_on: datetime.date | None
    on_time: bool
    failure_reason: str
    bank_name: str
    account_last4: str
    entry_id: int | None

    @staticmethod
    def resolve_on_time(obj) -> bool:
        from ..rules.refunds import on_time

        return on_time(obj.due_on, obj.paid_on)


class BatchDetailOut(BatchOut):
    lines: list[RefundOut]
    missing_account: list[int] = Field(description="本所属期有待返拨经费、但缺少经费账户的工会编号")

    @staticmethod
    def resolve_lines(obj) -> list:
        return obj.line_rows

    @staticmethod
    def resolve_missing_account(obj) -> list[int]:
        return obj.missing_ids


class BatchFilters(Schema):
    state: str = Field("", max_length=20, description="issued：待回盘；returned：已回盘")
    period_from: datetime.date | None = Field(None, **PERIOD)
    period_to: datetime.date | None = Field(None, **PERIOD)


class RefundFilters(Schema):
    """The refund list page's filters (forms.refunds.RefundFilterForm)."""

    org: int | None = Field(None, **ID, description="组织编号：该组织及其下级")
    town: int | None = Field(None, **ID, description="镇街编号")
    union: int | None = Field(None, **ID, description="工会编号")
    batch: int | None = Field(None, **ID, description="返拨批次编号")
    state: str = Field("", max_length=20, description="waiting / paid / failed")
    period_from: datetime.date | None = Field(None, **PERIOD)
    period_to: datetime.date | None = Field(None, **PERIOD)
    paid_from: datetime.date | None = Field(None, **PERIOD)
    paid_to: datetime.date | None = Field(None, **PERIOD)
    overdue: bool = Field(False, description="true：待返拨或失败且已过返拨期限")
    retry: bool = Field(False, description="true：返拨失败、尚未重新列入批次")
    on_time: Literal["yes", "no"] | None = Field(
        None, description="yes：已返拨且不晚于返拨期限；no：已返拨但晚于期限"
    )


class DueUnpaidFilters(Schema):
    period_from: datetime.date | None = Field(None, **PERIOD)
    period_to: datetime.date | None = Field(None, **PERIOD)
    town: int | None = Field(None, **ID, description="镇街编号")
    union: int | None = Field(None, **ID, description="工会编号")
    org: int | None = Field(None, **ID, description="组织编号：该组织及其下级")
    on: datetime.date | None = Field(None, **PERIOD, description="截至日期：当日的应返未返")


class DueUnpaidOut(Schema):
    union_id: int
    union_name: str
    town_name: str
    allocated: Money
    paid: Money
    unpaid: Money
    oldest_due: datetime.date | None
