"""Rights protection (RIGHTS-1…5): cases, parties, notes, attachments, stations, lawyers and
legal-service events. Notifications about cases are `core.Notification` rows (core.notify).

A collective visit is one Case (a batch) with `visitors` (person-visits) and
`workers_involved`; the report's figures are sums of these fields (rights.queries).
RIC and phone are stored encrypted with a keyed hash for lookup, with the columns of
core.identity, like members.Member.
"""

import datetime

from django.conf import settings
from django.db import models

from gonghui.core.identity import phone_columns, ric_columns
from gonghui.core.models import ScopedModel, VersionedModel
from gonghui.core.money import ZERO, MoneyField

from .choices import (
    CaseKind,
    CaseState,
    Channel,
    EventKind,
    NoteKind,
    Outcome,
    ReviewLevel,
    Subject,
)


class Station(ScopedModel, VersionedModel):
    """A legal-aid station (法律援助工作站), one per town; scoped to the town's path."""

    name = models.CharField("名称", max_length=120)
    town = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="所在镇街"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["org_path", "name"]
        verbose_name = "法律援助工作站"

    def __str__(self) -> str:
        return self.name


class LawFirm(ScopedModel, VersionedModel):
    """A law firm of the district's lawyer panel (律师团); scoped to the district."""

    name = models.CharField("律师事务所", max_length=120)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    contract_until = models.DateField("服务协议至", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "律师事务所"

    def __str__(self) -> str:
        return self.name


class Lawyer(ScopedModel, VersionedModel):
    """A panel lawyer with a login of role `lawyer`; sees only the cases assigned to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lawyer_profile"
    )
    name = models.CharField("姓名", max_length=50)
    firm = models.ForeignKey(
        LawFirm, on_delete=models.PROTECT, related_name="lawyers", verbose_name="律师事务所"
    )
    station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lawyers",
        verbose_name="驻点工作站",
    )
    license_no = models.CharField("执业证号", max_length=30, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "律师"

    def __str__(self) -> str:
        return self.name


class Case(ScopedModel, VersionedModel, phone_columns("contact_phone", "联系电话")):
    """One petition, consultation, complaint, legal-aid or labor-dispute case.

    `org_path` is the handling town (the employer's town, the assigned station's town) or
    the district when unknown. Deadlines are dates computed by rights.deadlines from the
    settings when the case is registered, accepted or extended.
    """

    number = models.CharField("编号", max_length=20, unique=True)
    tracking_code = models.CharField("查询码", max_length=12, unique=True, null=True, blank=True)
    kind = models.CharField("类别", max_length=20, choices=CaseKind)
    channel = models.CharField("渠道", max_length=20, choices=Channel)
    subject = models.CharField("事项", max_length=20, choices=Subject, default=Subject.OTHER)
    state = models.CharField(
        "状态", max_length=20, choices=CaseState, default=CaseState.REGISTERED, db_index=True
    )
    received_on = models.DateField("收到日期", db_index=True)
    summary = models.TextField("情况", max_length=5000)
    town = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属镇街",
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="用人单位",
    )
    employer_name = models.CharField("用人单位名称", max_length=150, blank=True)
    amount_claimed = MoneyField("争议金额", default=ZERO)
    amount_recovered = MoneyField("追回金额", default=ZERO)
    visitors = models.PositiveIntegerField("来访人次", default=1)
    workers_involved = models.PositiveIntegerField("涉及职工人数", default=1)
    infringement_known_on = models.DateField("知道权益受侵害日期", null=True, blank=True)
    wage_claim_ongoing = models.BooleanField("在职追索工资（不受仲裁时效限制）", default=False)
    contact_name = models.CharField("联系人", max_length=50)
    # contact_phone, contact_phone_hash, contact_phone_last4: core.identity.phone_columns
    # When the worker agreed to the personal-information notice online (PIPL Art. 29/30,
    # domain-rules §12); empty for a case staff registered from a visit, letter or call.
    consent_at = models.DateTimeField("同意个人信息处理告知时间", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accept_due = models.DateField("受理期限", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    conclude_due = models.DateField("办结期限", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    decline_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    lawyer = models.ForeignKey(
        Lawyer, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    assigned_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="承办工会",
    )
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome, blank=True)
    conclusion = models.TextField("办结意见", max_length=5000, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    concluded_in_time = models.BooleanField("按期办结", null=True)
    overdue_since = models.DateField("超期日期", null=True, blank=True)
    feedback = models.TextField("职工评价", max_length=2000, blank=True)
    satisfied = models.BooleanField("是否满意", null=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    review_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="原信访案件",
    )
    review_level = models.PositiveSmallIntegerField(
        "复查层级", choices=ReviewLevel, default=ReviewLevel.ORIGINAL
    )
    late_review_reason = models.CharField("逾期受理复查的理由", max_length=300, blank=True)
    arbitration_accepted_on = models.DateField("仲裁受理日期", null=True, blank=True)
    award_on = models.DateField("收到裁决日期", null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "维权案件"
        indexes = [
            models.Index(fields=["org_path", "received_on"]),
            models.Index(fields=["state", "conclude_due"]),
            models.Index(fields=["employer", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_claimed__gte=0) & models.Q(amount_recovered__gte=0),
                name="case_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.contact_name}"

    @property
    def deadline(self) -> datetime.date | None:
        if self.state == CaseState.REGISTERED:
            return self.accept_due
        if self.state in (CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS):
            return self.conclude_due
        return None

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.deadline is not None and self.deadline < today


class CaseParty(ric_columns(), phone_columns()):
    """A worker party to a case; linked to the member with the same RIC when there is one.

    `ric`/`phone` with their `_hash` and `_last4` come from core.identity."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField("姓名", max_length=50)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "当事职工"

    def __str__(self) -> str:
        return self.name


class CaseNote(models.Model):
    """A handling note, contact, mediation session or reply. Only replies reach the worker."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField("类型", max_length=20, choices=NoteKind, default=NoteKind.NOTE)
    text = models.TextField("内容", max_length=10_000)
    happened_on = models.DateField("日期", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "办理记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_public(self) -> bool:
        return self.kind == NoteKind.REPLY


class CaseAttachment(models.Model):
    """A file a worker uploaded; stored under MEDIA_ROOT/attachments by a random name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)  # found from the content (core.downloads)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "附件"

    def __str__(self) -> str:
        return self.original_name


class LegalEvent(ScopedModel, VersionedModel):
    """A legal-service event (普法宣传, 咨询会 …) held in a town (RIGHTS-4)."""

    kind = models.CharField("类型", max_length=20, choices=EventKind)
    title = models.CharField("主题", max_length=150)
    held_on = models.DateField("日期", db_index=True)
    town = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="镇街"
    )
    place = models.CharField("地点", max_length=150, blank=True)
    organizers = models.CharField("主办单位", max_length=200)
    attendance = models.PositiveIntegerField("参加人数", default=0)
    notes = models.TextField("备注", max_length=5000, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "法律服务活动"

    def __str__(self) -> str:
        return self.title


class PortalAttempt(models.Model):
    """One submission or lookup on the worker pages, for the per-IP / per-phone rate limit."""

    action = models.CharField(max_length=20)
    ip_hash = models.CharField(max_length=64, db_index=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action}@{self.at}"
