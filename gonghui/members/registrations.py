"""What the members app puts in the kernel's registry: permissions, menu, the roster import,
the home page's to-dos (transfers and joining applications to decide)."""

from gonghui.accounts.roles import STAFF, Role
from gonghui.core.audit import register_actions
from gonghui.core.exports import register_list_export
from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
from gonghui.core.registry import (
    MenuItem,
    PortalPage,
    Todo,
    register_menu,
    register_menu_section,
    register_permissions,
    register_portal_page,
    register_todo,
)

SERVING = STAFF | {Role.GRASSROOTS_CHAIR}


def register() -> None:
    from . import indicators

    indicators.register()
    from . import exports

    register_portal_page(
        PortalPage(
            "join", "网上入会", "填写个人信息申请加入工会，工会审核后通知您。", "members:join", 10
        )
    )
    register_portal_page(
        PortalPage(
            "join_status",
            "入会进度查询",
            "凭申请编号和身份证号查看审核结果。",
            "members:join_status",
            11,
        )
    )
    register_permissions(
        {
            "members.view": ("查看会员", SERVING | {Role.AUDITOR}),
            "members.edit": ("编辑会员", SERVING),
            # Full RIC/phone only for those who serve members case by case (docs/members.md).
            "members.view_full_id": (
                "查看完整证件号",
                {Role.DISTRICT_ADMIN, Role.TOWN_STAFF, Role.GRASSROOTS_CHAIR},
            ),
            "members.transfer": ("办理会籍接转", SERVING),
            "members.approve_joining": ("审批入会申请", SERVING),
            "imports.members": ("导入会员花名册", SERVING),
        }
    )
    register_menu_section("members", "会员", 20)
    register_menu(
        MenuItem("members", "members", "会员", "members:member_list", "members.view", 10),
    )
    register_todos()
    for spec in exports.EXPORTS:
        register_list_export(spec)
    # The audit log's labels of the exports added with issue #10 (members.member.exported
    # is in audit_actions.py with the others).
    register_actions(
        {
            "members.transfer.exported": "导出会籍接转",
            "members.joining.exported": "导出网上入会申请",
        }
    )
    register_import_kind(
        ImportKindSpec(
            kind="members",
            label="会员花名册",
            permission="imports.members",
            importer=_importer(),
            target=roster_target(),
            full_permission="members.view_full_id",
            help=(
                "需有“姓名”“身份证号”“入会日期”三列；身份证号一列请设为文本格式。"
                "“工会”列填每人所属基层工会的全称或统一社会信用代码，"
                "可一次导入管理范围内的多个工会；不选基层工会时按该列导入。"
            ),
        )
    )


def register_todos() -> None:
    from . import queries
    from .choices import JoiningState

    register_todo(
        Todo(
            name="members.transfers_to_decide",
            label="待您审批的会籍接转",
            permission="members.transfer",
            count=lambda user: queries.transfers_to_decide(user=user).count(),
            url="members:transfer_list?state=requested&decide=1",
            order=10,
        )
    )
    register_todo(
        Todo(
            name="members.joining_submitted",
            label="待审核的网上入会申请",
            permission="members.approve_joining",
            count=lambda user: queries.joining_list(
                user=user, state=JoiningState.SUBMITTED
            ).count(),
            url=f"members:joining_list?state={JoiningState.SUBMITTED}",
            order=20,
        )
    )


def _importer():
    from .importers import MemberImporter

    return MemberImporter


def roster_target() -> ImportTarget:
    from gonghui.orgs.models import Organization
    from gonghui.orgs.queries import grassroots_by_name_or_uscc

    from .importers import union_choices, union_for_import

    return ImportTarget(
        field="union",
        label="导入到基层工会",
        help="选择后每一行都导入到这个工会（“工会”列可不填，填了须是这个工会）；"
        "不选则按表中“工会”列导入到各行所填的工会。",
        choices=union_choices,
        resolve=union_for_import,
        load=lambda pk: Organization.objects.get(pk=pk),
        path=lambda union: union.path,
        default=lambda user: user.organization_id if user.role == Role.GRASSROOTS_CHAIR else None,
        optional=True,
        suggest="orgs:suggest_unions",
        find=lambda rows, text: grassroots_by_name_or_uscc(rows, text),
    )
