"""Competition rules (MERIT-3), pure functions: ranks from scores, a competition's events
from what was typed, the checks of a competition, an entry and a contestant, the state
changes. The services, the importers, the pages and the API apply the same functions.

Each check is `(row, context) -> [(field, Chinese message)]`: empty when the row is good."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gonghui.core.ids import InvalidID, ric_validate

from ..choices import CompetitionKind, CompetitionState

NAME_MAX = 120
EVENT_MAX = 60
EVENTS_MAX = 50
PERSON_MAX = 50
TEAM_MAX = 100
RESULT_MAX = 100
PRIZE_MAX = 60
CO_ORGANIZERS_MAX = 200
INDUSTRY_MAX = 60
# The Ankang Cup counts a district's workers in tens of thousands; one entry is one employer's.
WORKERS_MAX = 1_000_000
SCORE_MIN = Decimal("0")
SCORE_MAX = Decimal("99999.99")
RANK_MAX = 100_000
YEAR_MIN, YEAR_MAX = 1990, 2100

# planned → running → finished; a finished one may be reopened to correct its results.
MOVES = {
    CompetitionState.PLANNED: (CompetitionState.RUNNING,),
    CompetitionState.RUNNING: (CompetitionState.FINISHED, CompetitionState.PLANNED),
    CompetitionState.FINISHED: (CompetitionState.RUNNING,),
}

Problems = list[tuple[str, str]]


def ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """The rank of each score, higher is better; equal scores share a rank and the next
    rank skips ("1, 2, 2, 4"); no score, no rank."""
    given = [s for s in scores if s is not None]
    ranked: dict[Decimal, int] = {}
    for place, score in enumerate(sorted(given, reverse=True), 1):
        ranked.setdefault(score, place)
    return [None if s is None else ranked[s] for s in scores]


def split_events(text: str | Iterable[str]) -> list[str]:
    """The trades or events of a competition, one a line (or separated by 、，,;；),
    in the order given, each once."""
    parts: Iterable[str]
    if isinstance(text, str):
        for sep in "、，,;；\r":
            text = text.replace(sep, "\n")
        parts = text.split("\n")
    else:
        parts = text
    seen: list[str] = []
    for part in parts:
        name = " ".join(str(part).split())
        if name and name not in seen:
            seen.append(name)
    return seen


def events_problems(events: Sequence[str]) -> Problems:
    if len(events) > EVENTS_MAX:
        return [("events", f"工种或项目最多{EVENTS_MAX}个。")]
    long = [e for e in events if len(e) > EVENT_MAX]
    if long:
        return [("events", f"工种或项目名称最多{EVENT_MAX}个字：「{long[0][:20]}…」。")]
    return []


@dataclass(frozen=True)
class CompetitionFacts:
    kind: str
    name: str
    year: int | None
    starts_on: Any
    ends_on: Any = None
    industry: str = ""
    co_organizers: str = ""
    events: tuple[str, ...] = ()


def competition_problems(row: CompetitionFacts) -> Problems:
    problems: Problems = []
    if row.kind not in CompetitionKind.values:
        problems.append(("kind", "请选择竞赛类型。"))
    if not row.name.strip():
        problems.append(("name", "请填写竞赛名称。"))
    elif len(row.name) > NAME_MAX:
        problems.append(("name", f"竞赛名称最多{NAME_MAX}个字。"))
    if row.year is None or not YEAR_MIN <= row.year <= YEAR_MAX:
        problems.append(("year", f"年度应在{YEAR_MIN}至{YEAR_MAX}年之间。"))
    if row.starts_on is None:
        problems.append(("starts_on", "请填写开始日期。"))
    elif row.year is not None and row.starts_on.year != row.year:
        problems.append(("starts_on", f"开始日期应在{row.year}年内。"))
    if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
        problems.append(("ends_on", "结束日期不能早于开始日期。"))
    if row.kind == CompetitionKind.INDUSTRY and not row.industry.strip():
        problems.append(("industry", "行业劳动竞赛须填写行业（如建设、教育、卫生、旅游）。"))
    if len(row.industry) > INDUSTRY_MAX:
        problems.append(("industry", f"行业最多{INDUSTRY_MAX}个字。"))
    if len(row.co_organizers) > CO_ORGANIZERS_MAX:
        problems.append(("co_organizers", f"联合主办单位最多{CO_ORGANIZERS_MAX}个字。"))
    problems += events_problems(row.events)
    return problems


def move_problem(current: str, target: str) -> str:
    """Why a competition may not go from `current` to `target` ('' when it may)."""
    if target not in CompetitionState.values:
        return "竞赛状态不正确。"
    if target not in MOVES.get(current, ()):
        now, then = CompetitionState(current).label, CompetitionState(target).label
        return f"竞赛当前为「{now}」，不能改为「{then}」。"
    return ""


def removed_events_problem(removed: Iterable[str], used: Iterable[str]) -> str:
    """An event with contestants stays (its contestants would lose their event)."""
    kept = sorted(set(removed) & set(used))
    if kept:
        return f"工种或项目「{'、'.join(kept)}」已有参赛选手，不能删除。"
    return ""


# ---- entries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    employer_id: int | None
    team: str = ""
    workers: Any = 0
    result: str = ""


def entry_problems(row: EntryRow) -> Problems:
    problems: Problems = []
    if row.employer_id is None:
        problems.append(("employer", "请选择参赛单位。"))
    if len(row.team) > TEAM_MAX:
        problems.append(("team", f"班组名称最多{TEAM_MAX}个字。"))
    if not isinstance(row.workers, int) or isinstance(row.workers, bool):
        problems.append(("workers", "参与职工人数应为整数。"))
    elif not 0 <= row.workers <= WORKERS_MAX:
        problems.append(("workers", f"参与职工人数应在0至{WORKERS_MAX:,}之间。"))
    if len(row.result) > RESULT_MAX:
        problems.append(("result", f"成绩或评定最多{RESULT_MAX}个字。"))
    return problems


# ---- contestants --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContestantRow:
    event: str
    name: str
    ric: str = ""
    score: Any = None
    rank: Any = None
    prize: str = ""
    sent_on: bool = False
    next_result: str = ""
    next_rank: Any = None


@dataclass(frozen=True)
class ContestantContext:
    """What a contestant is checked against: its competition's events."""

    events: frozenset[str] = field(default_factory=frozenset)


def score_problem(score: Any) -> str:
    if score is None:
        return ""
    try:
        value = Decimal(score)
    except (InvalidOperation, TypeError, ValueError):
        return "成绩应为数字，例如 92.5。"
    if not value.is_finite() or not SCORE_MIN <= value <= SCORE_MAX:
        return f"成绩应在{SCORE_MIN}至{SCORE_MAX}之间。"
    if value != value.quantize(Decimal("0.01")):
        return "成绩最多保留两位小数。"
    return ""


def rank_problem(rank: Any, what: str = "名次") -> str:
    if rank is None:
        return ""
    if not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= RANK_MAX:
        return f"{what}应为正整数。"
    return ""


def ric_problem(ric: str) -> str:
    if not ric:
        return ""
    try:
        ric_validate(ric)
    except InvalidID as exc:
        return exc.message
    return ""


def contestant_problems(row: ContestantRow, context: ContestantContext) -> Problems:
    problems: Problems = []
    if not row.event:
        problems.append(("event", "请选择工种或项目。"))
    elif row.event not in context.events:
        known = "、".join(sorted(context.events)) or "（尚未设置）"
        problems.append(("event", f"本竞赛没有工种或项目「{row.event}」（现有：{known}）。"))
    if not row.name.strip():
        problems.append(("name", "请填写选手姓名。"))
    elif len(row.name) > PERSON_MAX:
        problems.append(("name", f"姓名最多{PERSON_MAX}个字。"))
    checks = (
        ("ric", ric_problem(row.ric)),
        ("score", score_problem(row.score)),
        ("rank", rank_problem(row.rank)),
        ("next_rank", rank_problem(row.next_rank, "上级比赛名次")),
    )
    problems += [(name, message) for name, message in checks if message]
    if len(row.prize) > PRIZE_MAX:
        problems.append(("prize", f"获奖最多{PRIZE_MAX}个字。"))
    if len(row.next_result) > RESULT_MAX:
        problems.append(("next_result", f"上级比赛成绩最多{RESULT_MAX}个字。"))
    if not row.sent_on and (row.next_result or row.next_rank is not None):
        problems.append(("sent_on", "未选送上级比赛的选手不能登记上级比赛成绩。"))
    return problems


def is_winner(next_rank: int | None) -> bool:
    """First at the next level (省职业技能大赛冠军)."""
    return next_rank == 1
