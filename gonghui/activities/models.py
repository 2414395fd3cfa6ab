"""Activities (MERIT-4): sports, culture, reading campaigns, social mixers and exercise
contests with registration, a waiting list, check-in, results and prizes; the submissions of
a reading campaign (book reviews); delegations to the city's events.

- An `Activity` is run by an organization for the members of its subtree (`org_path` is the
  organizer's): its capacity, the registration window, where and when.
- A `Registration` is one member in one activity (unique): by the member on the phone or by
  their union; `confirmed` while there is room, else `waitlisted` in order of arrival
  (`position`); a cancellation moves the first on the waiting list up. Check-in, result and
  prize are recorded on it. `org_path` is the member's union's.
- A `Submission` is one entry of a reading campaign (a book review) or a culture contest.
- A `Delegation` is the district's team at a city event (the city's workers' games): its
  `DelegationAthlete`s with the events they entered, and the `DelegationPrize`s won.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import ScopedModel, VersionedModel

from .choices import (
    ActivityKind,
    ActivityState,
    RegistrationSource,
    RegistrationState,
    SubmissionSource,
    SubmissionState,
)

ORG = "orgs.Organization"
EMPLOYER = "orgs.Employer"
MEMBER = "members.Member"
USER = settings.AUTH_USER_MODEL


class Activity(ScopedModel, VersionedModel):
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind)
    name = models.CharField("活动名称", max_length=120)
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="主办工会"
    )
    year = models.PositiveSmallIntegerField("年度")
    starts_at = models.DateTimeField("活动开始")
    ends_at = models.DateTimeField("活动结束", null=True, blank=True)
    place = models.CharField("地点", max_length=150, blank=True)
    capacity = models.PositiveIntegerField("名额", null=True, blank=True)  # none: no limit
    registration_opens_on = models.DateField("报名开始", null=True, blank=True)
    registration_closes_on = models.DateField("报名截止", null=True, blank=True)
    member_registration = models.BooleanField("会员可在手机上报名", default=True)
    state = models.CharField(
        "状态", max_length=20, choices=ActivityState, default=ActivityState.DRAFT
    )
    description = models.TextField("活动说明", max_length=5000, blank=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = "活动"

    def __str__(self) -> str:
        return self.name


class Registration(ScopedModel, VersionedModel):
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="registrations", verbose_name="活动"
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    union = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+", verbose_name="工会")
    source = models.CharField("报名方式", max_length=20, choices=RegistrationSource)
    state = models.CharField("状态", max_length=20, choices=RegistrationState)
    position = models.PositiveIntegerField("报名顺序")
    registered_at = models.DateTimeField("报名时间")
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    result = models.CharField("成绩", max_length=100, blank=True)
    prize = models.CharField("获奖", max_length=60, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=~Q(state="cancelled"),
                name="activities_registration_once",
            ),
            models.UniqueConstraint(
                fields=["activity", "position"], name="activities_registration_position"
            ),
        ]
        verbose_name = "活动报名"

    def __str__(self) -> str:
        return f"{self.activity}：{self.member}"


class Submission(ScopedModel, VersionedModel):
    """An entry of a reading campaign (a book review) or a culture contest."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="submissions", verbose_name="活动"
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    union = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+", verbose_name="工会")
    title = models.CharField("题目", max_length=150)
    book = models.CharField("书名", max_length=150, blank=True)
    text = models.TextField("正文", max_length=20000)
    submitted_at = models.DateTimeField("提交时间")
    state = models.CharField(
        "状态", max_length=20, choices=SubmissionState, default=SubmissionState.RECEIVED
    )
    prize = models.CharField("获奖", max_length=60, blank=True)
    # How it came in (the member's phone page or their union), and the review (#18 MERIT-4).
    source = models.CharField(
        "投稿方式", max_length=20, choices=SubmissionSource, default=SubmissionSource.PHONE
    )
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["activity", "-submitted_at", "id"]
        constraints = [
            # rules.submissions: one entry per member per title per activity
            models.UniqueConstraint(
                fields=["activity", "member", "title"], name="activities_submission_once"
            )
        ]
        verbose_name = "作品"

    def __str__(self) -> str:
        return self.title


class Delegation(ScopedModel, VersionedModel):
    """The district's team at an event above it (市第八届职工运动会)."""

    name = models.CharField("代表团名称", max_length=120)
    event_name = models.CharField("赛事名称", max_length=120)
    host = models.CharField("主办单位", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    organizer = models.ForeignKey(
        ORG, on_delete=models.PROTECT, related_name="+", verbose_name="组团工会"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    note = models.TextField("说明", max_length=2000, blank=True)

    class Meta:
        ordering = ["-year", "-starts_on", "id"]
        verbose_name = "代表团"

    def __str__(self) -> str:
        return self.name


class DelegationEvent(models.Model):
    """An event the delegation entered (13 events of the city's games)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="events")
    name = models.CharField("比赛项目", max_length=60)

    class Meta:
        ordering = ["delegation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "name"], name="activities_event_once")
        ]
        verbose_name = "参赛项目"

    def __str__(self) -> str:
        return self.name


class DelegationAthlete(ScopedModel):
    """A member on the delegation; `org_path` is their union's."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="athletes", verbose_name="代表团"
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    events = models.ManyToManyField(DelegationEvent, related_name="athletes", blank=True)

    class Meta:
        ordering = ["delegation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "member"], name="activities_athlete_once")
        ]
        verbose_name = "运动员"

    def __str__(self) -> str:
        return str(self.member)


class DelegationPrize(ScopedModel):
    """A prize the delegation won in one event (an athlete's, or the team's)."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="prizes", verbose_name="代表团"
    )
    event = models.ForeignKey(
        DelegationEvent, on_delete=models.PROTECT, related_name="prizes", verbose_name="项目"
    )
    athlete = models.ForeignKey(
        DelegationAthlete, null=True, blank=True, on_delete=models.PROTECT, related_name="prizes"
    )
    prize = models.CharField("奖项", max_length=60)

    class Meta:
        ordering = ["delegation", "event", "id"]
        verbose_name = "获奖"

    def __str__(self) -> str:
        return self.prize
