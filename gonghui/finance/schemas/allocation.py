"""API shapes of allocation (FUND-2): rules (shares as percentages with two places), the
allocations with their parts, a run's period. Every field bounded (the API is fuzzed)."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.money import Money

from ..choices import FundKind
from ..rules import allocation as rules

ID_MAX = 2**63 - 1
MONTH_PATTERN = r"^\d{4}-\d{2}(-01)?$"


def _share(value: Decimal) -> Decimal:
    if problem := rules.share_problem(value, "比例"):
        raise ValueError(problem)
    return value


Share = Annotated[Decimal, AfterValidator(_share)]


def _day(value: datetime.date) -> datetime.date:
    if not (YEAR_MIN <= value.year <= YEAR_MAX):
        raise ValueError(f"日期应在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。")
    return value


Day = Annotated[datetime.date, AfterValidator(_day)]


class RuleOut(Schema):
    id: int
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    share_union: Decimal
    share_town: Decimal
    share_district: Decimal
    share_city: Decimal
    share_province: Decimal
    share_national: Decimal
    retained_district: Decimal
    retained_town: Decimal
    retained_refund: Decimal
    refund_due_days: int
    is_demo: bool
    note: str
    version: int


class ExamplePart(Schema):
    part: str
    label: str
    amount: Money


class RuleDetailOut(RuleOut):
    allocated_count: int = Field(description="本方案分配的代收记录数（您的管理范围内）")
    allocated_total: Money
    example: list[ExamplePart] = Field(description="代收 100.00 元的分配")


class RuleIn(Schema):
    name: str = Field(min_length=1, max_length=rules.NAME_MAX)
    effective_from: Day
    effective_to: Day | None = Field(None, description="留空：执行到下一方案生效的前一天")
    share_union: Share
    share_town: Share = Decimal(0)
    share_district: Share
    share_city: Share = Decimal(0)
    share_province: Share = Decimal(0)
    share_national: Share = Decimal(0)
    retained_district: Share
    retained_town: Share = Decimal(0)
    retained_refund: Share = Decimal(0)
    refund_due_days: int = Field(30, ge=rules.DUE_DAYS_MIN, le=rules.DUE_DAYS_MAX)
    is_demo: bool = False
    note: str = Field("", max_length=rules.NOTE_MAX)


class RulePatch(Schema):
    """The fields given change; `version` is the one read (409 when someone saved since)."""

    version: int = Field(ge=1, le=ID_MAX)
    name: str | None = Field(None, min_length=1, max_length=rules.NAME_MAX)
    effective_from: Day | None = None
    effective_to: Day | None = None
    share_union: Share | None = None
    share_town: Share | None = None
    share_district: Share | None = None
    share_city: Share | None = None
    share_province: Share | None = None
    share_national: Share | None = None
    retained_district: Share | None = None
    retained_town: Share | None = None
    retained_refund: Share | None = None
    refund_due_days: int | None = Field(None, ge=rules.DUE_DAYS_MIN, le=rules.DUE_DAYS_MAX)
    is_demo: bool | None = None
    note: str | None = Field(None, max_length=rules.NOTE_MAX)


class RuleFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="适用年度")


class AllocationOut(Schema):
    id: int
    collection_id: int
    employer_name: str
    uscc: str
    rule_id: int
    union_id: int | None
    town_id: int
    fund_kind: str
    period: datetime.date
    collected_on: datetime.date
    refund_due_on: datetime.date
    amount: Money
    union_part: Money
    town_part: Money
    district_part: Money
    town_retained_part: Money
    extra_refund_part: Money
    city_part: Money
    province_part: Money
    national_part: Money
    entry_id: int

    @staticmethod
    def resolve_employer_name(a) -> str:
        return a.collection.employer_name

    @staticmethod
    def resolve_uscc(a) -> str:
        return a.collection.uscc


class PartOut(Schema):
    part: str
    label: str
    amount: Money
    org_id: int
    org: str
    account: str


class AllocationDetailOut(AllocationOut):
    parts: list[PartOut]


class AllocationFilters(Schema):
    org: int | None = Field(None, ge=1, le=ID_MAX, description="范围：该组织及其下级")
    town: int | None = Field(None, ge=1, le=ID_MAX)
    union: int | None = Field(None, ge=1, le=ID_MAX)
    rule: int | None = Field(None, ge=1, le=ID_MAX)
    fund_kind: FundKind | None = None
    period_from: str | None = Field(None, pattern=MONTH_PATTERN, description="如 2013-05")
    period_to: str | None = Field(None, pattern=MONTH_PATTERN, description="如 2013-12")


class RunIn(Schema):
    period_from: str | None = Field(None, pattern=MONTH_PATTERN, description="所属期起，如 2013-01")
    period_to: str | None = Field(None, pattern=MONTH_PATTERN, description="所属期止，如 2013-12")


class RunOut(Schema):
    job_id: int
    status: str
    url: str
