"""API for organizations, employers and terms. Same services, queries and scope as the pages."""

import datetime

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.clock import today
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint

from . import queries, services
from .elections import ELECTION_WORKFLOW
from .models import Election, Employer, Organization

router = Router(tags=["组织建设"])


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    form: str
    parent_id: int | None
    town_id: int | None
    uscc: str | None
    chair_name: str
    established_on: datetime.date | None
    is_active: bool
    member_count: int
    signboard_displayed: bool
    chair_identity_displayed: bool
    women_org: str
    version: int


class OrganizationIn(Schema):
    parent_id: int
    name: str = Field(max_length=120)
    kind: str
    form: str = ""
    uscc: str = ""
    chair_name: str = ""
    established_on: datetime.date | None = None
    signboard_displayed: bool = False
    chair_identity_displayed: bool = False
    women_org: str = "none"


class OrganizationPatch(Schema):
    version: int
    name: str | None = None
    form: str | None = None
    uscc: str | None = None
    chair_name: str | None = None
    established_on: datetime.date | None = None
    is_active: bool | None = None
    signboard_displayed: bool | None = None
    chair_identity_displayed: bool | None = None
    women_org: str | None = None


class MoveIn(Schema):
    version: int
    new_parent_id: int
    reason: str = ""


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    ownership: str
    industry: str
    headcount: int
    town_id: int
    union_id: int | None
    address: str
    is_labor_dispatch: bool
    is_fortune500: bool
    version: int


class EmployerIn(Schema):
    name: str = Field(max_length=150)
    uscc: str
    ownership: str
    industry: str
    headcount: int = Field(ge=0)
    town_id: int
    union_id: int | None = None
    address: str = ""
    is_labor_dispatch: bool = False
    is_fortune500: bool = False


class EmployerPatch(EmployerIn):
    version: int


class EmployerFilters(Schema):
    """The employer list page's filters (forms.EmployerFilterForm), read by the same query."""

    q: str = ""
    town: int | None = None
    ownership: str = ""
    industry: str = ""
    band: str = ""
    has_union: str = ""
    headcount_min: int | None = Field(None, ge=0, le=10**7, description="职工人数不少于")
    labor_dispatch: bool | None = Field(None, description="劳务派遣企业")
    fortune500: bool | None = Field(None, description="世界500强企业")
    union_year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="建会年份")
    union_from: datetime.date | None = Field(None, description="建会日期起（含）")
    union_to: datetime.date | None = Field(None, description="建会日期止（含）")
    union_founded_by: datetime.date | None = Field(None, description="截至该日已建会")
    org: int | None = Field(None, description="组织编号：该组织及其下级工会的单位")


class OrganizationFilters(Schema):
    """The organization list page's filters (forms.OrganizationFilterForm)."""

    q: str = ""
    kind: str = Field("", description="组织类型；federations：行业、区域工会联合会与工委")
    town: str = ""
    parent: str = Field("", description="上级组织编号")
    established_year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="成立年份")
    established_from: datetime.date | None = Field(None, description="成立日期起（含）")
    established_to: datetime.date | None = Field(None, description="成立日期止（含）")
    founded_by: datetime.date | None = Field(None, description="截至该日已成立（含未登记日期的）")
    active: bool | None = Field(None, description="true：有效；false：已撤销")
    signboard: bool | None = Field(None, description="已亮牌子")
    chair_identity: bool | None = Field(None, description="已亮身份")
    women_org: bool | None = Field(None, description="已建女职工组织")
    ownership: str = Field("", description="所在单位经济类型；non_public：非公企业")
    org: int | None = Field(None, description="组织编号：该组织及其下级")


class TermOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    number: int
    term_years: int
    starts_on: datetime.date
    ends_on: datetime.date


class TermsDueOut(Schema):
    overdue: list[TermOut]
    due_soon: list[TermOut]


class CoverageOut(Schema):
    """A row of ORG-6: a town, or a sector union or federation under the district, or the
    district itself for its own unions (`unit_kind` "district")."""

    unit_id: int
    unit_name: str
    unit_kind: str
    unions: int
    dual_display: int
    women_org: int


@router.get("/orgs", response=list[OrganizationOut])
@paginate(CappedPagination, page_size=100)
def list_organizations(request, filters: Query[OrganizationFilters]):
    require(request.user, "orgs.view")
    return queries.organization_list(user=request.user, filters=filters.dict())


@router.get("/orgs/{org_id}", response=OrganizationOut)
def get_organization(request, org_id: int):
    require(request.user, "orgs.view")
    return queries.organization_get(user=request.user, pk=org_id)


@router.post("/orgs", response={201: OrganizationOut})
def create_organization(request, payload: OrganizationIn):
    parent = access(Organization, request.user, payload.parent_id, field="parent_id")
    data = payload.dict(exclude={"parent_id"})
    return 201, services.organization_create(actor=request.user, parent=parent, **data)


@router.patch("/orgs/{org_id}", response=OrganizationOut)
def update_organization(request, org_id: int, payload: OrganizationPatch):
    org = access(Organization, request.user, org_id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    return services.organization_update(
        actor=request.user, org=org, version=payload.version, **data
    )


@router.post("/orgs/{org_id}/move", response=OrganizationOut)
def move_organization(request, org_id: int, payload: MoveIn):
    org = access(Organization, request.user, org_id)
    parent = access(Organization, request.user, payload.new_parent_id, field="new_parent_id")
    return services.organization_move(
        actor=request.user,
        org=org,
        new_parent=parent,
        version=payload.version,
        reason=payload.reason,
    )


@router.get("/employers", response=list[EmployerOut])
@paginate(CappedPagination, page_size=100)
def list_employers(request, filters: Query[EmployerFilters]):
    require(request.user, "employers.view")
    return queries.employer_list(user=request.user, filters=filters.dict())


@router.get("/employers/{employer_id}", response=EmployerOut)
def get_employer(request, employer_id: int):
    require(request.user, "employers.view")
    return queries.employer_get(user=request.user, pk=employer_id)


def _employer_refs(request, payload: EmployerIn) -> dict:
    data = payload.dict(exclude={"town_id", "union_id", "version"})
    data["town"] = access(
        queries.towns_visible(request.user), request.user, payload.town_id, field="town_id"
    )
    data["union"] = (
        access(Organization, request.user, payload.union_id, field="union_id")
        if payload.union_id
        else None
    )
    return data


@router.post("/employers", response={201: EmployerOut})
def create_employer(request, payload: EmployerIn):
    return 201, services.employer_create(actor=request.user, **_employer_refs(request, payload))


@router.put("/employers/{employer_id}", response=EmployerOut)
def update_employer(request, employer_id: int, payload: EmployerPatch):
    employer = access(Employer, request.user, employer_id)
    return services.employer_update(
        actor=request.user,
        employer=employer,
        version=payload.version,
        **_employer_refs(request, payload),
    )


@router.get("/terms/due", response=TermsDueOut)
def terms_due(request):
    require(request.user, "orgs.view")
    lists = queries.terms_due(user=request.user, today=today(), days=settings.TERM_ALERT_DAYS)
    return {"overdue": list(lists["overdue"][:1000]), "due_soon": list(lists["due_soon"][:1000])}


@router.get("/coverage", response=list[CoverageOut])
def coverage(request):
    require(request.user, "orgs.view")
    return [
        {
            "unit_id": c.unit.pk,
            "unit_name": c.unit.name,
            "unit_kind": c.unit.kind,
            "unions": c.unions,
            "dual_display": c.dual_display,
            "women_org": c.women_org,
        }
        for c in queries.display_coverage(user=request.user)
    ]


class ElectionOut(Schema):
    id: int
    organization_id: int
    state: str
    planned_on: datetime.date
    term_years: int
    elected_on: datetime.date | None
    chair_name: str
    approval_doc_no: str
    approved_on: datetime.date | None
    version: int


@router.get("/orgs/elections/{election_id}", response=ElectionOut)
def get_election(request, election_id: int):
    return access(Election, request.user, election_id, "orgs.view")


add_action_endpoint(router, "/orgs/elections/{pk}/actions", ELECTION_WORKFLOW, ElectionOut)


# formation (ORG-3) and legal-person certificates (ORG-4): their own modules, on this router
def _mount_parts() -> None:
    from .api_certificates import router as certificates
    from .api_formation import router as formation

    router.add_router("/", formation)
    router.add_router("/", certificates)


_mount_parts()
