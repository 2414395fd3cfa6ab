"""Innovation studio pages and API: the list in scope with its filters, the form with the
employer and leader pickers, a studio's page with results and members added and removed;
the API's list, create, update and results."""

import datetime

import pytest

from gonghui.members.tests.factories import make_member
from gonghui.merit.models import InnovationStudio, StudioResult
from gonghui.merit.tests.factories import make_model_worker, make_studio

pytestmark = pytest.mark.django_db
LIST = "/merit/studios/"
API = "/api/v1/merit/studios"


@pytest.fixture
def studios(world):
    a = make_studio(world.employer_a, "甲声学工作室", level="city")
    b = make_studio(
        world.employer_b, "乙钻采工作室", is_active=False, founded_on=datetime.date(2010, 3, 1)
    )
    return a, b


def names(response) -> list[str]:
    return [s.name for s in response.context["page"]]


def test_the_list_in_scope_and_its_filters(world, studios, client_for):
    admin = client_for(world.admin)
    assert names(admin.get(LIST)) == ["甲声学工作室", "乙钻采工作室"]
    assert names(admin.get(f"{LIST}?level=city")) == ["甲声学工作室"]
    assert names(admin.get(f"{LIST}?active=no")) == ["乙钻采工作室"]
    assert names(admin.get(f"{LIST}?town={world.town_b.pk}")) == ["乙钻采工作室"]
    assert names(admin.get(f"{LIST}?year=2010")) == ["乙钻采工作室"]
    assert names(client_for(world.town_a_user).get(LIST)) == ["甲声学工作室"]
    assert names(client_for(world.chair_a).get(LIST)) == ["甲声学工作室"]
    bad = client_for(world.admin).get(f"{LIST}?active=maybe")  # one client: log back in
    assert "「运行状态」只能选" in bad.content.decode() and len(names(bad)) == 2


def test_create_with_pickers_and_bad_input(world, client_for):
    leader = make_model_worker(world.union_a, "王锐祥")
    client = client_for(world.town_a_user)
    form = client.get(f"{LIST}new/").content.decode()
    assert 'data-picker="/merit/suggest/model-workers/"' in form
    assert 'data-picker="/suggest/employers/"' in form
    data = {"name": "王锐祥工作室", "level": "district", "employer": world.employer_a.pk,
            "leader": leader.pk, "founded_on": "2013-05-01", "field": "电声", "is_active": "on"}  # fmt: skip
    response = client.post(f"{LIST}new/", {**data, "founded_on": "去年"})
    assert "创建日期应为日期" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "employer": world.employer_b.pk})
    assert "所选单位不存在或不在您的管理范围内" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "leader": ""})
    assert "请选择领衔劳模，或填写领衔人姓名" in response.content.decode()
    assert not InnovationStudio.objects.exists()
    response = client.post(f"{LIST}new/", data)
    studio = InnovationStudio.objects.get()
    assert response.url == f"{LIST}{studio.pk}/" and studio.leader == leader
    assert client_for(world.chair_a).get(f"{LIST}new/").status_code == 403


def test_the_studio_page_results_and_members(world, studios, client_for):
    studio = studios[0]
    client = client_for(world.town_a_user)
    client.post(
        f"{LIST}{studio.pk}/results/",
        {
            "kind": "patent",
            "title": "一种扬声器",
            "achieved_on": "2014-03-01",
            "benefit": "12,000.50",
        },
    )
    result = StudioResult.objects.get()
    member = make_member(world.union_a, name="徒弟甲")
    client.post(f"{LIST}{studio.pk}/members/", {"member": member.pk})
    body = client.get(f"{LIST}{studio.pk}/").content.decode()
    assert "一种扬声器" in body and "12,000.50" in body and "徒弟甲" in body
    response = client.post(
        f"{LIST}{studio.pk}/results/",
        {"kind": "patent", "title": "x", "achieved_on": "2014-03-01", "benefit": "abc"},
    )
    assert StudioResult.objects.count() == 1 and response.status_code == 302
    client.post(f"{LIST}{studio.pk}/results/{result.pk}/remove/")
    client.post(f"{LIST}{studio.pk}/members/{member.pk}/remove/")
    assert not StudioResult.objects.exists() and not studio.members.exists()
    assert client_for(world.town_b_user).get(f"{LIST}{studio.pk}/").status_code == 404
    assert client_for(world.chair_a).post(f"{LIST}{studio.pk}/results/", {}).status_code == 403


def test_the_pages_tables_scroll_in_their_box(world, studios, client_for):
    client = client_for(world.admin)
    for url in (LIST, f"{LIST}{studios[0].pk}/", f"{LIST}new/"):
        body = client.get(url).content.decode()
        assert body.count("<table") == body.count('class="table-responsive"')


def test_the_api(world, client_for):
    client = client_for(world.town_a_user)
    leader = make_model_worker(world.union_a, "王锐祥")
    member = make_member(world.union_a)
    body = {"name": "王锐祥工作室", "employer_id": world.employer_a.pk, "leader_id": leader.pk,
            "founded_on": "2013-05-01", "member_ids": [member.pk]}  # fmt: skip
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    studio = created.json()
    assert (studio["leader_name"], studio["member_ids"]) == ("王锐祥", [member.pk])
    wrong = client.post(
        API, {**body, "employer_id": world.employer_b.pk}, content_type="application/json"
    )
    assert wrong.status_code == 404 and wrong.json()["field"] == "employer_id"
    put = client.put(
        f"{API}/{studio['id']}", {**body, "name": "新名称", "version": studio["version"], "member_ids": None},
        content_type="application/json",
    ).json()  # fmt: skip
    assert put["name"] == "新名称" and put["member_ids"] == [member.pk]
    result = client.post(
        f"{API}/{studio['id']}/results",
        {"kind": "technique", "title": "工艺改进", "achieved_on": "2015-01-01", "benefit": "3000"},
        content_type="application/json",
    )
    assert result.status_code == 201 and result.json()["benefit"] == "3000.00"
    assert [r["title"] for r in client.get(f"{API}/{studio['id']}/results").json()] == ["工艺改进"]
    assert client.delete(f"{API}/{studio['id']}/results/{result.json()['id']}").status_code == 204
    assert [s["name"] for s in client.get(API).json()["items"]] == ["新名称"]
    assert client_for(world.town_b_user).get(f"{API}/{studio['id']}").status_code == 404
    assert (
        client_for(world.chair_a).post(API, body, content_type="application/json").status_code
        == 403
    )


def test_the_list_by_founding_dates(world, studios, client_for):
    make_studio(world.employer_b, "丙新建工作室", founded_on=datetime.date(2013, 9, 26))
    admin = client_for(world.admin)
    span = f"{LIST}?founded_from=2013-05-01&founded_to=2013-05-31"
    assert names(admin.get(span)) == ["甲声学工作室"]
    assert names(admin.get(f"{LIST}?founded_from=2013-01-01")) == ["丙新建工作室", "甲声学工作室"]
    assert names(admin.get(f"{LIST}?active=yes&founded_to=2013-06-30")) == ["甲声学工作室"]
    bad = admin.get(f"{LIST}?founded_to=2013-02-30")
    assert bad.status_code == 200
    assert "创建日期（止）应为日期" in bad.content.decode() and len(names(bad)) == 3
    backwards = admin.get(f"{LIST}?founded_from=2014-01-01&founded_to=2013-01-01")
    assert "创建日期（止）不能早于创建日期（起）。" in backwards.content.decode()
    body = admin.get(LIST).content.decode()
    assert 'name="founded_from"' in body and 'name="founded_to"' in body
    from gonghui.core.exports import list_export_spec

    rows = list_export_spec("merit.studios").rows(world.admin, {"founded_to": "2012-12-31"})
    assert [s.name for s in rows] == ["乙钻采工作室"]
    api = admin.get(f"{API}?founded_from=2013-09-01")
    assert api.status_code == 200 and [s["name"] for s in api.json()["items"]] == ["丙新建工作室"]
