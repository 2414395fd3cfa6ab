"""Rules of activities and their registrations (MERIT-4), pure: no database, no clock.

- A registration is confirmed while the confirmed ones are fewer than the capacity (no
  capacity: no limit), else it waits (候补) in order of arrival (`position`).
- When places free up (a confirmed one cancelled, the capacity raised), the waiting ones
  move up in order of position, as many as there are free places.
- Registration is open when the activity is 报名中 and today lies in its window (either end
  may be unset).
- A member may register when their membership is active, their union lies in the
  organizer's subtree, and they hold no registration of the activity yet.
"""

import datetime
from collections.abc import Iterable, Sequence

from ..choices import ActivityState, RegistrationState

Problem = tuple[str, str]  # (field, message)

# The states an activity may be edited and registrations changed in.
LIVE_STATES = (ActivityState.DRAFT, ActivityState.OPEN, ActivityState.CLOSED)
# Which state each action leaves from.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "publish": ((ActivityState.DRAFT,), ActivityState.OPEN),
    "close": ((ActivityState.OPEN,), ActivityState.CLOSED),
    "reopen": ((ActivityState.CLOSED,), ActivityState.OPEN),
    "finish": ((ActivityState.OPEN, ActivityState.CLOSED), ActivityState.FINISHED),
    "cancel": (LIVE_STATES, ActivityState.CANCELLED),
}
ACTION_LABELS = {
    "publish": "发布（开始报名）",
    "close": "截止报名",
    "reopen": "重新开放报名",
    "finish": "结束活动",
    "cancel": "取消活动",
}


def new_registration_state(capacity: int | None, confirmed: int) -> str:
    """Confirmed while there is room; else on the waiting list."""
    if capacity is None or confirmed < capacity:
        return RegistrationState.CONFIRMED
    return RegistrationState.WAITLISTED


def next_position(positions: Iterable[int]) -> int:
    """After every position ever given (cancelled ones too): positions never repeat."""
    return max(positions, default=0) + 1


def promotions(capacity: int | None, confirmed: int, waitlisted: Sequence[int]) -> list[int]:
    """The waiting positions that move up now: the first ones, as many as places are free."""
    ordered = sorted(waitlisted)
    if capacity is None:
        return ordered
    return ordered[: max(capacity - confirmed, 0)]


def waitlist_rank(position: int, waitlisted: Iterable[int]) -> int:
    """Where a waiting registration stands: 1 is the next to move up."""
    return 1 + sum(1 for other in waitlisted if other < position)


def transition_problem(action: str, state: str) -> str | None:
    sources, _ = TRANSITIONS[action]
    if state in sources:
        return None
    label = ActivityState(state).label if state in ActivityState.values else state
    return f"活动当前为「{label}」，不能{ACTION_LABELS[action]}。"


def window_problem(
    state: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    today: datetime.date,
) -> str | None:
    """Why registration is not open today (None: it is)."""
    if state != ActivityState.OPEN:
        label = ActivityState(state).label if state in ActivityState.values else state
        return f"该活动当前为「{label}」，不接受报名。"
    if opens_on is not None and today < opens_on:
        return f"报名将于{opens_on:%Y年%m月%d日}开始。"
    if closes_on is not None and today > closes_on:
        return f"报名已于{closes_on:%Y年%m月%d日}截止。"
    return None


def eligibility_problem(
    *, name: str, active: bool, member_path: str, organizer_path: str, registered: bool
) -> str | None:
    """Why this member may not register (None: they may); the message names them."""
    if not active:
        return f"{name}的会籍不是在册状态，不能报名。"
    if not member_path.startswith(organizer_path):
        return f"{name}所在工会不在本活动主办单位的范围内，不能报名。"
    if registered:
        return f"{name}已报名本活动。"
    return None


def activity_problems(
    *,
    name: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    capacity: int | None,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    confirmed: int = 0,
) -> list[Problem]:
    """An activity's own values; `confirmed`: how many hold a place already."""
    problems: list[Problem] = []
    if not (name or "").strip():
        problems.append(("name", "请填写活动名称。"))
    if starts_at is None:
        problems.append(("starts_at", "请填写活动开始时间。"))
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        problems.append(("ends_at", "活动结束时间不能早于开始时间。"))
    if capacity is not None and capacity < 1:
        problems.append(("capacity", "名额至少为1人；不限名额请留空。"))
    if capacity is not None and capacity < confirmed:
        problems.append(("capacity", f"已有{confirmed}人确认报名，名额不能少于{confirmed}人。"))
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        problems.append(("registration_closes_on", "报名截止日期不能早于报名开始日期。"))
    if closes_on is not None and starts_at is not None and closes_on > starts_at.date():
        problems.append(("registration_closes_on", "报名截止日期不能晚于活动开始日期。"))
    return problems
