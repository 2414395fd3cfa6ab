"""Editing stations, law firms and lawyers (rights.manage), audited and scoped."""

import pytest

from gonghui.accounts.roles import Role
from gonghui.accounts.tests.factories import UserFactory
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.rights.models import Lawyer
from gonghui.rights.services import records


@pytest.fixture
def panel(world):
    station_a = records.station_create(actor=world.admin, town=world.town_a, name="市桥工作站")
    station_b = records.station_create(actor=world.admin, town=world.town_b, name="南村工作站")
    firm = records.firm_create(actor=world.admin, name="番禺律师事务所")
    account = UserFactory(username="lawyer_x", role=Role.LAWYER, organization=world.district)
    lawyer = records.lawyer_create(
        actor=world.admin, user=account, name="陈律师", firm=firm, station=station_a
    )
    return station_a, station_b, firm, lawyer


def test_station_and_firm_edits_are_audited(world, panel):
    station_a, _b, firm, _lawyer = panel
    records.station_update(
        actor=world.admin,
        station=station_a,
        version=station_a.version,
        name="市桥街职工法律援助站",
        is_active=False,
    )
    firm = records.firm_update(
        actor=world.admin, firm=firm, version=firm.version, phone="020-84800000"
    )
    station_a.refresh_from_db()
    assert (station_a.name, station_a.is_active) == ("市桥街职工法律援助站", False)
    entry = AuditEntry.objects.get(action="rights.station.updated")
    assert entry.data["name"] == ["市桥工作站", "市桥街职工法律援助站"]
    assert AuditEntry.objects.filter(action="rights.firm.updated").exists()
    with pytest.raises(ApplicationError, match="名称不能为空"):
        records.firm_update(actor=world.admin, firm=firm, version=firm.version, name="  ")


def test_lawyer_moved_to_another_station_follows_its_scope(world, panel):
    _a, station_b, _firm, lawyer = panel
    records.lawyer_update(
        actor=world.admin, lawyer=lawyer, version=lawyer.version, station=station_b
    )
    lawyer.refresh_from_db()
    assert lawyer.org_path == station_b.org_path
    assert Lawyer.objects.visible_to(world.town_b_user).filter(pk=lawyer.pk).exists()


def test_town_staff_cannot_manage_the_panel(world, panel):
    station_a, *_ = panel
    with pytest.raises(PermissionDenied):
        records.station_update(
            actor=world.town_a_user, station=station_a, version=station_a.version, name="x"
        )


def test_edit_pages(world, panel, client_for):
    station_a, _b, firm, lawyer = panel
    client = client_for(world.admin)
    assert "市桥工作站" in client.get("/rights/panel/").content.decode()
    response = client.post(
        f"/rights/firms/{firm.pk}/edit/", {"name": "", "phone": "1", "version": firm.version}
    )
    assert "这个字段是必填项" in response.content.decode() or "名称" in response.content.decode()
    fields = {"name": "陈大律师", "firm": firm.pk, "station": station_a.pk, "license_no": "14401"}
    response = client.post(
        f"/rights/lawyers/{lawyer.pk}/edit/", fields | {"version": lawyer.version}
    )
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.name, lawyer.license_no, lawyer.version) == ("陈大律师", "14401", 2)
    # the same page posted again with the version first read: told, and nothing overwritten
    stale = client.post(
        f"/rights/lawyers/{lawyer.pk}/edit/", fields | {"name": "旧名", "version": 1}
    )
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    lawyer.refresh_from_db()
    assert lawyer.name == "陈大律师"


def test_station_edit_page_is_404_out_of_scope_and_403_without_the_permission(
    world, panel, client_for
):
    _a, station_b, *_ = panel
    client = client_for(world.town_a_user)
    assert client.get(f"/rights/stations/{station_b.pk}/edit/").status_code == 404
    station_a = panel[0]
    assert client.get(f"/rights/stations/{station_a.pk}/edit/").status_code == 403


def test_event_api_edit_carries_the_version(world, client_for):
    import datetime
    import json

    event = records.event_create(
        actor=world.town_a_user,
        kind="lecture",
        title="劳动法讲座",
        held_on=datetime.date(2026, 11, 3),
        town=world.town_a,
        organizers="市桥街总工会",
        attendance=40,
    )
    client = client_for(world.town_a_user)
    body = {
        "kind": "lecture",
        "title": "劳动法讲座",
        "held_on": "2026-11-03",
        "town_id": world.town_a.pk,
        "organizers": "市桥街总工会",
        "attendance": 45,
        "version": event.version,
    }
    url = f"/api/v1/rights/events/{event.pk}"
    saved = client.put(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == event.version + 1
    stale = client.put(url, json.dumps(body | {"attendance": 1}), content_type="application/json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    event.refresh_from_db()
    assert event.attendance == 45
    entry = AuditEntry.objects.get(action="rights.event.updated")
    assert entry.data == {"attendance": [40, 45]}


def test_every_panel_and_event_edit_is_version_checked(world, panel):
    """Issue #9, item 6: these edits once saved over whatever someone else had saved."""
    import datetime

    from gonghui.core.errors import ConflictError

    station_a, _b, firm, lawyer = panel
    event = records.event_create(
        actor=world.town_a_user,
        kind="lecture",
        title="劳动法讲座",
        held_on=datetime.date(2026, 11, 3),
        town=world.town_a,
        organizers="市桥街总工会",
        attendance=40,
    )
    edits = [
        (records.station_update, {"station": station_a}, {"name": "新名称"}),
        (records.firm_update, {"firm": firm}, {"phone": "020-1"}),
        (records.lawyer_update, {"lawyer": lawyer}, {"license_no": "1"}),
        (records.event_update, {"event": event}, {"attendance": 41}),
    ]
    for service, target, change in edits:
        actor = world.town_a_user if service is records.event_update else world.admin
        row = next(iter(target.values()))
        # given someone saved the row after we opened it
        service(actor=actor, version=row.version, **target, **change)
        # when we save with the version we read, then we are told, and nothing is overwritten
        with pytest.raises(ConflictError):
            service(actor=actor, version=row.version, **target, **change)
