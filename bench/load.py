"""A bounded mixed load on the production server (issue #11): writes and reads at once.

    .venv/bin/python bench/load.py [--seconds 30] [--writers 20] [--write-rate 110]
        [--readers 20] [--read-rate 2] [--workers 4] [--threads 4] [--var-dir DIR] [--reuse]
    DATABASE_URL=postgres://... .venv/bin/python bench/load.py ...

Builds a small demo district fresh (SQLite in `--var-dir`, or the database of DATABASE_URL,
emptied first) unless `--reuse`, serves it with gunicorn under `bench.settings`
(bench/_server.py), and for `--seconds` runs, each in its own process on a kept-alive
connection:

- `--writers` staff clients, each logged in as a town's staff through the login page and
  taking turns at three writes: a worker's complaint through the public complaint page
  (`/m/complaint/`), a case note by staff (the case's note page, `/rights/cases/<pk>/notes/`)
  and a member edit (`PATCH /api/v1/members/<pk>` with the version, by API token). Together
  they offer `--write-rate` writes/s (0: each as fast as it can);
- `--readers` staff clients (district and town staff, logged in the same way) taking turns
  at list pages, detail pages and API lists, each at `--read-rate` requests/s (0: as fast
  as it can).

The complaint page limits complaints per phone and per IP (rights.services.portal); each
complaint comes from its own phone and its own address in `X-Forwarded-For`, as if every
worker were someone else. The site believes that header only from a trusted proxy:
`bench.settings` trusts loopback (`TRUSTED_PROXIES`), where nginx stands in production, so
the limits are counted and enforced on every post as they are behind nginx, and none is
refused.

It prints, per kind, what was done, the rate, p50/p99 latency and the errors (any answer
that is not 2xx/3xx, a complaint page that did not accept, a connection dropped; by code),
with a 409 (a stale version) counted apart as expected; then checks the database holds
exactly the complaints, notes and member edits that were answered as done.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import TRIVIAL, cookies_of, get, login, serve, stop  # noqa: E402

WRITE_KINDS = ("complaint", "case note", "member edit")
READ_KINDS = ("list page", "detail page", "API list")
LIST_PAGES = ["/members/", "/rights/cases/", "/employers/", "/members/?name=张"]
API_LISTS = ["/api/v1/members?page=2", "/api/v1/rights/cases", "/api/v1/employers"]
EDUCATION = ("senior", "college")  # a member edit flips between these


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=20, help="staff clients that write")
    parser.add_argument(
        "--write-rate", type=float, default=110.0, help="writes/s offered by all writers (0: max)"
    )
    parser.add_argument("--readers", type=int, default=20, help="staff clients that read")
    parser.add_argument(
        "--read-rate", type=float, default=2.0, help="requests/s of each reader (0: max)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--scale", default="small", help="demo district scale")
    parser.add_argument("--var-dir", help="SQLite database and files (a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


# ---- the database: a fresh demo district and what the clients need from it --------------


def setup(args: argparse.Namespace) -> None:
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="gonghui-load-")).resolve()
    (var_dir / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    os.environ["GONGHUI_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sqlite = not os.environ.get("DATABASE_URL")
    if sqlite and not args.reuse:
        for leftover in var_dir.glob("gonghui.sqlite3*"):
            leftover.unlink()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if not sqlite and not args.reuse:
        call_command("flush", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.apps import apps

    if apps.is_installed("axes"):  # a reused database may hold an earlier run's login locks
        call_command("axes_reset", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo_district", scale=args.scale, members=True, if_empty=True, stdout=quiet)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a production database has them
    print(
        f"demo district ({args.scale}) ready in {time.perf_counter() - started:.1f} s on "
        f"{connection.vendor} ({'fresh' if not args.reuse else 'reused'}; {var_dir})"
    )


def plan(args: argparse.Namespace) -> dict:
    """Who each client is and which rows it touches; the row counts to check against."""
    from gonghui.accounts.models import User
    from gonghui.accounts.roles import Role
    from gonghui.accounts.services import token_create
    from gonghui.members.models import Member
    from gonghui.rights.services.registration import NOTE_STATES

    rng = random.Random(args.seed)
    towns = list(User.objects.filter(role=Role.TOWN_STAFF, is_active=True).order_by("pk"))
    district = User.objects.filter(role=Role.DISTRICT_STAFF, is_active=True).order_by("pk")[0]
    writers = []
    taken: set[int] = set()
    # Each writer's complaints get phones and addresses from its own block of numbers.
    base = random.Random().randrange(1 << 24)
    for i in range(args.writers):
        user = towns[i % len(towns)]
        cases = _cases(user, NOTE_STATES)
        members = [
            (pk, version)
            for pk, version in Member.objects.visible_to(user, "members.edit")
            .exclude(pk__in=taken)
            .order_by("?")
            .values_list("pk", "version")[:200]
        ]
        taken.update(pk for pk, _ in members)
        _, key = token_create(user=user, name=f"bench-load-{i}", days=1)
        writers.append(
            {
                "username": user.username,
                "cases": cases,
                "members": members,
                "token": key,
                "base": base + i * 100_000,
            }
        )
    readers = []
    for i in range(args.readers):
        user = district if i % 2 == 0 else towns[i % len(towns)]
        cases = _cases(user, None)
        members = list(
            Member.objects.visible_to(user, "members.view")
            .order_by("?")
            .values_list("pk", flat=True)[:50]
        )
        readers.append(
            {
                "username": user.username,
                "details": [f"/rights/cases/{pk}/" for pk in cases[:50]]
                + [f"/members/{pk}/" for pk in members],
                "seed": rng.randrange(1 << 30),
            }
        )
    empty = [w["username"] for w in writers if not w["cases"] or not w["members"]]
    if empty:
        raise SystemExit(f"no case to note or member to edit for {empty}")
    return {"writers": writers, "readers": readers, "counts": counts()}


def _cases(user, states) -> list[int]:
    from gonghui.rights.models import Case

    rows = Case.objects.visible_to(user, "rights.handle" if states else "rights.view")
    if states:
        rows = rows.filter(state__in=states)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:200])


def counts() -> dict[str, int]:
    from gonghui.core.models import AuditEntry
    from gonghui.rights.models import Case, CaseNote

    return {
        "complaint": Case.objects.filter(channel="online").count(),
        "case note": CaseNote.objects.count(),
        "member edit": AuditEntry.objects.filter(action="members.member.updated").count(),
    }


# ---- the clients ----------------------------------------------------------------------------


class Connection:
    """One kept-alive connection; reopened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes, dict]:
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, b"", {}
        if response.will_close:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return response.status, data, cookies_of(response)


def _paced(start: float, seconds: float, interval: float):
    """Yields the index of each request, sleeping to its slot; when behind, no burst."""
    end = start + seconds
    slot = start
    i = 0
    while True:
        now = time.monotonic()
        if slot > now:
            time.sleep(slot - now)
        if time.monotonic() >= end:
            return
        yield i
        i += 1
        slot = max(slot + interval, time.monotonic() - interval) if interval else 0


def writer(port: int, me: dict, n: int, start: float, seconds: float, interval: float, out):
    """Complaint, case note, member edit in turn; each result (kind, seconds, outcome)."""
    conn = Connection(port)
    cookie = me["cookie"]
    csrf = cookie.rsplit("csrftoken=", 1)[1]
    members = list(me["members"])
    versions = dict(members)
    rng = random.Random(n)
    results = []
    for i in _paced(start, seconds, interval):
        kind = WRITE_KINDS[(i + n) % 3]
        t0 = time.monotonic()
        if kind == "complaint":
            uid = me["base"] + i  # distinct in this run and, very likely, from earlier runs
            phone = f"13{uid % 10**9:09d}"
            body = urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "kind": "complaint",
                    "subject": "wages",
                    "summary": f"公司拖欠三个月工资，压测第{n}-{i}条。",
                    "employer_name": "",
                    "amount_claimed": "1200.00",
                    "contact_name": "压测职工",
                    "phone": phone,
                    "consent": "on",
                }
            )
            headers = {
                "Cookie": f"csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": f"10.{uid >> 16 & 255}.{uid >> 8 & 255}.{uid & 255}",
            }
            status, data, _ = conn.request("POST", "/m/complaint/", body, headers)
            outcome = status if status != 200 or b'id="tracking-code"' in data else "refused"
            outcome = "ok" if outcome == 200 else outcome
        elif kind == "case note":
            case = rng.choice(me["cases"])
            body = urlencode(
                {"csrfmiddlewaretoken": csrf, "kind": "contact", "text": f"电话联系当事人（{i}）"}
            )
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            status, _, _ = conn.request("POST", f"/rights/cases/{case}/notes/", body, headers)
            # The page redirects to the case either way; a refusal leaves its message.
            outcome = "ok" if status == 302 else status
        else:
            pk, _ = members[i % len(members)]
            patch = {"version": versions[pk], "education": EDUCATION[(i // len(members)) % 2]}
            headers = {
                "Authorization": f"Bearer {me['token']}",
                "Content-Type": "application/json",
            }
            status, data, _ = conn.request(
                "PATCH", f"/api/v1/members/{pk}", json.dumps(patch), headers
            )
            if status == 200:
                versions[pk] = json.loads(data)["version"]
                outcome = "ok"
            elif status == 409:
                outcome = "conflict"
                status, data, _ = conn.request("GET", f"/api/v1/members/{pk}", None, headers)
                if status == 200:
                    versions[pk] = json.loads(data)["version"]
            else:
                outcome = status
        results.append((kind, time.monotonic() - t0, outcome))
    out.put(results)


def reader(port: int, me: dict, start: float, seconds: float, interval: float, out):
    """List page, detail page, API list in turn, as the reader's session."""
    conn = Connection(port)
    rng = random.Random(me["seed"])
    headers = {"Cookie": me["cookie"]}
    results = []
    for i in _paced(start + rng.random() * interval, seconds, interval):
        kind = READ_KINDS[i % 3]
        if kind == "list page":
            path = rng.choice(LIST_PAGES)
        elif kind == "detail page":
            path = rng.choice(me["details"])
        else:
            path = rng.choice(API_LISTS)
        t0 = time.monotonic()
        status, _, _ = conn.request("GET", path.replace("张", "%E5%BC%A0"), None, headers)
        results.append((kind, time.monotonic() - t0, "ok" if 200 <= status < 400 else status))
    out.put(results)


# ---- the run --------------------------------------------------------------------------------


def run(args: argparse.Namespace, setup_plan: dict) -> dict[str, list]:
    from gonghui.demo.context import DEMO_PASSWORD

    for client in setup_plan["writers"] + setup_plan["readers"]:
        client["cookie"] = login(args.port, client["username"], DEMO_PASSWORD)
    for path in LIST_PAGES:  # the first request of a page fills the caches
        get(args.port, path.replace("张", "%E5%BC%A0"), setup_plan["readers"][0]["cookie"])
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    start = time.monotonic() + 1.0
    write_interval = args.writers / args.write_rate if args.write_rate else 0.0
    read_interval = 1 / args.read_rate if args.read_rate else 0.0
    processes = [
        context.Process(
            target=writer, args=(args.port, me, n, start, args.seconds, write_interval, out)
        )
        for n, me in enumerate(setup_plan["writers"])
    ] + [
        context.Process(
            target=reader, args=(args.port, me, start, args.seconds, read_interval, out)
        )
        for me in setup_plan["readers"]
    ]
    for process in processes:
        process.start()
    by_kind: dict[str, list] = defaultdict(list)
    for _ in processes:
        for kind, seconds, outcome in out.get():
            by_kind[kind].append((seconds, outcome))
    for process in processes:
        process.join()
    return by_kind


def _percentile(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, int(len(times) * q))] * 1000 if times else 0.0


def report(args: argparse.Namespace, by_kind: dict[str, list], before: dict, after: dict) -> bool:
    from django.db import connection

    elapsed = args.seconds

    def line(label: str, rows: list) -> tuple[str, int]:
        times = sorted(s for s, _ in rows)
        outcomes = Counter(o for _, o in rows)
        done = outcomes.pop("ok", 0)
        conflicts = outcomes.pop("conflict", 0)
        errors = ", ".join(f"{code}: {n}" for code, n in sorted(outcomes.items(), key=str))
        text = (
            f"| {label} | {done} | {done / elapsed:.1f} | {_percentile(times, 0.5):.0f} "
            f"| {_percentile(times, 0.99):.0f} | {conflicts} | {errors or 0} |"
        )
        return text, sum(outcomes.values())

    print(
        f"\n{connection.vendor}, gunicorn {args.workers} workers × {args.threads} threads; "
        f"{args.writers} writers offering {args.write_rate or 'max'} writes/s, {args.readers} "
        f"readers at {args.read_rate or 'max'} req/s each; {args.seconds:.0f} s\n"
    )
    print("| kind | done | per s | p50 ms | p99 ms | 409 | errors |")
    print("|---|---:|---:|---:|---:|---:|---|")
    errors = 0
    for group, kinds in (("all writes", WRITE_KINDS), ("all reads", READ_KINDS)):
        for kind in kinds:
            text, n = line(kind, by_kind.get(kind, []))
            print(text)
            errors += n
        text, _ = line(f"**{group}**", [r for k in kinds for r in by_kind.get(k, [])])
        print(text)
    print()
    whole = True
    for kind in WRITE_KINDS:
        answered = sum(1 for _, o in by_kind.get(kind, []) if o == "ok")
        stored = after[kind] - before[kind]
        whole &= stored == answered
        print(f"{kind}: {answered} answered as done, {stored} stored")
    return errors == 0 and whole


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection

    setup_plan = plan(args)
    connection.close()
    print(f"load at start (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    server = serve(args)
    try:
        status, _ = get(args.port, TRIVIAL)
        assert status == 200
        by_kind = run(args, setup_plan)
    finally:
        stop(server)
    after = counts()
    ok = report(args, by_kind, setup_plan["counts"], after)
    print(f"load at end (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
