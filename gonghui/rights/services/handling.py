"""The case's transitions (RIGHTS-1, RIGHTS-2), each through CASE_WORKFLOW.

Every service here is named by its `Transition` (rights/workflow.py), so the generic page
action and the API action endpoint call it with `actor`, `case` and the transition's input.
Each first checks that the actor may take the step and sees the case (403, then 404).
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core.actors import actor_user
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.money import ZERO, parse_money
from gonghui.core.notify import notify
from gonghui.core.scope import ensure_visible
from gonghui.orgs.models import Organization

from .. import deadlines
from ..choices import NoteKind, Outcome
from ..models import Case, CaseNote, Lawyer, Station
from ..workflow import CASE_WORKFLOW
from .common import case_recipients, case_url


def _may(actor: Any, case: Case, transition: str) -> None:
    """The transition's permission (403), then the case in the actor's scope (404)."""
    ensure_visible(actor, case, CASE_WORKFLOW.transitions[transition].permission)


def _reply(case: Case, actor: Any, text: str) -> CaseNote:
    """A written notice the worker reads on the tracking page (rule 28)."""
    return CaseNote.objects.create(
        case=case,
        kind=NoteKind.REPLY,
        text=text,
        happened_on=today(),
        author=actor_user(actor),
        author_name=str(actor),
    )


@transaction.atomic
def case_accept(
    *, actor: Any, case: Case, version: int | None, accepted_on: datetime.date | None = None
) -> Case:
    """Rule 28: the decision is told to the worker in writing (a reply they can read)."""
    _may(actor, case, "accept")
    accepted_on = accepted_on or today()
    if accepted_on < case.received_on:
        raise ApplicationError("受理日期不能早于收到日期。", field="accepted_on")
    if accepted_on > today():
        raise ApplicationError("受理日期不能晚于今天。", field="accepted_on")
    due = deadlines.conclude_due(case.kind, accepted_on, case.review_level)
    case = CASE_WORKFLOW.transition(
        case,
        "accept",
        actor=actor,
        version=version,
        changes={"accepted_on": accepted_on, "conclude_due": due, "overdue_since": None},
    )
    _reply(
        case,
        actor,
        f"您反映的问题已于{accepted_on:%Y年%m月%d日}受理，将于{due:%Y年%m月%d日}前办结。",
    )
    return case


@transaction.atomic
def case_decline(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    _may(actor, case, "decline")
    if not reason.strip():
        raise ApplicationError("请填写不予受理的理由。", field="reason")
    case = CASE_WORKFLOW.transition(
        case,
        "decline",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={"decline_reason": reason.strip()[:300], "overdue_since": None},
    )
    _reply(case, actor, f"经审查，您反映的问题不予受理。理由：{reason.strip()}")
    return case


@transaction.atomic
def case_assign(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    station: Station | None = None,
    lawyer: Lawyer | None = None,
    org: Organization | None = None,
    note: str = "",
) -> Case:
    """Hand the case to a station, a lawyer (and so their station) or a town union; the case
    moves into that town's subtree and the assignee is told."""
    _may(actor, case, "assign")
    for row in (station, lawyer, org):
        if row is not None:
            ensure_visible(actor, row)
    if lawyer is not None and station is None:
        station = lawyer.station
    town = station.town if station else (org.town if org else case.town)
    path = town.path if town else case.org_path
    case = CASE_WORKFLOW.transition(
        case,
        "assign",
        actor=actor,
        version=version,
        note=note,
        changes={
            "station": station,
            "lawyer": lawyer,
            "assigned_org": org,
            "town": town,
            "org_path": path,
        },
        data={
            "station": station.pk if station else None,
            "lawyer": lawyer.pk if lawyer else None,
            "org": org.pk if org else None,
        },
    )
    notify(
        recipients=case_recipients(case),
        message=f"新交办案件 {case.number}（{case.get_kind_display()}），办结期限 {case.conclude_due}。",
        target=case,
        url=case_url(case),
    )
    return case


def case_start(*, actor: Any, case: Case, version: int | None) -> Case:
    _may(actor, case, "start")
    return CASE_WORKFLOW.transition(case, "start", actor=actor, version=version)


@transaction.atomic
def case_extend(*, actor: Any, case: Case, version: int | None, days: int, reason: str) -> Case:
    """Rule 29: one extension of at most RIGHTS_EXTENSION_MAX_DAYS, with a reason told to the worker."""
    _may(actor, case, "extend")
    limit = settings.RIGHTS_EXTENSION_MAX_DAYS
    if case.extended_days:
        raise ApplicationError("办理期限只能延长一次。", field="days")
    if not 1 <= int(days) <= limit:
        raise ApplicationError(f"延长天数应为1至{limit}天。", field="days")
    if not reason.strip():
        raise ApplicationError("请填写延期理由。", field="reason")
    new_due = deadlines.extended_due(case.conclude_due, int(days))
    case = CASE_WORKFLOW.transition(
        case,
        "extend",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={
            "extended_days": int(days),
            "extension_reason": reason.strip()[:300],
            "conclude_due": new_due,
            "overdue_since": None,
        },
        data={"days": int(days), "due": str(new_due)},
    )
    _reply(case, actor, f"因{reason.strip()}，办理期限延长{days}天，至{new_due:%Y年%m月%d日}。")
    return case


def case_conclude(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    outcome: str,
    conclusion: str,
    amount_recovered: Any = ZERO,
    concluded_on: datetime.date | None = None,
) -> Case:
    _may(actor, case, "conclude")
    if outcome and outcome not in Outcome.values:
        raise ApplicationError("请选择办理结果。", field="outcome")
    if not conclusion.strip():
        raise ApplicationError("请填写办结意见（将告知职工）。", field="conclusion")
    concluded_on = concluded_on or today()
    if concluded_on > today():
        raise ApplicationError("办结日期不能晚于今天。", field="concluded_on")
    if case.accepted_on and concluded_on < case.accepted_on:
        raise ApplicationError("办结日期不能早于受理日期。", field="concluded_on")
    return CASE_WORKFLOW.transition(
        case,
        "conclude",
        actor=actor,
        version=version,
        changes={
            "outcome": outcome,
            "conclusion": conclusion.strip(),
            "amount_recovered": parse_money(amount_recovered, field="amount_recovered"),
            "concluded_on": concluded_on,
            "concluded_in_time": case.conclude_due is None or concluded_on <= case.conclude_due,
        },
    )


def case_close(*, actor: Any, case: Case, version: int | None, note: str = "") -> Case:
    _may(actor, case, "close")
    return CASE_WORKFLOW.transition(
        case, "close", actor=actor, version=version, note=note, changes={"closed_on": today()}
    )


def case_reopen(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    """The clock starts again from today; if you add a field set at conclusion, clear it here."""
    _may(actor, case, "reopen")
    if not reason.strip():
        raise ApplicationError("请填写重新办理的理由。", field="reason")
    start = today()
    return CASE_WORKFLOW.transition(
        case,
        "reopen",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={
            "closed_on": None,
            "concluded_on": None,
            "concluded_in_time": None,
            "conclude_due": deadlines.conclude_due(case.kind, start, case.review_level),
            "overdue_since": None,
        },
    )


def case_reconsider(*, actor: Any, case: Case, version: int | None, reason: str) -> Case:
    _may(actor, case, "reconsider")
    if not reason.strip():
        raise ApplicationError("请填写重新审查的理由。", field="reason")
    return CASE_WORKFLOW.transition(
        case,
        "reconsider",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={"decline_reason": "", "accept_due": deadlines.accept_due(case.kind, today())},
    )


def case_merge(*, actor: Any, case: Case, original: Case, version: int | None) -> Case:
    """Link a duplicate to the original case and close it; the original keeps running."""
    _may(actor, case, "merge")
    ensure_visible(actor, original)
    if original.pk == case.pk or original.merged_into_id:
        raise ApplicationError("不能合并到该案件。", field="original")
    return CASE_WORKFLOW.transition(
        case,
        "merge",
        actor=actor,
        version=version,
        note=f"与{original.number}重复，已合并。",
        changes={"merged_into": original, "closed_on": today(), "overdue_since": None},
        data={"original": original.pk},
    )
