"""API of plan years (CARE-3), under /api/v1/mutualaid/plans: the list, one year with its
items and diseases, create, update (the whole year with the version read; 409 when someone
saved it since), copy to the next year, and the workflow's actions (open, close, reopen).
Same services, queries and scope as the pages. A ratio is given and shown as a percentage
(`ratio_percent`, 0–100); `ratio` (0–1) is what the claims compute with."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.money import Money
from gonghui.core.permissions import require
from gonghui.core.workflow_api import add_action_endpoint

from ..choices import BenefitKind, CountedWhen, PlanState
from ..queries import plans as queries
from ..rules import plans as rules
from ..services import plans as services
from ..workflow import PLAN_WORKFLOW

router = Router()


def _percent(value: Decimal) -> Decimal:
    if problem := rules.percent_problem(value):
        raise ValueError(problem)
    return value


Percent = Annotated[Decimal, AfterValidator(_percent)]


class DiseaseOut(Schema):
    id: int
    code: str
    name: str
    amount: Money


class ItemOut(Schema):
    id: int
    kind: str
    name: str
    deductible: Money
    ratio: Decimal = Field(description="资助比例（0–1，计算所用）")
    ratio_percent: Decimal = Field(description="资助比例（百分比）")
    per_claim_cap: Money | None
    yearly_cap: Money | None
    waiting_applies: bool
    formula: str
    diseases: list[DiseaseOut]

    @staticmethod
    def resolve_ratio_percent(item) -> Decimal:
        return (item.ratio * rules.HUNDRED).quantize(Decimal("0.01"))

    @staticmethod
    def resolve_formula(item) -> str:
        return rules.formula_text(item)

    @staticmethod
    def resolve_diseases(item) -> list:
        return list(item.diseases.all())


class PlanOut(Schema):
    id: int
    year: int
    name: str
    organizer_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    enroll_closes_on: datetime.date | None
    contribution: Money
    age_limit_male: int
    age_limit_female: int
    waiting_days: int
    claim_window_days: int
    counted_when: str
    state: str
    is_demo: bool
    previous_id: int | None
    note: str
    version: int


class PlanDetailOut(PlanOut):
    items: list[ItemOut]
    committed_claims: int

    @staticmethod
    def resolve_items(plan) -> list:
        return queries.plan_items(plan)

    @staticmethod
    def resolve_committed_claims(plan) -> int:
        return queries.committed_claims(plan)


class DiseaseIn(Schema):
    code: str = Field("", max_length=rules.CODE_MAX, description="留空自动编号")
    name: str = Field(max_length=rules.DISEASE_NAME_MAX)
    amount: Money


class ItemIn(Schema):
    kind: BenefitKind
    name: str = Field("", max_length=rules.ITEM_NAME_MAX, description="留空为项目类别的名称")
    deductible: Money = Decimal("0.00")
    ratio_percent: Percent = Field(Decimal(0), description="资助比例（百分比，0–100）")
    per_claim_cap: Money | None = Field(None, description="每次上限；不填为不设")
    yearly_cap: Money | None = Field(None, description="年度上限；不填为不设")
    waiting_applies: bool | None = Field(None, description="适用观察期；不填时意外伤害为否")
    diseases: list[DiseaseIn] | None = Field(
        None, max_length=100, description="重大疾病的病种；不填为不改（新建时为无）"
    )

    def values(self) -> dict:
        values = {
            "name": self.name or rules.item_label(self.kind),
            "deductible": self.deductible,
            "ratio": self.ratio_percent / rules.HUNDRED,
            "per_claim_cap": self.per_claim_cap,
            "yearly_cap": self.yearly_cap,
            "waiting_applies": (
                self.waiting_applies
                if self.waiting_applies is not None
                else rules.item_defaults(self.kind)["waiting_applies"]
            ),
        }
        if self.diseases is not None:
            values["diseases"] = [d.dict() for d in self.diseases]
        return values


class PlanIn(Schema):
    year: int = Field(ge=rules.YEAR_MIN, le=rules.YEAR_MAX)
    name: str = Field(max_length=rules.NAME_MAX)
    starts_on: datetime.date
    ends_on: datetime.date
    enroll_closes_on: datetime.date | None = None
    contribution: Money
    age_limit_male: int = Field(60, ge=rules.AGE_MIN, le=rules.AGE_MAX)
    age_limit_female: int = Field(50, ge=rules.AGE_MIN, le=rules.AGE_MAX)
    waiting_days: int = Field(90, ge=0, le=rules.WAITING_MAX)
    claim_window_days: int = Field(365, ge=rules.WINDOW_MIN, le=rules.WINDOW_MAX)
    counted_when: CountedWhen = CountedWhen.PAID
    is_demo: bool = False
    note: str = Field("", max_length=rules.NOTE_MAX)
    items: list[ItemIn] = Field(
        default_factory=list, max_length=3, description="互助项目（每类至多一个）"
    )


class PlanEditIn(PlanIn):
    version: int


class CopyIn(Schema):
    version: int | None = Field(None, description="读到的版本（可不填）")


class PlanFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    state: PlanState | None = None


def _fields(payload: PlanIn, *, replace: bool) -> dict:
    """The service's keyword arguments; `replace`: kinds left out are removed (an update
    gives the whole year)."""
    data = payload.dict(exclude={"items", "version"})
    kinds = [i.kind for i in payload.items]
    if len(set(kinds)) != len(kinds):
        raise ApplicationError("每类互助项目只能有一个。", field="items")
    items = {str(i.kind): i.values() for i in payload.items}
    if replace:
        items = {kind: items.get(kind) for kind in BenefitKind.values}
    data["items"] = items
    data["counted_when"] = str(payload.counted_when)
    return data


@router.get("/mutualaid/plans", response=list[PlanOut])
@paginate(CappedPagination, page_size=100)
def list_plans(request, filters: Query[PlanFilters]):
    require(request.user, queries.VIEW)
    return queries.plan_list(user=request.user, filters=filters.dict())


@router.get("/mutualaid/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request, plan_id: int):
    return queries.plan_get(user=request.user, pk=plan_id)


@router.post("/mutualaid/plans", response={201: PlanDetailOut})
def create_plan(request, payload: PlanIn):
    require(request.user, services.MANAGE)
    return 201, services.plan_create(actor=request.user, **_fields(payload, replace=False))


@router.put("/mutualaid/plans/{plan_id}", response=PlanDetailOut)
def update_plan(request, plan_id: int, payload: PlanEditIn):
    """The whole year with the version read: items left out are removed; a critical item's
    `diseases` left out stay as they are."""
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=plan_id)
    return services.plan_update(
        actor=request.user,
        plan=plan,
        version=payload.version,
        **_fields(payload, replace=True),
    )


@router.post("/mutualaid/plans/{plan_id}/copy", response={201: PlanDetailOut})
def copy_plan(request, plan_id: int, payload: CopyIn):
    """The next year's plan (草拟) with every figure, item and disease of this one."""
    plan = queries.plan_get(user=request.user, pk=plan_id)
    return 201, services.plan_copy(actor=request.user, plan=plan, version=payload.version)


add_action_endpoint(router, "/mutualaid/plans/{pk}/actions", PLAN_WORKFLOW, PlanDetailOut)
