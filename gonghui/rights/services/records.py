"""Stations, law firms, lawyers (rights.manage) and legal-service events (RIGHTS-4)."""

import datetime
from typing import Any

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.audit import audit_record, diff, snapshot
from gonghui.core.errors import ApplicationError
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.services import ensure_in_scope

from ..choices import EventKind
from ..models import LawFirm, Lawyer, LegalEvent, Station
from .common import require

EVENT_FIELDS = ["kind", "title", "held_on", "town", "place", "organizers", "attendance", "notes"]


def _town(town: Organization | None) -> Organization:
    if town is None or town.kind != OrgKind.TOWN:
        raise ApplicationError("请选择镇街。", field="town")
    return town


@transaction.atomic
def station_create(
    *, actor: Any, town: Organization, name: str, address: str = "", phone: str = ""
) -> Station:
    require(actor, "rights.manage")
    town = _town(town)
    ensure_in_scope(actor, town.path)
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
    path = station.org_path if station else firm.org_path
    ensure_in_scope(actor, path)
    lawyer = Lawyer.objects.create(
        user=user,
        name=name.strip(),
        firm=firm,
        station=station,
        license_no=license_no,
        org_path=path,
    )
    audit_record(actor=actor, action="rights.lawyer.created", target=lawyer)
    return lawyer


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
    ensure_in_scope(actor, event.org_path)
    event.save()
    audit_record(
        actor=actor,
        action="rights.event.created",
        target=event,
        data=snapshot(event, ["kind", "title", "held_on", "attendance"]),
    )
    return event


@transaction.atomic
def event_update(*, actor: Any, event: LegalEvent, **fields: Any) -> LegalEvent:
    require(actor, "rights.register")
    ensure_in_scope(actor, event.org_path)
    locked = LegalEvent.objects.select_for_update().get(pk=event.pk)
    before = snapshot(locked, EVENT_FIELDS)
    for key, value in fields.items():
        if key in EVENT_FIELDS:
            setattr(locked, key, value)
    _clean_event(locked)
    ensure_in_scope(actor, locked.org_path)
    locked.save()
    audit_record(
        actor=actor,
        action="rights.event.updated",
        target=locked,
        data=diff(before, snapshot(locked, EVENT_FIELDS)),
    )
    return locked


STATION_FIELDS = ["name", "address", "phone", "is_active"]
FIRM_FIELDS = ["name", "address", "phone", "contract_until"]
LAWYER_FIELDS = ["name", "firm", "station", "license_no"]


def _update(*, actor: Any, row: Any, names: list[str], fields: dict[str, Any], action: str) -> Any:
    """Set `names` from `fields`, keep the name non-empty, save, audit the difference."""
    require(actor, "rights.manage")
    ensure_in_scope(actor, row.org_path)
    columns = [f"{n}_id" if n in ("firm", "station") else n for n in names]
    before = snapshot(row, columns)
    for name in names:
        if name in fields:
            setattr(row, name, fields[name])
    row.name = (row.name or "").strip()
    if not row.name:
        raise ApplicationError("名称不能为空。", field="name")
    row.save()
    audit_record(actor=actor, action=action, target=row, data=diff(before, snapshot(row, columns)))
    return row


@transaction.atomic
def station_update(*, actor: Any, station: Station, **fields: Any) -> Station:
    return _update(
        actor=actor,
        row=station,
        names=STATION_FIELDS,
        fields=fields,
        action="rights.station.updated",
    )


@transaction.atomic
def firm_update(*, actor: Any, firm: LawFirm, **fields: Any) -> LawFirm:
    return _update(
        actor=actor, row=firm, names=FIRM_FIELDS, fields=fields, action="rights.firm.updated"
    )


@transaction.atomic
def lawyer_update(*, actor: Any, lawyer: Lawyer, **fields: Any) -> Lawyer:
    """A lawyer moved to another station follows it into that town's scope."""
    station = fields.get("station", lawyer.station)
    firm = fields.get("firm", lawyer.firm)
    new_path = station.org_path if station else firm.org_path
    ensure_in_scope(actor, new_path)
    lawyer = _update(
        actor=actor, row=lawyer, names=LAWYER_FIELDS, fields=fields, action="rights.lawyer.updated"
    )
    if lawyer.org_path != new_path:
        Lawyer.objects.filter(pk=lawyer.pk).update(org_path=new_path)
        lawyer.org_path = new_path
    return lawyer
