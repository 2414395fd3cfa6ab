"""The delegations API: create with events, read with counts and lists, edit with the
version, events, athletes several at once, prizes, delete; scope and permission as on the
pages, refusals in Chinese."""

import pytest

from gonghui.activities.models import Delegation
from gonghui.activities.tests.delegations_helpers import GAMES, games
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db
API = "/api/v1/activities/delegations"


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


BODY = {
    "name": "番禺区职工代表团",
    "event_name": "广州市第八届职工运动会",
    "host": "广州市总工会",
    "year": 2013,
    "starts_on": "2013-10-01",
    "ends_on": "2013-11-30",
    "events": list(GAMES),
}


def test_the_whole_delegation_through_the_api(world, client_for):
    client = client_for(world.district_staff)
    made = send(client, "post", API, BODY)
    assert made.status_code == 201, made.content
    data = made.json()
    pk, events = data["id"], {e["name"]: e["id"] for e in data["events"]}
    assert len(events) == 13 and data["figures"]["events"] == 13
    a, b = make_member(world.union_a, "张一"), make_member(world.union_b, "李二")
    added = send(
        client,
        "post",
        f"{API}/{pk}/athletes",
        {"version": 1, "member_ids": [a.pk, b.pk], "event_ids": [events["游泳"], events["田径"]]},
    )
    assert added.status_code == 201
    athletes = added.json()["athletes"]
    assert [x["name"] for x in athletes] == ["张一", "李二"]
    assert sorted(athletes[0]["event_ids"]) == sorted([events["游泳"], events["田径"]])
    prize = send(
        client,
        "post",
        f"{API}/{pk}/prizes",
        {"event_id": events["游泳"], "athlete_id": athletes[0]["id"], "prize": "第一名"},
    )
    assert prize.status_code == 201
    team = send(
        client, "post", f"{API}/{pk}/prizes", {"event_id": events["拔河"], "prize": "团体第三名"}
    )
    figures = team.json()["figures"]
    assert (figures["athletes"], figures["events_entered"], figures["prizes"]) == (2, 2, 2)
    version = team.json()["version"]
    edited = send(client, "put", f"{API}/{pk}", {**BODY, "host": "市总工会", "version": version})
    assert edited.status_code == 200 and edited.json()["host"] == "市总工会"
    stale = send(client, "put", f"{API}/{pk}", {**BODY, "version": version})
    assert stale.status_code == 409
    listed = client.get(API, {"year": 2013}).json()["items"]
    assert [d["id"] for d in listed] == [pk]
    gone = client.delete(f"{API}/{pk}?version={edited.json()['version']}")
    assert gone.status_code == 204 and not Delegation.objects.exists()


def test_refusals_name_what_and_where(world, client_for):
    delegation = games(world)
    client = client_for(world.admin)
    bad_dates = send(client, "post", API, {**BODY, "ends_on": "2013-09-01"})
    assert (
        bad_dates.status_code == 400 and bad_dates.json()["detail"] == "结束日期不能早于开始日期。"
    )
    other = games(world)
    wrong_event = send(
        client,
        "post",
        f"{API}/{delegation.pk}/athletes",
        {"member_ids": [make_member(world.union_a).pk], "event_ids": [other.events.first().pk]},
    )
    assert wrong_event.status_code == 404 and "event_ids" in wrong_event.json()["detail"]
    twice = send(client, "post", f"{API}/{delegation.pk}/events", {"names": ["游泳"]})
    assert twice.status_code == 400 and twice.json()["detail"] == "已有比赛项目「游泳」。"
    no_athlete = send(
        client,
        "post",
        f"{API}/{delegation.pk}/prizes",
        {"event_id": delegation.events.first().pk, "athlete_id": 10**6, "prize": "第一名"},
    )
    assert no_athlete.status_code == 404 and "athlete_id" in no_athlete.json()["detail"]


def test_scope_and_permission(world, client_for):
    delegation = games(world)
    town = client_for(world.town_a_user)
    assert town.get(f"{API}/{delegation.pk}").status_code == 404
    assert town.get(API).json()["items"] == []
    assert send(town, "post", API, BODY).status_code == 403
    auditor = client_for(world.auditor)
    assert auditor.get(f"{API}/{delegation.pk}").json()["figures"]["events"] == 13
    assert (
        send(auditor, "post", f"{API}/{delegation.pk}/events", {"names": ["拔河二"]}).status_code
        == 403
    )
