"""Mutual-aid API: claims under /api/v1/mutualaid/claims — the list page's filters, one claim
with its benefits and their calculation lines, a new claim (JSON, documents in base64), a
correction before the review, a quote that saves nothing, the workflow's actions. Same
services, queries and scope as the pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.money import Money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.members.models import Member

from ..queries import claims as queries
from ..schemas.claims import ClaimEditIn, ClaimIn, QuoteIn
from ..services import claims as services
from ..workflow import CLAIM_WORKFLOW

router = Router()


class BenefitOut(Schema):
    kind: str
    item: str
    amount: Money
    lines: list[str]


class ClaimOut(Schema):
    id: int
    number: str
    plan_id: int
    year: int
    enrollment_id: int
    member_id: int
    union_id: int
    town_id: int | None
    name: str
    event_kind: str
    event_on: datetime.date
    admitted_on: datetime.date | None
    discharged_on: datetime.date | None
    hospital: str
    diagnosis: str
    disease_id: int | None
    total_cost: Money
    insurance_paid: Money
    own_cost: Money
    bank_name: str
    account_last4: str
    state: str
    submitted_on: datetime.date
    reviewed_on: datetime.date | None
    approved_on: datetime.date | None
    paid_on: datetime.date | None
    amount: Money
    reasons: list[str]
    decision_note: str
    failure_reason: str
    payout_id: int | None
    version: int

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.plan.year


class ClaimDetailOut(ClaimOut):
    benefits: list[BenefitOut]

    @staticmethod
    def resolve_benefits(obj) -> list[dict]:
        return [
            {"kind": b.kind, "item": b.item.name, "amount": b.amount, "lines": b.lines}
            for b in queries.claim_benefits(obj)
        ]


class QuoteOut(Schema):
    plan_id: int
    enrollment_id: int
    amount: Money
    reasons: list[str]
    benefits: list[BenefitOut]


class ClaimFilters(Schema):
    """The claim list page's filters (forms.claims.ClaimFilterForm), read by the same query."""

    org: int | None = Field(None, description="组织编号：该组织及其下级的申请")
    plan: int | None = Field(None, description="计划年度编号")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="计划年度")
    town: int | None = Field(None, description="镇街编号")
    state: str = Field("", max_length=20)
    kind: str = Field("", max_length=20, description="互助项目：该项目金额大于0的申请")
    event_kind: str = Field("", max_length=20)
    paid_from: datetime.date | None = Field(None, description="发放日期起（含）")
    paid_to: datetime.date | None = Field(None, description="发放日期止（含）")
    number: str = Field("", max_length=20, description="申请编号")


def _member(request, member_id: int) -> Member:
    return access(Member, request.user, member_id, field="member_id")


@router.get("/mutualaid/claims", response=list[ClaimOut])
@paginate(CappedPagination, page_size=100)
def list_claims(request, filters: Query[ClaimFilters]):
    require(request.user, queries.VIEW)
    return queries.claim_list(user=request.user, filters=filters.dict())


# Before "/mutualaid/claims/{claim_id}".
@router.post("/mutualaid/claims/quote", response=QuoteOut)
def quote_claim(request, payload: QuoteIn):
    """What a claim with these figures would get now; nothing is saved."""
    require(request.user, services.APPLY)
    data = payload.dict(exclude={"member_id"})
    claim, result = services.claim_quote(
        actor=request.user, member=_member(request, payload.member_id), **data
    )
    items = {b: claim.plan.items.get(kind=b).name for b in result.items}
    return {
        "plan_id": claim.plan_id,
        "enrollment_id": claim.enrollment_id,
        "amount": result.amount,
        "reasons": result.reasons,
        "benefits": [
            {"kind": kind, "item": items[kind], "amount": out.amount, "lines": out.lines}
            for kind, out in result.items.items()
        ],
    }


@router.get("/mutualaid/claims/{claim_id}", response=ClaimDetailOut)
def get_claim(request, claim_id: int):
    return queries.claim_get(user=request.user, pk=claim_id)


@router.post("/mutualaid/claims", response={201: ClaimDetailOut})
def create_claim(request, payload: ClaimIn):
    require(request.user, services.APPLY)
    data = payload.dict(exclude={"member_id", "documents"})
    claim = services.claim_create(
        actor=request.user,
        member=_member(request, payload.member_id),
        documents=[(d.kind, d.upload()) for d in payload.documents],
        **data,
    )
    return 201, claim


@router.put("/mutualaid/claims/{claim_id}", response=ClaimDetailOut)
def update_claim(request, claim_id: int, payload: ClaimEditIn):
    """A correction before the review, with the version read (409 when changed since);
    an empty account keeps the one stored."""
    claim = queries.claim_get(user=request.user, pk=claim_id, action=services.APPLY)
    data = payload.dict(exclude={"version"})
    if not data["account"]:
        data.pop("account")
    data["own_cost"] = data["own_cost"] if data["own_cost"] is not None else ""
    data["insurance_paid"] = data["insurance_paid"] or 0
    claim = services.claim_update(actor=request.user, claim=claim, version=payload.version, **data)
    return claim


add_action_endpoint(router, "/mutualaid/claims/{pk}/actions", CLAIM_WORKFLOW, ClaimOut)
