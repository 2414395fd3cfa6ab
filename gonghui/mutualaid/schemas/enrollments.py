"""API bodies and answers of enrollment and contributions (api/enrollments.py)."""

import datetime
from typing import Any

from ninja import Field, Schema

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.money import Money

ID_MAX = 2**63 - 1
Flag = bool | None


class EnrollmentOut(Schema):
    id: int
    plan_id: int
    year: int = Field(alias="plan.year")
    member_id: int
    name: str = Field(alias="member.name")
    ric_last4: str = Field(alias="member.ric_last4")
    union_id: int
    town_id: int | None
    batch_id: int
    state: str
    is_renewal: bool
    enrolled_on: datetime.date
    effective_on: datetime.date | None
    waiting_until: datetime.date | None
    cancelled_on: datetime.date | None
    contribution: Money


class EnrollmentFilters(Schema):
    """The list page's filters (forms.enrollments.EnrollmentFilterForm)."""

    org: int | None = Field(None, ge=1, le=ID_MAX, description="组织编号：该组织及其下级")
    plan: int | None = Field(None, ge=1, le=ID_MAX, description="计划年度编号")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    town: int | None = Field(None, ge=1, le=ID_MAX)
    batch: int | None = Field(None, ge=1, le=ID_MAX)
    state: str = Field("", max_length=20, description="pending / active / cancelled")
    renewal: Flag = None
    standing_on: datetime.date | None = Field(None, description="该日有效参保")
    enrolled_from: datetime.date | None = None
    enrolled_to: datetime.date | None = None
    effective_from: datetime.date | None = Field(None, description="生效日期起")
    effective_to: datetime.date | None = Field(None, description="生效日期止")
    q: str = Field("", max_length=50, description="姓名或身份证号后4位")


class BatchOut(Schema):
    id: int
    number: str
    plan_id: int
    union_id: int
    town_id: int | None
    source: str
    enrolled_on: datetime.date
    enrolled_count: int
    renewal_count: int
    refused_count: int
    refusals: list[dict[str, Any]]
    amount_due: Money
    amount_paid: Money
    paid_on: datetime.date | None


class BatchFilters(Schema):
    org: int | None = Field(None, ge=1, le=ID_MAX)
    plan: int | None = Field(None, ge=1, le=ID_MAX)
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    town: int | None = Field(None, ge=1, le=ID_MAX)
    source: str = Field("", max_length=20)
    outstanding: Flag = Field(None, description="true：尚未缴清；false：已缴清")
    number: str = Field("", max_length=20)


class EnrollIn(Schema):
    plan_id: int = Field(ge=1, le=ID_MAX)
    org_id: int = Field(ge=1, le=ID_MAX, description="基层工会、镇街或区总工会：其下级全部会员")
    employer_id: int | None = Field(None, ge=1, le=ID_MAX)
    joined_before: datetime.date | None = None
    is_migrant_worker: Flag = None
    is_dispatched: Flag = None
    is_new_form_worker: Flag = None
    is_model_worker: Flag = None
    preview: bool = Field(False, description="只预览，不登记")

    def roster_filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("is_migrant_worker", "is_dispatched", "is_new_form_worker", "is_model_worker"):
            if (value := getattr(self, name)) is not None:
                out[name] = value
        if self.employer_id:
            out["employer"] = self.employer_id
        if self.joined_before:
            out["joined_before"] = self.joined_before.isoformat()
        return out


class EnrollOneIn(Schema):
    plan_id: int = Field(ge=1, le=ID_MAX)
    member_id: int = Field(ge=1, le=ID_MAX)


class ReasonRow(Schema):
    reason: str
    count: int
    names: list[str]


class EnrollResultOut(Schema):
    enrolled: int
    renewals: int
    new: int
    refused: int
    reasons: list[ReasonRow]
    batches: list[int]
    unions: int
    amount_due: Money
    written: bool
    message: str
    job_id: int | None = None


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


class PaymentIn(Schema):
    amount: Money
    paid_on: datetime.date
    reference: str = Field("", max_length=60)


class PaymentOut(Schema):
    id: int
    batch_id: int
    amount: Money
    paid_on: datetime.date
    reference: str


class EnrolledCountOut(Schema):
    day: datetime.date
    org: int | None
    count: int
