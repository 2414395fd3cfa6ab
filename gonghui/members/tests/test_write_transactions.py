"""A member edit holds only the edit (issue #11, load): on SQLite its transaction holds the
database's one write lock, so nothing that can be read before it is read inside, and the
union is recounted (an UPDATE that also moves the tree's cache stamp) only when an edit
changes what is counted."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection

from gonghui.members import queries, services
from gonghui.members.tests.factories import new_ric
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db


@contextmanager
def inside_the_transaction():
    """The statements run inside the atomic block the code under test opens."""
    depth = len(connection.atomic_blocks)
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        if len(connection.atomic_blocks) > depth and not sql.startswith(("SAVEPOINT", "RELEASE")):
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def _member(world, **extra):
    created = services.member_create(
        actor=world.town_a_user,
        union=world.union_a,
        name="李四",
        ric=new_ric(male=False),
        joined_on=datetime.date(2024, 3, 1),
        employer=world.employer_a,
        **extra,
    )
    # as the API and the edit page read it: with its union and employer
    return queries.member_get(user=world.town_a_user, pk=created.pk)


def test_an_edit_reads_only_the_locked_member_and_recounts_nothing(world):
    member = _member(world)
    counts = Organization.objects.values_list("member_count", "female_member_count")
    before = counts.get(pk=world.union_a.pk)
    with inside_the_transaction() as inside:
        updated = services.member_update(
            actor=world.town_a_user, member=member, version=member.version, education="college"
        )
    assert updated.education == "college" and updated.version == member.version + 1
    # the union and the employer the caller read are not read again, nothing is recounted
    assert not [sql for sql in inside if "orgs_organization" in sql or "orgs_employer" in sql]
    assert not [sql for sql in inside if "COUNT(" in sql]
    assert [sql.split(None, 1)[0] for sql in inside] == ["SELECT", "UPDATE", "INSERT"]
    assert counts.get(pk=world.union_a.pk) == before


def test_an_edit_that_changes_the_sex_still_recounts_the_union(world):
    member = _member(world)
    union = Organization.objects.get(pk=world.union_a.pk)
    assert union.female_member_count == 1
    # when her RIC is corrected to a man's
    services.member_update(
        actor=world.town_a_user,
        member=member,
        version=member.version,
        ric=new_ric(male=True, birth=datetime.date(1980, 5, 1)),
    )
    union.refresh_from_db()
    assert (union.member_count, union.female_member_count) == (1, 0)


def test_an_edit_of_the_employer_checks_the_new_one(world):
    # the employer given in the edit is the one the rules see, not the one read before
    member = _member(world)
    with pytest.raises(Exception, match="属于其他基层工会"):
        services.member_update(
            actor=world.town_a_user,
            member=member,
            version=member.version,
            employer=world.employer_b,
        )
