"""Formation API (ORG-3): targets, contacts, foundings, the threshold. The same services,
queries and scope as the pages; mounted on the orgs router."""

from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access

from . import queries_formation as queries
from . import services_formation as services
from .models import Employer
from .schemas_formation import (
    ContactFilters,
    ContactIn,
    ContactOut,
    FoundingFilters,
    FoundingIn,
    FoundingOut,
    SettingIn,
    SettingOut,
    TargetFilters,
    TargetOut,
    ThresholdOut,
)

router = Router(tags=["组建工会"])


@router.get("/formation/targets", response=list[TargetOut])
@paginate(CappedPagination, page_size=100)
def list_targets(request, filters: Query[TargetFilters]):
    require(request.user, queries.VIEW)
    return queries.formation_targets(user=request.user, filters=filters.dict())


@router.get("/formation/contacts", response=list[ContactOut])
@paginate(CappedPagination, page_size=100)
def list_contacts(request, filters: Query[ContactFilters]):
    require(request.user, queries.VIEW)
    return queries.formation_contacts(user=request.user, filters=filters.dict())


@router.post("/employers/{employer_id}/formation/contacts", response={201: ContactOut})
def record_contact(request, employer_id: int, payload: ContactIn):
    employer = access(Employer, request.user, employer_id, queries.VIEW)
    contact = services.formation_contact_record(
        actor=request.user, employer=employer, **payload.dict()
    )
    return 201, contact


@router.get("/formation/foundings", response=list[FoundingOut])
@paginate(CappedPagination, page_size=100)
def list_foundings(request, filters: Query[FoundingFilters]):
    require(request.user, queries.VIEW)
    return queries.foundings(user=request.user, filters=filters.dict())


@router.post("/employers/{employer_id}/formation/founding", response={201: FoundingOut})
def found_union(request, employer_id: int, payload: FoundingIn):
    employer = access(Employer, request.user, employer_id, queries.VIEW)
    return 201, services.union_found(actor=request.user, employer=employer, **payload.dict())


@router.get("/formation/setting", response=ThresholdOut)
def get_setting(request):
    require(request.user, queries.VIEW)
    return {
        "min_headcount": queries.formation_threshold(),
        "settings": list(queries.formation_settings()),
    }


@router.post("/formation/setting", response={201: SettingOut})
def set_setting(request, payload: SettingIn):
    return 201, services.formation_setting_set(actor=request.user, **payload.dict())
