"""API of allocation (FUND-2), under /api/v1/finance: rules (list, one, create, change), the
allocations (list with the page's filters, one with each part's account), and a run started
as a job. Same services, queries and scope as the pages."""

from typing import Any

from django.urls import reverse
from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.errors import ApplicationError
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require

from ..queries import allocation as queries
from ..rules import allocation as rules
from ..schemas.allocation import (
    AllocationDetailOut,
    AllocationFilters,
    AllocationOut,
    RuleDetailOut,
    RuleFilters,
    RuleIn,
    RuleOut,
    RulePatch,
    RunIn,
    RunOut,
)
from ..services import allocation as services

router = Router()


def _rule_detail(user: Any, rule: Any) -> dict[str, Any]:
    figures = queries.rule_figures(user=user, rule=rule)
    return {
        **{name: getattr(rule, name) for name in RuleOut.model_fields},
        "allocated_count": figures["count"],
        "allocated_total": figures["total"],
        "example": [
            {"part": name, "label": label, "amount": amount}
            for name, label, amount in queries.rule_example(rule)
        ],
    }


@router.get("/finance/rules", response=list[RuleOut])
@paginate(CappedPagination, page_size=100)
def list_rules(request, filters: Query[RuleFilters]):
    require(request.user, queries.VIEW)
    return queries.rule_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get("/finance/rules/{rule_id}", response=RuleDetailOut)
def get_rule(request, rule_id: int):
    rule = queries.rule_get(user=request.user, pk=rule_id)
    return _rule_detail(request.user, rule)


@router.post("/finance/rules", response={201: RuleDetailOut})
def create_rule(request, payload: RuleIn):
    require(request.user, services.MANAGE)
    rule = services.rule_create(actor=request.user, **payload.dict())
    return 201, _rule_detail(request.user, rule)


@router.patch("/finance/rules/{rule_id}", response=RuleDetailOut)
def update_rule(request, rule_id: int, payload: RulePatch):
    """Only the fields given change. A rule that allocated collections keeps its shares."""
    require(request.user, services.MANAGE)
    rule = queries.rule_get(user=request.user, pk=rule_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    for name in ("name", *rules.SHARES, "refund_due_days", "is_demo", "note", "effective_from"):
        if name in changes and changes[name] is None:
            raise ApplicationError("该项不能为空。", field=name)
    saved = services.rule_update(actor=request.user, rule=rule, version=version, **changes)
    return _rule_detail(request.user, saved)


@router.get("/finance/allocations", response=list[AllocationOut])
@paginate(CappedPagination, page_size=100)
def list_allocations(request, filters: Query[AllocationFilters]):
    require(request.user, queries.VIEW)
    return queries.allocation_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get("/finance/allocations/{allocation_id}", response=AllocationDetailOut)
def get_allocation(request, allocation_id: int):
    a = queries.allocation_get(user=request.user, pk=allocation_id)
    a.parts = [
        {
            "part": p["name"],
            "label": p["label"],
            "amount": p["amount"],
            "org_id": p["org"].pk,
            "org": p["org"].name,
            "account": p["account"],
        }
        for p in queries.part_accounts(a)
    ]
    return a


def _month(text: str | None, field: str) -> Any:
    month, problem = rules.parse_month(text)
    if problem:
        raise ApplicationError(problem, field=field)
    return month


@router.post("/finance/allocation-runs", response={202: RunOut})
def start_run(request, payload: RunIn):
    """Start an allocation run over a period (both empty: every pending collection); the
    job's progress and result at /api/v1/jobs/{job_id}."""
    require(request.user, services.ALLOCATE)
    job = services.allocation_start(
        actor=request.user,
        period_from=_month(payload.period_from, "period_from"),
        period_to=_month(payload.period_to, "period_to"),
    )
    return 202, {
        "job_id": job.pk,
        "status": job.status,
        "url": reverse("core:job_detail", args=[job.pk]),
    }
