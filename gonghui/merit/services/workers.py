"""Writes of the model-worker registry and its benefits (MERIT-2).

`enroll_from_honor` is the registry's one way in from an honor: the honors part calls it in
the award's transaction, and the registry's own page (a model worker of earlier years,
`model_worker_record`) calls it after recording the honor. The member's `is_model_worker`
flag follows the registry (`sync_member_flag`), never a checkbox: every write that makes a
row stand or stop standing syncs it in the same transaction.

Studios and their results are in services/studios.py."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_checked, ric_hash, set_identity
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..choices import Level, ModelWorkerState, Subject
from ..models import Honor, HonorType, ModelWorker, ModelWorkerBenefit
from ..rules import workers as rules

VIEW = "merit.view"
MANAGE = "merit.model_workers.manage"

register_actions(
    {
        "merit.model_worker.enrolled": "劳模入册",
        "merit.model_worker.recorded": "登记往年劳模",
        "merit.model_worker.updated": "修改劳模信息",
        "merit.model_worker.state_changed": "变更劳模状态",
        "merit.benefit.created": "新增劳模待遇标准",
        "merit.benefit.updated": "修改劳模待遇标准",
    }
)

# A registry row that still makes its member a model worker.
STANDING = rules.STANDING
WORKER_FIELDS = ["employer", "note"]
BENEFIT_FIELDS = ["level", "kind", "amount", "percent", "times_a_year", "effective_from", "note"]


def sync_member_flag(member_id: int | None) -> None:
    """Set the member's flag from the registry: a model worker while any row stands."""
    if member_id is None:
        return
    standing = ModelWorker.objects.filter(member_id=member_id, state__in=STANDING).exists()
    Member.objects.filter(pk=member_id).exclude(is_model_worker=standing).update(
        is_model_worker=standing
    )


def enroll_from_honor(*, actor: Any, honor: Honor, ric: str = "") -> ModelWorker | None:
    """The registry row of a person's honor whose type confers the title; None otherwise.
    Called inside the caller's transaction; a second call for the same honor returns the row.
    The RIC is the nomination's, else `ric` (a checked number), else the member's: the care
    pages find the person's assistance grants by it."""
    kind = honor.honor_type
    if not kind.confers_model_worker or kind.subject != Subject.PERSON or honor.union is None:
        return None
    existing = ModelWorker.objects.filter(honor=honor).first()
    if existing is not None:
        return existing
    nomination = honor.nomination
    worker = ModelWorker(
        honor=honor,
        member=honor.member,
        name=honor.name,
        level=kind.level,
        year=honor.year,
        employer=honor.employer,
        union=honor.union,
        org_path=honor.union.path,
    )
    if nomination is not None and nomination.ric_hash:
        worker.ric = nomination.ric
        worker.ric_hash = nomination.ric_hash
        worker.ric_last4 = nomination.ric_last4
    elif ric:
        set_identity(worker, ric=ric)
    elif honor.member is not None and honor.member.ric_hash:
        worker.ric = honor.member.ric
        worker.ric_hash = honor.member.ric_hash
        worker.ric_last4 = honor.member.ric_last4
    worker.save()
    sync_member_flag(worker.member_id)
    audit_record(actor=actor, action="merit.model_worker.enrolled", target=worker)
    return worker


# ---- a model worker of earlier years -----------------------------------------------------


def _person(
    actor: Any,
    *,
    member: Member | None,
    name: str,
    ric: str,
    employer: Employer | None,
    union: Organization | None,
) -> tuple[str, str, Employer | None, Organization]:
    """(name, checked RIC or '', employer, union) of the person an honor is recorded for: a
    member of the actor's scope, or a name and RIC with the employer (its union) or a union."""
    if member is not None:
        ensure_visible(actor, member)
        return member.name, "", employer or member.employer, member.union
    name = (name or "").strip()
    if not name:
        raise ApplicationError("请选择会员，或填写姓名和身份证号。", field="member")
    if len(name) > rules.NAME_MAX:
        raise ApplicationError(f"姓名不能超过{rules.NAME_MAX}个字。", field="name")
    if not (ric or "").strip():
        raise ApplicationError("不是会员时须填写身份证号。", field="ric")
    number = ric_checked(ric, field="ric").number
    if Member.objects.filter(ric_hash=ric_hash(number)).exists():
        raise ApplicationError(
            "该身份证号是会员，请在“会员”中选择该会员（劳模标识随名册同步）。", field="ric"
        )
    if employer is not None:
        ensure_visible(actor, employer)
        union = union or employer.union
    if union is None:
        raise ApplicationError("请填写工作单位（须已建工会），或选择所属工会。", field="employer")
    ensure_visible(actor, union)
    return name, number, employer, union


def _check_type(honor_type: HonorType) -> None:
    if not honor_type.confers_model_worker or honor_type.subject != Subject.PERSON:
        raise ApplicationError(
            f"「{honor_type}」不授予劳模称号，不能据此登记劳模；请选择劳动模范、五一劳动奖章等"
            "授予劳模称号的荣誉。",
            field="honor_type",
        )


def _check_not_recorded(honor_type: HonorType, year: int, member: Any, number: str) -> None:
    same = ModelWorker.objects.filter(honor__honor_type=honor_type, year=year)
    same = (
        same.filter(member=member) if member is not None else same.filter(ric_hash=ric_hash(number))
    )
    if same.exists():
        raise ApplicationError(
            f"该劳模已登记过{year}年「{honor_type}」，不能重复登记。", field="honor_type"
        )


@transaction.atomic
def model_worker_record(
    *,
    actor: Any,
    honor_type: HonorType,
    year: int,
    member: Member | None = None,
    name: str = "",
    ric: str = "",
    employer: Employer | None = None,
    union: Organization | None = None,
    awarded_on: datetime.date | None = None,
    document_no: str = "",
    note: str = "",
) -> ModelWorker:
    """A model worker of the years before the platform (or conferred above the district):
    the honor recorded, then the registry row through `enroll_from_honor`."""
    require(actor, MANAGE)
    _check_type(honor_type)
    if problem := rules.year_problem(year, today().year):
        raise ApplicationError(problem, field="year")
    if awarded_on is not None and awarded_on.year != year:
        raise ApplicationError("授予日期须在获评年度之内。", field="awarded_on")
    name, number, employer, union = _person(
        actor, member=member, name=name, ric=ric, employer=employer, union=union
    )
    _check_not_recorded(honor_type, year, member, number)
    honor = Honor.objects.create(
        honor_type=honor_type,
        year=year,
        awarded_on=awarded_on,
        member=member,
        name=name,
        employer=employer,
        union=union,
        org_path=union.path,
        document_no=(document_no or "").strip()[:60],
    )
    worker = enroll_from_honor(actor=actor, honor=honor, ric=number)
    assert worker is not None  # the type was checked above
    if note:
        worker.note = note[: rules.NOTE_MAX]
        worker.save(update_fields=["note"])
    audit_record(
        actor=actor,
        action="merit.model_worker.recorded",
        target=worker,
        data=snapshot(worker, ["name", "level", "year", "union_id", "employer_id", "honor_id"]),
    )
    return worker


def model_worker_update(
    *, actor: Any, worker: ModelWorker, version: int | None, **fields: Any
) -> ModelWorker:
    """The employer (a model worker who moved) and the note; the rest comes from the honor."""
    employer = fields.get("employer")
    if employer is not None:
        ensure_visible(actor, employer)

    def clean(locked: ModelWorker) -> None:
        if len(locked.note or "") > rules.NOTE_MAX:
            raise ApplicationError(f"备注不能超过{rules.NOTE_MAX}字。", field="note")

    return edit(
        ModelWorker,
        worker,
        actor=actor,
        version=version,
        changes=fields,
        editable=WORKER_FIELDS,
        permission=MANAGE,
        clean=clean,
        action="merit.model_worker.updated",
    )


@transaction.atomic
def model_worker_set_state(
    *, actor: Any, worker: ModelWorker, state: str, version: int | None, reason: str = ""
) -> ModelWorker:
    """Retired, deceased or revoked (the honor is then revoked too); the member's flag
    follows. Irreversible but for retirement's keeping the title: the pages confirm first."""
    locked = lock(ModelWorker, actor, worker.pk, MANAGE)
    check_version(locked, version)
    if problem := rules.state_problem(locked.state, state):
        raise ApplicationError(problem, field="state")
    reason = (reason or "").strip()
    if state == ModelWorkerState.REVOKED and not reason:
        raise ApplicationError("撤销劳模称号须填写理由（如撤销文号）。", field="reason")
    before = locked.state
    locked.state = state
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    if state == ModelWorkerState.REVOKED:
        Honor.objects.filter(pk=locked.honor_id).update(is_revoked=True)
    sync_member_flag(locked.member_id)
    audit_record(
        actor=actor,
        action="merit.model_worker.state_changed",
        target=locked,
        data={"state": [before, state], "reason": reason},
    )
    return locked


# ---- benefits as data --------------------------------------------------------------------


def _benefit_clean(row: ModelWorkerBenefit) -> None:
    if row.level not in Level.values:
        raise ApplicationError("请选择劳模级别。", field="level")
    problems = rules.benefit_problems(row.kind, row.amount, row.percent, row.times_a_year)
    if problems:
        field, message = next(iter(problems.items()))
        raise ApplicationError(message, field=field)
    if len(row.note or "") > 200:
        raise ApplicationError("依据或说明不能超过200字。", field="note")
    clash = ModelWorkerBenefit.objects.filter(
        level=row.level, kind=row.kind, effective_from=row.effective_from
    ).exclude(pk=row.pk)
    if clash.exists():
        raise ApplicationError(
            f"{row.get_level_display()}劳模的“{row.get_kind_display()}”已有"
            f"{row.effective_from:%Y-%m-%d}起的标准，请修改那一条或换一个起始日期。",
            field="effective_from",
        )


def _benefit_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Measures a kind does not use are dropped (a pension row has no amount a month)."""
    kind = fields.get("kind")
    values = dict(fields)
    if kind in rules.PERCENT_KINDS:
        values["amount"] = None
    if kind not in rules.PERCENT_KINDS and "percent" in values:
        values["percent"] = None
    if kind not in rules.TIMES_KINDS and "times_a_year" in values:
        values["times_a_year"] = None
    if isinstance(values.get("percent"), int | float):
        values["percent"] = Decimal(str(values["percent"]))
    return values


@transaction.atomic
def benefit_create(
    *,
    actor: Any,
    level: str,
    kind: str,
    effective_from: datetime.date,
    amount: Decimal | None = None,
    percent: Decimal | None = None,
    times_a_year: int | None = None,
    note: str = "",
) -> ModelWorkerBenefit:
    require(actor, MANAGE)
    values = _benefit_values(
        {
            "level": level,
            "kind": kind,
            "effective_from": effective_from,
            "amount": amount,
            "percent": percent,
            "times_a_year": times_a_year,
            "note": (note or "").strip(),
        }
    )
    row = ModelWorkerBenefit(**values)
    _benefit_clean(row)
    row.save()
    audit_record(
        actor=actor, action="merit.benefit.created", target=row, data=snapshot(row, BENEFIT_FIELDS)
    )
    return row


def benefit_update(
    *, actor: Any, benefit: ModelWorkerBenefit, version: int | None, **fields: Any
) -> ModelWorkerBenefit:
    """A benefit row changed (a new figure from a date is a new row: `benefit_create`)."""
    require(actor, MANAGE)
    values = _benefit_values({"kind": fields.get("kind", benefit.kind), **fields})
    # Benefits are the district's, not an organization's: the lock needs no scope.
    with transaction.atomic():
        locked = ModelWorkerBenefit.objects.select_for_update().get(pk=benefit.pk)
        check_version(locked, version)
        before = snapshot(locked, BENEFIT_FIELDS)
        for name, value in values.items():
            if name in BENEFIT_FIELDS:
                setattr(locked, name, value)
        _benefit_clean(locked)
        locked.version += 1
        locked.save()
        after = snapshot(locked, BENEFIT_FIELDS)
        audit_record(
            actor=actor,
            action="merit.benefit.updated",
            target=locked,
            data={k: [before[k], after[k]] for k in BENEFIT_FIELDS if before[k] != after[k]},
        )
    return locked
