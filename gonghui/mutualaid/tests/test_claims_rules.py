"""Every refusal of a claim (rules.claims), with its reason in words: not enrolled (pending,
before it counts, after cancellation), outside the plan's period, claimed late (after the
discharge, or after an accident without a stay), bills that do not add up, dates wrong or in
the future, the waiting period (not for accidents, nor items it does not apply to)."""

import datetime
from decimal import Decimal

from gonghui.mutualaid.choices import EnrollmentState, EventKind
from gonghui.mutualaid.rules import claims as rules

D = datetime.date
TODAY = D(2013, 12, 1)


def cover(**extra) -> rules.Cover:
    values = {
        "plan_starts_on": D(2013, 1, 1),
        "plan_ends_on": D(2013, 12, 31),
        "claim_window_days": 365,
        "enrollment_state": EnrollmentState.ACTIVE,
        "effective_on": D(2013, 2, 1),
        "waiting_until": D(2013, 5, 2),
        "cancelled_on": None,
        **extra,
    }
    return rules.Cover(**values)


def facts(**extra) -> rules.ClaimFacts:
    values = {
        "event_kind": EventKind.ILLNESS,
        "event_on": D(2013, 6, 1),
        "admitted_on": D(2013, 6, 1),
        "discharged_on": D(2013, 6, 6),
        "submitted_on": D(2013, 6, 20),
        "total_cost": Decimal("20000.00"),
        "insurance_paid": Decimal("12000.00"),
        "own_cost": Decimal("8000.00"),
        **extra,
    }
    return rules.ClaimFacts(**values)


def refusals(c=None, f=None) -> list[str]:
    return rules.claim_refusals(c or cover(), f or facts(), TODAY)


def test_a_good_claim_has_no_reason():
    assert refusals() == []
    assert rules.waiting_reason(cover(), facts(), waiting_applies=True) == ""


def test_not_enrolled_on_the_day():
    assert refusals(cover(enrollment_state=EnrollmentState.PENDING, effective_on=None)) == [
        "事发时未参保：参保尚未生效（未缴费）"
    ]
    assert refusals(f=facts(event_on=D(2013, 1, 20), admitted_on=D(2013, 1, 20))) == [
        "事发时未参保：参保于 2013-02-01 生效，事发于 2013-01-20"
    ]
    gone = cover(enrollment_state=EnrollmentState.CANCELLED, cancelled_on=D(2013, 5, 1))
    assert refusals(gone) == ["事发时未参保：已于 2013-05-01 退保"]
    # cancelled after the event: the event was covered
    later = cover(enrollment_state=EnrollmentState.CANCELLED, cancelled_on=D(2013, 7, 1))
    assert refusals(later) == []


def test_outside_the_plans_period():
    assert refusals(f=facts(event_on=D(2014, 1, 2), admitted_on=D(2014, 1, 2),
                            discharged_on=D(2014, 1, 3), submitted_on=D(2014, 1, 5))) == [
        "事发日期 2014-01-02 不在本计划年度保障期（2013-01-01 至 2013-12-31）内",
        "日期不符：发病或受伤日期 2014-01-02 晚于今天",
        "日期不符：入院日期 2014-01-02 晚于今天",
        "日期不符：出院日期 2014-01-03 晚于今天",
    ]  # fmt: skip


def test_claimed_late_after_the_discharge_or_an_accident():
    late = facts(submitted_on=D(2014, 6, 7))
    assert rules.claim_refusals(cover(), late, D(2014, 6, 7)) == [
        "超过申请时限：应在出院后 365 天内（2014-06-06 前）申请，2014-06-07 才申请"
    ]
    on_the_last_day = facts(submitted_on=D(2014, 6, 6))
    assert rules.claim_refusals(cover(), on_the_last_day, D(2014, 6, 6)) == []
    accident = facts(
        event_kind=EventKind.ACCIDENT,
        admitted_on=None,
        discharged_on=None,
        submitted_on=D(2013, 7, 2),
    )
    assert rules.claim_refusals(cover(claim_window_days=30), accident, TODAY) == [
        "超过申请时限：应在事发后 30 天内（2013-07-01 前）申请，2013-07-02 才申请"
    ]


def test_bills_that_do_not_add_up():
    assert refusals(f=facts(insurance_paid=Decimal("25000.00"))) == [
        "票据不符：基本医保支付 25,000.00 超过医疗总费用 20,000.00"
    ]
    assert refusals(f=facts(own_cost=Decimal("8000.01"))) == [
        "票据不符：个人自付 8,000.01 超过医疗总费用 20,000.00 − 医保支付 12,000.00 = 8,000.00"
    ]


def test_dates_that_are_wrong():
    assert refusals(f=facts(discharged_on=D(2013, 5, 30))) == [
        "日期不符：出院日期 2013-05-30 早于入院日期 2013-06-01"
    ]
    assert refusals(f=facts(admitted_on=D(2013, 5, 30))) == [
        "日期不符：入院日期 2013-05-30 早于发病或受伤日期 2013-06-01"
    ]
    assert refusals(f=facts(discharged_on=D(2013, 12, 2))) == [
        "日期不符：出院日期 2013-12-02 晚于今天"
    ]


def test_the_waiting_period():
    early = facts(event_on=D(2013, 5, 1), admitted_on=D(2013, 5, 1))
    assert rules.waiting_reason(cover(), early, waiting_applies=True) == (
        "在观察期内：新参保观察期至 2013-05-02，发病于 2013-05-01"
    )
    on_the_day = facts(event_on=D(2013, 5, 2), admitted_on=D(2013, 5, 2))
    assert rules.waiting_reason(cover(), on_the_day, waiting_applies=True) == ""
    assert rules.waiting_reason(cover(), early, waiting_applies=False) == ""
    accident = facts(event_kind=EventKind.ACCIDENT, event_on=D(2013, 5, 1))
    assert rules.waiting_reason(cover(), accident, waiting_applies=True) == ""
    # a renewal: its waiting period ends the day it counts
    renewal = cover(waiting_until=D(2013, 2, 1))
    assert rules.waiting_reason(renewal, early, waiting_applies=True) == ""


def test_claim_numbers():
    assert rules.claim_number(2013, 123) == "HZ2013000123"


def test_a_discharge_at_the_end_of_the_calendar_is_no_server_error():
    end = facts(discharged_on=datetime.date.max)
    assert rules.late_reason(cover(), end) == ""
    assert refusals(f=end) == ["日期不符：出院日期 9999-12-31 晚于今天"]
