"""The one background task: run a Job by id. Handlers are registered per job kind in core.jobs,
each with its queue (`job_start` enqueues on it: `run_job_task.using(queue_name=...)`)."""

from django_tasks import task


@task()
def run_job_task(job_id: int) -> None:
    from .jobs import run_job

    run_job(job_id)  # never raises: the worker lives on whatever the job did
