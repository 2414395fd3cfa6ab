"""The reports' part of the demo district (REPORT-2): targets.

- The work report's targets for 2014, set by the district for itself: 已建工会的非公企业厂务
  公开建制率、职代会建制率 ≥ 80%, 工资集体协商建制面 ≥ 90% of unionized employers, 60% of the
  union fund refunded on time and in full, measured by the democracy and finance apps'
  indicators (a target whose indicator no app registers shows as 指标待上线).
- For the current year (the run's `as_of`), new unions and new members for the district and
  each town: each organization's pace so far (its rows from 1 January to `as_of`, carried to
  the year's end) times a seeded factor between 0.8 and 1.3, so that some are ahead and some
  behind; with no rows yet this year, last year's figure times the factor; at least 1.

Set-up data written by the system actor (「系统（演示数据）」), not audited row by row.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from gonghui.core.actors import ActorKind
from gonghui.core.indicators import Indicator, Kind, Period
from gonghui.core.registry import DemoBuilder, register_demo_builder, registry
from gonghui.demo.context import DEMO_ACTOR, DemoContext
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .models import Comparison, Target
from .queries import year_gone

REPORT_YEAR = 2014
REPORT_NOTE = "2014年工作报告目标："
# code -> (target %, the report's words); indicators of the democracy and finance apps
REPORT_TARGETS = {
    "democracy.open_affairs.non_public_rate": (
        80,
        "已建工会的非公有制企业厂务公开建制率达到80%以上",
    ),
    "democracy.congress.non_public_rate": (80, "已建工会的非公有制企业职代会建制率达到80%以上"),
    "democracy.wage_bargaining.rate": (90, "工资集体协商建制面保持在建会企业的90%以上"),
    "finance.refund.on_time_rate": (60, "确保60%的工会经费按时足额返拨到缴费单位"),
}
REPORT_CODES = tuple(REPORT_TARGETS)
LIVE_CODES = ("orgs.unions.new", "members.members.new")
FACTOR = (0.8, 1.3)


def _target(org: Organization, code: str, year: int, value: int, note: str) -> Target:
    return Target(
        code=code,
        year=year,
        organization=org,
        org_path=org.path,
        value=Decimal(value),
        comparison=Comparison.AT_LEAST,
        note=note,
        set_by=None,
        set_by_kind=ActorKind.SYSTEM,
        set_by_name=DEMO_ACTOR.get_username(),
        set_at=timezone.now(),
    )


def _count(ind: Indicator, period: Period, path: str) -> int:
    """The indicator's figure for the subtree, straight from its rows (no user here)."""
    return ind.measure.query(period).within(path).count()


def _live_value(ind: Indicator, org: Organization, as_of: datetime.date, rng: random.Random) -> int:
    year = as_of.year
    factor = Decimal(str(round(rng.uniform(*FACTOR), 2)))
    so_far = _count(ind, Period(datetime.date(year, 1, 1), as_of), org.path)
    gone = year_gone(year, now=as_of)
    if so_far:
        expected = Decimal(so_far) * 100 / gone
    else:
        expected = Decimal(_count(ind, Period.year(year - 1), org.path))
    return max(1, int((expected * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def build(context: DemoContext) -> list[Target]:
    rng = random.Random(f"reports-{context.seed}")
    root = Organization.objects.get(kind=OrgKind.DISTRICT)
    towns = list(Organization.objects.filter(kind=OrgKind.TOWN).order_by("path"))
    rows = [
        _target(root, code, REPORT_YEAR, value, f"{REPORT_NOTE}{words}")
        for code, (value, words) in REPORT_TARGETS.items()
    ]
    year = context.as_of.year
    for code in LIVE_CODES:
        ind = registry["indicators"].get(code)
        if ind is None or ind.kind == Kind.RATE:
            continue
        for org in (root, *towns):
            value = _live_value(ind, org, context.as_of, rng)
            rows.append(_target(org, code, year, value, f"区总工会下达的{year}年任务"))
    Target.objects.bulk_create(rows)
    context.built["reports"] = rows  # (not in the command's summary line: it names the bulk)
    return rows


register_demo_builder(
    DemoBuilder(
        "reports", build, after=("orgs", "members"), label="目标（2014年报告目标与当年任务）"
    )
)
