"""The assistance figures in the indicator catalog (REPORT-1; CARE-1, CARE-2, CARE-4):
counted by hand on a small fixture, each drilling down to a list page of exactly its rows,
a trend equal to each month's figure, and towns (with 本级) adding up to the district."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db.models import Sum

from gonghui.assistance.choices import FileState, GrantState
from gonghui.assistance.indicators import GRANT_FIGURES, SERVICE_FIGURES
from gonghui.core.clock import today
from gonghui.core.indicators import Kind, Period, breakdown, catalog, figure, indicator, trend
from gonghui.core.registry import registry

from .factories import make_file, make_grant, make_program, make_service

pytestmark = pytest.mark.django_db

Y2013 = Period.year(2013)
D = datetime.date
CODES = sorted(c for c in registry["indicators"] if c.startswith("assistance."))


def _paid(program, union, amount, on, **extra):
    return make_grant(program, union, amount, state=GrantState.PAID, paid_on=on, **extra)


@pytest.fixture
def year(world):
    """2013 in town A (a union and the town itself), town B and the district, with rows
    just outside it and rows that are not paid or not on the register."""
    w = world
    a, b, ua, ub = w.town_a, w.town_b, w.union_a, w.union_b
    fa1 = make_file(ua, approved_on=D(2013, 3, 10), visit_due=D(2013, 9, 1),
                    review_due=D(2014, 3, 10))  # fmt: skip
    fa2 = make_file(ua, category="relative", state=FileState.EXITED, approved_on=D(2013, 5, 1),
                    exited_on=D(2013, 11, 1), visit_due=D(2013, 6, 1))  # fmt: skip
    fa3 = make_file(a, category="accident", state=FileState.EXIT_NOTICE,
                    approved_on=D(2012, 6, 1), review_due=D(2013, 6, 1),
                    visit_due=D(2014, 1, 15))  # fmt: skip
    fb1 = make_file(ub, approved_on=D(2013, 12, 31), visit_due=D(2014, 6, 30),
                    review_due=D(2014, 12, 31))  # fmt: skip
    make_file(ub, state=FileState.SUBMITTED, visit_due=D(2013, 1, 1))  # not on the register
    make_file(ub, category="relative", approved_on=D(2014, 1, 1))
    make_file(ub, state=FileState.EXITED, approved_on=D(2013, 2, 1), exited_on=D(2013, 12, 31))

    district = w.district
    school = make_program(district, "school_aid")
    living = make_program(district, "living_aid")
    holiday = make_program(district, "holiday_condolence")
    model = make_program(district, "model_worker_condolence")
    training = make_program(district, "training_subsidy")
    winter = make_program(district, "winter_warmth")
    _paid(school, ua, "2000", D(2013, 9, 10), hardship_file=fa1, child_name="李小")
    _paid(school, ub, "1500", D(2013, 9, 10))
    _paid(living, ua, "1000", D(2013, 6, 18), hardship_file=fa2)
    _paid(holiday, a, "900", D(2013, 9, 25), hardship_file=fa3)
    _paid(model, ub, "1500", D(2013, 4, 28))
    _paid(training, ua, "3000", D(2013, 11, 15))
    _paid(winter, ub, "500", D(2013, 1, 20), hardship_file=fb1)
    _paid(school, ua, "7777", D(2012, 12, 31))  # paid before the year
    _paid(school, ub, "7777", D(2014, 1, 1))  # after it
    make_grant(school, ua, "8888", state=GrantState.APPROVED, approved_on=D(2013, 9, 1))
    make_grant(school, ua, "8888", state=GrantState.PAYMENT_FAILED, approved_on=D(2013, 9, 1))

    periodicals = make_program(district, "periodicals", budget="0")
    cooling = make_program(district, "summer_cooling", budget="0")
    spring = make_program(district, "spring_jobs", budget="0")
    make_service(a, head_count=100)
    make_service(district, head_count=50, held_on=D(2013, 6, 1))
    make_service(b, head_count=30, held_on=D(2014, 1, 1))
    make_service(b, "injury_visit", head_count=2, amount=Decimal("1200"), held_on=D(2013, 7, 1))
    make_service(district, "in_kind", program=periodicals, recipient="union",
                 recipient_union=ua, value=Decimal("5000"), held_on=D(2013, 3, 1))  # fmt: skip
    make_service(a, "in_kind", program=cooling, recipient="site", site="工地", head_count=200,
                 value=Decimal("3000"), held_on=D(2013, 7, 15))  # fmt: skip
    make_service(a, "employment_guidance", program=spring, head_count=40, held_on=D(2013, 3, 1))
    make_service(b, "job_referral", program=spring, head_count=10, held_on=D(2013, 3, 2))
    make_service(district, "social_mixer", head_count=60, held_on=D(2013, 8, 1))
    make_service(a, "social_mixer", head_count=20, held_on=D(2013, 12, 31))
    make_service(a, "social_mixer", head_count=99, held_on=D(2012, 12, 31))
    return w


# code: (district, town A), counted by hand from the fixture above
EXPECTED = {
    "assistance.grants.people": (7, 4),
    "assistance.grants.amount": (Decimal("10400"), Decimal("6900")),
    "assistance.school_aid.people": (2, 1),
    "assistance.school_aid.amount": (Decimal("3500"), Decimal("2000")),
    "assistance.living_condolence.people": (3, 2),
    "assistance.living_condolence.amount": (Decimal("3400"), Decimal("1900")),
    "assistance.living_aid.amount": (Decimal("1000"), Decimal("1000")),
    "assistance.holiday_condolence.people": (1, 1),
    "assistance.model_worker_condolence.amount": (Decimal("1500"), Decimal("0")),
    "assistance.winter_warmth.people": (1, 0),
    "assistance.training_subsidy.amount": (Decimal("3000"), Decimal("3000")),
    "assistance.grants.deep.people": (2, 1),
    "assistance.grants.deep.amount": (Decimal("2500"), Decimal("2000")),
    "assistance.grants.relative.people": (1, 1),
    "assistance.grants.accident.amount": (Decimal("900"), Decimal("900")),
    "assistance.files.open": (3, 2),
    "assistance.files.deep": (2, 1),
    "assistance.files.relative": (0, 0),
    "assistance.files.accident": (1, 1),
    "assistance.files.visit_due": (1, 1),
    "assistance.files.review_overdue": (1, 1),
    "assistance.health_checks.people": (150, 100),
    "assistance.injury_visits.people": (2, 0),
    "assistance.injury_visits.amount": (Decimal("1200"), Decimal("0")),
    "assistance.periodicals.value": (Decimal("5000"), Decimal("0")),
    "assistance.cooling.people": (200, 200),
    "assistance.cooling.value": (Decimal("3000"), Decimal("3000")),
    "assistance.in_kind.people": (200, 200),
    "assistance.in_kind.value": (Decimal("8000"), Decimal("3000")),
    "assistance.employment.guidance": (40, 40),
    "assistance.employment.referrals": (10, 0),
    "assistance.mixers": (2, 1),
    "assistance.mixers.people": (80, 20),
}


def _value(code, user, org_path, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=org_path).value


def test_the_catalog_holds_the_services_paragraphs_figures(world):
    found = {i.code: i for i in catalog(world.district_staff)}
    assert set(CODES) <= set(found)
    kinds = {code for _what, kinds, *_ in GRANT_FIGURES for code in kinds}
    assert kinds == {"school_aid", "living_aid", "holiday_condolence", "model_worker_condolence",
                     "winter_warmth", "training_subsidy"}  # fmt: skip
    assert {code for code, *_ in SERVICE_FIGURES} <= set(CODES)
    for code in CODES:
        ind = found[code]
        assert (ind.section, ind.permission) == ("服务职工", "assistance.stats"), code
        assert ind.capability in ("CARE-1", "CARE-2", "CARE-4"), code
        assert ind.definition.endswith("。"), code
        assert ind.kind in (Kind.FLOW, Kind.STOCK)
    assert found["assistance.files.open"].measure.span is not None  # the trend in three queries
    assert found["assistance.school_aid.people"].measure.date == "paid_on"
    # the auditor reads the figures; a chair or a lawyer does not
    assert set(CODES) <= {i.code for i in catalog(world.auditor)}
    assert not {i.code for i in catalog(world.chair_a)} & set(CODES)
    assert not {i.code for i in catalog(world.lawyer_a)} & set(CODES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_figure_counted_by_hand(year, code):
    district, town_a = EXPECTED[code]
    assert _value(code, year.admin, year.district.path) == district
    assert _value(code, year.admin, year.town_a.path) == town_a
    # a town's staff get their town's figure whatever subtree they ask for
    assert _value(code, year.town_a_user, year.district.path) == town_a
    # a role without assistance.stats gets nothing
    assert _value(code, year.chair_a, year.union_a.path) in (0, None)


def test_the_report_groups_living_aid_and_the_two_condolences(year):
    whole = _value("assistance.living_condolence.amount", year.admin, "/")
    parts = sum(
        _value(f"assistance.{k}.amount", year.admin, "/")
        for k in ("living_aid", "holiday_condolence", "model_worker_condolence")
    )
    assert whole == parts == Decimal("3400")


# ---- the drill-down: the list page with exactly the figure's rows ---------------------------


def _page_rows(client, url):
    """The rows of the list page at `url` (all of them: `count=exact` as the catalog's links)."""
    answer = client.get(f"{url}&count=exact")
    assert answer.status_code == 200, (url, answer.content[:500])
    form = answer.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    page = answer.context["page"]
    assert page.paginator.count == page.paginator.object_list.count()
    return page.paginator.object_list


PERIODS = [Y2013, Period.month(2013, 9), Period.year(today().year)]


@pytest.mark.parametrize("code", CODES)
def test_each_figure_drills_down_to_a_list_of_exactly_its_rows(year, code, client_for):
    measure = indicator(code).measure
    for user, org in (
        (year.admin, year.district),
        (year.admin, year.town_a),
        (year.admin, year.town_b),
        (year.admin, year.union_a),
        (year.town_a_user, year.town_a),
    ):
        client = client_for(user)
        for period in PERIODS:
            url = measure.list_url(period, org.path)
            rows = _page_rows(client, url)
            expected = measure.query(period).visible_to(user, "assistance.stats").within(org.path)
            assert set(rows.values_list("pk", flat=True)) == set(
                expected.values_list("pk", flat=True)
            ), (code, org.name, period)
            value = _value(code, user, org.path, period)
            if measure.value is None:
                assert rows.count() == value, (code, org.name, period)
            else:  # a sum: the list holds the rows summed
                assert (rows.aggregate(v=Sum(measure.value))["v"] or 0) == value, (code, period)
    assert urlsplit(measure.list_url(Y2013, "/")).query.find("org=") == -1  # the root: none


@pytest.mark.parametrize("code", CODES)
def test_the_monthly_trend_is_each_months_figure(year, code):
    points = trend(indicator(code), user=year.admin, period=Y2013, org_path=year.district.path)
    assert [p for p, _ in points] == Y2013.months()
    for month, value in points:
        assert value == figure(
            indicator(code), user=year.admin, period=month, org_path=year.district.path
        ), (code, month)


@pytest.mark.parametrize("code", CODES)
def test_the_towns_and_the_districts_own_add_up(year, code):
    ind = indicator(code)
    parts = breakdown(ind, user=year.admin, period=Y2013, org_path=year.district.path)
    whole = figure(ind, user=year.admin, period=Y2013, org_path=year.district.path)
    assert parts.total == whole
    assert sum(f.value for f in parts.parts.values()) == whole.value
    # each town's part is the town's own figure
    for town in (year.town_a, year.town_b):
        own = figure(ind, user=year.admin, period=Y2013, org_path=town.path).value
        assert (parts.parts[town.pk].value if town.pk in parts.parts else 0) == own, code


def test_visits_due_are_taken_today_for_a_period_not_over(year):
    now = today()
    this_year = Period.year(now.year)
    before = _value("assistance.files.visit_due", year.admin, "/", this_year)
    # a visit due in three days is not due yet, though before the year's end
    make_file(year.union_a, approved_on=D(2014, 1, 1), visit_due=now + datetime.timedelta(days=3))
    assert _value("assistance.files.visit_due", year.admin, "/", this_year) == before
    # one due today is
    make_file(year.union_a, approved_on=D(2014, 1, 1), visit_due=now)
    assert _value("assistance.files.visit_due", year.admin, "/", this_year) == before + 1


@pytest.mark.parametrize(
    "code",
    ["assistance.grants.people", "assistance.grants.deep.people", "assistance.school_aid.people",
     "assistance.files.open", "assistance.files.accident", "assistance.mixers"],
)  # fmt: skip
def test_the_list_apis_take_the_drill_down_filters(year, code, client_for):
    """The grant, file and service list APIs, given a drill-down's filters, count its rows."""
    api = client_for(year.admin)
    measure = indicator(code).measure
    for org in (year.district, year.town_a, year.union_b):
        parts = urlsplit(measure.list_url(Y2013, org.path))
        endpoint = "/api/v1" + parts.path.rstrip("/")
        answer = api.get(f"{endpoint}?{parts.query}")
        assert answer.status_code == 200, answer.content
        assert answer.json()["count"] == _value(code, year.admin, org.path), (code, org.name)
