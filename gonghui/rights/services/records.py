"""Stations, law firms, lawyers (rights.manage) and legal-service events (RIGHTS-4).

Every edit goes through core.edit.edit with the version the person read, so two people
editing one station never overwrite each other silently.
"""

import datetime
from typing import Any

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import EventKind
from ..models import LawFirm, Lawyer, LegalEvent, Station

EVENT_FIELDS = ["kind", "title", "held_on", "town", "place", "organizers", "attendance", "notes"]
STATION_FIELDS = ["name", "address", "phone", "is_active"]
FIRM_FIELDS = ["name", "address", "phone", "contract_until"]
LAWYER_FIELDS = ["name", "firm", "station", "license_no"]


def _town(town: Organization | None) -> Organization:
    if town is None or town.kind != OrgKind.TOWN:
        raise ApplicationError("请选择镇街。", field="town")
    return town


def _visible(actor: Any, *rows: Any) -> None:
    """Each row given (a firm, a station) in the actor's scope; 404 otherwise."""
    for row in rows:
        if row is not None:
            ensure_visible(actor, row)


def _named(row: Station | LawFirm | Lawyer) -> None:
    row.name = (row.name or "").strip()
    if not row.name:
        raise ApplicationError("名称不能为空。", field="name")


@transaction.atomic
def station_create(
    *, actor: Any, town: Organization, name: str, address: str = "", phone: str = ""
) -> Station:
    require(actor, "rights.manage")
    town = _town(town)
    ensure_visible(actor, town)
    if not name.strip():
        raise ApplicationError("请填写工作站名称。", field="name")
    station = Station.objects.create(
        town=town, org_path=town.path, name=name.strip(), address=address, phone=phone
    )
    audit_record(actor=actor, action="rights.station.created", target=station)
    return station


@transaction.atomic
def firm_create(
    *,
    actor: Any,
    name: str,
    address: str = "",
    phone: str = "",
    contract_until: datetime.date | None = None,
) -> LawFirm:
    require(actor, "rights.manage")
    if not name.strip():
        raise ApplicationError("请填写律师事务所名称。", field="name")
    firm = LawFirm.objects.create(
        name=name.strip(),
        address=address,
        phone=phone,
        contract_until=contract_until,
        org_path=actor.organization.path,
    )
    audit_record(actor=actor, action="rights.firm.created", target=firm)
    return firm


@transaction.atomic
def lawyer_create(
    *,
    actor: Any,
    user: User,
    name: str,
    firm: LawFirm,
    station: Station | None = None,
    license_no: str = "",
) -> Lawyer:
    require(actor, "rights.manage")
    if user.role != Role.LAWYER:
        raise ApplicationError("律师须使用角色为「工作站律师」的账号。", field="user")
    if Lawyer.objects.filter(user=user).exists():
        raise ApplicationError("该账号已登记为律师。", field="user")
    if not name.strip():
        raise ApplicationError("请填写律师姓名。", field="name")
    _visible(actor, firm, station)
    lawyer = Lawyer.objects.create(
        user=user,
        name=name.strip(),
        firm=firm,
        station=station,
        license_no=license_no,
        org_path=station.org_path if station else firm.org_path,
    )
    audit_record(actor=actor, action="rights.lawyer.created", target=lawyer)
    return lawyer


def station_update(*, actor: Any, station: Station, version: int | None, **fields: Any) -> Station:
    return edit(
        Station,
        station,
        actor=actor,
        version=version,
        changes=fields,
        editable=STATION_FIELDS,
        action="rights.station.updated",
        permission="rights.manage",
        clean=_named,
    )


def firm_update(*, actor: Any, firm: LawFirm, version: int | None, **fields: Any) -> LawFirm:
    return edit(
        LawFirm,
        firm,
        actor=actor,
        version=version,
        changes=fields,
        editable=FIRM_FIELDS,
        action="rights.firm.updated",
        permission="rights.manage",
        clean=_named,
    )


def _clean_lawyer(lawyer: Lawyer) -> None:
    """A lawyer moved to another station follows it into that town's scope."""
    _named(lawyer)
    lawyer.org_path = lawyer.station.org_path if lawyer.station_id else lawyer.firm.org_path


def lawyer_update(*, actor: Any, lawyer: Lawyer, version: int | None, **fields: Any) -> Lawyer:
    _visible(actor, fields.get("firm"), fields.get("station"))
    return edit(
        Lawyer,
        lawyer,
        actor=actor,
        version=version,
        changes=fields,
        editable=LAWYER_FIELDS,
        action="rights.lawyer.updated",
        permission="rights.manage",
        clean=_clean_lawyer,
    )


def _clean_event(event: LegalEvent) -> None:
    if event.kind not in EventKind.values:
        raise ApplicationError("请选择活动类型。", field="kind")
    if not event.title.strip():
        raise ApplicationError("请填写活动主题。", field="title")
    if not event.organizers.strip():
        raise ApplicationError("请填写主办单位。", field="organizers")
    if event.attendance < 0:
        raise ApplicationError("参加人数不能为负数。", field="attendance")
    _town(event.town)
    event.org_path = event.town.path


@transaction.atomic
def event_create(*, actor: Any, **fields: Any) -> LegalEvent:
    require(actor, "rights.register")
    event = LegalEvent(**{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    _clean_event(event)
    ensure_visible(actor, event.town)
    event.save()
    audit_record(
        actor=actor,
        action="rights.event.created",
        target=event,
        data=snapshot(event, ["kind", "title", "held_on", "attendance"]),
    )
    return event


def event_update(
    *, actor: Any, event: LegalEvent, version: int | None, **fields: Any
) -> LegalEvent:
    """An event moved to another town must move into a town the actor sees."""
    if fields.get("town") is not None:
        ensure_visible(actor, _town(fields["town"]))
    return edit(
        LegalEvent,
        event,
        actor=actor,
        version=version,
        changes=fields,
        editable=EVENT_FIELDS,
        action="rights.event.updated",
        permission="rights.register",
        clean=_clean_event,
    )
