"""Reads of the workers' congress and open affairs (DEMO-2), within the user's scope.

One definition of "established", built from `rules.congress`, serves the lists, the rates
page, the indicators, the to-do and the ratings part (`employers_with_congress`,
`employers_with_open_affairs`):

- congress: a quorate session (attended × 3 ≥ due × 2) held in the period;
- open affairs: the year's record disclosing every `REQUIRED_ITEMS` by some method;
- an employer "has a union" in a year as `orgs.indicators` counts unionized employers: its
  union recorded, founded by the period's end (an undated union counts as founded).
"""

import datetime
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.choices import OrgKind, Ownership
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.queries import founded_by

from ..models import CongressSession, OpenAffairsRecord
from ..rules import congress as rules

VIEW = "democracy.view"
MANAGE = "democracy.congress.manage"
STATS = "democracy.stats"


# ---- the definitions ------------------------------------------------------------------------


def quorate_sessions() -> QuerySet[CongressSession]:
    """Sessions that count: at least `QUORUM` of the delegates due attended."""
    q = rules.QUORUM
    return CongressSession.objects.filter(
        GreaterThanOrEqual(
            F("delegates_attended") * q.denominator, F("delegates_total") * q.numerator
        ),
        delegates_total__gte=1,
    )


def complete_records() -> QuerySet[OpenAffairsRecord]:
    """Records that establish open affairs: every required item, at least one method. The
    JSON lists are read as their text (`"hiring"` with its quotes is one code), which both
    SQLite and PostgreSQL answer."""
    qs = OpenAffairsRecord.objects.annotate(
        items_text=Cast("items", TextField()), methods_text=Cast("methods", TextField())
    )
    for item in rules.REQUIRED_ITEMS:
        qs = qs.filter(items_text__contains=f'"{item}"')
    return qs.filter(methods_text__contains='"')


def congress_held(start: datetime.date, end: datetime.date) -> Exists:
    """The employer (OuterRef) held a quorate session between `start` and `end`."""
    return Exists(quorate_sessions().filter(employer=OuterRef("pk"), held_on__range=(start, end)))


def open_affairs_done(first_year: int, last_year: int) -> Exists:
    return Exists(
        complete_records().filter(employer=OuterRef("pk"), year__range=(first_year, last_year))
    )


def employers_with_congress(year: int) -> QuerySet[Employer]:
    """Employers whose congress (or all-worker assembly) met in `year`, quorate: the rules of
    domain-rules §8 (`rules.congress`) decide which sessions count."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Employer.objects.filter(congress_held(start, end))


def employers_with_open_affairs(year: int) -> QuerySet[Employer]:
    """Employers that practised open affairs in `year`: that year's record discloses every
    item that directly affects workers (`rules.congress.REQUIRED_ITEMS`) by some method."""
    return Employer.objects.filter(open_affairs_done(year, year))


def unionized_by(day: datetime.date) -> QuerySet[Employer]:
    """Employers with a union founded by `day` (orgs.indicators' unionized employers)."""
    return Employer.objects.filter(union__isnull=False).filter(
        founded_by("union__established_on", day)
    )


def ownership_q(value: str, prefix: str = "") -> Q:
    """An ownership filter's value: a group (`non_public`, `public`) or one ownership."""
    if value in rules.GROUPS:
        return Q(**{f"{prefix}ownership__in": rules.GROUPS[value][1]})
    return Q(**{f"{prefix}ownership": value})


def _path(user: Any, pk: Any) -> str | None:
    if not id_in_range(pk):
        return None
    return (
        Organization.objects.visible_to(user).filter(pk=pk).values_list("path", flat=True).first()
    )


def _within(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    for key in ("org", "town"):
        if pk := as_int(f.get(key)):
            path = _path(user, pk)
            qs = qs.within(path) if path else qs.none()
    return qs


def period_of(f: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    """The work list's period: `start`–`end` (an indicator's drill-down) or a `year` (this
    year by default)."""
    start, end = as_date(f.get("start")), as_date(f.get("end"))
    if start and end and start <= end:
        return start, end
    year = as_int(f.get("year")) or today().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# ---- sessions --------------------------------------------------------------------------------


def session_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """org, town, employer, year, held_from / held_to, form, ownership, quorate, q."""
    qs = _within(qs, user, f)
    if employer := as_int(f.get("employer")):
        qs = qs.filter(employer_id=employer)
    if year := as_int(f.get("year")):
        qs = qs.filter(held_on__year=year)
    if day := as_date(f.get("held_from")):
        qs = qs.filter(held_on__gte=day)
    if day := as_date(f.get("held_to")):
        qs = qs.filter(held_on__lte=day)
    if form := f.get("form"):
        qs = qs.filter(form=form)
    if ownership := f.get("ownership"):
        qs = qs.filter(ownership_q(ownership, "employer__"))
    if (quorate := as_flag(f.get("quorate"))) is not None:
        counted = quorate_sessions().values("pk")
        qs = qs.filter(pk__in=counted) if quorate else qs.exclude(pk__in=counted)
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(employer__name__contains=q)
    return qs


def session_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[CongressSession]:
    qs = session_filter(CongressSession.objects.visible_to(user, VIEW), user, filters or {})
    counted = quorate_sessions().filter(pk=OuterRef("pk"))
    return (
        qs.select_related("employer", "union")
        .annotate(is_quorate=Exists(counted))
        .order_by("-held_on", "-pk")
    )


def session_get(*, user: Any, pk: Any) -> CongressSession:
    return access(CongressSession.objects.select_related("employer", "union"), user, pk, VIEW)


def session_rule(s: CongressSession) -> rules.Session:
    return rules.Session(
        form=s.form,
        workers=s.workers_total,
        due=s.delegates_total,
        attended=s.delegates_attended,
        frontline=s.frontline_delegates,
        managers=s.manager_delegates,
        women=s.women_delegates,
    )


# ---- open-affairs records --------------------------------------------------------------------


def record_filter(qs: QuerySet, user: Any, f: dict[str, Any]) -> QuerySet:
    """org, town, employer, year, ownership, established, q."""
    qs = _within(qs, user, f)
    if employer := as_int(f.get("employer")):
        qs = qs.filter(employer_id=employer)
    if year := as_int(f.get("year")):
        qs = qs.filter(year=year)
    if ownership := f.get("ownership"):
        qs = qs.filter(ownership_q(ownership, "employer__"))
    if (done := as_flag(f.get("established"))) is not None:
        complete = complete_records().values("pk")
        qs = qs.filter(pk__in=complete) if done else qs.exclude(pk__in=complete)
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(employer__name__contains=q)
    return qs


def record_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[OpenAffairsRecord]:
    qs = record_filter(OpenAffairsRecord.objects.visible_to(user, VIEW), user, filters or {})
    complete = complete_records().filter(pk=OuterRef("pk"))
    return (
        qs.select_related("employer", "union")
        .annotate(is_complete=Exists(complete))
        .order_by("-year", "employer__name", "pk")
    )


def record_get(*, user: Any, pk: Any) -> OpenAffairsRecord:
    return access(OpenAffairsRecord.objects.select_related("employer", "union"), user, pk, VIEW)


# ---- the employers' work list ---------------------------------------------------------------


def due_since(on: datetime.date) -> datetime.date:
    """The day after which a session keeps an employer off the "due" list (rule 43: the
    last 12 months up to `on`)."""
    try:
        return on.replace(year=on.year - rules.DUE_MONTHS // 12)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


def _last_congress() -> Any:
    return (
        quorate_sessions()
        .filter(employer=OuterRef("pk"))
        .order_by()
        .values("employer")
        .annotate(last=Max("held_on"))
        .values("last")
    )


def overdue(qs: QuerySet[Employer], on: datetime.date) -> QuerySet[Employer]:
    """Employers that held a congress before but none in the 12 months up to `on`."""
    recent = quorate_sessions().filter(
        employer=OuterRef("pk"), held_on__gt=due_since(on), held_on__lte=on
    )
    ever = quorate_sessions().filter(employer=OuterRef("pk"), held_on__lte=on)
    return qs.filter(Exists(ever)).exclude(Exists(recent))


def employer_filter(qs: QuerySet[Employer], user: Any, f: dict[str, Any]) -> QuerySet[Employer]:
    """The unionized employers of the period with what they established: org, town, year
    (or start–end), ownership (a group or one), congress / open_affairs (yes, no), due
    (`overdue`: a congress before, none in the last 12 months), q."""
    start, end = period_of(f)
    qs = _within(qs.filter(pk__in=unionized_by(end).values("pk")), user, f)
    if ownership := f.get("ownership"):
        qs = qs.filter(ownership_q(ownership))
    if (held := as_flag(f.get("congress"))) is not None:
        qs = qs.filter(congress_held(start, end) if held else ~congress_held(start, end))
    if (done := as_flag(f.get("open_affairs"))) is not None:
        cond = open_affairs_done(end.year, end.year)
        qs = qs.filter(cond if done else ~cond)
    if f.get("due") == "overdue":
        qs = overdue(qs, today())
    if q := str(f.get("q") or "").strip():
        qs = qs.filter(name__contains=q)
    return qs


def employer_rows(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Employer]:
    f = filters or {}
    start, end = period_of(f)
    qs = employer_filter(Employer.objects.visible_to(user, VIEW), user, f)
    return (
        qs.select_related("town", "union")
        .annotate(
            has_congress=congress_held(start, end),
            has_open_affairs=open_affairs_done(end.year, end.year),
            last_congress=_last_congress(),
        )
        .order_by("name", "pk")
    )


def overdue_count(user: Any) -> int:
    """The to-do: employers of the user's scope whose congress is overdue (rule 43)."""
    qs = unionized_by(today()).filter(pk__in=Employer.objects.visible_to(user, MANAGE).values("pk"))
    return overdue(qs, today()).count()


# ---- the rates -------------------------------------------------------------------------------

WHAT = (("open_affairs", "厂务公开"), ("congress", "职代会"))


def _counts(qs: QuerySet[Employer], year: int, by: str | None = None) -> list[dict[str, Any]]:
    """Unionized employers of `qs` in `year`, with how many established each: one query
    (grouped by `by`, a column of the employer, when given)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts = {
        "whole": Count("pk"),
        "congress": Count("pk", filter=Q(congress_held(start, end))),
        "open_affairs": Count("pk", filter=Q(open_affairs_done(year, year))),
    }
    qs = qs.filter(pk__in=unionized_by(end).values("pk")).order_by()
    if by is None:
        return [qs.aggregate(**counts)]
    return list(qs.values(by).annotate(**counts).order_by(by))


def _rate(numerator: int, denominator: int) -> dict[str, Any]:
    return {"numerator": numerator, "denominator": denominator,
            "value": rules.share(numerator, denominator)}  # fmt: skip


def rates(*, user: Any, year: int, town: Any = None) -> list[dict[str, Any]]:
    """The rates page, in the user's scope (and a town's subtree when given): for each
    group (non-public; the public sector) its open-affairs and congress rates, and the same
    by ownership and by town. Three grouped queries a group."""
    f = {"town": town} if town else {}
    found = []
    for group, (label, kinds) in rules.GROUPS.items():
        qs = _within(Employer.objects.visible_to(user, STATS), user, f).filter(ownership__in=kinds)
        [total] = _counts(qs, year)
        by_ownership = {row["ownership"]: row for row in _counts(qs, year, "ownership")}
        towns = dict(Organization.objects.filter(kind=OrgKind.TOWN).values_list("pk", "name"))
        by_town = _counts(qs, year, "town")
        found.append(
            {
                "group": group,
                "label": label,
                "rates": {w: _rate(total[w], total["whole"]) for w, _ in WHAT},
                "ownerships": [
                    {
                        "key": kind,
                        "label": Ownership(kind).label,
                        **{w: _rate(row[w], row["whole"]) for w, _ in WHAT},
                    }
                    for kind in kinds
                    if (row := by_ownership.get(kind))
                ],
                "towns": [
                    {
                        "key": row["town"],
                        "label": towns.get(row["town"], ""),
                        **{w: _rate(row[w], row["whole"]) for w, _ in WHAT},
                    }
                    for row in by_town
                ],
            }
        )
    return found


def employer_panel(employer: Employer, user: Any) -> dict[str, Any] | None:
    """The employer page's panel: its sessions and records in the user's scope."""
    if not user.can(VIEW):
        return None
    sessions = list(CongressSession.objects.visible_to(user, VIEW).filter(employer=employer)[:10])
    records = list(OpenAffairsRecord.objects.visible_to(user, VIEW).filter(employer=employer)[:10])
    counted = set(quorate_sessions().filter(employer=employer).values_list("pk", flat=True))
    complete = set(complete_records().filter(employer=employer).values_list("pk", flat=True))
    for s in sessions:
        s.is_quorate = s.pk in counted
    for r in records:
        r.is_complete = r.pk in complete
    return {
        "employer": employer,
        "sessions": sessions,
        "records": records,
        "may_manage": user.can(MANAGE) and employer.union_id is not None,
    }
