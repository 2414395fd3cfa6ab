"""Pure rules of the model-worker registry and innovation studios (MERIT-2): which state
changes are allowed, what a benefit row must carry, which benefits are in force on a day."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..choices import BenefitKind, ModelWorkerState

State = ModelWorkerState

# A retired model worker keeps the title and its benefits; death and revocation end a row.
NEXT_STATES: dict[str, tuple[str, ...]] = {
    State.ACTIVE: (State.RETIRED, State.DECEASED, State.REVOKED),
    State.RETIRED: (State.DECEASED, State.REVOKED),
    State.DECEASED: (),
    State.REVOKED: (),
}
# The states that still make the person a model worker (the member's flag).
STANDING = (State.ACTIVE, State.RETIRED)
YEAR_MIN = 1950
NAME_MAX = 50
NOTE_MAX = 2000
PERCENT_MAX = Decimal("100")
TIMES_MAX = 12

# What each kind of benefit is measured in: an amount, a percent or times a year.
AMOUNT_KINDS = (BenefitKind.ALLOWANCE, BenefitKind.HARDSHIP, BenefitKind.CONDOLENCE)
PERCENT_KINDS = (BenefitKind.PENSION,)
TIMES_KINDS = (BenefitKind.HEALTH_CHECK, BenefitKind.RECUPERATION)


def is_standing(state: str) -> bool:
    return state in STANDING


def state_problem(current: str, target: str) -> str:
    """Why `current` may not become `target` ('' when it may)."""
    if target not in State.values:
        return "状态只能是在册、已退休、已故或已撤销称号。"
    if target == current:
        return f"该劳模已是“{State(current).label}”状态。"
    if target not in NEXT_STATES.get(current, ()):
        return f"“{State(current).label}”的劳模不能改为“{State(target).label}”。"
    return ""


def year_problem(year: Any, this_year: int) -> str:
    if not isinstance(year, int) or isinstance(year, bool):
        return "获评年度应为四位数字年份，例如 2013。"
    if not YEAR_MIN <= year <= this_year:
        return f"获评年度须在 {YEAR_MIN} 至 {this_year} 年之间。"
    return ""


def benefit_problems(
    kind: str, amount: Decimal | None, percent: Decimal | None, times: int | None
) -> dict[str, str]:
    """{field: message} for a benefit row that does not carry what its kind is measured in."""
    problems: dict[str, str] = {}
    if kind not in BenefitKind.values:
        return {"kind": "请选择待遇项目。"}
    label = BenefitKind(kind).label
    if kind in AMOUNT_KINDS and (amount is None or amount <= 0):
        problems["amount"] = f"“{label}”须填写大于0的金额（元）。"
    if kind in PERCENT_KINDS and (percent is None or not 0 < percent <= PERCENT_MAX):
        problems["percent"] = f"“{label}”须填写大于0、不超过100的比例（%）。"
    if kind in TIMES_KINDS and (times is None or not 1 <= times <= TIMES_MAX):
        problems["times_a_year"] = f"“{label}”须填写每年次数（1至{TIMES_MAX}次）。"
    if amount is not None and amount < 0:
        problems["amount"] = "金额不能为负数。"
    return problems


def in_force(rows: Iterable[Any], day: datetime.date) -> list[Any]:
    """Of a level's benefit rows, the one of each kind in force on `day`: the latest whose
    `effective_from` is on or before it; in the kinds' order."""
    best: dict[str, Any] = {}
    for row in rows:
        if row.effective_from > day:
            continue
        held = best.get(row.kind)
        if held is None or (row.effective_from, row.pk or 0) > (held.effective_from, held.pk or 0):
            best[row.kind] = row
    return [best[kind] for kind in BenefitKind.values if kind in best]


def benefit_text(row: Any) -> str:
    """A benefit in words: 每月 300.00 元, 加发 5%, 每年 1 次."""
    if row.kind in PERCENT_KINDS and row.percent is not None:
        return f"退休养老金加发 {row.percent.normalize():f}%"
    if row.kind in TIMES_KINDS and row.times_a_year:
        text = f"每年 {row.times_a_year} 次"
        return f"{text}，每次不超过 {row.amount:,.2f} 元" if row.amount else text
    if row.amount is not None:
        prefix = "每月 " if row.kind == BenefitKind.ALLOWANCE else "每次 "
        return f"{prefix}{row.amount:,.2f} 元"
    return "—"
