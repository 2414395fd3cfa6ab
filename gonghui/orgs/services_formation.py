"""Writes of union formation (ORG-3): the dated threshold, contacts with an employer
without a union, and the founding that creates its union and moves it into the unionized set."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.storable import check_storable

from . import rules
from .choices import ContactMethod, ContactOutcome, OrgKind, UnionForm
from .models import Employer, FormationContact, FormationSetting, Founding
from .services import organization_create

# Who records contacts (the staff who keep employers), who founds (who may create a union
# in the tree) and who sets the threshold (district only: the one setting of the district).
CONTACT = "formation.contact"
FOUND = "formation.found"
SETTING = "formation.settings"

register_actions(
    {
        "orgs.formation_setting.set": "设置组建目标职工人数",
        "orgs.formation_contact.recorded": "登记组建联系",
        "orgs.founding.recorded": "登记组建工会",
    }
)


def _not_future(day: datetime.date | None, field: str, label: str) -> datetime.date:
    if day is None:
        raise ApplicationError(f"请填写{label}。", field=field)
    if day > today():
        raise ApplicationError(f"{label}不能晚于今天。", field=field)
    return day


@transaction.atomic
def formation_setting_set(
    *, actor: Any, effective_from: datetime.date, min_headcount: int, note: str = ""
) -> FormationSetting:
    """The threshold from `effective_from` on (a later one replaces it from its own date;
    the same date is corrected in place, audited with the value it had)."""
    require(actor, SETTING)
    if actor.organization is None or actor.organization.kind != OrgKind.DISTRICT:
        raise PermissionDenied("组建目标的职工人数标准由区总工会设置。")
    if effective_from is None:
        raise ApplicationError("请填写执行日期。", field="effective_from")
    if min_headcount is None or not 1 <= min_headcount <= 10000:
        raise ApplicationError("职工人数标准应为1至10000之间的整数。", field="min_headcount")
    setting = FormationSetting.objects.filter(effective_from=effective_from).first()
    before = setting.min_headcount if setting else None
    setting = setting or FormationSetting(effective_from=effective_from)
    setting.min_headcount, setting.note = min_headcount, (note or "").strip()
    check_storable(setting)
    setting.save()
    audit_record(
        actor=actor,
        action="orgs.formation_setting.set",
        target=setting,
        data={"effective_from": str(effective_from), "min_headcount": [before, min_headcount]},
    )
    return setting


@transaction.atomic
def formation_contact_record(
    *,
    actor: Any,
    employer: Employer,
    contacted_on: datetime.date,
    method: str,
    outcome: str,
    contact_person: str = "",
    note: str = "",
) -> FormationContact:
    ensure_visible(actor, employer, CONTACT)
    if employer.union_id is not None:
        raise ApplicationError(f"「{employer.name}」已建立工会，无需再登记组建联系。")
    if method not in ContactMethod.values:
        raise ApplicationError("请选择联系方式。", field="method")
    if outcome not in ContactOutcome.values:
        raise ApplicationError("请选择联系结果。", field="outcome")
    contact = FormationContact(
        employer=employer,
        org_path=employer.org_path,
        contacted_on=_not_future(contacted_on, "contacted_on", "联系日期"),
        method=method,
        outcome=outcome,
        contact_person=(contact_person or "").strip(),
        note=(note or "").strip(),
        created_by=actor_user(actor),
    )
    check_storable(contact)
    contact.save()
    audit_record(
        actor=actor,
        action="orgs.formation_contact.recorded",
        target=contact,
        data=snapshot(
            contact, ["employer_id", "contacted_on", "method", "outcome", "contact_person"]
        ),
    )
    return contact


def union_form_for(founding_members: int) -> str:
    """Art. 11: 25 members or more elect a committee; fewer may have an organizer."""
    if founding_members >= settings.UNION_COMMITTEE_MIN_MEMBERS:
        return UnionForm.SINGLE
    return UnionForm.ORGANIZER


def union_name_for(employer: Employer) -> str:
    return f"{employer.name}工会委员会"


@transaction.atomic
def union_found(
    *,
    actor: Any,
    employer: Employer,
    founded_on: datetime.date,
    first_chair: str,
    founding_members: int,
    name: str = "",
    note: str = "",
) -> Founding:
    """Found the employer's grassroots union, in one transaction: the union is created
    under the employer's town (`services.organization_create`: names unique among siblings,
    path, audit), established on `founded_on` (so "new unions this year" counts it), the
    employer joins it (and leaves the targets), and the founding is recorded."""
    require(actor, FOUND)
    locked = Employer.objects.select_for_update().select_related("town").get(pk=employer.pk)
    ensure_visible(actor, locked)
    if locked.union_id is not None:
        raise ApplicationError(f"「{locked.name}」已有工会，不能重复组建。")
    founded_on = _not_future(founded_on, "founded_on", "成立日期")
    first_chair = (first_chair or "").strip()
    if not first_chair:
        raise ApplicationError("请填写首任工会主席。", field="first_chair")
    if founding_members is None or founding_members < 1:
        raise ApplicationError("成立时会员人数应至少为1人。", field="founding_members")
    if locked.headcount and founding_members > locked.headcount:
        raise ApplicationError(
            f"成立时会员人数（{founding_members}）不能多于单位职工人数（{locked.headcount}）。",
            field="founding_members",
        )
    union = organization_create(
        actor=actor,
        parent=locked.town,
        name=(name or "").strip() or union_name_for(locked),
        kind=OrgKind.GRASSROOTS,
        form=union_form_for(founding_members),
        chair_name=first_chair,
        established_on=founded_on,
    )
    before = snapshot(locked, ["union_id", "org_path"])
    locked.union = union
    locked.org_path = rules.employer_path(union, locked.town)
    locked.version += 1
    locked.save(update_fields=["union", "org_path", "version"])
    audit_record(
        actor=actor,
        action="orgs.employer.updated",
        target=locked,
        data={k: [before[k], v] for k, v in snapshot(locked, ["union_id", "org_path"]).items()},
    )
    founding = Founding(
        union=union,
        employer=locked,
        org_path=union.path,
        founded_on=founded_on,
        first_chair=first_chair,
        founding_members=founding_members,
        note=(note or "").strip(),
        created_by=actor_user(actor),
    )
    check_storable(founding)
    founding.save()
    audit_record(
        actor=actor,
        action="orgs.founding.recorded",
        target=founding,
        data={
            "employer": locked.pk,
            "union": union.pk,
            "founded_on": str(founded_on),
            "first_chair": first_chair,
            "founding_members": founding_members,
        },
    )
    return founding
