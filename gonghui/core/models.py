import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from .actors import ActorKind
from .scope import ScopedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimeStampedModel):
    """A row that belongs to an organization subtree (PLAT-1).

    `org_path` is the owning organization's materialized path, denormalized so that
    `visible_to(user)` is one indexed prefix filter. `orgs.services.organization_move`
    rewrites it for every scoped model when a subtree moves.
    """

    org_path = models.CharField("组织路径", max_length=255, db_index=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row people edit: `version` is the optimistic lock (core.edit, core.workflow)."""

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(ScopedQuerySet):
    """Bulk update/delete would bypass the row-level guards below; refuse them too."""

    def update(self, **kwargs):
        raise RuntimeError("审计日志只能追加，不能修改。")

    def delete(self):
        raise RuntimeError("审计日志不能删除。")


class AuditEntry(models.Model):
    """Append-only record of a write or a sensitive read (PLAT-2).

    Kept at least AUDIT_RETENTION_DAYS (网络安全法: 6 months); nothing in the application
    deletes entries. Archiving older entries is an operations task (docs/operations.md).
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(
        "操作人类型", max_length=10, choices=ActorKind, default=ActorKind.PERSON, db_index=True
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    success = models.BooleanField("成功", default=True)
    target_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    target_id = models.CharField("对象ID", max_length=64, blank=True, db_index=True)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    org_path = models.CharField("组织路径", max_length=255, blank=True, db_index=True)
    data = models.JSONField("内容", default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计日志"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计日志不能删除。")


class WorkflowEvent(models.Model):
    """One row per state transition of any workflow (cases, transfers, elections …)."""

    workflow = models.CharField("流程", max_length=60, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, db_index=True)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40)
    action = models.CharField("动作", max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(
        "操作人类型", max_length=10, choices=ActorKind, default=ActorKind.PERSON
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", max_length=5000, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["workflow", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.workflow}#{self.object_id} {self.from_state}→{self.to_state}"


class Job(ScopedModel):
    """A long piece of work run in the background, with progress a page can poll (PLAT-5)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=60)
    title = models.CharField("名称", max_length=200)
    status = models.CharField("状态", max_length=20, choices=Status, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField("已处理", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.CharField("结果文件", max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "后台任务"

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but its heartbeat is older than the lease: its worker died (core.jobs)."""
        lease = datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
        return self.status == self.Status.RUNNING and self.updated_at < timezone.now() - lease


class Notification(models.Model):
    """A message to a staff user about any row (a case, a transfer, a grant …) (core.notify).

    The row is what the recipient sees in the page's notification list; each configured
    channel (console, SMS, e-mail) is sent by a background task after the commit.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField("内容", max_length=300)
    target_type = models.CharField("对象类型", max_length=80, blank=True)
    target_id = models.CharField("对象ID", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    url = models.CharField("链接", max_length=255, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    delivered = models.JSONField("已发送渠道", default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通知"
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


class PeriodicRun(models.Model):
    """One run of a registered periodic job (core.periodic): when, how it ended, its result."""

    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    name = models.CharField("任务", max_length=80, db_index=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status, default=Status.RUNNING)
    result = models.JSONField("结果", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "定时任务记录"

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"
