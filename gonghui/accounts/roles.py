"""Roles and what each may do. Where a role may act, data scope still limits the rows."""

from django.db import models


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区总工会管理员"
    DISTRICT_STAFF = "district_staff", "区总工会工作人员"
    TOWN_STAFF = "town_staff", "镇街工会工作人员"
    GRASSROOTS_CHAIR = "grassroots_chair", "基层工会主席"
    LAWYER = "lawyer", "工作站律师"
    AUDITOR = "auditor", "经审人员"


_STAFF = {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF, Role.TOWN_STAFF}

PERMISSIONS: dict[str, set[str]] = {
    "orgs.view": _STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR},
    "orgs.edit": _STAFF,
    "orgs.move": {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF, Role.TOWN_STAFF},
    "orgs.edit_own": _STAFF | {Role.GRASSROOTS_CHAIR},
    "employers.view": _STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR},
    "employers.edit": _STAFF,
    "audit.view": {Role.DISTRICT_ADMIN, Role.AUDITOR},
    "accounts.manage": {Role.DISTRICT_ADMIN},
    "imports.view": _STAFF | {Role.GRASSROOTS_CHAIR},
    "imports.members": _STAFF | {Role.GRASSROOTS_CHAIR},
    "imports.employers": _STAFF,
    "jobs.view": _STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR, Role.LAWYER},
    # rights (RIGHTS-1…5): staff register and assign; a lawyer handles only assigned cases
    # (role rule in rights.apps); panel set-up is district-level; figures for staff.
    "rights.view": _STAFF | {Role.LAWYER},
    "rights.register": _STAFF,
    "rights.handle": _STAFF | {Role.LAWYER},
    "rights.manage": {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF},
    "rights.stats": _STAFF,
    "members.view": _STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR},
    "members.edit": _STAFF | {Role.GRASSROOTS_CHAIR},
    # Full RIC/phone only for those who serve members case by case (docs/members.md).
    "members.view_full_id": {Role.DISTRICT_ADMIN, Role.TOWN_STAFF, Role.GRASSROOTS_CHAIR},
    "members.transfer": _STAFF | {Role.GRASSROOTS_CHAIR},
    "members.approve_joining": _STAFF | {Role.GRASSROOTS_CHAIR},
}


def role_can(role: str, permission: str) -> bool:
    return role in PERMISSIONS.get(permission, set())
