import json

import pytest

from gonghui.core.models import AuditEntry
from gonghui.members.models import JoiningApplication, Member, Transfer
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_member_list_is_masked_and_scoped(world, client_for):
    member = make_member(world.union_a, name="张伟", phone="13812345678")
    make_member(world.union_b, name="外人")
    body = client_for(world.town_a_user).get("/api/v1/members").json()
    assert [m["name"] for m in body["items"]] == ["张伟"]
    item = body["items"][0]
    assert item["ric_masked"].count("*") == 8 and item["phone_masked"] == "138****5678"
    assert member.ric not in json.dumps(body)


def test_member_create_update_and_errors(world, client_for):
    client = client_for(world.town_a_user)
    ric = new_ric()
    data = {"union_id": world.union_a.pk, "name": "赵六", "ric": ric, "joined_on": "2025-01-01"}
    created = _post(client, "/api/v1/members", data)
    assert created.status_code == 201
    assert created.json()["ethnicity"] == ""  # not given, not invented (issue #10)
    again = _post(client, "/api/v1/members", data)
    assert again.status_code == 400 and "甲公司工会委员会" in again.json()["detail"]
    pk = created.json()["id"]
    patch = client.patch(
        f"/api/v1/members/{pk}",
        json.dumps({"version": 1, "name": "赵六六"}),
        content_type="application/json",
    )
    assert patch.status_code == 200 and patch.json()["name"] == "赵六六"
    stale = client.patch(
        f"/api/v1/members/{pk}", json.dumps({"version": 1}), content_type="application/json"
    )
    assert stale.status_code == 409


def test_reveal_needs_permission_and_is_audited(world, client_for):
    member = make_member(world.union_a)
    ok = _post(client_for(world.chair_a), f"/api/v1/members/{member.pk}/reveal", {})
    assert ok.status_code == 200 and ok.json()["ric"] == member.ric
    refused = _post(client_for(world.district_staff), f"/api/v1/members/{member.pk}/reveal", {})
    assert refused.status_code == 403
    assert AuditEntry.objects.filter(action="members.member.identity_viewed").count() == 2


def test_transfer_request_and_approve(world, client_for):
    member = make_member(world.union_a)
    town_b = client_for(world.town_b_user)
    asked = _post(town_b, "/api/v1/transfers", {"ric": member.ric, "to_union_id": world.union_b.pk})
    assert asked.status_code == 201 and asked.json()["requested_by_side"] == "receiving"
    pk = asked.json()["id"]
    url = f"/api/v1/members/transfers/{pk}/actions"
    own = _post(town_b, url, {"action": "approve", "version": 1})
    assert own.status_code == 403
    done = _post(client_for(world.town_a_user), url, {"action": "approve", "version": 1})
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert Member.objects.get().union_id == world.union_b.pk
    assert Transfer.objects.get().state == "approved"
    # the per-action endpoints are gone: one endpoint per workflow
    assert _post(town_b, f"/api/v1/transfers/{pk}/approve", {"version": 2}).status_code == 404


def test_transfer_reject_needs_its_reason_and_cancel_is_the_askers(world, client_for):
    from gonghui.accounts.tests.factories import UserFactory
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.tests.factories import make_org

    member = make_member(world.union_a)
    town_b = client_for(world.town_b_user)
    asked = _post(town_b, "/api/v1/transfers", {"ric": member.ric, "to_union_id": world.union_b.pk})
    url = f"/api/v1/members/transfers/{asked.json()['id']}/actions"
    town_a = client_for(world.town_a_user)
    missing = _post(town_a, url, {"action": "reject", "version": 1})
    assert missing.status_code == 422 and "reason" in missing.content.decode()
    assert _post(town_a, url, {"action": "cancel", "version": 1}).status_code == 403
    town_c = make_org(world.district, OrgKind.TOWN, "大石街道总工会")
    outsider = client_for(UserFactory(role="town_staff", organization=town_c))
    assert _post(outsider, url, {"action": "cancel", "version": 1}).status_code == 404
    town_b = client_for(world.town_b_user)
    cancelled = _post(town_b, url, {"action": "cancel", "version": 1})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


def test_member_status_runs_every_step_through_one_endpoint(world, client_for):
    member = make_member(world.union_a)
    client = client_for(world.chair_a)
    url = f"/api/v1/members/{member.pk}/status"
    # each step's input is its own schema: retain without a reason is refused by name
    bad = _post(client, url, {"action": "retain", "version": 1})
    assert bad.status_code == 422 and "reason" in bad.content.decode()
    assert _post(client, url, {"action": "fly", "version": 1}).status_code == 422
    kept = _post(client, url, {"action": "retain", "version": 1, "reason": "retired"})
    assert kept.status_code == 200 and kept.json()["status"] == "retained"
    assert kept.json()["retained_reason"] == "retired"
    assert _post(client, url, {"action": "leave", "version": 1}).status_code == 409
    left = _post(client, url, {"action": "leave", "version": 2, "left_on": "2025-06-30"})
    assert left.status_code == 200 and left.json()["left_on"] == "2025-06-30"
    again = _post(client, url, {"action": "leave", "version": 3})
    assert again.status_code == 409 and "已离会" in again.json()["detail"]
    back = _post(client, url, {"action": "restore", "version": 3})
    assert back.status_code == 200 and back.json()["status"] == "active"
    # another town's user does not find the member; a role without members.edit may not act
    assert (
        _post(client_for(world.town_b_user), url, {"action": "restore", "version": 4}).status_code
        == 404
    )
    assert (
        _post(client_for(world.auditor), url, {"action": "leave", "version": 4}).status_code == 403
    )


def test_joining_public_submit_status_and_staff_approve(world, client, client_for):
    ric = new_ric()
    data = {"name": "周杰", "ric": ric, "phone": "13600000000", "employer": "甲电子有限公司"}
    submitted = _post(client, "/api/v1/joining/submit", {**data, "consent": True})
    assert submitted.status_code == 201
    number = submitted.json()["number"]
    status = _post(client, "/api/v1/joining/status", {"number": number, "ric": ric})
    assert status.json()["state_label"] == "审核中"
    assert (
        _post(client, "/api/v1/joining/status", {"number": number, "ric": "1"}).status_code == 400
    )
    staff = client_for(world.chair_a)
    items = staff.get("/api/v1/joining").json()["items"]
    assert [i["number"] for i in items] == [number] and ric not in json.dumps(items)
    pk = JoiningApplication.objects.get().pk
    approved = _post(staff, f"/api/v1/joining/{pk}/actions", {"action": "approve", "version": 1})
    assert approved.status_code == 200 and approved.json()["member_id"]
    staff.logout()
    status = _post(client, "/api/v1/joining/status", {"number": number, "ric": ric})
    assert status.json()["state_label"] == "已通过"


def test_joining_for_an_employer_without_union_names_the_union_by_id(world, client, client_for):
    EmployerFactory(name="无工会公司", town=world.town_a, union=None)
    data = {"name": "吴敏", "ric": new_ric(), "phone": "13600000009", "employer": "无工会公司"}
    assert _post(client, "/api/v1/joining/submit", {**data, "consent": True}).status_code == 201
    application = JoiningApplication.objects.get()
    staff = client_for(world.town_a_user)
    url = f"/api/v1/joining/{application.pk}/actions"
    unnamed = _post(staff, url, {"action": "approve", "version": 1})
    assert unnamed.status_code == 400 and "选择接收" in unnamed.json()["detail"]
    foreign = _post(staff, url, {"action": "approve", "version": 1, "union_id": world.union_b.pk})
    assert foreign.status_code == 404
    done = _post(staff, url, {"action": "approve", "version": 1, "union_id": world.union_a.pk})
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert Member.objects.get().union_id == world.union_a.pk
    rejected = _post(staff, url, {"action": "reject", "version": 2, "reason": "重复"})
    assert rejected.status_code == 409
