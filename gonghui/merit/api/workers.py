"""API of the model-worker registry, benefits and innovation studios (MERIT-2), under
/api/v1/merit/: the same services, queries and scope as the pages. An id given in a body
(`member_id`, `employer_id` …) outside the caller's scope is a 404 naming the field."""

import datetime

from ninja import Field, Query, Router
from ninja.pagination import paginate

from gonghui.core.errors import ApplicationError
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..models import HonorType, ModelWorker
from ..queries import studios as studio_queries
from ..queries import workers as queries
from ..schemas import workers as schemas
from ..services import studios as studio_services
from ..services import workers as services

router = Router()


def _row(model_or_qs, user, pk, field):
    return None if pk is None else access(model_or_qs, user, pk, field=field)


def _honor_type(pk: int) -> HonorType:
    found = HonorType.objects.filter(pk=pk).first()
    if found is None:
        raise ApplicationError("honor_type_id 所指的荣誉类型不存在。", field="honor_type_id")
    return found


BENEFIT_KEYS = ("level", "kind", "amount", "percent", "times_a_year", "effective_from", "note")


def _values(payload, names) -> dict:
    """The payload's values as parsed (an amount a Decimal, a choice its plain value)."""
    values = {name: getattr(payload, name) for name in names}
    return {k: str(v) if isinstance(v, str) else v for k, v in values.items()}


def _detail(user, worker: ModelWorker) -> ModelWorker:
    """The worker with what its page shows besides the row itself."""
    worker.benefits = queries.benefits_in_force(worker.level)
    worker.studio_ids = list(studio_queries.studios_led(user, worker).values_list("pk", flat=True))
    worker.grants = list(queries.care_grants(user, worker)[:100])
    return worker


# ---- the registry ------------------------------------------------------------------------


class ModelWorkerListFilters(schemas.ModelWorkerFilters):
    """The list page's filters an indicator's drill-down uses, also here."""

    standing: bool | None = Field(None, description="true：在册（含已退休）；false：不在册")
    year_to: int | None = Field(None, ge=1900, le=2100, description="获评年度不晚于")


class StudioListFilters(schemas.StudioFilters):
    founded_from: datetime.date | None = Field(None, description="创建日期不早于")
    founded_to: datetime.date | None = Field(None, description="创建日期不晚于")


@router.get("/merit/model-workers", response=list[schemas.ModelWorkerOut])
@paginate(CappedPagination, page_size=100)
def list_model_workers(request, filters: Query[ModelWorkerListFilters]):
    require(request.user, queries.VIEW)
    return queries.model_worker_list(user=request.user, filters=filters.dict())


@router.get("/merit/model-workers/{worker_id}", response=schemas.ModelWorkerDetailOut)
def get_model_worker(request, worker_id: int):
    return _detail(request.user, queries.model_worker_get(user=request.user, pk=worker_id))


@router.post("/merit/model-workers", response={201: schemas.ModelWorkerDetailOut})
def create_model_worker(request, payload: schemas.ModelWorkerIn):
    """A model worker of earlier years: the honor recorded, then the registry row."""
    user = request.user
    require(user, services.MANAGE)
    worker = services.model_worker_record(
        actor=user,
        honor_type=_honor_type(payload.honor_type_id),
        year=payload.year,
        awarded_on=payload.awarded_on,
        document_no=payload.document_no,
        member=_row(Member, user, payload.member_id, "member_id"),
        name=payload.name,
        ric=payload.ric,
        employer=_row(Employer, user, payload.employer_id, "employer_id"),
        union=_row(Organization, user, payload.union_id, "union_id"),
        note=payload.note,
    )
    return 201, _detail(user, queries.model_worker_get(user=user, pk=worker.pk))


@router.patch("/merit/model-workers/{worker_id}", response=schemas.ModelWorkerDetailOut)
def update_model_worker(request, worker_id: int, payload: schemas.ModelWorkerPatch):
    user = request.user
    require(user, services.MANAGE)
    worker = queries.model_worker_get(user=user, pk=worker_id)
    changes = {}
    if "employer_id" in payload.model_fields_set:
        changes["employer"] = _row(Employer, user, payload.employer_id, "employer_id")
    if payload.note is not None:
        changes["note"] = payload.note
    services.model_worker_update(actor=user, worker=worker, version=payload.version, **changes)
    return _detail(user, queries.model_worker_get(user=user, pk=worker_id))


@router.post("/merit/model-workers/{worker_id}/state", response=schemas.ModelWorkerDetailOut)
def change_state(request, worker_id: int, payload: schemas.StateIn):
    """退休 (retired), 已故 (deceased) or 撤销称号 (revoked, with a reason; the honor is
    revoked too). The member's model-worker flag follows."""
    user = request.user
    require(user, services.MANAGE)
    worker = queries.model_worker_get(user=user, pk=worker_id)
    services.model_worker_set_state(
        actor=user,
        worker=worker,
        state=str(payload.state),
        version=payload.version,
        reason=payload.reason,
    )
    return _detail(user, queries.model_worker_get(user=user, pk=worker_id))


# ---- benefits ----------------------------------------------------------------------------


@router.get("/merit/benefits", response=list[schemas.BenefitOut])
@paginate(CappedPagination, page_size=100)
def list_benefits(request, filters: Query[schemas.BenefitFilters]):
    return queries.benefit_list(user=request.user, filters=filters.dict())


@router.get("/merit/benefits/in-force", response=list[schemas.BenefitOut])
def benefits_in_force(request, level: schemas.Level):
    """The benefits of a level in force today (one per kind)."""
    require(request.user, queries.VIEW)
    return queries.benefits_in_force(str(level))


@router.post("/merit/benefits", response={201: schemas.BenefitOut})
def create_benefit(request, payload: schemas.BenefitIn):
    data = _values(payload, BENEFIT_KEYS)
    return 201, services.benefit_create(actor=request.user, **data)


@router.put("/merit/benefits/{benefit_id}", response=schemas.BenefitOut)
def update_benefit(request, benefit_id: int, payload: schemas.BenefitEditIn):
    require(request.user, services.MANAGE)
    benefit = queries.benefit_get(user=request.user, pk=benefit_id)
    data = _values(payload, BENEFIT_KEYS)
    return services.benefit_update(
        actor=request.user, benefit=benefit, version=payload.version, **data
    )


# ---- studios -----------------------------------------------------------------------------


def _studio_data(user, payload: schemas.StudioIn) -> dict:
    members = None
    if payload.member_ids is not None:
        members = [access(Member, user, pk, field="member_ids") for pk in payload.member_ids]
    leader = None
    if payload.leader_id is not None:
        leader = access(
            ModelWorker.objects.filter(state__in=services.STANDING),
            user,
            payload.leader_id,
            field="leader_id",
        )
    return {
        "name": payload.name,
        "level": str(payload.level),
        "employer": access(Employer, user, payload.employer_id, field="employer_id"),
        "leader": leader,
        "leader_name": payload.leader_name,
        "founded_on": payload.founded_on,
        "field": payload.field,
        "is_active": payload.is_active,
        "members": members,
    }


@router.get("/merit/studios", response=list[schemas.StudioOut])
@paginate(CappedPagination, page_size=100)
def list_studios(request, filters: Query[StudioListFilters]):
    require(request.user, queries.VIEW)
    return studio_queries.studio_list(user=request.user, filters=filters.dict())


@router.get("/merit/studios/{studio_id}", response=schemas.StudioDetailOut)
def get_studio(request, studio_id: int):
    return studio_queries.studio_get(user=request.user, pk=studio_id)


@router.post("/merit/studios", response={201: schemas.StudioDetailOut})
def create_studio(request, payload: schemas.StudioIn):
    require(request.user, studio_services.MANAGE)
    data = _studio_data(request.user, payload)
    data["members"] = data["members"] or []
    return 201, studio_services.studio_create(actor=request.user, **data)


@router.put("/merit/studios/{studio_id}", response=schemas.StudioDetailOut)
def update_studio(request, studio_id: int, payload: schemas.StudioEditIn):
    """The whole studio with the version read; `member_ids` left out: members unchanged."""
    require(request.user, studio_services.MANAGE)
    studio = studio_queries.studio_get(user=request.user, pk=studio_id)
    return studio_services.studio_update(
        actor=request.user,
        studio=studio,
        version=payload.version,
        **_studio_data(request.user, payload),
    )


@router.get("/merit/studios/{studio_id}/results", response=list[schemas.ResultOut])
def list_results(request, studio_id: int):
    studio = studio_queries.studio_get(user=request.user, pk=studio_id)
    return list(studio_queries.studio_results(studio))


@router.post("/merit/studios/{studio_id}/results", response={201: schemas.ResultOut})
def add_result(request, studio_id: int, payload: schemas.ResultIn):
    require(request.user, studio_services.MANAGE)
    studio = studio_queries.studio_get(user=request.user, pk=studio_id)
    data = _values(payload, ("kind", "title", "achieved_on", "benefit", "note"))
    return 201, studio_services.result_add(actor=request.user, studio=studio, **data)


@router.delete("/merit/studios/{studio_id}/results/{result_id}", response={204: None})
def remove_result(request, studio_id: int, result_id: int):
    require(request.user, studio_services.MANAGE)
    studio = studio_queries.studio_get(user=request.user, pk=studio_id)
    result = studio_queries.result_get(studio, result_id)  # 404 when not this studio's
    studio_services.result_remove(actor=request.user, studio=studio, result=result)
    return 204, None
