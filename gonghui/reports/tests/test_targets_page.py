"""The targets page (REPORT-2): a year's targets of an organization and its children
against their actuals, behind target first; the trend; the forms; the scope."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import make_org
from gonghui.reports import queries
from gonghui.reports.models import Target
from gonghui.reports.services import target_set

from .targets_rows import YEAR, founded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NEW = "orgs.unions.new"
# a code no app registers (a target kept from a retired indicator, or one still to come)
PENDING = "retired.pending.rate"
URL = "/stats/targets/"


def _target(actor, org, value, code=NEW, year=YEAR):
    return target_set(actor=actor, code=code, year=year, organization=org, value=value)


def _pending(world, value=80):
    """A row for an indicator no app registered yet (as the demo writes them)."""
    from django.utils import timezone

    return Target.objects.create(
        code=PENDING,
        year=YEAR,
        organization=world.district,
        org_path=world.district.path,
        value=Decimal(value),
        set_at=timezone.now(),
    )


@pytest.fixture
def targets(world, founded):  # noqa: F811
    """2013 new unions, hand-checked: the district 3 of ≥ 3 (met), town A 2 of ≥ 4 (50%),
    town B 1 of ≥ 5 (20%); and a pending target of the district."""
    return {
        "district": _target(world.admin, world.district, 3),
        "a": _target(world.admin, world.town_a, 4),
        "b": _target(world.admin, world.town_b, 5),
        "pending": _pending(world),
    }


def _rows(response) -> list[tuple[str, str]]:
    """(target id, status) of the page's table, in order."""
    html = response.content.decode()
    return re.findall(r'<tr data-status="(\w+)" data-target="(\d+)"', html)


def test_the_page_lists_behind_target_first(world, targets, client_for):
    # when
    response = client_for(world.admin).get(URL, {"year": YEAR})
    # then town B (20%) before town A (50%), then the district (met), the pending last
    assert response.status_code == 200
    order = [(int(pk), status) for status, pk in _rows(response)]
    assert order == [
        (targets["b"].pk, "behind"),
        (targets["a"].pk, "behind"),
        (targets["district"].pk, "met"),
        (targets["pending"].pk, "pending"),
    ]
    html = response.content.decode()
    assert "2 项落后" in html
    assert 'value="20.0"' in html and "20.0%" in html and "50.0%" in html


def test_the_lines_carry_actual_and_progress(world, targets):
    lines = queries.target_lines(user=world.admin, year=YEAR, org=world.district)
    by_org = {line.target.organization_id: line for line in lines if line.indicator}
    assert (by_org[world.town_b.pk].actual.value, by_org[world.town_b.pk].progress) == (
        1,
        Decimal("20.0"),
    )
    assert (by_org[world.town_a.pk].actual.value, by_org[world.town_a.pk].progress) == (
        2,
        Decimal("50.0"),
    )
    assert by_org[world.district.pk].status == queries.TargetStatus.MET
    pending = [line for line in lines if line.indicator is None]
    assert [(p.target.code, p.actual, p.status_label) for p in pending] == [
        (PENDING, None, "指标待上线")
    ]


def test_a_pending_target_shows_no_actual(world, targets, client_for):
    response = client_for(world.admin).get(f"{URL}{targets['pending'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "指标待上线" in html and PENDING in html
    assert 'id="target-trend"' not in html  # no trend without an indicator


def test_the_current_year_is_judged_by_the_years_time(world):
    """A flow of the current year ahead of the share of the year gone is on track."""
    import datetime

    now = datetime.date(2026, 7, 2)  # 183 of 365 days: 50.1%
    target = Target(code=NEW, year=2026, organization=world.town_a, value=Decimal(10))
    from gonghui.core.indicators import Figure, indicator

    ind = indicator(NEW)
    ahead = queries.target_line(target, ind, Figure(6), now=now)
    behind = queries.target_line(target, ind, Figure(4), now=now)
    assert (ahead.status, ahead.progress, ahead.pace) == (
        queries.TargetStatus.ON_TRACK,
        Decimal("60.0"),
        Decimal("50.1"),
    )
    assert behind.status == queries.TargetStatus.BEHIND and behind.status_label == "落后"
    # a past year has no time left: short of the target is 未达标
    closed = queries.target_line(
        Target(code=NEW, year=2013, organization=world.town_a, value=Decimal(10)),
        ind,
        Figure(6),
        now=now,
    )
    assert (closed.status, closed.status_label) == (queries.TargetStatus.BEHIND, "未达标")


def test_the_trend_gives_each_months_actual_from_january(world, targets, client_for):
    # founded 2013-03-05 and 2013-07-09 in town A: 0 in Jan–Feb, 1 from March, 2 from July
    points = queries.target_trend(user=world.admin, target=targets["a"], ind=queries.indicator(NEW))
    assert [p.figure.value for p in points] == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
    assert points[6].progress == Decimal("50.0")
    html = client_for(world.admin).get(f"{URL}{targets['a'].pk}/").content.decode()
    assert 'id="target-trend"' in html and "target-trend-data" in html
    assert "echarts.min.js" in html and "target_trend.js" in html


def test_queries_do_not_grow_with_the_number_of_organizations(world, founded):  # noqa: F811
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            queries.target_lines(user=world.admin, year=YEAR, org=world.district)
        return len(captured)

    _target(world.admin, world.town_a, 1)
    _target(world.admin, world.town_b, 1)
    two = count()
    for n in range(3):
        town = make_org(world.district, OrgKind.TOWN, f"测试镇{n}")
        _target(world.admin, town, 1)
    assert count() == two


# ---- forms ----------------------------------------------------------------------------------


def test_the_district_sets_a_towns_target_on_the_page(world, founded, client_for):  # noqa: F811
    client = client_for(world.district_staff)
    response = client.post(
        f"{URL}?year={YEAR}",
        {
            "year": YEAR,
            "code": NEW,
            "organization": world.town_b.pk,
            "value": "2",
            "comparison": "at_least",
        },
    )
    assert response.status_code == 302 and f"year={YEAR}" in response["Location"]
    target = Target.objects.get()
    assert (target.organization, target.value, target.set_by) == (
        world.town_b,
        Decimal("2.00"),
        world.district_staff,
    )


def test_a_bad_value_is_said_in_chinese_on_the_form(world, client_for):
    client = client_for(world.district_staff)
    body = {
        "year": YEAR,
        "code": NEW,
        "organization": world.town_a.pk,
        "value": "2.5",
        "comparison": "at_least",
    }
    page = client.post(f"{URL}?year={YEAR}", body)
    assert page.status_code == 200 and "目标值应为整数" in page.content.decode()
    partial = client.post(f"{URL}?year={YEAR}", body | {"value": "abc"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "目标值应为数字" in html
    assert html.lstrip().startswith('<section id="target-set"')  # the form only, for htmx
    assert not Target.objects.exists()


def test_a_town_is_offered_only_its_grassroots_unions(world, client_for):
    html = client_for(world.town_a_user).get(URL).content.decode()
    offered = re.search(r'<select name="organization".*?</select>', html, re.S).group(0)
    assert world.union_a.name in offered
    assert world.town_a.name not in offered and world.district.name not in offered
    # posting the town itself is refused by the form (not offered) and stores nothing
    response = client_for(world.town_a_user).post(
        URL, {"year": 2014, "code": NEW, "organization": world.town_a.pk, "value": "3"}
    )
    assert "您不能设定其目标" in response.content.decode()
    assert not Target.objects.exists()


def test_change_and_remove_on_the_detail_page(world, targets, client_for):
    client = client_for(world.admin)
    target = targets["a"]
    changed = client.post(
        f"{URL}{target.pk}/change/",
        {"version": target.version, "value": "6", "comparison": "at_least", "note": "调整"},
    )
    assert changed.status_code == 302
    target.refresh_from_db()
    assert (target.value, target.note, target.version) == (Decimal("6.00"), "调整", 2)
    stale = client.post(
        f"{URL}{target.pk}/change/", {"version": 1, "value": "7", "comparison": "at_least"}
    )
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    removed = client.post(f"{URL}{target.pk}/remove/", {"version": target.version})
    assert removed.status_code == 302 and not Target.objects.filter(pk=target.pk).exists()


# ---- scope ----------------------------------------------------------------------------------


def test_a_town_user_never_sees_or_touches_another_towns_target(world, targets, client_for):
    client = client_for(world.town_a_user)
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert f'data-target="{targets["b"].pk}"' not in page and world.town_b.name not in page
    b = targets["b"].pk
    assert client.get(f"{URL}{b}/").status_code == 404
    assert client.post(f"{URL}{b}/change/", {"version": 1, "value": "9"}).status_code == 404
    assert client.post(f"{URL}{b}/remove/", {"version": 1}).status_code == 404
    other = client.get(URL, {"year": YEAR, "org": world.town_b.pk}).content.decode()
    assert world.town_b.name not in other.split("<h1>")[1]  # not shown as the page's org
    assert Target.objects.get(pk=b).value == Decimal("5.00")


def test_a_town_user_sees_its_own_target_but_cannot_change_it(world, targets, client_for):
    client = client_for(world.town_a_user)
    detail = client.get(f"{URL}{targets['a'].pk}/").content.decode()
    assert "50.0%" in detail and 'id="target-change"' not in detail
    refused = client.post(f"{URL}{targets['a'].pk}/remove/", {"version": 1})
    assert refused.status_code == 302 and Target.objects.filter(pk=targets["a"].pk).exists()


def test_a_chair_has_no_targets_page(world, targets, client_for):
    client = client_for(world.chair_a)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{targets['a'].pk}/").status_code == 404  # no target is theirs


def test_the_menu_offers_the_page_to_staff_and_the_auditor(world, client_for):
    html = client_for(world.auditor).get(URL, {"year": YEAR}).content.decode()
    assert 'data-key="targets"' in html and "目标管理" in html
    assert 'id="target-set"' not in html  # the auditor reads, never sets
