"""Time limits of a case (domain-rules §5, §6; rule table rows 28-34). All from settings.

Petitions and the other kinds: accept within RIGHTS_ACCEPT_DAYS of receipt, conclude within
RIGHTS_CONCLUDE_DAYS of acceptance, one extension of at most RIGHTS_EXTENSION_MAX_DAYS.
Labor disputes follow mediation: accept within RIGHTS_MEDIATION_ACCEPT_WORKDAYS working days,
mediate within RIGHTS_MEDIATION_DAYS. RIGHTS_LIMIT_UNIT says whether the day counts are
calendar or working days (core.calendar, with the Chinese holiday schedule).
"""

import datetime
from decimal import Decimal

from django.conf import settings

from gonghui.core.calendar import add_days, add_workdays
from gonghui.core.money import ZERO, money

from .choices import CaseKind, CaseState, Channel


def _unit() -> str:
    return settings.RIGHTS_LIMIT_UNIT


def accept_due(kind: str, received_on: datetime.date) -> datetime.date:
    if kind == CaseKind.LABOR_DISPUTE:
        return add_workdays(received_on, settings.RIGHTS_MEDIATION_ACCEPT_WORKDAYS)
    return add_days(received_on, settings.RIGHTS_ACCEPT_DAYS, unit=_unit())


def conclude_due(kind: str, accepted_on: datetime.date, review_level: int = 0) -> datetime.date:
    if review_level:
        days = settings.RIGHTS_REVIEW_DAYS  # rule 30: a review is answered within 30 days
    elif kind == CaseKind.LABOR_DISPUTE:
        days = settings.RIGHTS_MEDIATION_DAYS
    else:
        days = settings.RIGHTS_CONCLUDE_DAYS
    return add_days(accepted_on, days, unit=_unit())


def review_request_late(reply_on: datetime.date, requested_on: datetime.date) -> bool:
    """Rule 30: a review is asked for within RIGHTS_REVIEW_REQUEST_DAYS of the written reply."""
    return (requested_on - reply_on).days > settings.RIGHTS_REVIEW_REQUEST_DAYS


def award_due(case) -> datetime.date | None:
    """Art. 43: the award is due 45 days after the commission accepts (extendable by 15)."""
    if case.arbitration_accepted_on is None:
        return None
    return case.arbitration_accepted_on + datetime.timedelta(days=settings.RIGHTS_AWARD_DAYS)


def award_due_extended(case) -> datetime.date | None:
    due = award_due(case)
    return due + datetime.timedelta(days=settings.RIGHTS_AWARD_EXTENSION_DAYS) if due else None


def lawsuit_deadline(case) -> datetime.date | None:
    """Arts. 48-50: the worker may sue within 15 days of receiving the award."""
    if case.award_on is None:
        return None
    return case.award_on + datetime.timedelta(days=settings.RIGHTS_LAWSUIT_DAYS)


def extended_due(current: datetime.date, days: int) -> datetime.date:
    return add_days(current, days, unit=_unit())


def arbitration_deadline(case) -> datetime.date | None:
    """Art. 27: one year from knowing of the infringement; none while a wage claim runs."""
    if case.kind != CaseKind.LABOR_DISPUTE or case.infringement_known_on is None:
        return None
    if case.wage_claim_ongoing:
        return None
    return case.infringement_known_on + datetime.timedelta(
        days=settings.RIGHTS_ARBITRATION_LIMIT_DAYS
    )


def arbitration_warning(case, today: datetime.date) -> bool:
    deadline = arbitration_deadline(case)
    if deadline is None:
        return False
    return (deadline - today).days < settings.RIGHTS_ARBITRATION_WARN_DAYS


def final_award_cap() -> Decimal:
    return money(money(settings.RIGHTS_LOCAL_MIN_WAGE) * 12)


def is_final_award(case) -> bool:
    """Art. 47: claims up to 12 months of the local minimum wage are decided finally (一裁终局)."""
    if case.kind not in (CaseKind.LABOR_DISPUTE, CaseKind.LEGAL_AID):
        return False
    return ZERO < case.amount_claimed <= final_award_cap()


def may_apply_arbitration(case, today: datetime.date) -> bool:
    """Rule 32: a labor dispute not mediated within its time may go to arbitration."""
    return (
        case.kind == CaseKind.LABOR_DISPUTE
        and case.state in (CaseState.ASSIGNED, CaseState.IN_PROGRESS)
        and case.conclude_due is not None
        and case.conclude_due < today
    )


def group_visit_warning(case) -> str:
    limit = settings.RIGHTS_GROUP_VISIT_MAX_REPRESENTATIVES
    if case.channel == Channel.VISIT and case.visitors > limit:
        return f"集体来访{case.visitors}人，应推选不超过{limit}名代表反映诉求。"
    return ""
