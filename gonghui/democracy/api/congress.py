"""API of the workers' congress and open affairs (DEMO-2), under /api/v1/democracy/: the
sessions and records (list, detail, create, edit), the employers' work list and the rates.
Thin: the pages' queries and services."""

from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.clock import today
from gonghui.core.downloads import file_download
from gonghui.core.errors import ApplicationError
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.models import Employer, Organization

from ..queries import congress as queries
from ..schemas import congress as schemas
from ..services import congress as services
from ..services import evidence as evidence_services

router = Router()

SESSION_KEYS = (
    "form", "term_number", "session_number", "held_on", "workers_total", "delegates_total",
    "delegates_attended", "frontline_delegates", "manager_delegates", "women_delegates",
    "agenda", "resolutions", "note",
)  # fmt: skip
RECORD_KEYS = (
    "year", "items", "methods", "frequency", "has_supervision_group", "last_disclosed_on",
    "note",
)  # fmt: skip


def _data(user, payload, keys) -> dict:
    data = {key: getattr(payload, key) for key in keys}
    for key in ("form", "frequency"):
        if key in data:
            data[key] = str(data[key])
    for key in ("items", "methods"):
        if key in data:
            data[key] = [str(v) for v in data[key]]
    data["employer"] = access(Employer, user, payload.employer_id, field="employer_id")
    return data


def _filters(filters) -> dict:
    return {k: v for k, v in filters.dict().items() if v not in (None, "")}


@router.get("/democracy/congress", response=list[schemas.SessionOut])
@paginate(CappedPagination, page_size=100)
def list_sessions(request, filters: Query[schemas.SessionFilters]):
    require(request.user, queries.VIEW)
    return queries.session_list(user=request.user, filters=_filters(filters))


@router.get("/democracy/congress/{session_id}", response=schemas.SessionDetailOut)
def get_session(request, session_id: int):
    return queries.session_get(user=request.user, pk=session_id)


@router.post("/democracy/congress", response={201: schemas.SessionDetailOut})
def create_session(request, payload: schemas.SessionIn):
    require(request.user, services.MANAGE)
    data = _data(request.user, payload, SESSION_KEYS)
    return 201, services.session_create(actor=request.user, **data)


@router.put("/democracy/congress/{session_id}", response=schemas.SessionDetailOut)
def update_session(request, session_id: int, payload: schemas.SessionEditIn):
    """The whole session with the version read."""
    require(request.user, services.MANAGE)
    session = queries.session_get(user=request.user, pk=session_id)
    data = _data(request.user, payload, SESSION_KEYS)
    return services.session_update(
        actor=request.user, session=session, version=payload.version, **data
    )


@router.get("/democracy/open-affairs", response=list[schemas.RecordOut])
@paginate(CappedPagination, page_size=100)
def list_records(request, filters: Query[schemas.RecordFilters]):
    require(request.user, queries.VIEW)
    return queries.record_list(user=request.user, filters=_filters(filters))


@router.get("/democracy/open-affairs/{record_id}", response=schemas.RecordOut)
def get_record(request, record_id: int):
    return queries.record_get(user=request.user, pk=record_id)


@router.post("/democracy/open-affairs", response={201: schemas.RecordOut})
def create_record(request, payload: schemas.RecordIn):
    require(request.user, services.MANAGE)
    data = _data(request.user, payload, RECORD_KEYS)
    return 201, services.record_create(actor=request.user, **data)


@router.put("/democracy/open-affairs/{record_id}", response=schemas.RecordOut)
def update_record(request, record_id: int, payload: schemas.RecordEditIn):
    require(request.user, services.MANAGE)
    record = queries.record_get(user=request.user, pk=record_id)
    data = _data(request.user, payload, RECORD_KEYS)
    return services.record_update(
        actor=request.user, record=record, version=payload.version, **data
    )


@router.get("/democracy/open-affairs/{record_id}/evidence", response=list[schemas.EvidenceOut])
def list_evidence(request, record_id: int):
    return queries.record_get(user=request.user, pk=record_id).evidence.all()


@router.post(
    "/democracy/open-affairs/{record_id}/evidence", response={201: list[schemas.EvidenceOut]}
)
def add_evidence(request, record_id: int, file: File[list[UploadedFile]] = None):
    """Multipart, the files under `file` (photos or PDF; checked by content)."""
    record = queries.record_get(user=request.user, pk=record_id)
    files = request.FILES.getlist("file")
    return 201, evidence_services.evidence_add(actor=request.user, record=record, files=files)


@router.get("/democracy/open-affairs/{record_id}/evidence/{evidence_id}")
def download_evidence(request, record_id: int, evidence_id: int):
    record = queries.record_get(user=request.user, pk=record_id)
    path, name = evidence_services.evidence_to_send(
        actor=request.user, record=record, pk=evidence_id
    )
    return file_download(path, name=name)


@router.get("/democracy/congress-employers", response=list[schemas.EmployerOut])
@paginate(CappedPagination, page_size=100)
def list_employers(request, filters: Query[schemas.EmployerFilters]):
    """The year's unionized employers with their congress and open affairs (the rates'
    numerator and denominator lists)."""
    require(request.user, queries.VIEW)
    given = _filters(filters)
    if bool(given.get("start")) != bool(given.get("end")):
        raise ApplicationError("统计期须同时给出起止日期。", field="end")
    if given.get("start") and given["start"] > given["end"]:
        raise ApplicationError("统计期的开始日期不能晚于结束日期。", field="start")
    for flag in ("congress", "open_affairs"):
        if flag in given:
            given[flag] = "yes" if given[flag] else "no"
    return queries.employer_rows(user=request.user, filters=given)


@router.get("/democracy/congress-rates", response=schemas.RatesOut)
def get_rates(request, year: int | None = None, town: int | None = None):
    """The rates page's figures: each group's open-affairs and congress rates."""
    require(request.user, queries.STATS)
    year = year or today().year
    if not 1900 <= year <= 2100:
        raise ApplicationError("年度须在 1900 至 2100 年之间。", field="year")
    if town is not None:
        access(Organization, request.user, town, field="town")
    groups = queries.rates(user=request.user, year=year, town=town)
    return {
        "year": year,
        "groups": [{"group": g["group"], "label": g["label"], **g["rates"]} for g in groups],
    }
