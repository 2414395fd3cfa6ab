"""The database refuses UPDATE and DELETE of the ledger's rows and of a collection's money
columns (core.appendonly; docs/adr/0003-ledgers-are-append-only.md)."""

from django.db import migrations

from gonghui.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [
        AppendOnly("ledgerentry"),
        AppendOnly("ledgerline"),
        AppendOnly("allocation"),
        AppendOnly(
            "collection",
            columns=["uscc", "fund_kind", "period", "payroll", "amount", "collected_on", "reverses_id"],
        ),
    ]
