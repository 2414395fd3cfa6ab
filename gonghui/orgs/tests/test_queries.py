import datetime

from gonghui.orgs import queries, services
from gonghui.orgs.choices import OrgKind, WomenOrg
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import EmployerFactory, make_org


def test_employer_filters(world):
    EmployerFactory(name="小作坊", town=world.town_a, headcount=10)
    f = lambda **kw: [e.name for e in queries.employer_list(user=world.admin, filters=kw)]  # noqa: E731
    assert f(q="小作") == ["小作坊"]
    assert f(q=world.employer_b.uscc.lower()) == ["乙五金有限公司"]
    assert f(has_union="no") == ["小作坊"]
    assert f(band="0-24") == ["小作坊"]
    assert set(f(band="100-199")) == {"甲电子有限公司", "乙五金有限公司"}
    assert f(town=world.town_b.pk) == ["乙五金有限公司"]
    assert f(ownership="state") == []


def test_subtree_counts(world):
    Organization.objects.filter(pk=world.union_a.pk).update(member_count=80)
    counts = queries.subtree_counts(world.district)
    assert (counts.grassroots, counts.employers, counts.employers_with_union, counts.members) == (
        2,
        2,
        2,
        80,
    )
    assert queries.subtree_counts(world.town_b).members == 0


def test_terms_due_and_overdue(world):
    today = datetime.date(2026, 11, 25)
    for union, starts_on in (
        (world.union_a, datetime.date(2021, 11, 1)),
        (world.union_b, datetime.date(2022, 1, 10)),
    ):
        services.term_record(
            actor=world.admin, org=union, term_years=5, starts_on=starts_on, reason="补录"
        )
    lists = queries.terms_due(user=world.admin, today=today, days=90)
    assert [t.organization for t in lists["overdue"]] == [world.union_a]
    assert [t.organization for t in lists["due_soon"]] == [world.union_b]
    assert not queries.terms_due(user=world.town_a_user, today=today, days=90)["due_soon"].exists()


def test_display_coverage_per_town(world):
    extra = make_org(
        world.town_a,
        name="丙工会",
        signboard_displayed=True,
        chair_identity_displayed=True,
        women_org=WomenOrg.COMMITTEE,
    )
    assert extra
    rows = {c.unit.name: c for c in queries.display_coverage(user=world.admin)}
    a = rows["市桥街道总工会"]
    assert (a.unions, a.dual_display, a.women_org, a.dual_display_rate) == (2, 1, 1, "50.0%")
    assert [c.unit for c in queries.display_coverage(user=world.town_b_user)] == [world.town_b]


def _active_unions(path: str) -> int:
    return Organization.objects.filter(
        kind=OrgKind.GRASSROOTS, is_active=True, path__startswith=path
    ).count()


def test_coverage_totals_count_every_active_union_in_scope(world):
    # issue #10: the unions under sector unions and federations were left out (286 of 320)
    sector = make_org(world.district, OrgKind.SECTOR, "番禺区教育系统工会")
    make_org(sector, name="番禺中学工会委员会", signboard_displayed=True)
    make_org(sector, name="番禺小学工会委员会", women_org=WomenOrg.COMMITTEE)
    district_federation = make_org(
        world.district, OrgKind.INDUSTRY_FEDERATION, "番禺区民办教育机构行业工会联合会"
    )
    make_org(district_federation, name="某培训学校工会委员会")
    federation = make_org(world.town_a, OrgKind.AREA_FEDERATION, "番山创业中心工会联合会")
    make_org(federation, name="创业园甲公司工会委员会")
    make_org(world.district, name="区直属单位工会委员会")
    make_org(world.town_a, name="已撤销公司工会委员会", is_active=False)
    make_org(sector, name="已撤销学校工会委员会", is_active=False)
    for user, path in (
        (world.admin, world.district.path),
        (world.town_a_user, world.town_a.path),
        (world.chair_a, world.union_a.path),
    ):
        rows = queries.display_coverage(user=user)
        assert sum(r.unions for r in rows) == _active_unions(path), user
    rows = {c.unit.name: c for c in queries.display_coverage(user=world.admin)}
    assert rows["市桥街道总工会"].unions == 2  # 甲 and the federation's union
    assert rows["番禺区教育系统工会"].unions == 2
    assert rows["番禺区教育系统工会"].women_org == 1
    assert rows["番禺区民办教育机构行业工会联合会"].unions == 1
    assert rows["番禺区总工会"].unions == 1  # the district's own grassroots union
