"""Collections API (/api/v1/finance/...): the same services, queries and scope as the
pages; every body field bounded, ids checked with core.scope.access. The tax file itself
is imported through /api/v1/imports with kind "finance.collections"."""

from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.orgs.models import Employer

from ..queries import collections as queries
from ..schemas.collections import (
    CollectionFilters,
    CollectionOut,
    JumpFilters,
    JumpOut,
    MatchIn,
    MatchOut,
    NonPayerFilters,
    NonPayerOut,
    PayerFilters,
    PayerOut,
    ReverseIn,
)
from ..services import collections as services

router = Router()


@router.get("/finance/collections", response=list[CollectionOut])
@paginate(CappedPagination, page_size=100)
def list_collections(request, filters: Query[CollectionFilters]):
    require(request.user, services.VIEW)
    return queries.collection_list(user=request.user, filters=filters.dict())


@router.get("/finance/collections/{collection_id}", response=CollectionOut)
def get_collection(request, collection_id: int):
    return queries.collection_get(user=request.user, pk=collection_id)


@router.post("/finance/collections/{collection_id}/match", response=MatchOut)
def match_collection(request, collection_id: int, payload: MatchIn):
    """Match an unmatched row (and, by default, every unmatched row of its USCC) to an
    employer; books 待认领 → 待分配."""
    require(request.user, services.MATCH)
    collection = queries.collection_get(user=request.user, pk=collection_id)
    employer = access(
        Employer.objects.visible_to(request.user, "employers.view"),
        request.user,
        payload.employer_id,
        field="employer_id",
    )
    rows = services.collection_match(
        actor=request.user,
        collection=collection,
        employer=employer,
        all_of_uscc=payload.all_of_uscc,
    )
    return {"matched": [row.pk for row in rows]}


@router.post("/finance/collections/{collection_id}/reverse", response={201: CollectionOut})
def reverse_collection(request, collection_id: int, payload: ReverseIn):
    """Reverse a standing row with a reason: the reversal row (201) and its voucher."""
    require(request.user, services.MATCH)
    collection = queries.collection_get(user=request.user, pk=collection_id)
    reversal = services.collection_reverse(
        actor=request.user, collection=collection, reason=payload.reason
    )
    return 201, reversal


@router.get("/finance/payers-without-union", response=list[PayerOut])
@paginate(CappedPagination, page_size=100)
def payers_without_union(request, filters: Query[PayerFilters]):
    require(request.user, services.VIEW)
    rows = queries.payers_without_union(user=request.user, filters=filters.dict())
    return [_payer(row) for row in rows]


def _payer(row: dict) -> dict:
    return {
        "uscc": row["uscc"],
        "employer_id": row["employer_id"],
        "name": row["employer__name"] or row["name"],
        "town": row["employer__town__name"],
        "has_union": row["employer__union_id"] is not None,
        "total": row["total"],
        "months": row["months"],
        "first": row["first"],
        "last": row["last"],
    }


@router.get("/finance/non-payers", response=list[NonPayerOut])
@paginate(CappedPagination, page_size=100)
def non_payers(request, filters: Query[NonPayerFilters]):
    require(request.user, services.VIEW)
    period, rows = queries.non_payers(user=request.user, filters=filters.dict())
    return [
        {
            "employer_id": e.pk,
            "name": e.name,
            "uscc": e.uscc,
            "town": e.town.name,
            "union_id": e.union_id,
            "union": e.union.name,
            "period": period,
            "last_paid": e.last_paid,
        }
        for e in rows
    ]


@router.get("/finance/payroll-jumps", response=list[JumpOut])
@paginate(CappedPagination, page_size=100)
def payroll_jumps(request, filters: Query[JumpFilters]):
    require(request.user, services.VIEW)
    rows = queries.payroll_jumps(user=request.user, filters=filters.dict())
    return [
        {
            "collection_id": r["id"],
            "uscc": r["uscc"],
            "employer_id": r["employer_id"],
            "employer_name": r["employer_name"],
            "fund_kind": r["fund_kind"],
            "period": r["period"],
            "payroll": r["payroll"],
            "previous_payroll": r["previous_payroll"],
            "change_percent": str(r["percent"]),
        }
        for r in rows
    ]
