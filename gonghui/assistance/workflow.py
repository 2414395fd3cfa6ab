"""The workflows of worker assistance (CARE-1, CARE-2). State graphs in docs/workflows.md
and docs/assistance.md.

A hardship file: submitted → reviewed (the town) → approved (the district); rejected at
either step; approved → exit_notice (the union proposes the exit, 5 working days of public
notice) → exited (the district, after the notice) or back to approved (withdrawn).

A grant: submitted → reviewed (the town) → approved (the district: budget and "paid once"
checked in its transaction) → paid or payment_failed (the bank's return, services.payments);
rejected at either step; a failed payment is approved again once its account is corrected.
"""

from gonghui.core.workflow import Transition, Workflow, app_step

from .choices import FileState as F
from .choices import GrantState as G

PACKAGE = "gonghui.assistance"


def _step(part: str, prefix: str, *args, **kwargs) -> Transition:
    """A transition served by `services.<part>.<prefix>_<name>` (core.workflow.app_step)."""
    return app_step(PACKAGE, part, prefix, *args, **kwargs)


def _file(*args, **kwargs) -> Transition:
    return _step("files", "file", *args, **kwargs)


def _grant(*args, **kwargs) -> Transition:
    return _step("grants", "grant", *args, **kwargs)


FILE_WORKFLOW = Workflow(
    "assistance.file",
    F,
    [
        _file(
            "review",
            "镇街审核通过",
            (F.SUBMITTED,),
            F.REVIEWED,
            "assistance.files.review",
            form="NoteForm",
            schema="NoteIn",
        ),
        _file(
            "approve",
            "审批建档",
            (F.REVIEWED,),
            F.APPROVED,
            "assistance.files.approve",
            form="NoteForm",
            schema="NoteIn",
        ),
        _file(
            "reject",
            "不予建档",
            (F.SUBMITTED, F.REVIEWED),
            F.REJECTED,
            "assistance.files.review",
            form="ReasonForm",
            schema="ReasonIn",
            confirm="确定不为「{obj}」建档吗？理由将告知申请工会。",
        ),
        _file(
            "propose_exit",
            "提出脱困退档（公示）",
            (F.APPROVED,),
            F.EXIT_NOTICE,
            "assistance.files.open",
            form="ExitForm",
            schema="ExitIn",
            confirm="确定对「{obj}」提出脱困退档吗？将公示5个工作日。",
        ),
        _file(
            "withdraw_exit",
            "撤回退档",
            (F.EXIT_NOTICE,),
            F.APPROVED,
            "assistance.files.open",
            form="ReasonForm",
            schema="ReasonIn",
        ),
        _file(
            "exit",
            "批准退档",
            (F.EXIT_NOTICE,),
            F.EXITED,
            "assistance.files.approve",
            confirm="确定批准「{obj}」脱困退档吗？退档后回访6个月，并书面告知职工。",
        ),
    ],
    model="assistance.HardshipFile",
    object_arg="file",
    view_permission="assistance.view",
    detail_url="assistance:file_detail",
)

GRANT_WORKFLOW = Workflow(
    "assistance.grant",
    G,
    [
        _grant(
            "review",
            "镇街审核通过",
            (G.SUBMITTED,),
            G.REVIEWED,
            "assistance.grants.review",
            form="NoteForm",
            schema="NoteIn",
        ),
        _grant(
            "approve",
            "批准",
            (G.REVIEWED,),
            G.APPROVED,
            "assistance.grants.approve",
            form="NoteForm",
            schema="NoteIn",
        ),
        _grant(
            "reject",
            "不予批准",
            (G.SUBMITTED, G.REVIEWED),
            G.REJECTED,
            "assistance.grants.review",
            form="ReasonForm",
            schema="ReasonIn",
            confirm="确定不批准「{obj}」吗？理由将告知申请工会。",
        ),
        _grant(
            "reissue",
            "更正账号后重新发放",
            (G.PAYMENT_FAILED,),
            G.APPROVED,
            "assistance.grants.pay",
            form="AccountForm",
            schema="AccountIn",
        ),
    ],
    model="assistance.Grant",
    object_arg="grant",
    view_permission="assistance.view",
    detail_url="assistance:grant_detail",
)
