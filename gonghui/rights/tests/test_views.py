"""Pages and API: the same services behind both, errors in Chinese, scope on every id."""

import datetime
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gonghui.core.clock import today
from gonghui.rights.models import Case, LegalEvent
from gonghui.rights.services import handling

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def test_staff_register_accept_and_see_the_queue(rw, client):
    client.force_login(rw.world.town_a_user)
    response = client.post(
        "/rights/cases/new/",
        {
            "kind": "petition",
            "channel": "visit",
            "received_on": today().isoformat(),
            "subject": "wages",
            "summary": "集体欠薪",
            "employer": rw.world.employer_a.name,
            "visitors": "8",
            "workers_involved": "40",
            "contact_name": "赵代表",
            "contact_phone": "13600000000",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.employer == rw.world.employer_a
    detail = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert "不超过5名代表" in detail and case.number in detail
    client.post(f"/rights/cases/{case.pk}/accept/", {"version": case.version})
    assert Case.objects.get().state == "accepted"
    listing = client.get("/rights/cases/").content.decode()
    assert case.number in listing


def test_register_page_defaults_the_town_and_requires_it_where_it_cannot_be_inferred(rw, client):
    data = {
        "kind": "petition",
        "channel": "visit",
        "received_on": today().isoformat(),
        "subject": "wages",
        "summary": "欠薪",
        "visitors": "1",
        "workers_involved": "1",
        "contact_name": "赵代表",
    }
    # a town user's form starts on their town, and a case without one is still theirs
    client.force_login(rw.world.town_a_user)
    form = client.get("/rights/cases/new/").content.decode()
    assert re.search(rf'<option value="{rw.world.town_a.pk}" selected>', form)
    assert client.post("/rights/cases/new/", data).status_code == 302
    assert Case.objects.get().town == rw.world.town_a
    # a district user without employer and town is told on the 镇街 field
    client.force_login(rw.world.district_staff)
    page = client.post("/rights/cases/new/", data).content.decode()
    assert "请选择所属镇街" in page and Case.objects.count() == 1


def test_stale_form_shows_the_conflict_message(rw, client):
    case = register(rw.world.town_a_user)
    client.force_login(rw.world.town_a_user)
    client.post(f"/rights/cases/{case.pk}/accept/", {"version": case.version})
    response = client.post(
        f"/rights/cases/{case.pk}/decline/", {"version": case.version, "reason": "x"}, follow=True
    )
    assert "已被他人修改" in response.content.decode()
    assert Case.objects.get().state == "accepted"


def test_lawyer_pages_show_only_their_cases(rw, client):
    mine = to_in_progress(rw, lawyer=rw.lawyer_a)
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    client.force_login(rw.world.lawyer_a)
    body = client.get("/rights/cases/").content.decode()
    assert mine.number in body and theirs.number not in body
    assert client.get(f"/rights/cases/{theirs.pk}/").status_code == 404
    response = client.post(
        f"/rights/cases/{mine.pk}/conclude/",
        {
            "version": mine.version,
            "outcome": "mediated",
            "conclusion": "已调解",
            "amount_recovered": "500",
        },
    )
    assert response.status_code == 302 and Case.objects.get(pk=mine.pk).state == "concluded"


def test_a_lawyer_opens_the_edit_page_of_their_own_case_only(rw, client):
    mine = to_in_progress(rw, lawyer=rw.lawyer_a)
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    client.force_login(rw.world.lawyer_a)
    # the detail page links to the edit page, which saves the corrected figure
    detail = client.get(f"/rights/cases/{mine.pk}/").content.decode()
    assert f'href="/rights/cases/{mine.pk}/edit/"' in detail
    form = client.get(f"/rights/cases/{mine.pk}/edit/")
    assert form.status_code == 200 and 'name="workers_involved"' in form.content.decode()
    data = {
        "version": mine.version,
        "subject": mine.subject,
        "summary": "核实后为25名职工",
        "amount_claimed": "12000",
        "visitors": "1",
        "workers_involved": "25",
    }
    response = client.post(f"/rights/cases/{mine.pk}/edit/", data)
    assert response.status_code == 302 and Case.objects.get(pk=mine.pk).workers_involved == 25
    # another lawyer's case stays out of reach, page and save alike
    assert client.get(f"/rights/cases/{theirs.pk}/edit/").status_code == 404
    data["version"] = theirs.version
    assert client.post(f"/rights/cases/{theirs.pk}/edit/", data).status_code == 404
    assert Case.objects.get(pk=theirs.pk).workers_involved == 1


def test_due_page_groups_by_station_and_town(rw, client):
    case = to_in_progress(rw)
    Case.objects.filter(pk=case.pk).update(conclude_due=today() - datetime.timedelta(days=1))
    client.force_login(rw.world.district_staff)
    body = client.get("/rights/cases/due/").content.decode()
    assert "市桥工作站" in body and case.number in body


def test_events_pages_and_api(rw, client):
    client.force_login(rw.world.town_a_user)
    response = client.post(
        "/rights/events/new/",
        {
            "kind": "publicity",
            "title": "劳动法进企业",
            "held_on": "2026-05-01",
            "town": rw.world.town_a.pk,
            "organizers": "市桥街总工会",
            "attendance": "120",
        },
    )
    event = LegalEvent.objects.get()
    assert response.status_code == 302 and event.org_path == rw.world.town_a.path
    api = client.get("/api/v1/rights/events").json()
    assert api["items"][0]["attendance"] == 120
    bad = client.post(
        "/api/v1/rights/events",
        json.dumps(
            {
                "kind": "x",
                "title": "t",
                "held_on": "2026-05-01",
                "town_id": rw.world.town_a.pk,
                "organizers": "o",
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"] == "请选择活动类型。"


def test_api_register_act_and_figures(rw, client):
    client.force_login(rw.world.town_a_user)
    created = client.post(
        "/api/v1/rights/cases",
        json.dumps(
            {
                "kind": "labor_dispute",
                "channel": "call",
                "received_on": today().isoformat(),
                "summary": "欠薪",
                "contact_name": "钱",
                "employer_id": rw.world.employer_a.pk,
                "workers_involved": 3,
                "amount_claimed": "5000.00",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    case = created.json()
    accepted = client.post(
        f"/api/v1/rights/cases/{case['id']}/actions",
        json.dumps({"action": "accept", "version": case["version"]}),
        content_type="application/json",
    )
    assert accepted.json()["state"] == "accepted"
    stale = client.post(
        f"/api/v1/rights/cases/{case['id']}/actions",
        json.dumps({"action": "decline", "version": case["version"], "reason": "x"}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    start = today().isoformat()
    figures = client.get(f"/api/v1/rights/stats?start={start}&end={start}").json()
    assert figures["cases"]["calls"] == 1 and figures["cases"]["dispute_workers"] == 3
    page = client.get(f"/rights/stats/?start={start}&end={start}").content.decode()
    assert "劳动争议" in page


def test_notifications_page_shows_only_own(rw, client):
    case = to_in_progress(rw)  # notifies lawyer_a on assignment
    client.force_login(rw.world.lawyer_a)
    # the old address leads to core's notifications page, which links to the case
    response = client.get("/rights/notifications/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    body = response.content.decode()
    assert "新交办案件" in body and f'href="/rights/cases/{case.pk}/"' in body
    client.force_login(rw.world.town_b_user)
    assert "新交办案件" not in client.get("/rights/notifications/", follow=True).content.decode()


def _rights_routes(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _rights_routes(p, route)
        elif isinstance(p, URLPattern) and route.startswith(("rights/", "m/")):
            yield route


def test_lawyer_walk_over_rights_urls_never_reaches_unassigned_cases(rw, client):
    # given a town-A case assigned to another lawyer, and a town-A event
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2, contact_name="别人的当事人")
    client.force_login(rw.world.lawyer_a)
    checked = 0
    for route in _rights_routes():
        if "<" not in route:
            body = client.get("/" + route).content.decode()
            assert "别人的当事人" not in body and theirs.number not in body, route
            continue
        url = "/" + re.sub(r"<int:\w+>", str(theirs.pk), route).replace("<str:action>", "conclude")
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), f"{method} {url}: {status}"
            checked += 1
    for path in ("/api/v1/rights/cases", "/api/v1/rights/cases/due"):
        assert theirs.number not in client.get(path).content.decode()
    assert client.get(f"/api/v1/rights/cases/{theirs.pk}").status_code == 404
    assert checked > 10


def test_review_page_flow_and_overdue_job_button(rw, client):
    case = to_in_progress(rw)
    handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="explained",
        conclusion="已答复",
    )
    client.force_login(rw.world.district_staff)
    assert "登记复查/复核申请" in client.get(f"/rights/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/rights/cases/{case.pk}/review/", {"received_on": today().isoformat(), "summary": "不服"}
    )
    review = Case.objects.get(review_of=case)
    assert response.url == f"/rights/cases/{review.pk}/"
    job = client.post("/rights/cases/due/check/")
    assert job.status_code == 302 and "/jobs/" in job.url
    client.force_login(rw.world.town_a_user)
    assert client.post("/rights/cases/due/check/").status_code == 403


def test_api_runs_every_transition_through_one_endpoint(rw, client):
    user = rw.world.town_a_user
    case = register(user)
    url = f"/api/v1/rights/cases/{case.pk}/actions"

    def act(who, body):
        client.force_login(who)
        return client.post(url, json.dumps(body), content_type="application/json")

    assert act(user, {"action": "fly", "version": 1}).status_code == 422
    assert act(user, {"action": "accept", "version": 1}).json()["state"] == "accepted"
    # ids become rows through the scope: another town's station is not found
    station_b = {"action": "assign", "version": 2, "station_id": rw.station_b.pk}
    assert act(user, station_b).status_code == 404
    assigned = act(user, {"action": "assign", "version": 2, "lawyer_id": rw.lawyer_a.pk})
    assert assigned.json()["lawyer_id"] == rw.lawyer_a.pk
    lawyer = rw.world.lawyer_a
    assert act(lawyer, {"action": "start", "version": 3}).json()["state"] == "in_progress"
    extended = act(lawyer, {"action": "extend", "version": 4, "days": 10, "reason": "需鉴定"})
    assert extended.status_code == 200
    conclude = {
        "action": "conclude",
        "version": 5,
        "outcome": "mediated",
        "conclusion": "已调解",
        "amount_recovered": "2.345",
    }
    refused = act(lawyer, conclude)  # past the fen: refused, not rounded (issue #11)
    assert refused.status_code == 422 and "两位小数" in str(refused.json())
    concluded = act(lawyer, conclude | {"amount_recovered": "2.3"})
    assert concluded.json()["amount_recovered"] == "2.30"
    # the lawyer may not reopen (a registering step): 403, and the worker's step is no action
    assert act(lawyer, {"action": "reopen", "version": 6, "reason": "x"}).status_code == 403
    assert act(user, {"action": "feedback", "version": 6}).status_code == 422
    assert act(lawyer, {"action": "close", "version": 6}).json()["state"] == "closed"
    reopened = act(user, {"action": "reopen", "version": 7, "reason": "新证据"})
    assert reopened.json()["state"] == "in_progress"
    # and a user of another town does not find it
    assert act(rw.world.town_b_user, {"action": "start", "version": 8}).status_code == 404


def test_detail_page_buttons_are_the_available_transitions(rw, client):
    case = register(rw.world.town_a_user)
    client.force_login(rw.world.town_a_user)
    body = client.get(f"/rights/cases/{case.pk}/").content.decode()
    for name in ("accept", "decline"):
        assert f'id="action-{name}"' in body
        assert f'action="/rights/cases/{case.pk}/{name}/"' in body
    for name in ("assign", "start", "conclude", "merge", "feedback"):
        assert f'id="action-{name}"' not in body
    # a lawyer sees only handling steps of their own case: start, no registering step
    mine = to_in_progress(rw)
    client.force_login(rw.world.lawyer_a)
    body = client.get(f"/rights/cases/{mine.pk}/").content.decode()
    assert 'id="action-conclude"' in body and 'id="action-extend"' in body
    assert 'id="action-assign"' not in body and 'id="action-reopen"' not in body


def test_generic_page_action_assigns_with_the_users_own_choices(rw, client):
    user = rw.world.town_a_user
    case = handling.case_accept(actor=user, case=register(user), version=1)
    client.force_login(user)
    url = f"/rights/cases/{case.pk}/assign/"
    # another town's station is not among the form's choices
    refused = client.post(url, {"version": case.version, "station": rw.station_b.pk}, follow=True)
    assert Case.objects.get(pk=case.pk).state == "accepted"
    assert "选择一个有效的选项" in refused.content.decode()
    client.post(url, {"version": case.version, "lawyer": rw.lawyer_a.pk})
    assert Case.objects.get(pk=case.pk).lawyer == rw.lawyer_a
    assert client.post(f"/rights/cases/{case.pk}/fly/", {"version": 3}).status_code == 404
