"""The background job that runs an ImportRun, with progress on the job row."""

from typing import Any

from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import ApplicationError
from gonghui.core.jobs import JobLost, JobProgress, ensure_still_running, job_handler
from gonghui.core.models import Job

from .models import ImportRun
from .pipeline import execute

JOB_KIND = "importing.run"
# Their own queue and worker: a big import never keeps an export waiting (issue #12).
IMPORT_QUEUE = "imports"


@job_handler(JOB_KIND, queue=IMPORT_QUEUE)
def import_run_job(job: Job, progress: JobProgress) -> dict[str, Any]:
    run = ImportRun.objects.select_related("created_by").get(pk=job.params["run_id"])
    ImportRun.objects.filter(pk=run.pk).update(message="")
    progress.update(0, None, "正在读取文件…", force=True)

    def still_ours() -> None:
        # failed meanwhile as dead (this worker froze past its lease and woke): write nothing
        ensure_still_running(job)

    try:
        return execute(
            run, lambda done, total: progress.update(done, total, "正在导入…"), still_ours
        )
    except JobLost:
        raise  # the run is another job's now: its words stay
    except ApplicationError as exc:
        _failed(run, exc.message)
        raise
    except Exception:
        # Committed batches stay (each in its own transaction); "重新运行" resumes after them.
        _failed(run, "导入中断，已保存的批次不受影响，可点击“继续导入”从中断处继续。")
        raise


def _failed(run: ImportRun, message: str) -> None:
    """The run's words; the job (the run's status) is marked failed by core.jobs."""
    ImportRun.objects.filter(pk=run.pk).update(message=message[:500], finished_at=timezone.now())
    audit_record(
        actor=run.created_by,
        action="importing.run.failed",
        target=run,
        success=False,
        data={"kind": run.kind, "message": message},
    )
