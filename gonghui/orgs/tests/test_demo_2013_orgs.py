"""The demo's closed year 2013, the orgs part (issue #13): the small district gives the work
report's organization figures in proportion to its unions (docs/demo.md), whatever `as_of`,
and the live year has its own, smaller ones."""

import datetime

import pytest
from django.db.models import Avg

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.demo import FEDERATIONS_2013, Report2013
from gonghui.orgs.models import Organization, Term
from gonghui.orgs.services import term_end

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)


def _value(code, period, part="value"):
    admin = User.objects.get(username="admin")
    district = Organization.objects.get(kind=OrgKind.DISTRICT)
    found = figure(indicator(code), user=admin, period=period, org_path=district.path)
    return getattr(found, part)


@pytest.fixture
def small(db):
    build_demo(seed=2014, scale="small", as_of=AS_OF, only=["accounts"])
    return Report2013.at(SCALES["small"].unions)


def test_the_small_demo_gives_the_reports_2013_in_proportion(small):
    # 845 × 320 / 10,000 ≈ 27 new unions, 97 × 320 / 10,000 ≈ 3 of dispatched-labor employers
    assert (small.new_unions, small.dispatch) == (27, 3)
    assert _value("orgs.unions.new", Y2013) == 27
    assert _value("orgs.employers.dispatch_unionized", Y2013) == 3
    # the four federations the report names, and no other sector union or federation
    assert _value("orgs.federations.new", Y2013) == 4
    founded = Organization.objects.filter(
        kind__in=[OrgKind.SECTOR, OrgKind.INDUSTRY_FEDERATION, OrgKind.AREA_FEDERATION],
        established_on__year=2013,
    )
    assert sorted(founded.values_list("name", flat=True)) == sorted(FEDERATIONS_2013)


def test_non_public_enterprises_show_the_two_displays_at_half(small):
    rate = _value("orgs.coverage.dual_display_non_public", Period.year(AS_OF.year))
    assert 48 <= rate <= 52
    # and it is a figure of many unions, not of a handful
    assert (
        _value("orgs.coverage.dual_display_non_public", Period.year(AS_OF.year), "denominator")
        > 200
    )


def test_the_live_year_has_fewer_new_unions_founded_up_to_as_of(small):
    live = Period(datetime.date(AS_OF.year, 1, 1), AS_OF)
    assert 0 < _value("orgs.unions.new", live) == small.this_year < small.new_unions
    assert not Organization.objects.filter(established_on__gt=AS_OF).exists()
    # a term starts with its union or later, and lasts its 3 or 5 years
    for term in Term.objects.select_related("organization"):
        assert term.starts_on >= term.organization.established_on, term.organization.name
        assert term.ends_on == term_end(term.starts_on, term.term_years)


def test_most_unions_were_founded_before_2013_and_fewer_each_year_since(small):
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS)
    # most stood at 2013's end (where the district's 40多万 members stood), none before 1990
    assert _value("orgs.unions.total", Y2013) >= 0.8 * unions.count()
    assert not unions.filter(established_on__lt=datetime.date(1990, 1, 1)).exists()
    # each year between 2013 and the live one had new unions, fewer than 2013's
    for year in range(2014, AS_OF.year):
        assert 0 < _value("orgs.unions.new", Period.year(year)) < small.new_unions, year
    # the unions of 2013 and after lean to the small: the large employers were unionized first
    recent = unions.filter(established_on__year__gte=2013).aggregate(n=Avg("member_count"))
    older = unions.filter(established_on__year__lt=2013).aggregate(n=Avg("member_count"))
    assert recent["n"] < older["n"]
    # and member counts fitted to the scale's `members` (its 40万), never more
    members = sum(unions.values_list("member_count", flat=True))
    assert 0.99 * SCALES["small"].members <= members <= SCALES["small"].members


def test_the_closed_year_does_not_move_with_as_of(db):
    build_demo(seed=2014, scale="tiny", as_of=datetime.date(2031, 3, 1), only=["accounts"])
    tiny = Report2013.at(SCALES["tiny"].unions)
    assert _value("orgs.unions.new", Y2013) == tiny.new_unions == 3
    assert _value("orgs.federations.new", Y2013) == 4
    assert _value("orgs.unions.new", Period.year(2031)) == tiny.this_year
