"""What the assistance app puts in the kernel's registry: permissions and menu (here), and
each part's to-dos, exports, import kinds and periodic jobs (the functions below); its
figures as indicators (indicators.py)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import (
    MenuItem,
    PortalPage,
    register_menu,
    register_menu_section,
    register_permissions,
    register_portal_page,
)

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})


def register() -> None:
    # Grassroots and town unions open files and apply for their members; the town reviews,
    # the district approves (CARE-1, CARE-2) and pays; services are recorded by whoever
    # gave them (CARE-4); auditors read.
    register_portal_page(
        PortalPage(
            "assistance",
            "帮扶申请查询",
            "查看您的困难帮扶、助学等资金的审批和发放情况。",
            "assistance:portal_grants",
            30,
        )
    )
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
    """Hardship files: to-dos (files to review and approve, visits and reviews due) and the
    export. No periodic job: an exit is approved by a person once its notice has run.

    Each to-do counts the very list its link opens (queries.files.file_list with those
    filters), so the two agree; a town's review count is its subtree's (scope)."""
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import Todo, register_todo

    from . import exports
    from .queries.files import todo_count
    from .services import files as _file_services  # noqa: F401  (its audit labels)

    for spec in exports.FILE_EXPORTS:
        register_list_export(spec)

    def todo(name, label, permission, filters, order, tone="normal", unless=None):
        query = "&".join(f"{k}={v}" for k, v in filters.items())

        def count(user):
            # the district, which may review too, is asked to approve, not to review
            if unless and user.can(unless):
                return 0
            return todo_count(user, permission, filters)

        register_todo(
            Todo(
                name=f"assistance.{name}",
                label=label,
                permission=permission,
                count=count,
                url=f"assistance:file_list?{query}",
                order=order,
                tone=tone,
            )
        )

    todo(
        "files_to_review",
        "待镇街审核的困难职工档案",
        "assistance.files.review",
        {"state": "submitted"},
        50,
        unless="assistance.files.approve",
    )
    todo(
        "files_to_approve",
        "待区总工会审批的困难职工档案",
        "assistance.files.approve",
        {"state": "reviewed"},
        51,
    )
    todo("files_visit_due", "走访到期的困难职工档案", "assistance.files.open", {"due": "visit"}, 52)
    todo(
        "files_review_overdue",
        "年度复核超期的困难职工档案",
        "assistance.files.open",
        {"due": "review"},
        53,
        tone="urgent",
    )


def register_grants() -> None:
    """Programs and grants: to-dos (applications to review for a town, to approve for the
    district), the grant list's export, the application list's import kind.

    Each to-do counts the very list its link opens (queries.grants.grant_list with that
    state), so the two agree; the district, which may review too, is asked to approve."""
    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import Todo, register_todo

    from . import exports
    from .importers import GrantApplicationImporter, program_choices, program_for_import
    from .queries import grants as grant_queries

    for spec in exports.GRANT_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "assistance.program_kind.created": "新增帮扶项目类别",
            "assistance.program.created": "新建帮扶项目",
            "assistance.program.updated": "修改帮扶项目",
            "assistance.program.budgets_set": "分配帮扶项目预算",
            "assistance.grant.applied": "申报帮扶资金",
            "assistance.grant.exported": "导出帮扶资金",
        }
    )

    def to_review(user) -> int:
        if user.can("assistance.grants.approve"):
            return 0
        return grant_queries.grants_to_review(user).count()

    register_todo(
        Todo(
            name="assistance.grants_to_review",
            label="待审核的帮扶资金申请",
            permission="assistance.grants.review",
            count=to_review,
            url="assistance:grant_list?state=submitted",
            order=55,
        )
    )
    register_todo(
        Todo(
            name="assistance.grants_to_approve",
            label="待审批的帮扶资金申请",
            permission="assistance.grants.approve",
            count=lambda user: grant_queries.grants_to_approve(user).count(),
            url="assistance:grant_list?state=reviewed",
            order=56,
        )
    )
    apply = "assistance.grants.apply"
    register_import_kind(
        ImportKindSpec(
            kind="assistance.grant_applications",
            label="帮扶资金申请名单",
            permission=apply,
            importer=GrantApplicationImporter,
            target=ImportTarget(
                field="program",
                label="申报项目",
                choices=program_choices,
                resolve=program_for_import,
                load=lambda pk: grant_queries.Program.objects.get(pk=pk),
                path=lambda upload: upload.path,
                help="每一行都申报到这个项目，按项目的资助条件和金额逐行检查。",
            ),
            help=(
                "需有「姓名」「身份证号」两列（身份证号一列请设为文本格式）；可有「工会」"
                "（申报工会全称或统一社会信用代码，基层工会主席可不填）、「金额」（不填按标准金额）、"
                "「开户银行」「银行账号」「子女姓名」「录取学校」「入学年份」「申请理由」。"
                "须凭证明材料的项目（金秋助学、工伤慰问）请在项目页面逐笔申报。"
            ),
            full_permission="assistance.view_full_id",
        )
    )


def register_payments() -> None:
    """Disbursement lists and the bank's return: menu, exports, the return's import kind,
    the district's to-dos (approved grants on no list yet; failed payments)."""
    from django.urls import reverse

    from gonghui.core.exports import Column, ListExport, register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import Todo, register_todo
    from gonghui.core.scope import access

    from .choices import GrantState
    from .forms.payments import DisbursementFilterForm
    from .importers import BankReturnImporter
    from .models import Disbursement
    from .queries import payments as queries

    pay = "assistance.grants.pay"
    register_menu(
        MenuItem(
            "assistance",
            "care_disbursements",
            "发放名单",
            "assistance:disbursement_list",
            "assistance.view",
            25,
        )
    )
    register_list_export(
        ListExport(
            name="assistance.disbursements",
            label="发放名单",
            permission="assistance.view",
            filter_form=DisbursementFilterForm,
            rows=lambda user, filters: queries.disbursement_list(user=user, filters=filters),
            columns=(
                Column("名单编号", lambda d: d.number, text=True),
                Column("项目", lambda d: str(d.program)),
                Column("镇街", lambda d: d.town.name if d.town else "全部镇街"),
                Column("生成日期", lambda d: d.issued_on),
                Column("笔数", lambda d: d.grant_count),
                Column("合计金额（元）", lambda d: d.total),
                Column("成功笔数", lambda d: d.paid_count),
                Column("失败笔数", lambda d: d.failed_count),
                Column("状态", lambda d: d.get_state_display()),
                Column("回盘日期", lambda d: d.returned_on or ""),
            ),
            list_url="assistance:disbursement_list",
            audit_action="assistance.disbursement.exported",
        )
    )
    register_import_kind(
        ImportKindSpec(
            kind="assistance.bank_return",
            label="银行回盘",
            permission=pay,
            importer=BankReturnImporter,
            target=ImportTarget(
                field="disbursement",
                label="发放名单",
                choices=lambda user: Disbursement.objects.visible_to(user, pay),
                resolve=lambda user, pk: access(Disbursement, user, pk, pay, field="target_id"),
                load=lambda pk: Disbursement.objects.get(pk=pk),
                path=lambda row: row.org_path,
                help="回盘只匹配所选名单中的资金。",
            ),
            help=(
                "需有「申请编号」「结果」两列：结果填成功或失败（或1/0）；"
                "可有「失败原因」「日期」。每笔资金只能出现一行。"
            ),
            result_links=lambda run, user: (
                [("发放名单", reverse("assistance:disbursement_detail", args=[run.target_id]))]
                if run.target_id
                else []
            ),
            full_permission="assistance.view_full_id",
        )
    )
    register_todo(
        Todo(
            name="assistance.grants_to_list",
            label="已批准待列入发放名单的帮扶资金",
            permission=pay,
            count=queries.waiting_count,
            url="assistance:disbursement_create",
            order=60,
        )
    )
    register_todo(
        Todo(
            name="assistance.payments_failed",
            label="发放失败待重新发放的帮扶资金",
            permission=pay,
            count=queries.failed_count,
            url=f"assistance:grant_list?state={GrantState.PAYMENT_FAILED}",
            order=61,
            tone="urgent",
        )
    )


def register_services() -> None:
    """Service records: exports, the beneficiary-list import kind, audit labels."""
    from django.urls import reverse

    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind

    from .exports import SERVICE_EXPORTS
    from .importers import (
        BeneficiaryImporter,
        service_by_number,
        service_choices,
        service_for_import,
    )
    from .models import ServiceRecord

    for spec in SERVICE_EXPORTS:
        register_list_export(spec)
    register_import_kind(
        ImportKindSpec(
            kind=BeneficiaryImporter.kind,
            label="服务记录受益职工名单",
            permission="assistance.services.record",
            importer=BeneficiaryImporter,
            target=ImportTarget(
                field="service",
                label="服务记录",
                choices=service_choices,
                resolve=service_for_import,
                load=lambda pk: ServiceRecord.objects.get(pk=pk),
                path=lambda row: row.org_path,
                help="名单中的职工登记为所选服务记录的受益职工。",
                suggest="assistance:suggest_services",
                find=service_by_number,
            ),
            help=(
                "需有「姓名」「身份证号」两列，可有「金额」（如慰问金）「备注」。"
                "已在该记录中的人按身份证号更新，不重复登记。"
            ),
            result_links=lambda run, user: (
                [("服务记录", reverse("assistance:service_detail", args=[run.target_id]))]
                if run.target_id
                else []
            ),
            full_permission="assistance.view_full_id",
        )
    )
    register_actions(
        {
            "assistance.service.created": "登记服务记录",
            "assistance.service.updated": "修改服务记录",
            "assistance.service.beneficiary_added": "登记受益职工",
            "assistance.service.exported": "导出服务记录",
        }
    )
