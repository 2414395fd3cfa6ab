"""Targets (REPORT-2, issue #13): the value an organization is to reach for an indicator in
a year. The figure it is judged on is never stored here: it is the indicator's, computed
from records (core.indicators)."""

from django.conf import settings
from django.db import models

from gonghui.core.actors import ActorKind
from gonghui.core.models import ScopedModel, VersionedModel


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"


class Target(ScopedModel, VersionedModel):
    """A target for one indicator, one year and one organization ("已建工会非公企业厂务公开
    建制率 ≥ 80%"). The district sets its own and the towns', a town its grassroots unions'
    (reports.services). `code` names an indicator of the catalog; a row may name one whose
    app has not registered it yet (the report's democracy and finance targets): the page
    shows it as pending. `org_path` is the organization's path, rewritten when it moves."""

    code = models.CharField("指标代码", max_length=80)
    year = models.PositiveSmallIntegerField("年度")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="组织"
    )
    # for a rate a percentage (80 = 80%); a count or a sum in the indicator's unit
    value = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    comparison = models.CharField(
        "要求", max_length=10, choices=Comparison, default=Comparison.AT_LEAST
    )
    note = models.CharField("说明", max_length=300, blank=True)
    # who set it last (core.actors: a person, or the system for the demo's rows)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="设定人",
    )
    set_by_kind = models.CharField(
        "设定人类型", max_length=10, choices=ActorKind, default=ActorKind.PERSON
    )
    set_by_name = models.CharField("设定人姓名", max_length=150, blank=True)
    set_at = models.DateTimeField("设定时间")

    class Meta:
        ordering = ["year", "org_path", "code", "id"]
        verbose_name = "目标"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "year", "organization"], name="target_one_per_code_year_org"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="target_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["year", "org_path"])]

    @property
    def sign(self) -> str:
        return "≥" if self.comparison == Comparison.AT_LEAST else "≤"

    def __str__(self) -> str:
        return f"{self.organization.name} {self.year}年目标（{self.code}）"
