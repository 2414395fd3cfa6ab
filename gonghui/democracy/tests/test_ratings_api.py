"""The ratings API under /api/v1/democracy/: a round with its sheet, an application with its
scores read from the records, the workflow's actions, objections, awards, the valid
ratings; scope, permissions and Chinese errors naming the field."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.democracy.choices import ApplicationState, AwardState
from gonghui.democracy.models import AwardNomination, RatingApplication, RatingRound
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    NOTICE_START,
    congress,
    dual_display,
    open_affairs,
    set_today,
    wage_contract,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/democracy"


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def _act(client, url, obj, action, **extra):
    response = post(
        client, f"{url}/{obj['id']}/actions", {"action": action, "version": obj["version"], **extra}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_whole_flow_through_the_api(world, client_for):
    e = world.employer_a
    wage_contract(e)
    congress(e)
    open_affairs(e)
    dual_display(world.union_a)
    set_today(datetime.date(2026, 9, 1))
    response = post(
        client_for(world.district_staff),
        f"{API}/ratings",
        {"year": 2026, "organizer_id": world.district.pk},
    )
    assert response.status_code == 201, response.content
    round = response.json()
    assert len(round["criteria"]) == 10 and round["state"] == "draft"
    c = post(
        client_for(world.district_staff),
        f"{API}/ratings/{round['id']}/criteria",
        {"text": "技能培训", "max_points": 5},
    )
    assert c.status_code == 201
    assert (
        client_for(world.district_staff)
        .delete(f"{API}/ratings/{round['id']}/criteria/{c.json()['id']}")
        .status_code
        == 204
    )
    round = _act(
        client_for(world.district_staff),
        f"{API}/ratings",
        client_for(world.district_staff).get(f"{API}/ratings/{round['id']}").json(),
        "open",
    )
    bad = post(
        client_for(world.chair_a),
        f"{API}/rating-applications",
        {"round_id": round["id"], "employer_id": e.pk, "level_applied": "X"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "level_applied"
    assert "申报等级" in bad.json()["detail"]
    response = post(
        client_for(world.chair_a),
        f"{API}/rating-applications",
        {"round_id": round["id"], "employer_id": e.pk, "level_applied": "AAA"},
    )
    assert response.status_code == 201, response.content
    app = response.json()
    records = {s["text"]: (s["points"], s["from_records"]) for s in app["scores"]}
    assert records["签订工资专项集体合同并在有效期内"] == (15, True)
    assert app["total_score"] == 60
    scores = [
        {"criterion_id": s["criterion_id"], "points": s["max_points"]}
        for s in app["scores"]
        if not s["from_records"]
    ]
    response = post(
        client_for(world.district_staff),
        f"{API}/rating-applications/{app['id']}/scores",
        {"version": app["version"], "scores": scores},
        "put",
    )
    assert response.status_code == 200, response.content
    app = response.json()
    assert app["total_score"] == 100
    too_many = post(client_for(world.district_staff), f"{API}/rating-applications/{app['id']}/scores",
                    {"version": app["version"], "scores": [{"criterion_id": scores[0]["criterion_id"], "points": 99}]}, "put")  # fmt: skip
    assert too_many.status_code == 400 and too_many.json()["field"].startswith("points_")
    app = _act(
        client_for(world.town_a_user), f"{API}/rating-applications", app, "town_review", note="属实"
    )
    app = _act(client_for(world.district_staff), f"{API}/rating-applications", app, "approve")
    assert app["level"] == "AAA"
    award = post(client_for(world.chair_a), f"{API}/rating-awards", {"round_id": round["id"], "kind": "devoted_employee",
                 "employer_id": e.pk, "name": "李四", "deeds": "爱岗敬业。"})  # fmt: skip
    assert award.status_code == 201, award.content
    award = _act(client_for(world.district_staff), f"{API}/rating-awards", award.json(), "approve")
    round = _act(
        client_for(world.district_staff),
        f"{API}/ratings",
        client_for(world.district_staff).get(f"{API}/ratings/{round['id']}").json(),
        "review",
    )
    set_today(NOTICE_START)
    round = _act(client_for(world.district_staff), f"{API}/ratings", round, "notice")
    assert (round["notice_from"], round["notice_until"]) == ("2026-09-29", "2026-10-10")
    objection = post(client_for(world.district_staff), f"{API}/rating-objections", {"application_id": app["id"], "channel": "visit",
                     "person_name": "王五", "phone": "13800138000", "content": "反映拖欠加班费。"})  # fmt: skip
    assert objection.status_code == 201, objection.content
    set_today(NOTICE_END + datetime.timedelta(days=1))
    refused = post(
        client_for(world.district_staff),
        f"{API}/ratings/{round['id']}/actions",
        {"action": "close", "version": round["version"], "document_no": "番工〔2026〕9号"},
    )
    assert refused.status_code == 400 and "公示异议未核实" in refused.json()["detail"]
    o = objection.json()
    done = post(
        client_for(world.district_staff),
        f"{API}/rating-objections/{o['id']}/resolve",
        {"version": o["version"], "upheld": False, "resolution": "不属实"},
    )
    assert done.status_code == 200 and done.json()["state"] == "dismissed"
    round = _act(
        client_for(world.district_staff),
        f"{API}/ratings",
        round,
        "close",
        document_no="番工〔2026〕9号",
    )
    assert round["state"] == "closed" and round["decided_on"] == "2026-10-11"
    rated = client_for(world.chair_a).get(f"{API}/rated-employers").json()
    assert [(r["employer"], r["level"], r["valid_until"]) for r in rated["items"]] == [
        ("甲电子有限公司", "AAA", "2029-10-10")
    ]
    assert AwardNomination.objects.get().state == AwardState.AWARDED
    assert RatingApplication.objects.get().state == ApplicationState.RATED


def test_scope_and_permissions(world, client_for):
    set_today(datetime.date(2026, 9, 1))
    round = post(client_for(world.district_staff), f"{API}/ratings", {"year": 2026}).json()
    assert RatingRound.objects.get().organizer_id == world.district.pk
    _act(client_for(world.district_staff), f"{API}/ratings", round, "open")
    assert post(client_for(world.chair_a), f"{API}/ratings", {"year": 2027}).status_code == 403
    other = post(
        client_for(world.chair_a),
        f"{API}/rating-applications",
        {"round_id": round["id"], "employer_id": world.employer_b.pk, "level_applied": "A"},
    )
    assert other.status_code == 404 and other.json()["field"] == "employer_id"
    missing = post(
        client_for(world.chair_a),
        f"{API}/rating-applications",
        {"round_id": 999999, "employer_id": world.employer_a.pk, "level_applied": "A"},
    )
    assert missing.status_code == 404 and missing.json()["field"] == "round_id"
    app = post(
        client_for(world.chair_a),
        f"{API}/rating-applications",
        {"round_id": round["id"], "employer_id": world.employer_a.pk, "level_applied": "A"},
    ).json()
    assert (
        client_for(world.town_b_user).get(f"{API}/rating-applications/{app['id']}").status_code
        == 404
    )
    assert client_for(world.town_b_user).get(f"{API}/rating-applications").json()["count"] == 0
    assert (
        client_for(world.town_b_user).get(f"{API}/ratings").json()["count"] == 1
    )  # the district's round, above it
