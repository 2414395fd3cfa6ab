"""What the democracy app puts in the kernel's registry: permissions and the menu section
(here); each part's menu items, exports, to-dos, notifications, audit labels, portal pages and
indicators (the functions below, each filled in by its part)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import register_menu_section, register_permissions

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})
AUDITOR = frozenset({Role.AUDITOR})


def register() -> None:
    # A grassroots chair records its own employer's contracts, congress sessions and open
    # affairs and applies for a rating; the town records those of its area (and its industry
    # and area contracts), runs offer campaigns and reviews applications; the district runs
    # the rating round, decides, publishes the notice; everyone in scope reads.
    register_permissions(
        {
            "democracy.view": (
                "查看民主管理（集体合同、职代会、厂务公开）",
                STAFF | CHAIR | AUDITOR,
            ),
            "democracy.contracts.manage": ("登记集体合同及报送审查", STAFF | CHAIR),
            "democracy.offers.manage": ("组织要约行动、登记答复", STAFF),
            "democracy.congress.manage": ("登记职代会和厂务公开", STAFF | CHAIR),
            # the district's round, and a town's own for its area (workflow.ratings.decides)
            "democracy.ratings.manage": (
                "组织和谐劳动关系评定（评分标准、公示、公布）",
                DISTRICT | TOWN,
            ),
            "democracy.ratings.apply": (
                "申报和谐劳动关系企业、推荐优秀企业家和员工",
                STAFF | CHAIR,
            ),
            "democracy.ratings.review.town": ("镇街审核和谐劳动关系申报", TOWN),
            "democracy.ratings.review.district": ("区总工会评审和谐劳动关系申报", DISTRICT),
            "democracy.objections.manage": ("登记和核实评定公示异议", DISTRICT | TOWN),
            "democracy.stats": ("查看民主管理统计", STAFF | AUDITOR),
        }
    )
    register_menu_section("democracy", "民主管理", 32)
    register_contracts()
    register_congress()
    register_ratings()
    from . import indicators

    indicators.register()


# Each part registers its own menu items, in section "democracy":
#   contracts: 集体合同 democracy:contract_list 10 · 合同到期 democracy:contract_expiring 15 ·
#     要约行动 democracy:campaign_list 20 · 集体合同建制率 democracy:contract_rates 25
#     (democracy.stats)
#   congress: 职代会 democracy:congress_list 30 · 厂务公开 democracy:open_affairs_list 35 ·
#     职代会和厂务公开建制率 democracy:congress_rates 40 (democracy.stats)
#   ratings: 和谐劳动关系评定 democracy:round_list 50 · 优秀企业家和员工
#     democracy:award_list 55; the rating notice is a portal page
#     (core.registry.register_portal_page): 和谐劳动关系企业公示 democracy:notice_list.


def register_contracts() -> None:
    """Collective contracts and bargaining offers (DEMO-1): menu, exports, to-dos, the
    contracts panel of the employer's and the union's page, the daily job, audit labels
    (the services register theirs when imported, here)."""
    import datetime

    from gonghui.core.clock import today as _today
    from gonghui.core.exports import register_list_export
    from gonghui.core.periodic import PeriodicJob, register_periodic
    from gonghui.core.registry import (
        DetailPanel,
        MenuItem,
        Todo,
        register_detail_panel,
        register_menu,
        register_todo,
    )

    from .exports.contracts import CONTRACT_EXPORTS
    from .queries import contracts as contract_queries
    from .services import contracts as contract_services

    view, stats = "democracy.view", "democracy.stats"
    register_menu(
        MenuItem("democracy", "democracy_contracts", "集体合同", "democracy:contract_list", view, 10),
        MenuItem(
            "democracy", "democracy_contract_expiring", "合同到期",
            "democracy:contract_expiring", view, 15,
        ),
        MenuItem("democracy", "democracy_campaigns", "要约行动", "democracy:campaign_list", view, 20),
        MenuItem(
            "democracy", "democracy_contract_rates", "集体合同建制率",
            "democracy:contract_rates", stats, 25,
        ),
    )  # fmt: skip
    for spec in CONTRACT_EXPORTS:
        register_list_export(spec)
    register_todo(
        Todo(
            "democracy.contracts_ending",
            "集体合同90日内到期待续签",
            view,
            contract_queries.expiring_count,
            "democracy:contract_list?ending=yes",
            order=70,
        )
    )
    register_todo(
        Todo(
            "democracy.contracts_to_submit",
            "集体合同待报送审查（含审查有意见待修改）",
            "democracy.contracts.manage",
            contract_queries.awaiting_review_count,
            "democracy:contract_list?state=signed",
            order=71,
        )
    )

    def panel(field: str):
        def context(obj, user):
            if not user.can(view):
                return None
            return {
                "contracts": list(contract_queries.contracts_of(user=user, **{field: obj})[:50])
            }

        return context

    for label, field in (("orgs.Employer", "employer"), ("orgs.Organization", "union")):
        register_detail_panel(
            DetailPanel(
                label, "democracy_contracts", "集体合同", "democracy/contracts/_panel.html",
                panel(field), order=60,
            )
        )  # fmt: skip
    register_periodic(
        PeriodicJob(
            name="democracy.contracts.daily",
            title="集体合同审查期满生效、到期提醒与要约逾期",
            every=datetime.timedelta(days=1),
            run=lambda actor: contract_services.daily(actor, on=_today()),
            grants=("democracy.contracts.manage", "democracy.offers.manage", view),
        )
    )


def register_congress() -> None:
    """Workers' congress and open affairs (DEMO-2): menu, exports, the overdue-congress
    to-do (rule 43), the employer page's panel; the services register their audit labels."""
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import (
        DetailPanel,
        MenuItem,
        Todo,
        register_detail_panel,
        register_menu,
        register_todo,
    )

    from .exports.congress import CONGRESS_EXPORTS
    from .queries import congress as queries
    from .services import congress as _services  # noqa: F401  (audit labels)

    register_menu(
        MenuItem("democracy", "democracy_congress", "职代会", "democracy:congress_list",
                 "democracy.view", 30),
        MenuItem("democracy", "democracy_open_affairs", "厂务公开",
                 "democracy:open_affairs_list", "democracy.view", 35),
        MenuItem("democracy", "democracy_congress_rates", "职代会和厂务公开建制率",
                 "democracy:congress_rates", "democracy.stats", 40),
    )  # fmt: skip
    for spec in CONGRESS_EXPORTS:
        register_list_export(spec)
    register_todo(
        Todo(
            "democracy.congress_overdue",
            "超过12个月未召开职代会的单位",
            queries.MANAGE,
            queries.overdue_count,
            "democracy:congress_employers?due=overdue",
            order=72,
        )
    )
    register_detail_panel(
        DetailPanel(
            "orgs.Employer",
            "democracy_congress",
            "职代会和厂务公开",
            "democracy/congress/_panel.html",
            queries.employer_panel,
            order=40,
        )
    )


def register_ratings() -> None:
    """Harmonious-relations ratings and awards (DEMO-3): menu, portal page, to-dos, exports,
    audit labels (the services register theirs when imported), the employer page's panel."""
    from gonghui.core.clock import today
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import (
        DetailPanel,
        MenuItem,
        PortalPage,
        Todo,
        register_detail_panel,
        register_menu,
        register_portal_page,
        register_todo,
    )

    from .exports.ratings import RATING_EXPORTS
    from .queries import ratings as queries
    from .services import ratings as _services  # noqa: F401  (audit labels)

    register_menu(
        MenuItem(
            "democracy", "democracy_ratings", "和谐劳动关系评定", "democracy:round_list",
            "democracy.view", 50,
        ),
        MenuItem(
            "democracy", "democracy_awards", "优秀企业家和员工", "democracy:award_list",
            "democracy.view", 55,
        ),
    )  # fmt: skip
    register_portal_page(
        PortalPage(
            "democracy_rating_notice",
            "和谐劳动关系企业公示",
            "正在公示的和谐劳动关系企业、优秀企业家和优秀员工；有异议可实名反映。",
            "democracy:notice_list",
            62,
        )
    )
    for spec in RATING_EXPORTS:
        register_list_export(spec)
    todos = (
        ("democracy.ratings_town", "和谐劳动关系申报待镇街审核", "democracy.ratings.review.town",
         queries.town_review_count, "democracy:application_list?state=applied", "normal"),
        ("democracy.ratings_district", "和谐劳动关系申报待区总工会评审",
         "democracy.ratings.review.district", queries.district_review_count,
         "democracy:application_list?state=town_reviewed", "normal"),
        ("democracy.rating_objections_open", "评定公示异议待核实", "democracy.objections.manage",
         queries.open_objection_count, "democracy:rating_objection_list?state=open", "urgent"),
        ("democracy.rating_rounds_to_close", "公示期满待公布的评定", "democracy.ratings.manage",
         queries.rounds_to_close_count, "democracy:round_list?state=notice", "normal"),
    )  # fmt: skip
    for order, (name, label, permission, count, url, tone) in enumerate(todos, start=70):
        register_todo(Todo(name, label, permission, count, url, order=order, tone=tone))

    def panel(obj, user):
        if not user.can("democracy.view"):
            return None
        return {"ratings": list(queries.ratings_of(user=user, employer=obj)), "today": today()}

    register_detail_panel(
        DetailPanel(
            "orgs.Employer", "democracy_ratings", "和谐劳动关系评定",
            "democracy/ratings/_panel.html", panel,
        )
    )  # fmt: skip
