"""Bulk writes of the import pipeline: row layout, key probes, SQLite settings for a run."""

import datetime

import pytest
from django.db import connection

from gonghui.core.importing.bulk import (
    SQLITE_BULK_PRAGMAS,
    existing_values,
    insert_plan,
    insert_rows,
    tuned_for_bulk_writes,
)
from gonghui.members.identity import identity_columns
from gonghui.members.models import Member


def _member_row(world, ric: str, **values):
    plan = insert_plan(Member)
    template = plan.template({"union_id": world.union_a.pk, "org_path": world.union_a.path})
    return plan.row(
        template,
        {
            "name": "王小明",
            "birth_date": datetime.date(1990, 3, 15),
            "sex": "M",
            "joined_on": datetime.date(2020, 1, 5),
            **identity_columns(ric, "13800138000", encrypted=True),
            **values,
        },
    )


def test_inserted_rows_read_back_through_the_model(world):
    ric = "11010519491231002X"
    insert_rows(Member, [_member_row(world, ric, is_model_worker=True)])
    member = Member.objects.get()
    # the encrypted columns decrypt, the defaults and the shared values are filled in
    assert (member.ric, member.phone, member.ric_last4) == (ric, "13800138000", "002X")
    assert member.birth_date == datetime.date(1990, 3, 15) and member.is_model_worker
    assert (member.union, member.org_path, member.status) == (
        world.union_a,
        world.union_a.path,
        "active",
    )
    assert member.ethnicity == "汉族" and member.version == 1 and member.created_at


def test_existing_values_finds_only_stored_keys_in_chunks(world):
    ric = "11010519491231002X"
    insert_rows(Member, [_member_row(world, ric)])
    stored = Member.objects.get().ric_hash
    asked = [f"{i:064x}" for i in range(2000)] + [stored]  # more than one probe chunk
    assert existing_values(Member, "ric_hash", asked) == {stored}
    assert existing_values(Member, "ric_hash", []) == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite connection settings")
def test_sqlite_settings_hold_for_the_run_and_are_restored(db):
    def current():
        with connection.cursor() as cursor:
            return {
                name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in SQLITE_BULK_PRAGMAS
            }

    before = current()
    with tuned_for_bulk_writes():
        assert current() == SQLITE_BULK_PRAGMAS
    assert current() == before
