"""The daily overdue run as a background job (same service as `manage.py rights_mark_overdue`)."""

from gonghui.core.jobs import JobProgress, job_handler
from gonghui.core.models import Job

from .services.common import today
from .services.overdue import cases_mark_overdue


@job_handler("rights.mark_overdue")
def mark_overdue_job(job: Job, progress: JobProgress) -> dict:
    return cases_mark_overdue(today=today(), progress=progress).as_dict()
