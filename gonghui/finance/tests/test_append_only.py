"""The ledger is append-only in the database itself (FUND-3, docs/adr/0003): an UPDATE or a
DELETE in SQL is refused on both backends, and the ORM refuses them before that."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gonghui.finance.choices import AccountKind, EntryKind
from gonghui.finance.models import Allocation, Collection, LedgerEntry, LedgerLine
from gonghui.finance.services import ledger
from gonghui.finance.tests.factories import make_collection

DAY = datetime.date(2013, 3, 5)


@pytest.fixture
def entry(world):
    cash = ledger.account(world.district, AccountKind.CASH)
    waiting = ledger.account(world.district, AccountKind.UNALLOCATED)
    return ledger.post(
        actor=world.admin,
        kind=EntryKind.COLLECTION,
        org=world.district,
        booked_on=DAY,
        memo="测试代收",
        amounts={cash: Decimal("100.00"), waiting: Decimal("-100.00")},
    )


def _refused(sql: str, *params) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@pytest.mark.parametrize("model", [LedgerEntry, LedgerLine])
def test_sql_update_and_delete_of_ledger_rows_are_refused(entry, model):
    table = model._meta.db_table
    pk = entry.pk if model is LedgerEntry else entry.lines.first().pk
    column = "memo" if model is LedgerEntry else "debit"
    _refused(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', "0", pk)
    _refused(f'DELETE FROM "{table}" WHERE id = %s', pk)
    assert model.objects.filter(pk=pk).exists()


def test_the_orm_refuses_before_the_database(entry):
    with pytest.raises(RuntimeError, match="只能追加"):
        entry.save()
    with pytest.raises(RuntimeError, match="只能追加"):
        LedgerLine.objects.filter(entry=entry).update(debit=1)
    with pytest.raises(RuntimeError, match="只能追加"):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_a_collections_money_columns_are_refused_its_state_is_not(world):
    row = make_collection(world.employer_a)
    table = Collection._meta.db_table
    _refused(f'UPDATE "{table}" SET amount = %s WHERE id = %s', "1.00", row.pk)
    _refused(f'DELETE FROM "{table}" WHERE id = %s', row.pk)
    Collection.objects.filter(pk=row.pk).update(employer_name="更正名称")  # not money
    row.refresh_from_db()
    assert row.amount == Decimal("1000.00") and row.employer_name == "更正名称"


@pytest.mark.parametrize("model", [LedgerEntry, LedgerLine, Allocation, Collection])
def test_every_guarded_table_has_both_triggers_after_all_migrations(db, model):
    """On SQLite a migration that alters a table rebuilds it without its triggers: a later
    migration of these tables must guard them again, or this fails."""
    table = model._meta.db_table
    assert {f"{table}_no_update", f"{table}_no_delete"} <= _triggers()


def test_an_unbalanced_voucher_is_never_saved(world):
    cash = ledger.account(world.district, AccountKind.CASH)
    with pytest.raises(ledger.Unbalanced):
        ledger.post(
            actor=world.admin,
            kind=EntryKind.COLLECTION,
            org=world.district,
            booked_on=DAY,
            memo="不平",
            amounts={cash: Decimal("1.00")},
        )
    assert not LedgerEntry.objects.exists()


def test_a_reversal_mirrors_the_entry_and_only_once(world, entry):
    mirror = ledger.reverse(actor=world.admin, entry=entry, reason="重复导入")
    lines = {(x.account_id, x.debit, x.credit) for x in entry.lines.all()}
    mirrored = {(x.account_id, x.credit, x.debit) for x in mirror.lines.all()}
    assert lines == mirrored and mirror.reverses == entry
    with pytest.raises(Exception, match="已冲销"):
        ledger.reverse(actor=world.admin, entry=entry, reason="再次")


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT trigger_name FROM information_schema.triggers")
        return {row[0] for row in cursor.fetchall()}
