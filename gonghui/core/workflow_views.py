"""The one page action for every workflow transition (issue #9).

Each app mounts it once per workflow with `workflow_urls()`; a POST names the transition,
the transition names its form and service (`core.workflow.Transition`), and the row comes
through the data scope. `workflow_actions()` gives a detail page its buttons.
"""

from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .registry import registry
from .scope import access
from .views_utils import form_errors_to_messages, run_service
from .workflow import Transition, Workflow


def workflow_urls(workflow: Workflow, prefix: str, name: str) -> list:
    """`<prefix><int:pk>/<str:action>/` → the generic action for this workflow."""
    return [
        path(
            f"{prefix}<int:pk>/<str:action>/",
            transition_view,
            {"workflow": workflow.name, "url_name": name},
            name=name,
        )
    ]


def _transition(workflow_name: str, action: str) -> tuple[Workflow, Transition]:
    flow = registry["workflows"].get(workflow_name)
    t = flow.transitions.get(action) if flow else None
    if t is None or not t.service:
        raise Http404("未知的操作。")
    return flow, t


def service_input(form: Any) -> dict[str, Any]:
    """What a valid form gives the service: `service_kwargs()` if it has one."""
    if hasattr(form, "service_kwargs"):
        return form.service_kwargs()
    return dict(form.cleaned_data)


def perform(flow: Workflow, t: Transition, obj: Any, actor: Any, kwargs: dict[str, Any]) -> Any:
    return t.service_fn(actor=actor, **{flow.object_arg: obj}, **kwargs)


@login_required
@require_POST
def transition_view(request, pk: int, action: str, workflow: str, url_name: str):
    flow, t = _transition(workflow, action)
    obj = access(flow.model, request.user, pk, flow.view_permission)
    form = t.form_class(request.POST, user=request.user, obj=obj)
    done = form.is_valid() and run_service(
        form, lambda: perform(flow, t, obj, request.user, service_input(form))
    )
    if done:
        messages.success(request, f"已{t.label}。")
    else:
        form_errors_to_messages(request, form)
    target = getattr(done, "pk", None) or obj.pk
    return redirect(flow.detail_url, target)


class Action(NamedTuple):
    """One button of a detail page: the transition, its form (with the row's version), the
    URL it posts to, and the question to ask first (irreversible steps; else "")."""

    transition: Transition
    form: Any
    url: str
    confirm: str


def workflow_actions(
    flow: Workflow, obj: Any, user: Any, url_name: str, *, exclude: tuple[str, ...] = ()
) -> list[Action]:
    """The buttons to show: each transition the user may take now that has a service."""
    return [
        Action(
            t,
            t.form_class(initial={"version": obj.version}, user=user, obj=obj),
            reverse(url_name, args=[obj.pk, t.name]),
            t.confirm_text(obj),
        )
        for t in flow.available(obj, user)
        if t.service and t.name not in exclude
    ]
