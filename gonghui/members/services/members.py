"""Writes for members (MEM-1): create, update, reveal identity, retain, leave, restore, recount."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from gonghui.core.audit import audit_record, diff, snapshot
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.identity import identity_values, normalize_phone, ric_hash
from gonghui.core.ids import InvalidID, RicFacts, ric_validate
from gonghui.core.scope import user_scope_path
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.services import ensure_in_scope

from ..choices import Education, MemberStatus, RetainedReason, Sex
from ..models import Member

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
    "is_model_worker",
]
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


def require(actor: Any, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied("您没有权限执行此操作。")


def check_version(obj: Any, version: int | None) -> None:
    if version is not None and int(version) != obj.version:
        raise ConflictError("该记录已被他人修改，请刷新页面查看最新内容后再保存。")


# ---- identity ---------------------------------------------------------------------------


def ric_facts_checked(
    raw: object, *, birth_date: datetime.date | None = None, sex: str | None = None
) -> RicFacts:
    """A valid RIC; a birth date or sex given besides it (from a sheet) must agree with it."""
    try:
        facts = ric_validate(raw)
    except InvalidID as exc:
        raise ApplicationError(exc.message, field="ric") from exc
    if birth_date is not None and birth_date != facts.birth_date:
        raise ApplicationError(
            f"出生日期{birth_date:%Y-%m-%d}与身份证号中的{facts.birth_date:%Y-%m-%d}不一致。",
            field="birth_date",
        )
    if sex and sex != facts.sex:
        raise ApplicationError(
            f"性别「{Sex(sex).label}」与身份证号（{Sex(facts.sex).label}）不一致。", field="sex"
        )
    return facts


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
    scope = user_scope_path(actor)
    if scope is not None and existing.org_path.startswith(scope):
        where = f"「{existing.union.name}」的会员（{existing.get_status_display()}）"
    else:
        where = "其他工会的会员"
    raise ApplicationError(
        f"该身份证号已是{where}，一人只能在一个工会；如其已换工作单位，请办理会籍接转。",
        field="ric",
        extra={"existing_member_id": existing.pk, "transfer": True},
    )


def _set_identity(member: Member, facts: RicFacts, phone: str) -> None:
    for column, value in identity_values(ric=facts.number, phone=phone).items():
        setattr(member, column, value)
    member.birth_date, member.sex = facts.birth_date, facts.sex


# ---- checks -----------------------------------------------------------------------------


def check_union(union: Organization) -> None:
    if union.kind != OrgKind.GRASSROOTS or not union.is_active:
        raise ApplicationError("会员只能属于有效的基层工会。", field="union")


def check_employer(employer: Employer | None, union: Organization) -> None:
    if employer is not None and employer.union_id not in (None, union.pk):
        raise ApplicationError(
            f"「{employer.name}」属于其他基层工会，不能作为本工会会员的工作单位。",
            field="employer",
        )


def _clean(member: Member) -> None:
    member.name = (member.name or "").strip()
    if not member.name:
        raise ApplicationError("姓名不能为空。", field="name")
    if member.joined_on and member.joined_on > datetime.date.today():
        raise ApplicationError("入会日期不能晚于今天。", field="joined_on")
    if member.joined_on and member.birth_date and member.joined_on < member.birth_date:
        raise ApplicationError("入会日期不能早于出生日期。", field="joined_on")
    if member.education and member.education not in Education.values:
        raise ApplicationError("学历不正确。", field="education")
    check_employer(member.employer, member.union)


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
    ensure_in_scope(actor, union.path)
    check_union(union)
    facts = ric_facts_checked(ric, birth_date=birth_date, sex=sex)
    phone = normalize_phone(phone)
    ensure_ric_free(actor, facts.number)
    member = Member(union=union, org_path=union.path)
    for key, value in fields.items():
        if key in MEMBER_FIELDS:
            setattr(member, key, value)
    member.joined_on = member.joined_on or datetime.date.today()
    _set_identity(member, facts, phone)
    _clean(member)
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


def _lock(actor: Any, member: Member, version: int | None) -> Member:
    locked = (
        Member.objects.select_for_update(of=("self",)).select_related("union").get(pk=member.pk)
    )
    ensure_in_scope(actor, locked.org_path)
    check_version(locked, version)
    return locked


@transaction.atomic
def member_update(
    *,
    actor: Any,
    member: Member,
    version: int | None,
    ric: str | None = None,
    phone: str | None = None,
    **fields: Any,
) -> Member:
    """Edit a member; the union changes only through a transfer (transfers.py)."""
    require(actor, "members.edit")
    locked = _lock(actor, member, version)
    before = snapshot(locked, AUDIT_FIELDS)
    for key, value in fields.items():
        if key in MEMBER_FIELDS:
            setattr(locked, key, value)
    if ric is not None or phone is not None:
        facts = ric_facts_checked(ric if ric is not None else locked.ric)
        ensure_ric_free(actor, facts.number, exclude_pk=locked.pk)
        _set_identity(locked, facts, normalize_phone(phone if phone is not None else locked.phone))
    _clean(locked)
    locked.version += 1
    locked.save()
    union_recount(locked.union)
    changes = diff(before, snapshot(locked, AUDIT_FIELDS))
    audit_record(actor=actor, action="members.member.updated", target=locked, data=changes)
    return locked


def member_reveal_identity(*, actor: Any, member: Member) -> dict[str, str]:
    """The full RIC and phone, for roles allowed to see them; every look is audited."""
    ensure_in_scope(actor, member.org_path)
    if not actor.can("members.view_full_id"):
        audit_record(
            actor=actor, action="members.member.identity_viewed", target=member, success=False
        )
        raise PermissionDenied("您的角色不能查看完整证件号和手机号。")
    audit_record(actor=actor, action="members.member.identity_viewed", target=member)
    return {"ric": member.ric, "phone": member.phone}


# ---- membership status ------------------------------------------------------------------


def _set_status(
    actor: Any, member: Member, version: int | None, action: str, **changes: Any
) -> Member:
    require(actor, "members.edit")
    locked = _lock(actor, member, version)
    before = snapshot(locked, AUDIT_FIELDS)
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.version += 1
    locked.save(update_fields=[*changes, "version", "updated_at"])
    union_recount(locked.union)
    audit_record(
        actor=actor, action=action, target=locked, data=diff(before, snapshot(locked, AUDIT_FIELDS))
    )
    return locked


@transaction.atomic
def member_retain(*, actor: Any, member: Member, version: int | None, reason: str) -> Member:
    """保留会籍 for a retired or unemployed member (章程 Art. 8): kept, not counted as active."""
    if reason not in RetainedReason.values:
        raise ApplicationError("请选择保留会籍的原因。", field="reason")
    if member.status != MemberStatus.ACTIVE:
        raise ApplicationError("只有在册会员可以保留会籍。")
    return _set_status(
        actor,
        member,
        version,
        "members.member.retained",
        status=MemberStatus.RETAINED,
        retained_reason=reason,
    )


@transaction.atomic
def member_leave(
    *, actor: Any, member: Member, version: int | None, left_on: datetime.date | None = None
) -> Member:
    if member.status == MemberStatus.LEFT:
        raise ApplicationError("该会员已离会。")
    if member.transfers.filter(state="requested").exists():
        raise ApplicationError("该会员有待审批的会籍接转，请先处理接转。")
    left_on = left_on or datetime.date.today()
    if left_on > datetime.date.today():
        raise ApplicationError("离会日期不能晚于今天。", field="left_on")
    return _set_status(
        actor,
        member,
        version,
        "members.member.left",
        status=MemberStatus.LEFT,
        left_on=left_on,
        retained_reason="",
    )


@transaction.atomic
def member_restore(*, actor: Any, member: Member, version: int | None) -> Member:
    """Back to active: a retained member re-employed here, or a former member rejoining."""
    if member.status == MemberStatus.ACTIVE:
        raise ApplicationError("该会员已在册。")
    return _set_status(
        actor,
        member,
        version,
        "members.member.restored",
        status=MemberStatus.ACTIVE,
        retained_reason="",
        left_on=None,
    )
