"""The establishment rates by hand (DEMO-1): unionized employers covered by a contract of
the kind in force on the day (own, industry, area) ÷ unionized employers on the day; an
expired, a terminated, a not-yet-effective contract, a day before signing, an employer
without a union or whose union came later. The indicators give the same and drill down to
the rate page's lists of exactly those employers."""

import datetime

import pytest

from gonghui.core.indicators import Period, figure, indicator
from gonghui.democracy.choices import ContractKind, ContractState
from gonghui.democracy.queries import contracts as queries
from gonghui.democracy.tests.factories_contracts import make_contract
from gonghui.orgs.choices import Industry, Ownership
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db
DAY = datetime.date(2013, 12, 31)
WAGE = ContractKind.WAGE


def rate(world, kind=WAGE, on=DAY, org_path=None, ownership="", user=None):
    r = queries.establishment(
        user=user or world.admin, kind=kind, on=on, org_path=org_path, ownership=ownership
    )
    return r.numerator, r.denominator


def test_an_own_contract_covers_its_employer(world):
    assert rate(world) == (0, 2)
    make_contract(world.employer_a, signed_on=datetime.date(2013, 3, 1))
    assert rate(world) == (1, 2)
    assert queries.establishment(user=world.admin, kind=WAGE, on=DAY).value == 50
    assert rate(world, kind=ContractKind.GENERAL) == (0, 2)  # another kind counts apart
    assert rate(world, org_path=world.town_a.path) == (1, 1)
    assert rate(world, org_path=world.town_b.path) == (0, 1)


def test_an_industry_contract_covers_the_employers_it_lists(world):
    hotel = EmployerFactory(
        name="甲酒店",
        town=world.town_a,
        union=make_org(world.town_a),
        industry=Industry.HOSPITALITY,
    )
    make_contract(None, union=world.town_a, covers=[hotel, world.employer_a])
    assert rate(world) == (2, 3)
    assert set(queries.covered_employers(WAGE, DAY)) == {hotel, world.employer_a}
    assert set(queries.uncovered_employers(WAGE, DAY)) == {world.employer_b}


def test_an_expired_contract_a_day_before_signing_and_before_it_took_effect(world):
    make_contract(world.employer_a, signed_on=datetime.date(2012, 3, 1))  # ended 2013-02-28
    assert rate(world) == (0, 2)
    assert rate(world, on=datetime.date(2013, 2, 28)) == (1, 2)
    make_contract(world.employer_b, signed_on=datetime.date(2013, 6, 1))  # effective 06-17
    assert rate(world, on=datetime.date(2013, 5, 31)) == (0, 2)  # before signing
    assert rate(world, on=datetime.date(2013, 6, 10)) == (0, 2)  # under review
    assert rate(world, on=datetime.date(2013, 6, 17)) == (1, 2)


def test_a_contract_not_effective_does_not_count(world):
    make_contract(world.employer_a, state=ContractState.SUBMITTED)
    make_contract(world.employer_b, state=ContractState.OBJECTED)
    assert rate(world) == (0, 2)


def test_a_terminated_contract_counts_until_its_termination(world):
    make_contract(
        world.employer_a,
        state=ContractState.TERMINATED,
        terminated_on=datetime.date(2013, 9, 1),
    )
    assert rate(world, on=datetime.date(2013, 8, 31)) == (1, 2)
    assert rate(world, on=datetime.date(2013, 9, 1)) == (0, 2)


def test_only_unionized_employers_on_the_day_are_counted(world):
    bare = EmployerFactory(name="无工会公司", town=world.town_a, union=None)
    make_contract(None, union=world.town_a, covers=[bare])  # listed, but no union
    assert rate(world) == (0, 2)
    late = make_org(world.town_a, established_on=datetime.date(2014, 3, 1))
    newer = EmployerFactory(name="新建会公司", town=world.town_a, union=late)
    make_contract(newer, signed_on=datetime.date(2013, 3, 1), years=2)
    assert rate(world) == (0, 2)  # its union did not exist on 2013-12-31
    assert rate(world, on=datetime.date(2014, 3, 1)) == (1, 3)


def test_by_ownership_as_the_report_counts(world):
    state = EmployerFactory(
        town=world.town_a, union=make_org(world.town_a), ownership=Ownership.STATE
    )
    f500 = EmployerFactory(
        town=world.town_b, union=make_org(world.town_b), ownership=Ownership.FOREIGN,
        is_fortune500=True,
    )  # fmt: skip
    make_contract(state)
    make_contract(f500)
    assert rate(world, ownership="state") == (1, 1)
    assert rate(world, ownership="fortune500") == (1, 1)
    assert rate(world, ownership="private") == (0, 2)  # a Fortune 500 one is not private too
    assert rate(world, ownership="collective") == (0, 0)


def test_the_scope_of_the_reader(world):
    make_contract(world.employer_b)
    assert rate(world, user=world.town_a_user) == (0, 1)
    assert rate(world, user=world.town_b_user) == (1, 1)
    assert rate(world, user=world.chair_a) == (0, 0)  # no democracy.stats


def test_the_indicators_give_the_same_and_drill_down_to_those_employers(world, client_for):
    make_contract(world.employer_a)
    ind = indicator("democracy.wage_bargaining.rate")
    got = figure(ind, user=world.admin, period=Period.year(2013), org_path=world.district.path)
    assert (got.numerator, got.denominator, got.value) == (1, 2, 50)
    url = ind.numerator.list_url(Period.year(2013), world.district.path)
    page = client_for(world.admin).get(url)
    assert page.status_code == 200
    rows = [e.pk for e in page.context["page"]]
    assert rows == [world.employer_a.pk]
    url = ind.denominator.list_url(Period.year(2013), world.town_b.path)
    rows = [e.pk for e in client_for(world.admin).get(url).context["page"]]
    assert rows == [world.employer_b.pk]
    state = figure(
        indicator("democracy.wage_bargaining.rate.state"),
        user=world.admin, period=Period.year(2013), org_path=world.district.path,
    )  # fmt: skip
    assert state.denominator == 0 and state.value is None


def test_contracts_signed_and_ending_indicators(world, client_for):
    make_contract(world.employer_a, signed_on=datetime.date(2013, 3, 1))
    make_contract(world.employer_b, signed_on=datetime.date(2012, 3, 1))
    signed = indicator("democracy.contracts.signed")
    got = figure(signed, user=world.admin, period=Period.year(2013), org_path=world.district.path)
    assert got.value == 1
    url = signed.measure.list_url(Period.year(2013), world.district.path)
    rows = list(client_for(world.admin).get(url).context["page"])
    assert [c.employer for c in rows] == [world.employer_a]
    ending = indicator("democracy.contracts.ending")
    # on 2013-12-31 the 2013 contract ends 2014-02-28: within 90 days
    got = figure(ending, user=world.admin, period=Period.year(2013), org_path=world.district.path)
    assert got.value == 1
    url = ending.measure.list_url(Period.year(2013), world.district.path)
    rows = list(client_for(world.admin).get(url).context["page"])
    assert [c.employer for c in rows] == [world.employer_a]
