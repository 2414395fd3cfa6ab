"""Reads of disbursement lists (CARE-2): every one starts from `visible_to`."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.core.forms import as_int
from gonghui.core.money import sum_money
from gonghui.core.scope import access
from gonghui.orgs.models import Organization

from ..choices import GrantState
from ..models import Disbursement, Grant, Program

PAY = "assistance.grants.pay"
VIEW = "assistance.view"


def disbursement_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet:
    """The lists the user sees, filtered as the list page's form gives (text accepted)."""
    filters = filters or {}
    rows = Disbursement.objects.visible_to(user, VIEW).select_related("program", "town")
    if program := as_int(filters.get("program")):
        rows = rows.filter(program_id=program)
    if town := as_int(filters.get("town")):
        rows = rows.filter(town_id=town)
    if state := filters.get("state"):
        rows = rows.filter(state=state)
    if year := as_int(filters.get("year")):
        rows = rows.filter(program__year=year)
    if org := as_int(filters.get("org")):
        found = Organization.objects.visible_to(user).filter(pk=org).first()
        rows = rows.within(found.path) if found is not None else rows.none()
    return rows.order_by("-issued_on", "-id")


def disbursement_get(*, user: Any, pk: Any) -> Disbursement:
    return access(
        Disbursement.objects.select_related("program", "town", "created_by"), user, pk, VIEW
    )


def disbursement_grants(*, user: Any, disbursement: Disbursement) -> QuerySet:
    return (
        Grant.objects.visible_to(user, VIEW)
        .filter(disbursement=disbursement)
        .select_related("union")
        .order_by("number")
    )


def disbursement_failures(*, user: Any, disbursement: Disbursement) -> QuerySet:
    return disbursement_grants(user=user, disbursement=disbursement).filter(
        state=GrantState.PAYMENT_FAILED
    )


def waiting_by_program(*, user: Any) -> list[dict[str, Any]]:
    """Programs with approved grants on no list yet (what a new list would take), in scope:
    [{program, count, total}], the newest year first."""
    rows = (
        Grant.objects.visible_to(user, PAY)
        .filter(state=GrantState.APPROVED, disbursement__isnull=True)
        .values("program_id")
        .annotate(count=Count("id"), total=sum_money("amount"))
    )
    figures = {r["program_id"]: r for r in rows}
    programs = Program.objects.filter(pk__in=list(figures)).select_related("kind")
    return [
        {"program": p, "count": figures[p.pk]["count"], "total": figures[p.pk]["total"]}
        for p in sorted(programs, key=lambda p: (-p.year, p.pk))
    ]


def waiting_count(user: Any) -> int:
    """Approved grants on no list yet (the district's to-do)."""
    return (
        Grant.objects.visible_to(user, PAY)
        .filter(state=GrantState.APPROVED, disbursement__isnull=True)
        .count()
    )


def failed_count(user: Any) -> int:
    """Grants whose payment failed and that wait to be reissued (the district's to-do)."""
    return Grant.objects.visible_to(user, PAY).filter(state=GrantState.PAYMENT_FAILED).count()


def payable_programs(user: Any) -> QuerySet:
    """Programs a list may be made for: those the user sees."""
    return Program.objects.visible_to(user, VIEW).select_related("kind")


def return_runs(*, user: Any, disbursement: Disbursement) -> QuerySet:
    """The bank-return imports of this list that the user sees."""
    from gonghui.core.importing.models import ImportRun

    return (
        ImportRun.objects.visible_to(user)
        .filter(kind="assistance.bank_return", target_id=disbursement.pk)
        .order_by("-created_at")
    )


def grant_counts(*, disbursement: Disbursement) -> dict[str, int]:
    return disbursement.grants.aggregate(
        waiting=Count("id", filter=Q(state=GrantState.APPROVED)),
        paid=Count("id", filter=Q(state=GrantState.PAID)),
        failed=Count("id", filter=Q(state=GrantState.PAYMENT_FAILED)),
    )
