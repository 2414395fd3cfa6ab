"""API of disbursement lists (CARE-2): the same services, queries and scope as the pages."""

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

from ..queries import payments as queries
from ..services import payments as services

router = Router()


class DisbursementOut(Schema):
    id: int
    number: str
    program_id: int
    town_id: int | None
    state: str
    grant_count: int
    total: Money
    paid_count: int
    failed_count: int
    issued_on: datetime.date
    returned_on: datetime.date | None


class DisbursementFilters(Schema):
    """The list page's filters (forms.payments.DisbursementFilterForm)."""

    program: int | None = Field(None, ge=1, le=2**63 - 1, description="项目编号")
    town: int | None = Field(None, ge=1, le=2**63 - 1, description="镇街编号")
    state: str = Field("", max_length=20, description="issued：待回盘；returned：已回盘")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="项目年度")
    org: int | None = Field(None, ge=1, le=2**63 - 1, description="组织编号：该组织及其下级")


class DisbursementIn(Schema):
    program_id: int = Field(ge=1, le=2**63 - 1)
    town_id: int | None = Field(None, ge=1, le=2**63 - 1, description="只列该镇街的资金")


@router.get("/assistance/disbursements", response=list[DisbursementOut])
@paginate(CappedPagination, page_size=100)
def list_disbursements(request, filters: Query[DisbursementFilters]):
    require(request.user, "assistance.view")
    return queries.disbursement_list(user=request.user, filters=filters.dict())


@router.get("/assistance/disbursements/{disbursement_id}", response=DisbursementOut)
def get_disbursement(request, disbursement_id: int):
    return queries.disbursement_get(user=request.user, pk=disbursement_id)


@router.post("/assistance/disbursements", response={201: DisbursementOut})
def create_disbursement(request, payload: DisbursementIn):
    """The program's approved grants on no list yet (of the town, if given) onto a new list;
    400 when there are none."""
    require(request.user, services.PAY)
    program = access(
        queries.payable_programs(request.user), request.user, payload.program_id, field="program_id"
    )
    town = (
        access(towns_visible(request.user), request.user, payload.town_id, field="town_id")
        if payload.town_id
        else None
    )
    return 201, services.disbursement_create(actor=request.user, program=program, town=town)


@router.get("/assistance/disbursements/{disbursement_id}/file")
def download_disbursement(request, disbursement_id: int, full: bool = False):
    """The bank's .xlsx; `full=true` gives whole accounts (assistance.view_full_id, audited)."""
    disbursement = queries.disbursement_get(user=request.user, pk=disbursement_id)
    content, name = services.disbursement_file(
        actor=request.user, disbursement=disbursement, full=full
    )
    return content_download(content, name=name)


@router.post(
    "/assistance/disbursements/{disbursement_id}/returns", response={201: ImportRunDetailOut}
)
def import_return(
    request, disbursement_id: int, file: File[UploadedFile], dry_run: Form[bool] = False
):
    """The bank's return (import kind assistance.bank_return); follow it at /imports/{id}."""
    disbursement = queries.disbursement_get(user=request.user, pk=disbursement_id)
    run = services.disbursement_return_start(
        actor=request.user, disbursement=disbursement, upload=file, dry_run=dry_run
    )
    return 201, import_queries.import_run_get(user=request.user, pk=run.pk)
