"""What the activities app puts in the kernel's registry: permissions (here), the parts'
menu items, portal pages, exports, to-dos and audit labels (the functions below); its figures
as indicators (indicators.py)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import register_menu_section, register_permissions

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})
AUDITOR = frozenset({Role.AUDITOR})


def register() -> None:
    # Any level runs activities for its subtree; a chair registers its members; the district
    # forms the delegations to the city's events.
    register_permissions(
        {
            "activities.view": ("查看文体活动", STAFF | CHAIR | AUDITOR),
            "activities.manage": ("组织文体活动（发布、签到、成绩）", STAFF | CHAIR),
            "activities.register": ("为会员报名活动", STAFF | CHAIR),
            "activities.delegations.manage": ("组织参加上级赛事的代表团", DISTRICT),
            "activities.stats": ("查看文体活动统计", STAFF | AUDITOR),
        }
    )
    register_menu_section("merit", "建功立业", 60)
    register_activities()
    register_submissions()
    register_delegations()
    from . import indicators

    indicators.register()


# Each part registers its own menu items, in section "merit":
#   文体活动 activities:activity_list 60 · 代表团 activities:delegation_list 70. Members' phone
#   pages are portal pages (core.registry.register_portal_page): 活动报名 activities:portal.


def register_activities() -> None:
    """Activities, registrations, check-in, submissions: menu, portal page, exports, audit
    labels, to-dos."""
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import (
        MenuItem,
        PortalPage,
        Todo,
        register_menu,
        register_portal_page,
        register_todo,
    )

    from .exports.activities import EXPORTS
    from .queries import activities as queries
    from .services import activities as _services  # noqa: F401  (its audit labels)

    register_menu(
        MenuItem(
            "merit", "activities", "文体活动", "activities:activity_list", "activities.view", 60
        )
    )
    register_portal_page(
        PortalPage(
            "activities",
            "活动报名",
            "报名工会组织的文体活动，查看是否确认或候补，取消报名。",
            "activities:portal",
            50,
        )
    )
    for spec in EXPORTS:
        register_list_export(spec)
    register_todo(
        Todo(
            name="activities.check_in_today",
            label="今天开始的活动（签到）",
            permission="activities.manage",
            count=queries.to_check_in_today_count,
            url="activities:activity_list?today=yes",
            order=60,
        )
    )


def register_submissions() -> None:
    """Reading-campaign submissions: menu, the member's phone page, the list's export, the
    reviewers' to-do, audit labels (the review's own come from the workflow)."""
    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import (
        MenuItem,
        PortalPage,
        Todo,
        register_menu,
        register_portal_page,
        register_todo,
    )

    from .exports.submissions import SUBMISSION_EXPORTS
    from .queries import submissions as queries
    from .services import submissions as _services  # noqa: F401  (the review's workflow)

    register_menu(
        MenuItem(
            "merit",
            "submissions",
            "读书活动投稿",
            "activities:submission_list",
            "activities.view",
            65,
        )
    )
    register_portal_page(
        PortalPage(
            "activities_submissions",
            "读书活动投稿",
            "向工会的读书活动投书评，查看是否采用和获奖。",
            "activities:portal_submissions",
            51,
        )
    )
    for spec in SUBMISSION_EXPORTS:
        register_list_export(spec)
    register_actions({"activities.submission.created": "收到读书活动投稿"})
    register_todo(
        Todo(
            name="activities.submissions_to_review",
            label="待审核的读书活动投稿",
            permission="activities.manage",
            count=queries.to_review_count,
            url="activities:submission_list?state=received&reviewable=yes",
            order=61,
        )
    )


def register_delegations() -> None:
    """Delegations to city events: menu, exports, audit labels."""
    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import MenuItem, register_menu

    from .exports.delegations import DELEGATION_EXPORTS

    register_menu(
        MenuItem(
            "merit",
            "delegations",
            "代表团",
            "activities:delegation_list",
            "activities.view",
            70,
        )
    )
    for spec in DELEGATION_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "activities.delegation.created": "新建代表团",
            "activities.delegation.updated": "修改代表团",
            "activities.delegation.deleted": "删除代表团",
            "activities.delegation.events_added": "添加代表团比赛项目",
            "activities.delegation.event_renamed": "修改代表团比赛项目",
            "activities.delegation.event_removed": "删除代表团比赛项目",
            "activities.delegation.athletes_added": "添加代表团运动员",
            "activities.delegation.athlete_events": "修改运动员参加项目",
            "activities.delegation.athlete_removed": "移出代表团运动员",
            "activities.delegation.prize_added": "登记代表团获奖",
            "activities.delegation.prize_removed": "删除代表团获奖",
        }
    )
