"""The honors pages: rounds (list filters, detail with the share check and actions), a
nomination on the page with Chinese errors, the workflow's buttons, objections recorded and
resolved, 荣誉名录 and its filters, the types with their shares, the public notice without
an account, the honors panel on the member's and the employer's pages, scope and to-dos."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.core.registry import todos_for
from gonghui.merit.choices import Level, NominationState, ObjectionState, RoundState
from gonghui.merit.models import HonorType, Nomination, Objection
from gonghui.merit.services import honors as services
from gonghui.merit.tests.factories import make_honor, make_honor_type, make_round
from gonghui.merit.tests.honors_helpers import (
    NOTICE_END,
    district_type,
    in_notice,
    member_a,
    nominate,
    open_round,
    set_today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_rounds_list_filters_and_detail_shows_the_shortfall(world, client_for):
    round = open_round(world)
    other = make_round(world.district, make_honor_type("市劳动模范", level=Level.CITY), year=2013)
    nominate(world, round, categories=["frontline"])
    staff = client_for(world.district_staff)
    page = text(staff.get("/merit/rounds/"))
    assert round.name in page and other.name in page
    page = text(staff.get("/merit/rounds/?year=2013&level=city"))
    assert other.name in page and round.name not in page
    page = text(staff.get("/merit/rounds/?year=abc"))
    assert "年度须为四位数字年份" in page and round.name in page
    page = text(staff.get(f"/merit/rounds/{round.pk}/"))
    assert "非公有制企业不少于35%：应至少1人，现有0/1（0%），还差1人" in page
    assert 'id="action-review"' in page


def test_chair_nominates_on_the_page_with_errors_in_chinese(world, client_for):
    round = open_round(world)
    member = member_a(world)
    chair = client_for(world.chair_a)
    assert 'id="nominate"' in text(chair.get(f"/merit/rounds/{round.pk}/"))
    page = text(chair.post(f"/merit/rounds/{round.pk}/nominate/", {"member": "", "deeds": ""}))
    assert "请填写主要事迹。" in page
    page = text(
        chair.post(f"/merit/rounds/{round.pk}/nominate/", {"name": "某某", "deeds": "好。"})
    )
    assert "请选择会员，或填写被推荐人的所在单位。" in page
    response = chair.post(
        f"/merit/rounds/{round.pk}/nominate/",
        {"member": str(member.pk), "deeds": "技术能手。", "categories": ["non_public", "migrant"]},
    )
    n = Nomination.objects.get(round=round)
    assert response.status_code == 302 and response.url == f"/merit/nominations/{n.pk}/"
    assert (n.name, n.categories) == ("王锐祥", ["migrant", "non_public"])
    page = text(chair.get(f"/merit/nominations/{n.pk}/"))
    assert "非公有制企业" in page and 'id="action-withdraw"' in page
    assert 'id="action-approve"' not in page


def test_workflow_buttons_on_the_detail(world, client_for):
    n = nominate(world, open_round(world))
    town = client_for(world.town_a_user)
    page = text(town.get(f"/merit/nominations/{n.pk}/"))
    assert 'id="action-town_review"' in page
    response = town.post(f"/merit/nominations/{n.pk}/town_review/", {"version": n.version})
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.state == NominationState.TOWN_REVIEWED
    district = client_for(world.district_staff)
    page = text(district.get(f"/merit/nominations/{n.pk}/"))
    assert 'id="action-approve"' in page and "确定评审通过" in page
    district.post(f"/merit/nominations/{n.pk}/reject/", {"version": n.version, "reason": ""})
    n.refresh_from_db()
    assert n.state == NominationState.TOWN_REVIEWED  # no reason: refused
    assert 'id="action-approve"' not in text(
        client_for(world.chair_a).get(f"/merit/nominations/{n.pk}/")
    )


def test_nomination_list_filters_and_scope(world, client_for):
    round = open_round(world)
    mine = nominate(world, round)
    from gonghui.members.tests.factories import make_member

    theirs = services.nomination_create(
        actor=world.admin, round=round, union=world.union_b,
        member=make_member(world.union_b, "乙某", employer=world.employer_b), deeds="好。",
    )  # fmt: skip
    admin = client_for(world.admin)
    page = text(admin.get(f"/merit/nominations/?org={world.union_b.pk}"))
    assert "乙某" in page and "王锐祥" not in page
    page = text(admin.get("/merit/nominations/?state=submitted&category=non_public"))
    assert "王锐祥" in page and "乙某" not in page
    town_a = client_for(world.town_a_user)
    assert "乙某" not in text(town_a.get("/merit/nominations/"))
    assert town_a.get(f"/merit/nominations/{theirs.pk}/").status_code == 404
    page = text(admin.get(f"/merit/nominations/?org={10**6}"))
    assert "不存在或不在您的管理范围内" in page
    assert mine.state == NominationState.SUBMITTED
    town = {t.name: c for t, c, _u in todos_for(world.town_a_user)}
    assert town.get("merit.nominations_town") == 1


def test_objection_recorded_and_resolved_on_the_round_page(world, client_for):
    round, n = in_notice(world, open_round(world))
    staff = client_for(world.district_staff)
    page = text(staff.get(f"/merit/rounds/{round.pk}/"))
    assert "2026-09-30 至 2026-10-12" in page and 'id="record-objection"' in page
    staff.post(
        f"/merit/rounds/{round.pk}/objections/",
        {"nomination": n.pk, "channel": "letter", "received_on": "2026-09-30",
         "person_name": "", "phone": "13800138000", "content": "事迹有误。"},
    )  # fmt: skip
    assert not Objection.objects.exists()
    staff.post(
        f"/merit/rounds/{round.pk}/objections/",
        {"nomination": n.pk, "channel": "visit", "received_on": "2026-09-30",
         "person_name": "张某", "phone": "13800138000", "content": "事迹有误，请核实。"},
    )  # fmt: skip
    objection = Objection.objects.get()
    assert objection.channel == "visit"
    assert {t.name for t, _c, _u in todos_for(world.district_staff)} >= {"merit.objections_open"}
    staff.post(
        f"/merit/objections/{objection.pk}/resolve/",
        {"version": objection.version, "upheld": "no", "resolution": "经核实不属实。"},
    )
    objection.refresh_from_db()
    assert objection.state == ObjectionState.DISMISSED
    assert "张某" in text(staff.get("/merit/objections/"))


def test_public_notice_without_an_account(world, client):
    round, n = in_notice(world, open_round(world))
    n.ric = "x"  # never shown
    page = text(client.get("/m/merit/notice/"))
    assert round.name in page and "王锐祥" in page and "甲电子有限公司" in page
    assert "2026年10月12日" in page
    assert n.member.ric_last4 not in page.replace("2026", "")
    page = text(client.get(f"/m/merit/notice/{n.pk}/object/"))
    assert "公示异议须实名" in page
    page = text(
        client.post(
            f"/m/merit/notice/{n.pk}/object/", {"person_name": "", "phone": "", "content": ""}
        )
    )
    assert "请填写您的真实姓名" in page and "请填写手机号" in page
    response = client.post(
        f"/m/merit/notice/{n.pk}/object/",
        {"person_name": "王五", "phone": "13800138000", "content": "该同志成果系他人完成。"},
    )
    assert response.status_code == 302
    assert Objection.objects.get().channel == "online"
    set_today(NOTICE_END + datetime.timedelta(days=1))
    page = text(client.post(
        f"/m/merit/notice/{n.pk}/object/",
        {"person_name": "王五", "phone": "13800138001", "content": "该同志成果系他人完成。"},
    ))  # fmt: skip
    assert "公示期已结束" in page
    assert client.get("/m/merit/notice/999999/object/").status_code == 404


def test_empty_notice_page(client, db):
    assert "目前没有正在公示的评选" in text(client.get("/m/merit/notice/"))


def test_honor_list_filters_record_and_member_panel(world, client_for):
    member = member_a(world)
    kind = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL)
    make_honor(kind, world.union_a, "王锐祥", year=2013, member=member, employer=world.employer_a)
    make_honor(district_type(), world.union_b, "乙某", year=2014)
    staff = client_for(world.district_staff)
    page = text(staff.get("/merit/honors/?level=national"))
    assert "王锐祥" in page and "乙某" not in page
    page = text(staff.get(f"/merit/honors/?town={world.town_b.pk}"))
    assert "乙某" in page and "王锐祥" not in page
    page = text(staff.get(f"/members/{member.pk}/"))
    assert 'id="panel-merit_honors"' in page and "2013年 全国五一劳动奖章" in page
    page = text(staff.get(f"/employers/{world.employer_a.pk}/"))
    assert 'id="panel-merit_honors"' in page
    home = make_honor_type("区模范职工之家", subject="organization")
    make_honor(home, world.union_a, world.union_a.name, year=2013, organization=world.union_a)
    page = text(staff.get(f"/orgs/{world.union_a.pk}/"))
    assert "2013年 区模范职工之家" in page
    team = make_honor_type("广东省工人先锋号", level=Level.PROVINCIAL, subject="team")
    page = text(
        staff.post(
            "/merit/honors/new/", {"honor_type": team.pk, "year": "2013", "name": "研发中心"}
        )
    )
    assert "请选择集体所在单位。" in page
    response = staff.post(
        "/merit/honors/new/",
        {
            "honor_type": team.pk,
            "year": "2013",
            "name": "技术研发中心",
            "employer": world.employer_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert "技术研发中心" in text(staff.get("/merit/honors/?year=2013&subject=team"))
    assert client_for(world.chair_a).get("/merit/honors/new/").status_code == 403
    assert "区模范职工之家" not in text(client_for(world.town_b_user).get("/merit/honors/"))


def test_types_with_shares_formset(world, client_for):
    admin = client_for(world.admin)
    data = {
        "name": "区优秀工会工作者", "level": "district", "subject": "person",
        "conferred_by": "番禺区总工会", "notice_workdays": "5", "order": "100", "is_active": "on",
        "shares-TOTAL_FORMS": "3", "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0", "shares-MAX_NUM_FORMS": "10",
        "shares-0-category": "non_public", "shares-0-bound": "min", "shares-0-percent": "35",
        "shares-1-category": "migrant", "shares-1-bound": "min", "shares-1-percent": "",
        "shares-2-category": "", "shares-2-bound": "min", "shares-2-percent": "",
    }  # fmt: skip
    page = text(admin.post("/merit/types/new/", data))
    assert "请填写比例。" in page and not HonorType.objects.exists()
    data["shares-1-percent"] = "10"
    assert admin.post("/merit/types/new/", data).status_code == 302
    kind = HonorType.objects.get()
    assert sorted((s.category, s.percent) for s in kind.shares.all()) == [
        ("migrant", 10),
        ("non_public", 35),
    ]
    page = text(admin.get("/merit/types/"))
    assert "非公有制企业不少于35%" in page
    data.update({"version": kind.version, "notice_workdays": "40"})
    page = text(admin.post(f"/merit/types/{kind.pk}/", data))
    assert "公示期最多30个工作日。" in page
    assert client_for(world.town_a_user).get("/merit/types/").status_code == 403


def test_round_actions_on_the_page_and_award_todo(world, client_for):
    kind = district_type()
    staff = client_for(world.district_staff)
    response = staff.post(
        "/merit/rounds/new/",
        {"honor_type": kind.pk, "year": "2026", "organizer": world.district.pk},
    )
    assert response.status_code == 302
    round = kind.rounds.get()
    staff.post(f"/merit/rounds/{round.pk}/open/", {"version": round.version})
    round.refresh_from_db()
    assert round.state == RoundState.OPEN
    page = text(staff.post("/merit/rounds/new/", {"honor_type": kind.pk, "year": "20x6"}))
    assert "年度应为四位数字年份" in page
    round, _n = in_notice(world, round)
    set_today(NOTICE_END + datetime.timedelta(days=1))
    assert {t.name for t, _c, _u in todos_for(world.district_staff)} >= {"merit.rounds_to_award"}
    page = text(staff.get(f"/merit/rounds/{round.pk}/"))
    assert 'id="action-award"' in page and 'id="action-recommend"' not in page
    staff.post(
        f"/merit/rounds/{round.pk}/award/",
        {"version": round.version, "document_no": "番工〔2026〕8号"},
    )
    round.refresh_from_db()
    assert round.state == RoundState.CLOSED and round.document_no == "番工〔2026〕8号"


def _honors(response) -> set[str]:
    return {h.name for h in response.context["page"]}


def test_honor_list_by_commendation_title_and_award_dates(world, client_for):
    medal = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL)
    activist = make_honor_type("番禺区工会积极分子", is_commendation=True)
    make_honor(medal, world.union_a, "王锐祥", awarded_on=datetime.date(2013, 4, 28))
    make_honor(activist, world.union_a, "积极甲", awarded_on=datetime.date(2013, 12, 20))
    make_honor(medal, world.union_b, "往年乙", year=2010)  # undated: entered by its year
    staff = client_for(world.district_staff)
    assert _honors(staff.get("/merit/honors/?commendation=yes")) == {"积极甲"}
    assert _honors(staff.get("/merit/honors/?commendation=no")) == {"王锐祥", "往年乙"}
    assert _honors(staff.get("/merit/honors/?title=五一劳动奖章")) == {"王锐祥", "往年乙"}
    assert _honors(staff.get("/merit/honors/?title=先锋号")) == set()
    april = "/merit/honors/?awarded_from=2013-04-01&awarded_to=2013-04-30"
    assert _honors(staff.get(april)) == {"王锐祥"}  # the undated one is out
    assert _honors(staff.get("/merit/honors/?awarded_from=2013-05-01")) == {"积极甲"}
    assert _honors(staff.get("/merit/honors/?awarded_to=2013-05-01")) == {"王锐祥"}
    bad = staff.get("/merit/honors/?awarded_from=2013-13-45")
    assert "获奖日期（起）应为日期，例如 2026-09-30。" in text(bad)
    assert len(_honors(bad)) == 3  # shown unfiltered
    reversed_ = text(staff.get("/merit/honors/?awarded_from=2013-05-01&awarded_to=2013-04-01"))
    assert "获奖日期（止）不能早于获奖日期（起）。" in reversed_
    assert "「通报表扬」只能选" in text(staff.get("/merit/honors/?commendation=maybe"))
    page = text(staff.get("/merit/honors/"))
    for name in ("commendation", "title", "awarded_from", "awarded_to"):
        assert f'name="{name}"' in page, name  # in the filter bar


def test_the_honors_export_and_api_take_the_same_filters(world, client_for):
    from gonghui.core.exports import list_export_spec

    medal = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL)
    activist = make_honor_type("番禺区工会积极分子", is_commendation=True)
    make_honor(medal, world.union_a, "王锐祥", awarded_on=datetime.date(2013, 4, 28))
    make_honor(activist, world.union_a, "积极甲", awarded_on=datetime.date(2013, 12, 20))
    spec = list_export_spec("merit.honors")
    filters = {"commendation": "no", "awarded_from": "2013-04-01", "title": "奖章"}
    assert [h.name for h in spec.rows(world.admin, filters)] == ["王锐祥"]
    api = client_for(world.admin).get(
        "/api/v1/merit/honors?commendation=true&awarded_to=2013-12-31"
    )
    assert api.status_code == 200, api.content
    assert [h["name"] for h in api.json()["items"]] == ["积极甲"]
