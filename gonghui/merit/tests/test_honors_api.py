"""The honors API under /api/v1/merit/: types with shares, rounds and their actions (the
notice's dates, the award), nominations and their workflow, objections, honors; scope,
permissions and Chinese errors."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.merit.choices import NominationState
from gonghui.merit.models import Honor, Nomination
from gonghui.merit.tests.factories import make_honor, make_honor_type
from gonghui.merit.tests.honors_helpers import (
    NOTICE_END,
    NOTICE_START,
    district_type,
    member_a,
    open_round,
    set_today,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/merit"


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_types_with_shares(world, client_for):
    admin = client_for(world.admin)
    body = {
        "name": "区优秀工会工作者", "level": "district", "subject": "person",
        "conferred_by": "番禺区总工会", "shares": [{"category": "non_public", "bound": "min", "percent": 35}],
    }  # fmt: skip
    response = post(admin, f"{API}/types", body)
    assert response.status_code == 201, response.content
    assert response.json()["shares"] == [{"category": "non_public", "bound": "min", "percent": 35}]
    bad = post(
        admin,
        f"{API}/types",
        {**body, "name": "另一个", "shares": [{"category": "x", "percent": 1}]},
    )
    assert bad.status_code == 400 and "类别不正确" in bad.json()["detail"]
    assert post(client_for(world.chair_a), f"{API}/types", body).status_code == 403
    assert client_for(world.chair_a).get(f"{API}/types").status_code == 200


def test_the_whole_flow_through_the_api(world, client_for):
    kind = district_type(confers_model_worker=True)
    round = open_round(world, honor_type=kind)
    member = member_a(world)
    chair = client_for(world.chair_a)
    response = post(
        chair, f"{API}/nominations",
        {"round_id": round.pk, "member_id": member.pk, "deeds": "技术能手。", "categories": ["non_public"]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    nid = response.json()["id"]
    missing = post(
        chair, f"{API}/nominations", {"round_id": round.pk, "member_id": 10**9, "deeds": "x"}
    )
    assert missing.status_code in (400, 404) and "member_id" in missing.content.decode()
    town = client_for(world.town_a_user)
    step = post(town, f"{API}/nominations/{nid}/actions", {"action": "town_review", "version": 1})
    assert step.status_code == 200 and step.json()["state"] == "town_reviewed"
    staff = client_for(world.district_staff)
    step = post(staff, f"{API}/nominations/{nid}/actions", {"action": "approve", "version": 2})
    assert step.json()["state"] == "approved"
    rd = post(
        staff, f"{API}/rounds/{round.pk}/actions", {"action": "review", "version": round.version}
    )
    assert rd.status_code == 200, rd.content
    set_today(NOTICE_START)
    rd = post(
        staff,
        f"{API}/rounds/{round.pk}/actions",
        {"action": "notice", "version": rd.json()["version"]},
    )
    assert (rd.json()["notice_from"], rd.json()["notice_until"]) == (
        NOTICE_START.isoformat(), NOTICE_END.isoformat(),
    )  # fmt: skip
    detail = staff.get(f"{API}/rounds/{round.pk}").json()
    assert detail["shares"][0]["shortfall"] == 0 and detail["shares"][0]["met"]
    obj = post(staff, f"{API}/objections", {
        "nomination_id": nid, "channel": "phone", "person_name": "张某", "phone": "13800138000",
        "content": "反映事迹不实。",
    })  # fmt: skip
    assert obj.status_code == 201 and obj.json()["phone_last4"] == "8000"
    early = post(staff, f"{API}/rounds/{round.pk}/actions",
                 {"action": "award", "version": rd.json()["version"], "document_no": "1号"})  # fmt: skip
    assert early.status_code == 400 and "公示期满后" in early.json()["detail"]
    set_today(NOTICE_END + datetime.timedelta(days=1))
    blocked = post(staff, f"{API}/rounds/{round.pk}/actions",
                   {"action": "award", "version": rd.json()["version"], "document_no": "1号"})  # fmt: skip
    assert "未核实" in blocked.json()["detail"]
    resolved = post(staff, f"{API}/objections/{obj.json()['id']}/resolve",
                    {"version": 1, "upheld": False, "resolution": "不属实。"})  # fmt: skip
    assert resolved.json()["state"] == "dismissed"
    done = post(staff, f"{API}/rounds/{round.pk}/actions",
                {"action": "award", "version": rd.json()["version"], "document_no": "番工〔2026〕1号"})  # fmt: skip
    assert done.status_code == 200 and done.json()["state"] == "closed"
    assert Nomination.objects.get(pk=nid).state == NominationState.AWARDED
    honors = staff.get(f"{API}/honors?year=2026").json()["items"]
    assert [h["name"] for h in honors] == ["王锐祥"]
    member.refresh_from_db()
    assert member.is_model_worker


def test_honors_recorded_and_scope(world, client_for):
    kind = make_honor_type("全国五一劳动奖章", level="national")
    make_honor(kind, world.union_b, "乙某", year=2013)
    staff = client_for(world.district_staff)
    response = post(staff, f"{API}/honors", {
        "honor_type_id": kind.pk, "year": 2013, "member_id": member_a(world).pk,
    })  # fmt: skip
    assert response.status_code == 201 and response.json()["name"] == "王锐祥"
    bad = post(staff, f"{API}/honors", {"honor_type_id": kind.pk, "year": 2013})
    assert bad.status_code == 400 and "或选择会员" in bad.json()["detail"]
    assert (
        post(
            client_for(world.chair_a), f"{API}/honors", {"honor_type_id": kind.pk, "year": 2013}
        ).status_code
        == 403
    )
    town_a = client_for(world.town_a_user).get(f"{API}/honors").json()["items"]
    assert [h["name"] for h in town_a] == ["王锐祥"]
    assert Honor.objects.count() == 2


def test_nomination_scope_and_refusals(world, client_for):
    round = open_round(world)
    chair = client_for(world.chair_a)
    nid = post(
        chair,
        f"{API}/nominations",
        {"round_id": round.pk, "member_id": member_a(world).pk, "deeds": "好。"},
    ).json()["id"]
    assert client_for(world.town_b_user).get(f"{API}/nominations/{nid}").status_code == 404
    wrong = post(
        client_for(world.town_b_user),
        f"{API}/nominations/{nid}/actions",
        {"action": "town_review", "version": 1},
    )
    assert wrong.status_code == 404
    refused = post(
        client_for(world.district_staff),
        f"{API}/nominations/{nid}/actions",
        {"action": "approve", "version": 1},
    )
    assert refused.status_code == 403 and "镇街审核" in refused.json()["detail"]
    stale = post(
        client_for(world.town_a_user),
        f"{API}/nominations/{nid}/actions",
        {"action": "town_review", "version": 9},
    )
    assert stale.status_code == 409
    listed = client_for(world.auditor).get(f"{API}/nominations?state=submitted").json()["items"]
    assert [n["id"] for n in listed] == [nid]
