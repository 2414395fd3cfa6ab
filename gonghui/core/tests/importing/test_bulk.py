"""Bulk writes of the import pipeline: row layout and stored form, key probes, SQLite settings."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.identity import identity_values
from gonghui.core.importing.bulk import (
    SQLITE_BULK_PRAGMAS,
    existing_values,
    insert_plan,
    insert_rows,
    tuned_for_bulk_writes,
)
from gonghui.members.choices import Education, MemberStatus, Sex
from gonghui.members.importers import COMPARED, FLAG_FIELDS, _given, _stored_for_sqlite
from gonghui.members.models import Member

from .helpers import HEADER, person, run_import, xlsx_bytes


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
            **identity_values(ric=ric, phone="13800138000", encrypted=True),
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


# --- the stored form of values, and the fast paths that skip testing each one -----------

_STORED_TYPES = {str, int, float, bytes, type(None)}
plain_values = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.none()
    | st.sampled_from([*MemberStatus, *Sex, *Education])
    | st.dates()
)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the stored form of SQLite")
@pytest.mark.django_db
@given(plain_values)
@settings(max_examples=300)
def test_a_stored_value_binds_directly_and_stores_the_same(value):
    # given any value an importer puts in a row / then SQLite stores what Django would
    plan = insert_plan(Member)
    stored = plan.stored(value)
    assert stored.__class__ in _STORED_TYPES
    if isinstance(value, datetime.date):
        assert stored == connection.ops.adapt_datefield_value(value)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s, typeof(%s)", [value, value])
            as_given = cursor.fetchone()
            cursor.execute("SELECT %s, typeof(%s)", [stored, stored])
            assert cursor.fetchone() == as_given


def test_a_stored_datetime_is_what_django_stores(db):
    plan = insert_plan(Member)
    moment = timezone.now()
    expected = connection.ops.adapt_datetimefield_value(moment)
    assert plan.stored(moment) == (expected if plan.sqlite else moment)


member_values = st.fixed_dictionaries(
    {"name": st.text(min_size=1), "ric_hash": st.text(), "birth_date": st.dates()},
    optional={
        "joined_on": st.dates(),
        "left_on": st.none() | st.dates(),
        "sex": st.sampled_from([*Sex, "M", "F"]),
        "status": st.sampled_from([*MemberStatus, "left"]),
        "employer_id": st.none() | st.integers(1, 10**6),
        **{flag: st.booleans() for flag in FLAG_FIELDS},
    },
)


@given(member_values)
@settings(max_examples=200)
def test_row_is_each_value_stored_at_its_column(values):
    plan = insert_plan(Member)
    template = plan.template({"union_id": 7, "org_path": "/1/7/", "status": MemberStatus.ACTIVE})
    expected = list(template.values())
    for name, value in values.items():
        expected[plan.index[name]] = plan.stored(value)
    row = plan.row(template, values)
    assert row == expected and [type(v) for v in row] == [type(v) for v in expected]
    stored = {name: plan.stored(value) for name, value in values.items()}
    assert plan.stored_row(template, stored) == expected


def test_rows_and_templates_refuse_unknown_columns(db):
    plan = insert_plan(Member)
    with pytest.raises(KeyError):
        plan.template({"no_such_column": 1})
    template = plan.template()
    with pytest.raises(KeyError):
        plan.row(template, {"name": "王小明", "no_such_column": 1})
    with pytest.raises(KeyError):
        plan.stored_row(template, {"no_such_column": 1})


@given(member_values)
@settings(max_examples=200)
def test_the_importers_stored_record_is_the_general_stored_row(values):
    # the checked record's own conversion (dates and flags only) gives what `row` gives
    plan = insert_plan(Member)
    template = plan.template({"union_id": 7, "org_path": "/1/7/"})
    record = {k: v for k, v in values.items() if k not in ("status", "left_on")}
    record["sex"] = str(record.get("sex", "M"))  # as check() gives them: plain str
    expected = plan.row(template, record)
    if plan.sqlite:
        _stored_for_sqlite(record)
    assert plan.stored_row(template, record) == expected


@given(st.permutations([*COMPARED, "ric", "phone", "employer"]), st.data())
@settings(max_examples=200)
def test_the_given_fields_are_the_compared_keys_of_the_record(keys, data):
    record = dict.fromkeys(keys[: data.draw(st.integers(0, len(keys)))])
    given_fields = _given(record)
    assert given_fields == tuple(k for k in COMPARED if k in record)
    assert _given(dict(record)) is given_fields  # one shared tuple: pickled once per chunk


def test_flags_stored_as_numbers_compare_equal_to_the_stored_member(
    world, django_capture_on_commit_callbacks
):
    header = [*HEADER, "农民工", "劳务派遣工"]
    rows = [[*person(1), "是", "否"], [*person(2), "否", "否"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert run.created == 2
    again = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert (again.updated, again.unchanged) == (0, 2)
    rows[1][-1] = "是"
    third = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert (third.updated, third.unchanged) == (1, 1)
    flags = {m.ric: (m.is_migrant_worker, m.is_dispatched) for m in Member.objects.all()}
    assert flags == {person(1)[1]: (True, False), person(2)[1]: (False, True)}
