"""Indicator timings at district scale (issue #13): each indicator of the catalog for the
district and for one town for a year, its breakdown by child organization, and the home
page and statistics pages warm.

    .venv/bin/python bench/indicators.py [--scale district] [--year 2013] [--rounds 3]
                                         [--var-dir DIR]

Builds the demo district (with members) once into `--var-dir`, like bench/pages.py (on
SQLite, or on the database of DATABASE_URL when set), then prints one table per question:

- each indicator: the median wall time and the SQL queries of its figure for the district
  and for a town (the town's own staff asking), and of its breakdown by child organization
  for the district — the breakdown's queries must not grow with the number of
  organizations (one grouped query per measure);
- the report's 2013 figures next to what the records give;
- the home page and the statistics pages, warm, as the district admin and a town user.

Targets: each indicator under 200 ms for the district, the dashboard under 1 s warm.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import setup  # noqa: E402

TOWN_LOGIN = "shiqiao"  # 市桥街道, the largest town
# The work report's 2013 figures for the apps that exist (issue #13), by indicator code.
REPORT_2013 = {
    "orgs.unions.new": "全年新组建工会845家",
    "orgs.employers.dispatch_unionized": "近100家劳务派遣企业成立了工会",
    "orgs.federations.new": "成立了区民办教育机构行业工会联合会…等（4个）",
    "orgs.coverage.dual_display_non_public": "目前，非公企业“双亮”达到50%",
    "members.members.new": "新发展会员3万多人",
    "members.members.total": "全区40多万会员",
    "rights.visits.batches": "受理职工来访15批",
    "rights.visits.persons": "50人次",
    "rights.letters": "来信8封",
    "rights.visits_letters.workers": "涉及职工580多人",
    "rights.calls": "来电970多宗",
    "rights.petitions": "接待职工信访215宗",
    "rights.disputes": "参与处理劳动争议870余宗",
    "rights.disputes.workers": "涉及人数9500多人",
    "rights.events": "举办法律服务、咨询50多场次",
    "rights.events.attendance": "参与人数4万多人",
    "mutualaid.enrolled.year": "2013年参加医疗互助保障计划的在册职工达12.3万多人",
    "mutualaid.serious.people": "共为134名患重病职工",
    "mutualaid.serious.amount": "资助医疗救助金201万多元",
    "democracy.wage_bargaining.rate": "全区工资集体协商建制率达85%",
    "democracy.wage_bargaining.rate.state": "其中国有…企业工资集体协商100%签订",
    "democracy.wage_bargaining.rate.collective": "（集体企业）100%签订",
    "democracy.wage_bargaining.rate.fortune500": "世界500强企业工资集体协商100%签订",
    "democracy.women_contract.rate": "女职工权益保护专项集体合同基本实现“两个覆盖”",
    "democracy.open_affairs.non_public_rate": "已建工会的非公有制企业厂务公开建制率达到70%",
    "democracy.congress.non_public_rate": "职代会建制率达到60%",
    "democracy.open_affairs.public_rate": "国有、集体…厂务公开…实现全覆盖",
    "democracy.congress.public_rate": "（职代会）实现全覆盖",
    "democracy.ratings.a": "评选出和谐劳动关系A级企业208家",
    "democracy.ratings.aa": "2A级企业14家",
    "democracy.ratings.aaa": "3A级企业8家",
    "democracy.awards.caring_employer": "表扬了89名“关爱员工的优秀企业家”",
    "democracy.awards.devoted_employee": "195名“热爱企业的优秀员工”",
}
# The home page loads its figures just after it is shown (/stats/home/, htmx): the
# dashboard's time is the two together.
PAGES = ["/", "/stats/home/", "/stats/", "/stats/members.members.total/", "/stats/targets/"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district")
    parser.add_argument("--year", type=int, default=2013)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--var-dir", help="where the demo database lives (kept between runs)")
    return parser.parse_args()


def timed(fn, rounds: int) -> tuple[float, int, object]:
    """Median ms over `rounds` after one warm-up call, the queries of one call, the result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = fn()
    connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
    with CaptureQueriesContext(connection) as queries:
        fn()
    # counted now: the captured queries are read from the log, which the next request empties
    count = len(queries)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), count, result


def show(value) -> str:
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def indicator_table(args: argparse.Namespace) -> None:
    from gonghui.accounts.models import User
    from gonghui.core.indicators import Period, breakdown, catalog, figure

    admin = User.objects.get(username="admin")
    town_user = User.objects.get(username=TOWN_LOGIN)
    district, town = admin.organization, town_user.organization
    period = Period.year(args.year)
    print(
        f"\n| indicator | {args.year} district | ms | queries | {town.name} | ms | queries "
        "| breakdown ms | breakdown queries | parts |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    slow = []
    for ind in catalog(admin):
        d_ms, d_q, d_fig = timed(
            lambda i=ind: figure(i, user=admin, period=period, org_path=district.path),
            args.rounds,
        )
        t_ms, t_q, t_fig = timed(
            lambda i=ind: figure(i, user=town_user, period=period, org_path=town.path),
            args.rounds,
        )
        b_ms, b_q, b = timed(
            lambda i=ind: breakdown(i, user=admin, period=period, org_path=district.path),
            args.rounds,
        )
        if d_ms >= 200:
            slow.append(ind.code)
        print(
            f"| `{ind.code}` {ind.title} | {show(d_fig.value)} | {d_ms:.0f} | {d_q} "
            f"| {show(t_fig.value)} | {t_ms:.0f} | {t_q} | {b_ms:.0f} | {b_q} | {len(b.parts)} |",
            flush=True,
        )
    print(f"\nindicators at or over 200 ms for the district: {', '.join(slow) or 'none'}")


def report_table(args: argparse.Namespace) -> None:
    from gonghui.accounts.models import User
    from gonghui.core.indicators import Period, figure
    from gonghui.core.registry import registry

    admin = User.objects.get(username="admin")
    period = Period.year(args.year)
    print(f"\n| the report ({args.year}) | indicator | records give |\n|---|---|---:|")
    for code, text in REPORT_2013.items():
        ind = registry["indicators"].get(code)
        if ind is None:
            print(f"| {text} | `{code}` (not registered) | — |")
            continue
        value = figure(ind, user=admin, period=period, org_path=admin.organization.path).value
        print(f"| {text} | `{code}` {ind.title} | {show(value)} {ind.unit} |")


def page_table(args: argparse.Namespace) -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gonghui.accounts.models import User

    setup_test_environment()
    print("\n| page (warm) | persona | median ms | queries |\n|---|---|---:|---:|")
    for username in ("admin", TOWN_LOGIN):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for url in PAGES:
            ms, queries, response = timed(lambda u=url, c=client: c.get(u), args.rounds)
            status = "" if response.status_code == 200 else f" (HTTP {response.status_code})"
            print(f"| `{url}` | {username} | {ms:.0f}{status} | {queries} |", flush=True)


def main() -> None:
    args = parse_args()
    setup(args)
    indicator_table(args)
    report_table(args)
    page_table(args)


if __name__ == "__main__":
    main()
