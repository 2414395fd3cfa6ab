"""The workers' medical mutual-aid plan (CARE-3): plan years with their rules as data,
enrollment of members through their unions, contributions, claims computed by the year's
rules, and the payout lists sent to the bank.

- A `PlanYear` holds every figure of one year's plan (domain-rules §10: none is verified, all
  are settings): the period, the contribution per person, the age limits, the waiting period
  for new enrollees, the claim window, and its `BenefitItem`s (one per kind, each with the
  parameters of its formula in rules.benefits) and, for critical illness, the listed
  `CriticalDisease`s with their lump sums. A claim is computed by its own plan year's rows,
  and keeps its calculation: changing next year's rules never touches this year's claims.
- An `EnrollmentBatch` is one operation of a union (from its roster, an imported list, or one
  person): what it enrolled, what it owes (`amount_due`) and what has been paid
  (`ContributionPayment` rows, entered or imported from the bank). An `Enrollment` is one
  member in one plan year (unique); it counts from `effective_on` (the payment's date, or the
  enrollment's, as the plan says) and its waiting period ends on `waiting_until` (the same
  day for a renewal).
- A `Claim` is one hospital stay or accident of an enrolled member: the event, the bills and
  documents; its `ClaimBenefit` rows are the amounts per benefit item with their calculation
  lines. The yearly caps are sums over the member's committed benefits; `once_key` makes a
  second critical-illness lump sum for the same disease a unique-key violation.
- A `Payout` is the list of approved claims sent to the bank; its return marks each paid or
  failed.

Every row's `org_path` is its union's path (a plan year's: the organizer's).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.identity import account_columns
from gonghui.core.models import ScopedModel, TimeStampedModel, VersionedModel
from gonghui.core.money import ZERO, MoneyField

from .choices import (
    BatchSource,
    BenefitKind,
    ClaimState,
    CountedWhen,
    DocumentKind,
    EnrollmentState,
    EventKind,
    PayoutState,
    PlanState,
)

ORG = "orgs.Organization"
USER = settings.AUTH_USER_MODEL


class PlanYear(ScopedModel, VersionedModel):
    """One year of the plan with all its figures (domain-rules §10, every one a setting)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("计划名称", max_length=100)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="主办工会"
    )
    starts_on = models.DateField("保障期开始")
    ends_on = models.DateField("保障期结束")
    enroll_closes_on = models.DateField("参保截止日期", null=True, blank=True)
    contribution = MoneyField("每人缴费")
    # The statutory retirement ages by default; a member at or over the limit on the day
    # they are enrolled is refused.
    age_limit_male = models.PositiveSmallIntegerField("男职工年龄上限", default=60)
    age_limit_female = models.PositiveSmallIntegerField("女职工年龄上限", default=50)
    waiting_days = models.PositiveSmallIntegerField("新参保观察期（天）", default=90)
    claim_window_days = models.PositiveSmallIntegerField("申请时限（出院后天数）", default=365)
    counted_when = models.CharField(
        "参保生效", max_length=20, choices=CountedWhen, default=CountedWhen.PAID
    )
    state = models.CharField("状态", max_length=20, choices=PlanState, default=PlanState.DRAFT)
    # The demo's figures are invented (domain-rules §10); pages label such a year.
    is_demo = models.BooleanField("演示数据（非真实标准）", default=False)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="上一年度",
    )
    note = models.TextField("说明", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "互助保障计划年度"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plan_year_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BenefitItem(TimeStampedModel):
    """One benefit of a plan year and the parameters of its formula (rules.benefits).

    Inpatient and accident: (own cost − deductible) × ratio, capped per claim and per year.
    Critical illness: the listed disease's lump sum, once per disease in the year."""

    plan = models.ForeignKey(
        PlanYear, on_delete=models.CASCADE, related_name="items", verbose_name="计划年度"
    )
    kind = models.CharField("互助项目", max_length=20, choices=BenefitKind)
    name = models.CharField("名称", max_length=50)
    deductible = MoneyField("起付金额", default=ZERO)
    ratio = models.DecimalField("资助比例", max_digits=5, decimal_places=4, default=0)
    per_claim_cap = MoneyField("每次上限", null=True, blank=True)
    yearly_cap = MoneyField("年度上限", null=True, blank=True)
    waiting_applies = models.BooleanField("适用观察期", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "互助项目"
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="benefit_item_per_kind"),
            models.CheckConstraint(
                condition=Q(ratio__gte=0, ratio__lte=1), name="benefit_item_ratio"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CriticalDisease(TimeStampedModel):
    """A disease listed under a plan year's critical-illness item, with its lump sum."""

    item = models.ForeignKey(
        BenefitItem, on_delete=models.CASCADE, related_name="diseases", verbose_name="互助项目"
    )
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("病种", max_length=60)
    amount = MoneyField("资助金额")

    class Meta:
        ordering = ["item", "id"]
        verbose_name = "重大疾病病种"
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="critical_disease_code"),
            models.UniqueConstraint(fields=["item", "name"], name="critical_disease_name"),
        ]

    def __str__(self) -> str:
        return self.name


class EnrollmentBatch(ScopedModel):
    """One enrollment operation of a union for a plan year, and the contribution it owes."""

    number = models.CharField("批次编号", max_length=20, unique=True)
    plan = models.ForeignKey(
        PlanYear, on_delete=models.PROTECT, related_name="batches", verbose_name="计划年度"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="参保工会"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    source = models.CharField("方式", max_length=20, choices=BatchSource)
    enrolled_on = models.DateField("登记日期")
    enrolled_count = models.PositiveIntegerField("参保人数", default=0)
    renewal_count = models.PositiveIntegerField("其中续保", default=0)
    refused_count = models.PositiveIntegerField("未参保人数", default=0)
    # The people refused and why: [{"member": id, "name": ..., "reason": ...}], capped.
    refusals = models.JSONField("未参保原因", default=list, blank=True)
    amount_due = MoneyField("应缴金额", default=ZERO)
    amount_paid = MoneyField("已缴金额", default=ZERO)
    paid_on = models.DateField("缴清日期", null=True, blank=True)
    run = models.ForeignKey(
        "importing.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入",
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        verbose_name = "参保批次"
        indexes = [models.Index(fields=["plan", "union"], name="enroll_batch_plan_union")]

    def __str__(self) -> str:
        return self.number


class ContributionPayment(ScopedModel):
    """Money a union paid towards a batch's contribution (entered, or from the bank's file)."""

    batch = models.ForeignKey(
        EnrollmentBatch, on_delete=models.PROTECT, related_name="payments", verbose_name="批次"
    )
    amount = MoneyField("金额")
    paid_on = models.DateField("到账日期")
    reference = models.CharField("凭证号", max_length=60, blank=True)
    run = models.ForeignKey(
        "importing.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入",
    )
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = "缴费记录"

    def __str__(self) -> str:
        return f"{self.batch} {self.amount}"


class Enrollment(ScopedModel):
    """One member in one plan year."""

    plan = models.ForeignKey(
        PlanYear, on_delete=models.PROTECT, related_name="enrollments", verbose_name="计划年度"
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="mutualaid_enrollments",
        verbose_name="会员",
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="参保工会"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    batch = models.ForeignKey(
        EnrollmentBatch, on_delete=models.PROTECT, related_name="enrollments", verbose_name="批次"
    )
    state = models.CharField(
        "状态", max_length=20, choices=EnrollmentState, default=EnrollmentState.PENDING
    )
    is_renewal = models.BooleanField("续保", default=False)
    enrolled_on = models.DateField("登记日期")
    # Set when the enrollment starts to count (plan.counted_when); NULL while pending.
    effective_on = models.DateField("生效日期", null=True, blank=True)
    waiting_until = models.DateField("观察期至", null=True, blank=True)
    cancelled_on = models.DateField("退保日期", null=True, blank=True)
    contribution = MoneyField("缴费金额")

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        verbose_name = "参保记录"
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="enrollment_once_a_year")
        ]
        indexes = [
            models.Index(fields=["plan", "org_path"], name="enrollment_plan_scope"),
            models.Index(fields=["plan", "effective_on"], name="enrollment_plan_effective"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}年 {self.member_id}"


class Payout(ScopedModel):
    """A list of approved claims sent to the bank (发放名单), and what its return said."""

    number = models.CharField("名单编号", max_length=20, unique=True)
    plan = models.ForeignKey(
        PlanYear, on_delete=models.PROTECT, related_name="payouts", verbose_name="计划年度"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    state = models.CharField("状态", max_length=20, choices=PayoutState, default=PayoutState.ISSUED)
    claim_count = models.PositiveIntegerField("笔数", default=0)
    total = MoneyField("合计金额", default=ZERO)
    paid_count = models.PositiveIntegerField("成功笔数", default=0)
    failed_count = models.PositiveIntegerField("失败笔数", default=0)
    issued_on = models.DateField("生成日期")
    returned_on = models.DateField("回盘日期", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "互助金发放名单"

    def __str__(self) -> str:
        return self.number


class Claim(ScopedModel, VersionedModel, account_columns()):
    """One hospital stay or accident of an enrolled member, from entry to payment."""

    number = models.CharField("申请编号", max_length=20, unique=True)
    plan = models.ForeignKey(
        PlanYear, on_delete=models.PROTECT, related_name="claims", verbose_name="计划年度"
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="claims", verbose_name="参保记录"
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="mutualaid_claims",
        verbose_name="会员",
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="申请工会"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    name = models.CharField("姓名", max_length=50)
    event_kind = models.CharField("类别", max_length=20, choices=EventKind)
    event_on = models.DateField("发病或受伤日期")
    admitted_on = models.DateField("入院日期", null=True, blank=True)
    discharged_on = models.DateField("出院日期", null=True, blank=True)
    hospital = models.CharField("医院", max_length=100)
    diagnosis = models.CharField("诊断", max_length=200)
    disease = models.ForeignKey(
        CriticalDisease,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name="重大疾病病种",
    )
    total_cost = MoneyField("医疗总费用")
    insurance_paid = MoneyField("基本医保支付", default=ZERO)
    own_cost = MoneyField("个人自付")
    bank_name = models.CharField("开户银行", max_length=60, blank=True)
    # account, account_hash, account_last4: core.identity.account_columns
    state = models.CharField(
        "状态", max_length=20, choices=ClaimState, default=ClaimState.SUBMITTED, db_index=True
    )
    submitted_on = models.DateField("申请日期")
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The benefit as computed (sum of the ClaimBenefit rows) and why it is less than asked.
    amount = MoneyField("核定金额", default=ZERO)
    reasons = models.JSONField("扣减或不予资助原因", default=list, blank=True)
    reviewed_on = models.DateField("镇街审核日期", null=True, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True, db_index=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    failure_reason = models.CharField("发放失败原因", max_length=200, blank=True)
    payout = models.ForeignKey(
        Payout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        verbose_name="发放名单",
    )

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "互助金申请"
        indexes = [
            models.Index(fields=["plan", "state"], name="claim_plan_state"),
            models.Index(fields=["org_path", "paid_on"], name="claim_scope_paid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class ClaimBenefit(ScopedModel):
    """What a claim gets under one benefit item, with its calculation line by line."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="benefits")
    item = models.ForeignKey(
        BenefitItem, on_delete=models.PROTECT, related_name="benefits", verbose_name="互助项目"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("互助项目", max_length=20, choices=BenefitKind)
    amount = MoneyField("金额")
    lines = models.JSONField("计算过程", default=list)
    # "<member id>:<disease code>" while the claim is committed (COMMITTED_CLAIM_STATES) for a
    # critical-illness lump sum, else NULL: unique with the item, so it is paid once.
    once_key = models.CharField(max_length=60, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["claim", "item__order"]
        verbose_name = "互助金计算"
        constraints = [
            models.UniqueConstraint(fields=["claim", "item"], name="claim_benefit_per_item"),
            models.UniqueConstraint(fields=["item", "once_key"], name="critical_paid_once"),
        ]
        indexes = [models.Index(fields=["member", "item"], name="claim_benefit_member_item")]

    def __str__(self) -> str:
        return f"{self.claim} {self.item}"


class ClaimDocument(ScopedModel):
    """A document of a claim, checked by its content and stored sealed (core.uploads)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("材料类别", max_length=30, choices=DocumentKind)
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "申请材料"

    def __str__(self) -> str:
        return self.original_name
