"""What the finance app puts in the kernel's registry: permissions and menu (here), and
each part's to-dos, exports, import kinds and audit labels (the functions below); its figures
as indicators (indicators.py)."""

from gonghui.accounts.roles import DISTRICT, STAFF, Role
from gonghui.core.registry import register_menu_section, register_permissions

CHAIR = frozenset({Role.GRASSROOTS_CHAIR})
TOWN = frozenset({Role.TOWN_STAFF})
AUDITOR = frozenset({Role.AUDITOR})


def register() -> None:
    # The district imports the tax bureau's file, sets the rules, allocates and refunds; a
    # town sees its employers' collections and its own share; a grassroots union its own
    # refunds; the fund auditor (经审) reads everything in scope and changes nothing.
    register_permissions(
        {
            "finance.view": ("查看工会经费", STAFF | CHAIR | AUDITOR),
            "finance.rules.manage": ("设置经费分配方案", DISTRICT),
            "finance.collections.import": ("导入税务代收数据", DISTRICT),
            "finance.collections.match": ("认领代收记录、冲销更正", DISTRICT),
            "finance.allocate": ("运行经费分配", DISTRICT),
            "finance.refunds.manage": ("生成经费返拨批次与导入银行回盘", DISTRICT),
            "finance.bank_accounts.manage": ("维护工会经费账户", STAFF | CHAIR),
            "finance.expenses.record": ("登记经费支出", DISTRICT | TOWN),
            "finance.entries.reverse": ("冲销记账凭证", DISTRICT),
            "finance.reports": ("查看经费报表（余额、试算平衡、对账单）", STAFF | CHAIR | AUDITOR),
            "finance.stats": ("查看经费统计", STAFF | AUDITOR),
            # The whole bank account in a payment file (audited); masked on the pages.
            "finance.view_full_id": (
                "导出完整银行账号（经费返拨）",
                {Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF},
            ),
        }
    )
    register_menu_section("finance", "经费", 70)
    register_allocation()
    register_collections()
    register_ledger()
    register_refunds()
    from . import indicators, leads

    leads.register()  # the preparation-fund payers, first among orgs' formation targets

    indicators.register()


# Each part registers its own menu items when its pages exist, in section "finance":
#   税务代收 finance:collection_list 10 · 分配方案 finance:rule_list 20 · 经费分配
#   finance:allocation_list 30 · 经费返拨 finance:refund_list 40 · 返拨批次 finance:batch_list 41
#   · 工会经费账户 finance:bank_account_list 45 · 记账凭证 finance:entry_list 50 · 经费报表
#   finance:report_home 60 (permission finance.view, the batches finance.refunds.manage,
#   the reports finance.reports).


def register_allocation() -> None:
    """Allocation rules and runs: menu, audit labels, the job handler, to-dos."""
    from gonghui.core.jobs import job_handler
    from gonghui.core.registry import MenuItem, Todo, register_menu, register_todo

    from .queries import allocation as queries
    from .services import allocation as services  # audit labels

    register_menu(
        MenuItem("finance", "finance_rules", "分配方案", "finance:rule_list", "finance.view", 20),
        MenuItem(
            "finance",
            "finance_allocations",
            "经费分配",
            "finance:allocation_list",
            "finance.view",
            30,
        ),
    )
    job_handler(services.JOB_KIND)(services.run_job)
    register_todo(
        Todo(
            "finance.allocation_pending",
            "代收经费待分配",
            services.ALLOCATE,
            queries.pending_count,
            "finance:allocation_run",
            order=62,
        )
    )


def register_collections() -> None:
    """Collections: the tax file's import kind, exports, to-dos (rows to match), audit labels
    (services.collections registers them on import), the menu item."""
    from django.urls import reverse

    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, register_import_kind
    from gonghui.core.registry import MenuItem, Todo, register_menu, register_todo

    from .exports.collections import COLLECTION_EXPORTS
    from .importers.collections import CollectionImporter
    from .queries import collections as queries

    register_menu(
        MenuItem(
            "finance",
            "finance_collections",
            "税务代收",
            "finance:collection_list",
            "finance.view",
            10,
        )
    )
    for spec in COLLECTION_EXPORTS:
        register_list_export(spec)
    register_actions({"finance.collection.exported": "导出代收记录"})
    register_import_kind(
        ImportKindSpec(
            kind=CollectionImporter.kind,
            label="税务代收工会经费",
            permission="finance.collections.import",
            importer=CollectionImporter,
            help=(
                "税务部门的代收明细：需有「统一社会信用代码」「单位名称」「所属期」「工资总额」"
                "「代收金额」「代收日期」「经费类型」（工会经费或工会筹备金），可有「税票号」。"
                "按信用代码匹配用人单位，未登记的单位列为待匹配；同一单位、所属期和经费类型"
                "再次导入相同数据不作改动，金额等不同则冲销原记录后重新登记。"
            ),
            result_links=lambda run, user: [
                ("待匹配单位的代收记录", reverse("finance:collection_list") + "?state=unmatched"),
                ("税务代收列表", reverse("finance:collection_list")),
            ],
        )
    )
    register_todo(
        Todo(
            name="finance.collections_unmatched",
            label="代收记录待匹配单位",
            permission="finance.collections.match",
            count=queries.unmatched_count,
            url="finance:collection_list?state=unmatched",
            order=80,
        )
    )


def register_ledger() -> None:
    """The ledger: audit labels (services.ledger registers its own), exports, expenses."""
    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.registry import MenuItem, register_menu

    from .exports.ledger import ENTRY_EXPORTS

    register_menu(
        MenuItem(
            "finance", "finance_entries", "记账凭证", "finance:entry_list", "finance.view", 50
        ),
        MenuItem(
            "finance", "finance_reports", "经费报表", "finance:report_home", "finance.reports", 60
        ),
    )
    for spec in ENTRY_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "finance.report.viewed": "查看经费报表",
            "finance.entries.exported": "导出记账凭证",
        }
    )


def register_refunds() -> None:
    """Refunds: menu, the bank return's import kind, exports, to-dos (failed refunds, periods
    allocated and not refunded), audit labels. A chair has no to-do: its refunds need nothing
    from it but a bank account, and a failure is told to it as a notification."""
    from django.urls import reverse

    from gonghui.core.audit import register_actions
    from gonghui.core.exports import register_list_export
    from gonghui.core.importing.kinds import ImportKindSpec, ImportTarget, register_import_kind
    from gonghui.core.registry import MenuItem, Todo, register_menu, register_todo

    from .choices import RefundState
    from .exports.refunds import REFUND_EXPORTS
    from .importers.refunds import BankAccountImporter, BankReturnImporter, batch_for_import
    from .models import RefundBatch
    from .queries import refunds as queries

    manage = "finance.refunds.manage"
    register_menu(
        MenuItem(
            "finance", "finance_refunds", "经费返拨", "finance:refund_list", "finance.view", 40
        ),
        MenuItem("finance", "finance_batches", "返拨批次", "finance:batch_list", manage, 41),
        MenuItem(
            "finance",
            "finance_bank_accounts",
            "工会经费账户",
            "finance:bank_account_list",
            "finance.view",
            45,
        ),
    )
    for spec in REFUND_EXPORTS:
        register_list_export(spec)
    register_actions(
        {
            "finance.bank_account.created": "登记工会经费账户",
            "finance.bank_account.updated": "修改工会经费账户",
            "finance.refund_batch.created": "生成经费返拨批次",
            "finance.refund_batch.downloaded": "下载经费返拨银行代发表",
            "finance.refund_batch.returned": "导入经费返拨银行回盘",
            "finance.refund.paid": "经费返拨到账",
            "finance.refund.failed": "经费返拨失败",
            "finance.refunds.exported": "导出经费返拨",
            "finance.refund_batches.exported": "导出经费返拨批次",
            "finance.due_unpaid.exported": "导出应返未返经费",
        }
    )
    register_import_kind(
        ImportKindSpec(
            kind=BankReturnImporter.kind,
            label="经费返拨银行回盘",
            permission=manage,
            importer=BankReturnImporter,
            target=ImportTarget(
                field="batch",
                label="经费返拨批次",
                choices=queries.batch_choices,
                resolve=batch_for_import,
                load=lambda pk: RefundBatch.objects.get(pk=pk),
                path=lambda row: row.org_path,
                help="回盘只匹配所选批次中的经费返拨。",
            ),
            help=(
                "需有「申请编号」（返拨编号）「结果」两列：结果填成功或失败（或1/0）；"
                "可有「失败原因」「日期」。每笔返拨只能出现一行；成功的同时记账。"
            ),
            result_links=lambda run, user: (
                [("经费返拨批次", reverse("finance:batch_detail", args=[run.target_id]))]
                if run.target_id
                else []
            ),
            full_permission="finance.view_full_id",
        )
    )
    register_import_kind(
        ImportKindSpec(
            kind=BankAccountImporter.kind,
            label="工会经费账户",
            permission="finance.bank_accounts.manage",
            importer=BankAccountImporter,
            help=(
                "需有「工会」（基层工会全称或统一社会信用代码）「户名」「开户银行」「银行账号」"
                "四列（银行账号一列请设为文本格式）。已有账户的工会按本行更正。"
            ),
            result_links=lambda run, user: [("工会经费账户", reverse("finance:bank_account_list"))],
            full_permission="finance.view_full_id",
        )
    )
    register_todo(
        Todo(
            name="finance.refunds_failed",
            label="经费返拨失败待重新返拨",
            permission=manage,
            count=queries.failed_count,
            url=f"finance:refund_list?state={RefundState.FAILED}&retry=1",
            order=80,
            tone="urgent",
        )
    )
    register_todo(
        Todo(
            name="finance.periods_to_refund",
            label="已分配待返拨的所属期",
            permission=manage,
            count=queries.periods_to_refund_count,
            url="finance:batch_create",
            order=81,
        )
    )
