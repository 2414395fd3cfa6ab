"""Roles, and which role may do what in the layers below accounts (core and orgs).

Permissions live in the kernel's registry (`core.registry.register_permissions`); each app
above accounts registers its own in its `AppConfig.ready()` naming these roles. Core and
orgs cannot name a role (they sit below accounts), so accounts grants theirs here. Where a
role may act, data scope still limits the rows.
"""

from django.db import models

from gonghui.core.registry import register_permissions
from gonghui.core.scope import register_rule_only_roles


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区总工会管理员"
    DISTRICT_STAFF = "district_staff", "区总工会工作人员"
    TOWN_STAFF = "town_staff", "镇街工会工作人员"
    GRASSROOTS_CHAIR = "grassroots_chair", "基层工会主席"
    LAWYER = "lawyer", "工作站律师"
    AUDITOR = "auditor", "经审人员"


STAFF = frozenset({Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF, Role.TOWN_STAFF})
DISTRICT = frozenset({Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF})
# Roles whose work is narrower than their organization's subtree: they see a model only
# through a role rule its app registers (a lawyer: the cases assigned to them).
RULE_ONLY = frozenset({Role.LAWYER})


def register() -> None:
    register_rule_only_roles(*RULE_ONLY)
    register_permissions(
        {
            # kernel
            "audit.view": ("查看审计日志", {Role.DISTRICT_ADMIN, Role.AUDITOR}),
            "accounts.manage": ("管理账号", {Role.DISTRICT_ADMIN}),
            "imports.view": ("查看导入记录", STAFF | {Role.GRASSROOTS_CHAIR}),
            "jobs.view": ("查看后台任务", set(Role)),
            # organizations and employers (ORG-1…6)
            "orgs.view": ("查看组织", STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR}),
            "orgs.edit": ("编辑组织", STAFF),
            "orgs.move": ("调整组织隶属", STAFF),
            "orgs.edit_own": ("编辑本工会", STAFF | {Role.GRASSROOTS_CHAIR}),
            "orgs.record_term": ("直接登记任期", DISTRICT),
            "employers.view": ("查看用人单位", STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR}),
            "employers.edit": ("编辑用人单位", STAFF),
            "imports.employers": ("导入用人单位", STAFF),
            # union formation (ORG-3): the employers still to organize, their contacts
            "formation.view": ("查看组建工会工作", STAFF),
            "formation.contact": ("登记组建联系", STAFF),
            "formation.found": ("登记组建工会", STAFF),
            "formation.settings": ("设置组建目标职工人数", DISTRICT),
            # legal-person certificates (ORG-4): a union applies, a town or the district checks
            "certificates.view": (
                "查看法人资格证书",
                STAFF | {Role.GRASSROOTS_CHAIR, Role.AUDITOR},
            ),
            "certificates.apply": ("申请法人资格证书", STAFF | {Role.GRASSROOTS_CHAIR}),
            "certificates.check": ("审核法人资格证书申请", STAFF),
        }
    )


def role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))
