"""API of programs and grants (CARE-2), under /api/v1/assistance/: program kinds, programs
(list, one, create, edit), their budgets split to towns (and the split by member counts),
grants (the list page's filters, one, apply, the workflow's actions, batch approval).
Same services, queries and scope as the pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.money import ZERO, Money
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

from ..models import ProgramKind
from ..queries import grants as queries
from ..schemas.files import DocumentIn
from ..services import grants as services
from ..workflow import GRANT_WORKFLOW

router = Router()


class KindOut(Schema):
    id: int
    code: str
    name: str
    builtin: bool
    order: int


class KindIn(Schema):
    name: str = Field(max_length=50)
    order: int = Field(100, ge=0, le=32767)


class ProgramOut(Schema):
    id: int
    kind_id: int
    kind_code: str = Field(alias="kind.code")
    name: str
    year: int
    organizer_id: int
    budget: Money
    eligibility: str
    hardship_categories: list[str]
    standard_amount: Money | None
    cap_amount: Money | None
    once_per_person: bool
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    is_open: bool
    description: str
    version: int


class ProgramIn(Schema):
    kind_id: int
    name: str = Field(max_length=100)
    year: int = Field(ge=2000, le=2100)
    organizer_id: int
    budget: Money = ZERO
    eligibility: str = Field("any", max_length=20)
    hardship_categories: list[str] = Field(default_factory=list, max_length=3)
    standard_amount: Money | None = None
    cap_amount: Money | None = None
    once_per_person: bool = True
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    is_open: bool = True
    description: str = Field("", max_length=2000)


class ProgramEditIn(ProgramIn):
    version: int


class ProgramFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    kind: str = Field("", max_length=40, description="项目类别代码")
    is_open: bool | None = None


class BudgetRowOut(Schema):
    town_id: int | None
    town_name: str
    budget: Money
    committed: Money
    left: Money
    pending: Money


class ShareIn(Schema):
    town_id: int
    amount: Money


class BudgetsIn(Schema):
    version: int
    shares: list[ShareIn] = Field(default_factory=list, max_length=100)


class ProposalOut(Schema):
    town_id: int
    town_name: str
    members: int
    amount: Money


class GrantOut(Schema):
    id: int
    number: str
    program_id: int
    union_id: int
    town_id: int | None
    member_id: int | None
    hardship_file_id: int | None
    name: str
    ric_last4: str
    child_name: str
    school: str
    admission_year: int | None
    amount: Money
    reason: str
    bank_name: str
    account_last4: str
    state: str
    submitted_on: datetime.date
    reviewed_on: datetime.date | None
    approved_on: datetime.date | None
    paid_on: datetime.date | None
    decision_note: str
    failure_reason: str
    disbursement_id: int | None
    version: int


class GrantFilters(Schema):
    """The grant list page's filters (forms.grants.GrantFilterForm), read by the same query."""

    q: str = Field("", max_length=50, description="编号或姓名")
    org: int | None = Field(None, description="组织编号：该组织及其下级的资金")
    program: int | None = Field(None, description="项目编号")
    kind: str = Field("", max_length=40, description="项目类别代码")
    state: str = Field("", max_length=20)
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="项目年度")
    paid_from: datetime.date | None = Field(None, description="发放日期起（含）")
    paid_to: datetime.date | None = Field(None, description="发放日期止（含）")
    category: str = Field("", max_length=20, description="困难类别")
    town: int | None = Field(None, description="镇街编号")


class ApplyIn(Schema):
    program_id: int
    union_id: int | None = Field(None, description="申报工会；默认您所在的基层工会")
    member_id: int | None = None
    name: str = Field("", max_length=50)
    ric: str = Field("", max_length=30)
    amount: Money | None = Field(None, description="留空按项目标准金额")
    child_name: str = Field("", max_length=50)
    school: str = Field("", max_length=100)
    admission_year: int | None = Field(None, ge=1990, le=2100)
    reason: str = Field("", max_length=500)
    bank_name: str = Field("", max_length=60)
    account: str = Field("", max_length=30)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=12)


class BatchIn(Schema):
    grant_ids: list[int] = Field(..., min_length=1, max_length=services.BATCH_MAX)
    note: str = Field("", max_length=300)
    dry_run: bool = Field(False, description="只计算，不批准（确认前查看）")


class RefusalOut(Schema):
    grant_id: int
    number: str
    name: str
    amount: Money
    reason: str
    link: str


class BatchOut(Schema):
    approved: int
    total: Money
    refused: list[RefusalOut]
    dry_run: bool


# ---- kinds and programs ----------------------------------------------------------------------


@router.get("/assistance/program-kinds", response=list[KindOut])
def list_kinds(request):
    require(request.user, queries.VIEW)
    return list(queries.program_kinds())


@router.post("/assistance/program-kinds", response={201: KindOut})
def create_kind(request, payload: KindIn):
    return 201, services.program_kind_create(actor=request.user, **payload.dict())


@router.get("/assistance/programs", response=list[ProgramOut])
@paginate(CappedPagination, page_size=100)
def list_programs(request, filters: Query[ProgramFilters]):
    require(request.user, queries.VIEW)
    return queries.program_list(user=request.user, filters=filters.dict())


@router.get("/assistance/programs/{program_id}", response=ProgramOut)
def get_program(request, program_id: int):
    return queries.program_get(user=request.user, pk=program_id)


def _program_fields(request, payload: ProgramIn) -> dict:
    data = payload.dict(exclude={"kind_id", "organizer_id", "version"})
    kind = ProgramKind.objects.filter(pk=payload.kind_id).first() if payload.kind_id else None
    if kind is None or not 0 < payload.kind_id < 2**31:
        raise ApplicationError("项目类别不存在。", field="kind_id")
    data["kind"] = kind
    data["organizer"] = access(
        Organization, request.user, payload.organizer_id, field="organizer_id"
    )
    return data


@router.post("/assistance/programs", response={201: ProgramOut})
def create_program(request, payload: ProgramIn):
    require(request.user, services.MANAGE)
    data = _program_fields(request, payload)
    return 201, services.program_create(actor=request.user, **data)


@router.put("/assistance/programs/{program_id}", response=ProgramOut)
def update_program(request, program_id: int, payload: ProgramEditIn):
    """The whole program, with the version read (409 when someone saved it since)."""
    require(request.user, services.MANAGE)
    program = queries.program_get(user=request.user, pk=program_id)
    data = _program_fields(request, payload)
    return services.program_update(
        actor=request.user, program=program, version=payload.version, **data
    )


def _budget_rows(request, program) -> list[dict]:
    return [
        {
            "town_id": r["town"].pk if r["town"] else None,
            "town_name": r["town"].name if r["town"] else "项目本级",
            **{k: r[k] for k in ("budget", "committed", "left", "pending")},
        }
        for r in queries.program_budget_rows(user=request.user, program=program)
    ]


@router.get("/assistance/programs/{program_id}/budgets", response=list[BudgetRowOut])
def get_budgets(request, program_id: int):
    program = queries.program_get(user=request.user, pk=program_id)
    return _budget_rows(request, program)


@router.put("/assistance/programs/{program_id}/budgets", response=list[BudgetRowOut])
def set_budgets(request, program_id: int, payload: BudgetsIn):
    """The towns' shares, exactly these (a town left out has none)."""
    require(request.user, services.MANAGE)
    program = queries.program_get(user=request.user, pk=program_id)
    shares: dict = {}
    for share in payload.shares:
        if not 0 < share.town_id < 2**31:
            raise ApplicationError("镇街不存在。", field="shares")
        shares[share.town_id] = share.amount
    program = services.program_budgets_set(
        actor=request.user, program=program, version=payload.version, shares=shares
    )
    return _budget_rows(request, program)


@router.get("/assistance/programs/{program_id}/budgets/proposal", response=list[ProposalOut])
def budget_proposal(request, program_id: int):
    """The budget split in proportion to the towns' member counts (nothing is saved)."""
    program = queries.program_get(user=request.user, pk=program_id)
    towns = list(queries.towns_for_split(user=request.user, program=program))
    parts = services.budget_proposal(program, towns)
    counts = services.town_member_counts(towns)
    return [
        {"town_id": t.pk, "town_name": t.name, "members": n, "amount": parts[t.pk]}
        for t, n in zip(towns, counts, strict=True)
    ]


# ---- grants ----------------------------------------------------------------------------------


@router.get("/assistance/grants", response=list[GrantOut])
@paginate(CappedPagination, page_size=100)
def list_grants(request, filters: Query[GrantFilters]):
    require(request.user, queries.VIEW)
    return queries.grant_list(user=request.user, filters=filters.dict())


# Before "/assistance/grants/{grant_id}", which would take its path.
@router.post("/assistance/grants/approve-batch", response=BatchOut)
def approve_batch(request, payload: BatchIn):
    """Approve many reviewed grants at once (budget and "paid once" checked exactly);
    `dry_run` says what would happen."""
    result = services.grants_approve_batch(
        actor=request.user,
        grant_ids=payload.grant_ids,
        note=payload.note,
        dry_run=payload.dry_run,
    )
    return result.as_dict()


@router.get("/assistance/grants/{grant_id}", response=GrantOut)
def get_grant(request, grant_id: int):
    return queries.grant_get(user=request.user, pk=grant_id)


@router.post("/assistance/grants", response={201: GrantOut})
def apply_grant(request, payload: ApplyIn):
    require(request.user, services.APPLY)
    program = queries.program_get(user=request.user, pk=payload.program_id)
    union_id = payload.union_id or request.user.organization_id
    union = access(Organization, request.user, union_id, field="union_id")
    member = (
        access(Member, request.user, payload.member_id, field="member_id")
        if payload.member_id
        else None
    )
    data = payload.dict(exclude={"program_id", "union_id", "member_id", "documents"})
    documents = [(d.kind, d.upload()) for d in payload.documents]
    return 201, services.grant_apply(
        actor=request.user,
        program=program,
        union=union,
        member=member,
        documents=documents,
        **data,
    )


add_action_endpoint(router, "/assistance/grants/{pk}/actions", GRANT_WORKFLOW, GrantOut)
