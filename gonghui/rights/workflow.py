"""The case workflow (RIGHTS-1). State graph in docs/rights.md.

registered → accepted | declined → assigned → in_progress → concluded → closed;
reopen (concluded/closed → in_progress), reconsider (declined → registered), merge
(registered/accepted → closed as a duplicate), extend (in_progress, once).
"""

from typing import Any

from gonghui.core.errors import ApplicationError
from gonghui.core.workflow import Transition, Workflow

from .choices import CaseState as S


def _has_assignee(case: Any, actor: Any) -> None:
    if not (case.station_id or case.lawyer_id or case.assigned_org_id):
        raise ApplicationError("请选择承办的工作站、律师或镇街工会。", field="station")


def _has_outcome(case: Any, actor: Any) -> None:
    if not case.outcome:
        raise ApplicationError("请选择办理结果。", field="outcome")


CASE_WORKFLOW = Workflow(
    "rights.case",
    S,
    [
        Transition("accept", "受理", (S.REGISTERED,), S.ACCEPTED, "rights.register"),
        Transition("decline", "不予受理", (S.REGISTERED,), S.DECLINED, "rights.register"),
        Transition(
            "assign",
            "交办",
            (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS),
            S.ASSIGNED,
            "rights.register",
            guards=(_has_assignee,),
        ),
        Transition("start", "开始办理", (S.ASSIGNED,), S.IN_PROGRESS, "rights.handle"),
        Transition("extend", "延长办理期限", (S.IN_PROGRESS,), S.IN_PROGRESS, "rights.handle"),
        Transition(
            "conclude",
            "办结",
            (S.IN_PROGRESS,),
            S.CONCLUDED,
            "rights.handle",
            guards=(_has_outcome,),
        ),
        Transition("close", "结案", (S.CONCLUDED,), S.CLOSED, "rights.handle"),
        Transition("reopen", "重新办理", (S.CONCLUDED, S.CLOSED), S.IN_PROGRESS, "rights.register"),
        Transition("reconsider", "重新审查", (S.DECLINED,), S.REGISTERED, "rights.register"),
        Transition("merge", "合并重复件", (S.REGISTERED, S.ACCEPTED), S.CLOSED, "rights.register"),
    ],
)
