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
            "democracy.ratings.manage": ("组织和谐劳动关系评定（评分标准、公示、公布）", DISTRICT),
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
    """Collective contracts and bargaining offers (DEMO-1)."""


def register_congress() -> None:
    """Workers' congress and open affairs (DEMO-2)."""


def register_ratings() -> None:
    """Harmonious-relations ratings and awards (DEMO-3)."""
