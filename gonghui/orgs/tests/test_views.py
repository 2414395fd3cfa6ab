import datetime

from gonghui.core.models import AuditEntry
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.tests.factories import make_org, uscc


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


# ---- defects of issue #10 ------------------------------------------------------------------


def _term_post(union_pk: int, **extra) -> tuple[str, dict]:
    data = {"term_years": "5", "starts_on": "2026-01-05", "approval_doc_no": "自己写的"}
    return f"/orgs/{union_pk}/terms/new/", data | extra


def test_a_chair_cannot_skip_the_re_election_approval(world, client_for):
    from gonghui.orgs.elections import election_start
    from gonghui.orgs.models import Term

    # given union A's term is overdue and its re-election is elected, waiting for approval
    Term.objects.create(
        organization=world.union_a,
        org_path=world.union_a.path,
        number=1,
        term_years=5,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    election = election_start(
        actor=world.chair_a, org=world.union_a, planned_on=datetime.date(2026, 1, 5), term_years=5
    )
    Election = type(election)
    Election.objects.filter(pk=election.pk).update(
        state="elected", elected_on=datetime.date(2026, 1, 5), chair_name="王伟", version=2
    )
    chair = client_for(world.chair_a)
    # the union's page offers no direct term registration, and the page itself is refused
    assert "/terms/new/" not in chair.get(f"/orgs/{world.union_a.pk}/").content.decode()
    url, data = _term_post(world.union_a.pk)
    assert chair.get(url).status_code == 403
    assert chair.post(url, data).status_code == 403
    # so the alert stays until the town approves, and the election stays pending
    assert world.union_a.terms.get(is_current=True).number == 1
    assert "甲公司工会委员会" in chair.get("/orgs/terms/").content.decode()
    election.refresh_from_db()
    assert election.state == "elected"


def test_district_staff_record_a_term_directly_with_a_reason(world, client_for):
    town_page = client_for(world.town_a_user).get(f"/orgs/{world.union_a.pk}/").content.decode()
    assert "/terms/new/" not in town_page
    client = client_for(world.district_staff)
    assert (
        f"/orgs/{world.union_a.pk}/terms/new/"
        in client.get(f"/orgs/{world.union_a.pk}/").content.decode()
    )
    url, data = _term_post(world.union_a.pk, approval_doc_no="番工复〔2026〕3号")
    html = client.post(url, data).content.decode()
    assert "请填写直接登记任期的原因" in html and not world.union_a.terms.exists()
    response = client.post(url, data | {"reason": "补录纸质档案中的换届结果"})
    assert response.status_code == 302
    assert world.union_a.terms.get().approval_doc_no == "番工复〔2026〕3号"
    entry = AuditEntry.objects.get(action="orgs.term.recorded")
    assert entry.data["reason"] == "补录纸质档案中的换届结果"


def test_the_term_alert_counts_days(world, client_for):
    from gonghui.core.clock import today
    from gonghui.orgs.models import Term

    # issue #10: 剩余 showed "0 分钟" for every upcoming term and 逾期 "9 月，3 周"
    now = today()
    overdue = now - datetime.timedelta(days=278)
    Term.objects.create(
        organization=world.union_a,
        org_path=world.union_a.path,
        number=1,
        term_years=5,
        starts_on=overdue - datetime.timedelta(days=5 * 365),
        ends_on=overdue,
    )
    soon = make_org(world.town_a, name="丁公司工会委员会")
    Term.objects.create(
        organization=soon,
        org_path=soon.path,
        number=2,
        term_years=3,
        starts_on=now - datetime.timedelta(days=3 * 365),
        ends_on=now + datetime.timedelta(days=23),
    )
    page = client_for(world.town_a_user).get("/orgs/terms/").content.decode()
    tables = page[page.index("<h1>") : page.index("</main>")]
    assert "逾期 278 天" in tables and "剩余 23 天" in tables
    assert "分钟" not in tables and "周" not in tables


def test_coverage_page_total_counts_every_active_union(world, client_for):
    import re

    sector = make_org(world.district, OrgKind.SECTOR, "番禺区卫生系统工会")
    make_org(sector, name="番禺医院工会委员会")
    page = client_for(world.admin).get("/orgs/coverage/").content.decode()
    total = re.search(r"<th>合计</th><th>(\d+)</th>", page).group(1)
    active = Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True).count()
    assert int(total) == active == 3
    assert "番禺区卫生系统工会" in page


def test_a_union_name_that_is_ambiguous_is_said_to_be(world, client_for):
    make_org(world.town_b, name="甲公司工会委员会")
    response = client_for(world.admin).post(
        "/employers/new/",
        {
            "name": "丁公司",
            "uscc": uscc(),
            "ownership": "private",
            "industry": "C",
            "headcount": "12",
            "town": str(world.town_a.pk),
            "union": "甲公司工会委员会",
        },
    )
    html = response.content.decode()
    assert "有2个名为「甲公司工会委员会」的基层工会" in html
    assert "市桥街道总工会" in html and "南村镇总工会" in html and "信用代码" in html
    assert not Employer.objects.filter(name="丁公司").exists()


def test_the_employer_page_shows_its_change_history(world, client_for):
    client = client_for(world.town_a_user)
    code = uscc()
    data = {
        "name": "丁公司",
        "uscc": code,
        "ownership": "private",
        "industry": "C",
        "headcount": "12",
        "town": str(world.town_a.pk),
        "union": "",
    }
    client.post("/employers/new/", data)
    employer = Employer.objects.get(uscc=code)
    client.post(f"/employers/{employer.pk}/edit/", data | {"name": "丁科技公司", "version": "1"})
    page = client.get(f"/employers/{employer.pk}/").content.decode()
    history = page[page.index('id="employer-history"') :]
    assert "新建用人单位" in history and "修改用人单位" in history
    assert "丁公司" in history and "丁科技公司" in history and "town_a" in history
    # another employer's entries are not in it
    assert "甲电子有限公司" not in history


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_each_error_of_a_form_shows_once(world, client_for):
    """Form errors (a field's, a service's on a field, a service's on the form, a hidden
    field's) each show exactly once: a hidden field's error was not shown at all, and a
    form with an error nobody sees is a form that silently does nothing."""
    client = client_for(world.town_a_user)
    data = {
        "name": "乙公司",
        "uscc": world.employer_a.uscc,  # the service: taken by 甲电子有限公司
        "ownership": "private",
        "industry": "C",
        "headcount": "-1",  # the form: below its minimum
        "town": str(world.town_a.pk),
        "union": "",
    }
    main = _main(client.post("/employers/new/", data))
    assert main.count('<p class="error"') == 1 and main.count("0") >= 1
    taken = f"统一社会信用代码已被「{world.employer_a.name}」使用。"
    assert _main(client.post("/employers/new/", data | {"headcount": "10"})).count(taken) == 1
    # the form's own error (a stale version: someone saved in between)
    employer = world.employer_a
    edit = data | {"uscc": employer.uscc, "name": employer.name, "headcount": "10"}
    main = _main(client.post(f"/employers/{employer.pk}/edit/", edit | {"version": "7"}))
    assert main.count("该记录已被他人修改") == 1
    # a hidden field's error is shown, once, with what to do about it
    main = _main(client.post(f"/employers/{employer.pk}/edit/", edit | {"version": "x"}))
    assert main.count("刷新页面") == 1 and "整数" in main
    employer.refresh_from_db()
    assert employer.headcount == 120
