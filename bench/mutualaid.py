"""Benchmark of the mutual-aid enrollment (CARE-3, issue #15): 123,000 members enrolled in a
plan year in one operation, every rule checked.

    .venv/bin/python bench/mutualaid.py [--enroll 123000] [--renewals 80000] [--unions 400]
                                        [--pg] [--pg-url URL] [--var-dir DIR]

Builds (or, with a `--var-dir` already built, reuses) a district of 8 towns and `--unions`
grassroots unions whose members are

- `--enroll` active members under the age limit on the enrollment day, of whom `--renewals`
  were enrolled in the previous year (and 1,000 more enrolled then but cancelled: new again);
- 3,000 over the age limit (men 60, women 50), 2,000 who left, 1,000 retained (退休),
  2,000 already enrolled in the year,

so at least 131,000 members, on SQLite (or the database of DATABASE_URL; `--pg` runs on
PostgreSQL too: a temporary cluster as bench/import_roster.py starts one, or the server of
`--pg-url`, e.g. postgres://postgres@127.0.0.1:55512/ma_bench). Then it times, as the
district's admin for the whole district (one operation):

- the preview (`services.enrollments.roster_enroll(write=False)`: every rule, nothing written);
- the enrollment (`roster_enroll`): the same pass writing one batch per union and the rows;
- paying every batch in full (`payment_record`), which makes each batch's rows active;

and checks from the rows afterwards: exactly `--enroll` enrolled and `--renewals` renewals,
each refusal kind counted exactly, no member twice, the batches' counts and amounts due
adding up to the rows, and after payment every row active with its effective day and
waiting period. Target: the enrollment under 15 s on this machine, on both databases.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PGPORT = 55439  # not the other benches', so they may run at once
DISTRICT = "基准区总工会（医疗互助）"
DAY = datetime.date(2013, 1, 10)  # the enrollment day
OVER_AGE, LEFT, RETAINED, ALREADY, LAPSED = 3_000, 2_000, 1_000, 2_000, 1_000
CONTRIBUTION = "30.00"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enroll", type=int, default=123_000)
    parser.add_argument("--renewals", type=int, default=80_000)
    parser.add_argument("--unions", type=int, default=400)
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--pg-url", help="a PostgreSQL database to use instead of a temporary one")
    parser.add_argument("--var-dir", help="where the SQLite database lives (kept: reused)")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> str:
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="gonghui-bench-ma-")).resolve()
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
    from gonghui.orgs.choices import OrgKind
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
    row.town = row if kind == OrgKind.TOWN else (parent.town if parent else None)
    row.save(update_fields=["path", "town"])
    return row


def _kinds(args: argparse.Namespace) -> list[str]:
    """Each member's kind, shuffled so that every union has some of each."""
    lapsed = min(LAPSED, args.enroll - args.renewals)
    kinds = (
        ["renewal"] * args.renewals
        + ["lapsed"] * lapsed
        + ["new"] * (args.enroll - args.renewals - lapsed)
        + ["over_age"] * OVER_AGE
        + ["left"] * LEFT
        + ["retained"] * RETAINED
        + ["already"] * ALREADY
    )
    random.Random(15).shuffle(kinds)
    return kinds


def build(args: argparse.Namespace):
    """The district, its unions and members, the plan years 2012 and 2013, the previous
    year's enrollments and this year's first 2,000 (all written in bulk)."""
    from gonghui.accounts.models import User
    from gonghui.accounts.roles import Role
    from gonghui.core.identity import identity_values
    from gonghui.core.ids import ric_with_check
    from gonghui.core.importing.bulk import bulk_insert
    from gonghui.members.choices import MemberStatus, RetainedReason
    from gonghui.members.models import Member
    from gonghui.orgs.choices import OrgKind, UnionForm

    district = _org(None, OrgKind.DISTRICT, DISTRICT)
    towns = [_org(district, OrgKind.TOWN, f"基准镇{t}总工会") for t in range(8)]
    unions = [
        _org(towns[i % 8], OrgKind.GRASSROOTS, f"基准{i}公司工会", form=UnionForm.SINGLE)
        for i in range(args.unions)
    ]
    User.objects.create(username="bench-ma", role=Role.DISTRICT_ADMIN, organization=district)
    rng = random.Random(7)
    rows: list[dict] = []
    serials: dict[datetime.date, int] = {}  # people born that day so far
    for i, kind in enumerate(_kinds(args)):
        union = unions[i % len(unions)]
        if kind == "over_age":
            male = rng.random() < 0.5
            born = datetime.date(1953 if male else 1963, 1, 10) - datetime.timedelta(
                days=rng.randrange(0, 3000)
            )
        else:
            male = rng.random() < 0.55
            born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 10_000))
        # the 17th character's parity is the sex: odd for a man; one serial per person born
        # that day, so every RIC differs
        serials[born] = serials.get(born, -1) + 1
        serial = serials[born] * 2 + (1 if male else 0)
        ric = ric_with_check(f"440113{born:%Y%m%d}{serial:03d}")
        row = {
            "name": f"职工{i}",
            "birth_date": born,
            "sex": "M" if male else "F",
            "union_id": union.pk,
            "org_path": union.path,
            "joined_on": datetime.date(2010, 1, 1),
            "status": MemberStatus.ACTIVE,
            **identity_values(ric=ric, phone=f"139{i:08d}", encrypted=True),
        }
        if kind == "left":
            row.update(status=MemberStatus.LEFT, left_on=datetime.date(2012, 6, 30))
        elif kind == "retained":
            row.update(status=MemberStatus.RETAINED, retained_reason=RetainedReason.RETIRED)
        rows.append(row)
    from django.db import transaction

    with transaction.atomic():
        for start in range(0, len(rows), 20_000):
            bulk_insert(Member, rows[start : start + 20_000])
    _plans_and_history(district, member_kinds(district))
    return district


def _plans_and_history(district, kinds: dict[int, str]) -> None:
    from decimal import Decimal

    from gonghui.mutualaid.choices import PlanState
    from gonghui.mutualaid.models import PlanYear

    last = PlanYear.objects.create(
        year=2012,
        name="2012年度职工医疗互助保障计划（基准）",
        organizer=district,
        starts_on=datetime.date(2012, 1, 1),
        ends_on=datetime.date(2012, 12, 31),
        contribution=Decimal(CONTRIBUTION),
        state=PlanState.CLOSED,
        is_demo=True,
        org_path=district.path,
    )
    PlanYear.objects.create(
        year=2013,
        name="2013年度职工医疗互助保障计划（基准）",
        organizer=district,
        starts_on=datetime.date(2013, 1, 1),
        ends_on=datetime.date(2013, 12, 31),
        contribution=Decimal(CONTRIBUTION),
        state=PlanState.OPEN,
        previous=last,
        is_demo=True,
        org_path=district.path,
    )
    _enroll_directly(last, [m for m, k in kinds.items() if k == "renewal"], "active")
    _enroll_directly(last, [m for m, k in kinds.items() if k == "lapsed"], "cancelled")


def _enroll_directly(plan, member_ids: list[int], state: str) -> None:
    """Rows written straight (the bench's history, not what is timed): one batch per union."""
    from collections import defaultdict

    from gonghui.core.importing.bulk import bulk_insert
    from gonghui.members.models import Member
    from gonghui.mutualaid.models import Enrollment, EnrollmentBatch
    from gonghui.orgs.models import Organization

    unions = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "union_id"))
    by_union = defaultdict(list)
    for member in member_ids:
        by_union[unions[member]].append(member)
    facts = {
        o.pk: o for o in Organization.objects.filter(pk__in=list(by_union)).only("path", "town")
    }
    day = plan.starts_on
    for union_id, members in by_union.items():
        union = facts[union_id]
        batch = EnrollmentBatch.objects.create(
            number=f"B{plan.year}{state[0]}{union_id:08d}",
            plan=plan,
            union_id=union_id,
            town_id=union.town_id,
            source="roster",
            enrolled_on=day,
            enrolled_count=len(members),
            amount_due=plan.contribution * len(members),
            amount_paid=plan.contribution * len(members),
            paid_on=day,
            org_path=union.path,
        )
        bulk_insert(
            Enrollment,
            [
                {
                    "plan_id": plan.pk,
                    "member_id": m,
                    "union_id": union_id,
                    "town_id": union.town_id,
                    "batch_id": batch.pk,
                    "state": state,
                    "enrolled_on": day,
                    "effective_on": day,
                    "waiting_until": day,
                    "cancelled_on": day if state == "cancelled" else None,
                    "contribution": plan.contribution,
                    "org_path": union.path,
                }
                for m in members
            ],
        )


def reset(district) -> dict[int, str]:
    """This year's rows gone, then the 2,000 already enrolled again: the kinds by member."""
    from gonghui.mutualaid.models import ContributionPayment, Enrollment, EnrollmentBatch, PlanYear

    plan = PlanYear.objects.get(year=2013, organizer=district)
    ContributionPayment.objects.filter(batch__plan=plan).delete()
    Enrollment.objects.filter(plan=plan).delete()
    EnrollmentBatch.objects.filter(plan=plan).delete()
    kinds = member_kinds(district)
    _enroll_directly(plan, [m for m, k in kinds.items() if k == "already"], "active")
    _vacuum()
    return kinds


def _vacuum() -> None:
    """A reused database's tables as a day's work leaves them, not full of the last run's
    deleted rows (PostgreSQL keeps them until a vacuum; SQLite reuses the pages)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("mutualaid_enrollment", "mutualaid_enrollmentbatch", "members_member"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def member_kinds(district) -> dict[int, str]:
    """Each bench member's kind: member i (named 职工i) has the i-th of the shuffled kinds
    the district was built with (`_kinds`, deterministic), so a reused database is checked as
    exactly as a new one."""
    from gonghui.members.models import Member

    order = _kinds(_ARGS[0])
    rows = Member.objects.filter(org_path__startswith=district.path).values_list("pk", "name")
    return {pk: order[int(name.removeprefix("职工"))] for pk, name in rows}


_ARGS: list[argparse.Namespace] = []


# ---- the run ---------------------------------------------------------------------------------


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
                env = {**os.environ, "DATABASE_URL": pg.createdb("bench_ma")}
                there = subprocess.run(
                    [sys.executable, __file__, *_plain_args(args, pg=True)], env=env
                )
            finally:
                pg.stop()
        sys.exit(here.returncode or there.returncode)
    _ARGS.append(args)
    vendor = setup(args)
    bench(args, vendor)


def _plain_args(args: argparse.Namespace, pg: bool = False) -> list[str]:
    plain = [f"--enroll={args.enroll}", f"--renewals={args.renewals}", f"--unions={args.unions}"]
    if args.var_dir:
        plain.append(f"--var-dir={Path(args.var_dir) / 'pg' if pg else args.var_dir}")
    return plain


def bench(args: argparse.Namespace, vendor: str) -> None:
    from collections import Counter

    from django.db.models import Count, Sum

    from gonghui.accounts.models import User
    from gonghui.core.money import money
    from gonghui.mutualaid.models import Enrollment, EnrollmentBatch, PlanYear
    from gonghui.mutualaid.services.enrollments import payment_record, roster_enroll
    from gonghui.orgs.models import Organization

    t0 = time.perf_counter()
    district = Organization.objects.filter(name=DISTRICT, parent=None).first()
    reused = district is not None
    if not reused:
        district = build(args)
    kinds = reset(district)
    built = time.perf_counter() - t0
    admin = User.objects.get(username="bench-ma")
    plan = PlanYear.objects.get(year=2013, organizer=district)
    members = len(kinds)
    expected = Counter(kinds.values())

    t0 = time.perf_counter()
    preview = roster_enroll(actor=admin, plan=plan, org=district, day=DAY, write=False)
    preview_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = roster_enroll(actor=admin, plan=plan, org=district, day=DAY)
    enroll_s = time.perf_counter() - t0

    rows = Enrollment.objects.filter(plan=plan)
    new_rows = rows.filter(batch_id__in=out.batches)
    batches = EnrollmentBatch.objects.filter(plan=plan, pk__in=out.batches)
    sums = batches.aggregate(n=Sum("enrolled_count"), r=Sum("renewal_count"), due=Sum("amount_due"))
    renewal_ids = set(new_rows.filter(is_renewal=True).values_list("member_id", flat=True))
    reasons = dict(out.reasons)
    over_age = sum(n for r, n in reasons.items() if r.startswith("已满"))
    enrolled = expected["new"] + expected["renewal"] + expected["lapsed"]
    checks = {
        "enrolled = active, under age, not yet enrolled": out.enrolled == enrolled == args.enroll,
        "renewals = enrolled last year, not cancelled": out.renewals == expected["renewal"]
        and renewal_ids == {m for m, k in kinds.items() if k == "renewal"},
        "cancelled last year: new again": not (
            renewal_ids & {m for m, k in kinds.items() if k == "lapsed"}
        ),
        "refused: over the age limit": over_age == expected["over_age"],
        "refused: left": reasons.get("不是在册会员（已离会）") == expected["left"],
        "refused: retained": reasons.get("不是在册会员（保留会籍）") == expected["retained"],
        "refused: already enrolled": reasons.get("已参加2013年度计划") == expected["already"],
        "refused in all = the others": out.refused == members - enrolled,
        "the preview = the run": (preview.enrolled, preview.renewals, preview.refused)
        == (out.enrolled, out.renewals, out.refused),
        "rows written = enrolled": new_rows.count() == out.enrolled,
        "no member twice": rows.values("member_id").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0,
        "batches add up to the rows": (sums["n"], sums["r"]) == (out.enrolled, out.renewals),
        "amount due = enrolled × contribution": money(sums["due"])
        == money(CONTRIBUTION) * out.enrolled,
        "one batch per union": batches.count()
        == batches.values("union_id").distinct().count()
        == out.unions,
    }

    t0 = time.perf_counter()
    for batch in batches.order_by("pk"):
        payment_record(
            actor=admin, batch=batch, amount=batch.amount_due, paid_on=DAY, reference="BENCH"
        )
    pay_s = time.perf_counter() - t0
    active = new_rows.filter(state="active", effective_on=DAY)
    waits = dict(active.values("is_renewal").annotate(n=Count("id")).values_list("is_renewal", "n"))
    checks["paid: every row active from the payment"] = active.count() == out.enrolled
    checks["waiting period: 90 days new, none renewed"] = new_rows.filter(
        is_renewal=False, waiting_until=DAY + datetime.timedelta(days=90)
    ).count() == waits.get(False) and new_rows.filter(
        is_renewal=True, waiting_until=DAY
    ).count() == waits.get(True)

    state = "reused" if reused else "built"
    print(
        f"\n{vendor}: {members:,} members in {args.unions} unions ({state} in {built:.1f} s); "
        f"one operation for the whole district, enrollment day {DAY}\n"
    )
    print("| step | members | seconds |\n|---|---:|---:|")
    print(f"| preview (every rule, nothing written) | {members:,} | {preview_s:.2f} |")
    print(f"| roster_enroll (every rule, {out.unions} batches) | {members:,} | {enroll_s:.2f} |")
    print(f"| payment_record × {out.unions} (rows made active) | {out.enrolled:,} | {pay_s:.2f} |")
    print(
        f"\nenrolled {out.enrolled:,} (renewals {out.renewals:,}, new {out.new:,}), "
        f"refused {out.refused:,}: "
        + "; ".join(f"{r} {n:,}" for r, n in out.reasons.most_common())
        + f"; due {money(out.amount_due):,.2f}\n"
    )
    print("| check | result |\n|---|---|")
    for name, ok in checks.items():
        print(f"| {name} | {'ok' if ok else 'FAILED'} |")
    print(f"\nenrollment under 15 s: {'yes' if enroll_s < 15 else 'NO'}")
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
