"""API of payout lists (CARE-3): the same services, queries and scope as the pages. The
reissue of a failed claim is the claim workflow's `reissue` action
(`POST /api/v1/mutualaid/claims/{pk}/actions`, schemas.payouts.AccountIn)."""

import datetime

from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.downloads import content_download
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.importing import queries as import_queries
from gonghui.core.importing.api import ImportRunDetailOut
from gonghui.core.lists import CappedPagination
from gonghui.core.money import Money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.queries import towns_visible

from ..queries import payouts as queries
from ..services import payouts as services

router = Router()
ID = {"ge": 1, "le": 2**63 - 1}


class PayoutOut(Schema):
    id: int
    number: str
    plan_id: int
    town_id: int | None
    state: str
    claim_count: int
    total: Money
    paid_count: int
    failed_count: int
    issued_on: datetime.date
    returned_on: datetime.date | None


class PayoutClaimOut(Schema):
    id: int
    number: str
    name: str
    union_id: int
    amount: Money
    state: str
    paid_on: datetime.date | None
    failure_reason: str


class PayoutDetailOut(PayoutOut):
    claims: list[PayoutClaimOut]

    @staticmethod
    def resolve_claims(obj) -> list:
        return obj.claim_rows


class PayoutFilters(Schema):
    """The list page's filters (forms.payouts.PayoutFilterForm)."""

    plan: int | None = Field(None, **ID, description="计划年度编号")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="计划年度")
    town: int | None = Field(None, **ID, description="镇街编号")
    state: str = Field("", max_length=20, description="issued：待回盘；returned：已回盘")
    org: int | None = Field(None, **ID, description="组织编号：该组织及其下级")


class PayoutIn(Schema):
    plan_id: int = Field(**ID)
    town_id: int | None = Field(None, **ID, description="只列该镇街的互助金")


@router.get("/mutualaid/payouts", response=list[PayoutOut])
@paginate(CappedPagination, page_size=100)
def list_payouts(request, filters: Query[PayoutFilters]):
    require(request.user, queries.VIEW)
    return queries.payout_list(user=request.user, filters=filters.dict())


@router.get("/mutualaid/payouts/{payout_id}", response=PayoutDetailOut)
def get_payout(request, payout_id: int):
    """The list and its claims (the first 1,000 by number)."""
    payout = queries.payout_get(user=request.user, pk=payout_id)
    payout.claim_rows = list(queries.payout_claims(user=request.user, payout=payout)[:1000])
    return payout


@router.post("/mutualaid/payouts", response={201: PayoutOut})
def create_payout(request, payload: PayoutIn):
    """The plan year's approved claims on no list yet (of the town, if given) onto a new
    list; 400 when there are none."""
    require(request.user, services.PAY)
    plan = access(
        queries.payable_plans(request.user), request.user, payload.plan_id, field="plan_id"
    )
    town = (
        access(towns_visible(request.user), request.user, payload.town_id, field="town_id")
        if payload.town_id
        else None
    )
    return 201, services.payout_create(actor=request.user, plan=plan, town=town)


@router.get("/mutualaid/payouts/{payout_id}/file")
def download_payout(request, payout_id: int, full: bool = False):
    """The bank's .xlsx; `full=true` gives whole accounts (mutualaid.view_full_id, audited)."""
    payout = queries.payout_get(user=request.user, pk=payout_id)
    content, name = services.payout_file(actor=request.user, payout=payout, full=full)
    return content_download(content, name=name)


@router.post("/mutualaid/payouts/{payout_id}/returns", response={201: ImportRunDetailOut})
def import_return(request, payout_id: int, file: File[UploadedFile], dry_run: Form[bool] = False):
    """The bank's return (import kind mutualaid.bank_return); follow it at /imports/{id}."""
    payout = queries.payout_get(user=request.user, pk=payout_id)
    run = services.payout_return_start(
        actor=request.user, payout=payout, upload=file, dry_run=dry_run
    )
    return 201, import_queries.import_run_get(user=request.user, pk=run.pk)
