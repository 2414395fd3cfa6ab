"""The activities API (/api/v1/activities/...): create, read, edit with the version, the
state actions, registrations of several members, cancel with promotion, check-in and
result; Chinese errors on their field; scope and permission as on the pages."""

import pytest

from gonghui.activities.models import Registration
from gonghui.activities.tests.activities_helpers import member_with_identity, soon

pytestmark = pytest.mark.django_db
API = "/api/v1/activities"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def body(world, **changes):
    return {
        "kind": "sports",
        "name": "职工拔河比赛",
        "organizer_id": world.district.pk,
        "starts_at": soon().isoformat(),
        "place": "区体育馆",
        "capacity": 1,
    } | changes


def test_the_whole_way_through_the_api(world, client_for):
    # one test client: each call logs its persona in again
    def admin_():
        return client_for(world.admin)

    def chair_():
        return client_for(world.chair_a)

    admin = admin_()
    made = post(admin, f"{API}/activities", body(world))
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["state"] == "draft" and data["capacity"] == 1
    pk = data["id"]
    updated = admin.put(
        f"{API}/activities/{pk}",
        body(world, capacity=2, version=data["version"]),
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["capacity"] == 2
    stale = admin.put(
        f"{API}/activities/{pk}",
        body(world, capacity=3, version=data["version"]),
        content_type="application/json",
    )
    assert stale.status_code == 409
    opened = post(admin, f"{API}/activities/{pk}/actions/publish", {"version": 2})
    assert opened.status_code == 200 and opened.json()["state"] == "open"

    a, b, c = (member_with_identity(world.union_a, n)[0] for n in ("甲", "乙", "丙"))
    regs = post(
        chair_(), f"{API}/activities/{pk}/registrations", {"member_ids": [a.pk, b.pk, c.pk]}
    )
    assert regs.status_code == 201, regs.content
    assert [r["state"] for r in regs.json()] == ["confirmed", "confirmed", "waitlisted"]
    listed = chair_().get(f"{API}/registrations?activity={pk}&state=waitlisted").json()
    assert [r["name"] for r in listed["items"]] == ["丙"]

    first = regs.json()[0]
    cancelled = post(
        chair_(), f"{API}/registrations/{first['id']}/cancel", {"version": first["version"]}
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert Registration.objects.get(member=c).state == "confirmed"

    second = regs.json()[1]
    assert post(chair_(), f"{API}/registrations/{second['id']}/check-in").status_code == 404
    checked = post(admin_(), f"{API}/registrations/{second['id']}/check-in")
    assert checked.status_code == 200 and checked.json()["checked_in_at"]
    scored = post(
        admin,
        f"{API}/registrations/{second['id']}/result",
        {"version": checked.json()["version"], "result": "冠军", "prize": "一等奖"},
    )
    assert scored.status_code == 200 and scored.json()["prize"] == "一等奖"
    counts = admin.get(f"{API}/activities/{pk}").json()
    assert (counts["confirmed_count"], counts["waitlisted_count"], counts["checked_in_count"]) == (
        2,
        0,
        1,
    )


def test_errors_in_chinese_and_scope(world, client_for):
    town = client_for(world.town_a_user)
    out_of_scope = post(town, f"{API}/activities", body(world, organizer_id=world.town_b.pk))
    assert out_of_scope.status_code == 404 and out_of_scope.json()["field"] == "organizer_id"
    bad = post(town, f"{API}/activities", body(world, organizer_id=world.town_a.pk, name=" "))
    assert bad.status_code == 400 and bad.json()["detail"] == "请填写活动名称。"
    bad = post(town, f"{API}/activities", body(world, organizer_id=world.town_a.pk, capacity=0))
    assert bad.status_code == 422
    made = post(town, f"{API}/activities", body(world, organizer_id=world.town_a.pk)).json()
    closed = post(town, f"{API}/activities/{made['id']}/registrations", {"member_ids": [1]})
    assert closed.status_code in (400, 404)
    member = member_with_identity(world.union_a, "甲")[0]
    draft = post(town, f"{API}/activities/{made['id']}/registrations", {"member_ids": [member.pk]})
    assert draft.status_code == 400 and "筹备中" in draft.json()["detail"]
    wrong = post(
        town, f"{API}/activities/{made['id']}/actions/finish", {"version": made["version"]}
    )
    assert wrong.status_code == 400 and "不能结束活动" in wrong.json()["detail"]
    assert client_for(world.town_b_user).get(f"{API}/activities/{made['id']}").status_code == 404
    assert post(client_for(world.auditor), f"{API}/activities", body(world)).status_code == 403
