"""What the assistance app puts in the kernel's registry: permissions and menu (here), and
each part's to-dos, exports, import kinds and periodic jobs (the functions below); its
figures as indicators (indicators.py)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import (
    MenuItem,
    register_menu,
    register_menu_section,
    register_permissions,
)

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})


def register() -> None:
    # Grassroots and town unions open files and apply for their members; the town reviews,
    # the district approves (CARE-1, CARE-2) and pays; services are recorded by whoever
    # gave them (CARE-4); auditors read.
    register_permissions(
        {
            "assistance.view": ("查看服务职工", STAFF | CHAIR | {Role.AUDITOR}),
            "assistance.files.open": ("建立困难职工档案与走访", STAFF | CHAIR),
            "assistance.files.review": ("审核困难职工档案（镇街）", TOWN | DISTRICT),
            "assistance.files.approve": ("审批困难职工档案与退档（区）", DISTRICT),
            "assistance.standards.manage": ("设置最低生活保障标准", DISTRICT),
            "assistance.programs.manage": ("管理帮扶项目与预算", DISTRICT),
            "assistance.grants.apply": ("申报帮扶资金", STAFF | CHAIR),
            "assistance.grants.review": ("审核帮扶资金申请（镇街）", TOWN | DISTRICT),
            "assistance.grants.approve": ("审批帮扶资金申请（区）", DISTRICT),
            "assistance.grants.pay": ("生成发放名单与导入银行回盘", DISTRICT),
            "assistance.services.record": ("登记服务记录", STAFF | CHAIR),
            "assistance.stats": ("查看服务职工统计", STAFF | {Role.AUDITOR}),
            # The whole RIC and bank account in an export (audited); masked on the pages.
            "assistance.view_full_id": (
                "导出完整身份证号与银行账号",
                {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF},
            ),
        }
    )
    register_menu_section("assistance", "服务职工", 35)
    register_menu(
        MenuItem(
            "assistance",
            "care_files",
            "困难职工档案",
            "assistance:file_list",
            "assistance.view",
            10,
        ),
        MenuItem(
            "assistance", "care_grants", "帮扶资金", "assistance:grant_list", "assistance.view", 20
        ),
        MenuItem(
            "assistance",
            "care_programs",
            "帮扶项目",
            "assistance:program_list",
            "assistance.view",
            30,
        ),
        MenuItem(
            "assistance",
            "care_services",
            "服务记录",
            "assistance:service_list",
            "assistance.view",
            40,
        ),
    )
    register_files()
    register_grants()
    register_payments()
    register_services()
    from . import indicators

    indicators.register()


def register_files() -> None:
    """Hardship files: to-dos (files to review and approve, visits and reviews due), exports,
    the daily check of notices and follow-ups."""


def register_grants() -> None:
    """Programs and grants: to-dos (applications to decide), exports, the application list
    and bank-return import kinds."""


def register_payments() -> None:
    """Disbursement lists and the bank's return: exports, the return's import kind."""


def register_services() -> None:
    """Service records: exports, the beneficiary-list import kind."""
