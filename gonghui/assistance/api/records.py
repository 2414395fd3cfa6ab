"""API of service records (CARE-4, in-kind CARE-2): the same services, queries and scope as
the pages. Paths under /api/v1/assistance/services."""

from typing import Any

from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.importing.api import ImportRunDetailOut
from gonghui.core.importing.queries import import_run_get
from gonghui.core.importing.services import import_start
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.models import Employer

from ..importers import BeneficiaryImporter
from ..queries import records as queries
from ..schemas.records import (
    BeneficiaryIn,
    BeneficiaryOut,
    ServiceFilters,
    ServiceRecordEditIn,
    ServiceRecordIn,
    ServiceRecordOut,
)
from ..services import records as services

router = Router()


def _rows(request, payload: ServiceRecordIn) -> dict[str, Any]:
    """The body's fields, each id through the scope (404 naming the field)."""
    user = request.user
    data = payload.dict(
        exclude={"organizer_id", "program_id", "employer_id", "recipient_union_id", "version"}
    )
    data["organizer"] = access(
        queries.organizers_offered(user), user, payload.organizer_id, field="organizer_id"
    )
    pairs = (
        ("program", payload.program_id, queries.programs_offered(user)),
        ("employer", payload.employer_id, Employer.objects.visible_to(user)),
        ("recipient_union", payload.recipient_union_id, queries.recipient_unions_offered(user)),
    )
    for name, pk, rows in pairs:
        data[name] = access(rows, user, pk, field=f"{name}_id") if pk is not None else None
    return data


@router.get("/assistance/services", response=list[ServiceRecordOut])
@paginate(CappedPagination, page_size=100)
def list_services(request, filters: Query[ServiceFilters]):
    require(request.user, "assistance.view")
    return queries.service_list(user=request.user, filters=filters.dict())


@router.get("/assistance/services/{record_id}", response=ServiceRecordOut)
def get_service(request, record_id: int):
    return queries.service_get(user=request.user, pk=record_id)


@router.post("/assistance/services", response={201: ServiceRecordOut})
def create_service(request, payload: ServiceRecordIn):
    require(request.user, services.PERMISSION)
    return 201, services.service_record_create(actor=request.user, **_rows(request, payload))


@router.put("/assistance/services/{record_id}", response=ServiceRecordOut)
def edit_service(request, record_id: int, payload: ServiceRecordEditIn):
    """The whole record, with the version read (409 when someone saved it since)."""
    record = queries.service_get(user=request.user, pk=record_id)
    require(request.user, services.PERMISSION)
    return services.service_record_edit(
        actor=request.user, record=record, version=payload.version, **_rows(request, payload)
    )


@router.get("/assistance/services/{record_id}/beneficiaries", response=list[BeneficiaryOut])
@paginate(CappedPagination, page_size=100)
def list_beneficiaries(request, record_id: int):
    record = queries.service_get(user=request.user, pk=record_id)
    return queries.beneficiary_list(user=request.user, record=record)


@router.post("/assistance/services/{record_id}/beneficiaries", response={201: BeneficiaryOut})
def add_beneficiary(request, record_id: int, payload: BeneficiaryIn):
    record = queries.service_get(user=request.user, pk=record_id)
    return 201, services.service_beneficiary_add(
        actor=request.user,
        record=record,
        member=payload.member_id,
        name=payload.name,
        ric=payload.ric,
        amount=payload.amount,
        note=payload.note,
    )


@router.post(
    "/assistance/services/{record_id}/beneficiaries/import", response={201: ImportRunDetailOut}
)
def import_beneficiaries(
    request, record_id: int, file: File[UploadedFile], dry_run: Form[bool] = False
):
    """A list of beneficiaries (姓名, 身份证号, 金额, 备注) through the import pipeline; the
    run's state and error report at /api/v1/imports/{id}."""
    record = queries.service_get(user=request.user, pk=record_id)
    run = import_start(
        actor=request.user,
        kind=BeneficiaryImporter.kind,
        upload=file,
        target=record,
        dry_run=dry_run,
    )
    return 201, import_run_get(user=request.user, pk=run.pk)
