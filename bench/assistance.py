"""Benchmark of worker assistance (CARE-2, issue #14): a town's winter-warmth applications
approved in one batch, then the disbursement list and its .xlsx for the bank.

    .venv/bin/python bench/assistance.py [--applications 10000] [--duplicates 20]
                                         [--over-budget 80] [--pg] [--var-dir DIR]

Builds, on SQLite (or the database of DATABASE_URL; `--pg` starts a temporary PostgreSQL
cluster as bench/import_roster.py does, and runs there too), a district with one town and
its grassroots unions, a winter-warmth program paid once per person with a budget for the
district and the town, and `--applications` submitted and reviewed applications in that
town, of which `--duplicates` name a person who applied earlier in the batch, and whose
budget covers all but the last `--over-budget` of the others. Then it times

- `services.grants.grants_approve_batch` over all of them (the budget and "paid once"
  checked inside the approving transaction), and checks after it, from the rows: the
  committed sum is at most the budget (and exactly what was approved), no person is
  committed twice, every duplicate and exactly the over-budget tail were refused, with
  their reasons;
- `services.payments.disbursement_create` for the town, and `disbursement_file` (the
  .xlsx, masked and full), checking the list's count and total against the approved rows
  and the file's totals row against the list.

Target: the batch under 10 s on this machine, with the checks exact.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PGPORT = 55437  # not import_roster's, so both may run at once
AMOUNT = "500.00"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--duplicates", type=int, default=20)
    parser.add_argument("--over-budget", type=int, default=80)
    parser.add_argument("--unions", type=int, default=40, help="grassroots unions in the town")
    parser.add_argument("--pg", action="store_true", help="also on a temporary PostgreSQL")
    parser.add_argument("--var-dir", help="where the SQLite database and files go")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> str:
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="gonghui-bench-care-")).resolve()
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


def build(args: argparse.Namespace):
    """The district, the town, its unions, the program and the applications (bulk)."""
    import datetime
    from decimal import Decimal

    from gonghui.accounts.models import User
    from gonghui.accounts.roles import Role
    from gonghui.assistance.choices import GrantState
    from gonghui.assistance.models import Grant, Program, ProgramBudget, ProgramKind
    from gonghui.core.identity import identity_values
    from gonghui.core.ids import ric_with_check
    from gonghui.core.pinyin import name_initials
    from gonghui.orgs.choices import OrgKind, UnionForm
    from gonghui.orgs.models import Organization

    def org(parent, kind, name, **extra):
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
        row.town = row if kind == OrgKind.TOWN else (parent.town if parent else None)
        row.save(update_fields=["path", "town"])
        return row

    stamp = time.strftime("%H%M%S")
    district = org(None, OrgKind.DISTRICT, f"基准区总工会{stamp}")
    town = org(district, OrgKind.TOWN, f"基准镇总工会{stamp}")
    unions = [
        org(town, OrgKind.GRASSROOTS, f"基准{stamp}公司{i}工会", form=UnionForm.SINGLE)
        for i in range(args.unions)
    ]
    admin = User.objects.create(
        username=f"bench-care-{stamp}", role=Role.DISTRICT_ADMIN, organization=district
    )
    distinct = args.applications - args.duplicates
    budget = Decimal(AMOUNT) * (distinct - args.over_budget)
    program = Program.objects.create(
        kind=ProgramKind.objects.get(code="winter_warmth"),
        name=f"冬送温暖（基准{stamp}）",
        year=2026,
        organizer=district,
        budget=budget,
        once_per_person=True,
        org_path=district.path,
    )
    ProgramBudget.objects.create(program=program, town=town, amount=budget, org_path=town.path)
    # People: distinct RICs; the duplicates repeat people from the start of the batch,
    # spread through it, so each is refused where it comes (not all at the end).
    born = datetime.date(1970, 1, 1)
    rics = [
        ric_with_check(f"440113{born + datetime.timedelta(days=i // 1000):%Y%m%d}{i % 1000:03d}")
        for i in range(distinct)
    ]
    people = list(range(distinct))
    # within the part the budget covers, so each is refused as a second payment
    step = max(1, (distinct - args.over_budget) // (args.duplicates + 1))
    for d in range(args.duplicates):
        people.insert(step * (d + 1) + d, d)
    day = datetime.date(2026, 11, 20)
    rows = []
    for i, person in enumerate(people):
        union = unions[i % len(unions)]
        account = f"62220202{person:011d}"
        rows.append(
            Grant(
                number=f"ZJ{stamp}{i:06d}",
                program=program,
                union=union,
                town=town,
                name=f"职工{person}",
                amount=Decimal(AMOUNT),
                bank_name="中国工商银行番禺支行",
                state=GrantState.REVIEWED,
                submitted_on=day,
                reviewed_on=day,
                org_path=union.path,
                **identity_values(ric=rics[person]),
                account=account,
                account_hash="",
                account_last4=account[-4:],
            )
        )
    Grant.objects.bulk_create(rows, batch_size=2000)
    ids = list(Grant.objects.filter(program=program).order_by("pk").values_list("pk", flat=True))
    return admin, program, town, budget, ids


def main() -> None:
    args = parse_args()
    if args.pg and not os.environ.get("DATABASE_URL"):
        run_here = subprocess.run([sys.executable, __file__, *_plain_args(args)])
        import bench.import_roster as roster

        roster.PGPORT = PGPORT
        pg = roster.Postgres()
        try:
            pg.start()
            url = pg.createdb("bench_care")
            env = {**os.environ, "DATABASE_URL": url}
            run_pg = subprocess.run([sys.executable, __file__, *_plain_args(args)], env=env)
        finally:
            pg.stop()
        sys.exit(run_here.returncode or run_pg.returncode)
    vendor = setup(args)
    bench(args, vendor)


def _plain_args(args: argparse.Namespace) -> list[str]:
    return [
        f"--applications={args.applications}",
        f"--duplicates={args.duplicates}",
        f"--over-budget={args.over_budget}",
        f"--unions={args.unions}",
    ]


def bench(args: argparse.Namespace, vendor: str) -> None:
    from decimal import Decimal

    from django.db.models import Count

    from gonghui.assistance.choices import COMMITTED_GRANT_STATES
    from gonghui.assistance.models import Grant
    from gonghui.assistance.services.grants import grants_approve_batch
    from gonghui.assistance.services.payments import disbursement_create, disbursement_file
    from gonghui.core.money import sum_money

    t0 = time.perf_counter()
    admin, program, town, budget, ids = build(args)
    built = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = grants_approve_batch(actor=admin, grant_ids=ids)
    batch_s = time.perf_counter() - t0

    committed = Grant.objects.filter(program=program, state__in=list(COMMITTED_GRANT_STATES))
    figures = committed.aggregate(count=Count("id"), total=sum_money("amount"))
    twice = committed.values("ric_hash").annotate(n=Count("id")).filter(n__gt=1).count()
    by_reason = {"paid_once": 0, "budget": 0, "other": 0}
    for refusal in result.refused:
        if "每人限领一次" in refusal.reason:
            by_reason["paid_once"] += 1
        elif "预算" in refusal.reason:
            by_reason["budget"] += 1
        else:
            by_reason["other"] += 1
    expected_approved = args.applications - args.duplicates - args.over_budget
    checks = {
        "committed ≤ budget": figures["total"] <= budget,
        "committed = approved × amount": figures["total"] == Decimal(AMOUNT) * result.approved,
        "approved as expected": result.approved == figures["count"] == expected_approved,
        "no person twice": twice == 0,
        "every duplicate refused (paid once)": by_reason["paid_once"] == args.duplicates,
        "the over-budget tail refused": by_reason["budget"] == args.over_budget,
        "no other refusal": by_reason["other"] == 0,
    }

    t0 = time.perf_counter()
    made = disbursement_create(actor=admin, program=program, town=town)
    list_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    content, _name = disbursement_file(actor=admin, disbursement=made)
    file_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    full, _name = disbursement_file(actor=admin, disbursement=made, full=True)
    full_s = time.perf_counter() - t0
    checks["list count = approved"] = made.grant_count == result.approved
    checks["list total = committed"] = made.total == figures["total"]
    checks["file totals row = list"] = _file_total(content) == (f"{made.grant_count}笔", made.total)

    print(
        f"\n{vendor}: {args.applications:,} applications "
        f"({args.duplicates} duplicates, {args.over_budget} over the budget), "
        f"built in {built:.1f} s\n"
    )
    print("| step | rows | seconds |\n|---|---:|---:|")
    print(f"| grants_approve_batch (budget + paid once) | {len(ids):,} | {batch_s:.2f} |")
    print(f"| disbursement_create (town) | {made.grant_count:,} | {list_s:.2f} |")
    print(f"| disbursement .xlsx (masked) | {made.grant_count:,} | {file_s:.2f} |")
    print(f"| disbursement .xlsx (full accounts) | {made.grant_count:,} | {full_s:.2f} |")
    print(
        f"\napproved {result.approved:,}, committed {figures['total']} of budget {budget}; "
        f"refused: paid once {by_reason['paid_once']}, budget {by_reason['budget']}, "
        f"other {by_reason['other']}; list {made.number}: {made.grant_count:,} grants, "
        f"{made.total} yuan; .xlsx {len(content) // 1024} KB\n"
    )
    print("| check | result |\n|---|---|")
    for name, ok in checks.items():
        print(f"| {name} | {'ok' if ok else 'FAILED'} |")
    target = batch_s < 10
    print(f"\nbatch under 10 s: {'yes' if target else 'NO'}")
    if not all(checks.values()):
        sys.exit(1)


def _file_total(content: bytes):
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    last = list(sheet.iter_rows(values_only=True))[-1]
    from gonghui.core.money import money

    return last[2], money(str(last[5]))


if __name__ == "__main__":
    main()
