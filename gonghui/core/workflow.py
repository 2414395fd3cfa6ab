"""The workflow mechanism: states, transitions as guarded service calls, events, optimistic lock.

A workflow model has a state field (`state`, or the `state_field` its Workflow names) and
`version` (see `VersionedModel`). Each app declares one `Workflow` per model in its
`workflow.py`; each `Transition` names the service that performs it and its input (a form
for the pages, a schema for the API), so one generic view (`core.workflow_views`) and one
API endpoint per workflow (`core.workflow_api`) dispatch every transition, and the buttons
come from `Workflow.available()`.

`Workflow.transition()` runs: permission → atomic → select_for_update → version check →
state check → who-may guards (`allowed`) → changes → row guards (`guards`) → save(update_fields)
→ `WorkflowEvent` → audit entry. Services call it; views, API, imports and tasks call the
services.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models, transaction
from django.utils.module_loading import import_string

from .actors import actor_kind, actor_label, actor_user
from .audit import audit_record, register_actions
from .edit import check_version
from .errors import PermissionDenied, TransitionNotAllowed
from .models import VersionedModel, WorkflowEvent
from .registry import registry

Guard = Callable[[Any, Any], None]  # (locked row, actor) -> raises ApplicationError

WorkflowModel = VersionedModel  # kept name: a workflow row is a versioned row


@dataclass(frozen=True)
class Transition:
    """One step. `service`, `form` and `schema` are dotted paths, imported when first used.

    - `service(actor=..., <workflow.object_arg>=row, **input)` performs it (and calls
      `Workflow.transition`); without one the step has no generic page or API action.
    - `form`: the page's input (default: version only); `form.service_kwargs()` if defined,
      else its cleaned data, becomes the service's keyword arguments.
    - `schema`: the API's input (default: version only); `schema.service_kwargs(user)` if
      defined, else its fields.
    - `allowed`: who-may guards (PermissionDenied); `available()` runs them to show buttons.
    - `guards`: row guards, run on the row as it would be after the transition.
    - `confirm`: for an irreversible step, the question the page asks first, saying what will
      happen; `{obj}` stands for the row ("确定为「{obj}」办理离会吗？…").
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str | None = None
    guards: tuple[Guard, ...] = field(default=())
    allowed: tuple[Guard, ...] = field(default=())
    service: str | None = None
    form: str | None = None
    schema: str | None = None
    confirm: str = ""

    def confirm_text(self, obj: Any) -> str:
        return self.confirm.format(obj=obj) if self.confirm else ""

    @cached_property
    def service_fn(self) -> Callable[..., Any]:
        return import_string(self.service)

    @cached_property
    def form_class(self) -> type:
        return import_string(self.form or "gonghui.core.forms.VersionForm")

    @cached_property
    def schema_class(self) -> type:
        return import_string(self.schema or "gonghui.core.workflow_api.VersionIn")


def app_step(
    package: str,
    part: str,
    prefix: str,
    name: str,
    label: str,
    sources: tuple[str, ...],
    target: str,
    permission: str | None,
    *,
    form: str = "",
    schema: str = "",
    confirm: str = "",
) -> Transition:
    """A transition laid out as the domain apps lay theirs: served by
    `<package>.services.<part>.<prefix>_<name>`, its page form in `<package>.forms.<part>`
    and its API body in `<package>.schemas.<part>` (default: the version only)."""
    return Transition(
        name,
        label,
        sources,
        target,
        permission,
        service=f"{package}.services.{part}.{prefix}_{name}",
        form=f"{package}.forms.{part}.{form}" if form else None,
        schema=f"{package}.schemas.{part}.{schema}" if schema else None,
        confirm=confirm,
    )


class Workflow:
    def __init__(
        self,
        name: str,
        state_choices: type[models.TextChoices],
        transitions: Iterable[Transition],
        *,
        model: str | None = None,
        object_arg: str = "obj",
        state_field: str = "state",
        view_permission: str | None = None,
        detail_url: str | None = None,
    ):
        """`model` ("app.Model"), `object_arg` (the service's keyword for the row),
        `view_permission` (to open the row) and `detail_url` (URL name taking the pk)
        let the generic view and API dispatch it."""
        self.name = name
        self.states = state_choices
        self.transitions = {t.name: t for t in transitions}
        self.model_label = model
        self.object_arg = object_arg
        self.state_field = state_field
        self.view_permission = view_permission
        self.detail_url = detail_url
        register_actions({f"{name}.{t.name}": t.label for t in self.transitions.values()})
        registry["workflows"][name] = self

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def state_label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def available(self, obj: Any, actor: Any) -> list[Transition]:
        """Transitions `actor` may take from the row's current state (for buttons)."""
        return [t for t in self.transitions.values() if self._may(t, obj, actor)]

    def _may(self, t: Transition, obj: Any, actor: Any) -> bool:
        if self.state_of(obj) not in t.sources:
            return False
        if t.permission and not actor.can(t.permission):
            return False
        try:
            for guard in t.allowed:
                guard(obj, actor)
        except PermissionDenied:
            return False
        return True

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
            for guard in t.allowed:
                guard(locked, actor)
            from_state = self.state_of(locked)
            changes = changes or {}
            for attr, value in changes.items():
                setattr(locked, attr, value)
            for guard in t.guards:  # guards see the row as it would be after the transition
                guard(locked, actor)
            setattr(locked, self.state_field, t.target)
            locked.version += 1
            touched = [self.state_field, "version", *changes, *self._touch(locked)]
            locked.save(update_fields=touched)
            self._record(locked, t, actor, from_state, note, data)
        return locked

    def _check(self, locked: Any, t: Transition, version: int | None) -> None:
        check_version(locked, version)
        if self.state_of(locked) not in t.sources:
            raise TransitionNotAllowed(
                f"当前状态为「{self.state_label(self.state_of(locked))}」，不能执行「{t.label}」。"
            )

    @staticmethod
    def _touch(obj: Any) -> list[str]:
        return ["updated_at"] if hasattr(obj, "updated_at") else []

    def _event(self, obj: Any, actor: Any, **fields: Any) -> WorkflowEvent:
        return WorkflowEvent.objects.create(
            workflow=self.name,
            object_id=str(obj.pk),
            actor=actor_user(actor),
            actor_kind=actor_kind(actor),
            actor_name=actor_label(actor),
            **fields,
        )

    def _record(
        self, obj: Any, t: Transition, actor: Any, from_state: str, note: str, data: dict | None
    ) -> None:
        self._event(
            obj,
            actor,
            from_state=from_state,
            to_state=t.target,
            action=t.name,
            note=note,
            data=data or {},
        )
        audit_record(
            actor=actor,
            action=f"{self.name}.{t.name}",
            target=obj,
            data={"state": [from_state, t.target], "note": note, **(data or {})},
        )

    def record_many(
        self,
        name: str,
        rows: Iterable[tuple[Any, str, str, str]],
        *,
        actor: Any,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> int:
        """The events and audit entries of transition `name` taken by a bulk update the
        caller made (its permission, locks and checks are the caller's): `rows` gives
        (pk, repr, org_path, from_state) of each row. Two bulk inserts, whatever the count."""
        from .audit import audit_records

        t = self.transitions[name]
        rows = list(rows)
        user, kind, label = actor_user(actor), actor_kind(actor), actor_label(actor)
        WorkflowEvent.objects.bulk_create(
            [
                WorkflowEvent(
                    workflow=self.name,
                    object_id=str(pk),
                    actor=user,
                    actor_kind=kind,
                    actor_name=label,
                    from_state=from_state,
                    to_state=t.target,
                    action=t.name,
                    note=note,
                    data=data or {},
                )
                for pk, _text, _path, from_state in rows
            ],
            batch_size=2000,
        )
        return audit_records(
            actor=actor,
            action=f"{self.name}.{t.name}",
            target_type=self.model._meta.label_lower,
            targets=(
                (pk, text, path, {"state": [from_state, t.target], "note": note, **(data or {})})
                for pk, text, path, from_state in rows
            ),
        )

    def record_start(self, obj: Any, *, actor: Any, note: str = "") -> None:
        """Event for a row created straight into its first state."""
        self._event(
            obj, actor, from_state="", to_state=self.state_of(obj), action="created", note=note
        )

    def events(self, obj: Any) -> models.QuerySet:
        return WorkflowEvent.objects.filter(workflow=self.name, object_id=str(obj.pk))
