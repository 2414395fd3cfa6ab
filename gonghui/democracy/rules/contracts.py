"""Rules of collective contracts and bargaining offers (DEMO-1; domain-rules §7, rules 37–42).
Pure functions of dates and counts: the services, forms and the demo call them."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TERM_MIN_YEARS, TERM_MAX_YEARS = 1, 3  # rule 37
FILING_DAYS = 10  # rule 38: sent to the labor department within 10 days of signing
WAGE_FILING_DAYS = 7  # rule 41: a wage agreement within 7 days
REVIEW_DAYS = 15  # rule 39: an objection within 15 days, else effective
RENEWAL_MONTHS = 3  # rule 37: renewal asked within the 3 months before expiry
ANSWER_DAYS = 20  # §7: the other side answers a written offer within 20 days
EXPIRING_DAYS = 90  # the lists' and the to-do's "ending within 90 days"
WAGE = "wage"
WOMEN = "women"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later or earlier, cut to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def term_end(starts_on: datetime.date, years: int) -> datetime.date:
    """The last day of a term of `years` years from `starts_on` (both ends in the term)."""
    return add_years(starts_on, years) - datetime.timedelta(days=1)


def term_error(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """Rule 37: a term of one to three years; "" when it is one."""
    if ends_on <= starts_on:
        return "期满日期须晚于生效起始日期。"
    if ends_on < term_end(starts_on, TERM_MIN_YEARS):
        return f"集体合同期限为{TERM_MIN_YEARS}至{TERM_MAX_YEARS}年，期满日期不能早于{term_end(starts_on, 1)}。"
    if ends_on > term_end(starts_on, TERM_MAX_YEARS):
        return f"集体合同期限为{TERM_MIN_YEARS}至{TERM_MAX_YEARS}年，期满日期不能晚于{term_end(starts_on, 3)}。"
    return ""


def filing_days(kind: str) -> int:
    """Rules 38 and 41: days allowed between signing and sending it for review."""
    return WAGE_FILING_DAYS if kind == WAGE else FILING_DAYS


def filing_deadline(kind: str, signed_on: datetime.date) -> datetime.date:
    return signed_on + datetime.timedelta(days=filing_days(kind))


def filing_late_days(kind: str, signed_on: datetime.date, submitted_on: datetime.date) -> int:
    """How many days past the deadline it was sent (0: in time). A warning, not a refusal:
    a late filing is still registered (the department decides)."""
    return max(0, (submitted_on - filing_deadline(kind, signed_on)).days)


def filing_warning(kind: str, signed_on: datetime.date, submitted_on: datetime.date) -> str:
    late = filing_late_days(kind, signed_on, submitted_on)
    if not late:
        return ""
    days = filing_days(kind)
    return f"报送日期晚于签订后{days}日的期限{late}天（应于{filing_deadline(kind, signed_on)}前报送）。"


def review_ends(submitted_on: datetime.date) -> datetime.date:
    """Rule 39: the last day the department may send its objection."""
    return submitted_on + datetime.timedelta(days=REVIEW_DAYS)


def effective_date(submitted_on: datetime.date) -> datetime.date:
    """Rule 39: with no objection within 15 days the contract takes effect at filing + 15."""
    return review_ends(submitted_on)


def may_take_effect(submitted_on: datetime.date, today: datetime.date) -> bool:
    return today >= effective_date(submitted_on)


def objection_in_time(submitted_on: datetime.date, objection_on: datetime.date) -> bool:
    return submitted_on <= objection_on <= review_ends(submitted_on)


@dataclass(frozen=True)
class Vote:
    total: int
    attended: int
    for_: int

    @property
    def quorate(self) -> bool:
        """Rule 40: at least two thirds attend (3 × attended ≥ 2 × total, in integers)."""
        return self.total > 0 and 3 * self.attended >= 2 * self.total

    @property
    def passed(self) -> bool:
        """Rule 40: more than half of ALL representatives (or workers) vote for."""
        return self.quorate and 2 * self.for_ > self.total


def vote_error(total: int | None, attended: int | None, for_: int | None) -> tuple[str, str]:
    """(field, message) of what is wrong with a vote record; ("", "") when it passes."""
    if total is None or attended is None or for_ is None:
        return "vote_total", "请填写表决的应到人数、实到人数和赞成人数。"
    if total <= 0:
        return "vote_total", "应到人数须大于0。"
    if attended > total:
        return "vote_attended", "实到人数不能多于应到人数。"
    if for_ > attended:
        return "vote_for", "赞成人数不能多于实到人数。"
    vote = Vote(total, attended, for_)
    if not vote.quorate:
        return "vote_attended", "实到人数不足应到人数的三分之二，表决无效。"
    if not vote.passed:
        return "vote_for", "赞成人数未超过应到人数的半数，草案未获通过。"
    return "", ""


def women_negotiator_error(kind: str, women_negotiators: int, worker_side: int) -> str:
    """Rule 42: the worker side of a women's special contract includes a woman."""
    if women_negotiators > worker_side:
        return "女职工协商代表人数不能多于职工方协商代表人数。"
    if kind == WOMEN and women_negotiators < 1:
        return "女职工权益保护专项集体合同的职工方协商代表中须有女职工代表。"
    return ""


def renewal_opens(ends_on: datetime.date) -> datetime.date:
    """Rule 37: the first day renewal may be asked (3 months before expiry)."""
    return add_months(ends_on, -RENEWAL_MONTHS)


def may_renew(ends_on: datetime.date, today: datetime.date) -> bool:
    """Within the renewal window, or after expiry (an expired contract is renewed late)."""
    return today >= renewal_opens(ends_on)


def ending_within(ends_on: datetime.date, today: datetime.date, days: int = EXPIRING_DAYS) -> bool:
    return today <= ends_on <= today + datetime.timedelta(days=days)


def answer_due(sent_on: datetime.date) -> datetime.date:
    """§7: an offer's answer is due 20 days after it was sent."""
    return sent_on + datetime.timedelta(days=ANSWER_DAYS)


def answer_overdue(due: datetime.date, answered: bool, today: datetime.date) -> bool:
    return not answered and today > due


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal, half up (None with no denominator), as the catalog
    shows it (core.indicators)."""
    if not denominator:
        return None
    share = Decimal(numerator) * 100 / Decimal(denominator)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
