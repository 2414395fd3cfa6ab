"""Why a claim gets nothing (CARE-3): pure functions over the claim's figures and the
member's enrollment, shared by the services, the quote and the pages.

A refused claim is still registered (the union sees why): it computes 0 with these reasons.
Reasons that concern the claim as a whole (`claim_refusals`): not enrolled on the event's
date, outside the plan's period, claimed late, bills or dates that do not add up. One that
concerns an item (`waiting_reason`): the event in the new enrollee's waiting period, for an
item the waiting period applies to (never accident aid).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from gonghui.core.money import ZERO, money, money_text

from ..choices import EnrollmentState, EventKind


@dataclass(frozen=True)
class Cover:
    """The plan year and the member's enrollment in it, as they bear on a claim."""

    plan_starts_on: datetime.date
    plan_ends_on: datetime.date
    claim_window_days: int
    enrollment_state: str
    effective_on: datetime.date | None
    waiting_until: datetime.date | None
    cancelled_on: datetime.date | None


@dataclass(frozen=True)
class ClaimFacts:
    event_kind: str
    event_on: datetime.date
    admitted_on: datetime.date | None
    discharged_on: datetime.date | None
    submitted_on: datetime.date
    total_cost: Decimal
    insurance_paid: Decimal
    own_cost: Decimal

    @property
    def has_stay(self) -> bool:
        return self.admitted_on is not None

    @property
    def window_from(self) -> datetime.date:
        """The day the claim window runs from: the discharge, else the event."""
        return self.discharged_on or self.event_on


def _d(day: datetime.date) -> str:
    return day.isoformat()


def enrollment_reason(cover: Cover, event_on: datetime.date) -> str:
    """'' when the member was enrolled (and counted) on the event's date; an enrollment
    cancelled after the event covered it."""
    if cover.enrollment_state == EnrollmentState.PENDING or cover.effective_on is None:
        return "事发时未参保：参保尚未生效（未缴费）"
    if cover.cancelled_on is not None and event_on >= cover.cancelled_on:
        return f"事发时未参保：已于 {_d(cover.cancelled_on)} 退保"
    if cover.enrollment_state != EnrollmentState.ACTIVE and cover.cancelled_on is None:
        return "事发时未参保：参保记录不是有效状态"
    if event_on < cover.effective_on:
        return f"事发时未参保：参保于 {_d(cover.effective_on)} 生效，事发于 {_d(event_on)}"
    return ""


def period_reason(cover: Cover, event_on: datetime.date) -> str:
    if not cover.plan_starts_on <= event_on <= cover.plan_ends_on:
        return (
            f"事发日期 {_d(event_on)} 不在本计划年度保障期"
            f"（{_d(cover.plan_starts_on)} 至 {_d(cover.plan_ends_on)}）内"
        )
    return ""


def late_reason(cover: Cover, facts: ClaimFacts) -> str:
    try:
        last = facts.window_from + datetime.timedelta(days=cover.claim_window_days)
    except OverflowError:  # a discharge typed as 9999-12-31: no later day to be late on
        return ""
    if facts.submitted_on > last:
        after = "出院" if facts.discharged_on else "事发"
        return (
            f"超过申请时限：应在{after}后 {cover.claim_window_days} 天内（{_d(last)} 前）申请，"
            f"{_d(facts.submitted_on)} 才申请"
        )
    return ""


def bills_reasons(facts: ClaimFacts, today: datetime.date) -> list[str]:
    """What does not add up in the bills and the dates."""
    reasons = []
    total, insurance, own = (
        money(facts.total_cost),
        money(facts.insurance_paid),
        money(facts.own_cost),
    )
    if insurance > total:
        reasons.append(
            f"票据不符：基本医保支付 {money_text(insurance)} 超过医疗总费用 {money_text(total)}"
        )
    elif own > total - insurance:
        reasons.append(
            f"票据不符：个人自付 {money_text(own)} 超过医疗总费用 {money_text(total)} − "
            f"医保支付 {money_text(insurance)} = {money_text(total - insurance)}"
        )
    if min(total, insurance, own) < ZERO:
        reasons.append("票据不符：金额不能为负数")
    if facts.admitted_on and facts.discharged_on and facts.discharged_on < facts.admitted_on:
        reasons.append(
            f"日期不符：出院日期 {_d(facts.discharged_on)} 早于入院日期 {_d(facts.admitted_on)}"
        )
    if facts.admitted_on and facts.admitted_on < facts.event_on:
        reasons.append(
            f"日期不符：入院日期 {_d(facts.admitted_on)} 早于发病或受伤日期 {_d(facts.event_on)}"
        )
    future = [
        (label, day)
        for label, day in (
            ("发病或受伤日期", facts.event_on),
            ("入院日期", facts.admitted_on),
            ("出院日期", facts.discharged_on),
        )
        if day is not None and day > today
    ]
    for label, day in future:
        reasons.append(f"日期不符：{label} {_d(day)} 晚于今天")
    return reasons


def claim_refusals(cover: Cover, facts: ClaimFacts, today: datetime.date) -> list[str]:
    """Every reason the claim as a whole gets nothing; [] when none."""
    reasons = [
        enrollment_reason(cover, facts.event_on),
        period_reason(cover, facts.event_on),
        late_reason(cover, facts),
    ]
    return [r for r in reasons if r] + bills_reasons(facts, today)


def waiting_reason(cover: Cover, facts: ClaimFacts, *, waiting_applies: bool) -> str:
    """'' unless the event falls in the waiting period and it applies (never to accidents)."""
    if facts.event_kind == EventKind.ACCIDENT or not waiting_applies:
        return ""
    if cover.waiting_until is not None and facts.event_on < cover.waiting_until:
        return f"在观察期内：新参保观察期至 {_d(cover.waiting_until)}，发病于 {_d(facts.event_on)}"
    return ""


def claim_number(year: int, pk: int) -> str:
    """HZ + plan year + six digits of the row's id: HZ2013000123."""
    return f"HZ{year}{pk:06d}"
