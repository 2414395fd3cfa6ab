"""The competitions API: CRUD with the version, the state, entries and contestants by the
organizer and by a chair, the ranks; Chinese errors, scope and permission as on the pages."""

import pytest
from django.test import Client

from gonghui.merit.models import Contestant
from gonghui.merit.tests.competitions_helpers import make_skills, skills

pytestmark = pytest.mark.django_db
API = "/api/v1/merit/competitions"


def send(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def as_user(user) -> Client:
    """A client of its own per persona (client_for shares one, logged in as the last)."""
    client = Client()
    client.force_login(user)
    return client


def body(world, **changes):
    return {
        "organizer_id": world.district.pk,
        "kind": "ankang",
        "name": "2013年全国“安康杯”竞赛（番禺区）",
        "year": 2013,
        "starts_on": "2013-04-01",
        "events": [],
    } | changes


def test_create_read_update_and_move(world, client_for):
    client = client_for(world.admin)
    made = send(client, "post", API, body(world))
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["state"] == "planned" and data["entry_summary"] == {
        "employers": 0,
        "teams": 0,
        "workers": 0,
    }
    pk = data["id"]
    updated = send(
        client, "put", f"{API}/{pk}", body(world, name="安康杯", version=data["version"])
    )
    assert updated.status_code == 200 and updated.json()["name"] == "安康杯"
    stale = send(client, "put", f"{API}/{pk}", body(world, name="x", version=data["version"]))
    assert stale.status_code == 409
    moved = send(client, "post", f"{API}/{pk}/state", {"state": "running"})
    assert moved.json()["state"] == "running"
    wrong = send(client, "post", f"{API}/{pk}/state", {"state": "planned", "version": 1})
    assert wrong.status_code == 409
    bad = send(client, "post", API, body(world, kind="industry"))
    assert (
        bad.status_code == 400
        and bad.json()["field"] == "industry"
        and "行业劳动竞赛须填写行业" in bad.json()["detail"]
    )
    listed = client.get(API + "?kind=ankang").json()
    assert [c["name"] for c in listed["items"]] == ["安康杯"]
    assert send(client_for(world.chair_a), "post", API, body(world)).status_code == 403


def test_entries_and_contestants_by_a_chair_and_ranks_by_the_organizer(world, client_for):
    s = skills(world)
    c = s.competition
    chair = as_user(world.chair_a)
    entry = send(
        chair,
        "post",
        f"{API}/{c.pk}/entries",
        {"employer_id": world.employer_a.pk, "team": "一班", "workers": 9},
    )
    assert entry.status_code == 201, entry.content
    other = send(chair, "post", f"{API}/{c.pk}/entries", {"employer_id": world.employer_b.pk})
    assert other.status_code == 404
    result = send(chair, "patch", f"{API}/{c.pk}/entries/{entry.json()['id']}", {"result": "优胜"})
    assert result.status_code == 403 and "主办单位" in result.json()["detail"]
    person = send(
        chair, "post", f"{API}/{c.pk}/contestants", {"event": "焊工", "member_id": s.member_a.pk}
    )
    assert person.status_code == 201, person.content
    admin = as_user(world.admin)
    worker = send(
        admin,
        "post",
        f"{API}/{c.pk}/contestants",
        {"event": "焊工", "name": "张师傅", "employer_id": world.employer_b.pk, "score": "97"},
    )
    assert worker.status_code == 201
    send(admin, "patch", f"{API}/{c.pk}/contestants/{person.json()['id']}", {"score": "90"})
    ranked = send(admin, "post", f"{API}/{c.pk}/ranks")
    assert ranked.json() == {"changed": 2}
    rows = admin.get(f"{API}/{c.pk}/contestants").json()["items"]
    assert [(r["name"], r["rank"]) for r in rows] == [("张师傅", 1), ("王焊工", 2)]
    # the chair sees its own contestant only
    mine = chair.get(f"{API}/{c.pk}/contestants").json()["items"]
    assert [r["name"] for r in mine] == ["王焊工"]
    assert send(chair, "post", f"{API}/{c.pk}/ranks").status_code == 403
    gone = send(admin, "delete", f"{API}/{c.pk}/contestants/{worker.json()['id']}")
    assert gone.status_code == 204 and Contestant.objects.count() == 1
    detail = chair.get(f"{API}/{c.pk}").json()
    assert detail["entry_summary"] == {"employers": 1, "teams": 1, "workers": 9}


def test_another_towns_competition_is_not_found(world, client_for):
    other = make_skills(world.town_b, name="南村镇技能竞赛")
    client = client_for(world.town_a_user)
    assert client.get(f"{API}/{other.pk}").status_code == 404
    assert client.get(f"{API}/{other.pk}/entries").status_code == 404
