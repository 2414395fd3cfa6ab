"""Allocation rules as pure functions (FUND-2): a rule's figures checked, one collection split
into its parts, rule periods that never overlap, the rule in force on a day.

A rule holds percentages with two places (domain-rules §3: every share is a dated setting,
none a constant): six shares of the amount collected (the paying unit's union, the town or
sector union, the district, the city, the province, the nation; they sum to 100) and three
shares of the district's retained part (kept by the district, to the towns and sector unions,
extra refund to the paying unit; they sum to 100).

Rounding (`split`): a collection's amount is split among the eight final weights (the
union's share × 100, the town's × 100, the district's share × each retained share, the upper
levels' × 100; they sum to 10,000) exactly as ONE `core.money.allocate` call splits it
(`split_reference` is that call): largest remainder — each part is its exact share rounded
down to the fen, and the fen left over go one each to the parts with the largest remainders
(ties to the earlier part in `PARTS` order: the union first). So the parts always sum to the
amount exactly and none is a fen or more from its exact share. `split` computes the same in
whole fen through the kernel's `core.money.allocate_fen` (the algorithm `allocate` itself
runs; integers: exact, and five times as fast for a year's 600,000 rows); a property test
holds it equal to `split_reference` for any amount and rule. A negative amount (a
reversal row) is split as the negation of its positive amount, so a reversal undoes its
original to the fen.
"""

import bisect
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from gonghui.core.money import ZERO, allocate, allocate_fen, money

HUNDRED = Decimal(100)
CENT_PLACES = Decimal("0.01")
NAME_MAX = 100
NOTE_MAX = 2000
DUE_DAYS_MIN, DUE_DAYS_MAX = 1, 365

# The part columns of an Allocation, in the order `split` gives them (models.Allocation.PARTS).
PARTS = (
    "union_part",
    "town_part",
    "district_part",
    "town_retained_part",
    "extra_refund_part",
    "city_part",
    "province_part",
    "national_part",
)
LEVEL_SHARES = (
    "share_union",
    "share_town",
    "share_district",
    "share_city",
    "share_province",
    "share_national",
)
RETAINED_SHARES = ("retained_district", "retained_town", "retained_refund")
SHARES = (*LEVEL_SHARES, *RETAINED_SHARES)
SHARE_LABELS = {
    "share_union": "缴费单位工会留成",
    "share_town": "镇街（系统）工会",
    "share_district": "区总工会（区级留成）",
    "share_city": "市总工会",
    "share_province": "省总工会",
    "share_national": "全国总工会",
    "retained_district": "区级留成：区总工会",
    "retained_town": "区级留成：镇街（系统）工会",
    "retained_refund": "区级留成：额外返还缴费单位",
}
PART_LABELS = {
    "union_part": "缴费单位工会留成",
    "town_part": "镇街（系统）工会",
    "district_part": "区总工会",
    "town_retained_part": "区级留成分给镇街（系统）工会",
    "extra_refund_part": "区级留成额外返还缴费单位",
    "city_part": "市总工会",
    "province_part": "省总工会",
    "national_part": "全国总工会",
}

Problem = tuple[str, str]  # (field, Chinese message)


def _get(rule: Any, name: str) -> Any:
    return rule.get(name) if isinstance(rule, Mapping) else getattr(rule, name, None)


def share_problem(value: Any, label: str) -> str | None:
    """What is wrong with one share (a percentage 0–100 with at most two places), or None."""
    try:
        share = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return f"「{label}」应为数字（百分比），如 30 或 12.5。"
    if not share.is_finite():
        return f"「{label}」应为数字（百分比），如 30 或 12.5。"
    if share < 0 or share > HUNDRED:
        return f"「{label}」应在 0 至 100 之间（百分比）。"
    if share != share.quantize(CENT_PLACES):
        return f"「{label}」最多两位小数。"
    return None


def _sum_problem(rule: Any, names: Sequence[str], what: str, field: str) -> Problem | None:
    total = sum((Decimal(str(_get(rule, n))) for n in names), ZERO)
    if total != HUNDRED:
        listed = "、".join(SHARE_LABELS[n] for n in names)
        return field, f"{what}（{listed}）合计应为 100%，现为 {total.normalize():f}%。"
    return None


def rule_problems(rule: Any) -> list[Problem]:
    """Every problem of a rule's figures and dates (an AllocationRule, or a mapping of its
    fields), each naming its field; empty when the rule may be saved."""
    problems: list[Problem] = []
    name = (_get(rule, "name") or "").strip()
    if not name:
        problems.append(("name", "请填写方案名称。"))
    elif len(name) > NAME_MAX:
        problems.append(("name", f"方案名称最多 {NAME_MAX} 个字。"))
    for field in SHARES:
        if message := share_problem(_get(rule, field), SHARE_LABELS[field]):
            problems.append((field, message))
    if not problems or all(f == "name" for f, _ in problems):
        for names, what, field in (
            (LEVEL_SHARES, "各级分成比例", "share_union"),
            (RETAINED_SHARES, "区级留成的分配比例", "retained_district"),
        ):
            if problem := _sum_problem(rule, names, what, field):
                problems.append(problem)
    days = _get(rule, "refund_due_days")
    if (
        not isinstance(days, int)
        or isinstance(days, bool)
        or not (DUE_DAYS_MIN <= days <= DUE_DAYS_MAX)
    ):
        problems.append(("refund_due_days", f"返拨期限应为 {DUE_DAYS_MIN} 至 {DUE_DAYS_MAX} 天。"))
    start, end = _get(rule, "effective_from"), _get(rule, "effective_to")
    if not isinstance(start, datetime.date):
        problems.append(("effective_from", "请填写生效日期。"))
    elif end is not None and end < start:
        problems.append(("effective_to", "截止日期不能早于生效日期。"))
    return problems


# ---- the split -------------------------------------------------------------------------------


def weights(rule: Any) -> list[Decimal]:
    """The eight parts' weights (sum 10,000 for a valid rule), in `PARTS` order."""
    district = Decimal(str(_get(rule, "share_district")))
    return [
        Decimal(str(_get(rule, "share_union"))) * HUNDRED,
        Decimal(str(_get(rule, "share_town"))) * HUNDRED,
        district * Decimal(str(_get(rule, "retained_district"))),
        district * Decimal(str(_get(rule, "retained_town"))),
        district * Decimal(str(_get(rule, "retained_refund"))),
        Decimal(str(_get(rule, "share_city"))) * HUNDRED,
        Decimal(str(_get(rule, "share_province"))) * HUNDRED,
        Decimal(str(_get(rule, "share_national"))) * HUNDRED,
    ]


WEIGHT_SCALE = 10_000  # a weight is a share (2 places) × a share (2 places): 4 places at most


def fen_weights(part_weights: Sequence[Decimal]) -> tuple[int, ...]:
    """The weights as whole numbers (× 10,000: exact, they have at most four places)."""
    return tuple(int(w * WEIGHT_SCALE) for w in part_weights)


def split_by_weights(amount: Decimal, part_weights: Sequence[int]) -> dict[str, Decimal]:
    """`split` with the weights already made whole (`fen_weights`; a run makes them once per
    rule). The parts are exactly `core.money.allocate(amount, weights)`'s — each part its
    share rounded down to the fen, the fen left over to the largest remainders, ties to the
    earlier part — computed in whole fen: integer arithmetic is exact and five times as fast
    as Decimal for a year's 600,000 rows (a property test holds the two equal)."""
    fen = int(money(amount) * 100)
    return {
        name: Decimal(f).scaleb(-2)
        for name, f in zip(PARTS, split_fen(fen, part_weights), strict=True)
    }


def split_fen(fen: int, part_weights: Sequence[int]) -> list[int]:
    """`split_by_weights` in whole fen (a run sums and stores them without Decimal)."""
    return allocate_fen(fen, part_weights)


def split_reference(amount: Decimal, rule_shares: Any) -> dict[str, Decimal]:
    """The split by one `core.money.allocate` call (what `split` must always equal)."""
    amount = money(amount)
    if amount < 0:
        return {name: -part for name, part in split_reference(-amount, rule_shares).items()}
    return dict(zip(PARTS, allocate(amount, weights(rule_shares)), strict=True))


def split(amount: Decimal, rule_shares: Any) -> dict[str, Decimal]:
    """The collection's `amount` split by the rule (an AllocationRule or a mapping of its
    shares): part column → amount, summing to `amount` exactly (see the module doc)."""
    return split_by_weights(amount, fen_weights(weights(rule_shares)))


# ---- periods ---------------------------------------------------------------------------------


class Period(NamedTuple):
    """A rule's period: from `start`, to `end` inclusive (None: open-ended)."""

    key: Any
    start: datetime.date
    end: datetime.date | None


def effective_ends(periods: Iterable[Period]) -> list[Period]:
    """The periods sorted by start, an open-ended one ending the day before the next starts."""
    ordered = sorted(periods, key=lambda p: p.start)
    closed = []
    for i, p in enumerate(ordered):
        end = p.end
        if end is None and i + 1 < len(ordered):
            end = ordered[i + 1].start - datetime.timedelta(days=1)
        closed.append(Period(p.key, p.start, end))
    return closed


def overlap(candidate: Period, others: Iterable[Period]) -> Period | None:
    """The other period `candidate` overlaps, or None. An open-ended period ends the day
    before the next one starts, so only an explicit end can reach into the next period (and
    two periods may never start on the same day)."""
    ordered = sorted([p for p in others if p.key != candidate.key], key=lambda p: p.start)
    starts = [p.start for p in ordered]
    i = bisect.bisect_left(starts, candidate.start)
    before = ordered[i - 1] if i > 0 else None
    after = ordered[i] if i < len(ordered) else None
    if after is not None and after.start == candidate.start:
        return after
    if before is not None and before.end is not None and before.end >= candidate.start:
        return before
    if after is not None and candidate.end is not None and candidate.end >= after.start:
        return after
    return None


def overlap_message(other_name: str, other: Period) -> str:
    end = f"{other.end:%Y-%m-%d}" if other.end else "下一方案生效前"
    return (
        f"与分配方案「{other_name}」（{other.start:%Y-%m-%d} 至 {end}）的期间重叠；"
        "各方案的期间不能重叠。"
    )


class RuleIndex:
    """The rule in force on a day, among rules loaded once (a run asks it per row)."""

    def __init__(self, periods: Iterable[Period]):
        self.periods = effective_ends(periods)
        self.starts = [p.start for p in self.periods]

    def on(self, day: datetime.date) -> Any:
        """The key of the rule in force on `day`, or None."""
        i = bisect.bisect_right(self.starts, day) - 1
        if i < 0:
            return None
        found = self.periods[i]
        return found.key if found.end is None or day <= found.end else None


MONTH_WRONG = "所属期应为月份，如 2013-05（或该月 1 日，如 2013-05-01）。"


def parse_month(value: Any) -> tuple[datetime.date | None, str | None]:
    """A month as typed ("2013-05", or the ISO date of its first day): (its first day, None),
    (None, None) for nothing given, (None, message) for anything else."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime.date):
        return (value, None) if value.day == 1 else (None, MONTH_WRONG)
    text = str(value).strip()
    parts = text.split("-")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None, MONTH_WRONG
    if len(parts) == 3 and int(parts[2]) != 1:
        return None, MONTH_WRONG
    year, month = int(parts[0]), int(parts[1])
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None, MONTH_WRONG
    return datetime.date(year, month, 1), None
