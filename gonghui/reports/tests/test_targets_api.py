"""The targets API (REPORT-2): list with actual and progress, set, one with its trend,
remove; the service's permission, level rule and scope; bad input never a server error."""

import pytest

from gonghui.core.models import AuditEntry
from gonghui.reports.models import Target

from .targets_rows import YEAR, founded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NEW = "orgs.unions.new"


def _post(client, **body):
    return client.post("/api/v1/targets", body, content_type="application/json")


def _body(world, **changes) -> dict:
    return {"code": NEW, "year": YEAR, "org_id": world.town_a.pk, "value": 4} | changes


def test_round_trip(world, founded, client_for):  # noqa: F811
    client = client_for(world.district_staff)
    # set: 201, with the actual (town A founded 2 in 2013) and progress
    created = _post(client, **_body(world, note="年度任务"))
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["actual"], data["progress"], data["status"], data["version"]) == (
        2,
        "50.0",
        "behind",
        1,
    )
    # listed for the district's page, with the organization named
    listed = client.get("/api/v1/targets", {"year": YEAR}).json()
    assert listed["org_id"] == world.district.pk
    assert [(t["id"], t["org_name"], t["title"]) for t in listed["targets"]] == [
        (data["id"], world.town_a.name, "新组建工会")
    ]
    # changed: 200, the same row
    changed = _post(client, **_body(world, value=2, version=1))
    assert changed.status_code == 200
    assert (changed.json()["id"], changed.json()["status"], changed.json()["version"]) == (
        data["id"],
        "met",
        2,
    )
    # one with its trend through the year
    one = client.get(f"/api/v1/targets/{data['id']}").json()
    assert [p["value"] for p in one["trend"]] == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
    # removed: a stale version is a conflict, then 204
    assert client.delete(f"/api/v1/targets/{data['id']}?version=1").status_code == 409
    assert client.delete(f"/api/v1/targets/{data['id']}?version=2").status_code == 204
    assert client.get("/api/v1/targets", {"year": YEAR}).json()["targets"] == []
    actions = AuditEntry.objects.filter(target_type="reports.target").values_list(
        "action", flat=True
    )
    assert list(actions.order_by("id")) == [
        "reports.target.set",
        "reports.target.changed",
        "reports.target.removed",
    ]


def test_a_town_user_cannot_reach_another_towns_target(world, client_for):
    target = Target.objects.create(
        code=NEW,
        year=YEAR,
        organization=world.town_b,
        org_path=world.town_b.path,
        value=3,
        set_at="2014-01-01T00:00:00Z",
    )
    client = client_for(world.town_a_user)
    assert client.get(f"/api/v1/targets/{target.pk}").status_code == 404
    assert client.delete(f"/api/v1/targets/{target.pk}").status_code == 404
    refused = _post(client, **_body(world, org_id=world.union_b.pk))
    assert refused.status_code == 404 and refused.json()["field"] == "org_id"
    listed = client.get("/api/v1/targets", {"year": YEAR, "org_id": world.town_b.pk})
    assert listed.status_code == 404
    mine = client.get("/api/v1/targets", {"year": YEAR}).json()
    assert mine["org_id"] == world.town_a.pk and mine["targets"] == []
    assert Target.objects.get().value == 3


def test_the_level_rule_and_the_permission_hold_on_the_api(world, client_for):
    own_town = _post(client_for(world.town_a_user), **_body(world))
    assert own_town.status_code == 403 and "镇街工会只能设定其下基层工会的目标" in str(
        own_town.json()
    )
    union = _post(client_for(world.town_a_user), **_body(world, org_id=world.union_a.pk))
    assert union.status_code == 201
    assert _post(client_for(world.auditor), **_body(world)).status_code == 403
    assert client_for(world.chair_a).get("/api/v1/targets").status_code == 403
    assert Target.objects.count() == 1


BAD_BODIES = [
    {"value": "abc"},
    {"value": -1},
    {"value": "NaN"},
    {"value": "1e30"},
    {"value": 2.5},
    {"year": 1999},
    {"year": "二〇一四"},
    {"code": "no.such.thing"},
    {"code": "x" * 81},
    {"org_id": 10**22},
    {"org_id": "abc"},
    {"org_id": 9_999_999},
    {"comparison": "more"},
    {"note": "说" * 301},
    {"note": "\x00"},
    {"version": 99},
]


@pytest.mark.parametrize("changes", BAD_BODIES)
def test_bad_input_is_refused_in_chinese_never_a_server_error(world, client_for, changes):
    response = _post(client_for(world.district_staff), **_body(world, **changes))
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    text = str(response.json())
    assert "Input should" not in text and "Field required" not in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/targets?year=abc"),
        ("get", "/api/v1/targets?year=99999"),
        ("get", "/api/v1/targets?org_id=abc"),
        ("get", f"/api/v1/targets?org_id={10**22}"),
        ("get", f"/api/v1/targets/{10**22}"),
        ("delete", "/api/v1/targets/abc"),
        ("delete", "/api/v1/targets/1?version=abc"),
        ("post", "/api/v1/targets"),
    ],
)
def test_bad_requests_are_4xx(world, client_for, method, url):
    client = client_for(world.district_staff)
    response = client.generic(method.upper(), url, "not json", content_type="application/json")
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
