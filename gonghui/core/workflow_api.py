"""One API endpoint per workflow: `POST <path>` with `{"action": ..., "version": ..., ...}`.

The body is one of the transitions' schemas, told apart by `action` (a discriminated union,
so the OpenAPI document lists every transition's input). A schema may define
`service_kwargs(self, user)` to turn ids into rows through the data scope; otherwise its
fields (without `action`) are the service's keyword arguments.
"""

from typing import Annotated, Any, Literal, Union

from ninja import Router, Schema
from pydantic import Field, create_model

from .scope import access
from .workflow import Transition, Workflow


class VersionIn(Schema):
    version: int


def _schema(t: Transition) -> type[Schema]:
    base = t.schema_class
    return create_model(
        f"{base.__name__}_{t.name}",
        __base__=base,
        action=(Literal[t.name], ...),
    )


def _kwargs(payload: Any, user: Any) -> dict[str, Any]:
    if hasattr(payload, "service_kwargs"):
        return payload.service_kwargs(user)
    return payload.dict(exclude={"action"})


def add_action_endpoint(router: Router, path: str, flow: Workflow, response: Any) -> None:
    """Mount `POST path` (with `{pk}`) dispatching every transition that has a service."""
    transitions = [t for t in flow.transitions.values() if t.service]
    schemas = tuple(_schema(t) for t in transitions)
    if len(schemas) == 1:
        Payload = schemas[0]  # noqa: N806
    else:
        Payload = Annotated[Union[schemas], Field(discriminator="action")]  # noqa: N806, UP007
    by_name = {t.name: t for t in transitions}

    def act(request, pk: int, payload: Payload):
        obj = access(flow.model, request.user, pk, flow.view_permission)
        t = by_name[payload.action]
        return t.service_fn(
            actor=request.user, **{flow.object_arg: obj}, **_kwargs(payload, request.user)
        )

    act.__name__ = f"{flow.name.replace('.', '_')}_action"
    labels = "、".join(f"{t.name}（{t.label}）" for t in transitions)
    router.post(
        path,
        response=response,
        operation_id=act.__name__,
        summary=f"{flow.name} 流程操作",
        description=labels,
    )(act)
