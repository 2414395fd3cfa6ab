"""The daily check: mark overdue cases and tell the assignee; close concluded cases whose
worker gave no feedback within RIGHTS_AUTO_CLOSE_DAYS. Idempotent: run it twice, same result.

It runs as the system (core.actors), never as a person: `manage.py periodic` passes the
actor of the periodic job registered in rights/registrations.py, and the staff button's
background job (rights/jobs.py) passes the same OVERDUE_ACTOR.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from gonghui.core.actors import system_actor
from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError
from gonghui.core.jobs import JobProgress
from gonghui.core.notify import notify
from gonghui.core.permissions import require

from ..choices import CaseState
from ..models import Case
from ..workflow import CASE_WORKFLOW
from .common import case_recipients, case_url

OVERDUE_JOB = "rights.mark_overdue"
OVERDUE_TITLE = "维权案件超期检查"
# Closing a case is a handling step; the check needs nothing more.
OVERDUE_GRANTS = ("rights.handle",)
OVERDUE_ACTOR = system_actor(OVERDUE_JOB, OVERDUE_TITLE, grants=OVERDUE_GRANTS)


@dataclass
class OverdueResult:
    marked: int = 0
    notified: int = 0
    closed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"marked": self.marked, "notified": self.notified, "closed": self.closed}


def overdue_filter(today: datetime.date) -> Q:
    return Q(state=CaseState.REGISTERED, accept_due__lt=today) | Q(
        state__in=[CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS],
        conclude_due__lt=today,
    )


def _mark(case: Case, today: datetime.date, actor: Any, result: OverdueResult) -> None:
    with transaction.atomic():
        # a marker, not a user edit: no version bump, so nobody's open form goes stale
        updated = Case.objects.filter(pk=case.pk, overdue_since__isnull=True).update(
            overdue_since=today
        )
        if not updated:
            return
        result.marked += 1
        audit_record(
            actor=actor,
            action="rights.case.overdue",
            target=case,
            data={"deadline": str(case.deadline)},
        )
        rows = notify(
            recipients=case_recipients(case),
            message=f"案件 {case.number} 已超过期限（{case.deadline}），请尽快办理。",
            target=case,
            url=case_url(case),
        )
        result.notified += len(rows)


def _auto_close(case: Case, today: datetime.date, actor: Any, result: OverdueResult) -> None:
    try:
        CASE_WORKFLOW.transition(
            case,
            "close",
            actor=actor,
            version=case.version,
            note=f"办结后{settings.RIGHTS_AUTO_CLOSE_DAYS}天内职工未评价，自动结案。",
            changes={"closed_on": today},
        )
    except ApplicationError:
        return  # someone changed it meanwhile; next run decides again
    result.closed += 1


def cases_mark_overdue(
    *,
    today: datetime.date,
    actor: Any = OVERDUE_ACTOR,
    progress: JobProgress | None = None,
) -> OverdueResult:
    """Every case in the district, whoever runs it: the system sees no scope, it is told
    which cases by this query, not by a user's subtree."""
    require(actor, "rights.handle")
    result = OverdueResult()
    due = Case.objects.filter(overdue_filter(today), overdue_since__isnull=True).select_related(
        "lawyer__user", "station__town", "assigned_org", "town"
    )
    stale = Case.objects.filter(
        state=CaseState.CONCLUDED,
        concluded_on__lt=today - datetime.timedelta(days=settings.RIGHTS_AUTO_CLOSE_DAYS),
    )
    total = due.count() + stale.count()
    done = 0
    for case in due.iterator():
        _mark(case, today, actor, result)
        done += 1
        if progress:
            progress.update(done, total)
    for case in stale.iterator():
        _auto_close(case, today, actor, result)
        done += 1
        if progress:
            progress.update(done, total)
    return result
