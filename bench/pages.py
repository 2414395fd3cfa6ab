"""Page timings on a district-scale database: each staff page as a district and a town user.

    .venv/bin/python bench/pages.py [--scale district] [--rounds 5] [--var-dir DIR]
    .venv/bin/python bench/pages.py --concurrent 8 [--seconds 10] [--var-dir DIR]

Builds the demo district (with members) once into `--var-dir` (a temporary folder unless
given; a later run on the same folder reuses it) on SQLite, or on the database of
DATABASE_URL when set. Settings: `bench.settings` (production, HTTP on localhost).

Sequential (default): requests each page through Django's test client and prints the
median wall time and SQL query count per page and persona.

Concurrent (`--concurrent N`, issue #10): serves the site with the production server
(gunicorn, as docs/operations.md says), logs in N sessions per persona through the login
page, then for each page has N client processes request it on kept-alive connections for
`--seconds` and prints req/s, its ratio to two trivial pages of the same server, and p50/p99
latency. The target's reference is the trivial *staff* page (`/notifications/`, empty: the
session, the user, the menu and its badges, the base layout, no list) as the same persona:
it costs what every staff page costs before its own content, so the ratio says what the
list itself costs. `/healthz` (no session, no query, no template) is printed too: it
measures the server alone, measured first and last; its ratio is to the first.
"""

import argparse
import http.client
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import TRIVIAL, get, login, serve, stop  # noqa: E402

PAGES = [
    "/",
    "/orgs/",
    "/orgs/list/",
    "/employers/",
    "/employers/?has_union=no&band=100-199",
    "/employers/?q=电子",
    "/orgs/terms/",
    "/orgs/coverage/",
    "/api/v1/employers?page=3",
    "/members/",
    "/members/?name=张",
    "/api/v1/members?page=3",
    "/rights/cases/",
    "/rights/stats/",
]
# Pages only the concurrent mode adds: name searches that match few rows (a full scan
# without a text index finds them last) and a page far into the district's member list.
EXTRA_PAGES = [
    "/members/?name=张伟",
    "/members/?name=欧阳",
    "/employers/?q=电子科技",
    "/members/?page=15",
]
PERSONAS = ("admin", "shiqiao")
# The authenticated trivial page: the user's notifications (empty in the demo), a real page
# that costs what every staff page costs before its own content (docs/benchmarks.md).
STAFF_TRIVIAL = "/notifications/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district")
    parser.add_argument("--rounds", type=int, default=5, help="sequential: requests per page")
    parser.add_argument("--var-dir", help="where the demo database lives (kept between runs)")
    parser.add_argument("--concurrent", type=int, default=0, help="clients at once (0: sequential)")
    parser.add_argument("--seconds", type=float, default=10.0, help="concurrent: time per page")
    parser.add_argument("--workers", type=int, default=4, help="concurrent: gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="concurrent: threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="comma-separated pages to measure")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> None:
    """Django with the bench settings, the schema and the demo district (built once)."""
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="gonghui-bench-")).resolve()
    (var_dir / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    os.environ["GONGHUI_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo_district", scale=args.scale, members=True, if_empty=True, stdout=quiet)
    print(
        f"demo district ({args.scale}) ready in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor} ({os.environ['GONGHUI_VAR_DIR']})"
    )
    # Fresh planner statistics, as a production database has them (`manage.py` does not
    # run ANALYZE; PostgreSQL's autovacuum would, SQLite's `PRAGMA optimize` too).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def pages(args: argparse.Namespace) -> list[str]:
    if args.only:
        return args.only.split(",")
    return PAGES + (EXTRA_PAGES if args.concurrent else [])


# ---- sequential: the test client --------------------------------------------------------


def sequential(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from gonghui.accounts.models import User

    setup_test_environment()
    print("| page | persona | median ms | queries |\n|---|---|---:|---:|")
    for username in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in pages(args):
            times = []
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            print(f"| `{url}` | {username} | {statistics.median(times):.0f} | {len(queries)} |")


# ---- concurrent: the production server --------------------------------------------------


def _client(port: int, path: str, cookie: str, start: float, seconds: float, out) -> None:
    """One client: requests `path` on one kept-alive connection until `start + seconds`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    url = quote(path, safe="/?=&")
    times, errors = [], 0
    time.sleep(max(0.0, start - time.monotonic()))
    end = start + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        times.append(time.monotonic() - t0)
        errors += response.status != 200
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out.put((times, errors, time.monotonic()))


def hammer(port: int, path: str, cookies: list[str], seconds: float) -> dict[str, float]:
    """All clients at once on one page; req/s over the whole run, p50 and p99 in ms."""
    for cookie in cookies[:2]:  # warm: the first request fills caches and the page cache
        get(port, path, cookie)
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    start = time.monotonic() + 0.5
    clients = [
        context.Process(target=_client, args=(port, path, cookie, start, seconds, out))
        for cookie in cookies
    ]
    for client in clients:
        client.start()
    results = [out.get() for _ in clients]
    for client in clients:
        client.join()
    times = sorted(t for r in results for t in r[0])
    elapsed = max(r[2] for r in results) - start
    return {
        "rps": len(times) / elapsed,
        "p50": times[len(times) // 2] * 1000,
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
        "errors": sum(r[1] for r in results),
        "n": len(times),
    }


def concurrent(args: argparse.Namespace) -> None:
    from gonghui.demo.context import DEMO_PASSWORD

    server = serve(args)
    try:
        sessions = {
            name: [login(args.port, name, DEMO_PASSWORD) for _ in range(args.concurrent)]
            for name in PERSONAS
        }
        trivial = hammer(args.port, TRIVIAL, [""] * args.concurrent, args.seconds)
        print(
            f"\ngunicorn {args.workers} workers × {args.threads} threads, {args.concurrent} "
            f"clients, {args.seconds:.0f} s per page; trivial page {TRIVIAL}: "
            f"{trivial['rps']:.0f} req/s, p50 {trivial['p50']:.1f} ms, p99 {trivial['p99']:.1f} ms"
        )
        # The reference the target is measured against: a staff page through the same stack
        # as every list (session, user, menu with its badges, base layout) and no list.
        staff = {
            name: hammer(args.port, STAFF_TRIVIAL, sessions[name], args.seconds)
            for name in PERSONAS
        }
        for name, r in staff.items():
            print(
                f"trivial staff page {STAFF_TRIVIAL} as {name}: {r['rps']:.0f} req/s, "
                f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms"
            )
        print(
            "\n| page | persona | req/s | × staff page | × /healthz | p50 ms | p99 ms |"
            "\n|---|---|---:|---:|---:|---:|---:|"
        )
        for name in PERSONAS:
            for path in pages(args):
                r = hammer(args.port, path, sessions[name], args.seconds)
                note = f" ({r['errors']} errors)" if r["errors"] else ""
                print(
                    f"| `{path}` | {name} | {r['rps']:.1f} | {r['rps'] / staff[name]['rps']:.2f} "
                    f"| {r['rps'] / trivial['rps']:.2f} | {r['p50']:.0f} | {r['p99']:.0f}{note} |",
                    flush=True,
                )
        again = hammer(args.port, TRIVIAL, [""] * args.concurrent, args.seconds)
        print(
            f"\ntrivial page again at the end: {again['rps']:.0f} req/s, p99 {again['p99']:.1f} ms"
        )
    finally:
        stop(server)


def main() -> None:
    args = parse_args()
    setup(args)
    if args.concurrent:
        concurrent(args)
    else:
        sequential(args)


if __name__ == "__main__":
    main()
