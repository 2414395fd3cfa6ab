"""What the merit app puts in the kernel's registry: permissions and the menu section (here),
each part's menu items, exports, import kinds, to-dos, audit labels and portal pages (the
functions below, each filled in by its part); its figures as indicators (indicators.py)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import register_menu_section, register_permissions

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})
AUDITOR = frozenset({Role.AUDITOR})


def register() -> None:
    # A grassroots chair nominates its members, teams and itself; the town reviews what its
    # unions put forward and runs its own rounds and competitions; the district sets the
    # types, decides, publishes the notice and awards; everyone in scope reads.
    register_permissions(
        {
            "merit.view": ("查看评先评优、劳模和竞赛", STAFF | CHAIR | AUDITOR),
            "merit.types.manage": ("设置荣誉类型与评选条件", DISTRICT),
            "merit.rounds.manage": ("组织评选（发布、公示、表彰）", DISTRICT | TOWN),
            "merit.nominate": ("推荐评先评优对象", STAFF | CHAIR),
            "merit.review.town": ("镇街审核推荐对象", TOWN),
            "merit.review.district": ("区总工会评审推荐对象", DISTRICT),
            "merit.objections.manage": ("登记和核实公示异议", DISTRICT | TOWN),
            "merit.honors.record": ("登记荣誉（含上级授予）", DISTRICT | TOWN),
            "merit.model_workers.manage": ("管理劳模名册与待遇", DISTRICT),
            "merit.studios.manage": ("管理劳模创新工作室", DISTRICT | TOWN),
            "merit.competitions.manage": ("组织竞赛、登记成绩", DISTRICT | TOWN),
            "merit.competitions.enter": ("报送参赛单位和选手", STAFF | CHAIR),
            "merit.stats": ("查看建功立业统计", STAFF | AUDITOR),
            # The nominee's whole RIC on an export (audited); masked on the pages.
            "merit.view_full_id": ("导出完整身份证号（评先评优）", DISTRICT),
        }
    )
    register_menu_section("merit", "建功立业", 60)
    register_honors()
    register_workers()
    register_competitions()
    from . import indicators

    indicators.register()


# Each part registers its own menu items, in section "merit":
#   评选表彰 merit:round_list 10 · 推荐对象 merit:nomination_list 20 · 荣誉名录
#   merit:honor_list 30 · 荣誉类型 merit:type_list 35 (merit.types.manage) · 劳模名册
#   merit:model_worker_list 40 · 劳模创新工作室 merit:studio_list 45 · 竞赛 merit:competition_list
#   50 · 建功立业统计 merit:stats 90 (merit.stats). The public notice is a portal page
#   (core.registry.register_portal_page): 评先评优公示 merit:notice_list.


def register_honors() -> None:
    """Honors (MERIT-1): types, rounds, nominations and their workflow, the public notice,
    objections, honors; menu, portal page, to-dos, audit labels, exports."""
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

    from .exports.honors import HONOR_EXPORTS
    from .queries import honors as queries
    from .services import honors as _services  # noqa: F401  (audit labels)

    register_menu(
        MenuItem("merit", "merit_rounds", "评选表彰", "merit:round_list", "merit.view", 10),
        MenuItem(
            "merit", "merit_nominations", "推荐对象", "merit:nomination_list", "merit.view", 20
        ),
        MenuItem("merit", "merit_honors", "荣誉名录", "merit:honor_list", "merit.view", 30),
        MenuItem("merit", "merit_types", "荣誉类型", "merit:type_list", "merit.types.manage", 35),
    )
    register_portal_page(
        PortalPage(
            "merit_notice",
            "评先评优公示",
            "正在公示的评先评优对象和公示截止日期；有异议可实名反映。",
            "merit:notice_list",
            60,
        )
    )
    for spec in HONOR_EXPORTS:
        register_list_export(spec)
    todos = (
        ("merit.nominations_town", "评先评优推荐对象待镇街审核", "merit.review.town",
         queries.town_review_count, "merit:nomination_list?state=submitted", "normal"),
        ("merit.nominations_district", "评先评优推荐对象待区总工会评审",
         "merit.review.district", queries.district_review_count,
         "merit:nomination_list?state=town_reviewed", "normal"),
        ("merit.objections_open", "公示异议待核实", "merit.objections.manage",
         queries.open_objection_count, "merit:objection_list?state=open", "urgent"),
        ("merit.rounds_to_award", "公示期满待表彰的评选", "merit.rounds.manage",
         queries.rounds_to_award_count, "merit:round_list?state=notice", "normal"),
    )  # fmt: skip
    for order, (name, label, permission, count, url, tone) in enumerate(todos, start=60):
        register_todo(Todo(name, label, permission, count, url, order=order, tone=tone))

    def panel(field: str):
        def context(obj, user):
            if not user.can("merit.view"):
                return None
            return {"honors": list(queries.honors_of(user=user, **{field: obj}))}

        return context

    for label, field in (
        ("members.Member", "member"),
        ("orgs.Employer", "employer"),
        ("orgs.Organization", "organization"),
    ):
        register_detail_panel(
            DetailPanel(label, "merit_honors", "荣誉", "merit/honors/_panel.html", panel(field))
        )


def register_workers() -> None:
    """Model workers and innovation studios (MERIT-2): menu, exports, audit labels (the
    services register theirs when imported, here). No import kind: a model worker comes from
    an honor, one at a time."""
    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import MenuItem, register_menu

    from .exports.workers import WORKER_EXPORTS
    from .services import studios as _studios  # noqa: F401  (audit labels)
    from .services import workers as _workers  # noqa: F401  (audit labels)

    register_menu(
        MenuItem(
            "merit", "merit_model_workers", "劳模名册", "merit:model_worker_list", "merit.view", 40
        ),
        MenuItem("merit", "merit_studios", "劳模创新工作室", "merit:studio_list", "merit.view", 45),
    )
    for spec in WORKER_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "merit.model_workers.exported": "导出劳模名册",
            "merit.studios.exported": "导出劳模创新工作室",
        }
    )


def register_competitions() -> None:
    """Competitions (MERIT-3): menu, the results' import kind, exports, audit labels."""
    from django.urls import reverse

    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import MenuItem, register_menu

    from .exports.competitions import COMPETITION_EXPORTS
    from .importers import competitions as importers
    from .models import Competition

    register_menu(
        MenuItem("merit", "competitions", "竞赛", "merit:competition_list", "merit.view", 50)
    )
    for spec in COMPETITION_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "merit.competition.created": "新建竞赛",
            "merit.competition.updated": "修改竞赛",
            "merit.competition.events_changed": "修改竞赛工种或项目",
            "merit.competition.state_changed": "变更竞赛状态",
            "merit.competition.ranked": "按成绩排定竞赛名次",
            "merit.competition.exported": "导出竞赛列表",
            "merit.competition.results_exported": "导出竞赛成绩",
            "merit.entry.added": "报名参赛单位",
            "merit.entry.updated": "修改参赛单位",
            "merit.entry.removed": "删除参赛单位",
            "merit.contestant.added": "报名参赛选手",
            "merit.contestant.updated": "修改参赛选手或成绩",
            "merit.contestant.removed": "删除参赛选手",
        }
    )

    def target(resolve) -> ImportTarget:
        return ImportTarget(
            field="competition",
            label="竞赛",
            choices=importers.competition_choices,
            resolve=resolve,
            load=lambda pk: Competition.objects.get(pk=pk),
            path=lambda row: row.path if hasattr(row, "path") else row.org_path,
            help="表格中的行都导入所选竞赛。",
        )

    def back(run, user) -> list[tuple[str, str]]:
        if not run.target_id:
            return []
        return [("竞赛", reverse("merit:competition_detail", args=[run.target_id]))]

    register_import_kind(
        ImportKindSpec(
            kind=importers.RESULTS,
            label="竞赛成绩",
            permission="merit.competitions.manage",
            importer=importers.ResultImporter,
            target=target(importers.competition_for_results),
            help=(
                "需有「工种/项目」「姓名」两列，可有「身份证号」（设为文本格式）「单位」（名称或"
                "统一社会信用代码）「成绩」「名次」（不填则按成绩排定）「获奖」「是否选送」"
                "「上级比赛成绩」「上级比赛名次」。同一项目同一身份证号（无身份证号时同一姓名和"
                "单位）为同一选手，重复导入不会重复登记。"
            ),
            result_links=back,
            full_permission="merit.view_full_id",
        )
    )
    register_import_kind(
        ImportKindSpec(
            kind=importers.ENTRIES,
            label="竞赛参赛单位",
            permission="merit.competitions.enter",
            importer=importers.EntryImporter,
            target=target(importers.competition_for_entries),
            help=(
                "需有「单位/信用代码」一列（单位全称或统一社会信用代码），可有「班组」「参与人数」"
                "「成绩」（成绩由主办单位填写）。同一单位的同一班组为同一参赛单位，重复导入不会"
                "重复登记。"
            ),
            result_links=back,
        )
    )
