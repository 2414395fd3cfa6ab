from django.conf import settings
from django.db import models

from gonghui.core.crypto import EncryptedTextField
from gonghui.core.identity import RIC_LENGTH, phone_columns, ric_columns
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import WorkflowModel

from .choices import (
    Education,
    JoiningState,
    MemberStatus,
    RetainedReason,
    Sex,
    TransferSide,
    TransferState,
)

# The member flags the list filters and the indicators count (members.indicators).
FLAG_FIELDS = ["is_migrant_worker", "is_dispatched", "is_new_form_worker", "is_model_worker"]


class Member(ScopedModel, WorkflowModel, phone_columns()):
    """One person, keyed by RIC, in one grassroots union at a time (MEM-1).

    RIC and phone are sensitive (domain-rules §12): stored encrypted (`ric`, `phone`), looked
    up and kept unique by keyed hash (`ric_hash`, `phone_hash`); only the last 4 characters
    are in clear for search. `org_path` is the union's path. Set all of these through
    `members.services` (or the import pipeline), never by hand.
    """

    # Covered by the (org_path, status) index below: one index fewer to keep up on every
    # insert, which is most of a roster import's cost.
    org_path = models.CharField("组织路径", max_length=255, editable=False)
    name = models.CharField("姓名", max_length=50)  # indexed with the id: member_name_id
    ric = EncryptedTextField("身份证号", max_length=RIC_LENGTH)
    ric_hash = models.CharField(max_length=64, unique=True, editable=False)
    ric_last4 = models.CharField("身份证号后4位", max_length=4, db_index=True, editable=False)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex)
    union = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="所属基层工会",
        db_index=False,  # the (union, status) index serves lookups by union
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name="工作单位",
    )
    joined_on = models.DateField("入会日期")
    education = models.CharField("学历", max_length=20, choices=Education, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    is_migrant_worker = models.BooleanField("农民工", default=False)
    is_dispatched = models.BooleanField("劳务派遣工", default=False)
    is_new_form_worker = models.BooleanField("新就业形态劳动者", default=False)
    is_model_worker = models.BooleanField("劳模", default=False)
    status = models.CharField(
        "会籍状态", max_length=20, choices=MemberStatus, default=MemberStatus.ACTIVE
    )
    retained_reason = models.CharField(
        "保留会籍原因", max_length=20, choices=RetainedReason, blank=True
    )
    left_on = models.DateField("离会日期", null=True, blank=True)
    # The import that created the row (its history shows it; issue #9). No index: nothing
    # looks members up by run, and each index costs every imported row a few µs.
    source_run = models.ForeignKey(
        "importing.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        editable=False,
        verbose_name="创建它的导入",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "会员"
        indexes = [
            models.Index(fields=["union", "status"]),
            # Pattern ops so that PostgreSQL serves the scope's `LIKE '/1/5/%'` from it
            # in any locale (ignored by SQLite, which is sent a range instead).
            models.Index(
                fields=["org_path", "status"],
                name="member_org_path_status",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            # The district's members in name order, and a short name search, from the
            # index alone on PostgreSQL too (it holds the id: core.search.name_q).
            models.Index(fields=["name", "id"], name="member_name_id"),
            # A town's or a union's members in name order from the index alone (issue #10:
            # 7 ms against 80-700 ms sorting whole rows; core.lists.page_rows).
            models.Index(
                fields=["org_path", "name"],
                name="member_scope_name",
                opclasses=["varchar_pattern_ops", "varchar_ops"],
            ),
            # The indicators' counts (members.indicators: standing at a day, joined in a
            # period, by flag) and their breakdown grouped by org_path, from the index
            # alone, in path order without a sort (issue #13: 120-350 ms → 20-80 ms over
            # 420,000 members).
            models.Index(
                fields=["org_path", "joined_on", "left_on", *FLAG_FIELDS],
                name="member_scope_joined",
                opclasses=["varchar_pattern_ops", "date_ops", "date_ops"]
                + ["bool_ops"] * len(FLAG_FIELDS),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Transfer(ScopedModel, WorkflowModel):
    """A request to move a member from one grassroots union to another (会籍接转, MEM-3).

    `org_path` is the receiving union's path (where the member ends up); a transfer belongs
    to both unions, so each side (and everyone above it) sees it (SCOPE_FIELDS). Approval moves the member in the same transaction
    (members.transfers.transfer_approve); the rows and their WorkflowEvents are the history.
    """

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers", verbose_name="会员"
    )
    from_union = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="转出工会"
    )
    to_union = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="转入工会"
    )
    from_employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="原工作单位",
    )
    to_employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="新工作单位",
    )
    requested_by_side = models.CharField("申请方", max_length=20, choices=TransferSide)
    state = models.CharField(
        "状态", max_length=20, choices=TransferState, default=TransferState.REQUESTED
    )
    reason = models.CharField("接转原因", max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    SCOPE_FIELDS = ("from_union__path", "to_union__path")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "会籍接转"
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state="requested"),
                name="transfer_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}：{self.from_union.name} → {self.to_union.name}"


class JoiningApplication(ScopedModel, WorkflowModel, ric_columns(), phone_columns()):
    """A worker's online application to join (网上入会, MEM-4), made without an account.

    `org_path` is the deciding union: the employer's grassroots union, or the employer's
    town union when it has none. RIC and phone are stored like a member's (encrypted + hash).
    """

    number = models.CharField("申请编号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=50)
    employer = models.ForeignKey(
        "orgs.Employer", on_delete=models.PROTECT, related_name="+", verbose_name="工作单位"
    )
    deciding_org = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="审核工会"
    )
    consent_at = models.DateTimeField("同意隐私告知时间")
    ip = models.GenericIPAddressField(null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=JoiningState, default=JoiningState.SUBMITTED
    )
    decision_reason = models.CharField("审核意见", max_length=200, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "入会申请"
        indexes = [models.Index(fields=["org_path", "state"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
