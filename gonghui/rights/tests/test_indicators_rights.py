"""The case and legal-service figures of the report as catalog indicators (RIGHTS-5, issue
#13): hand-checked on a small fixture, equal to the statistics page's, each drilling down
to a list of exactly its rows, additive over the towns, and moved by the services."""

import datetime
import itertools
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db.models import Sum
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.clock import today
from gonghui.core.indicators import (
    OWN,
    Kind,
    Period,
    breakdown,
    catalog,
    figure,
    indicator,
    trend,
)
from gonghui.rights import forms, queries
from gonghui.rights.indicators import FIGURES
from gonghui.rights.models import Case, LegalEvent
from gonghui.rights.services import handling, records

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db

Y2013 = Period.year(2013)
CODES = [code for code, *_ in FIGURES] + ["rights.cases.in_time"]
_numbers = itertools.count(1)


def _case(org, *, channel="visit", kind="petition", on=(2013, 3, 1), **fields) -> Case:
    """A case row as the services leave it, filed under `org` (a town, or the district)."""
    n = next(_numbers)
    town = org if org.kind == "town" else None
    return Case.objects.create(
        number=f"T{n:06d}",
        kind=kind,
        channel=channel,
        received_on=datetime.date(*on),
        summary="测试",
        contact_name="职工",
        town=town,
        org_path=org.path,
        **fields,
    )


def _concluded(in_time: bool, recovered: str = "0") -> dict:
    return {
        "state": "closed",
        "accepted_on": datetime.date(2013, 3, 2),
        "conclude_due": datetime.date(2013, 5, 1),
        "concluded_on": datetime.date(2013, 4, 1 if in_time else 30),
        "concluded_in_time": in_time,
        "amount_recovered": Decimal(recovered),
    }


def _event(town, on, attendance) -> LegalEvent:
    return LegalEvent.objects.create(
        kind="publicity",
        title="普法",
        held_on=on,
        town=town,
        organizers="工会",
        attendance=attendance,
        org_path=town.path,
    )


@pytest.fixture
def year(world):
    """2013 in town A, town B and at the district itself, with rows just outside it."""
    a, b, district = world.town_a, world.town_b, world.district
    first = _case(a, visitors=3, workers_involved=30, **_concluded(True))
    _case(b, kind="labor_dispute", visitors=5, workers_involved=10, on=(2013, 5, 1),
          **_concluded(False, "1000.50"))  # fmt: skip
    _case(district, channel="letter", workers_involved=4, on=(2013, 6, 1))
    _case(district, channel="call", kind="consultation", on=(2013, 7, 1), **_concluded(True))
    _case(a, channel="call", kind="complaint", on=(2013, 8, 1))
    _case(a, channel="referral", kind="labor_dispute", workers_involved=7, on=(2013, 9, 1),
          **_concluded(True, "234.00"))  # fmt: skip
    _case(b, channel="online", workers_involved=2, on=(2013, 12, 31))
    # a duplicate merged into the first visit: counted once, as that case
    _case(a, visitors=2, workers_involved=2, merged_into=first, state="closed")
    _case(a, visitors=9, workers_involved=9, on=(2012, 12, 31))
    _case(a, visitors=9, workers_involved=9, on=(2014, 1, 1))
    _event(a, datetime.date(2013, 4, 1), 100)
    _event(b, datetime.date(2013, 10, 1), 250)
    _event(a, datetime.date(2012, 12, 31), 999)
    return world


# code: (district, town A), counted by hand from the fixture above
EXPECTED = {
    "rights.visits.batches": (2, 1),
    "rights.visits.persons": (8, 3),
    "rights.letters": (1, 0),
    "rights.visits_letters.workers": (44, 30),
    "rights.calls": (2, 1),
    "rights.petitions": (3, 1),
    "rights.disputes": (2, 1),
    "rights.disputes.workers": (17, 7),
    "rights.cases.recovered": (Decimal("1234.50"), Decimal("234.00")),
    "rights.events": (2, 1),
    "rights.events.attendance": (350, 100),
    "rights.cases.in_time": (Decimal("75.0"), Decimal("100.0")),
}


def _value(code, user, org_path, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=org_path).value


def test_the_catalog_holds_every_case_figure_of_the_report(world):
    found = {i.code: i for i in catalog(world.district_staff)}
    assert set(CODES) <= set(found) and set(EXPECTED) == set(CODES)
    for code in CODES:
        ind = found[code]
        assert (ind.section, ind.capability, ind.permission) == (
            "维权服务",
            "RIGHTS-5",
            "rights.stats",
        )
        assert ind.definition.endswith("。")
    assert found["rights.cases.in_time"].kind == Kind.RATE
    # a lawyer and the auditor may not see case figures: not in their catalog
    assert not {i.code for i in catalog(world.lawyer_a)} & set(CODES)
    assert not {i.code for i in catalog(world.auditor)} & set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_each_figure_counted_by_hand(year, code):
    district, town_a = EXPECTED[code]
    assert _value(code, year.admin, year.district.path) == district
    assert _value(code, year.admin, year.town_a.path) == town_a
    # a town's staff get their town's figure whatever subtree they ask for
    assert _value(code, year.town_a_user, year.district.path) == town_a
    # a role without rights.stats gets nothing
    assert _value(code, year.lawyer_a, year.town_a.path) in (0, None)


def test_the_rate_keeps_its_two_counts(year):
    rate = figure(indicator("rights.cases.in_time"), user=year.admin, period=Y2013, org_path="/")
    assert (rate.numerator, rate.denominator) == (3, 4)
    empty = figure(
        indicator("rights.cases.in_time"), user=year.admin, period=Y2013, org_path=year.union_a.path
    )
    assert (empty.value, empty.denominator) == (None, 0)


def test_the_district_own_cases_are_kept_apart_from_the_towns(year):
    calls = breakdown(
        indicator("rights.calls"), user=year.admin, period=Y2013, org_path=year.district.path
    )
    assert {k: f.value for k, f in calls.parts.items()} == {OWN: 1, year.town_a.pk: 1}
    assert indicator("rights.calls").own_meaningful
    assert not indicator("rights.events").own_meaningful


@pytest.mark.parametrize("code", CODES)
def test_the_monthly_trend_is_each_months_figure(year, code):
    points = trend(indicator(code), user=year.admin, period=Y2013, org_path=year.district.path)
    assert [p for p, _ in points] == Y2013.months()
    for month, value in points:
        assert value == figure(
            indicator(code), user=year.admin, period=month, org_path=year.district.path
        ), (code, month)


def test_a_quarter_counts_only_its_rows(year):
    q1, q2 = Period.quarter(2013, 1), Period.quarter(2013, 2)
    assert _value("rights.visits.batches", year.admin, "/", q1) == 1
    assert _value("rights.visits.batches", year.admin, "/", q2) == 1
    assert _value("rights.events.attendance", year.admin, "/", q2) == 100


# ---- one definition: the statistics page shows the same figures --------------------------

STATS_KEY = {
    "rights.visits.batches": "batches",
    "rights.visits.persons": "person_visits",
    "rights.letters": "letters",
    "rights.visits_letters.workers": "visits_letters_workers",
    "rights.calls": "calls",
    "rights.petitions": "petitions",
    "rights.disputes": "disputes",
    "rights.disputes.workers": "dispute_workers",
    "rights.cases.recovered": "amount_recovered",
}


@pytest.mark.parametrize("who", ["admin", "town_a_user"])
def test_the_statistics_page_figures_are_the_indicators(year, who):
    user = getattr(year, who)
    for path in (None, year.town_a.path, year.town_b.path):
        f = queries.case_figures(user=user, start=Y2013.start, end=Y2013.end, path=path)
        events = queries.event_figures(user=user, start=Y2013.start, end=Y2013.end, path=path)
        org_path = path or year.district.path
        for code, key in STATS_KEY.items():
            assert f[key] == _value(code, user, org_path), (code, path)
        assert events["events"] == _value("rights.events", user, org_path)
        assert events["attendance"] == _value("rights.events.attendance", user, org_path)
        rate = figure(indicator("rights.cases.in_time"), user=user, period=Y2013, org_path=org_path)
        assert (f["concluded_in_time"], f["concluded"]) == (rate.numerator, rate.denominator)
        assert f["in_time_share"] == rate.value
    # and the page itself shows the report's figure of visits and letters
    page = queries.case_figures(user=year.admin, start=Y2013.start, end=Y2013.end)
    assert page["visits_letters_workers"] == 44


def test_the_statistics_page_is_still_one_aggregate_for_the_totals(year, django_assert_num_queries):
    queries.case_figures(user=year.admin, start=Y2013.start, end=Y2013.end)  # scope looked up
    # the totals in one query, and one per breakdown table (kind, channel, subject, town)
    with django_assert_num_queries(5):
        queries.case_figures(user=year.admin, start=Y2013.start, end=Y2013.end)


# ---- the drill-down: the list with exactly the figure's rows ------------------------------


def _list_rows(url, user):
    """The rows the list page at `url` shows `user` (its query, not the capped label)."""
    parts = urlsplit(url)
    data = QueryDict(mutable=True)
    for key, value in parse_qsl(parts.query):
        data.appendlist(key, value)
    if parts.path.startswith("/rights/events/"):
        form = forms.EventFilterForm(data, user=user)
        assert form.is_valid(), form.errors
        return queries.event_list(user=user, filters=form.filters())
    assert parts.path == "/rights/cases/"
    form = forms.CaseFilterForm(data, user=user)
    assert form.is_valid(), form.errors
    return queries.case_list(user=user, filters=form.filters())


def _measures(code):
    ind = indicator(code)
    return [ind.measure] if ind.kind != Kind.RATE else [ind.numerator, ind.denominator]


@pytest.mark.parametrize("code", CODES)
def test_each_figure_drills_down_to_a_list_of_exactly_its_rows(year, code, client_for):
    for user, org in (
        (year.admin, year.district),
        (year.admin, year.town_a),
        (year.admin, year.town_b),
        (year.town_a_user, year.town_a),
    ):
        total = figure(indicator(code), user=user, period=Y2013, org_path=org.path)
        counts = []
        for measure in _measures(code):
            url = measure.list_url(Y2013, org.path)
            rows = _list_rows(url, user)
            expected = measure.query(Y2013).visible_to(user, "rights.stats").within(org.path)
            assert set(rows.values_list("pk", flat=True)) == set(
                expected.values_list("pk", flat=True)
            )
            if measure.value is None:
                counts.append(rows.count())
            else:  # a sum: the list holds the rows summed
                summed = rows.aggregate(v=Sum(measure.value))["v"] or 0
                assert summed == total.value, (code, org.name)
        if indicator(code).kind == Kind.RATE:
            assert counts == [total.numerator, total.denominator]
        elif counts:
            assert counts == [total.value], (code, org.name)
    # the page opens with those filters and says nothing is wrong
    url = _measures(code)[0].list_url(Y2013, year.town_a.path)
    page = client_for(year.town_a_user).get(url)
    assert page.status_code == 200
    assert not page.context["filter_form"].field_errors()
    assert "范围：市桥街道总工会及其下属" in page.content.decode()  # the hidden filter, said


@pytest.mark.parametrize("code", ["rights.visits.batches", "rights.cases.in_time", "rights.events"])
def test_the_list_apis_take_the_drill_down_filters(year, code, client_for):
    """The case and event list APIs, given a drill-down's filters, count the figure's rows."""
    api = client_for(year.admin)
    for org in (year.district, year.town_a):
        total = figure(indicator(code), user=year.admin, period=Y2013, org_path=org.path)
        counts = []
        for measure in _measures(code):
            parts = urlsplit(measure.list_url(Y2013, org.path))
            endpoint = "/api/v1/rights/events" if "events" in parts.path else "/api/v1/rights/cases"
            answer = api.get(f"{endpoint}?{parts.query}")  # merged=no: a bool to the API
            assert answer.status_code == 200, answer.content
            counts.append(answer.json()["count"])
        expected = (
            [total.numerator, total.denominator] if total.denominator is not None else [total.value]
        )
        assert counts == expected, (code, org.name)


def test_a_drill_down_to_a_subtree_out_of_scope_is_refused(year):
    url = indicator("rights.visits.batches").measure.list_url(Y2013, year.town_b.path)
    parts = urlsplit(url)
    form = forms.CaseFilterForm(QueryDict(parts.query), user=year.town_a_user)
    assert not form.is_valid()
    assert "不在您的管理范围内" in form.field_errors()[0]
    # an export job handed the same filters finds nothing
    filters = dict(parse_qsl(parts.query))
    assert not queries.case_list(user=year.town_a_user, filters=filters).exists()


def test_the_new_list_filters_say_what_is_wrong(world):
    form = forms.CaseFilterForm(
        QueryDict("received_from=2013-05-01&received_to=2013-04-01&concluded=maybe"),
        user=world.admin,
    )
    assert not form.is_valid()
    said = " ".join(form.field_errors())
    assert "收到日期止不能早于收到日期起" in said and "办结情况" in said
    form = forms.EventFilterForm(QueryDict("held_from=2013-13-01"), user=world.admin)
    assert "活动日期起应为日期" in " ".join(form.field_errors())


# ---- additive: the towns (and the district's own rows) add up to the district -------------

ORGS = ("town_a", "town_b", "district")
case_rows = st.lists(
    st.tuples(
        st.sampled_from(ORGS),
        st.sampled_from(["visit", "letter", "call", "online", "referral"]),
        st.sampled_from(["petition", "labor_dispute", "consultation"]),
        st.integers(1, 6),  # visitors
        st.integers(0, 40),  # workers involved beyond the visitors
        st.integers(1, 12),  # month
        st.sampled_from([None, True, False]),  # concluded in time, late, not concluded
    ),
    max_size=12,
)
event_rows = st.lists(
    st.tuples(st.sampled_from(ORGS[:2]), st.integers(0, 500), st.integers(1, 12)), max_size=5
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=case_rows, held=event_rows)
def test_the_towns_figures_add_up_to_the_districts(world, rows, held):
    Case.objects.all().delete()
    LegalEvent.objects.all().delete()
    for org, channel, kind, visitors, workers, month, in_time in rows:
        done = {} if in_time is None else _concluded(in_time, "10.05")
        _case(getattr(world, org), channel=channel, kind=kind, on=(2013, month, 1),
              visitors=visitors, workers_involved=visitors + workers, **done)  # fmt: skip
    for town, attendance, month in held:
        _event(getattr(world, town), datetime.date(2013, month, 1), attendance)
    for code in CODES:
        ind = indicator(code)
        parts = breakdown(ind, user=world.admin, period=Y2013, org_path=world.district.path)
        whole = figure(ind, user=world.admin, period=Y2013, org_path=world.district.path)
        assert parts.total == whole
        if ind.kind == Kind.RATE:
            assert sum(f.numerator for f in parts.parts.values()) == whole.numerator
            assert sum(f.denominator for f in parts.parts.values()) == whole.denominator
        else:
            assert sum(f.value for f in parts.parts.values()) == whole.value, code
    assert _value("rights.visits.batches", world.admin, "/") == sum(
        1 for r in rows if r[1] == "visit"
    )


# ---- the services move the figures ----------------------------------------------------------


def test_a_case_registered_concluded_and_merged_through_the_services_moves_the_figures(rw):
    w = rw.world
    now = today()
    period = Period.year(now.year)
    codes = ("rights.visits.batches", "rights.visits.persons", "rights.visits_letters.workers",
             "rights.petitions", "rights.cases.recovered")  # fmt: skip

    def values():
        return {c: _value(c, w.town_a_user, w.town_a.path, period) for c in codes}

    before = values()
    case = to_in_progress(rw, visitors=3, workers_involved=12, received_on=now)
    handling.case_conclude(
        actor=rw.lawyer_a.user,
        case=case,
        version=case.version,
        outcome="mediated",
        conclusion="已调解",
        amount_recovered="800.00",
    )
    after = values()
    assert after["rights.visits.batches"] == before["rights.visits.batches"] + 1
    assert after["rights.visits.persons"] == before["rights.visits.persons"] + 3
    assert after["rights.visits_letters.workers"] == before["rights.visits_letters.workers"] + 12
    assert after["rights.petitions"] == before["rights.petitions"] + 1
    assert after["rights.cases.recovered"] == before["rights.cases.recovered"] + Decimal("800.00")
    rate = figure(
        indicator("rights.cases.in_time"), user=w.town_a_user, period=period, org_path=w.town_a.path
    )
    assert (rate.numerator, rate.denominator, rate.value) == (1, 1, Decimal("100.0"))
    # a duplicate registered and then merged into it is counted once
    duplicate = register(
        w.town_a_user, employer=w.employer_a, received_on=now, visitors=2, workers_involved=2
    )
    assert values()["rights.visits.batches"] == after["rights.visits.batches"] + 1
    handling.case_merge(
        actor=w.town_a_user, case=duplicate, original=case, version=duplicate.version
    )
    assert values() == after


def test_an_event_recorded_through_the_service_moves_the_figures(rw):
    w = rw.world
    period = Period.year(today().year)
    records.event_create(
        actor=w.town_a_user,
        kind="lecture",
        title="劳动法讲座",
        held_on=today(),
        town=w.town_a,
        organizers="市桥街道总工会",
        attendance=120,
    )
    assert _value("rights.events", w.district_staff, w.district.path, period) == 1
    assert _value("rights.events.attendance", w.district_staff, w.town_a.path, period) == 120
    assert _value("rights.events.attendance", w.district_staff, w.town_b.path, period) == 0
