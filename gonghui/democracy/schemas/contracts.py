"""API shapes of collective contracts and bargaining offers (DEMO-1). Ids in a body are
resolved through the caller's scope (`service_kwargs`): one outside it is a 404 naming it."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from gonghui.core.scope import access
from gonghui.orgs.models import Employer, Organization

from ..choices import ContractKind, ContractScope, ContractState, OfferAnswer, OfferOutcome
from ..models import CollectiveContract


def _row(model: Any, user: Any, pk: int | None, field: str) -> Any:
    return None if pk is None else access(model, user, pk, field=field)


class ContractOut(Schema):
    id: int
    title: str
    kind: ContractKind
    scope: ContractScope
    union_id: int
    union_name: str = Field(alias="union.name")
    employer_id: int | None
    industry: str
    area: str
    signed_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    submitted_on: datetime.date | None
    objection_on: datetime.date | None
    objection_note: str
    effective_on: datetime.date | None
    terminated_on: datetime.date | None
    state: ContractState
    wage_increase_pct: Decimal | None
    workers_covered: int
    women_covered: int
    negotiators_worker_side: int
    women_negotiators: int
    vote_total: int | None
    vote_attended: int | None
    vote_for: int | None
    renews_id: int | None
    note: str
    version: int


class ContractDetailOut(ContractOut):
    employer_ids: list[int] = []
    renewed_by_id: int | None = None
    filing_warning: str = ""


class ContractIn(Schema):
    kind: ContractKind
    scope: ContractScope = ContractScope.EMPLOYER
    employer_id: int | None = Field(None, description="单位合同：签订合同的单位")
    union_id: int | None = Field(None, description="行业性、区域性合同：签约的镇街工会或联合会")
    employer_ids: list[int] | None = Field(
        None, description="行业性、区域性合同覆盖的单位（不填则为签约工会下属全部符合条件的单位）"
    )
    industry: str = ""
    area: str = Field("", max_length=100)
    title: str = Field("", max_length=150)
    signed_on: datetime.date
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    term_years: int | None = Field(None, ge=1, le=3)
    wage_increase_pct: Decimal | None = Field(None, ge=-50, le=100)
    workers_covered: int = Field(0, ge=0, le=10_000_000)
    women_covered: int = Field(0, ge=0, le=10_000_000)
    negotiators_worker_side: int = Field(0, ge=0, le=10_000)
    women_negotiators: int = Field(0, ge=0, le=10_000)
    vote_total: int | None = Field(None, ge=0, le=10_000_000)
    vote_attended: int | None = Field(None, ge=0, le=10_000_000)
    vote_for: int | None = Field(None, ge=0, le=10_000_000)
    note: str = Field("", max_length=2000)

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        data = self.dict(exclude={"employer_id", "union_id", "employer_ids", "version"})
        data["kind"], data["scope"] = str(self.kind), str(self.scope)
        data["employer"] = _row(Employer, user, self.employer_id, "employer_id")
        data["union"] = _row(Organization, user, self.union_id, "union_id")
        if self.employer_ids is not None:
            data["employers"] = [
                access(Employer, user, pk, field="employer_ids") for pk in self.employer_ids[:5000]
            ]
        return data


class ContractPut(ContractIn):
    version: int


class RenewIn(Schema):
    title: str = Field("", max_length=150)
    area: str = Field("", max_length=100)
    signed_on: datetime.date
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    term_years: int | None = Field(None, ge=1, le=3)
    wage_increase_pct: Decimal | None = Field(None, ge=-50, le=100)
    workers_covered: int = Field(0, ge=0, le=10_000_000)
    women_covered: int = Field(0, ge=0, le=10_000_000)
    negotiators_worker_side: int = Field(0, ge=0, le=10_000)
    women_negotiators: int = Field(0, ge=0, le=10_000)
    vote_total: int | None = Field(None, ge=0, le=10_000_000)
    vote_attended: int | None = Field(None, ge=0, le=10_000_000)
    vote_for: int | None = Field(None, ge=0, le=10_000_000)
    note: str = Field("", max_length=2000)


class ContractFilters(Schema):
    q: str | None = Field(None, max_length=100)
    kind: ContractKind | None = None
    scope: ContractScope | None = None
    state: ContractState | None = None
    town: int | None = Field(None, ge=1)
    org: int | None = Field(None, ge=1)
    year: int | None = Field(None, ge=1900, le=2100)
    signed_from: datetime.date | None = None
    signed_to: datetime.date | None = None
    ending: bool | None = Field(None, description="90日内到期、未续签")
    expired: bool | None = Field(None, description="已过期未续签")
    on: datetime.date | None = Field(None, description="判断到期的日期（默认今天）")
    employer: int | None = Field(None, ge=1)
    union: int | None = Field(None, ge=1)

    def filters(self) -> dict[str, Any]:
        data = {k: v for k, v in self.dict().items() if v is not None}
        for key in ("ending", "expired"):
            if key in data:
                data[key] = "yes" if data[key] else "no"
        return data


class SubmitIn(Schema):
    version: int
    submitted_on: datetime.date


class ObjectionIn(Schema):
    version: int
    objection_on: datetime.date
    objection_note: str = Field(..., min_length=1, max_length=2000)


class TerminateIn(Schema):
    version: int
    terminated_on: datetime.date
    reason: str = Field(..., min_length=1, max_length=300)


class CoverageOut(Schema):
    id: int
    name: str
    uscc: str
    town_id: int
    union_id: int | None
    ownership: str
    is_fortune500: bool


class RateOut(Schema):
    kind: str
    on: datetime.date
    ownership: str
    org: int | None
    numerator: int
    denominator: int
    value: Decimal | None


class RateFilters(Schema):
    kind: ContractKind = ContractKind.WAGE
    on: datetime.date | None = None
    org: int | None = Field(None, ge=1)
    ownership: str = Field("", description="state / collective / fortune500 / private；空为全部")


class RateListFilters(RateFilters):
    list: str = Field("uncovered", description="covered（分子）/ uncovered / all（分母）")
    q: str | None = Field(None, max_length=100)


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    organizer_id: int
    kind: str
    started_on: datetime.date
    state: str
    note: str
    version: int


class CampaignCountsOut(Schema):
    offers: int
    accepted: int
    refused: int
    no_reply: int
    pending: int
    signed: int
    failed: int


class CampaignDetailOut(CampaignOut):
    counts: CampaignCountsOut


class CampaignIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    organizer_id: int
    kind: ContractKind = ContractKind.WAGE
    started_on: datetime.date
    note: str = Field("", max_length=2000)
    employer_ids: list[int] | None = Field(
        None, description="不填则为组织单位下属已建会、无该类有效合同的全部单位"
    )

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "organizer": access(Organization, user, self.organizer_id, field="organizer_id"),
            "kind": str(self.kind),
            "started_on": self.started_on,
            "note": self.note,
        }
        if self.employer_ids is not None:
            data["employers"] = [
                access(Employer, user, pk, field="employer_ids") for pk in self.employer_ids[:5000]
            ]
        return data


class OfferOut(Schema):
    id: int
    campaign_id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    union_id: int | None
    sent_on: datetime.date
    answer_due: datetime.date
    answered_on: datetime.date | None
    answer: str
    outcome: str
    contract_id: int | None
    note: str
    version: int


class AnswerIn(Schema):
    version: int
    answer: OfferAnswer
    answered_on: datetime.date | None = None
    note: str = Field("", max_length=300)


class OutcomeIn(Schema):
    version: int
    outcome: OfferOutcome
    contract_id: int | None = None

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        return {
            "version": self.version,
            "outcome": str(self.outcome),
            "contract": _row(CollectiveContract, user, self.contract_id, "contract_id"),
        }
