"""The refund rules: on time, overdue, what is still due (exact for any amounts)."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.finance.rules.refunds import (
    batch_number,
    due_parts,
    line_number,
    month,
    on_time,
    overdue,
    unpaid,
)

DAY = datetime.date(2013, 3, 31)
amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)


def test_on_time_is_paid_on_or_before_the_due_date():
    assert on_time(DAY, DAY) and on_time(DAY, DAY - datetime.timedelta(days=30))
    assert not on_time(DAY, DAY + datetime.timedelta(days=1))
    assert not on_time(DAY, None)  # not paid is never on time


def test_overdue_is_unpaid_past_the_due_date():
    after = DAY + datetime.timedelta(days=1)
    assert overdue(DAY, None, after) and not overdue(DAY, None, DAY)
    assert not overdue(DAY, DAY, after)


@given(amounts, amounts, amounts, amounts)
def test_what_is_due_is_exactly_allocated_less_refunded(share, extra, done_share, done_extra):
    s, e, total = due_parts(share, extra, done_share, done_extra)
    assert s == share - done_share and e == extra - done_extra and total == s + e
    assert total == (share + extra) - (done_share + done_extra)


def test_unpaid_never_shows_below_zero():
    assert unpaid(Decimal("10.00"), Decimal("4.01")) == Decimal("5.99")
    assert unpaid(Decimal("10.00"), Decimal("12.00")) == Decimal("0.00")


def test_periods_and_numbers():
    assert month(datetime.date(2013, 5, 17)) == datetime.date(2013, 5, 1)
    assert batch_number(datetime.date(2013, 5, 1), 12) == "FP2013000012"
    assert line_number(datetime.date(2013, 5, 1), 3) == "FB201305000003"
