"""Workflow history for bulk-inserted demo rows, dated on the days the rows record.

A row built straight into its last state (a 2013 contract already in force) would have no
history, or one stamped with the day the demo was loaded; its page then says nothing of how
it got there. These events are those the workflow would have written, by the demo's system
actor, each at 09:00 on its day.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.utils import timezone

from gonghui.core.actors import ActorKind
from gonghui.core.models import WorkflowEvent

from .context import DEMO_ACTOR


def demo_event(
    workflow: str,
    pk: int,
    day: datetime.date,
    *,
    action: str,
    to_state: str,
    from_state: str = "",
    note: str = "",
) -> WorkflowEvent:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return WorkflowEvent(
        workflow=workflow,
        object_id=str(pk),
        from_state=from_state,
        to_state=to_state,
        action=action,
        actor_kind=ActorKind.SYSTEM,
        actor_name=DEMO_ACTOR.label,
        at=at,
        note=note,
    )


@contextmanager
def _own_times() -> Iterator[None]:
    # `at` is auto_now_add: bulk_create would stamp every event with the load's moment.
    field = WorkflowEvent._meta.get_field("at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def save_history(events: Iterable[WorkflowEvent]) -> int:
    rows = list(events)
    with _own_times():
        WorkflowEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
