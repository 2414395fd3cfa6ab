"""The rating's pages: the rounds list and detail (the sheet, the actions), a chair's
application with Chinese errors, the application's sheet with the records' notes and the
district's scoring, the public notice without an account and its objection form, the lists
and their filters, the employer page's panel, the to-dos."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.core.registry import todos_for
from gonghui.democracy.choices import ObjectionState
from gonghui.democracy.models import RatingApplication, RatingObjection, RatingRound
from gonghui.democracy.services import ratings as services
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    apply,
    congress,
    draft_round,
    dual_display,
    in_notice,
    open_affairs,
    open_round,
    set_today,
    wage_contract,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _records(world):
    wage_contract(world.employer_a)
    congress(world.employer_a)
    open_affairs(world.employer_a)
    dual_display(world.union_a)


def test_rounds_list_and_a_drafts_sheet(world, client_for):
    round = draft_round(world)
    staff = client_for(world.district_staff)
    page = text(staff.get("/democracy/ratings/"))
    assert round.name in page and 'id="round-new"' in page
    assert round.name not in text(staff.get("/democracy/ratings/?state=open"))
    assert "年度须为四位数字年份" in text(staff.get("/democracy/ratings/?year=abc"))
    page = text(staff.get(f"/democracy/ratings/{round.pk}/"))
    assert "系统记录：工资集体合同在有效期内" in page and 'id="action-open"' in page
    assert 'id="add-criterion"' in page
    response = staff.post(
        f"/democracy/ratings/{round.pk}/criteria/", {"text": "", "max_points": "200"}
    )
    assert response.status_code == 302
    page = text(staff.get(f"/democracy/ratings/{round.pk}/"))
    assert "请填写评分内容。" in page and "分值应在1至100之间。" in page
    staff.post(
        f"/democracy/ratings/{round.pk}/criteria/", {"text": "开展技能培训", "max_points": "5"}
    )
    assert "满分 105 分" in text(staff.get(f"/democracy/ratings/{round.pk}/"))
    form = text(staff.get(f"/democracy/ratings/{round.pk}/edit/"))
    assert "A级最低分" in form
    response = staff.post(
        f"/democracy/ratings/{round.pk}/edit/",
        {"version": round.version, "name": "2026年度评定", "notice_workdays": 5, "valid_years": 2,
         "min_score_a": 80, "min_score_aa": 90, "min_score_aaa": 95},
    )  # fmt: skip
    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.name, round.valid_years) == ("2026年度评定", 2)


def test_new_round_page_with_errors_in_chinese(world, client_for):
    staff = client_for(world.district_staff)
    page = text(staff.post("/democracy/ratings/new/", {"year": "20x6"}))
    assert "年度应为整数。" in page and "请选择组织单位。" in page
    response = staff.post(
        "/democracy/ratings/new/",
        {"year": "2026", "organizer": world.district.pk, "notice_workdays": 5, "valid_years": 3,
         "min_score_a": 80, "min_score_aa": 70, "min_score_aaa": 95},
    )  # fmt: skip
    assert "A级 &lt; 2A级 &lt; 3A级" in text(response)


def test_a_town_creates_its_own_round_and_scores_on_the_page(world, client_for):
    _records(world)
    town = client_for(world.town_a_user)
    page = text(town.get("/democracy/ratings/new/"))
    assert f'value="{world.town_a.pk}"' in page and f'value="{world.district.pk}"' not in page
    response = town.post(
        "/democracy/ratings/new/",
        {"year": "2026", "organizer": world.town_a.pk, "notice_workdays": 5, "valid_years": 3,
         "min_score_a": 80, "min_score_aa": 90, "min_score_aaa": 95},
    )  # fmt: skip
    assert response.status_code == 302, text(response)
    round = RatingRound.objects.get(organizer=world.town_a)
    set_today(datetime.date(2026, 9, 1))
    round = services.round_open(actor=world.town_a_user, round=round, version=round.version)
    a = apply(world, round)
    page = text(town.get(f"/democracy/rating-applications/{a.pk}/"))
    assert 'id="action-score"' in page and 'id="action-town_review"' not in page
    # in the district's round the town reviews first, and the district scores
    district = apply(world, open_round(world))
    page = text(town.get(f"/democracy/rating-applications/{district.pk}/"))
    assert 'id="action-score"' not in page and 'id="action-town_review"' in page


def test_chair_applies_on_the_page_and_sees_the_sheet_from_the_records(world, client_for):
    _records(world)
    round = open_round(world)
    chair = client_for(world.chair_a)
    assert 'id="apply"' in text(chair.get(f"/democracy/ratings/{round.pk}/"))
    page = text(
        chair.post(f"/democracy/ratings/{round.pk}/apply/", {"employer": "", "level_applied": ""})
    )
    assert "请选择申报单位。" in page and "请选择申报等级。" in page
    response = chair.post(
        f"/democracy/ratings/{round.pk}/apply/",
        {
            "employer": str(world.employer_a.pk),
            "level_applied": "AAA",
            "summary": "劳动合同签订率100%",
        },
    )
    a = RatingApplication.objects.get()
    assert response.status_code == 302 and response.url == f"/democracy/rating-applications/{a.pk}/"
    page = text(chair.get(response.url))
    assert "取自系统记录" in page and "系统记录：本年度已召开职代会（职工大会）" in page
    assert 'id="action-withdraw"' in page and 'id="action-score"' not in page
    again = text(
        chair.post(
            f"/democracy/ratings/{round.pk}/apply/",
            {"employer": str(world.employer_a.pk), "level_applied": "A"},
        )
    )
    assert "已申报本次评定" in again


def test_the_district_scores_on_the_page(world, client_for):
    _records(world)
    a = apply(world, open_round(world))
    staff = client_for(world.district_staff)
    page = text(staff.get(f"/democracy/rating-applications/{a.pk}/"))
    assert 'id="action-score"' in page
    manual = [s for s in a.scores.select_related("criterion") if not s.criterion.source]
    data = {
        "version": a.version,
        **{f"points_{s.criterion_id}": s.criterion.max_points for s in manual},
    }
    data[f"points_{manual[0].criterion_id}"] = 99
    staff.post(f"/democracy/rating-applications/{a.pk}/score/", data)
    page = text(staff.get(f"/democracy/rating-applications/{a.pk}/"))
    assert f"应在0至{manual[0].criterion.max_points}之间" in page
    data[f"points_{manual[0].criterion_id}"] = manual[0].criterion.max_points
    staff.post(f"/democracy/rating-applications/{a.pk}/score/", data)
    a.refresh_from_db()
    assert a.total_score == 100


def test_the_public_notice_needs_no_account_and_takes_objections(world, client):
    _records(world)
    round, a = in_notice(world, open_round(world))
    page = text(client.get("/m/democracy/ratings/notice/"))
    assert "甲电子有限公司" in page and "拟评3A级" in page and "2026年10月10日" in page
    assert f'id="notice-round-{round.pk}"' in page
    page = text(
        client.post(
            f"/m/democracy/ratings/notice/{a.pk}/object/",
            {"person_name": "张三", "phone": "12", "content": "拖欠工资问题"},
        )
    )
    assert "手机号应为11位数字" in page
    response = client.post(
        f"/m/democracy/ratings/notice/{a.pk}/object/",
        {"person_name": "张三", "phone": "13800138000", "content": "该企业拖欠工资三个月。"},
    )
    assert response.status_code == 302
    assert RatingObjection.objects.get().state == ObjectionState.OPEN
    assert client.get("/m/democracy/ratings/notice/999999/object/").status_code == 404


def test_lists_panel_and_todos(world, client_for):
    _records(world)
    round = open_round(world)
    a = apply(world, round)
    town = client_for(world.town_a_user)
    todos = {t.name: n for t, n, _url in todos_for(world.town_a_user)}
    assert todos["democracy.ratings_town"] == 1
    assert "甲电子有限公司" in text(town.get("/democracy/rating-applications/?state=applied"))
    assert "甲电子有限公司" not in text(town.get("/democracy/rating-applications/?level=AAA"))
    a = services.application_town_review(actor=world.town_a_user, application=a, version=a.version)
    assert {t.name: n for t, n, _u in todos_for(world.district_staff)}[
        "democracy.ratings_district"
    ] == 1
    assert "democracy.ratings_district" not in {
        t.name for t, _n, _u in todos_for(world.town_b_user)
    }
    assert "甲电子有限公司" not in text(
        client_for(world.town_b_user).get("/democracy/rating-applications/")
    )
    page = text(client_for(world.district_staff).get(f"/employers/{world.employer_a.pk}/"))
    assert "和谐劳动关系评定" in page and "申报3A级：镇街已审核" in page


def test_after_the_close_the_rated_list_holds_the_employer(world, client_for):
    _records(world)
    round, a = in_notice(world, open_round(world))
    set_today(NOTICE_END + datetime.timedelta(days=1))
    services.round_close(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕5号",
    )
    staff = client_for(world.district_staff)
    page = text(staff.get("/democracy/rated-employers/"))
    assert "甲电子有限公司" in page and "2029-10-10" in page
    assert "甲电子有限公司" not in text(staff.get("/democracy/rated-employers/?on=2030-01-01"))
    assert "甲电子有限公司" not in text(staff.get("/democracy/rated-employers/?level=A"))
    assert "应为日期" in text(staff.get("/democracy/rated-employers/?on=x"))
    assert "已公布" in text(staff.get(f"/democracy/ratings/{round.pk}/"))
