"""Refund rules (FUND-3), pure functions: what is still due to a union, when a refund is on
time, the numbers of batches and lines. The services, the pages and the indicators use them."""

import datetime
from decimal import Decimal

from gonghui.core.money import ZERO, money


def month(day: datetime.date) -> datetime.date:
    """The period (所属期) a day belongs to: the first of its month."""
    return day.replace(day=1)


def on_time(line_due: datetime.date | None, paid_on: datetime.date | None) -> bool:
    """A refund is on time when it was paid on or before its due date ("按时足额返拨")."""
    return paid_on is not None and line_due is not None and paid_on <= line_due


def overdue(line_due: datetime.date, paid_on: datetime.date | None, today: datetime.date) -> bool:
    """Not paid and past its due date (waiting at the bank or failed)."""
    return paid_on is None and today > line_due


def due_parts(
    allocated_share: Decimal,
    allocated_extra: Decimal,
    refunded_share: Decimal,
    refunded_extra: Decimal,
) -> tuple[Decimal, Decimal, Decimal]:
    """(share, extra refund, total) still due: what was allocated to the union less what is
    on a line that is waiting or paid (a failed line's money is due again)."""
    share = money(allocated_share) - money(refunded_share)
    extra = money(allocated_extra) - money(refunded_extra)
    return share, extra, share + extra


def unpaid(allocated: Decimal, paid: Decimal) -> Decimal:
    """Allocated to a union and not yet paid to it (never below zero on a page)."""
    return max(money(allocated) - money(paid), ZERO)


def batch_number(period: datetime.date, pk: int) -> str:
    return f"FP{period:%Y}{pk:06d}"


def line_number(period: datetime.date, seq: int) -> str:
    return f"FB{period:%Y%m}{seq:06d}"
