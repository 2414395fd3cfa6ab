"""The rights lists' filters (issue #10, Lists): cases (with the worker's tracking code),
the due list, legal-service events and the statistics period; each narrows the list within
the scope, and a bad value is a Chinese error on its field."""

import datetime

import pytest

from gonghui.core.clock import today

pytestmark = pytest.mark.django_db


def contacts(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {c.contact_name for c in response.context["page"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=complaint", {"工伤乙"}),
        ("subject=injury", {"工伤乙"}),
        ("state=in_progress", {"办理丙"}),
        ("year=2024", {"工伤乙"}),
        ("code=ABCD2345EF", {"工资甲"}),
        ("code=abcd-2345ef", {"工资甲"}),  # as read out: case and dashes do not matter
        ("code=ABCD2345EF&kind=complaint", {"工资甲"}),  # a code finds its case whatever
        ("code=ZZZZ2345ZZ", set()),  # another town's code finds nothing
    ],
)
def test_each_case_filter_narrows_the_queue_within_the_town(rw, cases, client_for, query, expected):
    assert contacts(client_for(rw.world.town_a_user), f"/rights/cases/?{query}") == expected


def test_who_assigns_filters_by_station_and_lawyer_the_lawyer_has_no_such_select(
    rw, cases, client_for
):
    staff = client_for(rw.world.town_a_user)
    assert contacts(staff, f"/rights/cases/?lawyer={rw.lawyer_a.pk}") == {"办理丙"}
    assert contacts(staff, f"/rights/cases/?station={rw.station_a.pk}") == {"办理丙"}
    lawyer_page = client_for(rw.world.lawyer_a).get("/rights/cases/").content.decode()
    assert 'name="lawyer"' not in lawyer_page and 'name="station"' not in lawyer_page
    assert 'name="code"' in lawyer_page


def test_district_users_filter_cases_by_town(rw, cases, client_for):
    admin = client_for(rw.world.admin)
    assert contacts(admin, f"/rights/cases/?town={rw.world.town_b.pk}") == {"外镇丁"}
    assert contacts(admin, "/rights/cases/?code=ZZZZ2345ZZ") == {"外镇丁"}


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("year=abc", "收到年份须为四位数字年份"),
        ("due=tomorrow", "「tomorrow」不是可选的期限"),
        ("lawyer=99999", "所选律师不存在或不在您的管理范围内"),
    ],
)
def test_a_bad_case_filter_is_a_chinese_error_and_the_queue_unfiltered(
    rw, cases, client_for, query, error
):
    response = client_for(rw.world.town_a_user).get(f"/rights/cases/?{query}")
    assert response.status_code == 200 and error in response.content.decode()
    assert {c.contact_name for c in response.context["page"]} == {"工资甲", "工伤乙", "办理丙"}


# ---- the due list ------------------------------------------------------------------------


def due_numbers(response, key: str) -> set[str]:
    return {c.number for c in response.context[key]}


def test_the_due_list_shows_one_limit_or_both_and_one_town(rw, due, client_for):
    town = client_for(rw.world.town_a_user)
    both = town.get("/rights/cases/due/")
    page = both.content.decode()
    assert 'id="overdue"' in page and 'id="due-soon"' in page
    assert due_numbers(both, "overdue") == {due["wages"].number}
    overdue = town.get("/rights/cases/due/?due=overdue").content.decode()
    assert 'id="overdue"' in overdue and 'id="due-soon"' not in overdue
    soon = town.get("/rights/cases/due/?due=soon").content.decode()
    assert 'id="due-soon"' in soon and 'id="overdue"' not in soon
    bad = town.get("/rights/cases/due/?due=later")
    assert bad.status_code == 200 and "「later」不是可选的期限" in bad.content.decode()
    admin = client_for(rw.world.admin)  # the same test client, logged in anew
    b_only = admin.get(f"/rights/cases/due/?town={rw.world.town_b.pk}")
    assert due_numbers(b_only, "overdue") == {due["other_town"].number}
    assert due_numbers(b_only, "due_soon") == set()


# ---- legal-service events ----------------------------------------------------------------


def titles(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {e.title for e in response.context["page"]}


def test_events_filter_by_year_kind_and_town(rw, events, client_for):
    town = client_for(rw.world.town_a_user)
    assert titles(town, "/rights/events/") == {"普法甲", "讲座乙"}
    assert titles(town, "/rights/events/?year=2024") == {"讲座乙"}
    assert titles(town, "/rights/events/?kind=publicity") == {"普法甲"}
    bad = town.get("/rights/events/?kind=party")
    assert "「party」不是可选的类型" in bad.content.decode()
    assert {e.title for e in bad.context["page"]} == {"普法甲", "讲座乙"}
    admin = client_for(rw.world.admin)  # the same test client, logged in anew
    assert titles(admin, f"/rights/events/?town={rw.world.town_b.pk}") == {"外镇丙"}


# ---- statistics ----------------------------------------------------------------------------


def test_stats_by_year_and_town(rw, cases, client_for):
    admin = client_for(rw.world.district_staff)
    year_2024 = admin.get("/rights/stats/?year=2024").context["f"]
    assert year_2024["cases"] == 1 and year_2024["start"] == datetime.date(2024, 1, 1)
    this_year = today().year
    in_b = admin.get(f"/rights/stats/?year={this_year}&town={rw.world.town_b.pk}").context["f"]
    assert in_b["cases"] == 1
    bad = admin.get("/rights/stats/?year=abc")
    page = bad.content.decode()
    assert bad.status_code == 200 and "年度须为四位数字年份" in page
    assert bad.context["f"] is None  # a bad period shows no figures
    missing = admin.get("/rights/stats/?start=2025-01-01").content.decode()
    assert "请选择年度，或填写结束日期。" in missing
