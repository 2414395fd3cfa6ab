"""Lists stay fast at district scale (issue #10): the indexes exist, the counts are cached
and a write moves them at once."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.members import services as member_services
from gonghui.members.tests.factories import new_ric
from gonghui.orgs import queries, services
from gonghui.orgs.choices import Industry, OrgKind, Ownership, UnionForm
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc

pytestmark = pytest.mark.django_db


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"]}


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_the_list_indexes_exist():
    # created database-only (orgs 0005, members 0006), in the model state since orgs and
    # members 0007: a table remake by a later migration keeps them, and this says if not
    assert {"employer_name", "employer_scope_name"} <= index_names("orgs_employer")
    assert "member_scope_name" in index_names("members_member")
    assert "term_current_ends_on" in index_names("orgs_term")


def test_the_list_indexes_are_in_the_models_state():
    # so that makemigrations keeps them in step (it compares Meta.indexes with migrations)
    from gonghui.members.models import Member
    from gonghui.orgs.models import Term

    def names(model):
        return {index.name for index in model._meta.indexes}

    assert {"employer_name", "employer_scope_name"} <= names(Employer)
    assert "member_scope_name" in names(Member)
    assert "term_current_ends_on" in names(Term)


def test_the_write_stamp_triggers_exist():
    expected = (
        {
            f"{t}_counts_{e}"
            for t in ("orgs_organization", "orgs_employer")
            for e in ("ai", "au", "ad")
        }
        if connection.vendor == "sqlite"
        else {
            f"{t}_counts{s}"
            for t in ("orgs_organization", "orgs_employer")
            for s in ("", "_commit")
        }
    )
    assert expected <= triggers()


def test_counts_are_cached_and_say_when_they_were_counted(world, django_assert_max_num_queries):
    first = queries.subtree_counts(world.town_a)
    with django_assert_max_num_queries(2):  # the stamp and the cache
        again = queries.subtree_counts(world.town_a)
    assert again == first and again.counted_at == first.counted_at
    assert datetime.datetime.now(datetime.UTC) - first.counted_at < datetime.timedelta(minutes=1)


def figures(world):
    towns = dict(queries.town_counts(user=world.admin))
    children = dict(queries.tree_children(user=world.admin, parent=world.town_a))
    return queries.subtree_counts(world.district), towns[world.town_a], children


def test_an_organization_create_moves_the_figures_at_once(world):
    before, town, _ = figures(world)
    org = services.organization_create(
        actor=world.town_a_user,
        parent=world.town_a,
        name="新建公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        form=UnionForm.SINGLE,
    )
    after, town_after, children = figures(world)
    assert after.grassroots == before.grassroots + 1
    assert town_after.grassroots == town.grassroots + 1
    assert org in children


def test_an_organization_rename_and_move_move_the_figures(world):
    federation = make_org(world.town_a, OrgKind.INDUSTRY_FEDERATION, "纸类行业工会联合会")
    make_org(federation, OrgKind.GRASSROOTS, "纸厂工会")
    _, town_a, _ = figures(world)
    b_before = dict(queries.town_counts(user=world.admin))[world.town_b]
    services.organization_move(
        actor=world.admin, org=federation, new_parent=world.town_b, version=1, reason="区划调整"
    )
    towns = dict(queries.town_counts(user=world.admin))
    assert towns[world.town_a].grassroots == town_a.grassroots - 1
    assert towns[world.town_b].grassroots == b_before.grassroots + 1


def test_employer_create_update_and_delete_move_the_figures(world):
    union = make_org(world.town_a, OrgKind.GRASSROOTS, "丙电子有限公司工会委员会")
    before, town, _ = figures(world)
    employer = services.employer_create(
        actor=world.town_a_user,
        name="丙电子有限公司",
        uscc=uscc(),
        ownership=Ownership.PRIVATE,
        industry=Industry.MANUFACTURING,
        headcount=10,
        town=world.town_a,
    )
    after, town_after, _ = figures(world)
    assert after.employers == before.employers + 1
    assert (town_after.employers, town_after.employers_with_union) == (
        town.employers + 1,
        town.employers_with_union,
    )
    services.employer_update(
        actor=world.town_a_user, employer=employer, version=employer.version, union=union
    )
    _, town_joined, children = figures(world)
    assert town_joined.employers_with_union == town.employers_with_union + 1
    assert children[union].employers == 1
    Employer.objects.filter(pk=employer.pk).delete()  # any write, not only the services'
    assert figures(world)[0].employers == before.employers


def test_a_member_write_moves_the_figures_through_union_recount(world):
    before, town, children = figures(world)
    member_services.member_create(
        actor=world.town_a_user,
        union=world.union_a,
        name="李四",
        ric=new_ric(male=False),
        joined_on=datetime.date(2024, 3, 1),
    )
    after, town_after, children_after = figures(world)
    assert after.members == before.members + 1 and town_after.members == town.members + 1
    assert children_after[world.union_a].members == children[world.union_a].members + 1


def test_a_bulk_update_moves_the_figures(world):
    # an importer's `.update()` or a finish that recounts: no signal, the triggers see it
    before = queries.subtree_counts(world.district)
    Organization.objects.filter(pk=world.union_b.pk).update(member_count=41)
    assert queries.subtree_counts(world.district).members == before.members + 41
    EmployerFactory(town=world.town_b)
    assert queries.subtree_counts(world.district).employers == before.employers + 1


def test_the_home_page_and_the_tree_say_how_fresh_the_figures_are(world, client):
    client.force_login(world.admin)
    counted = queries.subtree_counts(world.district).counted_at
    label = "统计于 " + timezone.localtime(counted).strftime("%H:%M")  # the site's time zone
    assert label in client.get("/").content.decode()
    assert label in client.get("/orgs/").content.decode()


def test_the_town_select_of_every_list_reads_an_index_not_the_whole_tree(world):
    # Every list's filter bar offers the district's towns (towns_visible). With statistics
    # that say a kind holds a quarter of the tree, SQLite read the 10,000 organizations in
    # id order rather than search the (kind, path) index and sort 16 rows: 3.7 ms a list.
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's depends on table statistics")
    for town in (world.town_a, world.town_b):
        for _ in range(40):
            make_org(town, OrgKind.GRASSROOTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    plan = queries.towns_visible(world.admin).explain()
    assert "SCAN orgs_organization" not in plan, plan
