"""Time limits (domain-rules §5, §6; rule rows 28-34), all from settings, holidays included."""

import datetime
from decimal import Decimal

from django.test import override_settings

from gonghui.rights import deadlines
from gonghui.rights.models import Case

D = datetime.date


def _case(**kw) -> Case:
    base = {
        "kind": "labor_dispute",
        "channel": "visit",
        "state": "in_progress",
        "amount_claimed": Decimal("0.00"),
        "visitors": 1,
    }
    return Case(**(base | kw))


def test_petition_accept_within_15_days_and_conclude_within_60():
    assert deadlines.accept_due("petition", D(2026, 3, 2)) == D(2026, 3, 17)
    assert deadlines.conclude_due("petition", D(2026, 3, 2)) == D(2026, 5, 1)


def test_labor_dispute_accepted_within_3_working_days_across_national_day():
    # given a dispute received on Wednesday 30 September 2026, just before National Day
    # then the 3 working days are Thu 8, Fri 9 and the 调休 Saturday 10 October
    assert deadlines.accept_due("labor_dispute", D(2026, 9, 30)) == D(2026, 10, 10)


def test_labor_dispute_mediation_within_15_days():
    assert deadlines.conclude_due("labor_dispute", D(2026, 3, 2)) == D(2026, 3, 17)


@override_settings(RIGHTS_LIMIT_UNIT="workday", RIGHTS_ACCEPT_DAYS=5)
def test_limits_can_be_counted_in_working_days():
    # 5 working days after Tue 29 Sep 2026: Wed 30 Sep, then Thu 8, Fri 9, Sat 10 (调休), Mon 12
    assert deadlines.accept_due("petition", D(2026, 9, 29)) == D(2026, 10, 12)


@override_settings(RIGHTS_CONCLUDE_DAYS=30, RIGHTS_MEDIATION_DAYS=10)
def test_limits_are_settings():
    assert deadlines.conclude_due("complaint", D(2026, 3, 1)) == D(2026, 3, 31)
    assert deadlines.conclude_due("labor_dispute", D(2026, 3, 1)) == D(2026, 3, 11)


def test_extension_counts_from_the_current_deadline():
    assert deadlines.extended_due(D(2026, 5, 1), 30) == D(2026, 5, 31)


def test_arbitration_limitation_one_year_with_warning_and_wage_exception():
    case = _case(infringement_known_on=D(2025, 12, 1))
    assert deadlines.arbitration_deadline(case) == D(2026, 12, 1)
    assert deadlines.arbitration_warning(case, D(2026, 11, 10))  # 21 days left
    assert not deadlines.arbitration_warning(case, D(2026, 10, 1))
    case.wage_claim_ongoing = True
    assert deadlines.arbitration_deadline(case) is None


@override_settings(RIGHTS_LOCAL_MIN_WAGE="2500.00")
def test_final_award_cap_is_12_months_of_minimum_wage():
    assert deadlines.final_award_cap() == Decimal("30000.00")
    assert deadlines.is_final_award(_case(amount_claimed=Decimal("30000.00")))
    assert not deadlines.is_final_award(_case(amount_claimed=Decimal("30000.01")))
    assert not deadlines.is_final_award(_case(kind="petition", amount_claimed=Decimal("10")))


def test_after_mediation_time_worker_may_apply_for_arbitration():
    case = _case(conclude_due=D(2026, 3, 17))
    assert not deadlines.may_apply_arbitration(case, D(2026, 3, 17))
    assert deadlines.may_apply_arbitration(case, D(2026, 3, 18))


def test_group_visit_with_more_than_5_people_is_flagged():
    assert deadlines.group_visit_warning(_case(visitors=5)) == ""
    assert "不超过5名代表" in deadlines.group_visit_warning(_case(visitors=8))
