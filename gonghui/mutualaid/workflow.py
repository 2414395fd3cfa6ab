"""The workflow of a mutual-aid claim (CARE-3). State graph in docs/workflows.md and
docs/mutualaid.md.

submitted → reviewed (the town) → approved (the district: the benefit computed again and the
yearly caps checked in its transaction, the member's enrollment row locked) → paid or
payment_failed (the bank's return, services.payouts); rejected at either step; a failed
payment is approved again once its account is corrected (services.payouts.claim_reissue).
"""

from gonghui.core.workflow import Transition, Workflow, app_step

from .choices import ClaimState as C
from .choices import PlanState

PACKAGE = "gonghui.mutualaid"


def _claim(*args, part: str = "claims", **kwargs) -> Transition:
    """A claim transition served by `services.<part>.claim_<name>` (core.workflow.app_step)."""
    return app_step(PACKAGE, part, "claim", *args, **kwargs)


CLAIM_WORKFLOW = Workflow(
    "mutualaid.claim",
    C,
    [
        _claim(
            "review",
            "镇街审核通过",
            (C.SUBMITTED,),
            C.REVIEWED,
            "mutualaid.claims.review",
            form="NoteForm",
            schema="NoteIn",
        ),
        _claim(
            "approve",
            "批准资助",
            (C.REVIEWED,),
            C.APPROVED,
            "mutualaid.claims.approve",
            form="NoteForm",
            schema="NoteIn",
            confirm="确定按核定金额批准「{obj}」吗？批准后进入发放名单。",
        ),
        _claim(
            "reject",
            "不予资助",
            (C.SUBMITTED, C.REVIEWED),
            C.REJECTED,
            "mutualaid.claims.review",
            form="ReasonForm",
            schema="ReasonIn",
            confirm="确定不予资助「{obj}」吗？理由将告知申请工会和职工。",
        ),
        _claim(
            "reissue",
            "更正账号后重新发放",
            (C.PAYMENT_FAILED,),
            C.APPROVED,
            "mutualaid.payouts.manage",
            form="AccountForm",
            schema="AccountIn",
            part="payouts",
        ),
    ],
    model="mutualaid.Claim",
    object_arg="claim",
    view_permission="mutualaid.view",
    detail_url="mutualaid:claim_detail",
)


def _plan(name: str, label: str, sources: tuple[str, ...], target: str, confirm: str = ""):
    """A plan-year transition served by `services.plans.plan_<name>` (district staff)."""
    return app_step(
        PACKAGE, "plans", "plan", name, label, sources, target, "mutualaid.plans.manage",
        confirm=confirm,
    )  # fmt: skip


# A plan year: 草拟 → 接受参保 → 已截止参保 (reopened if closed too early). Its figures are
# edited apart (services.plans.plan_update), frozen once a claim of the year is committed.
PLAN_WORKFLOW = Workflow(
    "mutualaid.plan",
    PlanState,
    [
        _plan("open", "开始接受参保", (PlanState.DRAFT,), PlanState.OPEN),
        _plan(
            "close",
            "截止参保",
            (PlanState.OPEN,),
            PlanState.CLOSED,
            confirm="确定截止「{obj}」的参保吗？截止后各工会不能再为本年度办理参保。",
        ),
        _plan("reopen", "重新接受参保", (PlanState.CLOSED,), PlanState.OPEN),
    ],
    model="mutualaid.PlanYear",
    object_arg="plan",
    view_permission="mutualaid.view",
    detail_url="mutualaid:plan_detail",
)
