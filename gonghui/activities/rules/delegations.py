"""Rules of delegations to events above the district (MERIT-4), pure: the delegation's
own values, its events (names unique in it), an athlete's events (the delegation's own), a
prize (an athlete's only in an event they entered; else the team's).

Each function returns [(field, Chinese message)], empty when all is well."""

import datetime
from collections.abc import Iterable

from .submissions import Problem, clean_text

NAME_MAX = 120  # Delegation.name / event_name
HOST_MAX = 100
EVENT_MAX = 60  # DelegationEvent.name
PRIZE_MAX = 60  # DelegationPrize.prize
EVENTS_MAX = 60  # more than a games has events: a paste gone wrong
YEAR_MIN, YEAR_MAX = 1950, 2100


def delegation_problems(
    *,
    name: str,
    event_name: str,
    host: str,
    year: int | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> list[Problem]:
    problems: list[Problem] = []
    for field, value, label, limit in (
        ("name", name, "代表团名称", NAME_MAX),
        ("event_name", event_name, "赛事名称", NAME_MAX),
        ("host", host, "主办单位", HOST_MAX),
    ):
        text = clean_text(value)
        if not text:
            problems.append((field, f"请填写{label}。"))
        elif len(text) > limit:
            problems.append((field, f"{label}不能超过{limit}个字。"))
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        problems.append(("year", f"年度须在{YEAR_MIN}至{YEAR_MAX}年之间。"))
    if starts_on is None:
        problems.append(("starts_on", "请填写开始日期。"))
    elif year is not None and starts_on.year != year:
        problems.append(("starts_on", f"开始日期应在{year}年内（与年度一致）。"))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(("ends_on", "结束日期不能早于开始日期。"))
    return problems


def event_names(text_or_names: str | Iterable[str]) -> list[str]:
    """Event names from a box (one a line, or separated by 、，,；;) or a list: cleaned,
    blanks dropped, the first of repeats kept, in order."""
    if isinstance(text_or_names, str):
        for sep in "、，,；;\r":
            text_or_names = text_or_names.replace(sep, "\n")
        text_or_names = text_or_names.split("\n")
    seen: list[str] = []
    for raw in text_or_names:
        name = clean_text(raw)
        if name and name not in seen:
            seen.append(name)
    return seen


def events_problems(names: list[str], existing: Iterable[str] = ()) -> list[Problem]:
    """New events `names` (already through event_names) added to `existing` ones."""
    have = set(existing)
    if not names:
        return [("events", "请至少填写一个比赛项目。")]
    for name in names:
        if len(name) > EVENT_MAX:
            return [("events", f"比赛项目「{name[:20]}…」不能超过{EVENT_MAX}个字。")]
        if name in have:
            return [("events", f"已有比赛项目「{name}」。")]
    if len(have) + len(names) > EVENTS_MAX:
        return [("events", f"一个代表团最多{EVENTS_MAX}个比赛项目。")]
    return []


def rename_problems(name: str, others: Iterable[str]) -> list[Problem]:
    name = clean_text(name)
    if not name:
        return [("name", "请填写比赛项目名称。")]
    if len(name) > EVENT_MAX:
        return [("name", f"比赛项目名称不能超过{EVENT_MAX}个字。")]
    if name in set(others):
        return [("name", f"已有比赛项目「{name}」。")]
    return []


def athlete_events_problems(
    chosen: Iterable[int], delegation_events: Iterable[int]
) -> list[Problem]:
    """The events an athlete enters are the delegation's own."""
    if set(chosen) - set(delegation_events):
        return [("events", "所选比赛项目不属于该代表团。")]
    return []


def prize_problems(
    *,
    prize: str,
    event_id: int,
    athlete_events: Iterable[int] | None,
    athlete_name: str = "",
    event_name: str = "",
) -> list[Problem]:
    """A prize names what was won; an athlete's (athlete_events given) is in an event the
    athlete entered; a team's (None) needs no athlete."""
    text = clean_text(prize)
    if not text:
        return [("prize", "请填写奖项，例如“团体第三名”。")]
    if len(text) > PRIZE_MAX:
        return [("prize", f"奖项不能超过{PRIZE_MAX}个字。")]
    if athlete_events is not None and event_id not in set(athlete_events):
        return [
            ("athlete", f"{athlete_name}没有报名参加「{event_name}」，不能记为该项目的个人奖项。")
        ]
    return []
