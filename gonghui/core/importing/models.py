from django.conf import settings
from django.db import models

from gonghui.core.models import ScopedModel


class ImportStatus(models.TextChoices):
    """An import's status is its job's (`Job.Status`), in the import's own words."""

    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "中断"


class ImportRun(ScopedModel):
    """One upload of a spreadsheet and what became of its rows (MEM-2, ORG-2).

    Batches of rows are written in their own transactions; `last_batch` is the index of the
    last committed batch and the created/updated/unchanged counts grow in the same
    transaction, so a run interrupted halfway resumes after it (upserts are on the natural
    key, so even a full re-run changes nothing twice). `kind` is a registered import kind
    (core.importing.kinds); `target_id` the row every line goes into when the kind has a
    target (a union for a roster), and `org_path` its path, else the uploader's. The run's
    status is its current job's: there is one status, `Job.status`.
    """

    kind = models.CharField("导入类型", max_length=40)
    dry_run = models.BooleanField("试导入（不写入）", default=False)
    original_name = models.CharField("原文件名", max_length=255)
    file_format = models.CharField("文件格式", max_length=10)
    file_path = models.CharField("文件", max_length=255)  # relative to MEDIA_ROOT, never served
    report_path = models.CharField("错误报告", max_length=255, blank=True)
    target_id = models.PositiveBigIntegerField("导入到", null=True, blank=True)
    target_label = models.CharField("导入到", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    rejected = models.PositiveIntegerField("未导入", default=0)
    # Total and note rows under the roster ("合计 300人", "填表人：…"): not people, so neither
    # imported nor rejected. rows_total = created + updated + unchanged + rejected + skipped.
    skipped = models.PositiveIntegerField("跳过的合计或说明行", default=0)
    last_batch = models.IntegerField("已提交批次", default=-1)
    # The first rejected rows for the result page: [{"row", "column", "reason", "link"}].
    errors = models.JSONField(default=list, blank=True)
    # The header cells no column of the kind took, as written ("备注", "籍贯"): shown on the
    # result page, so a column the import leaves out is never silently ignored.
    ignored_columns = models.JSONField("未使用的列", default=list, blank=True)
    # The first skipped rows for the result page: [{"row", "text"}].
    skipped_rows = models.JSONField("跳过的行", default=list, blank=True)
    sheet_name = models.CharField("读取的工作表", max_length=100, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导入记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    def get_kind_display(self) -> str:
        from .kinds import kind_label

        return kind_label(self.kind)

    @property
    def status(self) -> str:
        return self.job.status if self.job_id else ImportStatus.FAILED

    def get_status_display(self) -> str:
        return ImportStatus(self.status).label

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def files_expired(self) -> bool:
        """Its roster and report were deleted after the retention period (core.retention)."""
        return self.is_finished and not self.file_path

    @property
    def nothing_changed(self) -> bool:
        return (
            self.status == ImportStatus.SUCCEEDED
            and not self.created
            and not self.updated
            and self.unchanged > 0
        )
