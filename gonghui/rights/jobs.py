"""The overdue check as a background job, for the staff button on /rights/cases/due/.

The same service `manage.py periodic` runs daily (rights/registrations.py), as the same
system actor: the person who pressed the button started the job, the system did the work.
"""

from gonghui.core.clock import today
from gonghui.core.jobs import JobProgress, job_handler
from gonghui.core.models import Job

from .services.overdue import OVERDUE_ACTOR, OVERDUE_JOB, cases_mark_overdue


@job_handler(OVERDUE_JOB)
def mark_overdue_job(job: Job, progress: JobProgress) -> dict:
    return cases_mark_overdue(today=today(), actor=OVERDUE_ACTOR, progress=progress).as_dict()
