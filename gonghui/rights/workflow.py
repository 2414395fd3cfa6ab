"""The case workflow (RIGHTS-1). State graph in docs/workflows.md and docs/rights.md.

registered → accepted | declined → assigned → in_progress → concluded → closed;
reopen (concluded/closed → in_progress), reconsider (declined → registered), merge
(registered/accepted → closed as a duplicate), extend (in_progress, once), feedback (the
worker's evaluation on the tracking page closes a concluded case).

Each transition names its service, its page form and its API schema, so the one generic
page action (core.workflow_views) and the one API endpoint (core.workflow_api) dispatch
them all, and the detail page's buttons come from `available()`.
"""

from typing import Any

from gonghui.core.actors import ActorKind, actor_kind
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.workflow import Transition, Workflow

from .choices import CaseState as S

SERVICES = "gonghui.rights.services.handling"
FORMS = "gonghui.rights.forms"
SCHEMAS = "gonghui.rights.schemas"
# The worker portal's channel: the complaint pages (services.portal.PORTAL_ACTOR).
COMPLAINT_CHANNEL = "rights.complaint"


def _has_assignee(case: Any, actor: Any) -> None:
    if not (case.station_id or case.lawyer_id or case.assigned_org_id):
        raise ApplicationError("请选择承办的工作站、律师或镇街工会。", field="station")


def _has_outcome(case: Any, actor: Any) -> None:
    if not case.outcome:
        raise ApplicationError("请选择办理结果。", field="outcome")


def _the_worker_only(case: Any, actor: Any) -> None:
    """The feedback is the worker's, given on the tracking page with the code and phone;
    no staff role holds it, and the portal holds no staff permission."""
    if actor_kind(actor) != ActorKind.PORTAL or actor.name != COMPLAINT_CHANNEL:
        raise PermissionDenied("职工评价只能由职工在查询页面提交。")


def _step(
    name: str,
    label: str,
    sources: tuple[str, ...],
    target: str,
    permission: str,
    *,
    form: str = "",
    schema: str = "",
    guards: tuple = (),
    confirm: str = "",
) -> Transition:
    """A transition served by `case_<name>` in services.handling."""
    return Transition(
        name,
        label,
        sources,
        target,
        permission,
        guards=guards,
        service=f"{SERVICES}.case_{name}",
        form=f"{FORMS}.{form}" if form else None,
        schema=f"{SCHEMAS}.{schema}" if schema else None,
        confirm=confirm,
    )


CASE_WORKFLOW = Workflow(
    "rights.case",
    S,
    [
        _step(
            "accept",
            "受理",
            (S.REGISTERED,),
            S.ACCEPTED,
            "rights.register",
            form="AcceptForm",
            schema="AcceptIn",
        ),
        _step(
            "decline",
            "不予受理",
            (S.REGISTERED,),
            S.DECLINED,
            "rights.register",
            form="ReasonForm",
            schema="ReasonIn",
            confirm="确定对「{obj}」不予受理吗？理由将书面告知职工。",
        ),
        _step(
            "assign",
            "交办",
            (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS),
            S.ASSIGNED,
            "rights.register",
            form="AssignForm",
            schema="AssignIn",
            guards=(_has_assignee,),
        ),
        _step("start", "开始办理", (S.ASSIGNED,), S.IN_PROGRESS, "rights.handle"),
        _step(
            "extend",
            "延长办理期限",
            (S.IN_PROGRESS,),
            S.IN_PROGRESS,
            "rights.handle",
            form="ExtendForm",
            schema="ExtendIn",
        ),
        _step(
            "conclude",
            "办结",
            (S.IN_PROGRESS,),
            S.CONCLUDED,
            "rights.handle",
            form="ConcludeForm",
            schema="ConcludeIn",
            guards=(_has_outcome,),
        ),
        _step(
            "close",
            "结案",
            (S.CONCLUDED,),
            S.CLOSED,
            "rights.handle",
            form="CloseForm",
            schema="CloseIn",
            confirm="确定将「{obj}」结案吗？结案后职工不能再评价，重新办理须说明理由。",
        ),
        _step(
            "reopen",
            "重新办理",
            (S.CONCLUDED, S.CLOSED),
            S.IN_PROGRESS,
            "rights.register",
            form="ReasonForm",
            schema="ReasonIn",
        ),
        _step(
            "reconsider",
            "重新审查",
            (S.DECLINED,),
            S.REGISTERED,
            "rights.register",
            form="ReasonForm",
            schema="ReasonIn",
        ),
        # No service: merging is offered beside each possible duplicate on the detail page
        # and its own view (views.cases.case_merge) redirects to the original case.
        Transition("merge", "合并重复件", (S.REGISTERED, S.ACCEPTED), S.CLOSED, "rights.register"),
        # No service and no permission: the worker's feedback on the tracking page
        # (services.portal), taken by the worker portal only (a who-may guard).
        Transition(
            "feedback", "职工评价结案", (S.CONCLUDED,), S.CLOSED, allowed=(_the_worker_only,)
        ),
    ],
    model="rights.Case",
    object_arg="case",
    # Opening a case needs rights.view (a role without it gets the same 403 for any pk);
    # each service then requires its transition's own permission (services.handling._may).
    view_permission="rights.view",
    detail_url="rights:case_detail",
)
