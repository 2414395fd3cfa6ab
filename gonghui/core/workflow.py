"""The workflow mechanism: states, transitions as guarded service calls, events, optimistic lock.

A workflow model has `state` and `version` fields (see `WorkflowModel`). Each transition
runs guard → atomic → select_for_update → version check → mutate → save → event → audit.
Apps declare one `Workflow` per model next to its choices and call `transition()` from
their services; views, API, imports and tasks all go through those services.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from .audit import audit_record, register_actions
from .errors import ConflictError, PermissionDenied, TransitionNotAllowed
from .models import WorkflowEvent

Guard = Callable[[Any, Any], None]  # (locked row, actor) -> raises ApplicationError


class WorkflowModel(models.Model):
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str | None = None
    guards: tuple[Guard, ...] = field(default=())


class Workflow:
    def __init__(
        self, name: str, state_choices: type[models.TextChoices], transitions: Iterable[Transition]
    ):
        self.name = name
        self.states = state_choices
        self.transitions = {t.name: t for t in transitions}
        register_actions({f"{name}.{t.name}": t.label for t in self.transitions.values()})

    def state_label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def available(self, obj: Any, actor: Any) -> list[Transition]:
        """Transitions `actor` may take from the row's current state (for buttons)."""
        return [
            t
            for t in self.transitions.values()
            if obj.state in t.sources and (t.permission is None or actor.can(t.permission))
        ]

    def transition(
        self,
        obj: Any,
        name: str,
        *,
        actor: Any,
        version: int | None,
        note: str = "",
        changes: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
    ) -> Any:
        t = self.transitions[name]
        if t.permission and not actor.can(t.permission):
            raise PermissionDenied("您没有权限执行此操作。")
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            self._check(locked, t, version)
            from_state = locked.state
            changes = changes or {}
            for attr, value in changes.items():
                setattr(locked, attr, value)
            for guard in t.guards:  # guards see the row as it would be after the transition
                guard(locked, actor)
            locked.state = t.target
            locked.version += 1
            locked.save(update_fields=["state", "version", *changes, *self._touch(locked)])
            self._record(locked, t, actor, from_state, note, data)
        return locked

    def _check(self, locked: Any, t: Transition, version: int | None) -> None:
        if version is not None and int(version) != locked.version:
            raise ConflictError("该记录已被他人修改，请刷新页面查看最新内容后再操作。")
        if locked.state not in t.sources:
            raise TransitionNotAllowed(
                f"当前状态为「{self.state_label(locked.state)}」，不能执行「{t.label}」。"
            )

    @staticmethod
    def _touch(obj: Any) -> list[str]:
        return ["updated_at"] if hasattr(obj, "updated_at") else []

    def _record(
        self, obj: Any, t: Transition, actor: Any, from_state: str, note: str, data: dict | None
    ) -> None:
        WorkflowEvent.objects.create(
            workflow=self.name,
            object_id=str(obj.pk),
            from_state=from_state,
            to_state=t.target,
            action=t.name,
            actor=actor,
            actor_name=actor.get_username(),
            note=note,
            data=data or {},
        )
        audit_record(
            actor=actor,
            action=f"{self.name}.{t.name}",
            target=obj,
            data={"state": [from_state, t.target], "note": note, **(data or {})},
        )

    def record_start(self, obj: Any, *, actor: Any, note: str = "") -> None:
        """Event for a row created straight into its first state."""
        WorkflowEvent.objects.create(
            workflow=self.name,
            object_id=str(obj.pk),
            from_state="",
            to_state=obj.state,
            action="created",
            actor=actor,
            actor_name=actor.get_username(),
            note=note,
        )

    def events(self, obj: Any) -> models.QuerySet:
        return WorkflowEvent.objects.filter(workflow=self.name, object_id=str(obj.pk))
