"""The list queries alone: old paging (slice + capped count) against core.lists, back to back.

    .venv/bin/python bench/paging_ab.py --var-dir /work/bench-district

On the database `bench/pages.py` built (SQLite in --var-dir, or DATABASE_URL); median of 5
per list and persona, in ms. It isolates the query layer from the pages' Python and from a
loaded machine's swings (docs/benchmarks.md, issue #10).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_ms(call, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var-dir", required=True)
    os.environ["GONGHUI_VAR_DIR"] = str(Path(parser.parse_args().var_dir).resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from gonghui.accounts.models import User
    from gonghui.core.lists import CappedPaginator, capped_count
    from gonghui.members.queries import member_list
    from gonghui.orgs.queries import employer_list

    def old(qs, page):
        list(qs[(page - 1) * 50 : (page - 1) * 50 + 51])
        capped_count(qs, 1000)

    def new(qs, page):
        CappedPaginator(qs, 50).page(page)

    print("| list | persona | old ms | new ms |\n|---|---|---:|---:|")
    for username in ("admin", "shiqiao"):
        user = User.objects.get(username=username)
        cases = [
            ("members", member_list(user=user), 1),
            ("members, page 15", member_list(user=user), 15),
            *(
                (f"members ?name={n}", member_list(user=user, filters={"name": n}), 1)
                for n in ("张", "张伟", "欧阳")
            ),
            ("employers", employer_list(user=user), 1),
            ("employers ?q=电子科技", employer_list(user=user, filters={"q": "电子科技"}), 1),
        ]
        for label, qs, page in cases:
            before = median_ms(lambda qs=qs, page=page: old(qs, page))
            after = median_ms(lambda qs=qs, page=page: new(qs, page))
            print(f"| {label} | {username} | {before:.1f} | {after:.1f} |")


if __name__ == "__main__":
    main()
