"""Reads of reading-campaign submissions (MERIT-4), every one within the user's data scope:
an entry is seen by whoever's subtree holds its member's union (core.scope); the counts per
activity are the report's 共收到各类书评近500篇."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.core.forms import as_date, as_int
from gonghui.core.scope import access
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

from ..choices import ActivityState, SubmissionState
from ..models import Activity, Submission
from ..rules.submissions import SUBMISSION_KINDS

VIEW = "activities.view"
REVIEW = "activities.manage"


def submission_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Submission]:
    """The list as its page filters it (forms.submissions.SubmissionFilterForm): activity,
    year and kind (the activity's), state, union (a union's own entries), org (a subtree:
    the indicator catalog's drill-down), submitted_from / submitted_to (local days), q
    (title or book), prized, reviewable (entries of activities the user judges)."""
    filters = filters or {}
    qs = Submission.objects.visible_to(user, VIEW)
    if activity := as_int(filters.get("activity")):
        qs = qs.filter(activity_id=activity)
    if year := as_int(filters.get("year")):
        qs = qs.filter(activity__year=year)
    if kind := filters.get("kind"):
        qs = qs.filter(activity__kind=kind)
    if since := as_date(filters.get("submitted_from")):
        qs = qs.filter(submitted_at__date__gte=since)
    if until := as_date(filters.get("submitted_to")):
        qs = qs.filter(submitted_at__date__lte=until)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if union := as_int(filters.get("union")):
        qs = qs.filter(union_id=union)
    if org := as_int(filters.get("org")):
        found = Organization.objects.visible_to(user).filter(pk=org).values_list("path", flat=True)
        qs = qs.within(found[0]) if found else qs.none()
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(book__icontains=q))
    if filters.get("prized") in (True, "yes"):
        qs = qs.exclude(prize="")
    elif filters.get("prized") in (False, "no"):
        qs = qs.filter(prize="")
    if filters.get("reviewable") in (True, "yes"):
        qs = qs.filter(activity_id__in=reviewable_activities(user))
    elif filters.get("reviewable") in (False, "no"):
        qs = qs.exclude(activity_id__in=reviewable_activities(user))
    return qs.select_related("activity", "member", "union").order_by("-submitted_at", "-pk")


def reviewable_activities(user: Any) -> QuerySet:
    """The activities whose entries the user judges: organized in their subtree."""
    return Activity.objects.visible_to(user, REVIEW).values("pk")


def to_review_count(user: Any) -> int:
    """The home page's to-do: entries waiting for the user's review."""
    filters = {"state": SubmissionState.RECEIVED, "reviewable": "yes"}
    return submission_list(user=user, filters=filters).count()


def submission_get(*, user: Any, pk: Any, action: str = VIEW) -> Submission:
    return access(
        Submission.objects.select_related("activity__organizer", "member", "union", "created_by"),
        user,
        pk,
        action,
    )


def submission_counts(*, user: Any, year: int | None = None) -> list[dict[str, Any]]:
    """Per activity, the entries the user sees: received in all, accepted, rejected, waiting,
    prized; newest activity first."""
    qs = Submission.objects.visible_to(user, VIEW)
    if year:
        qs = qs.filter(activity__year=year)
    rows = (
        qs.values("activity_id", "activity__name", "activity__year", "activity__kind")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(state=SubmissionState.ACCEPTED)),
            rejected=Count("pk", filter=Q(state=SubmissionState.REJECTED)),
            waiting=Count("pk", filter=Q(state=SubmissionState.RECEIVED)),
            prized=Count("pk", filter=~Q(prize="")),
        )
        .order_by("-activity__year", "-activity_id")
    )
    return list(rows)


def submissions_total(*, user: Any, year: int, kind: str | None = "reading") -> int:
    """Entries received in a year's activities (of `kind`; None: reading and culture)."""
    qs = Submission.objects.visible_to(user, VIEW).filter(activity__year=year)
    kinds = [kind] if kind else list(SUBMISSION_KINDS)
    return qs.filter(activity__kind__in=kinds).count()


def open_activities() -> QuerySet[Activity]:
    """What the phone page offers: reading and culture activities open now (public, as a
    poster in the canteen)."""
    return (
        Activity.objects.filter(kind__in=SUBMISSION_KINDS, state=ActivityState.OPEN)
        .select_related("organizer")
        .order_by("-starts_at", "pk")
    )


def activities_for_entry(user: Any) -> QuerySet[Activity]:
    """Activities a union may enter entries into for its members: open reading and culture
    activities organized in its subtree or by one above it (a district campaign is for the
    chair's members too). The ancestors' paths are the prefixes of the user's own."""
    org = getattr(user, "organization", None)
    if org is None or not user.can("activities.register"):
        return Activity.objects.none()
    parts = org.path.strip("/").split("/")
    above = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
    mine = Activity.objects.visible_to(user, "activities.register").values("pk")
    return open_activities().filter(Q(org_path__in=above) | Q(pk__in=mine))


def activities_for_filter(user: Any) -> QuerySet[Activity]:
    """The list's activity filter: the activities of the entries the user sees."""
    seen = Submission.objects.visible_to(user, VIEW).values("activity_id")
    return Activity.objects.filter(pk__in=seen).order_by("-year", "name")


def member_submissions(member: Member) -> QuerySet[Submission]:
    """The member's own entries (the phone page, after name, RIC and phone matched)."""
    return (
        Submission.objects.filter(member=member)
        .select_related("activity")
        .only(
            "title",
            "book",
            "state",
            "prize",
            "review_note",
            "submitted_at",
            "activity__name",
            "activity__year",
        )
        .order_by("-submitted_at", "-pk")
    )
