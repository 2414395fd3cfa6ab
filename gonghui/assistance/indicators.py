"""The assistance app's indicators (REPORT-1; CARE-1, CARE-2, CARE-4): the figures of the
report's services paragraph, for any period and subtree.

- Grants (CARE-2): grants paid in the period (state 已发放, `paid_on` in it), counted (人次:
  one grant is one person helped once) or their amounts summed; all of them, by program
  kind (the built-in codes of choices.BUILTIN_PROGRAM_KINDS), and by the category of the
  grant's hardship file. Drill-down: the grant list (`state=paid`, `paid_from`/`paid_to`,
  `kind`, `category`, `org`).
- Hardship files (CARE-1): open files at the period's end (approved by then and not exited
  by then: `core.indicators.standing` between `approved_on` and `exited_on`, the file list's
  `standing_on`), by category; open files whose visit is due or whose yearly review is
  overdue on the period's end (today for a period not over). Drill-down: the file list.
- Services and in-kind deliveries (CARE-4, CARE-2): service records held in the period, by
  kind (and program kind for in-kind ones), their head counts, amounts or values summed.
  Drill-down: the service list (`kind`, `program_kind`, `held_from`/`held_to`, `org`).

A row's place is its union's (a service's: its organizer's) `org_path`, so the breakdown by
town is the catalog's. Categories and flags are as the rows record them now.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.indicators import (
    Indicator,
    Kind,
    Measure,
    Period,
    register_indicator,
    standing,
    standing_q,
)

from .choices import BUILTIN_PROGRAM_KINDS, FileState, GrantState, HardshipCategory, ServiceKind
from .models import Grant, HardshipFile, ServiceRecord

STATS = "assistance.stats"
SECTION = "服务职工"

# The report's "生活救助、节日慰问40多万元" is these three kinds together.
LIVING_AND_CONDOLENCE = ("living_aid", "holiday_condolence", "model_worker_condolence")


def _org(org_path: str) -> dict[str, str]:
    """The lists' `org` (the subtree's organization: the path's last id); none for "/"."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return {"org": last} if last.isdigit() else {}


def _url(name: str, org_path: str, params: list[tuple[str, str]]) -> str:
    return f"{reverse(name)}?{urlencode([*params, *_org(org_path).items()])}"


# ---- grants paid (CARE-2) -------------------------------------------------------------------


def grants_paid(
    kinds: Sequence[str] = (), category: str = ""
) -> Callable[[Period], QuerySet[Grant]]:
    """Grants paid in the period, of these program kinds (all when none), of hardship files
    of this category (any, also none, when empty)."""

    def rows(period: Period) -> QuerySet[Grant]:
        found = Grant.objects.filter(
            state=GrantState.PAID, paid_on__range=(period.start, period.end)
        )
        if kinds:
            found = found.filter(program__kind__code__in=list(kinds))
        if category:
            found = found.filter(hardship_file__category=category)
        return found

    return rows


def grants_paid_url(kinds: Sequence[str] = (), category: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [
            ("state", GrantState.PAID.value),
            ("paid_from", period.start.isoformat()),
            ("paid_to", period.end.isoformat()),
            *(("kind", k) for k in kinds),
        ]
        if category:
            params.append(("category", category))
        return _url("assistance:grant_list", org_path, params)

    return url


def _grants(value: str | None, kinds: Sequence[str] = (), category: str = "") -> Measure:
    return Measure(
        query=grants_paid(kinds, category),
        value=value,
        list_url=grants_paid_url(kinds, category),
        date="paid_on",  # a month's rows are the period's paid in it: a one-query trend
    )


PAID = "统计期内发放成功（状态为已发放、发放日期在统计期内）的帮扶资金"

# (code's middle part, the kinds, people's title and unit, amount's title, the report's
# words or "")
GRANT_FIGURES: list[tuple[str, tuple[str, ...], str, str, str, str]] = [
    ("grants", (), "帮扶资金受助人次", "人次", "帮扶资金发放金额", ""),
    (
        "school_aid",
        ("school_aid",),
        "金秋助学资助职工子女",
        "名",
        "金秋助学资助金额",
        "报告“为67名困难职工子女资助学习生活用品及助学金共计12万多元”",
    ),
    (
        "living_condolence",
        LIVING_AND_CONDOLENCE,
        "生活救助与节日慰问人次",
        "人次",
        "生活救助与节日慰问金额",
        "报告“关心特困职工（劳模）生活，共发放生活救助、节日慰问40多万元”",
    ),
    ("living_aid", ("living_aid",), "生活救助人次", "人次", "生活救助金额", ""),
    (
        "holiday_condolence",
        ("holiday_condolence",),
        "节日慰问人次",
        "人次",
        "节日慰问金额",
        "",
    ),
    (
        "model_worker_condolence",
        ("model_worker_condolence",),
        "劳模慰问人次",
        "人次",
        "劳模慰问金额",
        "",
    ),
    (
        "winter_warmth",
        ("winter_warmth",),
        "冬送温暖受助人次",
        "人次",
        "冬送温暖发放金额",
        "",
    ),
    (
        "training_subsidy",
        ("training_subsidy",),
        "学历提升与技能培训资助人次",
        "人次",
        "学历提升与技能培训资助金额",
        "报告“专门筹集110多万元，资助优秀职工学历提升和职业技能培训”",
    ),
]


KIND_NAMES = {code: name for code, name, _order in BUILTIN_PROGRAM_KINDS}


def _grant_definition(kinds: Sequence[str], says: str, words: str) -> str:
    """ "统计期内发放成功…的帮扶资金中，项目类别为金秋助学的笔数；报告“…”。" """
    scope = f"中，项目类别为{'、'.join(KIND_NAMES[k] for k in kinds)}的" if kinds else "的"
    return f"{PAID}{scope}{says}" + (f"；{words}。" if words else "。")


def _register_grants() -> None:
    order = 10
    for what, kinds, people, unit, amount, words in GRANT_FIGURES:
        code = "assistance.grants" if what == "grants" else f"assistance.{what}"
        for suffix, title, u, value, says in (
            (
                "people",
                people,
                unit,
                None,
                f"笔数（一笔为{'资助一名子女' if unit == '名' else '一人次'}）",
            ),
            ("amount", amount, "元", "amount", "金额之和（元）"),
        ):
            _indicator(
                code=f"{code}.{suffix}",
                title=title,
                unit=u,
                kind=Kind.FLOW,
                capability="CARE-2",
                order=order,
                definition=_grant_definition(kinds, says, words),
                measure=_grants(value, kinds),
            )
            order += 1
        order += 8
    for category in HardshipCategory:
        for suffix, title, u, value, says in (
            ("people", f"{category.label}职工受助人次", "人次", None, "笔数（"),
            ("amount", f"{category.label}职工受助金额", "元", "amount", "金额之和（元；"),
        ):
            _indicator(
                code=f"assistance.grants.{category.value}.{suffix}",
                title=title,
                unit=u,
                kind=Kind.FLOW,
                capability="CARE-2",
                order=order,
                definition=(
                    f"{PAID}中，所附困难职工档案的困难类别为{category.label}的{says}"
                    "按档案现记录的类别计；未附档案的不计）。"
                ),
                measure=_grants(value, category=category.value),
            )
            order += 1


# ---- hardship files (CARE-1) ----------------------------------------------------------------


# A file on the register is approved or in its exit notice; one exited since stood then.
STANDING = (FileState.APPROVED, FileState.EXIT_NOTICE)


def _files(category: str = "") -> Callable[[], QuerySet[HardshipFile]]:
    """Files that were ever on the register; `standing` picks those on it at a day."""

    def rows() -> QuerySet[HardshipFile]:
        found = HardshipFile.objects.filter(state__in=[*STANDING, FileState.EXITED])
        return found.filter(category=category) if category else found

    return rows


def open_files_url(category: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("standing_on", period.end.isoformat())]
        if category:
            params.append(("category", category))
        return _url("assistance:file_list", org_path, params)

    return url


def due_on(period: Period) -> datetime.date:
    """Visits and reviews are due at the period's end, or today for a period not over (a
    visit due later this year is not due yet)."""
    return min(period.end, today())


def files_due(due: str) -> Callable[[Period], QuerySet[HardshipFile]]:
    """Files on the register on the day, and still on it, whose visit falls due by then
    (`visit`) or whose yearly review was due before it (`review`): the file list's `due`
    on its `standing_on` day (dates as recorded now)."""

    def rows(period: Period) -> QuerySet[HardshipFile]:
        day = due_on(period)
        found = HardshipFile.objects.filter(
            standing_q("approved_on", "exited_on", day), state__in=STANDING
        )
        if due == "visit":
            return found.filter(visit_due__lte=day)
        return found.filter(review_due__lt=day)

    return rows


def files_due_url(due: str) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("standing_on", due_on(period).isoformat()), ("due", due)]
        return _url("assistance:file_list", org_path, params)

    return url


OPEN = "统计期末在档（区总工会已审批建档、尚未退档；退档公示中的仍在档）的困难职工档案"


def _register_files() -> None:
    _indicator(
        code="assistance.files.open",
        title="在档困难职工",
        unit="户",
        kind=Kind.STOCK,
        capability="CARE-1",
        order=200,
        definition=f"{OPEN}户数，按建档工会计。",
        measure=standing(
            _files(), since="approved_on", until="exited_on", list_url=open_files_url()
        ),
    )
    for order, category in enumerate(HardshipCategory, start=201):
        _indicator(
            code=f"assistance.files.{category.value}",
            title=f"在档{category.label}职工",
            unit="户",
            kind=Kind.STOCK,
            capability="CARE-1",
            order=order,
            definition=f"{OPEN}中困难类别为{category.label}的户数（按档案现记录的类别计）。",
            measure=standing(
                _files(category.value),
                since="approved_on",
                until="exited_on",
                list_url=open_files_url(category.value),
            ),
        )
    _indicator(
        code="assistance.files.visit_due",
        title="走访到期的困难职工档案",
        unit="户",
        kind=Kind.STOCK,
        capability="CARE-1",
        order=210,
        definition=(
            "统计期末（本期未结束的，今天）在档且现仍在档、下次走访期限（上次走访后6个月）"
            "不晚于当日的档案户数（按现记录的期限计）。"
        ),
        measure=Measure(query=files_due("visit"), list_url=files_due_url("visit")),
    )
    _indicator(
        code="assistance.files.review_overdue",
        title="年度复核逾期的困难职工档案",
        unit="户",
        kind=Kind.STOCK,
        capability="CARE-1",
        order=211,
        definition=(
            "统计期末（本期未结束的，今天）在档且现仍在档、年度复核期限早于当日的档案户数"
            "（按现记录的期限计）。"
        ),
        measure=Measure(query=files_due("review"), list_url=files_due_url("review")),
    )


# ---- services and in-kind deliveries (CARE-4, CARE-2) ---------------------------------------


def services_held(kind: str, program_kind: str = "") -> Callable[[Period], QuerySet]:
    def rows(period: Period) -> QuerySet[ServiceRecord]:
        found = ServiceRecord.objects.filter(kind=kind, held_on__range=(period.start, period.end))
        return found.filter(program__kind__code=program_kind) if program_kind else found

    return rows


def services_url(kind: str, program_kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [("kind", kind)]
        if program_kind:
            params.append(("program_kind", program_kind))
        params += [("held_from", period.start.isoformat()), ("held_to", period.end.isoformat())]
        return _url("assistance:service_list", org_path, params)

    return url


def _services(kind: str, value: str | None, program_kind: str = "") -> Measure:
    return Measure(
        query=services_held(kind, program_kind),
        value=value,
        list_url=services_url(kind, program_kind),
        date="held_on",
    )


HELD = "统计期内（服务日期在统计期内）登记的"

# (code, title, unit, capability, service kind, program kind, value summed, definition)
SERVICE_FIGURES: list[tuple[str, str, str, str, str, str, str | None, str]] = [
    (
        "assistance.health_checks.people",
        "免费体检职工",
        "人",
        "CARE-4",
        ServiceKind.HEALTH_CHECK,
        "",
        "head_count",
        "免费体检服务记录的受益人数之和（报告“为1.8万多名企业职工提供免费体检”）。",
    ),
    (
        "assistance.injury_visits.people",
        "慰问因工受伤职工",
        "人",
        "CARE-4",
        ServiceKind.INJURY_VISIT,
        "",
        "head_count",
        "慰问因工受伤职工记录的受益人数之和（报告“上门慰问因工受伤职工48人”）。",
    ),
    (
        "assistance.injury_visits.amount",
        "因工受伤职工慰问金",
        "元",
        "CARE-4",
        ServiceKind.INJURY_VISIT,
        "",
        "amount",
        "慰问因工受伤职工记录的慰问金额之和（元；报告“发放近3万元慰问金”）。",
    ),
    (
        "assistance.periodicals.value",
        "赠阅工会报刊价值",
        "元",
        "CARE-2",
        ServiceKind.IN_KIND,
        "periodicals",
        "value",
        "赠阅工会报刊项目的实物发放记录的物品价值之和（元；报告“拨出30多万元为基层工会赠阅工会报刊”）。",
    ),
    (
        "assistance.cooling.people",
        "夏送清凉受益职工",
        "人",
        "CARE-2",
        ServiceKind.IN_KIND,
        "summer_cooling",
        "head_count",
        "夏送清凉项目的实物发放记录（如向建筑工地工人派发防暑降温用品）的受益人数之和。",
    ),
    (
        "assistance.cooling.value",
        "夏送清凉物品价值",
        "元",
        "CARE-2",
        ServiceKind.IN_KIND,
        "summer_cooling",
        "value",
        "夏送清凉项目的实物发放记录的物品价值之和（元）。",
    ),
    (
        "assistance.in_kind.people",
        "实物发放受益人数",
        "人",
        "CARE-2",
        ServiceKind.IN_KIND,
        "",
        "head_count",
        "各项目实物发放记录的受益人数之和。",
    ),
    (
        "assistance.in_kind.value",
        "实物发放价值",
        "元",
        "CARE-2",
        ServiceKind.IN_KIND,
        "",
        "value",
        "各项目实物发放记录的物品价值之和（元）。",
    ),
    (
        "assistance.employment.guidance",
        "就业指导人数",
        "人",
        "CARE-4",
        ServiceKind.EMPLOYMENT_GUIDANCE,
        "",
        "head_count",
        "就业指导服务记录的受益人数之和（报告“春风行动……提供就业指导、就业推荐”）。",
    ),
    (
        "assistance.employment.referrals",
        "就业推荐人数",
        "人",
        "CARE-4",
        ServiceKind.JOB_REFERRAL,
        "",
        "head_count",
        "就业推荐服务记录的受益人数之和。",
    ),
    (
        "assistance.mixers",
        "职工交友联谊活动",
        "场",
        "CARE-4",
        ServiceKind.SOCIAL_MIXER,
        "",
        None,
        "交友联谊活动记录的场数（报告“举办职工交友联谊活动，为单身职工牵线搭桥”）。",
    ),
    (
        "assistance.mixers.people",
        "交友联谊活动参加人数",
        "人",
        "CARE-4",
        ServiceKind.SOCIAL_MIXER,
        "",
        "head_count",
        "交友联谊活动记录的参加人数之和。",
    ),
]


def _register_services() -> None:
    for order, (code, title, unit, capability, kind, program_kind, value, says) in enumerate(
        SERVICE_FIGURES, start=300
    ):
        _indicator(
            code=code,
            title=title,
            unit=unit,
            kind=Kind.FLOW,
            capability=capability,
            order=order,
            definition=f"{HELD}{says}",
            measure=_services(kind, value, program_kind),
        )


def _indicator(**fields: Any) -> None:
    # a union's (a town's, the district's) own rows are its 本级: the district runs health
    # checks and campaigns itself, a town applies for its own staff
    register_indicator(Indicator(section=SECTION, permission=STATS, own_meaningful=True, **fields))


def register() -> None:
    _register_grants()
    _register_files()
    _register_services()
