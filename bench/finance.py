"""Benchmark of union finance (FUND-1…3, issue #16): a year of the tax bureau's collections
for 50,000 employers (600,000 rows) imported, allocated and refunded.

    .venv/bin/python bench/finance.py [--employers 50000] [--months 12] [--format csv|xlsx]
                                      [--pg] [--pg-url URL] [--var-dir DIR]

Builds (or, with a `--var-dir` already built, reuses) a district of 16 towns, `--employers`
/ 5 grassroots unions and `--employers` employers (one in five without a union: it pays the
preparation fund), the 2013 allocation rule, and the tax bureau's file: one row per employer
and month of 2013 (`--months`), written once and kept beside the database. Then, as the
district's admin, on SQLite (or DATABASE_URL; `--pg` runs on PostgreSQL too, a temporary
cluster or the server of `--pg-url`), it times:

- the floor: reading the file alone with the pipeline's reader, and inserting the same
  number of collection rows with one raw executemany/COPY (`core.importing.bulk`);
- the import through the pipeline (kind `finance.collections`: read, check, match each
  USCC to the registry, write, post one voucher per batch);
- the allocation of every collection (`services.allocation.allocate_pending`);
- the refund batch of each month (`services.refunds.batch_create`), and paying every line
  (`services.refunds.lines_paid`, as the bank's return does);

and checks from the rows afterwards: every row imported and allocated once, the parts of
each allocation summing to its amount, each union's refund = its parts, every refund payable
back to zero once paid, and the trial balance zero. Target: the year imported and allocated
in under 60 s on this machine, on both databases.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PGPORT = 55441  # not the other benches', so they may run at once
DISTRICT = "基准区总工会（经费）"
YEAR = 2013
HEADER = ["统一社会信用代码", "单位名称", "所属期", "工资总额", "代收金额", "代收日期", "经费类型"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employers", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--pg-url", help="a PostgreSQL database to use instead of a temporary one")
    parser.add_argument("--var-dir", help="where the SQLite database lives (kept: reused)")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> str:
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="gonghui-bench-fin-")).resolve()
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ["GONGHUI_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return connection.vendor


# ---- the district ----------------------------------------------------------------------------


def _org(parent, kind, name, **extra):
    from gonghui.core.pinyin import name_initials
    from gonghui.orgs.models import Organization

    row = Organization.objects.create(
        parent=parent,
        kind=kind,
        name=name,
        name_initials=name_initials(name),
        path=f"tmp-{name}/",
        depth=parent.depth + 1 if parent else 0,
        **extra,
    )
    row.path = f"{parent.path if parent else '/'}{row.pk}/"
    row.town = row if kind == "town" else (parent.town if parent else None)
    row.save(update_fields=["path", "town"])
    return row


def uscc(i: int) -> str:
    from gonghui.core.ids import uscc_with_check

    return uscc_with_check(f"91440113MA{i:07d}")


def build(args: argparse.Namespace):
    """The district, its towns, unions and employers, and the 2013 rule (written in bulk)."""
    from django.db import transaction

    from gonghui.accounts.models import User
    from gonghui.accounts.roles import Role
    from gonghui.core.importing.bulk import bulk_insert
    from gonghui.orgs.choices import OrgKind, UnionForm
    from gonghui.orgs.models import Employer, Organization

    district = _org(None, OrgKind.DISTRICT, DISTRICT)
    towns = [_org(district, OrgKind.TOWN, f"基准镇{t}总工会") for t in range(16)]
    unions = args.employers // 5
    with transaction.atomic():
        rows = [
            {
                "parent_id": towns[u % 16].pk,
                "kind": OrgKind.GRASSROOTS,
                "form": UnionForm.SINGLE,
                "name": f"基准{u}公司工会",
                "path": f"tmp-{u}",
                "depth": 2,
                "town_id": towns[u % 16].pk,
            }
            for u in range(unions)
        ]
        for start in range(0, len(rows), 20_000):
            bulk_insert(Organization, rows[start : start + 20_000])
        made = Organization.objects.filter(kind=OrgKind.GRASSROOTS, path__startswith="tmp-")
        for org in made.only("pk", "parent_id").iterator():
            town = next(t for t in towns if t.pk == org.parent_id)
            Organization.objects.filter(pk=org.pk).update(path=f"{town.path}{org.pk}/")
    union_rows = list(
        Organization.objects.filter(kind=OrgKind.GRASSROOTS, path__startswith=district.path)
        .order_by("pk")
        .values_list("pk", "path", "town_id")
    )
    employers = []
    for i in range(args.employers):
        with_union = i % 5 != 0
        union = union_rows[i % len(union_rows)]
        employers.append(
            {
                "name": f"基准{i}有限公司",
                "uscc": uscc(i),
                "ownership": "private",
                "industry": "C",
                "headcount": 20 + i % 400,
                "town_id": union[2],
                "union_id": union[0] if with_union else None,
                "org_path": union[1] if with_union else towns[union[2] % 16].path,
            }
        )
    town_paths = {t.pk: t.path for t in towns}
    for row in employers:
        if row["union_id"] is None:
            row["org_path"] = town_paths[row["town_id"]]
    with transaction.atomic():
        for start in range(0, len(employers), 20_000):
            bulk_insert(Employer, employers[start : start + 20_000])
    User.objects.create(username="bench-fin", role=Role.DISTRICT_ADMIN, organization=district)
    return district


def ensure_rule() -> None:
    """The 2013 rule, open-ended (December's collections arrive in January)."""
    from gonghui.finance.models import AllocationRule

    D = Decimal
    AllocationRule.objects.get_or_create(
        effective_from=datetime.date(2013, 1, 1),
        defaults={
            "name": "2013年经费分配方案（基准）",
            "share_union": D(60),
            "share_district": D(20),
            "share_city": D(10),
            "share_province": D(5),
            "share_national": D(5),
            "retained_district": D(40),
            "retained_town": D(30),
            "retained_refund": D(30),
            "refund_due_days": 30,
            "is_demo": True,
        },
    )


def bank_accounts(district) -> None:
    """Every union's account for its refunds (made once; the bench does not time it)."""
    from gonghui.core.identity import identity_values
    from gonghui.core.importing.bulk import bulk_insert
    from gonghui.finance.models import UnionBankAccount
    from gonghui.orgs.models import Organization

    unions = Organization.objects.filter(
        kind="grassroots", path__startswith=district.path, bank_account__isnull=True
    ).values_list("pk", "name", "path")
    rows = [
        {
            "org_id": pk,
            "org_path": path,
            "account_name": name,
            "bank_name": "中国工商银行番禺支行",
            **identity_values(account=f"6222{pk:015d}", encrypted=True),
        }
        for pk, name, path in unions
    ]
    for start in range(0, len(rows), 10_000):
        bulk_insert(UnionBankAccount, rows[start : start + 10_000])


def write_file(args: argparse.Namespace, folder: Path) -> Path:
    """The tax bureau's file for the year (kept beside the database: written once)."""
    path = folder / f"collections-{args.employers}x{args.months}.{args.format}"
    if path.exists():
        return path
    rng = random.Random(16)

    def rows():
        for month in range(1, args.months + 1):
            collected = datetime.date(YEAR + (month == 12), month % 12 + 1, 15)
            for i in range(args.employers):
                payroll = (
                    Decimal(rng.randrange(60_000, 3_000_000)) + Decimal(rng.randrange(100)) / 100
                )
                amount = (payroll * Decimal("0.02")).quantize(Decimal("0.01"))
                kind = "工会经费" if i % 5 else "工会筹备金"
                yield [
                    uscc(i),
                    f"基准{i}有限公司",
                    f"{YEAR}-{month:02d}",
                    payroll,
                    amount,
                    collected.isoformat(),
                    kind,
                ]

    if args.format == "csv":
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(rows())
    else:
        from gonghui.core.tabular import write_xlsx

        write_xlsx(path, HEADER, rows(), sheet="代收明细", text_columns=[0])
    return path


def reset() -> None:
    """The last run's finance rows gone (the ledger refuses DELETE: lifted as flush does)."""
    from django.db import connection, transaction

    from gonghui.core.appendonly import unlocked
    from gonghui.core.importing.models import ImportRun
    from gonghui.finance import models as m

    tables = [
        m.RefundLine,
        m.RefundBatch,
        m.Allocation,
        m.LedgerLine,
        m.LedgerEntry,
        m.Account,
        m.Collection,
    ]
    with transaction.atomic(), connection.cursor() as cursor, unlocked():
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{t._meta.db_table}"' for t in tables)
            cursor.execute(f"TRUNCATE {names} CASCADE")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table._meta.db_table}"')
    ImportRun.objects.filter(kind="finance.collections").delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM ANALYZE "{table._meta.db_table}"')


# ---- the steps -------------------------------------------------------------------------------


def floor(file: Path, rows: int) -> tuple[float, float]:
    """(seconds to read the file alone, seconds to insert `rows` collection rows raw)."""
    from django.db import transaction

    from gonghui.core.importing.bulk import insert_plan, insert_rows, tuned_for_bulk_writes
    from gonghui.core.importing.readers import SheetReader
    from gonghui.finance.models import Collection

    t0 = time.perf_counter()
    count = sum(1 for _ in SheetReader(file, file.suffix.lstrip("."), stream=True).rows())
    read_s = time.perf_counter() - t0
    assert count >= rows, (count, rows)
    plan = insert_plan(Collection)
    template = plan.template()
    day = datetime.date(1999, 1, 1)
    laid = [
        plan.row(
            template,
            {
                "uscc": f"FLOOR{i:013d}",
                "employer_name": "下限",
                "fund_kind": "union_fund",
                "period": day,
                "payroll": Decimal("100000.00"),
                "amount": Decimal("2000.00"),
                "collected_on": day,
                "state": "unmatched",
                "org_path": "/",
            },
        )
        for i in range(rows)
    ]
    t0 = time.perf_counter()
    with tuned_for_bulk_writes(), transaction.atomic():
        for start in range(0, len(laid), 20_000):
            insert_rows(Collection, laid[start : start + 20_000])
        insert_s = time.perf_counter() - t0
        transaction.set_rollback(True)
    return read_s, insert_s


def import_file(file: Path, admin, district):
    from django.conf import settings

    from gonghui.core.importing import pipeline
    from gonghui.core.importing.models import ImportRun

    target = Path(settings.MEDIA_ROOT) / "imports" / file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.symlink(file, target)
    run = ImportRun.objects.create(
        kind="finance.collections",
        original_name=file.name,
        file_format=file.suffix.lstrip("."),
        file_path=f"imports/{file.name}",
        created_by=admin,
        org_path=district.path,
    )
    pipeline.execute(run, lambda done, total: None)
    run.refresh_from_db()
    return run


def main() -> None:
    args = parse_args()
    if args.pg and not os.environ.get("DATABASE_URL"):
        here = subprocess.run([sys.executable, __file__, *_plain_args(args)])
        if args.pg_url:
            env = {**os.environ, "DATABASE_URL": args.pg_url}
            there = subprocess.run([sys.executable, __file__, *_plain_args(args, pg=True)], env=env)
        else:
            import bench.import_roster as roster

            roster.PGPORT = PGPORT
            pg = roster.Postgres()
            try:
                pg.start()
                env = {**os.environ, "DATABASE_URL": pg.createdb("bench_fin")}
                there = subprocess.run(
                    [sys.executable, __file__, *_plain_args(args, pg=True)], env=env
                )
            finally:
                pg.stop()
        sys.exit(here.returncode or there.returncode)
    vendor = setup(args)
    bench(args, vendor)


def _plain_args(args: argparse.Namespace, pg: bool = False) -> list[str]:
    plain = [f"--employers={args.employers}", f"--months={args.months}", f"--format={args.format}"]
    if args.var_dir:
        plain.append(f"--var-dir={Path(args.var_dir) / 'pg' if pg else args.var_dir}")
    return plain


def bench(args: argparse.Namespace, vendor: str) -> None:
    from gonghui.accounts.models import User
    from gonghui.finance.choices import AccountKind, RefundState
    from gonghui.finance.models import (
        Allocation,
        Collection,
        LedgerLine,
        RefundLine,
    )
    from gonghui.finance.services.allocation import allocate_pending
    from gonghui.finance.services.refunds import batch_create, lines_paid
    from gonghui.orgs.models import Organization

    t0 = time.perf_counter()
    district = Organization.objects.filter(name=DISTRICT, parent=None).first()
    reused = district is not None
    if not reused:
        district = build(args)
    reset()
    ensure_rule()
    bank_accounts(district)
    built = time.perf_counter() - t0
    admin = User.objects.get(username="bench-fin")
    file = write_file(args, Path(os.environ["GONGHUI_VAR_DIR"]))
    expected = args.employers * args.months

    read_s, insert_s = floor(file, expected)
    t0 = time.perf_counter()
    run = import_file(file, admin, district)
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    allocated = allocate_pending(actor=admin)
    allocate_s = time.perf_counter() - t0
    assert allocated == expected, f"allocated {allocated:,} of {expected:,}"
    print(f"import {import_s:.1f} s, allocation {allocate_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    batches = [
        batch_create(actor=admin, period=datetime.date(YEAR, month, 1))
        for month in range(1, args.months + 1)
    ]
    batch_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for batch in batches:
        lines = list(batch.lines.all())
        lines_paid(
            actor=admin,
            lines=lines,
            paid_on=datetime.date(YEAR + 1, 1, 10),
            source=f"bench:{batch.pk}",
        )
    paid_s = time.perf_counter() - t0

    # Checked in Python, exactly: SQLite sums and adds decimal columns in floating point.
    allocations = Allocation.objects.all()
    names = ("amount", *Allocation.PARTS, "fund_kind")
    unsummed, union_parts, allocated_total = 0, Decimal(0), Decimal(0)
    for row in allocations.values_list(*names).iterator(chunk_size=20_000):
        amount, parts, kind = row[0], row[1:-1], row[-1]
        unsummed += sum(parts) != amount
        allocated_total += amount
        if kind == "union_fund":
            union_parts += parts[0] + parts[4]  # the union's share and the extra refund
    refunds = sum(RefundLine.objects.values_list("amount", flat=True).iterator(), Decimal(0))
    collected = sum(Collection.objects.values_list("amount", flat=True).iterator(), Decimal(0))
    totals = _sides(LedgerLine.objects.all())
    payable = _sides(LedgerLine.objects.filter(account__kind=AccountKind.REFUND_PAYABLE))
    checks = {
        "every row imported": run.created == expected and run.rejected == 0,
        "every collection allocated once": allocated == expected == allocations.count(),
        "parts sum to each amount": unsummed == 0,
        "refunds = the unions' parts": refunds == union_parts,
        "every line paid": not RefundLine.objects.exclude(state=RefundState.PAID).exists(),
        "refunds payable back to zero": payable[0] == payable[1],
        "trial balance zero": totals[0] == totals[1],
        "collected = allocated": collected == allocated_total,
    }
    state = "reused" if reused else "built"
    print(
        f"\n{vendor}: {args.employers:,} employers × {args.months} months = {expected:,} rows "
        f"({file.suffix[1:]}, district {state} in {built:.1f} s)\n"
    )
    line_count = RefundLine.objects.count()
    print("| step | rows | seconds | rows/s |")
    print("|---|---:|---:|---:|")
    for name, rows, secs in [
        ("floor: read the file alone", expected, read_s),
        ("floor: raw insert of the rows", expected, insert_s),
        ("import (pipeline, match, vouchers)", expected, import_s),
        ("allocation (rules, parts, vouchers)", allocated, allocate_s),
        ("import + allocation", expected, import_s + allocate_s),
        (f"refund batches ({len(batches)})", line_count, batch_s),
        ("refunds paid (vouchers)", line_count, paid_s),
    ]:
        print(f"| {name} | {rows:,} | {secs:.1f} | {rows / secs if secs else 0:,.0f} |")
    print(f"\ntrial balance: debits {totals[0]:,} = credits {totals[1]:,}")
    for name, ok in checks.items():
        print(f"  {'✓' if ok else '✗'} {name}")
    target = import_s + allocate_s < 60
    print(f"\ntarget (import + allocation < 60 s): {'met' if target else 'NOT met'}")
    if not all(checks.values()):
        sys.exit(1)


def _sides(lines) -> tuple[Decimal, Decimal]:
    debit = credit = Decimal(0)
    for d, c in lines.values_list("debit", "credit").iterator(chunk_size=20_000):
        debit += d
        credit += c
    return debit, credit


if __name__ == "__main__":
    main()
