import pytest

from gonghui.core.audit import audit_record, diff
from gonghui.core.models import AuditEntry


def test_audit_entry_is_append_only(world):
    entry = audit_record(
        actor=world.admin,
        action="orgs.organization.updated",
        target=world.union_a,
        data={"name": ["a", "b"]},
    )
    assert entry.org_path == world.union_a.path
    entry.action = "tampered"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(RuntimeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "orgs.organization.updated"


def test_diff_keeps_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_audit_page_for_admin_filters_by_action(world, client_for):
    audit_record(actor=world.admin, action="orgs.organization.updated", target=world.union_a)
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_a)
    response = client_for(world.admin).get("/audit/", {"action": "orgs.employer"})
    assert response.status_code == 200
    assert "甲电子有限公司" in response.content.decode()
    assert "甲公司工会委员会" not in response.content.decode()


def test_audit_page_refused_to_town_staff(world, client_for):
    assert client_for(world.town_a_user).get("/audit/").status_code == 403


def test_audit_api_for_admin_only(world, client_for):
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_a)
    rows = client_for(world.admin).get("/api/v1/audit", {"action": "orgs.employer"}).json()["items"]
    assert [r["target_repr"] for r in rows] == ["甲电子有限公司"]
    assert client_for(world.town_a_user).get("/api/v1/audit").status_code == 403
