import datetime

from django.conf import settings
from django.db import models

from gonghui.core.models import ScopedModel, TimeStampedModel, VersionedModel
from gonghui.core.scope import ScopedQuerySet
from gonghui.core.workflow import WorkflowModel

from .choices import (
    CertificateDocumentKind,
    CertificateRequestKind,
    CertificateRequestState,
    CertificateState,
    ContactMethod,
    ContactOutcome,
    ElectionState,
    Industry,
    OrgKind,
    Ownership,
    UnionForm,
    WomenOrg,
)


class Organization(TimeStampedModel, WorkflowModel):
    """A node of the union tree (ORG-1): the district federation down to grassroots unions.

    `parent` is the truth; `path` ("/1/5/123/") and `depth` are derived from it and
    rewritten under a lock by `services.organization_move`. `town` is the nearest
    town-union ancestor (or self), kept for per-town figures.
    """

    SCOPE_FIELDS = ("path",)

    name = models.CharField("名称", max_length=120)
    # the pickers find a union by these too ("sqjd"); set with the name (core.pinyin)
    name_initials = models.CharField("名称拼音首字母", max_length=60, blank=True, editable=False)
    kind = models.CharField("类型", max_length=30, choices=OrgKind)
    form = models.CharField("组建形式", max_length=20, choices=UnionForm, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级组织",
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    town = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="所属镇街",
    )
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    chair_name = models.CharField("工会主席", max_length=50, blank=True)
    chair_phone = models.CharField("联系电话", max_length=20, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)
    member_count = models.PositiveIntegerField("会员人数", default=0, editable=False)
    female_member_count = models.PositiveIntegerField("女会员人数", default=0, editable=False)
    signboard_displayed = models.BooleanField("亮牌子", default=False)
    chair_identity_displayed = models.BooleanField("亮身份", default=False)
    women_org = models.CharField(
        "女职工组织", max_length=20, choices=WomenOrg, default=WomenOrg.NONE
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "工会组织"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="grassroots") | models.Q(form=""),
                name="org_form_only_for_grassroots",
            ),
            # Lookups by name ("甲公司工会委员会" under 市桥) need one answer (issue #10); the
            # services say which sibling holds a name before this refuses it.
            models.UniqueConstraint(fields=["parent", "name"], name="org_name_unique_in_parent"),
        ]
        indexes = [
            models.Index(fields=["kind", "path"]),
            # the towns of a list's filter bar in id order (towns_visible): without it SQLite
            # reads the whole tree rather than sort 16 rows (issue #10)
            models.Index(fields=["kind", "id"], name="org_kind_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dual_display(self) -> bool:
        return self.signboard_displayed and self.chair_identity_displayed

    @property
    def org_path(self) -> str:
        return self.path


class OrganizationMove(models.Model):
    """History of a union moving to another parent (ORG-1: moves keep history)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="moves")
    from_parent = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_parent = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    from_path = models.CharField(max_length=255)
    to_path = models.CharField(max_length=255)
    moved_at = models.DateTimeField(auto_now_add=True)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        ordering = ["-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.from_path} → {self.to_path}"


class Employer(ScopedModel, WorkflowModel):
    """An employer (企业/单位, ORG-2). Scoped to its union if it has one, else to its town."""

    name = models.CharField("单位名称", max_length=150)
    name_initials = models.CharField("名称拼音首字母", max_length=60, blank=True, editable=False)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    ownership = models.CharField("经济类型", max_length=20, choices=Ownership)
    industry = models.CharField("行业", max_length=2, choices=Industry)
    headcount = models.PositiveIntegerField("职工人数", default=0)
    town = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="town_employers",
        limit_choices_to={"kind": OrgKind.TOWN},
        verbose_name="所在镇街",
    )
    union = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
        limit_choices_to={"kind": OrgKind.GRASSROOTS},
        verbose_name="所属基层工会",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    is_labor_dispatch = models.BooleanField("劳务派遣企业", default=False)
    is_fortune500 = models.BooleanField("世界500强", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "用人单位"
        indexes = [
            models.Index(fields=["town", "ownership"]),
            models.Index(fields=["union"]),
            models.Index(fields=["headcount"]),
            # The list's orderings (issue #10, docs/benchmarks.md): the district's employers
            # by name; a town's by the range of its path, then name, from the index alone.
            # Pattern ops: PostgreSQL serves the scope's LIKE prefix in any locale.
            models.Index(fields=["name"], name="employer_name"),
            models.Index(
                fields=["org_path", "name"],
                name="employer_scope_name",
                opclasses=["varchar_pattern_ops", "varchar_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_union(self) -> bool:
        return self.union_id is not None


class Term(ScopedModel):
    """A union committee's term of office (ORG-5; domain-rules §1 Art. 16: 3 or 5 years)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    term_years = models.PositiveSmallIntegerField("任期（年）", choices=[(3, "3年"), (5, "5年")])
    starts_on = models.DateField("任期开始")
    ends_on = models.DateField("任期届满", db_index=True)
    is_current = models.BooleanField("现任", default=True)
    approval_doc_no = models.CharField("批复文号", max_length=60, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ends_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_current=True),
                name="one_current_term",
            ),
        ]
        # The terms-due lists (/orgs/terms/): current terms by end date, walked from the
        # first overdue one; past terms (most rows, once unions have re-elected) not in it.
        indexes = [
            models.Index(
                fields=["ends_on", "id"],
                condition=models.Q(is_current=True),
                name="term_current_ends_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} 第{self.number}届"

    def days_left(self, today: datetime.date) -> int:
        return (self.ends_on - today).days


class Election(ScopedModel, WorkflowModel):
    """A re-election (换届): prepared → elected → approved by the union one level up → new Term."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="elections"
    )
    state = models.CharField(
        "状态", max_length=20, choices=ElectionState, default=ElectionState.PREPARING
    )
    planned_on = models.DateField("计划选举日期")
    elected_on = models.DateField("选举日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        "任期（年）", choices=[(3, "3年"), (5, "5年")], default=5
    )
    chair_name = models.CharField("当选主席", max_length=50, blank=True)
    approval_doc_no = models.CharField("上级批复文号", max_length=60, blank=True)
    approved_on = models.DateField("批复日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} 换届（{self.get_state_display()}）"


class EmployerImportChange(models.Model):
    """An existing employer that an employer import changed, or in a dry run would change
    (issue #10: the import renamed employers silently). The run's result lists these rows;
    the employer's own history is its audit entries (`orgs.employer.imported`).

    Seen through the run (`core.importing.queries.import_run_get`: its scope), never alone.
    """

    run = models.ForeignKey("importing.ImportRun", on_delete=models.CASCADE, related_name="+")
    row = models.PositiveIntegerField("行号")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="+")
    # {column: [before, after]}, as the audit log keeps a difference (town_id, union_id: pks)
    changes = models.JSONField("变更", default=dict)

    class Meta:
        ordering = ["run", "row"]
        verbose_name = "导入变更"
        indexes = [models.Index(fields=["run", "row"], name="orgs_import_change_run_row")]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.row}: {self.employer_id}"


# Formation (ORG-3) ----------------------------------------------------------------------


class FormationSetting(models.Model):
    """The formation target's headcount threshold, dated (25 staff by default)."""

    effective_from = models.DateField("执行日期", unique=True)
    min_headcount = models.PositiveIntegerField("职工人数不少于", default=25)
    note = models.CharField("依据或说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "组建目标设置"

    def __str__(self) -> str:
        return f"{self.effective_from}起 ≥{self.min_headcount}人"


class FormationContact(ScopedModel):
    """Formation staff's contact with an employer without a union; `org_path` is the
    employer's (its town's)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="formation_contacts", verbose_name="单位"
    )
    contacted_on = models.DateField("联系日期")
    method = models.CharField("联系方式", max_length=20, choices=ContactMethod)
    contact_person = models.CharField("单位联系人", max_length=50, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=ContactOutcome)
    note = models.TextField("情况记录", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = "组建联系记录"
        indexes = [models.Index(fields=["employer", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.employer} {self.contacted_on}"


class Founding(ScopedModel):
    """The founding of a grassroots union for an employer: it created the union in the tree
    and moved the employer into the unionized set; `org_path` is the new union's."""

    union = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="founding", verbose_name="工会"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="foundings", verbose_name="单位"
    )
    founded_on = models.DateField("成立日期")
    first_chair = models.CharField("首任工会主席", max_length=50)
    founding_members = models.PositiveIntegerField("成立时会员人数")
    note = models.TextField("备注", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-founded_on", "-id"]
        verbose_name = "工会组建"

    def __str__(self) -> str:
        return f"{self.union}（{self.founded_on}）"


# Legal-person certificates (ORG-4) ------------------------------------------------------


class LegalPersonCertificate(ScopedModel, VersionedModel):
    """A union's legal-person certificate (工会法人资格证书); `org_path` is the union's."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="certificates", verbose_name="工会"
    )
    number = models.CharField("证书编号", max_length=40, unique=True)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    representative = models.CharField("法定代表人", max_length=50)
    address = models.CharField("住所", max_length=200)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至", db_index=True)
    state = models.CharField(
        "状态", max_length=20, choices=CertificateState, default=CertificateState.VALID
    )
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    cancel_reason = models.CharField("注销原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["valid_until", "id"]
        verbose_name = "工会法人资格证书"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(state="valid"),
                name="orgs_one_valid_certificate",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateRequest(ScopedModel, VersionedModel):
    """A union's online request to be issued, change or cancel its certificate."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="certificate_requests",
        verbose_name="工会",
    )
    kind = models.CharField("办理事项", max_length=20, choices=CertificateRequestKind)
    certificate = models.ForeignKey(
        LegalPersonCertificate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="证书",
    )
    state = models.CharField(
        "状态",
        max_length=20,
        choices=CertificateRequestState,
        default=CertificateRequestState.SUBMITTED,
    )
    submitted_on = models.DateField("提交日期")
    # what is asked for: the representative and address of a new certificate or a change
    representative = models.CharField("法定代表人", max_length=50, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    reason = models.CharField("事由", max_length=300, blank=True)
    check_note = models.CharField("审核意见", max_length=300, blank=True)
    decided_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "法人资格证书办理"

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()}"


class CertificateDocument(models.Model):
    """A document of a request; stored under MEDIA_ROOT/certificates by a random name (as a
    case's attachments are)."""

    request = models.ForeignKey(
        CertificateRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("材料", max_length=20, choices=CertificateDocumentKind)
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "办证材料"

    def __str__(self) -> str:
        return self.original_name
