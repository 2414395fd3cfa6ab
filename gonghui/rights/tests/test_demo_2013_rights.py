"""The demo's closed year 2013 gives the report's case and legal-service figures exactly,
through the indicator catalog (issue #13); the current year is smaller live work."""

import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.rights import deadlines, queries
from gonghui.rights.choices import OPEN_STATES, CaseState
from gonghui.rights.demo import RightsBuilder
from gonghui.rights.models import Case

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)
THIS_YEAR = Period(datetime.date(2026, 1, 1), AS_OF)

# The numbers chosen for the report's "15批50人次、来信8封，涉及职工580多人，来电970多宗；
# 信访215宗，劳动争议870余宗，涉及人数9500多人；法律服务、咨询50多场次，参与人数4万多人"
# (docs/demo.md).
REPORT = {
    "rights.visits.batches": 15,
    "rights.visits.persons": 50,
    "rights.letters": 8,
    "rights.visits_letters.workers": 583,
    "rights.calls": 973,
    "rights.petitions": 215,
    "rights.disputes": 872,
    "rights.disputes.workers": 9_536,
    "rights.events": 52,
    "rights.events.attendance": 41_286,
}


@pytest.fixture
def demo():
    """The small demo (`make run`'s scale): the admin and the district."""
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["rights"])
    return User.objects.get(username="admin"), Organization.objects.get(kind=OrgKind.DISTRICT)


def _value(code, user, org, period=Y2013):
    return figure(indicator(code), user=user, period=period, org_path=org.path)


def test_2013_gives_every_figure_of_the_report_exactly(demo):
    admin, district = demo
    found = {code: _value(code, admin, district).value for code in REPORT}
    assert found == REPORT
    # the figures not in the report are there too: money recovered, most cases in time
    assert _value("rights.cases.recovered", admin, district).value > Decimal("0")
    rate = _value("rights.cases.in_time", admin, district)
    assert rate.denominator == Case.objects.filter(received_on__year=2013).count()
    assert Decimal("90") < rate.value < Decimal("100")


def test_2013_is_a_closed_year_with_consistent_limits(demo):
    cases = list(Case.objects.filter(received_on__year=2013))
    assert cases and {c.state for c in cases} == {CaseState.CLOSED}
    for c in cases:
        assert c.accept_due == deadlines.accept_due(c.kind, c.received_on), c.number
        assert c.received_on <= c.accepted_on <= c.accept_due, c.number
        assert c.conclude_due == deadlines.conclude_due(c.kind, c.accepted_on), c.number
        assert c.accepted_on <= c.concluded_on <= c.closed_on, c.number
        assert c.concluded_in_time == (c.concluded_on <= c.conclude_due), c.number
        assert (c.overdue_since is not None) == (not c.concluded_in_time), c.number
    assert any(not c.concluded_in_time for c in cases)  # a few concluded late


def test_the_current_year_is_smaller_live_work_with_limits_near_and_past(demo):
    admin, district = demo
    this_year = queries.cases_received(THIS_YEAR).count()
    assert 0 < this_year < queries.cases_received(Y2013).count()
    for code in REPORT:
        assert 0 < _value(code, admin, district, THIS_YEAR).value < REPORT[code], code
    assert not Case.objects.filter(received_on__gt=AS_OF).exists()
    assert not Case.objects.filter(received_on__year__in=range(2014, 2026)).exists()
    # open cases, some past their limit and some near it: the to-dos and the due page
    due = queries.cases_due(user=admin, today=AS_OF)
    assert due["overdue"].exists() and due["due_soon"].exists()
    assert Case.objects.filter(received_on__year=2026, state__in=OPEN_STATES).exists()


def test_the_rights_part_is_deterministic():
    # same seed and date, same rows (over the tree and logins of the tiny demo)
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["accounts"])

    def rows():
        builder = RightsBuilder(seed=5, as_of=AS_OF, password="x")
        builder.build_panel()
        builder.build_cases()
        events = builder.build_events()
        fields = ("number", "kind", "channel", "received_on", "org_path", "visitors",
                  "workers_involved", "state", "concluded_on", "amount_recovered")  # fmt: skip
        cases = [tuple(getattr(c, f) for f in fields) for c in builder.cases]
        return cases, [(e.held_on, e.org_path, e.attendance) for e in events]

    first = rows()
    assert len(first[0]) > 3000 and first == rows()
