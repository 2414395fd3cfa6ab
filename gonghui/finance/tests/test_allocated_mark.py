"""A collection's `allocated_at` is the database's mark of its Allocation (migration 0003),
and the home page's finance to-dos read the small partial indexes, not every collection."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.finance.models import Collection
from gonghui.finance.queries import allocation as queries
from gonghui.finance.queries import collections as collection_queries
from gonghui.finance.services import allocation as services
from gonghui.finance.tests.factories import make_collection, make_rule
from gonghui.finance.tests.refunds_helpers import allocated
from gonghui.finance.tests.test_append_only import _triggers

DAY = datetime.date


def test_an_allocation_marks_its_collection_whoever_inserts_it(world):
    make_rule(DAY(2013, 1, 1))
    # an allocation inserted by hand (as a factory or the shell would) marks its row …
    by_hand = allocated(world, world.employer_a)
    row = Collection.objects.get(pk=by_hand.collection_id)
    assert row.allocated_at == by_hand.created_at
    # … and the run's bulk insert marks each of its rows; the unmatched one stays unmarked
    waiting = [make_collection(world.employer_b, DAY(2013, m, 1)) for m in (1, 2, 3)]
    unmatched = make_collection(None)
    assert queries.pending_count(world.admin) == 3
    assert set(queries.pending().values_list("pk", flat=True)) == {r.pk for r in waiting}
    assert services.allocate_pending(actor=world.admin) == 3
    marked = Collection.objects.filter(allocated_at__isnull=False).values_list("pk", flat=True)
    assert set(marked) == {row.pk, *(r.pk for r in waiting)}
    assert Collection.objects.get(pk=unmatched.pk).allocated_at is None
    assert queries.pending_count(world.admin) == 0 and not queries.pending().exists()


def test_the_marking_trigger_outlives_every_migration(db):
    assert "finance_allocation_marks" in _triggers()


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_the_to_dos_read_the_partial_indexes_on_sqlite(world):
    """SQLite took `reverses_id IS NULL` to the unique index of `reverses` (a walk over every
    row: 5 s for the to-do at district scale); NOT_A_REVERSAL keeps it on the partial ones."""
    with CaptureQueriesContext(connection) as pending:
        queries.pending_count(world.admin)
    with CaptureQueriesContext(connection) as unmatched:
        collection_queries.unmatched_count(world.admin)
    for captured, index in (
        (pending, "collection_unallocated"),
        (unmatched, "collection_unmatched"),
    ):
        query = next(
            q["sql"] for q in captured.captured_queries if "finance_collection" in q["sql"]
        )
        assert index in _plan(query)
