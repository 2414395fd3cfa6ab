import datetime

from gonghui.orgs import queries, services
from gonghui.orgs.choices import WomenOrg
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
    services.term_record(
        actor=world.admin, org=world.union_a, term_years=5, starts_on=datetime.date(2021, 11, 1)
    )
    services.term_record(
        actor=world.admin, org=world.union_b, term_years=5, starts_on=datetime.date(2022, 1, 10)
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
    rows = {c.town.name: c for c in queries.display_coverage(user=world.admin)}
    a = rows["市桥街道总工会"]
    assert (a.unions, a.dual_display, a.women_org, a.dual_display_rate) == (2, 1, 1, "50.0%")
    assert [c.town for c in queries.display_coverage(user=world.town_b_user)] == [world.town_b]
