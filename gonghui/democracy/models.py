"""Democratic management (DEMO-1, DEMO-2, DEMO-3): collective contracts and the bargaining
offers that lead to them, the workers' congress and open affairs of each employer, and the
harmonious-relations rating rounds with their awards.

- A `CollectiveContract` is signed by a union: a grassroots union for its employer, or a
  town's or an industry union for every employer of an industry or an area (行业性、区域性).
  `ContractEmployer` rows say which employers it covers — one row for an employer's own
  contract — so every rate reads one table: an employer is covered by a kind on a date when a
  contract of that kind covering it is in force then (`state` effective, `starts_on` ≤ date ≤
  `ends_on`). A renewal points to the contract it follows (`renews`).
- A `BargainingCampaign` (要约行动) is a batch of `BargainingOffer`s to employers, each with
  the employer's answer (20 days, domain-rules §7) and its outcome (a contract, or none).
- A `CongressSession` is one session of an employer's workers' congress (or all-worker
  assembly) with its delegates and what was put to it; an `OpenAffairsRecord` is one year of
  an employer's open affairs (厂务公开): what it disclosed, how and how often. The rules of §8
  (`rules.congress`) decide whether an employer counts as established in a year.
- A `RatingRound` is one year's harmonious-relations rating (和谐劳动关系企业评定) by an
  organizer: its scoring sheet (`RatingCriterion`, data; a criterion may be read from
  records), employers' `RatingApplication`s through their union with one `RatingScore` per
  criterion, review, a public notice in working days with `RatingObjection`s, and the result
  A / 2A / 3A with its validity. `AwardNomination`s are the round's caring-employer and
  devoted-employee awards.

Every row's `org_path` is its union's path (a contract's signing union, an employer's union,
a round's organizer); an employer without a union (an offer, a formation target) is its town's.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gonghui.core.identity import phone_columns
from gonghui.core.models import ScopedModel, VersionedModel
from gonghui.orgs.choices import Industry

from .choices import (
    ApplicationState,
    AwardKind,
    AwardState,
    CampaignState,
    Channel,
    CongressForm,
    ContractKind,
    ContractScope,
    ContractState,
    CriterionSource,
    Frequency,
    ObjectionState,
    OfferAnswer,
    OfferOutcome,
    RatingLevel,
    RatingRoundState,
)

ORG = "orgs.Organization"
EMPLOYER = "orgs.Employer"
MEMBER = "members.Member"
USER = settings.AUTH_USER_MODEL

# Collective contracts (DEMO-1) ----------------------------------------------------------


class CollectiveContract(ScopedModel, VersionedModel):
    """A collective contract, general or special, of one employer or of many."""

    kind = models.CharField("合同类型", max_length=20, choices=ContractKind)
    scope = models.CharField(
        "签订范围", max_length=20, choices=ContractScope, default=ContractScope.EMPLOYER
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="签约工会"
    )
    # the employer of an own contract; an industry or area contract has none
    employer = models.ForeignKey(
        EMPLOYER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_contracts",
        verbose_name="用人单位",
    )
    # an industry contract names its industry (orgs.choices.Industry), an area one its area
    industry = models.CharField("行业", max_length=2, choices=Industry, blank=True)
    area = models.CharField("区域", max_length=100, blank=True)
    title = models.CharField("合同名称", max_length=150)
    signed_on = models.DateField("签订日期")
    starts_on = models.DateField("生效起始日期")
    ends_on = models.DateField("期满日期", db_index=True)
    submitted_on = models.DateField("报送劳动行政部门日期", null=True, blank=True)
    objection_on = models.DateField("审查意见书日期", null=True, blank=True)
    objection_note = models.TextField("审查意见", max_length=2000, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=ContractState, default=ContractState.SIGNED
    )
    # a wage contract's agreed increase (domain-rules §7: this year's adjustment rate)
    wage_increase_pct = models.DecimalField(
        "工资增长幅度（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    workers_covered = models.PositiveIntegerField("覆盖职工人数", default=0)
    women_covered = models.PositiveIntegerField("覆盖女职工人数", default=0)
    negotiators_worker_side = models.PositiveSmallIntegerField("职工方协商代表人数", default=0)
    women_negotiators = models.PositiveSmallIntegerField("女职工协商代表人数", default=0)
    # the vote of the congress or all workers on the draft (rule 40)
    vote_total = models.PositiveIntegerField("应到代表（职工）人数", null=True, blank=True)
    vote_attended = models.PositiveIntegerField("实到人数", null=True, blank=True)
    vote_for = models.PositiveIntegerField("赞成人数", null=True, blank=True)
    renews = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name="续签自",
    )
    terminated_on = models.DateField("终止日期", null=True, blank=True)
    note = models.TextField("备注", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employers = models.ManyToManyField(
        EMPLOYER, through="ContractEmployer", related_name="+", verbose_name="覆盖单位"
    )

    class Meta:
        ordering = ["-signed_on", "id"]
        verbose_name = "集体合同"
        indexes = [models.Index(fields=["kind", "state", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="democracy_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ContractEmployer(models.Model):
    """An employer a contract covers (its own employer, or one of an industry or area)."""

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.CASCADE, related_name="coverage"
    )
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="contract_coverage"
    )

    class Meta:
        ordering = ["contract", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "employer"], name="democracy_contract_employer_once"
            )
        ]
        indexes = [models.Index(fields=["employer", "contract"])]

    def __str__(self) -> str:
        return f"{self.contract_id} → {self.employer_id}"


class BargainingCampaign(ScopedModel, VersionedModel):
    """A bargaining-offer campaign (要约行动): a batch of offers by an organizer."""

    name = models.CharField("活动名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    kind = models.CharField(
        "协商内容", max_length=20, choices=ContractKind, default=ContractKind.WAGE
    )
    started_on = models.DateField("开始日期")
    state = models.CharField(
        "状态", max_length=20, choices=CampaignState, default=CampaignState.OPEN
    )
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "-started_on", "id"]
        verbose_name = "要约行动"

    def __str__(self) -> str:
        return self.name


class BargainingOffer(ScopedModel, VersionedModel):
    """A written offer to bargain sent to one employer; `org_path` is the employer's."""

    campaign = models.ForeignKey(
        BargainingCampaign, on_delete=models.PROTECT, related_name="offers", verbose_name="要约行动"
    )
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="+", verbose_name="用人单位"
    )
    union = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发出要约的工会",
    )
    sent_on = models.DateField("发出日期")
    answer_due = models.DateField("应答复日期")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField(
        "答复", max_length=20, choices=OfferAnswer, blank=True, default=OfferAnswer.PENDING
    )
    outcome = models.CharField(
        "结果", max_length=20, choices=OfferOutcome, blank=True, default=OfferOutcome.OPEN
    )
    contract = models.ForeignKey(
        CollectiveContract,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name="签订的合同",
    )
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = "协商要约"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employer"], name="democracy_offer_once_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.employer}"


# Workers' congress and open affairs (DEMO-2) --------------------------------------------


class CongressSession(ScopedModel, VersionedModel):
    """One session of an employer's workers' congress or all-worker assembly."""

    employer = models.ForeignKey(
        EMPLOYER,
        on_delete=models.PROTECT,
        related_name="congress_sessions",
        verbose_name="用人单位",
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="基层工会"
    )
    form = models.CharField(
        "形式", max_length=20, choices=CongressForm, default=CongressForm.CONGRESS
    )
    term_number = models.PositiveSmallIntegerField("届次", null=True, blank=True)
    session_number = models.PositiveSmallIntegerField("会次", null=True, blank=True)
    held_on = models.DateField("召开日期", db_index=True)
    workers_total = models.PositiveIntegerField("职工总数", default=0)
    delegates_total = models.PositiveIntegerField("应到代表（职工）人数")
    delegates_attended = models.PositiveIntegerField("实到人数")
    frontline_delegates = models.PositiveIntegerField("一线职工代表人数", default=0)
    manager_delegates = models.PositiveIntegerField("中高层管理人员代表人数", default=0)
    women_delegates = models.PositiveIntegerField("女职工代表人数", default=0)
    agenda = models.TextField("审议事项", max_length=3000)
    resolutions = models.TextField("决议", max_length=3000, blank=True)
    note = models.TextField("备注", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = "职代会"
        indexes = [models.Index(fields=["employer", "held_on"])]

    def __str__(self) -> str:
        return f"{self.employer} {self.held_on:%Y-%m-%d}{self.get_form_display()}"


class OpenAffairsRecord(ScopedModel, VersionedModel):
    """One year of an employer's open affairs (厂务公开)."""

    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="open_affairs", verbose_name="用人单位"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="基层工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    # DisclosureItem and DisclosureMethod values
    items = models.JSONField("公开事项", default=list)
    methods = models.JSONField("公开形式", default=list)
    frequency = models.CharField("公开频次", max_length=20, choices=Frequency)
    has_supervision_group = models.BooleanField("设立厂务公开监督小组", default=False)
    last_disclosed_on = models.DateField("最近一次公开日期", null=True, blank=True)
    note = models.TextField("备注", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "厂务公开"
        constraints = [
            models.UniqueConstraint(fields=["employer", "year"], name="democracy_open_affairs_year")
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}年厂务公开"


class OpenAffairsEvidence(models.Model):
    """A photo or scan that shows a disclosure (the notice board, a meeting's minutes);
    stored sealed under MEDIA_ROOT/open_affairs by a random name (core.uploads), read only
    through its record's scope."""

    record = models.ForeignKey(OpenAffairsRecord, on_delete=models.CASCADE, related_name="evidence")
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "厂务公开佐证材料"

    def __str__(self) -> str:
        return self.original_name


# Harmonious-relations ratings and awards (DEMO-3) ---------------------------------------


class RatingRound(ScopedModel, VersionedModel):
    """One year's harmonious-relations rating by an organizer (the district, or a town)."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("评定名称", max_length=100)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    state = models.CharField(
        "状态", max_length=20, choices=RatingRoundState, default=RatingRoundState.DRAFT
    )
    applications_close_on = models.DateField("申报截止日期", null=True, blank=True)
    notice_workdays = models.PositiveSmallIntegerField(
        "公示期（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    notice_from = models.DateField("公示开始", null=True, blank=True)
    notice_until = models.DateField("公示截止", null=True, blank=True)
    decided_on = models.DateField("公布日期", null=True, blank=True)
    valid_years = models.PositiveSmallIntegerField(
        "有效期（年）", default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # the lowest total score for each level (A, 2A, 3A), on the sheet's scale
    min_score_a = models.PositiveSmallIntegerField("A级最低分", default=80)
    min_score_aa = models.PositiveSmallIntegerField("2A级最低分", default=90)
    min_score_aaa = models.PositiveSmallIntegerField("3A级最低分", default=95)
    document_no = models.CharField("文号", max_length=60, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "和谐劳动关系评定"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organizer"], name="democracy_rating_round_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RatingCriterion(models.Model):
    """A line of a round's scoring sheet; `source` reads it from records where it can."""

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("序号", default=1)
    text = models.CharField("评分内容", max_length=200)
    max_points = models.PositiveSmallIntegerField(
        "分值", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    source = models.CharField(
        "数据来源", max_length=30, choices=CriterionSource, blank=True, default=""
    )

    class Meta:
        ordering = ["round", "order", "id"]
        verbose_name = "评分标准"

    def __str__(self) -> str:
        return self.text


class RatingApplication(ScopedModel, VersionedModel):
    """An employer's application in a round, through its union; `org_path` is the union's."""

    round = models.ForeignKey(
        RatingRound, on_delete=models.PROTECT, related_name="applications", verbose_name="评定"
    )
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="ratings", verbose_name="用人单位"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="申报工会"
    )
    level_applied = models.CharField("申报等级", max_length=3, choices=RatingLevel)
    summary = models.TextField("申报材料摘要", max_length=5000, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=ApplicationState, default=ApplicationState.APPLIED
    )
    total_score = models.PositiveSmallIntegerField("总分", null=True, blank=True)
    level = models.CharField("评定等级", max_length=3, choices=RatingLevel, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    decision_note = models.CharField("评审意见", max_length=300, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "和谐劳动关系企业申报"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "employer"], name="democracy_rating_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.year}年 {self.employer}"


class RatingScore(models.Model):
    """One criterion's points on one application; `source_note` says what the records show."""

    application = models.ForeignKey(
        RatingApplication, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(RatingCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField("得分", default=0)
    from_records = models.BooleanField("取自系统记录", default=False)
    source_note = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        ordering = ["application", "criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="democracy_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class RatingObjection(ScopedModel, VersionedModel, phone_columns()):
    """An objection to an application during the round's public notice."""

    application = models.ForeignKey(
        RatingApplication,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name="公示对象",
    )
    channel = models.CharField("反映方式", max_length=20, choices=Channel)
    received_on = models.DateField("收到日期")
    person_name = models.CharField("反映人姓名", max_length=50)
    content = models.TextField("反映内容", max_length=3000)
    state = models.CharField(
        "核实结果", max_length=20, choices=ObjectionState, default=ObjectionState.OPEN
    )
    resolution = models.TextField("核实情况", max_length=3000, blank=True)
    resolved_on = models.DateField("核实日期", null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = "评定公示异议"

    def __str__(self) -> str:
        return f"{self.application}：{self.person_name}"


class AwardNomination(ScopedModel, VersionedModel):
    """A caring-employer or devoted-employee nominee of a round, put forward by a union."""

    round = models.ForeignKey(
        RatingRound, on_delete=models.PROTECT, related_name="awards", verbose_name="评定"
    )
    kind = models.CharField("表扬类别", max_length=30, choices=AwardKind)
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="推荐工会"
    )
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="+", verbose_name="所在单位"
    )
    member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务或岗位", max_length=60, blank=True)
    deeds = models.TextField("主要事迹", max_length=5000)
    state = models.CharField(
        "状态", max_length=20, choices=AwardState, default=AwardState.NOMINATED
    )
    decision_note = models.CharField("评审意见", max_length=300, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "kind", "id"]
        verbose_name = "优秀企业家和优秀员工推荐"

    def __str__(self) -> str:
        return self.name
