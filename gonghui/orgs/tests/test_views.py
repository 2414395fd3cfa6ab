import datetime

from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Employer, Organization


def test_tree_page_shows_counts_and_lazy_children(world, client_for):
    client = client_for(world.admin)
    page = client.get("/orgs/").content.decode()
    assert "市桥街道总工会" in page and "南村镇总工会" in page and "基层工会 2" in page
    children = client.get(f"/orgs/{world.town_a.pk}/children/").content.decode()
    assert "甲公司工会委员会" in children and "乙公司" not in children


def test_employer_list_paginates_and_filters(world, client_for, django_assert_max_num_queries):
    from gonghui.orgs.tests.factories import EmployerFactory

    EmployerFactory.create_batch(60, town=world.town_a)
    client = client_for(world.town_a_user)
    with django_assert_max_num_queries(12):
        page = client.get("/employers/").content.decode()
    assert "共 61 条" in page and "乙五金" not in page
    assert "第 2 / 2 页" in client.get("/employers/?page=2").content.decode()
    assert "共 1 条" in client.get("/employers/", {"q": "甲电子"}).content.decode()


def test_employer_form_shows_chinese_errors_and_saves_nothing(world, client_for):
    client = client_for(world.town_a_user)
    response = client.post(
        "/employers/new/",
        {
            "name": "丁公司",
            "uscc": "91350100M000100Y44",
            "ownership": "private",
            "industry": "C",
            "headcount": "12",
            "town": str(world.town_b.pk),
            "union": "不存在的工会",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in html
    assert "所在镇街不存在或不在您的管理范围内" in html
    assert "没有名为「不存在的工会」的基层工会" in html
    assert not Employer.objects.filter(name="丁公司").exists()


def test_employer_create_and_edit_through_pages(world, client_for):
    from gonghui.orgs.tests.factories import uscc

    client = client_for(world.town_a_user)
    code = uscc()
    response = client.post(
        "/employers/new/",
        {
            "name": "丁公司",
            "uscc": code.lower(),
            "ownership": "private",
            "industry": "C",
            "headcount": "12",
            "town": str(world.town_a.pk),
            "union": "",
        },
    )
    employer = Employer.objects.get(name="丁公司")
    assert response.url == f"/employers/{employer.pk}/" and employer.uscc == code
    response = client.post(
        f"/employers/{employer.pk}/edit/",
        {
            "name": "丁公司",
            "uscc": code,
            "ownership": "private",
            "industry": "C",
            "headcount": "40",
            "town": str(world.town_a.pk),
            "union": "",
            "version": "1",
        },
    )
    employer.refresh_from_db()
    assert employer.headcount == 40
    # a second save with the old version is refused with a clear message
    response = client.post(
        f"/employers/{employer.pk}/edit/",
        {
            "name": "丁公司",
            "uscc": code,
            "ownership": "private",
            "industry": "C",
            "headcount": "50",
            "town": str(world.town_a.pk),
            "union": "",
            "version": "1",
        },
    )
    assert "他人修改" in response.content.decode()
    assert AuditEntry.objects.filter(action="orgs.employer.updated").count() == 1


def test_organization_create_edit_move_pages(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        f"/orgs/{world.town_a.pk}/new/",
        {
            "name": "戊公司工会委员会",
            "kind": "grassroots",
            "form": "single",
            "uscc": "",
            "women_org": "none",
            "is_active": "on",
        },
    )
    org = Organization.objects.get(name="戊公司工会委员会")
    assert response.url == f"/orgs/{org.pk}/"
    response = client.post(
        f"/orgs/{org.pk}/move/", {"new_parent": world.town_b.pk, "reason": "迁址", "version": 1}
    )
    org.refresh_from_db()
    assert org.parent == world.town_b
    assert "迁址" in client.get(f"/orgs/{org.pk}/").content.decode()
    response = client.post(
        f"/orgs/{org.pk}/edit/",
        {
            "name": "戊公司工会委员会",
            "form": "single",
            "uscc": "123",
            "women_org": "none",
            "version": 2,
        },
    )
    assert "18位" in response.content.decode()


def test_terms_and_coverage_pages(world, client_for):
    client = client_for(world.town_a_user)
    assert "换届提醒" in client.get("/orgs/terms/").content.decode()
    page = client.get("/orgs/coverage/").content.decode()
    assert "市桥街道总工会" in page and "南村镇总工会" not in page


def test_election_pages_run_the_workflow(world, client_for):
    chair = client_for(world.chair_a)
    response = chair.post(
        f"/orgs/{world.union_a.pk}/elections/new/", {"planned_on": "2026-09-01", "term_years": "5"}
    )
    election_url = response.url
    pk = int(election_url.rstrip("/").split("/")[-1])
    chair.post(
        f"/orgs/elections/{pk}/record_result/",
        {"elected_on": "2026-09-01", "chair_name": "王伟", "version": 1},
    )
    town = client_for(world.town_a_user)
    town.post(
        f"/orgs/elections/{pk}/approve/",
        {"approval_doc_no": "番工复〔2026〕1号", "approved_on": "2026-09-05", "version": 2},
    )
    page = town.get(election_url).content.decode()
    assert "上级已批复" in page
    assert world.union_a.terms.filter(is_current=True).exists()


def test_actions_are_shown_only_to_those_who_may_take_them(world, client_for):
    chair_page = client_for(world.chair_a).get(f"/orgs/{world.union_a.pk}/").content.decode()
    assert "编辑" in chair_page and "调整上级" not in chair_page
    assert "新建单位" not in client_for(world.chair_a).get("/employers/").content.decode()
    admin_page = client_for(world.admin).get(f"/orgs/{world.union_a.pk}/").content.decode()
    assert "调整上级" in admin_page


def test_election_api_runs_every_transition_through_one_endpoint(world, client):
    from gonghui.orgs.elections import election_start

    election = election_start(
        actor=world.chair_a, org=world.union_a, planned_on=datetime.date(2026, 9, 1), term_years=5
    )
    url = f"/api/v1/orgs/elections/{election.pk}/actions"
    client.force_login(world.chair_a)
    # the input of each transition is its own schema: a missing field is refused by name
    bad = client.post(url, {"action": "record_result", "version": 1}, "application/json")
    assert bad.status_code == 422 and "chair_name" in bad.content.decode()
    assert client.post(url, {"action": "fly", "version": 1}, "application/json").status_code == 422
    done = client.post(
        url,
        {"action": "record_result", "version": 1, "elected_on": "2026-09-01", "chair_name": "王伟"},
        "application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "elected"
    # the union cannot approve its own election (a who-may guard), and a stale version is 409
    approve = {"action": "approve", "approval_doc_no": "番工复〔2026〕1号"}
    approve |= {"approved_on": "2026-09-05"}
    assert client.post(url, approve | {"version": 2}, "application/json").status_code == 403
    client.force_login(world.town_a_user)
    assert client.post(url, approve | {"version": 1}, "application/json").status_code == 409
    ok = client.post(url, approve | {"version": 2}, "application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    # and a user of another town does not find it
    client.force_login(world.town_b_user)
    assert client.post(url, approve | {"version": 3}, "application/json").status_code == 404
