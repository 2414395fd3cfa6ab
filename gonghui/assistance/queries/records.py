"""Reads of service records (CARE-4) and in-kind deliveries (CARE-2): every one starts from
`visible_to(user, ...)`, so a town sees its subtree and a chair their union."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.forms import as_int
from gonghui.core.scope import access
from gonghui.core.storable import id_in_range
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..models import Program, ServiceBeneficiary, ServiceRecord
from .grants import programs_visible

VIEW = "assistance.view"
RECORD = "assistance.services.record"


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _subtree(qs: QuerySet, user: Any, org: Any, **kind: Any) -> QuerySet:
    """The rows under organization `org` (an id), if the user sees it; none otherwise."""
    pk = as_int(org)
    if not id_in_range(pk):  # 10**22 is no row's id (and SQLite raises on it)
        return qs.none()
    found = Organization.objects.visible_to(user).filter(pk=pk, **kind)
    path = found.values_list("path", flat=True).first()
    return qs.within(path) if path else qs.none()


def service_where(f: dict[str, Any]) -> Q:
    """The list's filters that are plain conditions (the indicators' too)."""
    where = Q()
    if f.get("kind"):
        where &= Q(kind=f["kind"])
    if f.get("program_kind"):
        where &= Q(program__kind__code=f["program_kind"])
    if start := _date(f.get("held_from")):
        where &= Q(held_on__gte=start)
    if end := _date(f.get("held_to")):
        where &= Q(held_on__lte=end)
    return where


def service_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[ServiceRecord]:
    """The records in scope as the list's filters (forms.records.ServiceFilterForm) narrow
    them: org (a subtree), kind, program_kind (a ProgramKind code), held_from/held_to, town."""
    f = filters or {}
    qs = ServiceRecord.objects.visible_to(user, VIEW).filter(service_where(f))
    if f.get("org"):
        qs = _subtree(qs, user, f["org"])
    if f.get("town"):
        qs = _subtree(qs, user, f["town"], kind=OrgKind.TOWN)
    return qs.select_related("organizer", "program", "employer", "recipient_union")


def service_get(*, user: Any, pk: Any, action: str = VIEW) -> ServiceRecord:
    """A record the user may see (and do `action` on); 404 alike for missing and not theirs."""
    qs = ServiceRecord.objects.select_related(
        "organizer", "program", "program__kind", "employer", "recipient_union"
    )
    return access(qs.visible_to(user, action), user, pk)


def beneficiary_list(*, user: Any, record: ServiceRecord) -> QuerySet[ServiceBeneficiary]:
    # the RIC is shown by its last 4: not decrypted for a page of rows
    return ServiceBeneficiary.objects.visible_to(user, VIEW).filter(record=record).defer("ric")


def programs_offered(user: Any) -> QuerySet[Program]:
    """The programs a record of the user's may belong to: those of the user's subtree and
    those of the unions above it (the district's 夏送清凉 is every town's), as for grants."""
    return programs_visible(user, VIEW)


def organizers_offered(user: Any) -> QuerySet[Organization]:
    """Who may have given a service: any organization of the user's scope."""
    return Organization.objects.visible_to(user).filter(is_active=True)


def recipient_unions_offered(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS)
