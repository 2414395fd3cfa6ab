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
        actor=world.admin, station=station_a, name="市桥街职工法律援助站", is_active=False
    )
    records.firm_update(actor=world.admin, firm=firm, phone="020-84800000")
    station_a.refresh_from_db()
    assert (station_a.name, station_a.is_active) == ("市桥街职工法律援助站", False)
    entry = AuditEntry.objects.get(action="rights.station.updated")
    assert entry.data["name"] == ["市桥工作站", "市桥街职工法律援助站"]
    assert AuditEntry.objects.filter(action="rights.firm.updated").exists()
    with pytest.raises(ApplicationError, match="名称不能为空"):
        records.firm_update(actor=world.admin, firm=firm, name="  ")


def test_lawyer_moved_to_another_station_follows_its_scope(world, panel):
    _a, station_b, _firm, lawyer = panel
    records.lawyer_update(actor=world.admin, lawyer=lawyer, station=station_b)
    lawyer.refresh_from_db()
    assert lawyer.org_path == station_b.org_path
    assert Lawyer.objects.visible_to(world.town_b_user).filter(pk=lawyer.pk).exists()


def test_town_staff_cannot_manage_the_panel(world, panel):
    station_a, *_ = panel
    with pytest.raises(PermissionDenied):
        records.station_update(actor=world.town_a_user, station=station_a, name="x")


def test_edit_pages(world, panel, client_for):
    station_a, _b, firm, lawyer = panel
    client = client_for(world.admin)
    assert "市桥工作站" in client.get("/rights/panel/").content.decode()
    response = client.post(f"/rights/firms/{firm.pk}/edit/", {"name": "", "phone": "1"})
    assert "这个字段是必填项" in response.content.decode() or "名称" in response.content.decode()
    response = client.post(
        f"/rights/lawyers/{lawyer.pk}/edit/",
        {"name": "陈大律师", "firm": firm.pk, "station": station_a.pk, "license_no": "14401"},
    )
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.name, lawyer.license_no) == ("陈大律师", "14401")
