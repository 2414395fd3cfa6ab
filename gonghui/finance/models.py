"""Union finance (FUND-1…3): the tax bureau's collections of the union fund, their allocation
by dated rules, an append-only double-entry ledger, refunds to the grassroots unions.

- An `AllocationRule` holds every share of one period (domain-rules §3: none is a constant):
  the paying unit's union, each upper level, how the district's retained share is split, and
  the days a union's refund is due after the collection. A collection is allocated by the
  rule in force on its `collected_on`; a rule with allocations keeps its figures.
- A `Collection` is one row of the tax bureau's file (employer, period, kind, payroll base,
  amount, date). Its money columns are never updated (the database refuses it): a corrected
  file reverses the row (a negative row that `reverses` it) and adds the new one.
- An `Allocation` is a collection split into its parts (`choices.Part`), exactly: the parts
  sum to the amount (core.money.allocate). Inserted once, never changed.
- The ledger: `Account`s (科目) held by organizations; a `LedgerEntry` (凭证) is a balanced set
  of `LedgerLine`s (分录, debit or credit). Both are append-only in the ORM and the database
  (core.appendonly); a correction is a reversing entry with a reason.
- A `RefundBatch` is one period's refunds to the unions (a payment list for the bank, its
  return through core.importing.bank_return); a `RefundLine` is one union's share plus its
  extra refund. `UnionBankAccount` is where a union is paid.

Scope: a collection is its employer's (`Employer.org_path`: its union, else its town); an
account, a refund line and a bank account are their organization's; a batch the district's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.appendonly import AppendOnlyModel
from gonghui.core.identity import account_columns
from gonghui.core.models import ScopedModel, TimeStampedModel, VersionedModel
from gonghui.core.money import ZERO, MoneyField

from .choices import (
    AccountKind,
    CollectionState,
    EntryKind,
    FundKind,
    Program,
    RefundBatchState,
    RefundState,
    UpperLevel,
)

ORG = "orgs.Organization"
USER = settings.AUTH_USER_MODEL


def Percent(label: str, default: int = 0) -> models.DecimalField:  # noqa: N802
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=default)


class AllocationRule(TimeStampedModel, VersionedModel):
    """The shares in force from `effective_from` to `effective_to` (open: until the next)."""

    name = models.CharField("方案名称", max_length=100)
    effective_from = models.DateField("生效日期", unique=True)
    effective_to = models.DateField("截止日期", null=True, blank=True)
    # Of the amount collected (sum 100).
    share_union = Percent("缴费单位工会留成（%）", 60)
    share_town = Percent("镇街（系统）工会（%）")
    share_district = Percent("区总工会（区级留成，%）")
    share_city = Percent("市总工会（%）")
    share_province = Percent("省总工会（%）")
    share_national = Percent("全国总工会（%）")
    # Of the district's retained share (sum 100).
    retained_district = Percent("区级留成：区总工会（%）", 100)
    retained_town = Percent("区级留成：镇街（系统）工会（%）")
    retained_refund = Percent("区级留成：额外返还缴费单位（%）")
    refund_due_days = models.PositiveSmallIntegerField("返拨期限（代收后天数）", default=30)
    is_demo = models.BooleanField("演示数据（非真实标准）", default=False)
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "分配方案"

    def __str__(self) -> str:
        return self.name


class Collection(ScopedModel):
    """One row of the tax bureau's collection file (税务代收)."""

    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    employer_name = models.CharField("单位名称（代收文件）", max_length=150)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collections",
        verbose_name="用人单位",
        db_index=False,  # the (employer, period) index serves it; each index slows the import
    )
    fund_kind = models.CharField("经费类型", max_length=20, choices=FundKind)
    period = models.DateField("所属期（月）")  # the first day of the month
    payroll = MoneyField("工资总额（计征基数）", default=ZERO)
    amount = MoneyField("代收金额")
    collected_on = models.DateField("代收日期")
    voucher_no = models.CharField("税票号", max_length=40, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=CollectionState, default=CollectionState.UNMATCHED
    )
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name="冲销的代收记录",
    )
    reason = models.CharField("冲销原因", max_length=200, blank=True)
    run = models.ForeignKey(
        "importing.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入批次",
        db_index=False,  # never looked up by run; an index costs every imported row
    )
    # The voucher that booked the row: its import batch's, or its manual reversal's.
    entry = models.ForeignKey(
        "LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collections",
        verbose_name="代收凭证",
        db_index=False,  # read from the row; an index costs every imported row (FUND-1 bench)
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # Set by the database when the row's Allocation is inserted (a trigger, migration 0003),
    # so "not allocated yet" is read from a small partial index instead of an anti-join
    # over every collection (the allocation run and the home page's to-do).
    allocated_at = models.DateTimeField("分配时间", null=True, blank=True, editable=False)

    # Never updated: the database refuses it (migration 0002). A row is reversed, not edited.
    MONEY_COLUMNS = ("uscc", "fund_kind", "period", "payroll", "amount", "collected_on")

    class Meta:
        ordering = ["-period", "uscc", "id"]
        verbose_name = "代收记录"
        constraints = [
            # One standing row per employer, month and kind: a corrected file reverses it.
            models.UniqueConstraint(
                fields=["uscc", "period", "fund_kind"],
                condition=Q(reverses__isnull=True) & ~Q(state=CollectionState.REVERSED),
                name="collection_standing_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "state"]),
            models.Index(fields=["employer", "period"]),
            models.Index(fields=["collected_on"]),
            # Each holds the few rows waiting for staff or for the run, never the year's.
            models.Index(
                fields=["id"], condition=Q(allocated_at__isnull=True), name="collection_unallocated"
            ),
            models.Index(
                fields=["org_path"],
                condition=Q(state=CollectionState.UNMATCHED),
                name="collection_unmatched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name} {self.period:%Y-%m} {self.get_fund_kind_display()}"


class Allocation(AppendOnlyModel):
    """A collection split by its rule into parts that sum to its amount (never changed)."""

    # Seen through its collection (a town sees its employers' allocations): no path of its own.
    SCOPE_FIELDS = ("collection__org_path",)

    collection = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="allocation", verbose_name="代收记录"
    )
    rule = models.ForeignKey(
        AllocationRule,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name="分配方案",
    )
    union = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="返拨工会",
        db_index=False,  # (union, period) serves it; each index costs 600,000 rows a year
    )
    town = models.ForeignKey(
        ORG,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="镇街（系统）工会",
        db_index=False,  # (town, period) serves it
    )
    fund_kind = models.CharField("经费类型", max_length=20, choices=FundKind)
    period = models.DateField("所属期（月）")
    collected_on = models.DateField("代收日期")
    refund_due_on = models.DateField("返拨期限")
    amount = MoneyField("代收金额")
    union_part = MoneyField("缴费单位工会留成", default=ZERO)
    town_part = MoneyField("镇街（系统）工会", default=ZERO)
    district_part = MoneyField("区总工会", default=ZERO)
    town_retained_part = MoneyField("区级留成分给镇街", default=ZERO)
    extra_refund_part = MoneyField("额外返还缴费单位", default=ZERO)
    city_part = MoneyField("市总工会", default=ZERO)
    province_part = MoneyField("省总工会", default=ZERO)
    national_part = MoneyField("全国总工会", default=ZERO)
    entry = models.ForeignKey(
        "LedgerEntry",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name="凭证",
        db_index=False,  # read from the row, never looked up by voucher in bulk
    )
    created_at = models.DateTimeField(auto_now_add=True)

    PARTS = (
        "union_part",
        "town_part",
        "district_part",
        "town_retained_part",
        "extra_refund_part",
        "city_part",
        "province_part",
        "national_part",
    )

    class Meta:
        ordering = ["-period", "id"]
        verbose_name = "经费分配"
        indexes = [
            models.Index(fields=["union", "period"], name="allocation_union_period"),
            models.Index(fields=["town", "period"]),
        ]

    def __str__(self) -> str:
        return f"分配 {self.collection_id}"


class Account(ScopedModel):
    """One account (科目) of one organization; a balance is the sum of its lines."""

    org = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="finance_accounts", verbose_name="组织"
    )
    kind = models.CharField("科目", max_length=30, choices=AccountKind)
    level = models.CharField("上级工会", max_length=20, choices=UpperLevel, blank=True)
    program = models.CharField("支出项目", max_length=20, choices=Program, blank=True)

    class Meta:
        ordering = ["org_path", "kind", "level", "program"]
        verbose_name = "会计科目"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "level", "program"], name="account_unique"
            ),
        ]

    def __str__(self) -> str:
        detail = self.get_level_display() or self.get_program_display()
        return f"{self.get_kind_display()}{f'（{detail}）' if detail else ''}"


class LedgerEntry(AppendOnlyModel):
    """A voucher (凭证): lines whose debits equal their credits (services.ledger.post)."""

    kind = models.CharField("凭证类型", max_length=20, choices=EntryKind)
    booked_on = models.DateField("记账日期", db_index=True)
    memo = models.CharField("摘要", max_length=200)
    total = MoneyField("金额（借方合计）")
    # What the entry records, once: "collections:<run>", "allocation:<job>:<n>",
    # "refund:<line>", "assistance.grant:<id>"; a second post of the same source is refused.
    source = models.CharField("来源", max_length=80, unique=True, null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name="冲销的凭证",
    )
    reason = models.CharField("冲销原因", max_length=200, blank=True)
    org = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="记账单位"
    )
    # PROTECT, not SET_NULL: nulling it would be an UPDATE the database refuses.
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "-id"]
        verbose_name = "记账凭证"
        indexes = [models.Index(fields=["kind", "booked_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PZ{self.booked_on:%Y}{self.pk:08d}"


class LedgerLine(AppendOnlyModel):
    """One line (分录) of a voucher: a debit or a credit to one account."""

    entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="lines", verbose_name="凭证"
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="lines", verbose_name="科目"
    )
    debit = MoneyField("借方", default=ZERO)
    credit = MoneyField("贷方", default=ZERO)

    class Meta:
        ordering = ["entry_id", "id"]
        verbose_name = "记账分录"
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="ledgerline_one_side",
            ),
        ]
        indexes = [models.Index(fields=["account", "entry"], name="ledgerline_account_entry")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.account_id} {self.debit}/{self.credit}"


class UnionBankAccount(ScopedModel, VersionedModel, account_columns()):
    """Where a grassroots union's refunds are paid (its own basic account)."""

    org = models.OneToOneField(
        ORG, on_delete=models.PROTECT, related_name="bank_account", verbose_name="工会"
    )
    account_name = models.CharField("户名", max_length=120)
    bank_name = models.CharField("开户银行", max_length=100)

    class Meta:
        ordering = ["org_path"]
        verbose_name = "工会经费账户"

    def __str__(self) -> str:
        return f"{self.account_name} {self.bank_name}"


class RefundBatch(ScopedModel):
    """One period's refunds to the unions: a payment list for the bank, and its return."""

    number = models.CharField("批次编号", max_length=20, unique=True)
    period = models.DateField("所属期（月）")
    state = models.CharField(
        "状态", max_length=20, choices=RefundBatchState, default=RefundBatchState.ISSUED
    )
    line_count = models.PositiveIntegerField("笔数", default=0)
    total = MoneyField("合计金额", default=ZERO)
    paid_count = models.PositiveIntegerField("成功笔数", default=0)
    failed_count = models.PositiveIntegerField("失败笔数", default=0)
    issued_on = models.DateField("生成日期")
    returned_on = models.DateField("回盘日期", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = "经费返拨批次"

    def __str__(self) -> str:
        return self.number


class RefundLine(ScopedModel, VersionedModel, account_columns()):
    """One union's refund of one period: its retained share plus the extra refund."""

    batch = models.ForeignKey(
        RefundBatch, on_delete=models.PROTECT, related_name="lines", verbose_name="返拨批次"
    )
    number = models.CharField("返拨编号", max_length=24, unique=True)
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="refund_lines", verbose_name="工会"
    )
    period = models.DateField("所属期（月）")
    name = models.CharField("户名", max_length=120)
    bank_name = models.CharField("开户银行", max_length=100)
    share_amount = MoneyField("留成部分", default=ZERO)
    extra_amount = MoneyField("额外返还部分", default=ZERO)
    amount = MoneyField("返拨金额")
    due_on = models.DateField("返拨期限")
    state = models.CharField(
        "状态", max_length=20, choices=RefundState, default=RefundState.WAITING
    )
    paid_on = models.DateField("返拨日期", null=True, blank=True)
    failure_reason = models.CharField("失败原因", max_length=200, blank=True)
    entry = models.ForeignKey(
        LedgerEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="返拨凭证",
    )

    class Meta:
        ordering = ["batch_id", "number"]
        verbose_name = "经费返拨"
        constraints = [
            models.UniqueConstraint(fields=["batch", "union"], name="refundline_once_a_batch"),
        ]
        indexes = [models.Index(fields=["union", "period"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return self.number

    @property
    def union_id_for_notice(self) -> int:
        return self.union_id
