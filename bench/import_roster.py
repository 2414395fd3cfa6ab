"""Benchmark of the roster import (MEM-2): Gonghui's importer vs django-import-export vs the floor.

    .venv/bin/python bench/import_roster.py [--sizes 100000,400000] [--no-pg] [--iie-max N]

Generates district-scale rosters (.xlsx, a few percent bad rows) with the demo generator,
then measures each configuration in its own subprocess and prints one Markdown table. Peak
memory is the larger of the process's own peak RSS and the peak of the memory of its
process tree (the child that reads and checks included, PSS so that forked pages count
once), sampled every 0.5 s; CPU seconds include the child's.

- gonghui: `core.importing` end to end (read, validate, write, error report), on SQLite and
  on PostgreSQL (a temporary cluster on port 55433, as .ci/run starts one), into one chosen
  union; and the same rows with a 工会 column spreading them over `BY_UNION` unions,
  imported by the district without a chosen union (`gonghui_by_union`);
- django-import-export with its fastest documented settings (use_bulk, batch_size,
  skip_diff, force_init_instance; needs requirements-bench.txt);
- the floor: reading the file alone with the same reader, and inserting the already
  validated rows with one raw executemany (SQLite) / COPY (PostgreSQL).
"""

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
PGBIN = Path("/usr/lib/postgresql/15/bin")
PGPORT = 55433
BAD_SHARE = 0.03
HEADER = [
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "手机号",
    "入会日期",
    "学历",
    "民族",
    "农民工",
    "劳务派遣工",
    "新就业形态劳动者",
    "劳模",
]
BY_UNION = 20  # unions a district roster spreads its rows over (gonghui_by_union)
ENV = {
    "GONGHUI_FIELD_ENCRYPTION_KEYS": "bench1:YmVuY2gtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE",
    "GONGHUI_BLIND_INDEX_KEY": "bench-only-blind-index-key",
    "GONGHUI_SECRET_KEY": "bench-only-" + "k" * 50,
    "DJANGO_SETTINGS_MODULE": "gonghui.settings.base",  # DEBUG off: no query log
}


# ---- parent: files, databases, subprocesses, table ------------------------------------------


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_roster(count: int) -> Path:
    """The demo generator's rows with ~3% made bad the ways real rosters are bad."""
    path = CACHE / f"roster-{count}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    from gonghui.members.demo import roster_rows

    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(count)
    workbook = xlsxwriter.Workbook(
        str(path) + ".tmp", {"constant_memory": True, "strings_to_numbers": False}
    )
    ws = workbook.add_worksheet("花名册")
    ws.write_row(0, 0, HEADER)
    rows = roster_rows(seed=7, count=count, union_name="基准测试工会")
    for n, row in enumerate(rows, start=1):
        cells = [row[h] for h in HEADER]
        if rng.random() < BAD_SHARE:
            _spoil(rng, cells)
        ws.write_row(n, 0, cells)
    workbook.close()
    Path(str(path) + ".tmp").rename(path)
    return path


def make_roster_by_union(xlsx: Path) -> Path:
    """The same rows with a 工会 column naming one of the bench's unions (by name, or by USCC
    for every fifth row), as a district sends a roster of many unions."""
    import xlsxwriter

    from gonghui.core.importing.readers import SheetReader

    path = xlsx.with_name(xlsx.stem + "-by-union.xlsx")
    if path.exists():
        return path
    rng = random.Random(len(BY_UNION_NAMES))
    workbook = xlsxwriter.Workbook(
        str(path) + ".tmp", {"constant_memory": True, "strings_to_numbers": False}
    )
    ws = workbook.add_worksheet("花名册")
    for n, cells in SheetReader(xlsx, "xlsx").rows():
        if n == 1:
            union = "工会"
        else:
            i = rng.randrange(BY_UNION)
            union = _bench_uscc(i) if n % 5 == 0 else BY_UNION_NAMES[i]
        ws.write_row(n - 1, 0, [*cells, union])
    workbook.close()
    Path(str(path) + ".tmp").rename(path)
    return path


BY_UNION_NAMES = [f"基准测试{i + 1:02d}公司工会" for i in range(BY_UNION)]


def _bench_uscc(i: int) -> str:
    from gonghui.demo.numbers import uscc

    return uscc("81", "440113", i + 1, lead="BU")


def make_roster_csv(xlsx: Path) -> Path:
    """The same rows as CSV (UTF-8 with BOM): the reader that streams in constant memory."""
    import csv

    from gonghui.core.importing.readers import SheetReader

    path = xlsx.with_suffix(".csv")
    if not path.exists():
        with open(str(path) + ".tmp", "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            for _n, cells in SheetReader(xlsx, "xlsx").rows():
                writer.writerow(["" if c is None else c for c in cells])
        Path(str(path) + ".tmp").rename(path)
    return path


def _spoil(rng: random.Random, cells: list) -> None:
    kind = rng.randrange(4)
    if kind == 0:  # wrong check character
        cells[1] = cells[1][:17] + ("0" if cells[1][17] != "0" else "1")
    elif kind == 1:  # RIC kept as a number by Excel
        cells[1] = float(cells[1][:17])
    elif kind == 2:
        cells[5] = "2020-02-30"
    else:
        cells[4] = "1234567"


class Postgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="gonghui-bench-pg-"))
        shutil.chown(self.dir, "postgres", "postgres") if os.getuid() == 0 else None

    def _pg(self, command: str) -> None:
        if os.getuid() == 0:
            subprocess.run(
                ["su", "postgres", "-s", "/bin/bash", "-c", command],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        else:
            subprocess.run(["bash", "-c", command], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        data = self.dir / "data"
        self._pg(f"{PGBIN}/initdb -D {data} -U postgres -A trust -E UTF8 --locale=C.UTF-8")
        self._pg(
            f"{PGBIN}/pg_ctl -D {data} -o '-p {PGPORT} -k {self.dir} "
            f"-c listen_addresses=127.0.0.1' -l {self.dir}/log -w start"
        )

    def createdb(self, name: str, template: str | None = None) -> str:
        extra = f" -T {template}" if template else ""
        self._pg(f"{PGBIN}/createdb -h 127.0.0.1 -p {PGPORT} -U postgres{extra} {name}")
        return f"postgres://postgres@127.0.0.1:{PGPORT}/{name}"

    def stop(self) -> None:
        self._pg(f"{PGBIN}/pg_ctl -D {self.dir / 'data'} -m immediate stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def child(config: str, db_url: str, file: Path, var_dir: Path) -> dict:
    """Run one configuration in a fresh process; sample the memory of its process tree."""
    env = {**os.environ, **ENV, "DATABASE_URL": db_url, "GONGHUI_VAR_DIR": str(var_dir)}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", config, "--file", str(file)],
            env=env,
            stdout=out,
            stderr=err,
            cwd=ROOT,
        )
        tree_kb = 0
        while proc.poll() is None:
            tree_kb = max(tree_kb, sum(_pss_kb(pid) for pid in _tree(proc.pid)))
            time.sleep(0.5)  # smaps_rollup costs ms and stalls the process it reads
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        return {"error": stderr.strip().splitlines()[-1] if stderr else "failed"}
    result = json.loads(stdout.strip().splitlines()[-1])
    # The process's own peak, or the tree's summed peak if the child made it larger.
    result["rss_mb"] = max(result.get("rss_mb", 0), tree_kb / 1024)
    return result


def _tree(pid: int) -> list[int]:
    """A process and its descendants (the child that reads and checks)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            pids += [p for child in task.read_text().split() for p in _tree(int(child))]
    return pids


def _pss_kb(pid: int) -> int:
    """Proportional set size: a forked child shares pages with its parent, and PSS counts
    a shared page once across them, where summing RSS would count it in every process."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def database(kind: str, pg: Postgres | None, template: Path | None, tag: str) -> str:
    """A fresh, migrated database with the bench union in it."""
    if kind == "pg":
        return pg.createdb(f"bench_{tag}", "bench_template")
    target = template.parent / f"{tag}.sqlite3"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


def prepare(kind: str, pg: Postgres | None, work: Path) -> Path | None:
    if kind == "pg":
        url = pg.createdb("bench_template")
        out = child("setup", url, Path("-"), work)
        assert "error" not in out, out
        return None
    template = work / "template.sqlite3"
    out = child("setup", f"sqlite:///{template}", Path("-"), work)
    assert "error" not in out, out
    return template


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,400000")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated configs to run")
    parser.add_argument("--iie-on", default="sqlite", help="backends for django-import-export")
    parser.add_argument(
        "--iie-max",
        type=int,
        default=400_000,
        help="largest size for django-import-export (it is slow)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    _django({**ENV, "GONGHUI_VAR_DIR": tempfile.mkdtemp(prefix="gonghui-bench-gen-")})
    files = {n: make_roster(n) for n in sizes}
    work = Path(tempfile.mkdtemp(prefix="gonghui-bench-"))
    # A killed bench still stops its PostgreSQL (the finally below runs on SIGTERM too).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    pg = None if args.no_pg else Postgres()
    results = []
    try:
        if pg:
            pg.start()
        backends = ["sqlite"] + ([] if args.no_pg else ["pg"])
        templates = {b: prepare(b, pg, work) for b in backends}
        for n in sizes:
            for source in (files[n], make_roster_csv(files[n])):
                name = f"读取文件 .{source.suffix[1:]}（同一读取器，下限）"
                results.append((name, "—", n, child("read", "sqlite://:memory:", source, work)))
                print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
            for backend in backends:
                label = "SQLite" if backend == "sqlite" else "PostgreSQL"
                for config, name in CONFIGS:
                    if args.only and config not in args.only.split(","):
                        continue
                    if config == "gonghui_csv" and backend != "sqlite":
                        continue  # the reader is what differs; one backend shows it
                    if config == "iie" and (n > args.iie_max or backend not in args.iie_on):
                        why = "太慢" if n > args.iie_max else "仅在 SQLite 上比较"
                        results.append((name, label, n, {"skipped": why}))
                        continue
                    source = {
                        "gonghui_csv": make_roster_csv,
                        "gonghui_by_union": make_roster_by_union,
                    }.get(config, lambda f: f)(files[n])
                    url = database(backend, pg, templates[backend], f"{config}_{n}")
                    results.append((name, label, n, child(config, url, source, work)))
                    print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    load = os.getloadavg()
    print(
        f"\n{os.cpu_count()} CPU，测量结束时负载 {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
        "（1/5/15 分钟；同机其他进程会拉低所有配置的速度）"
    )


CONFIGS = (
    ("gonghui", "工会平台导入 .xlsx（读+校验+写）"),
    ("gonghui_csv", "工会平台导入 .csv（读+校验+写）"),
    ("gonghui_by_union", f"工会平台导入 .xlsx，按“工会”列分到{BY_UNION}个工会"),
    ("floor", "写入已校验行（executemany/COPY，下限）"),
    ("iie", "django-import-export（最快设置）"),
)


def table(results: list) -> str:
    lines = [
        "| 配置 | 数据库 | 行数 | 用时 (s) | 行/秒 | CPU (s) | 行/CPU秒 | 峰值内存 RSS (MB，含子进程) | 备注 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, db, n, r in results:
        if r.get("skipped"):
            lines.append(f"| {name} | {db} | {n:,} | — | — | — | — | — | 未测（{r['skipped']}） |")
        elif "error" in r:
            lines.append(f"| {name} | {db} | {n:,} | — | — | — | — | — | 失败：{r['error'][:80]} |")
        else:
            cpu = r.get("cpu")
            cpu_cells = f"{cpu:.1f} | {n / cpu:,.0f}" if cpu else "— | —"
            lines.append(
                f"| {name} | {db} | {n:,} | {r['seconds']:.1f} | {n / r['seconds']:,.0f} | "
                f"{cpu_cells} | {r['rss_mb']:.0f} | {r.get('note', '')} |"
            )
    return "\n".join(lines)


# ---- children: one configuration each -------------------------------------------------------


def _rss_mb() -> float:
    """Peak RSS of this process's own memory.

    Linux carries the parent's high-water mark into a child's ru_maxrss across
    vfork/exec, so ru_maxrss of a child started by a big parent is at least the parent's
    peak; VmHWM in /proc/self/status counts the child's own address space only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(config: str, file: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if config == "setup":
        return setup()
    started, cpu = time.perf_counter(), _cpu()
    note = globals()[f"bench_{config}"](file)
    seconds = time.perf_counter() - started
    # The child's CPU counts too (RUSAGE_CHILDREN: the children that have ended).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = _cpu() - cpu + children.ru_utime + children.ru_stime
    return {"seconds": seconds, "cpu": cpu, "rss_mb": _rss_mb(), "note": note}


def _cpu() -> float:
    """CPU seconds of this process: steadier than wall time on a shared, busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup() -> dict:
    from django.core.management import call_command

    from gonghui.accounts.models import User
    from gonghui.orgs.choices import OrgKind, UnionForm
    from gonghui.orgs.services import organization_create_root

    call_command("migrate", verbosity=0)
    district = organization_create_root(name="番禺区总工会", division_code="440113")
    from gonghui.orgs.models import Organization

    union = Organization.objects.create(
        parent=district,
        kind=OrgKind.GRASSROOTS,
        form=UnionForm.SINGLE,
        name="基准测试工会",
        path="tmp/",
        depth=1,
    )
    union.path = f"{district.path}{union.pk}/"
    union.save(update_fields=["path"])
    for i, name in enumerate(BY_UNION_NAMES):
        other = Organization.objects.create(
            parent=district,
            kind=OrgKind.GRASSROOTS,
            form=UnionForm.SINGLE,
            name=name,
            uscc=_bench_uscc(i),
            path=f"tmp{i}/",
            depth=1,
        )
        other.path = f"{district.path}{other.pk}/"
        other.save(update_fields=["path"])
    User.objects.create(username="bench", role="district_admin", organization=district)
    return {"ok": True}


def _context():
    from gonghui.accounts.models import User
    from gonghui.orgs.models import Organization

    return User.objects.get(username="bench"), Organization.objects.get(name="基准测试工会")


def _run(file: Path, *, by_union: bool = False):
    from django.conf import settings

    from gonghui.core.importing.models import ImportRun

    user, union = _context()
    if by_union:  # no chosen union: the district's run, each row where its 工会 cell says
        union = None
    target = Path(settings.MEDIA_ROOT) / "imports" / file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.symlink(file, target)
    return ImportRun.objects.create(
        kind="members",
        original_name=file.name,
        file_format=file.suffix.lstrip("."),
        file_path=f"imports/{file.name}",
        target_id=union.pk if union else None,
        target_label=union.name if union else "",
        created_by=user,
        org_path=union.path if union else user.organization.path,
    )


def bench_gonghui_csv(file: Path) -> str:
    return bench_gonghui(file)


def bench_gonghui_by_union(file: Path) -> str:
    return bench_gonghui(file, by_union=True)


def bench_gonghui(file: Path, *, by_union: bool = False) -> str:
    from gonghui.core.importing.pipeline import execute

    run = _run(file, by_union=by_union)
    execute(run, lambda done, total: None)
    run.refresh_from_db()
    return f"新增{run.created:,}，未导入{run.rejected:,}"


def bench_read(file: Path) -> str:
    from gonghui.core.importing.readers import SheetReader

    file_format = file.suffix.lstrip(".")
    # What the import uses for a file this big (checked apart: an .xlsx read streaming).
    reader = SheetReader(file, file_format, stream=True)
    count = sum(1 for _ in reader.rows())
    if file_format == "csv":
        name = "csv 模块"
    else:
        name = "xlsx_stream 流式" if reader.streaming else "python-calamine"
    return f"{count:,} 行（{name}）"


def bench_floor(file: Path) -> str:
    """Validate outside the clock, then time only the raw insert of the valid rows."""
    from django.db import connection, transaction

    from gonghui.core.importing import pipeline
    from gonghui.core.importing.bulk import insert_rows, tuned_for_bulk_writes
    from gonghui.members.importers import MemberImporter
    from gonghui.members.models import Member

    rows = []
    original = MemberImporter.upsert

    def collect(self, records, *, write):
        outcome = original(self, records, write=False)
        rows.extend(r["_insert"] for r in records)  # made while checking
        return outcome

    MemberImporter.upsert = collect
    run = _run(file)
    run.dry_run = True
    pipeline.execute(run, lambda done, total: None)
    started, cpu = time.perf_counter(), _cpu()
    with tuned_for_bulk_writes(), transaction.atomic():  # the importer's own settings
        insert_rows(Member, rows)
    global _FLOOR_SECONDS, _FLOOR_CPU
    _FLOOR_SECONDS, _FLOOR_CPU = time.perf_counter() - started, _cpu() - cpu
    kind = "COPY" if connection.vendor == "postgresql" else "executemany"
    return f"{len(rows):,} 行，一次 {kind}"


_FLOOR_SECONDS = _FLOOR_CPU = None


def bench_iie(file: Path) -> str:
    import tablib
    from import_export import fields, resources, widgets

    from gonghui.core.identity import identity_values, normalize_phone
    from gonghui.members.models import Member

    user, union = _context()
    sex = {"男": "M", "女": "F"}
    edu = {str(label): code for code, label in Member._meta.get_field("education").choices}

    class MemberResource(resources.ModelResource):
        姓名 = fields.Field(attribute="name", column_name="姓名")
        出生日期 = fields.Field(
            attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget("%Y-%m-%d")
        )
        入会日期 = fields.Field(
            attribute="joined_on", column_name="入会日期", widget=widgets.DateWidget("%Y-%m-%d")
        )
        民族 = fields.Field(attribute="ethnicity", column_name="民族")

        class Meta:
            model = Member
            fields = ("ric_hash", "姓名", "出生日期", "入会日期", "民族")
            import_id_fields = ("ric_hash",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            skip_unchanged = False
            report_skipped = False
            clean_model_instances = False

        def before_import_row(self, row, **kwargs):
            ric = str(row["身份证号"])
            phone = normalize_phone(str(row["手机号"] or "")) if row["手机号"] else ""
            row.update(identity_values(ric=ric, phone=phone))
            row["sex"] = sex.get(row["性别"], "M")

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            for key in (
                "ric",
                "ric_hash",
                "ric_last4",
                "phone",
                "phone_hash",
                "phone_last4",
                "sex",
            ):
                setattr(instance, key, row[key])
            instance.education = edu.get(row["学历"], "")
            instance.union_id = union.pk
            instance.org_path = union.path

    with open(file, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    dataset.append_col([""] * len(dataset), header="ric_hash")  # the key, filled per row
    result = MemberResource().import_data(
        dataset, dry_run=False, raise_errors=False, use_transactions=False
    )
    saved = Member.objects.count()
    return f"写入{saved:,}（不校验身份证号；读取用 tablib/openpyxl）" + (
        f"，{len(result.invalid_rows) + len(result.row_errors())}行出错"
        if result.has_errors() or result.has_validation_errors()
        else ""
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        config = sys.argv[sys.argv.index("--child") + 1]
        file = Path(sys.argv[sys.argv.index("--file") + 1])
        out = run_child(config, file)
        if config == "floor" and _FLOOR_SECONDS is not None:
            out["seconds"], out["cpu"] = _FLOOR_SECONDS, _FLOOR_CPU
        print(json.dumps(out, ensure_ascii=False))
        with (CACHE / "results.jsonl").open("a") as log:  # every measurement, for the docs
            log.write(json.dumps({"config": config, "file": file.name, **out}) + "\n")
    else:
        main()
