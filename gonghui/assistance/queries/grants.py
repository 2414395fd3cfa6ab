"""Reads of programs and grants (CARE-2), every one within the user's data scope.

A program is seen by everyone under its organizer (a district program by every union that
may apply to it) and by whoever's subtree holds the organizer; a grant by whoever's subtree
holds its union (core.scope)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from gonghui.core.forms import as_int
from gonghui.core.money import ZERO, money
from gonghui.core.scope import user_scope_path
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import COMMITTED_GRANT_STATES, GrantState
from ..models import Grant, Program, ProgramBudget, ProgramKind

VIEW = "assistance.view"


def _ancestors(path: str) -> list[str]:
    """ "/1/5/123/" -> ["/1/", "/1/5/", "/1/5/123/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def programs_visible(user: Any, action: str = VIEW) -> QuerySet[Program]:
    if user is None or not user.can(action):
        return Program.objects.none()
    path = user_scope_path(user)
    if path is None:
        return Program.objects.none()
    return Program.objects.filter(
        Q(org_path__startswith=path) | Q(org_path__in=_ancestors(path))
    ).select_related("kind", "organizer")


def program_get(*, user: Any, pk: Any, action: str = VIEW) -> Program:
    from gonghui.core.permissions import require
    from gonghui.core.storable import id_in_range

    require(user, action)
    if not id_in_range(pk):
        raise Http404("未找到该记录。")
    found = programs_visible(user, action).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该记录。")
    return found


def program_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Program]:
    filters = filters or {}
    qs = programs_visible(user)
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if kind := filters.get("kind"):
        qs = qs.filter(kind__code=kind)
    if (is_open := filters.get("is_open")) in ("yes", "no", True, False):
        qs = qs.filter(is_open=is_open in ("yes", True))
    return qs.order_by("-year", "kind__order", "pk")


def program_kinds() -> QuerySet[ProgramKind]:
    return ProgramKind.objects.all()


def program_budget_rows(*, user: Any, program: Program) -> list[dict[str, Any]]:
    """Budget, committed (approved or paid) and left per town the user sees, and the
    program's own rest (unions outside the towns with a share) when the user sees it."""
    shares = {
        b.town_id: b for b in ProgramBudget.objects.filter(program=program).select_related("town")
    }
    committed = dict(
        Grant.objects.filter(program=program, state__in=list(COMMITTED_GRANT_STATES))
        .values("town_id")
        .annotate(s=Sum("amount"))
        .values_list("town_id", "s")
    )
    applied = dict(
        Grant.objects.filter(program=program, state__in=[GrantState.SUBMITTED, GrantState.REVIEWED])
        .values("town_id")
        .annotate(s=Sum("amount"))
        .values_list("town_id", "s")
    )
    path = user_scope_path(user) or "\0"
    rows = []
    for town_id, b in sorted(shares.items(), key=lambda kv: kv[1].town.path):
        if not (b.town.path.startswith(path) or path.startswith(b.town.path)):
            continue
        used = money(committed.get(town_id) or ZERO)
        rows.append(
            {
                "town": b.town,
                "budget": b.amount,
                "committed": used,
                "left": b.amount - used,
                "pending": money(applied.get(town_id) or ZERO),
            }
        )
    if program.org_path.startswith(path) or not shares:
        rest = money(program.budget) - sum((b.amount for b in shares.values()), ZERO)
        used = sum((money(s) for t, s in committed.items() if t not in shares), ZERO)
        pending = sum((money(s) for t, s in applied.items() if t not in shares), ZERO)
        rows.append(
            {
                "town": None,
                "budget": rest,
                "committed": used,
                "left": rest - used,
                "pending": pending,
            }
        )
    return rows


def towns_for_split(*, user: Any, program: Program) -> QuerySet[Organization]:
    """The towns a program's budget may be split to: under its organizer, in the user's scope."""
    return (
        Organization.objects.visible_to(user)
        .filter(kind=OrgKind.TOWN, path__startswith=program.org_path)
        .order_by("path")
    )


# ---- grants ----------------------------------------------------------------------------------


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def grant_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Grant]:
    """The grant list as its page filters it (forms.grants.GrantFilterForm; the names are
    the indicator catalog's drill-down: org, program, kind, state, year, paid_from, paid_to,
    category, town)."""
    filters = filters or {}
    qs = Grant.objects.visible_to(user, VIEW)
    if org := as_int(filters.get("org")):
        found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
        qs = qs.within(found[0]) if found else qs.none()
    if program := as_int(filters.get("program")):
        qs = qs.filter(program_id=program)
    if kinds := filters.get("kind"):  # one code, or several (the form's multiple choice)
        qs = qs.filter(program__kind__code__in=[kinds] if isinstance(kinds, str) else kinds)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if year := as_int(filters.get("year")):
        qs = qs.filter(program__year=year)
    if paid_from := _day(filters.get("paid_from")):
        qs = qs.filter(paid_on__gte=paid_from)
    if paid_to := _day(filters.get("paid_to")):
        qs = qs.filter(paid_on__lte=paid_to)
    if category := filters.get("category"):
        qs = qs.filter(hardship_file__category=category)
    if town := as_int(filters.get("town")):
        qs = qs.filter(town_id=town)
    if q := (filters.get("q") or "").strip():
        # a number, a name, or the RIC's last 4 (as the pages show it)
        found = Q(number=q.upper()) | Q(name=q)
        qs = qs.filter(found | Q(ric_last4=q.upper()) if len(q) == 4 else found)
    return qs.select_related("program", "program__kind", "union", "town").order_by(
        "-submitted_on", "-pk"
    )


def grant_get(*, user: Any, pk: Any) -> Grant:
    from gonghui.core.scope import access

    return access(
        Grant.objects.select_related(
            "program", "program__kind", "union", "town", "member", "hardship_file", "disbursement"
        ),
        user,
        pk,
        VIEW,
    )


def grant_totals(qs: QuerySet[Grant]) -> dict[str, Any]:
    found = qs.order_by().aggregate(s=Sum("amount"))
    return {"total": money(found["s"] or ZERO)}


def grants_to_review(user: Any) -> QuerySet[Grant]:
    return grant_list(user=user, filters={"state": GrantState.SUBMITTED})


def grants_to_approve(user: Any) -> QuerySet[Grant]:
    return grant_list(user=user, filters={"state": GrantState.REVIEWED})


def batch_candidates(*, user: Any, filters: dict[str, Any]) -> QuerySet[Grant]:
    """The reviewed grants the batch page would approve: the list's filters, state reviewed."""
    return grant_list(user=user, filters={**filters, "state": GrantState.REVIEWED})


def batch_summary(qs: QuerySet[Grant]) -> tuple[int, Decimal]:
    found = qs.order_by().aggregate(s=Sum("amount"))
    return qs.count(), money(found["s"] or ZERO)
