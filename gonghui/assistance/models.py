"""Worker assistance (CARE-1, CARE-2, CARE-4): hardship files, programs with budgets, grants
paid once, and recorded services with their beneficiaries.

- A `HardshipFile` is a household's file (困难职工档案): the figures its category is judged
  by (`rules.hardship_category`, with the town's `LivingStandard` in force), the people
  living together, documents, home visits, the exit after a public notice and follow-up.
  A person has at most one open file: the database refuses a second (`hardship_one_open_file`).
- A `Program` (春送岗位, 夏送清凉, 金秋助学, 冬送温暖 …) has a `ProgramKind`, a year, a
  budget split to towns (`ProgramBudget`), who it is for as data (`eligibility`) and a
  standard amount or a cap. A `Grant` is money to one person under a program, applied for
  by a union and approved up the tree; `once_key` makes "paid twice in one program" a
  unique-key violation, whatever two approvers do at the same moment.
- A `Disbursement` is the list sent to the bank; its return marks each grant paid or failed.
- A `ServiceRecord` is a service given (health checks, condolence visits, employment
  guidance, mixers) or an in-kind delivery under a program (cooling supplies to a site,
  periodicals to unions), with named `ServiceBeneficiary` rows or a head count.

RIC, phone and bank account are stored encrypted with a keyed hash (core.identity), as
members.Member. Every row's `org_path` is its union's (a budget's: its town's) path.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.identity import account_columns, phone_columns, ric_columns
from gonghui.core.models import ScopedModel, TimeStampedModel, VersionedModel
from gonghui.core.money import ZERO, MoneyField

from .choices import (
    OPEN_FILE_STATES,
    AccidentEvent,
    DisbursementState,
    DocumentKind,
    Eligibility,
    FileState,
    GrantState,
    HardshipCategory,
    HardshipCause,
    Recipient,
    Relation,
    ServiceKind,
    VisitKind,
)

ORG = "orgs.Organization"


class LivingStandard(ScopedModel):
    """A town's minimum living standard (低保标准) from a day on: a file is judged by the one
    in force on the day it is judged (rules.standard_on)."""

    town = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+", verbose_name="镇街")
    effective_from = models.DateField("执行日期")
    monthly_amount = MoneyField("每人每月标准（元）")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["town_id", "-effective_from"]
        verbose_name = "最低生活保障标准"
        constraints = [
            models.UniqueConstraint(
                fields=["town", "effective_from"], name="living_standard_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d} {self.monthly_amount}"


class HardshipFile(ScopedModel, VersionedModel, ric_columns(), phone_columns()):
    """One household's hardship file (CARE-1), opened by a grassroots or town union."""

    number = models.CharField("档案编号", max_length=20, unique=True)
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="建档工会"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hardship_files",
        verbose_name="会员",
    )
    name = models.CharField("姓名", max_length=50)
    employer_name = models.CharField("工作单位", max_length=150, blank=True)
    is_migrant_worker = models.BooleanField("农民工", default=False)
    employed_since = models.DateField("现单位入职日期", null=True, blank=True)
    household_size = models.PositiveSmallIntegerField("共同生活人数", default=1)
    annual_income = MoneyField("家庭年可支配收入", default=ZERO)
    essential_expenses = MoneyField("家庭年刚性支出", default=ZERO)
    hardship_costs = MoneyField("当年致困支出", default=ZERO)
    accident_event = models.CharField(
        "意外事件", max_length=20, choices=AccidentEvent, default=AccidentEvent.NONE, blank=True
    )
    cause = models.CharField("致困原因", max_length=20, choices=HardshipCause)
    situation = models.TextField("困难情况", max_length=2000, blank=True)
    # What the rules found when the file was judged (opened, reviewed yearly): kept, so a
    # later change of the standard does not change a past judgement.
    per_head_monthly = MoneyField("人均月收入", default=ZERO)
    living_standard = MoneyField("适用低保标准", default=ZERO)
    category = models.CharField("困难类别", max_length=20, choices=HardshipCategory)
    judged_on = models.DateField("认定日期")
    state = models.CharField(
        "状态", max_length=20, choices=FileState, default=FileState.SUBMITTED, db_index=True
    )
    contact_name = models.CharField("帮扶联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系人电话", max_length=20, blank=True)
    opened_on = models.DateField("建档日期")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField("镇街审核日期", null=True, blank=True)
    approved_on = models.DateField("区审批日期", null=True, blank=True)
    rejection_reason = models.CharField("未通过原因", max_length=300, blank=True)
    last_visit_on = models.DateField("最近走访日期", null=True, blank=True)
    visit_due = models.DateField("下次走访期限", null=True, blank=True, db_index=True)
    review_due = models.DateField("年度复核期限", null=True, blank=True, db_index=True)
    exit_reason = models.CharField("退档理由", max_length=300, blank=True)
    exit_notice_from = models.DateField("公示开始", null=True, blank=True)
    exit_notice_until = models.DateField("公示截止", null=True, blank=True)
    exited_on = models.DateField("退档日期", null=True, blank=True)
    follow_up_until = models.DateField("回访期至", null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="此前档案",
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "困难职工档案"
        constraints = [
            models.UniqueConstraint(
                fields=["ric_hash"],
                condition=Q(state__in=list(OPEN_FILE_STATES)),
                name="hardship_one_open_file",
            )
        ]
        indexes = [models.Index(fields=["org_path", "state", "category"], name="hardship_scope")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class HouseholdMember(TimeStampedModel):
    """A person living together with the worker (共同生活的家庭成员)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("关系", max_length=20, choices=Relation)
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    situation = models.CharField("情况", max_length=200, blank=True)  # 在读、患病、无业 …

    class Meta:
        ordering = ["id"]
        verbose_name = "共同生活人员"


class HomeVisit(ScopedModel):
    """A home visit, a yearly review or a follow-up after exit (帮扶走访、年度复核、回访)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField("类别", max_length=20, choices=VisitKind, default=VisitKind.VISIT)
    visited_on = models.DateField("日期")
    visitor = models.CharField("走访人", max_length=50)
    note = models.TextField("情况记录", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "帮扶走访"


class ProgramKind(TimeStampedModel):
    """A kind of program: the report's brands (built in, codes fixed) and kinds staff add."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    builtin = models.BooleanField("内置", default=False, editable=False)
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "帮扶项目类别"

    def __str__(self) -> str:
        return self.name


class Program(ScopedModel, VersionedModel):
    """A year's program (CARE-2): budget, who it is for, how much a person gets."""

    kind = models.ForeignKey(
        ProgramKind, on_delete=models.PROTECT, related_name="programs", verbose_name="类别"
    )
    name = models.CharField("项目名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="主办工会"
    )
    budget = MoneyField("预算", default=ZERO)
    eligibility = models.CharField(
        "资助对象", max_length=20, choices=Eligibility, default=Eligibility.ANY_MEMBER
    )
    # For Eligibility.HARDSHIP_FILE: the categories admitted; empty admits every category.
    hardship_categories = models.JSONField("困难类别", default=list, blank=True)
    standard_amount = MoneyField("标准金额", null=True, blank=True)
    cap_amount = MoneyField("每人上限", null=True, blank=True)
    once_per_person = models.BooleanField("每人限领一次", default=True)
    opens_on = models.DateField("申报开始", null=True, blank=True)
    closes_on = models.DateField("申报截止", null=True, blank=True)
    is_open = models.BooleanField("接受申报", default=True)
    description = models.TextField("说明", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "kind__order", "id"]
        verbose_name = "帮扶项目"
        constraints = [
            models.UniqueConstraint(fields=["organizer", "year", "name"], name="program_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class ProgramBudget(ScopedModel, VersionedModel):
    """A town's share of a program's budget; the approvals of the town's grants are checked
    against it under a lock on this row (services.grants)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budgets")
    town = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+", verbose_name="镇街")
    amount = MoneyField("分配预算", default=ZERO)

    class Meta:
        ordering = ["program_id", "town_id"]
        verbose_name = "项目预算分配"
        constraints = [
            models.UniqueConstraint(fields=["program", "town"], name="program_budget_per_town")
        ]


class Disbursement(ScopedModel):
    """A disbursement list sent to the bank (发放名单), and what its return said."""

    number = models.CharField("名单编号", max_length=20, unique=True)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="disbursements", verbose_name="项目"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    state = models.CharField(
        "状态", max_length=20, choices=DisbursementState, default=DisbursementState.ISSUED
    )
    grant_count = models.PositiveIntegerField("笔数", default=0)
    total = MoneyField("合计金额", default=ZERO)
    paid_count = models.PositiveIntegerField("成功笔数", default=0)
    failed_count = models.PositiveIntegerField("失败笔数", default=0)
    issued_on = models.DateField("生成日期")
    returned_on = models.DateField("回盘日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "发放名单"

    def __str__(self) -> str:
        return self.number


class Grant(ScopedModel, VersionedModel, ric_columns(), phone_columns(), account_columns()):
    """Money to one person under a program (帮扶/救助/慰问), from application to payment."""

    number = models.CharField("申请编号", max_length=20, unique=True)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="grants", verbose_name="项目"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="申请工会"
    )
    town = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
        verbose_name="会员",
    )
    hardship_file = models.ForeignKey(
        HardshipFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name="困难职工档案",
    )
    name = models.CharField("姓名", max_length=50)
    # School aid (金秋助学): the child and the school that admitted them this year.
    child_name = models.CharField("子女姓名", max_length=50, blank=True)
    school = models.CharField("录取学校", max_length=100, blank=True)
    admission_year = models.PositiveSmallIntegerField("入学年份", null=True, blank=True)
    amount = MoneyField("金额")
    reason = models.CharField("申请理由", max_length=500, blank=True)
    bank_name = models.CharField("开户银行", max_length=60, blank=True)
    # account, account_hash, account_last4: core.identity.account_columns
    state = models.CharField(
        "状态", max_length=20, choices=GrantState, default=GrantState.SUBMITTED, db_index=True
    )
    submitted_on = models.DateField("申请日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField("镇街审核日期", null=True, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True, db_index=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    failure_reason = models.CharField("发放失败原因", max_length=200, blank=True)
    disbursement = models.ForeignKey(
        Disbursement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
        verbose_name="发放名单",
    )
    # The person's RIC hash while the grant is approved or paid in a program paid once per
    # person, else NULL: unique with the program, so a second payment cannot be committed.
    once_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "帮扶资金"
        constraints = [
            models.UniqueConstraint(fields=["program", "once_key"], name="grant_paid_once"),
        ]
        indexes = [
            models.Index(fields=["program", "state"], name="grant_program_state"),
            models.Index(fields=["org_path", "paid_on"], name="grant_scope_paid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Document(ScopedModel):
    """A document of a hardship file or a grant application, checked by its content and
    stored sealed (core.uploads); downloaded only through core.downloads."""

    file = models.ForeignKey(
        HardshipFile, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("材料类别", max_length=30, choices=DocumentKind)
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "证明材料"
        constraints = [
            models.CheckConstraint(
                condition=Q(file__isnull=False, grant__isnull=True)
                | Q(file__isnull=True, grant__isnull=False),
                name="document_of_a_file_or_a_grant",
            )
        ]


class ServiceRecord(ScopedModel, VersionedModel):
    """A service given or goods delivered (CARE-4, in-kind CARE-2), with its beneficiaries
    named (`beneficiaries`, then `head_count` is their number) or counted (`head_count`)."""

    number = models.CharField("编号", max_length=20, unique=True)
    kind = models.CharField("类别", max_length=30, choices=ServiceKind, db_index=True)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="所属项目",
    )
    title = models.CharField("名称", max_length=120)
    held_on = models.DateField("日期", db_index=True)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    recipient = models.CharField("对象", max_length=20, choices=Recipient, default=Recipient.PEOPLE)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="用人单位",
    )
    recipient_union = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="受赠工会",
    )
    site = models.CharField("工地或场所", max_length=150, blank=True)
    item = models.CharField("物品", max_length=100, blank=True)
    quantity = models.PositiveIntegerField("数量", default=0)
    value = MoneyField("物品价值", default=ZERO)
    amount = MoneyField("慰问金或补助金额", default=ZERO)
    head_count = models.PositiveIntegerField("受益人数", default=0)
    named = models.BooleanField("逐人登记", default=False, editable=False)
    note = models.TextField("情况", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "服务记录"
        indexes = [models.Index(fields=["org_path", "kind", "held_on"], name="service_scope")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ServiceBeneficiary(ScopedModel, ric_columns()):
    """A named beneficiary of a service record (a member, or a worker by RIC)."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="beneficiaries"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    amount = MoneyField("金额", default=ZERO)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "受益职工"
        constraints = [
            models.UniqueConstraint(
                fields=["record", "ric_hash"],
                condition=~Q(ric_hash=""),
                name="service_beneficiary_once",
            )
        ]
