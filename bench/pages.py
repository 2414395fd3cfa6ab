"""Page timings on a district-scale database: each staff page as a district and a town user.

Usage: .venv/bin/python bench/pages.py [--scale district] [--rounds 5]
Builds the demo district into a temporary SQLite database (or uses DATABASE_URL if set and
empty), then requests each page through Django's test client and prints one table:
median wall time and SQL query count per page and persona.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GONGHUI_VAR_DIR", tempfile.mkdtemp(prefix="gonghui-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.local")
os.environ["GONGHUI_DEBUG"] = "0"

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from gonghui.accounts.models import User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo_district", scale=args.scale, members=True, if_empty=True, stdout=quiet)
    print(
        f"demo district ({args.scale}) ready in {time.perf_counter() - started:.1f} s on {connection.vendor}"
    )
    print("| page | persona | median ms | queries |\n|---|---|---:|---:|")
    for username in ("admin", "shiqiao"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in PAGES:
            times = []
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            print(f"| `{url}` | {username} | {statistics.median(times):.0f} | {len(queries)} |")


if __name__ == "__main__":
    main()
