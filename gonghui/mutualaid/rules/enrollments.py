"""Who may be enrolled in a plan year on a day, and when an enrollment counts (CARE-3).

Pure functions over plain facts, shared by the roster enrollment, the single enrollment and
the list import (services.enrollments, importers.enrollments):

- a member may be enrolled when they are an active member (在册), under the plan's age limit
  for their sex on the enrollment day, and not yet enrolled in this plan year;
- a renewal is a member enrolled (not cancelled) in the plan's previous year;
- an enrollment counts from `effective_on`: the day the batch's contribution is paid in full
  when the plan counts at payment, else the enrollment day; its waiting period runs to
  `waiting_until` = effective_on + the plan's waiting days for a new enrollee, and ends on
  effective_on itself for a renewal.

`RosterCheck` is the same rule for a stream of members (123,000 at once): the age limit as
two birth-date cutoffs, the enrolled and previous-year members as id sets read once.
"""

import datetime
from dataclasses import dataclass

ACTIVE = "active"  # members.choices.MemberStatus.ACTIVE
MALE = "M"  # members.choices.Sex.MALE
PAID = "paid"  # choices.CountedWhen.PAID
STATUS_LABELS = {"active": "在册", "retained": "保留会籍", "left": "已离会"}
SEX_LABELS = {"M": "男", "F": "女"}


@dataclass(frozen=True)
class PlanFacts:
    """The figures of a plan year the enrollment rules read."""

    year: int
    age_limit_male: int
    age_limit_female: int
    waiting_days: int
    counted_when: str = PAID

    @classmethod
    def of(cls, plan) -> "PlanFacts":
        return cls(
            year=plan.year,
            age_limit_male=plan.age_limit_male,
            age_limit_female=plan.age_limit_female,
            waiting_days=plan.waiting_days,
            counted_when=str(plan.counted_when),
        )

    def age_limit(self, sex: str) -> int:
        return self.age_limit_male if sex == MALE else self.age_limit_female


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day` (a birthday on 29 February counts from 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def plan_closed_reason(
    *,
    year: int,
    state: str,
    ends_on: datetime.date,
    closes_on: datetime.date | None,
    day: datetime.date,
) -> str | None:
    """Why a plan year takes no enrollment on `day` (None: it does)."""
    if state != "open":
        return f"{year}年度计划当前不接受参保。"
    if closes_on is not None and day > closes_on:
        return f"{year}年度计划已于{closes_on:%Y-%m-%d}截止参保。"
    if day > ends_on:
        return f"{year}年度计划的保障期已于{ends_on:%Y-%m-%d}结束。"
    return None


def refusal(
    plan: PlanFacts,
    *,
    status: str,
    birth_date: datetime.date,
    sex: str,
    day: datetime.date,
    enrolled: bool,
) -> str | None:
    """Why this member may not be enrolled in the plan year on `day` (None: they may)."""
    if enrolled:
        return f"已参加{plan.year}年度计划"
    if status != ACTIVE:
        return f"不是在册会员（{STATUS_LABELS.get(status, status)}）"
    limit = plan.age_limit(sex)
    if age_on(birth_date, day) >= limit:
        return age_reason(sex, limit)
    return None


def age_reason(sex: str, limit: int) -> str:
    return f"已满{limit}周岁（{SEX_LABELS.get(sex, '')}职工年龄上限{limit}）"


def effective_on(
    plan: PlanFacts, *, enrolled_on: datetime.date, paid_on: datetime.date | None
) -> datetime.date | None:
    """The day an enrollment starts to count; None while the contribution is not paid in full
    for a plan that counts at payment."""
    if plan.counted_when == PAID:
        return paid_on
    return enrolled_on


def waiting_until(plan: PlanFacts, *, effective: datetime.date, renewal: bool) -> datetime.date:
    """The last day of the waiting period: none for a renewal."""
    if renewal:
        return effective
    return effective + datetime.timedelta(days=plan.waiting_days)


def birth_cutoff(day: datetime.date, limit: int) -> datetime.date:
    """The latest birth date of someone aged `limit` or more on `day`: born on or before it
    is over the limit (`age_on(b, day) >= limit` ⇔ `b <= birth_cutoff(day, limit)`)."""
    year = day.year - limit
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one: the 28th has had the birthday
        return datetime.date(year, 2, 28)


class RosterCheck:
    """`refusal` and the renewal for many members of one plan year on one day: the age limit
    as two birth-date cutoffs, the members already enrolled and those of the previous year
    as id sets (read once by the service). `check` is the hot loop of a 123,000 enrollment."""

    def __init__(
        self,
        plan: PlanFacts,
        day: datetime.date,
        *,
        enrolled: set[int],
        previous: set[int],
    ):
        self.plan, self.day = plan, day
        self.enrolled, self.previous = enrolled, previous
        self.cutoffs = {
            "M": birth_cutoff(day, plan.age_limit_male),
            "F": birth_cutoff(day, plan.age_limit_female),
        }
        self.enrolled_reason = f"已参加{plan.year}年度计划"
        self.status_reasons = {
            s: f"不是在册会员（{label}）" for s, label in STATUS_LABELS.items() if s != ACTIVE
        }
        self.age_reasons = {sex: age_reason(sex, plan.age_limit(sex)) for sex in SEX_LABELS}

    def check(
        self, member_id: int, status: str, birth_date: datetime.date, sex: str
    ) -> tuple[str | None, bool]:
        """(why refused or None, whether a renewal)."""
        if member_id in self.enrolled:
            return self.enrolled_reason, False
        if status != ACTIVE:
            return self.status_reasons.get(status) or f"不是在册会员（{status}）", False
        cutoff = self.cutoffs.get(sex) or birth_cutoff(self.day, self.plan.age_limit(sex))
        if birth_date <= cutoff:
            return self.age_reasons.get(sex) or age_reason(sex, self.plan.age_limit(sex)), False
        return None, member_id in self.previous
