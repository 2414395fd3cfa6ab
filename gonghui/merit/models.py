"""Merit (MERIT-1, MERIT-2, MERIT-3): honors with nomination, review, public notice and
award; the model-worker registry and innovation studios; competitions with their results.

- A `HonorType` is a title as data: its level, who it goes to, the days of its public
  notice (working days, domain-rules §11: 5 by default) and its category `HonorShare`s
  (≥ 35 % non-public enterprises …), checked on a round's nominees. `confers_model_worker`
  marks the titles that put a person in the model-worker registry.
- A `HonorRound` is one year's selection of one type by an organizer (the district, or a
  town): nominations by unions (`Nomination`), review by the town and the district, a public
  notice from `notice_from` to `notice_until` (counted with core.calendar) on a page open to
  anyone, `Objection`s recorded and resolved, then the award: one `Honor` per nominee. A type
  conferred above the district (national, provincial, city) is recommended upward instead,
  and its `upward_outcome` recorded; an award up there is an `Honor` too.
- An `Honor` is a title held: by a person (a member, or a name and employer), a team of an
  employer, or an organization or employer. It may come without a round (the years before the
  platform, or conferred above).
- A `ModelWorker` is a person in the registry, always from an honor of a type that
  `confers_model_worker`; the member's `is_model_worker` flag follows it. `ModelWorkerBenefit`
  rows are the benefits of each level as data; care given is an assistance grant.
- An `InnovationStudio` (劳模创新工作室) has a leader, members and `StudioResult`s.
- A `Competition` (labor, skills, Ankang Cup, industry) has its `CompetitionEvent`s (trades
  or events), the `CompetitionEntry`s of employers or teams, and `Contestant`s with their
  scores, ranks and how those sent on did at the next level.

Every row's `org_path` is its organization's path: a round's organizer, a nomination's or an
honor's union, a studio's union, a competition's organizer (an entry's and a contestant's
union).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gonghui.core.identity import phone_columns, ric_columns
from gonghui.core.models import ScopedModel, TimeStampedModel, VersionedModel
from gonghui.core.money import MoneyField

from .choices import (
    BenefitKind,
    Bound,
    Category,
    Channel,
    CompetitionKind,
    CompetitionState,
    Level,
    ModelWorkerState,
    NominationState,
    ObjectionState,
    ResultKind,
    RoundState,
    Subject,
    UpwardOutcome,
)

ORG = "orgs.Organization"
EMPLOYER = "orgs.Employer"
MEMBER = "members.Member"
USER = settings.AUTH_USER_MODEL

# Honors ---------------------------------------------------------------------------------


class HonorType(TimeStampedModel, VersionedModel):
    """A title as data (全国五一劳动奖章, 区模范职工之家 …)."""

    name = models.CharField("荣誉名称", max_length=60, unique=True)
    level = models.CharField("级别", max_length=20, choices=Level)
    subject = models.CharField("授予对象", max_length=20, choices=Subject)
    conferred_by = models.CharField("授予机构", max_length=60)
    notice_workdays = models.PositiveSmallIntegerField(
        "公示期（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    confers_model_worker = models.BooleanField("授予劳模称号", default=False)
    # 通报表扬: named in the district's commendation notice, no medal or certificate.
    is_commendation = models.BooleanField("通报表扬", default=False)
    criteria = models.TextField("评选条件", max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "荣誉类型"

    def __str__(self) -> str:
        return self.name


class HonorShare(models.Model):
    """A category share a type's nominees must meet (≥ 35 % non-public enterprises)."""

    honor_type = models.ForeignKey(HonorType, on_delete=models.CASCADE, related_name="shares")
    category = models.CharField("类别", max_length=20, choices=Category)
    bound = models.CharField("要求", max_length=3, choices=Bound, default=Bound.AT_LEAST)
    percent = models.PositiveSmallIntegerField(
        "比例（%）", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["honor_type", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["honor_type", "category", "bound"], name="merit_share_once"
            )
        ]
        verbose_name = "类别比例要求"

    def __str__(self) -> str:
        return f"{self.get_category_display()}{self.get_bound_display()}{self.percent}%"


class HonorRound(ScopedModel, VersionedModel):
    """One year's selection of one type by an organizer."""

    honor_type = models.ForeignKey(
        HonorType, on_delete=models.PROTECT, related_name="rounds", verbose_name="荣誉类型"
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("评选名称", max_length=100)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    quota = models.PositiveIntegerField("名额", null=True, blank=True)
    nominations_close_on = models.DateField("推荐截止日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=RoundState, default=RoundState.DRAFT)
    notice_from = models.DateField("公示开始", null=True, blank=True)
    notice_until = models.DateField("公示截止", null=True, blank=True)
    awarded_on = models.DateField("表彰日期", null=True, blank=True)
    document_no = models.CharField("表彰文号", max_length=60, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "honor_type__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["honor_type", "year", "organizer"], name="merit_round_once_a_year"
            )
        ]
        verbose_name = "评选"

    def __str__(self) -> str:
        return self.name


class Nomination(ScopedModel, VersionedModel, ric_columns()):
    """One nominee of a round, put forward by a union; `org_path` is that union's."""

    round = models.ForeignKey(
        HonorRound, on_delete=models.PROTECT, related_name="nominations", verbose_name="评选"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="推荐工会"
    )
    # A person: a member, or a name (and RIC) with an employer; a team: its name and employer;
    # an organization: the union (a workers' home) or the employer.
    member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("被推荐对象", max_length=100)
    employer = models.ForeignKey(
        EMPLOYER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所在单位",
    )
    organization = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="被推荐工会",
    )
    position = models.CharField("职务或岗位", max_length=60, blank=True)
    # Category flags (Category values), checked against the type's shares.
    categories = models.JSONField("类别", default=list, blank=True)
    deeds = models.TextField("主要事迹", max_length=5000)
    state = models.CharField(
        "状态", max_length=20, choices=NominationState, default=NominationState.SUBMITTED
    )
    upward_outcome = models.CharField(
        "上级评定结果", max_length=20, choices=UpwardOutcome, blank=True
    )
    decision_note = models.CharField("审核意见", max_length=300, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "推荐对象"

    def __str__(self) -> str:
        return self.name

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(c, c)) for c in self.categories or ()]


class Objection(ScopedModel, VersionedModel, phone_columns()):
    """An objection during the public notice: real-name, by channel; resolved by staff."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="objections", verbose_name="公示对象"
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
        ordering = ["nomination", "id"]
        verbose_name = "公示异议"

    def __str__(self) -> str:
        return f"{self.nomination}：{self.person_name}"


class Honor(ScopedModel):
    """A title held; `org_path` is the holder's union (or the organizer's, for an employer
    without a union)."""

    honor_type = models.ForeignKey(
        HonorType, on_delete=models.PROTECT, related_name="honors", verbose_name="荣誉"
    )
    year = models.PositiveSmallIntegerField("年度")
    awarded_on = models.DateField("授予日期", null=True, blank=True)
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="honor"
    )
    member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="honors"
    )
    name = models.CharField("获得者", max_length=100)
    employer = models.ForeignKey(
        EMPLOYER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
        verbose_name="所在单位",
    )
    organization = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
        verbose_name="获得荣誉的工会",
    )
    union = models.ForeignKey(
        ORG,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属工会",
    )
    document_no = models.CharField("文号", max_length=60, blank=True)
    is_revoked = models.BooleanField("已撤销", default=False)

    class Meta:
        ordering = ["-year", "honor_type__order", "id"]
        verbose_name = "荣誉"

    def __str__(self) -> str:
        return f"{self.year}年{self.honor_type}：{self.name}"


# Model workers and innovation studios ---------------------------------------------------


class ModelWorker(ScopedModel, VersionedModel, ric_columns()):
    """A person in the model-worker registry, from the honor that made them one."""

    honor = models.OneToOneField(
        Honor, on_delete=models.PROTECT, related_name="model_worker", verbose_name="称号来源"
    )
    member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    level = models.CharField("级别", max_length=20, choices=Level)
    year = models.PositiveSmallIntegerField("获评年度")
    employer = models.ForeignKey(
        EMPLOYER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工作单位",
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="所属工会"
    )
    state = models.CharField(
        "状态", max_length=20, choices=ModelWorkerState, default=ModelWorkerState.ACTIVE
    )
    note = models.TextField("备注", max_length=2000, blank=True)

    class Meta:
        ordering = ["level", "-year", "id"]
        verbose_name = "劳模"

    def __str__(self) -> str:
        return self.name


class ModelWorkerBenefit(TimeStampedModel, VersionedModel):
    """A benefit of a level as data: an amount a month, a percent, or a yearly entitlement."""

    level = models.CharField("级别", max_length=20, choices=Level)
    kind = models.CharField("待遇", max_length=20, choices=BenefitKind)
    amount = MoneyField("金额（元）", null=True, blank=True)
    percent = models.DecimalField(
        "比例（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    times_a_year = models.PositiveSmallIntegerField("每年次数", null=True, blank=True)
    effective_from = models.DateField("起始日期")
    note = models.CharField("依据或说明", max_length=200, blank=True)

    class Meta:
        ordering = ["level", "kind", "-effective_from"]
        verbose_name = "劳模待遇"

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display()}"


class InnovationStudio(ScopedModel, VersionedModel):
    """A model-worker innovation studio (劳模创新工作室) of an employer."""

    name = models.CharField("工作室名称", max_length=100)
    level = models.CharField("级别", max_length=20, choices=Level, default=Level.DISTRICT)
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="+", verbose_name="所在单位"
    )
    union = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="所属工会"
    )
    leader = models.ForeignKey(
        ModelWorker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="studios",
        verbose_name="领衔人（劳模）",
    )
    leader_name = models.CharField("领衔人", max_length=50)
    founded_on = models.DateField("创建日期")
    members = models.ManyToManyField(MEMBER, blank=True, related_name="+", verbose_name="成员")
    field = models.CharField("创新方向", max_length=100, blank=True)
    is_active = models.BooleanField("运行中", default=True)

    class Meta:
        ordering = ["-founded_on", "id"]
        verbose_name = "劳模创新工作室"

    def __str__(self) -> str:
        return self.name


class StudioResult(ScopedModel):
    studio = models.ForeignKey(
        InnovationStudio, on_delete=models.CASCADE, related_name="results", verbose_name="工作室"
    )
    kind = models.CharField("成果类型", max_length=20, choices=ResultKind)
    title = models.CharField("成果名称", max_length=150)
    achieved_on = models.DateField("取得日期")
    benefit = MoneyField("创造经济效益（元）", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-achieved_on", "id"]
        verbose_name = "创新成果"

    def __str__(self) -> str:
        return self.title


# Competitions ---------------------------------------------------------------------------


class Competition(ScopedModel, VersionedModel):
    """A labor, skills, Ankang Cup or industry competition, by its organizer."""

    kind = models.CharField("竞赛类型", max_length=20, choices=CompetitionKind)
    name = models.CharField("竞赛名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=20, choices=Level, default=Level.DISTRICT)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="主办工会"
    )
    co_organizers = models.CharField("联合主办单位", max_length=200, blank=True)
    industry = models.CharField("行业", max_length=60, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=CompetitionState, default=CompetitionState.PLANNED
    )
    next_level = models.CharField("选送的上级赛事", max_length=120, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "-starts_on", "id"]
        verbose_name = "竞赛"

    def __str__(self) -> str:
        return self.name


class CompetitionEvent(models.Model):
    """A trade (skills) or event of a competition."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="events")
    name = models.CharField("工种或项目", max_length=60)

    class Meta:
        ordering = ["competition", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="merit_event_once")
        ]
        verbose_name = "竞赛项目"

    def __str__(self) -> str:
        return self.name


class CompetitionEntry(ScopedModel):
    """An employer, or a team of one, taking part; `org_path` is its union's."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="entries", verbose_name="竞赛"
    )
    employer = models.ForeignKey(
        EMPLOYER, on_delete=models.PROTECT, related_name="+", verbose_name="参赛单位"
    )
    team = models.CharField("参赛班组", max_length=100, blank=True)
    workers = models.PositiveIntegerField("参与职工人数", default=0)
    result = models.CharField("成绩或评定", max_length=100, blank=True)

    class Meta:
        ordering = ["competition", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "employer", "team"], name="merit_entry_once"
            )
        ]
        verbose_name = "参赛单位"

    def __str__(self) -> str:
        return self.team or str(self.employer)


class Contestant(ScopedModel, ric_columns()):
    """A contestant of an event; `org_path` is their union's (the organizer's if none)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="contestants", verbose_name="竞赛"
    )
    event = models.ForeignKey(
        CompetitionEvent,
        on_delete=models.PROTECT,
        related_name="contestants",
        verbose_name="工种或项目",
    )
    member = models.ForeignKey(
        MEMBER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    employer = models.ForeignKey(
        EMPLOYER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所在单位",
    )
    union = models.ForeignKey(
        ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("成绩", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    prize = models.CharField("获奖", max_length=60, blank=True)
    sent_on = models.BooleanField("选送上级比赛", default=False)
    next_result = models.CharField("上级比赛成绩", max_length=100, blank=True)
    next_rank = models.PositiveIntegerField("上级比赛名次", null=True, blank=True)
    run = models.ForeignKey(
        "importing.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["competition", "event", "rank", "id"]
        verbose_name = "参赛选手"

    def __str__(self) -> str:
        return self.name
