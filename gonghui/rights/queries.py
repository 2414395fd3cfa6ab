"""Every read of the rights app, starting from the user's scope (and the lawyer rule).

Each read names the permission it serves (`visible_to(user, action)`), so a role without it
sees no row and no figure; a row looked up by id is 404 alike when it is out of scope and
when the role may not see it (the scope and permission walks require both).

The statistics functions return plain dicts; they are the figures of the yearly report
(batches, person-visits, letters, calls, …) for any period and subtree (RIGHTS-5), defined
once (CASE_FIGURES: the list's filters of each figure's rows) for the statistics page and
the indicator catalog (rights/indicators.py).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case as DbCase
from django.db.models import Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from gonghui.core.clock import today as local_today
from gonghui.core.forms import as_flag, as_int
from gonghui.core.ids import normalize_code
from gonghui.core.indicators import Period
from gonghui.core.money import ZERO, MoneyField, sum_money
from gonghui.core.scope import access
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .choices import OPEN_STATES, CaseKind, CaseState, Channel, Subject
from .models import Case, LawFirm, Lawyer, LegalEvent, Station
from .services.overdue import overdue_filter

VIEW = "rights.view"


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def case_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """The cases in scope as the queue's filters (forms.CaseFilterForm) narrow them."""
    f = filters or {}
    qs = Case.objects.visible_to(user, VIEW).select_related("town", "station", "lawyer")
    if code := normalize_code(str(f.get("code") or "")):
        # The worker reads their code out: it finds that one case, within the scope,
        # whatever other filters were left on the page.
        return qs.filter(tracking_code=code)
    qs = _within_org(qs.filter(case_where(f)), user, f.get("org"))
    if f.get("q"):
        q = f["q"].strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(contact_name__icontains=q)
            | Q(employer_name__icontains=q)
            | Q(contact_phone_last4=q[-4:])
        )
    if f.get("due") == "overdue":
        qs = qs.filter(overdue_filter(local_today()))
    elif f.get("due") == "soon":
        qs = qs.filter(due_soon_filter(local_today()))
    return qs


# A channel filter's value that stands for two channels: the report counts the workers
# involved in visits and letters together ("来访…、来信…，涉及职工580多人").
CHANNEL_GROUPS = {"visit_letter": (Channel.VISIT, Channel.LETTER)}
CONCLUDED = {
    "yes": Q(concluded_on__isnull=False),
    "in_time": Q(concluded_on__isnull=False, concluded_in_time=True),
    "late": Q(concluded_on__isnull=False, concluded_in_time=False),
}


def case_where(f: dict[str, Any]) -> Q:
    """The case list's filters on the case's own columns, as one condition: what the list
    shows and what each figure of the report counts (CASE_FIGURES) are the same filters."""
    where = Q()
    for key in ("state", "kind", "subject"):
        if f.get(key):
            where &= Q(**{key: f[key]})
    if channel := f.get("channel"):
        where &= Q(channel__in=CHANNEL_GROUPS.get(channel, (channel,)))
    for key in ("town", "station", "lawyer"):
        if f.get(key):
            where &= Q(**{f"{key}_id": f[key]})
    if year := as_int(f.get("year")):
        where &= Q(received_on__year=year)
    if start := _date(f.get("received_from")):
        where &= Q(received_on__gte=start)
    if end := _date(f.get("received_to")):
        where &= Q(received_on__lte=end)
    if (merged := as_flag(f.get("merged"))) is not None:
        where &= Q(merged_into__isnull=not merged)
    if f.get("concluded") in CONCLUDED:
        where &= CONCLUDED[f["concluded"]]
    if (recovered := as_flag(f.get("recovered"))) is not None:
        where &= Q(amount_recovered__gt=0) if recovered else Q(amount_recovered=0)
    return where


def _within_org(qs: QuerySet, user: Any, org: Any) -> QuerySet:
    """The subtree of organization `org` (an id; a drill-down's 范围), if the user sees it."""
    if not org:
        return qs
    visible = Organization.objects.visible_to(user).filter(pk=as_int(org) or 0)
    path = visible.values_list("path", flat=True).first()
    return qs.within(path) if path else qs.none()


def due_soon_filter(today: datetime.date) -> Q:
    """Open cases whose current limit falls within RIGHTS_DUE_SOON_DAYS (today included)."""
    soon_end = today + datetime.timedelta(days=settings.RIGHTS_DUE_SOON_DAYS)
    return Q(state=CaseState.REGISTERED, accept_due__gte=today, accept_due__lte=soon_end) | Q(
        state__in=[CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS],
        conclude_due__gte=today,
        conclude_due__lte=soon_end,
    )


def my_cases(*, user: Any, limit: int = 50) -> dict[str, Any] | None:
    """The open cases assigned to `user` as a lawyer, nearest limit first, for their home
    page: rows of (case, days left or None, days late); None for a user who is on no
    lawyer panel (staff: the widget is not theirs)."""
    if not Lawyer.objects.filter(user=user).exists():
        return None
    now = local_today()
    deadline = DbCase(
        When(state=CaseState.REGISTERED, then=F("accept_due")), default=F("conclude_due")
    )
    qs = (
        Case.objects.visible_to(user, "rights.handle")
        .filter(lawyer__user=user, state__in=OPEN_STATES)
        .annotate(limit_on=deadline)
        .order_by(F("limit_on").asc(nulls_last=True), "pk")
    )
    cases = list(qs[:limit])
    rows = []
    for case in cases:
        left = (case.limit_on - now).days if case.limit_on else None
        rows.append((case, left, -left if left is not None and left < 0 else 0))
    return {"rows": rows, "total": qs.count() if len(cases) == limit else len(cases)}


def case_get(*, user: Any, pk: Any, action: str = VIEW) -> Case:
    """The case if the user may see it and do `action`; 404 otherwise."""
    related = ("town", "station", "lawyer__firm", "employer", "merged_into")
    return access(Case.objects.visible_to(user, action).select_related(*related), user, pk)


def row_get(model_or_qs: Any, *, user: Any, pk: Any, action: str = VIEW) -> Any:
    """A station, firm, lawyer or event the user may see and do `action` on; 404 otherwise."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs.objects.all()
    return access(qs.visible_to(user, action), user, pk)


def case_duplicates(*, user: Any, case: Case) -> QuerySet[Case]:
    """Earlier cases of the same person (RIC or phone hash) or employer within the window."""
    since = case.received_on - datetime.timedelta(days=settings.RIGHTS_DUPLICATE_DAYS)
    parties = case.parties.all()
    rics = [p.ric_hash for p in parties if p.ric_hash]
    phones = [p.phone_hash for p in parties if p.phone_hash]
    if case.contact_phone_hash:
        phones.append(case.contact_phone_hash)
    same = Q(parties__ric_hash__in=rics) | Q(parties__phone_hash__in=phones)
    same |= Q(contact_phone_hash__in=phones)
    if case.employer_id:
        same |= Q(employer_id=case.employer_id)
    return (
        Case.objects.visible_to(user, "rights.register")
        .filter(same, received_on__gte=since, received_on__lte=case.received_on)
        .filter(merged_into__isnull=True)
        .exclude(pk=case.pk)
        .exclude(state=CaseState.DECLINED)
        .distinct()
        .order_by("received_on", "pk")
    )


def cases_due(
    *, user: Any, today: datetime.date, filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Overdue and due-soon open cases, and their counts per station and per town;
    `filters` (forms.CasesDueFilterForm): the town."""
    f = filters or {}
    visible = Case.objects.visible_to(user, VIEW).filter(state__in=OPEN_STATES)
    if f.get("town"):
        visible = visible.filter(town_id=f["town"])
    overdue = visible.filter(overdue_filter(today))
    due_soon = visible.filter(due_soon_filter(today))

    def grouped(field: str, label: str) -> list[dict[str, Any]]:
        counts: dict[Any, dict[str, Any]] = {}
        for key, qs in (("overdue", overdue), ("due_soon", due_soon)):
            for row in qs.values(field, label).annotate(n=Count("id")):
                entry = counts.setdefault(
                    row[field], {"id": row[field], "name": row[label] or "（未指定）"}
                )
                entry[key] = row["n"]
        return sorted(counts.values(), key=lambda r: -r.get("overdue", 0))

    return {
        "overdue": overdue.select_related("town", "station", "lawyer").order_by("pk"),
        "due_soon": due_soon.select_related("town", "station", "lawyer").order_by("pk"),
        "by_station": grouped("station_id", "station__name"),
        "by_town": grouped("town_id", "town__name"),
    }


def cases_due_rows(*, user: Any, filters: dict[str, Any] | None = None) -> list[Case]:
    """The due list's cases as one list, overdue first (its export): `due` picks one."""
    f = filters or {}
    lists = cases_due(user=user, today=local_today(), filters=f)
    which = {"overdue": ("overdue",), "soon": ("due_soon",)}.get(f.get("due") or "")
    rows: list[Case] = []
    for key in which or ("overdue", "due_soon"):
        rows.extend(lists[key].select_related("employer"))
    return rows


def station_list(*, user: Any) -> QuerySet[Station]:
    return Station.objects.visible_to(user, VIEW).select_related("town")


def firm_list(*, user: Any) -> QuerySet[LawFirm]:
    return LawFirm.objects.visible_to(user, VIEW).annotate(lawyer_count=Count("lawyers"))


def lawyer_list(*, user: Any) -> QuerySet[Lawyer]:
    return Lawyer.objects.visible_to(user, VIEW).select_related("firm", "station", "user")


def event_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[LegalEvent]:
    f = filters or {}
    qs = LegalEvent.objects.visible_to(user, VIEW).select_related("town")
    return _within_org(qs.filter(event_where(f)), user, f.get("org"))


def event_where(f: dict[str, Any]) -> Q:
    """The event list's filters as one condition (the figures' too: EVENT_FIGURES)."""
    where = Q()
    if f.get("kind"):
        where &= Q(kind=f["kind"])
    if f.get("town"):
        where &= Q(town_id=f["town"])
    if year := as_int(f.get("year")):
        where &= Q(held_on__year=year)
    if start := _date(f.get("held_from")):
        where &= Q(held_on__gte=start)
    if end := _date(f.get("held_to")):
        where &= Q(held_on__lte=end)
    return where


def towns_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN)


# ---- statistics (RIGHTS-5): one definition for the catalog and the statistics page -----------
#
# Each figure of the report is the case list's (or event list's) filters over the period's
# rows, counted or with a column summed. The indicators (rights/indicators.py) count the same
# rows one figure at a time and drill down to the list with these very filters; the
# statistics page takes them all in one conditional aggregate (case_figures).

# figure -> (the list's filters that pick its rows, the column summed or None to count)
CASE_FIGURES: dict[str, tuple[dict[str, str], str | None]] = {
    "cases": ({}, None),
    "batches": ({"channel": Channel.VISIT}, None),
    "person_visits": ({"channel": Channel.VISIT}, "visitors"),
    "letters": ({"channel": Channel.LETTER}, None),
    "visits_letters_workers": ({"channel": "visit_letter"}, "workers_involved"),
    "calls": ({"channel": Channel.CALL}, None),
    "online": ({"channel": Channel.ONLINE}, None),
    "petitions": ({"kind": CaseKind.PETITION}, None),
    "workers_involved": ({}, "workers_involved"),
    "disputes": ({"kind": CaseKind.LABOR_DISPUTE}, None),
    "dispute_workers": ({"kind": CaseKind.LABOR_DISPUTE}, "workers_involved"),
    "amount_claimed": ({}, "amount_claimed"),
    "amount_recovered": ({"recovered": "yes"}, "amount_recovered"),
    "concluded": ({"concluded": "yes"}, None),
    "concluded_in_time": ({"concluded": "in_time"}, None),
}
MONEY_FIGURES = {"amount_claimed", "amount_recovered"}
EVENT_FIGURES: dict[str, tuple[dict[str, str], str | None]] = {
    "events": ({}, None),
    "attendance": ({}, "attendance"),
}


def case_period_filters(start: datetime.date, end: datetime.date) -> dict[str, str]:
    """The case list's filters of every figure's rows: received in [start, end], merged
    duplicates left out (a duplicate is counted once, as the case it was merged into)."""
    return {"received_from": start.isoformat(), "received_to": end.isoformat(), "merged": "no"}


def event_period_filters(start: datetime.date, end: datetime.date) -> dict[str, str]:
    return {"held_from": start.isoformat(), "held_to": end.isoformat()}


def cases_received(period: Period, figure: str = "cases") -> QuerySet[Case]:
    """The rows of a case figure, unscoped (the catalog scopes them)."""
    where = case_period_filters(period.start, period.end) | CASE_FIGURES[figure][0]
    return Case.objects.filter(case_where(where))


def events_held(period: Period) -> QuerySet[LegalEvent]:
    """The legal-service events held in the period, unscoped."""
    return LegalEvent.objects.filter(event_where(event_period_filters(period.start, period.end)))


def _total(figures: dict[str, tuple[dict[str, str], str | None]], name: str, where: Any) -> Any:
    filters, column = figures[name]
    cond = where(filters)
    if column is None:
        return Count("id", filter=cond)
    if name in MONEY_FIGURES:
        return Coalesce(Sum(column, filter=cond), ZERO, output_field=MoneyField())
    return Coalesce(Sum(column, filter=cond), 0)


def _totals(qs: QuerySet, figures: dict, where: Any) -> dict[str, Any]:
    """Every figure of `figures` over `qs` in one conditional aggregate."""
    # aliases apart from the field names (an alias named like a field hides it)
    found = qs.aggregate(**{f"total_{k}": _total(figures, k, where) for k in figures})
    return {k: found[f"total_{k}"] for k in figures}


def _share(part: int, whole: int) -> Decimal | None:
    """A percentage with one place, rounded half up like every figure in the report."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _breakdown(qs: QuerySet, field: str, labels: dict[str, str]) -> dict[str, dict[str, Any]]:
    rows = qs.values(field).annotate(
        cases=Count("id"),
        workers=Coalesce(Sum("workers_involved"), 0),
        recovered=sum_money("amount_recovered"),
    )
    return {
        str(labels.get(r[field], r[field] or "未指定")): {
            "cases": r["cases"],
            "workers": r["workers"],
            "recovered": r["recovered"],
        }
        for r in rows
    }


def case_figures(
    *, user: Any, start: datetime.date, end: datetime.date, path: str | None = None
) -> dict[str, Any]:
    """The report's figures for cases received in [start, end] within `path` (a subtree):
    the indicators' rows (cases_received), every total in one pass."""
    qs = Case.objects.filter(case_where(case_period_filters(start, end)))
    qs = qs.visible_to(user, "rights.stats")
    if path:
        qs = qs.within(path)
    t = _totals(qs, CASE_FIGURES, case_where)
    return {
        "start": start,
        "end": end,
        **t,
        "in_time_share": _share(t["concluded_in_time"], t["concluded"]),
        "by_kind": _breakdown(qs, "kind", dict(CaseKind.choices)),
        "by_channel": _breakdown(qs, "channel", dict(Channel.choices)),
        "by_subject": _breakdown(qs, "subject", dict(Subject.choices)),
        "by_town": _breakdown(qs, "town__name", {}),
    }


def event_figures(
    *, user: Any, start: datetime.date, end: datetime.date, path: str | None = None
) -> dict[str, Any]:
    qs = LegalEvent.objects.filter(event_where(event_period_filters(start, end)))
    qs = qs.visible_to(user, "rights.stats")
    if path:
        qs = qs.within(path)
    return _totals(qs, EVENT_FIGURES, event_where)


# ---- the statistics page's tables as rows (its export) --------------------------------------


def stats_period(
    *, user: Any, filters: dict[str, Any]
) -> tuple[datetime.date, datetime.date, str | None]:
    """The period and subtree of forms.StatsForm's filters (a year, or start and end; a
    town of the user's), as the page reads them; this year to date when none is given."""
    now = local_today()
    if year := as_int(filters.get("year")):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        start = _date(filters.get("start")) or datetime.date(now.year, 1, 1)
        end = _date(filters.get("end")) or now
    path = None
    if filters.get("town"):
        key = str(filters["town"]).strip()
        town = towns_visible(user).filter(pk=int(key) if key.isdigit() else 0)
        path = town.values_list("path", flat=True).first() or "/none/"
    return start, end, path


# (table, item, number, workers involved, amount): one line of the sheet per figure shown.
StatsRow = tuple[str, str, Any, Any, Any]


def stats_rows(*, user: Any, filters: dict[str, Any] | None = None) -> list[StatsRow]:
    """The figures the statistics page shows, as the rows of one sheet."""
    start, end, path = stats_period(user=user, filters=filters or {})
    f = case_figures(user=user, start=start, end=end, path=path)
    events = event_figures(user=user, start=start, end=end, path=path)
    period = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    rows: list[StatsRow] = [
        ("统计期间", period, None, None, None),
        ("总体", "案件", f["cases"], f["workers_involved"], None),
        ("总体", "职工来访（批）", f["batches"], None, None),
        ("总体", "职工来访（人次）", f["person_visits"], None, None),
        ("总体", "来信（封）", f["letters"], None, None),
        ("总体", "来访、来信涉及职工（人）", None, f["visits_letters_workers"], None),
        ("总体", "来电（宗）", f["calls"], None, None),
        ("总体", "网上投诉咨询（宗）", f["online"], None, None),
        ("总体", "信访（宗）", f["petitions"], None, None),
        ("总体", "劳动争议（宗）", f["disputes"], f["dispute_workers"], None),
        ("总体", "争议金额（元）", None, None, f["amount_claimed"]),
        ("总体", "追回金额（元）", None, None, f["amount_recovered"]),
        ("总体", "办结（宗）", f["concluded"], None, None),
        ("总体", "按期办结（宗）", f["concluded_in_time"], None, None),
        ("总体", "按期办结率（%）", f["in_time_share"], None, None),
        ("总体", "法律服务活动（场）", events["events"], None, None),
        ("总体", "法律服务活动（人次）", events["attendance"], None, None),
    ]
    for table, key in (
        ("按类别", "by_kind"),
        ("按渠道", "by_channel"),
        ("按事项", "by_subject"),
        ("按镇街", "by_town"),
    ):
        for item, r in f[key].items():
            rows.append((table, item, r["cases"], r["workers"], r["recovered"]))
    return rows
