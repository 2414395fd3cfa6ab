"""Competition pages: the list and its filters, the form, a competition's page with its
entries, contestants ranked, those sent on and the imports, the results page; the chair's
entering, scope, and every table inside its card at 390 px."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.tests.importing.helpers import xlsx_bytes
from gonghui.merit.choices import CompetitionKind, CompetitionState
from gonghui.merit.models import Competition, CompetitionEntry, Contestant
from gonghui.merit.services import competitions as services
from gonghui.merit.tests.competitions_helpers import make_skills, skills
from gonghui.merit.tests.factories import make_competition

pytestmark = pytest.mark.django_db
URL = "/merit/competitions/"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[-2000:]
    return response.content.decode()


def test_the_list_filters_by_year_kind_and_state(world, client_for):
    make_skills(world.district)
    make_competition(world.district, CompetitionKind.ANKANG, name="2013年安康杯竞赛")
    make_competition(
        world.town_b,
        CompetitionKind.LABOR,
        name="南村镇劳动竞赛",
        year=2014,
        starts_on=datetime.date(2014, 3, 1),
    )
    client = client_for(world.admin)
    listed = page(client, URL)
    assert "2013年番禺区职工职业技能竞赛" in listed and "南村镇劳动竞赛" in listed
    ankang = page(client, URL + "?kind=ankang")
    assert (
        "2013年安康杯竞赛" in ankang
        and "职业技能竞赛" not in ankang.split('id="competition-list"')[1]
    )
    by_year = page(client, URL + "?year=2014")
    assert "南村镇劳动竞赛" in by_year and "安康杯竞赛</a>" not in by_year
    by_town = page(client, URL + f"?town={world.town_b.pk}")
    assert "南村镇劳动竞赛" in by_town and "2013年安康杯竞赛" not in by_town
    wrong = page(client, URL + "?year=abc")
    assert "年度须为四位数字年份" in wrong
    assert "南村镇劳动竞赛" not in page(client_for(world.town_a_user), URL)
    # the chair sees the district's competitions, to enter its teams
    assert "2013年安康杯竞赛" in page(client_for(world.chair_a), URL)


def test_a_competition_is_created_from_the_form(world, client_for):
    client = client_for(world.admin)
    assert "工种或项目" in page(client, URL + "new/")
    response = client.post(
        URL + "new/",
        {
            "organizer": world.district.pk,
            "kind": "skills",
            "name": "2013年职业技能竞赛",
            "year": 2013,
            "level": "district",
            "starts_on": "2013-09-01",
            "events": "养老护理员、家政服务员\n焊工",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    made = Competition.objects.get(name="2013年职业技能竞赛")
    assert made.events.count() == 3
    bad = client.post(
        URL + "new/",
        {
            "organizer": world.district.pk,
            "kind": "industry",
            "name": "行业竞赛",
            "year": 2013,
            "level": "district",
            "starts_on": "2013-09-01",
        },
    )
    assert "行业劳动竞赛须填写行业" in bad.content.decode()
    assert client_for(world.chair_a).get(URL + "new/").status_code == 403


def test_the_detail_page_shows_entries_ranked_contestants_and_sent_on(world, client_for):
    s = skills(world)
    c = s.competition
    services.entry_add(
        actor=world.admin, competition=c, employer=world.employer_a, team="一班", workers=20
    )
    services.entry_add(
        actor=world.admin, competition=c, employer=world.employer_a, team="二班", workers=5
    )
    services.entry_add(actor=world.admin, competition=c, employer=world.employer_b, workers=100)
    services.contestant_add(
        actor=world.admin,
        competition=c,
        event="焊工",
        member=s.member_a,
        score="95",
        rank=1,
        sent_on=True,
        next_result="省职业技能大赛冠军",
        next_rank=1,
    )
    services.contestant_add(
        actor=world.admin, competition=c, event="焊工", member=s.member_b, score="90", rank=2
    )
    client = client_for(world.admin)
    detail = page(client, f"{URL}{c.pk}/")
    assert "<dt>参赛单位</dt><dd>2 个</dd>" in detail
    assert "<dt>参赛班组</dt><dd>2 个</dd>" in detail
    assert "<dt>参与职工</dt><dd>125 人</dd>" in detail
    assert detail.index("王焊工") < detail.index("李护理")
    assert "冠军" in detail.split('id="sent-on"')[1]
    assert 'id="import-results"' in detail and 'id="move-finished"' in detail
    # at 390 px every table scrolls inside its card (docs/ui.md)
    assert detail.count('<div class="table-responsive">') == detail.count("<table")
    results = page(client, f"{URL}{c.pk}/results/")
    assert "2013年番禺区职工职业技能竞赛成绩" in results
    assert 'data-export="merit.competition_results"' in results
    assert f'name="competition" value="{c.pk}"' in results
    assert results.count('<div class="table-responsive">') == results.count("<table")
    # the chair of union A sees its own contestant only, and may enter but not manage
    chair = page(client_for(world.chair_a), f"{URL}{c.pk}/")
    assert "王焊工" in chair and "李护理" not in chair
    assert 'id="entry-new"' in chair and 'id="competition-edit"' not in chair
    assert 'id="import-results"' not in chair and 'id="import-entries"' in chair
    assert client_for(world.chair_a).get(f"{URL}{c.pk}/edit/").status_code == 403


def test_a_town_does_not_see_another_towns_competition(world, client_for):
    other = make_skills(world.town_b, name="南村镇技能竞赛")
    assert client_for(world.town_a_user).get(f"{URL}{other.pk}/").status_code == 404
    assert client_for(world.chair_a).get(f"{URL}{other.pk}/results/").status_code == 404


def test_the_chair_enters_a_team_and_a_contestant_from_the_forms(world, client_for):
    s = skills(world)
    c = s.competition
    client = client_for(world.chair_a)
    form = page(client, f"{URL}{c.pk}/entries/new/")
    assert "成绩或评定" not in form  # the organizer records results
    response = client.post(
        f"{URL}{c.pk}/entries/new/",
        {"employer": world.employer_a.pk, "team": "焊接一班", "workers": 8},
    )
    assert response.status_code == 302
    assert CompetitionEntry.objects.get(competition=c).workers == 8
    refused = client.post(
        f"{URL}{c.pk}/entries/new/", {"employer": world.employer_b.pk, "workers": 8}
    )
    assert "所选单位不存在或不在您的管理范围内" in refused.content.decode()
    response = client.post(
        f"{URL}{c.pk}/contestants/new/", {"event": "焊工", "member": s.member_a.pk}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Contestant.objects.get(competition=c).name == "王焊工"
    c.state = CompetitionState.FINISHED
    c.save()
    closed = client.get(f"{URL}{c.pk}/entries/new/")
    assert closed.status_code == 302


def test_the_state_ranks_and_an_import_from_the_page(
    world, client_for, django_capture_on_commit_callbacks
):
    s = skills(world)
    c = s.competition
    client = client_for(world.admin)
    services.contestant_add(
        actor=world.admin, competition=c, event="焊工", name="张师傅", score="80"
    )
    services.contestant_add(
        actor=world.admin, competition=c, event="焊工", name="刘师傅", score="90"
    )
    assert client.post(f"{URL}{c.pk}/ranks/").status_code == 302
    assert dict(Contestant.objects.values_list("name", "rank")) == {"张师傅": 2, "刘师傅": 1}
    response = client.post(
        f"{URL}{c.pk}/state/finished/",
        {"m-finished-version": c.version, "m-finished-state": "finished"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == CompetitionState.FINISHED
    content = xlsx_bytes(
        [["焊工", "王焊工", s.ric_a, "", "99", "", "", "", ""]],
        header=[
            "工种/项目",
            "姓名",
            "身份证号",
            "单位",
            "成绩",
            "名次",
            "获奖",
            "是否选送",
            "上级比赛成绩",
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}{c.pk}/import/results/", {"file": SimpleUploadedFile("成绩.xlsx", content)}
        )
    assert response.status_code == 302 and "/imports/" in response["Location"]
    assert dict(Contestant.objects.values_list("name", "rank")) == {
        "张师傅": 3,
        "刘师傅": 2,
        "王焊工": 1,
    }


def _export(client, name, data, capture) -> list[tuple]:
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_the_results_and_the_list_are_exported(
    world, client_for, django_capture_on_commit_callbacks
):
    s = skills(world)
    c = s.competition
    services.contestant_add(
        actor=world.admin, competition=c, event="焊工", member=s.member_a, score="95", rank=1
    )
    services.contestant_add(
        actor=world.admin, competition=c, event="焊工", member=s.member_b, score="90", rank=2
    )
    capture = django_capture_on_commit_callbacks
    header, *body = _export(
        client_for(world.chair_a), "merit.competition_results", {"competition": c.pk}, capture
    )
    assert header[:3] == ("工种/项目", "名次", "姓名")
    assert [r[2] for r in body] == ["王焊工"]  # the chair's scope only
    assert s.ric_a not in body[0] and str(body[0][3]).endswith(s.ric_a[-4:])  # masked
    header, *body = _export(
        client_for(world.admin), "merit.competition_results", {"competition": c.pk}, capture
    )
    assert [(r[2], r[1]) for r in body] == [("王焊工", 1), ("李护理", 2)]
    header, *body = _export(
        client_for(world.admin), "merit.competitions", {"kind": "skills"}, capture
    )
    assert [r[1] for r in body] == [c.name] and body[0][-1] == 2
    chooser = page(client_for(world.admin), f"{URL}results/")
    assert c.name in chooser and 'data-export="merit.competition_results"' in chooser
    assert c.name + "成绩" in page(client_for(world.admin), f"{URL}results/?competition={c.pk}")


def test_the_import_page_offers_the_competitions_one_may_import_into(world, client_for):
    s = skills(world)
    other = make_skills(world.town_b, name="南村镇技能竞赛")
    chair = page(client_for(world.chair_a), "/imports/new/?kind=merit.competition_entries")
    assert "竞赛参赛单位" in chair and "竞赛成绩</option>" not in chair
    assert s.competition.name in chair and other.name not in chair
    admin = page(client_for(world.admin), "/imports/new/?kind=merit.competition_results")
    assert "竞赛成绩" in admin and other.name in admin
    template = client_for(world.admin).get("/imports/template/merit.competition_results/")
    assert template.status_code == 200


def _names(response) -> set[str]:
    return {c.name for c in response.context["page"]}


def test_the_list_by_organizer_and_start_dates(world, client_for):
    make_competition(world.district, name="区技能赛", starts_on=datetime.date(2013, 9, 10))
    make_competition(world.town_a, name="甲镇劳动竞赛", starts_on=datetime.date(2013, 5, 1))
    make_competition(world.town_b, name="乙镇劳动竞赛", starts_on=datetime.date(2013, 6, 1))
    admin = client_for(world.admin)
    assert _names(admin.get(f"{URL}?org={world.town_a.pk}")) == {"甲镇劳动竞赛"}
    assert _names(admin.get(f"{URL}?org={world.district.pk}")) == {
        "区技能赛",
        "甲镇劳动竞赛",
        "乙镇劳动竞赛",
    }
    may = f"{URL}?starts_from=2013-05-01&starts_to=2013-05-31"
    assert _names(admin.get(may)) == {"甲镇劳动竞赛"}
    assert _names(admin.get(f"{URL}?starts_from=2013-06-01")) == {"区技能赛", "乙镇劳动竞赛"}
    bad = page(admin, f"{URL}?starts_from=2013-9-xx")
    assert "开始日期（起）应为日期" in bad and "乙镇劳动竞赛" in bad
    assert "范围应为组织编号。" in page(admin, f"{URL}?org=abc")
    listed = page(admin, URL)
    assert 'name="starts_from"' in listed and 'name="starts_to"' in listed
    from gonghui.core.exports import list_export_spec

    spec = list_export_spec("merit.competitions")
    rows = spec.rows(world.admin, {"org": world.town_b.pk, "starts_to": "2013-12-31"})
    assert [c.name for c in rows] == ["乙镇劳动竞赛"]
    api = admin.get(f"/api/v1/merit/competitions?org={world.town_a.pk}&starts_from=2013-01-01")
    assert api.status_code == 200 and [c["name"] for c in api.json()["items"]] == ["甲镇劳动竞赛"]
    town_a = client_for(world.town_a_user)  # the one client, logged in again
    wrong_town = town_a.get(f"{URL}?org={world.town_b.pk}")
    assert wrong_town.status_code == 200  # not theirs: said, and their list unfiltered
    assert "不在您的管理范围内" in wrong_town.content.decode()
    assert "乙镇劳动竞赛" not in _names(wrong_town)


def test_the_detail_pages_contestants_and_entries_with_filters(world, client_for):
    from gonghui.merit.tests.factories import make_contestant

    c = make_skills(world.district)
    champion = {"sent_on": True, "next_rank": 1, "next_result": "省赛冠军"}
    make_contestant(c, world.union_a, "焊工", name="甲冠军", rank=1, **champion)
    make_contestant(c, world.union_a, "焊工", name="甲落选", rank=2)
    make_contestant(c, world.union_b, "焊工", name="乙亚军", rank=3, sent_on=True, next_rank=2)
    for employer, team in ((world.employer_a, "一班"), (world.employer_b, "")):
        CompetitionEntry.objects.create(
            competition=c, employer=employer, team=team, workers=10, org_path=employer.union.path
        )
    admin = client_for(world.admin)
    base = f"{URL}{c.pk}/"
    assert _names(admin.get(base)) == {"甲冠军", "甲落选", "乙亚军"}
    assert _names(admin.get(f"{base}?sent_on=yes")) == {"甲冠军", "乙亚军"}
    assert _names(admin.get(f"{base}?sent_on=no")) == {"甲落选"}
    assert _names(admin.get(f"{base}?sent_on=yes&next_rank=1")) == {"甲冠军"}
    assert _names(admin.get(f"{base}?org={world.town_a.pk}")) == {"甲冠军", "甲落选"}
    entries = admin.get(f"{base}?tab=entries&org={world.town_b.pk}")
    assert [e.employer for e in entries.context["page"]] == [world.employer_b]
    assert "<dt>参与职工</dt><dd>10 人</dd>" in entries.content.decode()
    assert len(admin.get(f"{base}?tab=entries").context["page"]) == 2
    bad = page(admin, f"{base}?next_rank=first")
    assert "上级比赛名次须为正整数" in bad
    assert "列表只能是参赛选手或参赛单位。" in page(admin, f"{base}?tab=nothing")
    body = page(admin, base)
    assert 'name="sent_on"' in body and 'name="next_rank"' in body
    assert body.count('<div class="table-responsive">') == body.count("<table")
    api = admin.get(f"/api/v1/merit/competitions/{c.pk}/contestants?sent_on=true&next_rank=1")
    assert api.status_code == 200 and [r["name"] for r in api.json()["items"]] == ["甲冠军"]
    api = admin.get(f"/api/v1/merit/competitions/{c.pk}/entries?org={world.town_a.pk}")
    assert api.status_code == 200 and len(api.json()["items"]) == 1
