"""Reads of union formation (ORG-3): the threshold in force, the formation targets, the
contacts and the foundings. Every list starts from the user's scope (`visible_to`); the
indicators (orgs.indicators) count the same rows, so a figure and its list agree."""

import datetime
from typing import Any

from django.db.models import BooleanField, Exists, Max, OuterRef, Q, QuerySet, Value

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_flag, as_int, flag_q
from gonghui.core.ids import normalize_code
from gonghui.core.registry import EmployerLead, employer_leads
from gonghui.core.search import name_q

from .models import Employer, FormationContact, FormationSetting, Founding
from .queries import within_organization

VIEW = "formation.view"
# Until the district sets one (FormationSetting): 25 staff, the size from which a union
# committee is elected (domain-rules §1 Art. 11).
DEFAULT_MIN_HEADCOUNT = 25


def formation_setting_in_force(on: datetime.date) -> FormationSetting | None:
    return (
        FormationSetting.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    )


def formation_threshold(on: datetime.date | None = None) -> int:
    """The headcount from which an employer without a union is a formation target on `on`."""
    setting = formation_setting_in_force(on or today())
    return setting.min_headcount if setting else DEFAULT_MIN_HEADCOUNT


def formation_settings() -> QuerySet[FormationSetting]:
    return FormationSetting.objects.order_by("-effective_from")


def _lead_q(leads: list[EmployerLead]) -> Q:
    condition = Q(pk__in=[])
    for lead in leads:
        condition |= Q(pk__in=lead.employer_ids())
    return condition


def without_union_on(on: datetime.date) -> Q:
    """No union on `on`: none now, or one established after it (the history of a target)."""
    return Q(union__isnull=True) | Q(union__established_on__gt=on)


def formation_targets_on(qs: QuerySet[Employer], on: datetime.date) -> QuerySet[Employer]:
    """The targets among `qs` on `on`: the list (`formation_targets`) and the indicator.
    Headcount is today's (employers carry no dated headcount)."""
    condition = Q(union__isnull=True) if on >= today() else without_union_on(on)
    return qs.filter(condition, headcount__gte=formation_threshold(on))


def formation_targets(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Employer]:
    """Employers with at least the threshold's staff and no union, in the user's scope (a
    town: its own employers), the leads other apps name first (finance: preparation-fund
    payers, `is_lead`), then the biggest. Each row carries its last contact's date."""
    f = filters or {}
    leads = employer_leads()
    # `on`: the targets as they stood that day (an indicator's drill-down), else today's
    on = as_date(f.get("on"))
    visible = Employer.objects.visible_to(user, VIEW)
    qs = (
        (formation_targets_on(visible, on) if on else formation_targets_on(visible, today()))
        .select_related("town")
        .annotate(
            is_lead=(
                Exists(Employer.objects.filter(_lead_q(leads), pk=OuterRef("pk")))
                if leads
                else Value(False, output_field=BooleanField())
            ),
            last_contacted_on=Max("formation_contacts__contacted_on"),
        )
    )
    if q := (f.get("q") or "").strip():
        qs = qs.filter(name_q(qs, "name", q) | Q(uscc=normalize_code(q)))
    if town := as_int(f.get("town")):
        qs = qs.filter(town_id=town)
    if f.get("industry"):
        qs = qs.filter(industry=f["industry"])
    if (at_least := as_int(f.get("headcount_min"))) is not None:
        qs = qs.filter(headcount__gte=at_least)
    qs = qs.filter(flag_q("is_labor_dispatch", f.get("labor_dispatch")))
    if (lead := as_flag(f.get("lead"))) is not None:
        qs = qs.filter(is_lead=lead)
    if (contacted := as_flag(f.get("contacted"))) is not None:
        qs = qs.filter(last_contacted_on__isnull=not contacted)
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.order_by("-is_lead", "-headcount", "name", "pk")


def formation_target_lead_labels() -> list[str]:
    return [lead.label for lead in employer_leads()]


def formation_contacts(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[FormationContact]:
    """Contacts in scope; `date_from`/`date_to` a period, `town`, `outcome`, `employer`."""
    f = filters or {}
    qs = FormationContact.objects.visible_to(user, VIEW).select_related("employer__town")
    if town := as_int(f.get("town")):
        qs = qs.filter(employer__town_id=town)
    if employer := as_int(f.get("employer")):
        qs = qs.filter(employer_id=employer)
    if f.get("outcome"):
        qs = qs.filter(outcome=f["outcome"])
    if f.get("method"):
        qs = qs.filter(method=f["method"])
    if start := as_date(f.get("date_from")):
        qs = qs.filter(contacted_on__gte=start)
    if end := as_date(f.get("date_to")):
        qs = qs.filter(contacted_on__lte=end)
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.order_by("-contacted_on", "-pk")


def foundings(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Founding]:
    """Foundings in scope; `year` (this year unless another year, a period `founded_from`/
    `founded_to`, or `all` is given), `town`, `labor_dispatch` (a dispatched-labor employer)."""
    f = filters or {}
    qs = Founding.objects.visible_to(user, VIEW).select_related("union", "employer__town")
    start, end = as_date(f.get("founded_from")), as_date(f.get("founded_to"))
    if start or end:
        qs = qs.filter(founded_on__gte=start or datetime.date.min)
        qs = qs.filter(founded_on__lte=end or datetime.date.max)
    elif not f.get("all"):
        year = as_int(f.get("year")) or today().year
        qs = qs.filter(founded_on__year=year)
    if town := as_int(f.get("town")):
        qs = qs.filter(employer__town_id=town)
    qs = qs.filter(flag_q("employer__is_labor_dispatch", f.get("labor_dispatch")))
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.order_by("-founded_on", "-pk")


def employer_formation(*, user: Any, employer: Employer) -> dict[str, Any]:
    """What the employer's formation page shows: its contacts and its founding, if any."""
    return {
        "contacts": list(formation_contacts(user=user, filters={"employer": employer.pk})),
        "founding": Founding.objects.visible_to(user, VIEW)
        .filter(employer=employer)
        .select_related("union")
        .first(),
        "threshold": formation_threshold(),
    }
