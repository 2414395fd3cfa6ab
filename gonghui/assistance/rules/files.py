"""The rules of a hardship file (domain-rules §9), as pure functions: the per-head figure,
the category, the migrant worker's year of employment, the standard in force on a day,
the documents a file needs, and the dates of visits, reviews and follow-up.

Category order when several hold: DEEP, then RELATIVE, then ACCIDENT. The income test says
how poor the household is month by month and decides the help it is owed (deep hardship
has priority for central funds, §9), so a household below the standard is 深度困难 even
after an accident; 意外致困 is the category of a household whose income alone would not
qualify it.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gonghui.core.money import ZERO, money

from ..choices import AccidentEvent, DocumentKind, HardshipCategory, HardshipCause

RELATIVE_FACTOR = 2  # 相对困难: below 2 × the standard
ACCIDENT_SHARE = Decimal("0.80")  # 意外致困: hardship costs over 80% of the year's income
VISIT_MONTHS = 6  # a home visit at least every 6 months
REVIEW_MONTHS = 12  # a yearly review
FOLLOW_UP_MONTHS = 6  # follow-up after the exit
EXIT_NOTICE_WORKDAYS = 5  # public notice before the exit
# Causes whose proof is a diagnosis or medical bills (DocumentKind.MEDICAL).
MEDICAL_CAUSES = frozenset({HardshipCause.ILLNESS, HardshipCause.ACCIDENT})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def per_head_monthly(
    annual_income: Decimal, essential_expenses: Decimal, household_size: int
) -> Decimal:
    """(年可支配收入 − 刚性支出) ÷ 12 ÷ 共同生活人数, in yuan, half up (may be negative)."""
    if household_size < 1:
        raise ValueError("household_size must be at least 1")
    return money((Decimal(annual_income) - Decimal(essential_expenses)) / 12 / household_size)


@dataclass(frozen=True)
class Judgement:
    """What the rules found: the category (None: not in hardship) and the figures."""

    category: str | None
    per_head: Decimal
    standard: Decimal
    refusal: str = ""

    @property
    def qualifies(self) -> bool:
        return self.category is not None


def accident_holds(accident_event: str, hardship_costs: Decimal, annual_income: Decimal) -> bool:
    """意外致困: an event of §9, or hardship costs over 80% of the year's income."""
    if accident_event and accident_event != AccidentEvent.NONE:
        return True
    return Decimal(hardship_costs) > Decimal(annual_income) * ACCIDENT_SHARE


def judge(
    *,
    annual_income: Decimal,
    essential_expenses: Decimal,
    household_size: int,
    standard: Decimal,
    hardship_costs: Decimal = ZERO,
    accident_event: str = "",
) -> Judgement:
    """The category by §9 with the standard in force (DEEP, RELATIVE, ACCIDENT in that
    order), or none with the refusal in Chinese giving the figures."""
    per_head = per_head_monthly(annual_income, essential_expenses, household_size)
    standard = money(standard)
    twice = money(standard * RELATIVE_FACTOR)
    if per_head < standard:
        return Judgement(HardshipCategory.DEEP, per_head, standard)
    if per_head < twice:
        return Judgement(HardshipCategory.RELATIVE, per_head, standard)
    if accident_holds(accident_event, hardship_costs, annual_income):
        return Judgement(HardshipCategory.ACCIDENT, per_head, standard)
    share = money(Decimal(annual_income) * ACCIDENT_SHARE)
    refusal = (
        f"人均月收入 {per_head} 元，不低于低保标准 {standard} 元的 2 倍（{twice} 元）；"
        f"无意外事件，当年致困支出 {money(hardship_costs)} 元也未超过家庭年收入 "
        f"{money(annual_income)} 元的 80%（{share} 元），不符合困难职工建档条件。"
    )
    return Judgement(None, per_head, standard, refusal)


def migrant_refusal(
    is_migrant_worker: bool, employed_since: datetime.date | None, on: datetime.date
) -> str:
    """A migrant worker needs at least 1 year of employment on `on` (§9); '' when met."""
    if not is_migrant_worker:
        return ""
    if employed_since is None:
        return "农民工建档须填写现单位入职日期（须实际就业满1年）。"
    year_on = add_months(employed_since, 12)
    if year_on > on:
        return (
            f"农民工须实际就业满1年：入职日期 {employed_since:%Y-%m-%d}，"
            f"至 {year_on:%Y-%m-%d} 方满1年。"
        )
    return ""


def standard_on(
    standards: Iterable[tuple[datetime.date, Decimal]], day: datetime.date
) -> Decimal | None:
    """The standard in force on `day`: the latest (effective_from, amount) not after it."""
    best: tuple[datetime.date, Decimal] | None = None
    for since, amount in standards:
        if since <= day and (best is None or since > best[0]):
            best = (since, amount)
    return best[1] if best else None


def required_documents(cause: str, is_migrant_worker: bool) -> list[str]:
    """The documents a file needs (§9): ID card, household register and income proof
    always; a diagnosis or bills for illness and accident; a labour contract of a year or
    more for a migrant worker."""
    kinds = [DocumentKind.ID_CARD, DocumentKind.HOUSEHOLD_REGISTER, DocumentKind.INCOME_PROOF]
    if cause in MEDICAL_CAUSES:
        kinds.append(DocumentKind.MEDICAL)
    if is_migrant_worker:
        kinds.append(DocumentKind.LABOR_CONTRACT)
    return [str(k) for k in kinds]


def missing_documents(required: Iterable[str], given: Iterable[str]) -> list[str]:
    have = set(given)
    return [k for k in required if k not in have]


def exit_notice_until(start: datetime.date, add_workdays) -> datetime.date:
    """The notice's last day: 5 working days after `start` (`add_workdays` is
    core.calendar's, passed in so the rule stays pure)."""
    return add_workdays(start, EXIT_NOTICE_WORKDAYS)


def may_exit_on(notice_until: datetime.date, day: datetime.date) -> bool:
    """The exit is approved only once the notice has run (the day after its last day)."""
    return day > notice_until
