"""Writes of innovation studios and their results (MERIT-2). A studio belongs to an employer
and sits under the employer's union (its scope); its leader is a model worker of the
registry, or a name; its members are members of the actor's scope."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.members.models import Member
from gonghui.orgs.models import Employer

from ..choices import Level, ResultKind
from ..models import InnovationStudio, ModelWorker, StudioResult

MANAGE = "merit.studios.manage"
NAME_MAX = 100
FIELD_MAX = 100
MEMBERS_MAX = 200

register_actions(
    {
        "merit.studio.created": "新建劳模创新工作室",
        "merit.studio.updated": "修改劳模创新工作室",
        "merit.studio_result.added": "登记创新成果",
        "merit.studio_result.removed": "删除创新成果",
        "merit.studio.member_added": "添加工作室成员",
        "merit.studio.member_removed": "移出工作室成员",
    }
)
STUDIO_FIELDS = [
    "name",
    "level",
    "employer_id",
    "union_id",
    "leader_id",
    "leader_name",
    "founded_on",
    "field",
    "is_active",
]


def _clean_studio(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The studio's columns from what was given; ApplicationError naming the field."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ApplicationError("请填写工作室名称。", field="name")
    if len(name) > NAME_MAX:
        raise ApplicationError(f"工作室名称不能超过{NAME_MAX}个字。", field="name")
    if data.get("level") not in Level.values:
        raise ApplicationError("请选择工作室级别。", field="level")
    employer: Employer | None = data.get("employer")
    if employer is None:
        raise ApplicationError("请选择工作室所在单位。", field="employer")
    ensure_visible(actor, employer)
    if employer.union_id is None:
        raise ApplicationError(
            f"「{employer}」尚未建立工会，工作室须设在已建会的单位。", field="employer"
        )
    leader: ModelWorker | None = data.get("leader")
    leader_name = (data.get("leader_name") or "").strip()
    if leader is not None:
        ensure_visible(actor, leader)
        leader_name = leader.name
    if not leader_name:
        raise ApplicationError("请选择领衔劳模，或填写领衔人姓名。", field="leader")
    if len(leader_name) > 50:
        raise ApplicationError("领衔人姓名不能超过50个字。", field="leader_name")
    founded_on = data.get("founded_on")
    if not isinstance(founded_on, datetime.date):
        raise ApplicationError("请填写创建日期。", field="founded_on")
    if founded_on > today():
        raise ApplicationError("创建日期不能晚于今天。", field="founded_on")
    field = (data.get("field") or "").strip()
    if len(field) > FIELD_MAX:
        raise ApplicationError(f"创新方向不能超过{FIELD_MAX}个字。", field="field")
    union = employer.union
    return {
        "name": name,
        "level": data["level"],
        "employer": employer,
        "union": union,
        "org_path": union.path,
        "leader": leader,
        "leader_name": leader_name,
        "founded_on": founded_on,
        "field": field,
        "is_active": bool(data.get("is_active", True)),
    }


def _members(actor: Any, members: Iterable[Member] | None) -> list[Member] | None:
    if members is None:
        return None
    found = list(dict.fromkeys(members))
    if len(found) > MEMBERS_MAX:
        raise ApplicationError(f"工作室成员至多{MEMBERS_MAX}人。", field="members")
    for member in found:
        ensure_visible(actor, member)
    return found


@transaction.atomic
def studio_create(*, actor: Any, members: Iterable[Member] = (), **data: Any) -> InnovationStudio:
    require(actor, MANAGE)
    values = _clean_studio(actor, data)
    people = _members(actor, members) or []
    studio = InnovationStudio.objects.create(**values)
    studio.members.set(people)
    audit_record(
        actor=actor,
        action="merit.studio.created",
        target=studio,
        data={**snapshot(studio, STUDIO_FIELDS), "members": len(people)},
    )
    return studio


@transaction.atomic
def studio_update(
    *,
    actor: Any,
    studio: InnovationStudio,
    version: int | None,
    members: Iterable[Member] | None = None,
    **data: Any,
) -> InnovationStudio:
    """The whole studio as read (`members` None: left as they are)."""
    locked = lock(InnovationStudio, actor, studio.pk, MANAGE)
    check_version(locked, version)
    before = snapshot(locked, STUDIO_FIELDS)
    values = _clean_studio(actor, data)
    people = _members(actor, members)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    if people is not None:
        locked.members.set(people)
    after = snapshot(locked, STUDIO_FIELDS)
    changes = {k: [before[k], after[k]] for k in STUDIO_FIELDS if before[k] != after[k]}
    if people is not None:
        changes["members"] = len(people)
    audit_record(actor=actor, action="merit.studio.updated", target=locked, data=changes)
    return locked


@transaction.atomic
def result_add(
    *,
    actor: Any,
    studio: InnovationStudio,
    kind: str,
    title: str,
    achieved_on: datetime.date,
    benefit: Decimal | None = None,
    note: str = "",
) -> StudioResult:
    locked = lock(InnovationStudio, actor, studio.pk, MANAGE)
    if kind not in ResultKind.values:
        raise ApplicationError("请选择成果类型。", field="kind")
    title = (title or "").strip()
    if not title:
        raise ApplicationError("请填写成果名称。", field="title")
    if len(title) > 150:
        raise ApplicationError("成果名称不能超过150个字。", field="title")
    if achieved_on > today():
        raise ApplicationError("取得日期不能晚于今天。", field="achieved_on")
    if achieved_on < locked.founded_on:
        raise ApplicationError(
            f"取得日期不能早于工作室创建日期（{locked.founded_on:%Y-%m-%d}）。",
            field="achieved_on",
        )
    if benefit is not None and benefit < 0:
        raise ApplicationError("经济效益不能为负数。", field="benefit")
    if len(note or "") > 300:
        raise ApplicationError("说明不能超过300字。", field="note")
    result = StudioResult.objects.create(
        studio=locked,
        org_path=locked.org_path,
        kind=kind,
        title=title,
        achieved_on=achieved_on,
        benefit=benefit,
        note=(note or "").strip(),
    )
    audit_record(
        actor=actor,
        action="merit.studio_result.added",
        target=locked,
        data=snapshot(result, ["kind", "title", "achieved_on", "benefit"]),
    )
    return result


@transaction.atomic
def result_remove(*, actor: Any, studio: InnovationStudio, result: StudioResult) -> None:
    locked = lock(InnovationStudio, actor, studio.pk, MANAGE)
    found = StudioResult.objects.filter(pk=result.pk, studio=locked).first()
    if found is None:
        raise ApplicationError("该成果不存在或已删除。", field="result")
    data = snapshot(found, ["kind", "title", "achieved_on", "benefit"])
    found.delete()
    audit_record(actor=actor, action="merit.studio_result.removed", target=locked, data=data)


@transaction.atomic
def studio_member_add(*, actor: Any, studio: InnovationStudio, member: Member) -> None:
    locked = lock(InnovationStudio, actor, studio.pk, MANAGE)
    ensure_visible(actor, member)
    if locked.members.filter(pk=member.pk).exists():
        raise ApplicationError(f"{member.name}已是该工作室成员。", field="member")
    if locked.members.count() >= MEMBERS_MAX:
        raise ApplicationError(f"工作室成员至多{MEMBERS_MAX}人。", field="member")
    locked.members.add(member)
    audit_record(
        actor=actor,
        action="merit.studio.member_added",
        target=locked,
        data={"member_id": member.pk, "name": member.name},
    )


@transaction.atomic
def studio_member_remove(*, actor: Any, studio: InnovationStudio, member: Member) -> None:
    locked = lock(InnovationStudio, actor, studio.pk, MANAGE)
    if not locked.members.filter(pk=member.pk).exists():
        raise ApplicationError("该会员不是本工作室成员。", field="member")
    locked.members.remove(member)
    audit_record(
        actor=actor,
        action="merit.studio.member_removed",
        target=locked,
        data={"member_id": member.pk, "name": member.name},
    )
