"""The orgs app's indicators (issue #13): hand-checked on a small fixture, each drill-down
list showing exactly the rows counted, the coverage page agreeing with its indicators, the
children adding up to the parent, and records entered through the services moving them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.clock import today
from gonghui.core.indicators import OWN, Kind, Period, breakdown, figure, indicator, trend
from gonghui.core.registry import registry
from gonghui.orgs import queries, services
from gonghui.orgs.choices import OrgKind, Ownership, WomenOrg
from gonghui.orgs.models import Employer, Organization, Term
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db
Y2012, Y2013 = Period.year(2012), Period.year(2013)
D = datetime.date
CODES = sorted(code for code in registry["indicators"] if code.startswith("orgs."))


@dataclass
class Rows:
    new_a1: Organization  # town A, 2013, dual display, women's committee, dispatch employer
    new_a2: Organization  # town A, 2013, signboard only, foreign employer
    old_b: Organization  # town B, 2012, dual display, state employer
    federation: Organization  # town B, 2013 (an industry federation)
    fed_union: Organization  # under the federation, 2013
    sector: Organization  # under the district, 2013 (a 工委)
    own: Organization  # a union right under the district, 2013


def _term(org, ends_on, current=True):
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        number=1,
        term_years=5,
        starts_on=ends_on.replace(year=ends_on.year - 5),
        ends_on=ends_on,
        is_current=current,
    )


@pytest.fixture
def rows(world) -> Rows:
    """world's union_a and union_b (undated, one employer each of 120 staff) and these."""
    district, town_a, town_b = world.district, world.town_a, world.town_b
    new_a1 = make_org(
        town_a,
        established_on=D(2013, 3, 5),
        signboard_displayed=True,
        chair_identity_displayed=True,
        women_org=WomenOrg.COMMITTEE,
    )
    new_a2 = make_org(town_a, established_on=D(2013, 11, 1), signboard_displayed=True)
    old_b = make_org(
        town_b,
        established_on=D(2012, 5, 1),
        signboard_displayed=True,
        chair_identity_displayed=True,
        women_org=WomenOrg.COMMISSIONER,
    )
    federation = make_org(town_b, OrgKind.INDUSTRY_FEDERATION, established_on=D(2013, 7, 1))
    fed_union = make_org(federation, established_on=D(2013, 8, 1))
    sector = make_org(
        district, OrgKind.SECTOR, "区社会组织工会工作委员会", established_on=D(2013, 2, 1)
    )
    make_org(district, OrgKind.SECTOR, "区教育系统工会", established_on=D(2005, 1, 1))
    own = make_org(district, established_on=D(2013, 4, 1))
    # a revoked union founded in 2013 counts nowhere; a union group is not a union
    make_org(town_a, established_on=D(2013, 6, 1), is_active=False)
    make_org(new_a1, OrgKind.UNION_GROUP, established_on=D(2013, 6, 1))
    # employers: (town, union, headcount, dispatch, ownership)
    for town, union, staff, dispatch, ownership in (
        (town_a, new_a1, 30, True, Ownership.PRIVATE),
        (town_a, new_a2, 150, False, Ownership.FOREIGN),
        (town_b, old_b, 200, True, Ownership.STATE),
        (town_b, fed_union, 24, True, Ownership.PRIVATE),
        (town_a, None, 40, True, Ownership.PRIVATE),
        (town_b, None, 500, False, Ownership.HMT),
    ):
        EmployerFactory(
            town=town, union=union, headcount=staff, is_labor_dispatch=dispatch, ownership=ownership
        )
    # terms: union_a's ended mid-2013; old_b's ends in 2014; new_a1's past term does not count
    _term(world.union_a, D(2013, 6, 30))
    _term(old_b, D(2014, 3, 1))
    _term(new_a1, D(2012, 1, 1), current=False)
    _term(new_a1, today() + datetime.timedelta(days=400))
    _term(sector, D(2013, 1, 1))  # not a grassroots union
    return Rows(new_a1, new_a2, old_b, federation, fed_union, sector, own)


def _value(code, user, period, org):
    return figure(indicator(code), user=user, period=period, org_path=org.path).value


def _parts(code, user, period, org):
    found = breakdown(indicator(code), user=user, period=period, org_path=org.path).parts
    return {k: f.value for k, f in found.items()}


# ---- hand-checked figures ----------------------------------------------------------------


def test_unions_standing_and_founded(world, rows):
    admin, district = world.admin, world.district
    # new_a1, new_a2 (town A), fed_union (town B, under its federation), own (本级); not the
    # revoked one nor the union group
    assert _value("orgs.unions.new", admin, Y2013, district) == 4
    assert _parts("orgs.unions.new", admin, Y2013, district) == {
        world.town_a.pk: 2,
        world.town_b.pk: 1,
        rows.own.pk: 1,  # a union right under the district is a child of its own
    }
    # standing at the end of 2012: the two undated ones and old_b
    assert _value("orgs.unions.total", admin, Y2012, district) == 3
    assert _value("orgs.unions.total", admin, Y2013, district) == 7
    assert _value("orgs.unions.new", world.town_b_user, Y2013, district) == 1
    # at a union, the union itself is its own row (本级)
    assert _parts("orgs.unions.total", admin, Y2013, world.union_a) == {OWN: 1}


@pytest.mark.parametrize(
    "code", ["orgs.unions.new", "orgs.federations.new", "orgs.employers.dispatch_unionized"]
)
def test_a_flows_monthly_trend_is_its_figure_month_by_month(world, rows, code):
    # the measure's `date` groups the trend in one query: it must give each month's figure
    points = trend(indicator(code), user=world.admin, period=Y2013, org_path=world.district.path)
    assert [f.value for _p, f in points] == [
        _value(code, world.admin, month, world.district) for month in Y2013.months()
    ]
    assert sum(f.value for _p, f in points) == _value(code, world.admin, Y2013, world.district)


def test_new_federations_are_federations_and_sector_unions_of_the_period(world, rows):
    admin = world.admin
    assert _value("orgs.federations.new", admin, Y2013, world.district) == 2
    assert _parts("orgs.federations.new", admin, Y2013, world.district) == {
        world.town_b.pk: 1,
        rows.sector.pk: 1,
    }
    assert _value("orgs.federations.new", admin, Y2012, world.district) == 0
    assert _value("orgs.federations.new", world.town_a_user, Y2013, world.town_a) == 0


def test_dispatched_labor_employers_that_formed_a_union(world, rows):
    admin = world.admin
    # new_a1's and fed_union's dispatch employers (old_b's union is of 2012; one has none)
    assert _value("orgs.employers.dispatch_unionized", admin, Y2013, world.district) == 2
    assert _parts("orgs.employers.dispatch_unionized", admin, Y2013, world.district) == {
        world.town_a.pk: 1,
        world.town_b.pk: 1,
    }
    assert _value("orgs.employers.dispatch_unionized", admin, Y2012, world.district) == 1


def test_unionization_rate_of_employers_of_n_staff_or_more(world, rows):
    admin = world.admin
    # >= 25: employer_a, employer_b (undated unions), 30, 150, 200 with a union; 40, 500 without
    rate = figure(
        indicator("orgs.employers.unionization_25"),
        user=admin,
        period=Y2013,
        org_path=world.district.path,
    )
    assert (rate.value, rate.numerator, rate.denominator) == (Decimal("71.4"), 5, 7)
    # at the end of 2012 the unions of 2013 were not yet founded
    assert (
        figure(
            indicator("orgs.employers.unionization_25"),
            user=admin,
            period=Y2012,
            org_path=world.district.path,
        ).numerator
        == 3
    )
    # >= 100: employer_a, employer_b, 150, 200 with; 500 without
    hundred = figure(
        indicator("orgs.employers.unionization_100"),
        user=admin,
        period=Y2013,
        org_path=world.district.path,
    )
    assert (hundred.numerator, hundred.denominator) == (4, 5)


def test_two_displays_and_women_organizations_coverage(world, rows):
    admin, district = world.admin, world.district
    dual = figure(
        indicator("orgs.coverage.dual_display"), user=admin, period=Y2013, org_path=district.path
    )
    assert (dual.numerator, dual.denominator) == (2, 7)  # new_a1 and old_b
    women = figure(
        indicator("orgs.coverage.women_org"), user=admin, period=Y2013, org_path=district.path
    )
    assert (women.numerator, women.denominator) == (2, 7)
    # non-public: new_a1 (private), new_a2 (foreign), fed_union (private); old_b is state-owned
    # and union_a/union_b's employers are private (the factory's)
    non_public = figure(
        indicator("orgs.coverage.dual_display_non_public"),
        user=admin,
        period=Y2013,
        org_path=district.path,
    )
    assert (non_public.value, non_public.numerator, non_public.denominator) == (
        Decimal("20.0"),
        1,
        5,
    )
    # at the end of 2012 only the undated unions and old_b stood
    assert (
        figure(
            indicator("orgs.coverage.dual_display"),
            user=admin,
            period=Y2012,
            org_path=district.path,
        ).denominator
        == 3
    )


def test_terms_overdue_at_the_end_of_the_period(world, rows):
    admin = world.admin
    # union_a's term ended 2013-06-30; old_b's ends in 2014; the sector's is not a union's
    assert _value("orgs.terms.overdue", admin, Y2013, world.district) == 1
    assert _value("orgs.terms.overdue", admin, Y2012, world.district) == 0
    this_year = Period.year(today().year)
    assert _value("orgs.terms.overdue", admin, this_year, world.district) == 2
    # a period not yet over: a term that ends later in it is not overdue yet
    soon = today() + datetime.timedelta(days=1)
    _term(world.union_b, soon)
    assert (
        _value(
            "orgs.terms.overdue", admin, Period(soon, soon + datetime.timedelta(30)), world.district
        )
        == 2
    )
    # a revoked union holds no re-election
    Organization.objects.filter(pk=world.union_a.pk).update(is_active=False)
    assert _value("orgs.terms.overdue", admin, this_year, world.district) == 1


# ---- drill-down: each measure's list shows exactly the rows counted -------------------------


def _measures(ind):
    if ind.kind == Kind.RATE:
        return [("numerator", ind.numerator), ("denominator", ind.denominator)]
    return [("value", ind.measure)]


def _listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    split = urlsplit(url)
    assert set(form.filters()) == set(parse_qs(split.query)), url  # every filter applied
    return response.context["page"].paginator.object_list.count()


@pytest.mark.parametrize("code", CODES)
def test_each_figure_drills_down_to_a_list_of_exactly_its_rows(world, rows, client_for, code):
    ind = indicator(code)
    cases = [
        (world.admin, world.district),
        (world.admin, world.town_b),
        (world.town_a_user, world.town_a),
        (world.admin, rows.federation),
    ]
    for user, org in cases:
        client = client_for(user)
        for period in (Y2013, Y2012, Period.year(today().year)):
            found = figure(ind, user=user, period=period, org_path=org.path)
            for part, measure in _measures(ind):
                url = measure.list_url(period, org.path)
                assert _listed(client, url) == getattr(found, part), (code, org.name, period, part)


API_LISTS = {"/orgs/list/": "/api/v1/orgs", "/employers/": "/api/v1/employers"}


@pytest.mark.parametrize("code", [c for c in CODES if not c.startswith("orgs.terms")])
def test_the_list_apis_take_the_drill_down_filters(world, rows, client_for, code):
    """The organization and employer list APIs, given a drill-down's filters, count the
    figure's rows (the terms have no list API: GET /orgs/terms/due is the to-do's)."""
    ind = indicator(code)
    api = client_for(world.admin)
    for org in (world.district, world.town_b):
        found = figure(ind, user=world.admin, period=Y2013, org_path=org.path)
        for part, measure in _measures(ind):
            split = urlsplit(measure.list_url(Y2013, org.path))
            answer = api.get(f"{API_LISTS[split.path]}?{split.query}")
            assert answer.status_code == 200, (code, answer.content)
            assert answer.json()["count"] == getattr(found, part), (code, org.name, part)


def test_the_coverage_page_and_the_indicators_agree(world, rows):
    now = Period.year(today().year)
    table = queries.display_coverage(user=world.admin)
    total = queries.coverage_total(table)
    dual = figure(
        indicator("orgs.coverage.dual_display"),
        user=world.admin,
        period=now,
        org_path=world.district.path,
    )
    women = figure(
        indicator("orgs.coverage.women_org"),
        user=world.admin,
        period=now,
        org_path=world.district.path,
    )
    assert (total.dual_display, total.unions) == (dual.numerator, dual.denominator)
    assert (total.women_org, total.unions) == (women.numerator, women.denominator)
    by_child = breakdown(
        indicator("orgs.coverage.dual_display"),
        user=world.admin,
        period=now,
        org_path=world.district.path,
    ).parts
    for row in table:
        if row.direct:  # the district's own unions: each a child of the district's
            keys = [u.pk for u in world.district.children.filter(kind=OrgKind.GRASSROOTS)]
        else:
            keys = [row.unit.pk]
        assert sum(by_child[k].numerator for k in keys) == row.dual_display
        assert sum(by_child[k].denominator for k in keys) == row.unions


# ---- children add up to the parent ------------------------------------------------------------

ADDITIVE = [
    "orgs.unions.new",
    "orgs.unions.total",
    "orgs.federations.new",
    "orgs.employers.dispatch_unionized",
    "orgs.terms.overdue",
]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    made=st.lists(
        st.tuples(
            st.integers(0, 3),  # where: town A, town B, a federation in B, the district itself
            st.integers(2012, 2014),  # year founded
            st.booleans(),  # a dispatch employer
            st.booleans(),  # its term overdue
        ),
        max_size=8,
    )
)
def test_the_childrens_figures_add_up_to_the_parents(world, made):
    # the rows of the previous example go (the world's stay)
    Term.objects.all().delete()
    Employer.objects.exclude(pk__in=[world.employer_a.pk, world.employer_b.pk]).delete()
    for depth in (3, 2, 1):
        Organization.objects.filter(pk__gt=world.union_b.pk, depth=depth).delete()
    federation = make_org(world.town_b, OrgKind.AREA_FEDERATION, established_on=D(2013, 1, 2))
    parents = [world.town_a, world.town_b, federation, world.district]
    for where, year, dispatch, overdue in made:
        union = make_org(parents[where], established_on=D(year, 6, 1))
        EmployerFactory(town=world.town_a, union=union, is_labor_dispatch=dispatch)
        _term(union, D(2013, 3, 1) if overdue else D(2030, 1, 1))
    for code in ADDITIVE:
        for org in (world.district, world.town_b):
            parts = breakdown(indicator(code), user=world.admin, period=Y2013, org_path=org.path)
            assert sum(f.value for f in parts.parts.values()) == parts.total.value, code
    assert _value("orgs.unions.new", world.admin, Y2013, world.district) == sum(
        1 for _w, year, _d, _o in made if year == 2013
    )


# ---- records entered through the services move the figures -----------------------------------


def test_a_union_and_an_employer_entered_through_the_services_move_the_figures(world):
    this_year = Period.year(today().year)
    user, town = world.town_a_user, world.town_a

    def values():
        return {code: _value(code, user, this_year, town) for code in ADDITIVE[:4]} | {
            "dual": figure(
                indicator("orgs.coverage.dual_display"),
                user=user,
                period=this_year,
                org_path=town.path,
            ).numerator
        }

    before = values()
    union = services.organization_create(
        actor=user,
        parent=town,
        name="新建测试公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        form="single",
        established_on=today(),
    )
    services.employer_create(
        actor=user,
        name="广州市番禺区新建劳务派遣有限公司",
        uscc=EmployerFactory.build(town=town).uscc,
        ownership=Ownership.PRIVATE,
        industry="L",
        headcount=60,
        town=town,
        union=union,
        is_labor_dispatch=True,
    )
    services.organization_update(
        actor=user, org=union, version=union.version, signboard_displayed=True,
        chair_identity_displayed=True,
    )  # fmt: skip
    after = values()
    assert after == {
        "orgs.unions.new": before["orgs.unions.new"] + 1,
        "orgs.unions.total": before["orgs.unions.total"] + 1,
        "orgs.federations.new": before["orgs.federations.new"],
        "orgs.employers.dispatch_unionized": before["orgs.employers.dispatch_unionized"] + 1,
        "dual": before["dual"] + 1,
    }


def test_a_town_user_sees_only_their_subtree_and_others_nothing(world, rows):
    from gonghui.accounts.roles import Role
    from gonghui.accounts.tests.factories import UserFactory

    lawyer = UserFactory(username="lawyer_x", role=Role.LAWYER, organization=world.district)
    for code in CODES:
        assert figure(indicator(code), user=lawyer, period=Y2013, org_path="/").value in (0, None)
    assert _value("orgs.unions.new", world.town_a_user, Y2013, world.district) == 2


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/orgs/list/?founded_by=2013-13-01", "截至该日已成立应为日期"),
        ("/employers/?union_from=abc", "建会日期起应为日期"),
        ("/orgs/terms/?ends_before=x", "届满日早于应为日期"),
        ("/orgs/list/?org=999999", "所选组织不存在或不在您的管理范围内"),
        ("/employers/?org=1x", "在您的管理范围内没有名为「1x」的组织"),
    ],
)
def test_a_drill_down_filter_given_wrongly_is_said_on_the_page(world, client_for, url, said):
    # given a town user; when a filter is malformed or names an organization out of reach
    response = client_for(world.town_a_user).get(url)
    # then the page says so in Chinese, unfiltered, never a server error
    assert response.status_code == 200
    assert said in response.content.decode()


def test_under_names_a_subtree_and_a_sibling_subtree_shows_nothing(world, client_for):
    client = client_for(world.town_a_user)
    # the town user's own subtree: their union; town B's: refused by the field (not in scope)
    mine = client.get(f"/orgs/list/?kind=grassroots&org={world.town_a.pk}")
    assert mine.context["page"].paginator.object_list.count() == 1
    theirs = client.get(f"/orgs/list/?kind=grassroots&org={world.town_b.pk}")
    assert "所选组织不存在或不在您的管理范围内" in theirs.content.decode()
    assert "乙公司工会委员会" not in theirs.content.decode()
