"""Reads of the model-worker registry and its benefits (MERIT-2), within the user's scope.

A registry row is seen by whoever's subtree holds its union (core.scope). Benefits are the
district's data, read by everyone who may view merit. The care a model worker received is
the person's assistance grants (by member, or by RIC digest for a worker who is not a
member), read through the assistance app's own scope."""

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.clock import today
from gonghui.core.forms import as_flag, as_int
from gonghui.core.identity import ric_hash
from gonghui.core.ids import normalize_code
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Organization

from ..models import Honor, HonorType, ModelWorker, ModelWorkerBenefit
from ..rules import workers as rules

VIEW = "merit.view"
MANAGE = "merit.model_workers.manage"
GRANTS_VIEW = "assistance.view"
GRANTS_APPLY = "assistance.grants.apply"


def _org_path(user: Any, pk: Any) -> str | None:
    if not id_in_range(pk):
        return None
    return (
        Organization.objects.visible_to(user).filter(pk=pk).values_list("path", flat=True).first()
    )


def model_worker_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """The list's filters: org (an indicator's drill-down), town, union, level, state,
    standing (在册 or retired), year, year_to (a title of that year or before), member, q (a name, or a whole RIC / its last 4)."""
    if org := as_int(f.get("org")):
        path = _org_path(user, org)
        qs = qs.within(path) if path else qs.none()
    if town := as_int(f.get("town")):
        path = _org_path(user, town)
        qs = qs.within(path) if path else qs.none()
    if union := as_int(f.get("union")):
        qs = qs.filter(union_id=union)
    if level := f.get("level"):
        qs = qs.filter(level=level)
    if state := f.get("state"):
        qs = qs.filter(state=state)
    if (standing := as_flag(f.get("standing"))) is not None:
        qs = (
            qs.filter(state__in=rules.STANDING)
            if standing
            else qs.exclude(state__in=rules.STANDING)
        )
    if year := as_int(f.get("year")):
        qs = qs.filter(year=year)
    if year_to := as_int(f.get("year_to")):
        qs = qs.filter(year__lte=year_to)
    if member := as_int(f.get("member")):
        qs = qs.filter(member_id=member)
    if q := str(f.get("q") or "").strip():
        code = normalize_code(q)
        if len(code) == 18:
            qs = qs.filter(ric_hash=ric_hash(code))
        elif len(code) == 4 and code[:3].isdigit():
            qs = qs.filter(Q(ric_last4=code) | Q(name__contains=q))
        else:
            qs = qs.filter(name__contains=q)
    return qs


def model_worker_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[ModelWorker]:
    qs = model_worker_filter(ModelWorker.objects.visible_to(user, VIEW), user, filters or {})
    return qs.select_related("employer", "union", "honor__honor_type").order_by(
        "-year", "name", "pk"
    )


def model_worker_get(*, user: Any, pk: Any) -> ModelWorker:
    return access(
        ModelWorker.objects.select_related(
            "employer", "union", "member", "honor__honor_type", "honor__nomination"
        ),
        user,
        pk,
        VIEW,
    )


def other_honors(user: Any, worker: ModelWorker) -> QuerySet[Honor]:
    """The person's other honors over the years: by member, or by name and union for a
    person who is not a member (an honor carries no RIC of its own)."""
    qs = Honor.objects.visible_to(user, VIEW).exclude(pk=worker.honor_id)
    if worker.member_id:
        qs = qs.filter(member_id=worker.member_id)
    else:
        qs = qs.filter(member=None, name=worker.name, union_id=worker.union_id)
    return qs.select_related("honor_type").order_by("-year", "pk")


def state_history(worker: ModelWorker) -> list[Any]:
    """The row's audit entries (entered, state changes, edits), oldest first."""
    from gonghui.core.models import AuditEntry

    return list(
        AuditEntry.objects.filter(
            target_type="merit.modelworker", target_id=str(worker.pk)
        ).order_by("at", "pk")
    )


def honor_types_conferring() -> QuerySet[HonorType]:
    """The titles a model worker of earlier years may be entered under."""
    return HonorType.objects.filter(confers_model_worker=True, subject="person").order_by(
        "order", "pk"
    )


# ---- benefits ----------------------------------------------------------------------------


def benefit_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet:
    from gonghui.core.permissions import require

    require(user, VIEW)
    f = filters or {}
    qs = ModelWorkerBenefit.objects.all()
    if level := f.get("level"):
        qs = qs.filter(level=level)
    if kind := f.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.order_by("level", "kind", "-effective_from", "-pk")


def benefit_get(*, user: Any, pk: Any) -> ModelWorkerBenefit:
    from django.http import Http404

    from gonghui.core.permissions import require

    require(user, VIEW)
    found = ModelWorkerBenefit.objects.filter(pk=pk).first() if id_in_range(pk) else None
    if found is None:
        raise Http404("未找到该记录。")
    return found


def benefits_in_force(level: str, day: Any = None) -> list[ModelWorkerBenefit]:
    return rules.in_force(ModelWorkerBenefit.objects.filter(level=level), day or today())


# ---- care: assistance grants -------------------------------------------------------------


def care_grants(user: Any, worker: ModelWorker) -> QuerySet:
    """The person's assistance grants (health checks, condolences, hardship aid) the user
    may see: by member, or by the RIC's digest."""
    from gonghui.assistance.models import Grant

    if not user.can(GRANTS_VIEW):
        return Grant.objects.none()
    who = Q(pk__in=[])
    if worker.member_id:
        who |= Q(member_id=worker.member_id)
    if worker.ric_hash:
        who |= Q(ric_hash=worker.ric_hash)
    return (
        Grant.objects.visible_to(user, GRANTS_VIEW)
        .filter(who)
        .select_related("program", "program__kind")
        .order_by("-submitted_on", "-pk")
    )


def care_programs(user: Any) -> list[Any]:
    """Open assistance programs the user may apply to, those for model workers first: the
    "登记慰问/体检" buttons."""
    from gonghui.assistance.choices import Eligibility
    from gonghui.assistance.queries.grants import programs_visible

    if not user.can(GRANTS_APPLY):
        return []
    year = today().year
    rows = programs_visible(user, GRANTS_APPLY).filter(is_open=True, year__gte=year - 1)
    return sorted(
        rows[:50], key=lambda p: (p.eligibility != Eligibility.MODEL_WORKER, -p.year, p.pk)
    )
