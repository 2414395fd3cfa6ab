"""The mutual-aid figures in the indicator catalog (CARE-3): counted by hand on a small
fixture of two towns and two plan years, with rows just outside each figure; a town user
sees their town's; each drills down with the list filters of its rows; the trend of a flow
equals each month's figure."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest

from gonghui.core.indicators import Period, breakdown, catalog, figure, indicator, trend
from gonghui.core.registry import registry
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import BenefitKind, ClaimState, EnrollmentState, EventKind
from gonghui.mutualaid.models import ClaimBenefit, ContributionPayment

from .factories import make_batch, make_claim, make_enrollment, make_plan

pytestmark = pytest.mark.django_db

D = datetime.date
M = Decimal
Y2013 = Period.year(2013)
CODES = sorted(c for c in registry["indicators"] if c.startswith("mutualaid."))


def _benefits(claim, **amounts):
    """The claim's benefit rows (kind=amount) and its amount their sum."""
    for kind, amount in amounts.items():
        ClaimBenefit.objects.create(
            claim=claim,
            item=claim.plan.items.get(kind=kind),
            member=claim.member,
            kind=kind,
            amount=M(amount),
            org_path=claim.org_path,
        )
    claim.amount = sum((M(a) for a in amounts.values()), M("0"))
    claim.save(update_fields=["amount"])
    return claim


def _paid(enrollment, on, **amounts):
    return _benefits(make_claim(enrollment, state=ClaimState.PAID, paid_on=on), **amounts)


@pytest.fixture
def year(world):
    """2013 in union A (town A) and union B (town B), with 2014's plan beside it."""
    w = world
    ua, ub = w.union_a, w.union_b
    p13 = make_plan(w.district, 2013)
    p14 = make_plan(w.district, 2014, previous=p13)
    ma1, ma2, ma3 = (make_member(ua, n) for n in ("甲一", "甲二", "甲三"))
    mb1, mb2 = make_member(ub, "乙一"), make_member(ub, "乙二")
    ba = make_batch(p13, ua, enrolled_on=D(2013, 1, 1), amount_due=M("90.00"))
    bb = make_batch(p13, ub, enrolled_on=D(2013, 1, 20), amount_due=M("30.00"))
    bb12 = make_batch(p13, ub, enrolled_on=D(2012, 12, 15), amount_due=M("30.00"))
    ba14 = make_batch(p14, ua, enrolled_on=D(2014, 1, 5), amount_due=M("40.00"))
    bb14 = make_batch(p14, ub, enrolled_on=D(2013, 12, 28), amount_due=M("40.00"))
    for batch, amount, on in (
        (ba, "60.00", D(2013, 3, 10)),
        (ba, "30.00", D(2014, 1, 2)),  # after the year
        (bb, "30.00", D(2013, 2, 1)),
        (bb12, "30.00", D(2012, 12, 20)),  # before it
    ):
        ContributionPayment.objects.create(
            batch=batch, amount=M(amount), paid_on=on, org_path=batch.org_path
        )
    ea1 = make_enrollment(ma1, p13, batch=ba, enrolled_on=D(2013, 1, 1))
    # cancelled on the year's last day: not counted on it
    make_enrollment(ma2, p13, batch=ba, enrolled_on=D(2013, 3, 1), effective_on=D(2013, 3, 10),
                    state=EnrollmentState.CANCELLED, cancelled_on=D(2013, 12, 31))  # fmt: skip
    make_enrollment(ma3, p13, batch=ba, enrolled_on=D(2013, 11, 20), effective_on=None,
                    state=EnrollmentState.PENDING)  # fmt: skip
    eb1 = make_enrollment(mb1, p13, batch=bb, enrolled_on=D(2013, 1, 20),
                          effective_on=D(2013, 2, 1))  # fmt: skip
    # paid before the plan's period: counted in it, but it came into effect in 2012
    eb2 = make_enrollment(mb2, p13, batch=bb12, enrolled_on=D(2012, 12, 15),
                          effective_on=D(2012, 12, 20))  # fmt: skip
    make_enrollment(ma1, p14, batch=ba14, enrolled_on=D(2014, 1, 5), effective_on=D(2014, 1, 10),
                    is_renewal=True)  # fmt: skip
    # a renewal for 2014 registered in 2013's last days
    make_enrollment(mb2, p14, batch=bb14, enrolled_on=D(2013, 12, 28), effective_on=D(2014, 1, 2),
                    is_renewal=True)  # fmt: skip

    inpatient, critical, accident = "inpatient", "critical", "accident"
    _paid(ea1, D(2013, 6, 20), **{inpatient: "5000.00"})
    _paid(ea1, D(2013, 9, 20), **{inpatient: "3000.00", critical: "15000.00"})
    _paid(ea1, D(2013, 10, 20), **{critical: "10000.00"})  # a second disease: one member
    _paid(eb1, D(2013, 12, 31), **{inpatient: "0.00", critical: "10000.00"})
    _benefits(make_claim(eb1, event_kind=EventKind.ACCIDENT, state=ClaimState.PAID,
                         paid_on=D(2013, 7, 1)), **{accident: "1200.00"})  # fmt: skip
    # the same disease again: its lump sum 0, the stay paid
    _paid(eb2, D(2013, 5, 5), **{inpatient: "800.00", critical: "0.00"})
    # not paid in the year: after it, approved only, failed
    _paid(eb1, D(2014, 1, 5), **{accident: "2000.00"})
    _benefits(make_claim(ea1, state=ClaimState.APPROVED), **{critical: "15000.00"})
    _benefits(make_claim(eb1, state=ClaimState.PAYMENT_FAILED), **{critical: "8000.00"})
    return w


# code: (district, town A), counted by hand from the fixture above
EXPECTED = {
    "mutualaid.enrolled": (3, 1),
    "mutualaid.enrolled.year": (2, 1),
    "mutualaid.enrollments.new": (4, 3),
    "mutualaid.enrollments.renewed": (1, 0),
    "mutualaid.contributions.due": (M("160.00"), M("90.00")),  # with 2014's of 12-28
    "mutualaid.contributions.paid": (M("90.00"), M("60.00")),
    "mutualaid.claims.paid": (6, 3),
    "mutualaid.claims.amount": (M("45000.00"), M("33000.00")),
    "mutualaid.claims.inpatient": (3, 2),
    "mutualaid.claims.inpatient.amount": (M("8800.00"), M("8000.00")),
    "mutualaid.claims.critical": (3, 2),
    "mutualaid.claims.critical.amount": (M("35000.00"), M("25000.00")),
    "mutualaid.claims.accident": (1, 0),
    "mutualaid.claims.accident.amount": (M("1200.00"), M("0")),
    "mutualaid.serious.people": (2, 1),
    "mutualaid.serious.amount": (M("38000.00"), M("28000.00")),
}


def _value(code, user, org_path, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=org_path).value


def test_the_catalog_holds_the_plans_figures(world):
    found = {i.code: i for i in catalog(world.district_staff)}
    assert set(EXPECTED) == set(CODES) <= set(found)
    for code in CODES:
        ind = found[code]
        assert (ind.section, ind.permission, ind.capability) == (
            "服务职工",
            "mutualaid.stats",
            "CARE-3",
        ), code
    assert "12.3万多人" in found["mutualaid.enrolled.year"].definition
    assert "134名" in found["mutualaid.serious.people"].definition
    assert "201万多元" in found["mutualaid.serious.amount"].definition
    # a grassroots chair has no statistics
    assert not [i for i in catalog(world.chair_a) if i.code in CODES]


def test_every_figure_is_the_rows_counted_by_hand(year):
    w = year
    for code, (district, town) in EXPECTED.items():
        assert _value(code, w.district_staff, w.district.path) == district, code
        assert _value(code, w.district_staff, w.town_a.path) == town, code
        # a town's user asking for the district gets their town's rows only
        assert _value(code, w.town_a_user, w.district.path) == town, code


def test_the_towns_add_up_to_the_district(year):
    w = year
    for code, (district, town) in EXPECTED.items():
        b = breakdown(
            indicator(code), user=w.district_staff, period=Y2013, org_path=w.district.path
        )
        assert b.total.value == district, code
        assert sum(f.value for f in b.parts.values()) == district, code
        part = b.parts[w.town_a.pk].value if w.town_a.pk in b.parts else 0
        assert part == town, code


def test_another_year_counts_its_own_rows(year):
    w = year
    y2014 = Period.year(2014)
    found = {c: _value(c, w.district_staff, w.district.path, y2014) for c in EXPECTED}
    assert found["mutualaid.enrolled"] == 2  # the two 2014 enrollments on 2014-12-31
    assert found["mutualaid.enrolled.year"] == 2
    assert found["mutualaid.enrollments.renewed"] == 1  # 2014-01-05; the other was 2013's
    assert found["mutualaid.contributions.due"] == M("40.00")
    assert found["mutualaid.contributions.paid"] == M("30.00")
    assert found["mutualaid.claims.accident.amount"] == M("2000.00")
    assert found["mutualaid.serious.people"] == 0
    # on a day inside the year only those counted by then
    mid = Period(D(2013, 1, 1), D(2013, 3, 9))
    assert _value("mutualaid.enrolled", w.district_staff, w.district.path, mid) == 3  # a1 b1 b2


def test_a_flows_trend_is_each_months_figure(year):
    w = year
    for code in ("mutualaid.claims.paid", "mutualaid.claims.critical.amount",
                 "mutualaid.serious.people", "mutualaid.enrolled.year",
                 "mutualaid.contributions.paid", "mutualaid.enrolled"):  # fmt: skip
        points = trend(indicator(code), user=w.district_staff, period=Y2013,
                       org_path=w.district.path)  # fmt: skip
        for point, fig in points:
            assert fig.value == _value(code, w.district_staff, w.district.path, point), (
                code,
                point,
            )


def _params(url):
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query)


def test_each_figure_drills_down_with_the_lists_filters(year):
    w = year
    org = [("org", str(w.town_a.pk))]

    def url(code, period=Y2013):
        return _params(indicator(code).measure.list_url(period, w.town_a.path))

    assert url("mutualaid.enrolled") == (
        "/mutualaid/enrollments/",
        [("standing_on", "2013-12-31"), *org],
    )
    assert url("mutualaid.enrolled.year") == (
        "/mutualaid/enrollments/",
        [
            ("state", "active"),
            ("effective_from", "2013-01-01"),
            ("effective_to", "2013-12-31"),
            *org,
        ],
    )
    assert url("mutualaid.enrollments.renewed") == (
        "/mutualaid/enrollments/",
        [("renewal", "1"), ("enrolled_from", "2013-01-01"), ("enrolled_to", "2013-12-31"), *org],
    )
    assert url("mutualaid.claims.critical.amount") == (
        "/mutualaid/claims/",
        [("state", "paid"), ("paid_from", "2013-01-01"), ("paid_to", "2013-12-31"),
         ("kind", BenefitKind.CRITICAL.value), *org],
    )  # fmt: skip
    assert url("mutualaid.serious.people")[1][-2:] == [("kind", "critical"), *org]
    assert indicator("mutualaid.contributions.paid").measure.list_url is None
    # the district's own: no org
    root = indicator("mutualaid.claims.paid").measure.list_url(Y2013, "/")
    assert "org=" not in root


def _page_rows(client, url):
    """The rows of the list page at `url` (all of them: `count=exact` as the catalog's links)."""
    answer = client.get(f"{url}&count=exact")
    assert answer.status_code == 200, (url, answer.content[:500])
    form = answer.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    page = answer.context["page"]
    assert page.paginator.count == page.paginator.object_list.count()
    return page.paginator.object_list


def _ids(qs, field="pk"):
    return set(qs.values_list(field, flat=True))


# How a figure's rows show on its list: the list's rows are the figure's own (None), the
# claims of its benefit rows, the claims of its members' enrollments, the enrollments of
# its batches.
LISTED_AS = {
    "mutualaid.claims.inpatient": "claim_id",
    "mutualaid.claims.inpatient.amount": "claim_id",
    "mutualaid.claims.critical": "claim_id",
    "mutualaid.claims.critical.amount": "claim_id",
    "mutualaid.claims.accident": "claim_id",
    "mutualaid.claims.accident.amount": "claim_id",
}
PERIODS = [Y2013, Period.month(2013, 9), Period.year(2014)]


@pytest.mark.parametrize("code", [c for c in CODES if c != "mutualaid.contributions.paid"])
def test_each_figure_drills_down_to_a_list_of_its_rows(year, code, client_for):
    measure = indicator(code).measure
    w = year
    for user, org in (
        (w.admin, w.district),
        (w.admin, w.town_a),
        (w.admin, w.union_b),
        (w.town_a_user, w.town_a),
    ):
        client = client_for(user)
        for period in PERIODS:
            rows = _page_rows(client, measure.list_url(period, org.path))
            expected = measure.query(period).visible_to(user, "mutualaid.stats").within(org.path)
            if code == "mutualaid.serious.people":  # the members' paid serious claims
                assert _ids(rows, "enrollment_id") == _ids(expected), (org.name, period)
            elif code == "mutualaid.contributions.due":  # the batches' enrollments
                assert _ids(rows, "batch_id") == _ids(expected), (org.name, period)
            else:
                assert _ids(rows) == _ids(expected, LISTED_AS.get(code, "pk")), (org, period)
