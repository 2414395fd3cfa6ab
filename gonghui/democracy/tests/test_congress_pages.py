"""The congress pages and API: the lists in scope with their filters and exports, the forms
(the employer picker, bad input said at the field, nothing half-written), a session's and a
record's page with the soft rules' warnings, the employer page's panel, the overdue to-do."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.models import Job
from gonghui.core.registry import todos_for
from gonghui.democracy.models import CongressSession, OpenAffairsRecord
from gonghui.democracy.tests.factories_congress import make_record, make_session
from gonghui.orgs.tests.factories import EmployerFactory
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db
LIST = "/democracy/congress/"
RECORDS = "/democracy/open-affairs/"
API = "/api/v1/democracy"


@pytest.fixture
def rows(world):
    a = make_session(world.employer_a, datetime.date(2013, 4, 20), attended=30)  # inquorate
    b = make_session(world.employer_b, datetime.date(2012, 5, 1))
    make_record(world.employer_a, 2013, items=["hiring"])
    make_record(world.employer_b, 2012)
    return a, b


def names(response) -> list[str]:
    page = response.context["page"]
    return [getattr(row, "employer", row).name for row in page]


def test_the_lists_in_scope_and_their_filters(world, rows, client_for):
    admin = client_for(world.admin)
    assert names(admin.get(LIST)) == ["甲电子有限公司", "乙五金有限公司"]
    assert names(admin.get(f"{LIST}?year=2012")) == ["乙五金有限公司"]
    assert names(admin.get(f"{LIST}?quorate=no")) == ["甲电子有限公司"]
    assert names(admin.get(f"{LIST}?town={world.town_b.pk}")) == ["乙五金有限公司"]
    assert names(admin.get(f"{LIST}?ownership=public")) == []
    assert names(admin.get(f"{RECORDS}?established=yes")) == ["乙五金有限公司"]
    assert "事项不全" in admin.get(RECORDS).content.decode()
    bad = admin.get(f"{LIST}?year=abc")
    assert "年度须为四位数字年份" in bad.content.decode() and len(names(bad)) == 2
    assert names(client_for(world.town_a_user).get(LIST)) == ["甲电子有限公司"]
    assert names(client_for(world.chair_a).get(RECORDS)) == ["甲电子有限公司"]
    assert client_for(world.lawyer_a).get(LIST).status_code == 403


def test_a_session_entered_through_the_form(world, client_for):
    client = client_for(world.chair_a)
    form = client.get(f"{LIST}new/?employer={world.employer_a.pk}").content.decode()
    assert 'data-picker="/suggest/employers/"' in form and "甲电子有限公司" in form
    data = {"employer": world.employer_a.pk, "form": "congress", "held_on": "2013-04-20",
            "workers_total": "800", "delegates_total": "60", "delegates_attended": "45",
            "frontline_delegates": "40", "manager_delegates": "15", "women_delegates": "20",
            "agenda": "审议工资集体合同草案"}  # fmt: skip
    response = client.post(f"{LIST}new/", {**data, "delegates_attended": "61"})
    assert "实到人数（61）不能多于应到人数（60）" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "held_on": "昨天"})
    assert "召开日期应为日期" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "employer": world.employer_b.pk})
    assert "所选单位不存在或不在您的管理范围内" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "frontline_delegates": "50"})
    assert "合计（65）不能多于应到人数（60）" in response.content.decode()
    assert not CongressSession.objects.exists()
    response = client.post(f"{LIST}new/", data, follow=True)
    session = CongressSession.objects.get()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{LIST}{session.pk}/"
    assert "中高层管理人员代表占25.0%" in html and "（33.3%）" in html  # the warning, women
    edit = client.get(f"{LIST}{session.pk}/edit/").content.decode()
    assert 'value="45"' in edit
    client.post(f"{LIST}{session.pk}/edit/", {**data, "manager_delegates": "10",
                                              "version": session.version})  # fmt: skip
    assert CongressSession.objects.get().manager_delegates == 10
    stale = client.post(f"{LIST}{session.pk}/edit/", {**data, "version": session.version})
    assert "已被他人修改" in stale.content.decode()
    assert client_for(world.auditor).get(f"{LIST}new/").status_code == 403


def test_a_record_entered_through_the_form(world, client_for):
    client = client_for(world.town_a_user)
    data = {"employer": world.employer_a.pk, "year": "2013", "items": ["hiring", "contract"],
            "methods": ["board"], "frequency": "quarterly"}  # fmt: skip
    response = client.post(f"{RECORDS}new/", {**data, "items": []})
    assert "请至少勾选一项公开事项" in response.content.decode()
    response = client.post(f"{RECORDS}new/", {**data, "items": ["dividends"]})
    assert "不是可选" in response.content.decode() or "有效" in response.content.decode()
    assert not OpenAffairsRecord.objects.exists()
    response = client.post(f"{RECORDS}new/", data, follow=True)
    html = response.content.decode()
    assert "未公开直接涉及职工切身利益的事项" in html and "未建制" in html
    response = client.post(f"{RECORDS}new/", data)
    assert "2013年的厂务公开已登记" in response.content.decode()
    assert OpenAffairsRecord.objects.count() == 1


def test_the_employer_page_panel(world, rows, client_for):
    html = client_for(world.town_a_user).get(f"/employers/{world.employer_a.pk}/").content.decode()
    assert "职代会和厂务公开" in html and "2013-04-20" in html and "不足三分之二" in html
    assert "事项不全，未建制" in html and "乙五金" not in html


def test_the_overdue_to_do_and_its_list(world, client_for):
    this_year = today()
    make_session(world.employer_a, this_year.replace(year=this_year.year - 2))
    make_session(world.employer_b, this_year.replace(year=this_year.year - 2))
    fresh = EmployerFactory(name="丙有限公司", town=world.town_a, union=world.union_a)
    make_session(fresh, this_year)
    town = {t.name: (c, u) for t, c, u in todos_for(world.town_a_user)}
    count, url = town["democracy.congress_overdue"]
    assert count == 1 and url == "/democracy/congress/employers/?due=overdue"
    assert names_of(client_for(world.town_a_user).get(url)) == ["甲电子有限公司"]
    assert "democracy.congress_overdue" not in {t.name for t, _c, _u in todos_for(world.auditor)}


def names_of(response) -> list[str]:
    return [e.name for e in response.context["page"]]


def export(client, name: str, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_the_exports(world, rows, client_for, django_capture_on_commit_callbacks):
    town = client_for(world.town_a_user)
    assert 'data-export="democracy.congress_sessions"' in town.get(LIST).content.decode()
    header, *body = export(
        town, "democracy.congress_sessions", {}, django_capture_on_commit_callbacks
    )
    assert [r[header.index("用人单位")] for r in body] == ["甲电子有限公司"]
    assert body[0][header.index("符合召开条件")] == "否"
    admin = client_for(world.admin)
    header, *body = export(admin, "democracy.open_affairs", {"established": "yes"},
                           django_capture_on_commit_callbacks)  # fmt: skip
    assert [r[header.index("用人单位")] for r in body] == ["乙五金有限公司"]
    header, *body = export(admin, "democracy.congress_employers", {"year": "2012", "congress": "yes"},
                           django_capture_on_commit_callbacks)  # fmt: skip
    assert [r[header.index("用人单位")] for r in body] == ["乙五金有限公司"]


def test_the_api(world, rows, client_for):
    client = client_for(world.chair_a)
    listed = client.get(f"{API}/congress").json()
    assert [s["employer_name"] for s in listed["items"]] == ["甲电子有限公司"]
    assert listed["items"][0]["is_quorate"] is False
    body = {"employer_id": world.employer_a.pk, "form": "congress", "held_on": "2014-03-01",
            "workers_total": 800, "delegates_total": 60, "delegates_attended": 61,
            "frontline_delegates": 40, "manager_delegates": 8, "agenda": "审议规章制度"}  # fmt: skip
    refused = client.post(f"{API}/congress", body, content_type="application/json")
    assert refused.status_code == 400 and "实到人数（61）" in refused.json()["detail"]
    assert refused.json()["field"] == "delegates_attended"
    made = client.post(f"{API}/congress", {**body, "delegates_attended": 50},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["is_quorate"] is True
    pk = made.json()["id"]
    assert client.get(f"{API}/congress/{pk}").json()["women_share"] == 0.0
    put = client.put(f"{API}/congress/{pk}", {**body, "delegates_attended": 55,
                                              "version": made.json()["version"]},
                     content_type="application/json")  # fmt: skip
    assert put.status_code == 200 and put.json()["delegates_attended"] == 55
    other = client.post(f"{API}/congress", {**body, "employer_id": world.employer_b.pk,
                                            "delegates_attended": 50},
                        content_type="application/json")  # fmt: skip
    assert other.status_code == 404 and "employer_id" in other.content.decode()
    assert client.get(f"{API}/congress/{rows[1].pk}").status_code == 404
    record = {"employer_id": world.employer_a.pk, "year": 2014,
              "items": ["hiring", "contract", "discipline", "safety", "insurance"],
              "methods": ["board"], "frequency": "monthly"}  # fmt: skip
    made = client.post(f"{API}/open-affairs", record, content_type="application/json")
    assert made.status_code == 201 and made.json()["is_established"] is True
    bad = client.post(f"{API}/open-affairs", {**record, "items": ["dividends"]},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code in (400, 422)
    again = client.post(f"{API}/open-affairs", record, content_type="application/json")
    assert again.status_code == 400 and again.json()["field"] == "year"
    pk = made.json()["id"]
    put = client.put(f"{API}/open-affairs/{pk}", {**record, "items": ["hiring"],
                                                  "version": made.json()["version"]},
                     content_type="application/json")  # fmt: skip
    assert put.json()["missing_items"] == ["contract", "discipline", "safety", "insurance"]
    assert client.get(f"{API}/open-affairs?year=2014").json()["count"] == 1
    employers = client.get(f"{API}/congress-employers?year=2014&congress=true").json()
    assert [e["name"] for e in employers["items"]] == ["甲电子有限公司"]
    half = client.get(f"{API}/congress-employers?start=2014-01-01")
    assert half.status_code == 400 and "起止日期" in half.json()["detail"]
