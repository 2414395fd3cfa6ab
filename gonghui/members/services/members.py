"""Writes for members (MEM-1): create, update, reveal identity, retain, leave, restore, recount.

The member rules are `members.rules` (shared with the roster import); the status steps are
`workflow.MEMBER_WORKFLOW`; an edit goes through `core.edit.edit`.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from gonghui.core.audit import audit_record, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.identity import normalize_phone, ric_hash, set_identity
from gonghui.core.ids import RicFacts
from gonghui.core.permissions import require
from gonghui.core.scope import covers, ensure_visible
from gonghui.orgs.models import Employer, Organization

from .. import rules
from ..choices import MemberStatus, Sex
from ..models import Member
from ..workflow import MEMBER_WORKFLOW

# Fields a person edits; identity (ric, phone) and membership status have their own paths.
MEMBER_FIELDS = [
    "name",
    "employer",
    "joined_on",
    "education",
    "ethnicity",
    "is_migrant_worker",
    "is_dispatched",
    "is_new_form_worker",
]
# The model-worker flag is not here: it follows the registry (merit.services.workers).
# What an audit entry of a member compares: never the clear RIC or phone, their last 4.
AUDIT_FIELDS = [
    "name",
    "union_id",
    "employer_id",
    "joined_on",
    "education",
    "ethnicity",
    "is_migrant_worker",
    "is_dispatched",
    "is_new_form_worker",
    "is_model_worker",
    "status",
    "retained_reason",
    "left_on",
    "ric_last4",
    "phone_last4",
]


# ---- identity ---------------------------------------------------------------------------


def ric_facts_checked(
    raw: object, *, birth_date: datetime.date | None = None, sex: str | None = None
) -> RicFacts:
    """A valid RIC; a birth date or sex given beside it must agree with it (the rules')."""
    record = {"ric": raw, "birth_date": birth_date, "sex": sex}
    rules.ensure(record, None, rules.IDENTITY_RULES)  # they look nothing up: no context
    return rules.ric_facts(record)


def ensure_ric_free(actor: Any, number: str, *, exclude_pk: int | None = None) -> None:
    """One member per RIC. Name the union holding him only when the actor may see it."""
    existing = (
        Member.objects.select_related("union")
        .filter(ric_hash=ric_hash(number))
        .exclude(pk=exclude_pk)
        .first()
    )
    if existing is None:
        return
    if covers(actor, existing.org_path):
        where = f"「{existing.union.name}」的会员（{existing.get_status_display()}）"
    else:
        where = "其他工会的会员"
    raise ApplicationError(
        f"该身份证号已是{where}，一人只能在一个工会；如其已换工作单位，请办理会籍接转。",
        field="ric",
        extra={"existing_member_id": existing.pk, "transfer": True},
    )


def _set_identity(member: Member, facts: RicFacts, phone: str) -> None:
    set_identity(member, ric=facts.number, phone=phone)
    member.birth_date, member.sex = facts.birth_date, facts.sex


# ---- the rules on a member row ----------------------------------------------------------


def check_union(union: Organization) -> None:
    """The union rule alone (a transfer's receiving union, an import's target)."""
    rules.ensure({}, rules.context_for(union), (rules.union_rule,))


def check_employer(employer: Employer | None, union: Organization) -> None:
    """The employer rule alone (a transfer's new employer)."""
    if employer is not None:
        context = rules.context_for(union, [employer])
        rules.ensure({"employer": employer.pk}, context, (rules.employer_rule,))


def _record(member: Member, **given: Any) -> dict[str, Any]:
    """The rules' record of a member row (the RIC read from its stored columns)."""
    return {
        "name": member.name,
        "ric": given.get("ric") or RicFacts(member.ric, member.birth_date, member.sex),
        "birth_date": given.get("birth_date"),
        "sex": given.get("sex"),
        "joined_on": member.joined_on,
        "education": member.education,
        "employer": member.employer_id,
    }


def _check(member: Member, **given: Any) -> None:
    member.name = (member.name or "").strip()
    context = rules.context_for(member.union, [member.employer])
    rules.ensure(_record(member, **given), context)


# ---- recount ----------------------------------------------------------------------------


def union_recount(union: Organization) -> None:
    """Organization.member_count / female_member_count from the union's active members."""
    agg = Member.objects.filter(union=union, status=MemberStatus.ACTIVE).aggregate(
        n=Count("id"), female=Count("id", filter=Q(sex=Sex.FEMALE))
    )
    Organization.objects.filter(pk=union.pk).update(
        member_count=agg["n"], female_member_count=agg["female"]
    )


# ---- create / update -------------------------------------------------------------------


def insert_member(
    *,
    actor: Any,
    union: Organization,
    ric: str,
    phone: str = "",
    birth_date: datetime.date | None = None,
    sex: str | None = None,
    **fields: Any,
) -> Member:
    """Create without the permission check; callers check their own permission first."""
    ensure_visible(actor, union)
    member = Member(union=union, org_path=union.path)
    for key, value in fields.items():
        if key in MEMBER_FIELDS:
            setattr(member, key, value)
    member.joined_on = member.joined_on or today()
    _check(member, ric=ric, birth_date=birth_date, sex=sex)
    facts = rules.ric_facts({"ric": ric})
    phone = normalize_phone(phone)
    ensure_ric_free(actor, facts.number)
    _set_identity(member, facts, phone)
    member.save()
    union_recount(union)
    audit_record(
        actor=actor,
        action="members.member.created",
        target=member,
        data=snapshot(member, AUDIT_FIELDS),
    )
    return member


@transaction.atomic
def member_create(*, actor: Any, union: Organization, ric: str, **fields: Any) -> Member:
    require(actor, "members.edit")
    return insert_member(actor=actor, union=union, ric=ric, **fields)


def member_update(
    *,
    actor: Any,
    member: Member,
    version: int | None,
    ric: str | None = None,
    phone: str | None = None,
    **fields: Any,
) -> Member:
    """Edit a member; the union changes only through a transfer (transfers.py).

    One short transaction (issue #11: on SQLite it holds the database's one write lock): the
    union and employer the caller read with the member are not read again inside it, and
    the union's counts are recounted only when the member's sex changed (a new RIC), since
    nothing else an edit changes is counted (and a recount moves the tree's cache stamp)."""

    stored_sex = []  # the locked row's sex before the edit: counted per union

    def clean(locked: Member) -> None:
        stored_sex.append(locked.sex)
        _reuse_related(locked, member, changed=fields)
        given = {}
        if ric is not None or phone is not None:
            facts = ric_facts_checked(ric if ric is not None else locked.ric)
            ensure_ric_free(actor, facts.number, exclude_pk=locked.pk)
            number = normalize_phone(phone if phone is not None else locked.phone)
            _set_identity(locked, facts, number)
            given["ric"] = facts
        _check(locked, **given)

    with transaction.atomic():
        updated = edit(
            Member,
            member,
            actor=actor,
            version=version,
            changes=fields,
            editable=MEMBER_FIELDS,
            permission="members.edit",
            clean=clean,
            action="members.member.updated",
            audited=AUDIT_FIELDS,  # the stored RIC and phone are never written to the log
        )
        if updated.sex != stored_sex[0]:
            union_recount(updated.union)
    return updated


def _reuse_related(locked: Member, read: Member, *, changed: dict[str, Any]) -> None:
    """The union and employer already loaded on the row the caller read, set on the locked
    row when it points at the same ones (the rules need them; a read in the write lock is
    time every other writer waits)."""
    for name in ("union", "employer"):
        descriptor = getattr(Member, name)
        if name in changed or not descriptor.is_cached(read):
            continue
        if getattr(locked, f"{name}_id") == getattr(read, f"{name}_id"):
            setattr(locked, name, getattr(read, name))


def member_reveal_identity(*, actor: Any, member: Member) -> dict[str, str]:
    """The full RIC and phone, for roles allowed to see them; every look is audited."""
    ensure_visible(actor, member, "members.view")
    if not actor.can("members.view_full_id"):
        audit_record(
            actor=actor, action="members.member.identity_viewed", target=member, success=False
        )
        raise PermissionDenied("您的角色不能查看完整证件号和手机号。")
    audit_record(actor=actor, action="members.member.identity_viewed", target=member)
    return {"ric": member.ric, "phone": member.phone}


# ---- membership status (MEMBER_WORKFLOW) --------------------------------------------------


@transaction.atomic
def _change_status(
    actor: Any, member: Member, step: str, version: int | None, changes: dict[str, Any]
) -> Member:
    """One step of MEMBER_WORKFLOW (its guards run on the locked row), then the recount."""
    ensure_visible(actor, member, "members.edit")
    done = MEMBER_WORKFLOW.transition(
        member,
        step,
        actor=actor,
        version=version,
        changes=changes,
        data={name: str(value) if value is not None else None for name, value in changes.items()},
    )
    union_recount(done.union)
    return done


def member_retain(*, actor: Any, member: Member, version: int | None, reason: str) -> Member:
    """保留会籍 for a retired or unemployed member (章程 Art. 8): kept, not counted as active."""
    return _change_status(actor, member, "retain", version, {"retained_reason": reason})


def member_leave(
    *, actor: Any, member: Member, version: int | None, left_on: datetime.date | None = None
) -> Member:
    """离会: not while a transfer is requested (the workflow's guard), never in the future."""
    changes = {"left_on": left_on or today(), "retained_reason": ""}
    return _change_status(actor, member, "leave", version, changes)


def member_restore(*, actor: Any, member: Member, version: int | None) -> Member:
    """Back to active: a retained member re-employed here, or a former member rejoining."""
    changes = {"retained_reason": "", "left_on": None}
    return _change_status(actor, member, "restore", version, changes)
