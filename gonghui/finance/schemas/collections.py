"""API bodies and answers of collections (api/collections.py)."""

import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from gonghui.core.errors import ApplicationError
from gonghui.core.money import Money

from ..rules import collections as rules

ID_MAX = 2**63 - 1
Flag = bool | None


def _month(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return rules.parse_period(value)
    except ApplicationError as exc:
        raise ValueError(exc.message) from exc


class CollectionOut(Schema):
    id: int
    uscc: str
    employer_name: str
    employer_id: int | None
    fund_kind: str
    period: datetime.date
    payroll: Money
    amount: Money
    collected_on: datetime.date
    voucher_no: str
    state: str
    reverses_id: int | None
    reason: str
    run_id: int | None
    entry_id: int | None


class _Scope(Schema):
    org: int | None = Field(None, ge=1, le=ID_MAX, description="组织编号：该组织及其下级")
    town: int | None = Field(None, ge=1, le=ID_MAX)


class _Periods(_Scope):
    period_from: datetime.date | None = Field(None, description="所属期起（月，如 2013-01）")
    period_to: datetime.date | None = Field(None, description="所属期止（月）")

    @field_validator("period_from", "period_to", mode="before")
    @classmethod
    def _months(cls, value: Any) -> datetime.date | None:
        return _month(value)


class CollectionFilters(_Periods):
    """The list page's filters (forms.collections.CollectionFilterForm)."""

    fund_kind: str = Field("", max_length=20, description="union_fund / preparation")
    state: str = Field("", max_length=20, description="unmatched / matched / reversed")
    employer: int | None = Field(None, ge=1, le=ID_MAX)
    uscc: str = Field("", max_length=18, description="统一社会信用代码（或其开头）")
    collected_from: datetime.date | None = None
    collected_to: datetime.date | None = None
    reversal: Flag = Field(None, description="true：只看冲销行；false：不含冲销行")


class MatchIn(Schema):
    employer_id: int = Field(ge=1, le=ID_MAX)
    all_of_uscc: bool = Field(True, description="同一信用代码的待匹配记录一并匹配")


class MatchOut(Schema):
    matched: list[int]


class ReverseIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


class PayerFilters(_Periods):
    unionized: Flag = Field(None, description="true：现已建会；false：仍未建会")


class PayerOut(Schema):
    uscc: str
    employer_id: int | None
    name: str
    town: str | None
    has_union: bool
    total: Money
    months: int
    first: datetime.date
    last: datetime.date


class NonPayerFilters(_Scope):
    period: datetime.date | None = Field(None, description="所属期（月）；默认有数据的最近一个月")

    @field_validator("period", mode="before")
    @classmethod
    def _month(cls, value: Any) -> datetime.date | None:
        return _month(value)


class NonPayerOut(Schema):
    employer_id: int
    name: str
    uscc: str
    town: str
    union_id: int
    union: str
    period: datetime.date
    last_paid: datetime.date | None


class JumpFilters(_Periods):
    fund_kind: str = Field("", max_length=20)
    threshold: int | None = Field(None, ge=1, le=10_000, description="变动幅度（%），默认50")


class JumpOut(Schema):
    collection_id: int
    uscc: str
    employer_id: int | None
    employer_name: str
    fund_kind: str
    period: datetime.date
    payroll: Money
    previous_payroll: Money
    change_percent: str
