"""What the mutual-aid app puts in the kernel's registry: permissions and menu (here), and
each part's to-dos, exports, import kinds and audit labels (the functions below); its figures
as indicators (indicators.py)."""

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
    # The district sets each year's plan and pays; unions enroll their members and file their
    # claims; the town reviews a claim and the district approves it (CARE-3); auditors read.
    register_portal_page(
        PortalPage(
            "mutualaid",
            "医疗互助金查询",
            "凭申请编号和身份证号查看医疗互助金的审核、计算和发放。",
            "mutualaid:portal_claim",
            40,
        )
    )
    register_permissions(
        {
            "mutualaid.view": ("查看医疗互助", STAFF | CHAIR | {Role.AUDITOR}),
            "mutualaid.plans.manage": ("设置医疗互助计划年度与互助项目", DISTRICT),
            "mutualaid.enroll": ("办理医疗互助参保", STAFF | CHAIR),
            "mutualaid.contributions.record": ("登记医疗互助缴费", DISTRICT),
            "mutualaid.claims.apply": ("申报医疗互助金", STAFF | CHAIR),
            "mutualaid.claims.review": ("审核医疗互助金申请（镇街）", TOWN | DISTRICT),
            "mutualaid.claims.approve": ("审批医疗互助金申请（区）", DISTRICT),
            "mutualaid.payouts.manage": ("生成互助金发放名单与导入银行回盘", DISTRICT),
            "mutualaid.stats": ("查看医疗互助统计", STAFF | {Role.AUDITOR}),
            # The whole bank account in an export (audited); masked on the pages.
            "mutualaid.view_full_id": (
                "导出完整银行账号",
                {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF},
            ),
        }
    )
    # The section is 服务职工's (the assistance app registers it too; the first one counts).
    register_menu_section("assistance", "服务职工", 35)
    register_menu(
        MenuItem(
            "assistance",
            "mutualaid_plans",
            "医疗互助计划",
            "mutualaid:plan_list",
            "mutualaid.view",
            50,
        ),
        MenuItem(
            "assistance",
            "mutualaid_enrollments",
            "医疗互助参保",
            "mutualaid:enrollment_list",
            "mutualaid.view",
            51,
        ),
        MenuItem(
            "assistance",
            "mutualaid_claims",
            "医疗互助金",
            "mutualaid:claim_list",
            "mutualaid.view",
            52,
        ),
        MenuItem(
            "assistance",
            "mutualaid_payouts",
            "互助金发放名单",
            "mutualaid:payout_list",
            "mutualaid.view",
            53,
        ),
    )
    register_plans()
    register_enrollments()
    register_claims()
    register_payouts()
    from . import indicators

    indicators.register()


def register_plans() -> None:
    """Plan years: audit labels (the workflow's own are registered by core.workflow)."""
    from gonghui.core.audit import register_actions

    register_actions(
        {
            "mutualaid.plan.created": "新建医疗互助计划年度",
            "mutualaid.plan.updated": "修改医疗互助计划年度",
            "mutualaid.plan.copied": "复制医疗互助计划到下一年度",
            "mutualaid.benefit_item.created": "新增医疗互助项目",
            "mutualaid.benefit_item.updated": "修改医疗互助项目",
            "mutualaid.benefit_item.removed": "删除医疗互助项目",
            "mutualaid.disease.added": "新增重大疾病病种",
            "mutualaid.disease.updated": "修改重大疾病病种",
            "mutualaid.disease.removed": "删除重大疾病病种",
        }
    )


def register_enrollments() -> None:
    """Enrollment: the list's export, the enrollment list's import kind, the contribution
    payment import kind, to-dos (batches unpaid), audit labels."""
    from django.urls import reverse

    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import Todo, register_todo

    from .exports.enrollments import ENROLLMENT_EXPORTS
    from .importers.enrollments import (
        ContributionImporter,
        EnrollmentImporter,
        plan_choices,
        plan_for_import,
    )
    from .models import PlanYear
    from .queries import enrollments as queries
    from .services import enrollments as _services  # noqa: F401  (audit labels, job handler)

    for spec in ENROLLMENT_EXPORTS:
        register_list_export(spec)
    register_import_kind(
        ImportKindSpec(
            kind=EnrollmentImporter.kind,
            label="医疗互助参保名单",
            permission="mutualaid.enroll",
            importer=EnrollmentImporter,
            target=ImportTarget(
                field="plan",
                label="计划年度",
                choices=plan_choices,
                resolve=plan_for_import,
                load=lambda pk: PlanYear.objects.get(pk=pk),
                path=lambda upload: upload.path,
                help="名单中的会员参加所选年度的计划，逐行按参保条件检查。",
            ),
            help=(
                "需有「姓名」「身份证号」两列（身份证号一列请设为文本格式），可有「工会」"
                "（基层工会全称或统一社会信用代码）。不是在册会员、超过年龄上限或已参加本年度"
                "计划的，列入错误报告并注明原因；其余按基层工会生成参保批次。"
            ),
            result_links=lambda run, user: [
                ("参保批次", reverse("mutualaid:batch_list") + f"?plan={run.target_id}")
            ],
            full_permission="mutualaid.view_full_id",
        )
    )
    register_import_kind(
        ImportKindSpec(
            kind=ContributionImporter.kind,
            label="医疗互助缴费到账（银行）",
            permission="mutualaid.contributions.record",
            importer=ContributionImporter,
            help=(
                "需有「批次编号」「金额」「到账日期」「凭证号」四列。同一批次的同一凭证号只登记"
                "一次（重复导入不会重复登记）；超过批次尚欠金额的行不予登记并注明原因。"
            ),
            result_links=lambda run, user: [
                ("参保批次", reverse("mutualaid:batch_list") + "?outstanding=no")
            ],
        )
    )
    register_todo(
        Todo(
            name="mutualaid.batches_outstanding",
            label="医疗互助参保批次待登记缴费",
            permission="mutualaid.contributions.record",
            count=queries.outstanding_count,
            url="mutualaid:batch_list?outstanding=yes",
            order=70,
        )
    )
    register_todo(
        Todo(
            name="mutualaid.own_batches_unpaid",
            label="本单位医疗互助参保费尚未缴清",
            permission="mutualaid.enroll",
            count=queries.own_unpaid_count,
            url="mutualaid:batch_list?outstanding=yes",
            order=71,
        )
    )


def register_claims() -> None:
    """Claims: to-dos (claims to review for a town, to approve for the district), the list's
    export, audit labels (services.claims registers them on import).

    Each to-do counts the very list its link opens (queries.claims.claim_list with that
    state), so the two agree; the district, which may review too, is asked to approve."""
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import Todo, register_todo

    from .exports.claims import CLAIM_EXPORTS
    from .queries import claims as claim_queries
    from .services import claims as _claim_services  # noqa: F401  (its audit labels)

    for spec in CLAIM_EXPORTS:
        register_list_export(spec)

    def to_review(user) -> int:
        if user.can("mutualaid.claims.approve"):
            return 0
        return claim_queries.claims_to_review(user).count()

    register_todo(
        Todo(
            name="mutualaid.claims_to_review",
            label="待审核的医疗互助金申请",
            permission="mutualaid.claims.review",
            count=to_review,
            url="mutualaid:claim_list?state=submitted",
            order=65,
        )
    )
    register_todo(
        Todo(
            name="mutualaid.claims_to_approve",
            label="待审批的医疗互助金申请",
            permission="mutualaid.claims.approve",
            count=lambda user: claim_queries.claims_to_approve(user).count(),
            url="mutualaid:claim_list?state=reviewed",
            order=66,
        )
    )


def register_payouts() -> None:
    """Payout lists and the bank's return: the return's import kind, exports, the district's
    to-dos (approved claims on no list yet; failed payments), audit labels."""
    from django.urls import reverse

    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import Todo, register_todo

    from .choices import ClaimState
    from .exports.payouts import PAYOUT_EXPORTS
    from .importers.payouts import BankReturnImporter, payout_choices, payout_for_import
    from .models import Payout
    from .queries import payouts as queries

    pay = "mutualaid.payouts.manage"
    for spec in PAYOUT_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "mutualaid.payout.created": "生成互助金发放名单",
            "mutualaid.payout.downloaded": "下载互助金银行代发表",
            "mutualaid.payout.returned": "导入互助金银行回盘",
            "mutualaid.payout.exported": "导出互助金发放名单",
            "mutualaid.claim.paid": "互助金发放成功",
            "mutualaid.claim.payment_failed": "互助金发放失败",
        }
    )
    register_import_kind(
        ImportKindSpec(
            kind="mutualaid.bank_return",
            label="互助金银行回盘",
            permission=pay,
            importer=BankReturnImporter,
            target=ImportTarget(
                field="payout",
                label="互助金发放名单",
                choices=payout_choices,
                resolve=payout_for_import,
                load=lambda pk: Payout.objects.get(pk=pk),
                path=lambda row: row.org_path,
                help="回盘只匹配所选名单中的互助金。",
            ),
            help=(
                "需有「申请编号」「结果」两列：结果填成功或失败（或1/0）；"
                "可有「失败原因」「日期」。每笔互助金只能出现一行。"
            ),
            result_links=lambda run, user: (
                [("互助金发放名单", reverse("mutualaid:payout_detail", args=[run.target_id]))]
                if run.target_id
                else []
            ),
            full_permission="mutualaid.view_full_id",
        )
    )
    register_todo(
        Todo(
            name="mutualaid.claims_to_list",
            label="已批准待列入发放名单的医疗互助金",
            permission=pay,
            count=queries.waiting_count,
            url="mutualaid:payout_create",
            order=62,
        )
    )
    register_todo(
        Todo(
            name="mutualaid.payments_failed",
            label="发放失败待重新发放的医疗互助金",
            permission=pay,
            count=queries.failed_count,
            url=f"mutualaid:claim_list?state={ClaimState.PAYMENT_FAILED}",
            order=63,
            tone="urgent",
        )
    )
