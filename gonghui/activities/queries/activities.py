"""Reads of activities and registrations (MERIT-4).

An activity is run by an organization for its whole subtree, so besides the activities of
the user's own subtree (their own organizers) a user sees those of the organizations above
theirs: a grassroots chair sees the district's and their town's activities to register
their members for them. Registrations are scoped by the member's union (`org_path`), so a
chair sees their own members' registrations only, the organizer all of them.
"""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.permissions import require
from gonghui.core.scope import user_scope_path
from gonghui.core.storable import id_in_range
from gonghui.orgs.models import Organization

from ..choices import ActivityState, RegistrationState
from ..models import Activity, Registration

VIEW = "activities.view"
MANAGE = "activities.manage"
REGISTER = "activities.register"
# Not held: still being prepared, or called off (the indicator catalog's 举办).
NOT_HELD = (ActivityState.DRAFT, ActivityState.CANCELLED)


def ancestor_paths(path: str) -> list[str]:
    """ "/1/5/9/" -> ["/1/", "/1/5/", "/1/5/9/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def activities_visible(user: Any, action: str | None = VIEW) -> QuerySet[Activity]:
    """Activities of the user's subtree and of the organizations above theirs."""
    if action is not None and (user is None or not user.can(action)):
        return Activity.objects.none()
    path = user_scope_path(user)
    if path is None:
        return Activity.objects.none()
    return Activity.objects.filter(
        Q(org_path__in=ancestor_paths(path)) | Q(org_path__startswith=path)
    )


def activities_managed(user: Any) -> QuerySet[Activity]:
    """The activities the user runs: organized in their own subtree, with activities.manage."""
    return Activity.objects.visible_to(user, MANAGE)


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.CONFIRMED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)
        ),
        checked_in_count=Count(
            "registrations",
            filter=Q(
                registrations__state=RegistrationState.CONFIRMED,
                registrations__checked_in_at__isnull=False,
            ),
        ),
    )


def within_org(user: Any, qs: QuerySet, org: Any) -> QuerySet:
    """Rows of the subtree of organization `org` (an id; the drill-down's `org`), none when
    the user does not see that organization."""
    found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
    return qs.within(found[0]) if found else qs.none()


def held_q(value: Any, prefix: str = "") -> Q:
    """`held` yes: neither draft nor cancelled; no: one of them; 全部: no condition."""
    wanted = as_flag(value)
    if wanted is None:
        return Q()
    q = Q(**{f"{prefix}state__in": NOT_HELD})
    return ~q if wanted else q


def starts_q(filters: dict[str, Any], prefix: str = "") -> Q:
    """`starts_from` / `starts_to`: the activity's start, local days."""
    q = Q()
    if since := as_date(filters.get("starts_from")):
        q &= Q(**{f"{prefix}starts_at__date__gte": since})
    if until := as_date(filters.get("starts_to")):
        q &= Q(**{f"{prefix}starts_at__date__lte": until})
    return q


def activity_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[Activity]:
    """The list as its page filters it (forms.activities.ActivityFilterForm): year, kind,
    state, organizer, name, today, and the indicator catalog's held, starts_from /
    starts_to, org (the organizer's subtree)."""
    qs = activities_visible(user).select_related("organizer")
    if year := as_int(filters.get("year")):
        qs = qs.filter(year=year)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if organizer := as_int(filters.get("organizer")):
        qs = qs.filter(organizer_id=organizer)
    if filters.get("name"):
        qs = qs.filter(name__contains=filters["name"])
    if filters.get("today") == "yes":
        qs = qs.filter(pk__in=to_check_in_today(user).values("pk"))
    qs = qs.filter(held_q(filters.get("held")), starts_q(filters))
    if org := as_int(filters.get("org")):
        qs = within_org(user, qs, org)
    return with_counts(qs).order_by("-starts_at", "id")


def _get(qs: QuerySet, pk: Any) -> Any:
    try:
        if id_in_range(pk):
            return qs.get(pk=pk)
    except (Activity.DoesNotExist, Registration.DoesNotExist, ValueError, TypeError):
        pass
    raise Http404("未找到该记录。")


def activity_get(*, user: Any, pk: Any, action: str | None = None) -> Activity:
    """One activity the user may see; 403 without `action`, 404 when not theirs."""
    require(user, VIEW)
    if action is not None:
        require(user, action)
    return _get(with_counts(activities_visible(user)).select_related("organizer"), pk)


def may_manage(user: Any, activity: Activity) -> bool:
    return activities_managed(user).filter(pk=activity.pk).exists()


def registrations_visible(user: Any, action: str | None = VIEW) -> QuerySet[Registration]:
    return Registration.objects.visible_to(user, action).select_related(
        "member", "union", "activity"
    )


def registration_list(*, user: Any, filters: dict[str, Any]) -> QuerySet[Registration]:
    """The list as its page filters it (forms.activities.RegistrationFilterForm): activity,
    state, union, checked_in, and the activity's year, held, starts_from / starts_to; org
    (the member's union's subtree: the indicator catalog's drill-down)."""
    qs = registrations_visible(user)
    if activity := as_int(filters.get("activity")):
        qs = qs.filter(activity_id=activity)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if union := as_int(filters.get("union")):
        qs = qs.filter(union_id=union)
    if filters.get("checked_in") == "yes":
        qs = qs.filter(checked_in_at__isnull=False)
    if filters.get("checked_in") == "no":
        qs = qs.filter(checked_in_at__isnull=True)
    if year := as_int(filters.get("year")):
        qs = qs.filter(activity__year=year)
    qs = qs.filter(held_q(filters.get("held"), "activity__"), starts_q(filters, "activity__"))
    if org := as_int(filters.get("org")):
        qs = within_org(user, qs, org)
    return qs.order_by("activity_id", "position")


def registration_get(*, user: Any, pk: Any, action: str | None = None) -> Registration:
    require(user, VIEW)
    if action is not None:
        require(user, action)
    return _get(registrations_visible(user), pk)


def waitlisted_positions(activity: Activity) -> list[int]:
    return list(
        activity.registrations.filter(state=RegistrationState.WAITLISTED).values_list(
            "position", flat=True
        )
    )


def checkin_rows(*, user: Any, activity: Activity, q: str = "") -> QuerySet[Registration]:
    """The confirmed registrations at the desk: by part of the name or the phone's last 4."""
    qs = registrations_visible(user, MANAGE).filter(
        activity=activity, state=RegistrationState.CONFIRMED
    )
    q = (q or "").strip()
    if q.isdigit() and len(q) == 4:
        qs = qs.filter(member__phone_last4=q)
    elif q:
        qs = qs.filter(member__name__contains=q)
    return qs.order_by("checked_in_at", "member__name", "position")


def today_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    day = today()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def to_check_in_today(user: Any) -> QuerySet[Activity]:
    """The user's activities that start today (their desk's check-in)."""
    start, end = today_bounds()
    return activities_managed(user).filter(
        starts_at__gte=start,
        starts_at__lt=end,
        state__in=(ActivityState.OPEN, ActivityState.CLOSED),
    )


def to_check_in_today_count(user: Any) -> int:
    return to_check_in_today(user).count()


# ---- the members' phone pages ----------------------------------------------------------------


def open_for_members() -> QuerySet[Activity]:
    """What a member may register for on the phone today."""
    day = today()
    return (
        Activity.objects.filter(state=ActivityState.OPEN, member_registration=True)
        .filter(Q(registration_opens_on__isnull=True) | Q(registration_opens_on__lte=day))
        .filter(Q(registration_closes_on__isnull=True) | Q(registration_closes_on__gte=day))
        .select_related("organizer")
        .order_by("starts_at", "id")
    )


def public_activity(pk: Any) -> Activity:
    """An activity on the phone pages: any published one (not drafts)."""
    qs = with_counts(Activity.objects.exclude(state=ActivityState.DRAFT)).select_related(
        "organizer"
    )
    return _get(qs, pk)


def member_registrations(member: Any) -> list[dict[str, Any]]:
    """A member's registrations, newest activity first, each with its waiting rank."""
    rows = list(
        Registration.objects.filter(member=member)
        .select_related("activity", "union")
        .order_by("-activity__starts_at", "-position")
    )
    out = []
    for row in rows:
        rank = None
        if row.state == RegistrationState.WAITLISTED:
            rank = (
                row.activity.registrations.filter(
                    state=RegistrationState.WAITLISTED, position__lt=row.position
                ).count()
                + 1
            )
        out.append({"registration": row, "rank": rank})
    return out
