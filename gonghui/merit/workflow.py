"""The workflows of honors (MERIT-1). State graphs in docs/merit.md.

A nomination: submitted → town_reviewed (the town; a nomination by a town-level or
district-level union skips it) → approved (the district) → notice (when its round's public
notice starts) → awarded (the round awarded) or, for a type conferred above the district,
recommended → its upward outcome recorded (an award creates an Honor). Rejected from
submitted, town_reviewed, approved or notice (an upheld objection); withdrawn by the
nominating union before the approval.

A round: draft → open (nominations) → reviewing → notice (the public notice: every approved
nomination goes to notice) → closed (awarded, or recommended upward).
"""

from typing import Any

from gonghui.core.errors import PermissionDenied
from gonghui.core.workflow import Transition, Workflow, app_step
from gonghui.orgs.choices import OrgKind

from .choices import NominationState as N
from .choices import RoundState as R

PACKAGE = "gonghui.merit"
TOWN_REVIEW = "merit.review.town"
DISTRICT_REVIEW = "merit.review.district"
NOMINATE = "merit.nominate"
ROUNDS = "merit.rounds.manage"


def by_grassroots(nomination: Any) -> bool:
    """A grassroots union's nominee passes the town first; a town's or the district's not."""
    return nomination.union.kind not in (OrgKind.TOWN, OrgKind.DISTRICT)


def _town_step_applies(nomination: Any, actor: Any) -> None:
    if not by_grassroots(nomination):
        raise PermissionDenied("镇街或区级工会推荐的对象无需镇街审核。")


def _town_step_done(nomination: Any, actor: Any) -> None:
    if nomination.state == N.SUBMITTED and by_grassroots(nomination):
        raise PermissionDenied("基层工会推荐的对象须先经镇街审核。")


def _may_reject(nomination: Any, actor: Any) -> None:
    # the town rejects what waits for it; the district at any step up to the notice
    if actor.can(DISTRICT_REVIEW):
        return
    if nomination.state == N.SUBMITTED and actor.can(TOWN_REVIEW):
        return
    raise PermissionDenied("您没有权限退回该推荐对象。")


def _own_union(nomination: Any, actor: Any) -> None:
    if getattr(actor, "organization_id", None) != nomination.union_id:
        raise PermissionDenied("只有推荐工会可以撤回推荐。")


def _nomination(*args: Any, **kwargs: Any) -> Transition:
    """Served by `services.honors.nomination_<name>`."""
    return app_step(PACKAGE, "honors", "nomination", *args, **kwargs)


def _bulk(name: str, label: str, sources: tuple[str, ...], target: str) -> Transition:
    """Taken by a round's action for all its nominees at once: no button of its own."""
    return Transition(name, label, sources, target, ROUNDS)


NOMINATION_WORKFLOW = Workflow(
    "merit.nomination",
    N,
    [
        Transition(
            "town_review",
            "镇街审核通过",
            (N.SUBMITTED,),
            N.TOWN_REVIEWED,
            TOWN_REVIEW,
            allowed=(_town_step_applies,),
            service="gonghui.merit.services.honors.nomination_town_review",
            form="gonghui.merit.forms.honors.NoteForm",
            schema="gonghui.merit.schemas.honors.NoteIn",
        ),
        Transition(
            "approve",
            "区总工会评审通过",
            (N.SUBMITTED, N.TOWN_REVIEWED),
            N.APPROVED,
            DISTRICT_REVIEW,
            allowed=(_town_step_done,),
            service="gonghui.merit.services.honors.nomination_approve",
            form="gonghui.merit.forms.honors.NoteForm",
            schema="gonghui.merit.schemas.honors.NoteIn",
            confirm="确定评审通过「{obj}」吗？通过后将在公示开始时列入公示名单。",
        ),
        Transition(
            "reject",
            "不予通过",
            (N.SUBMITTED, N.TOWN_REVIEWED, N.APPROVED, N.NOTICE),
            N.REJECTED,
            None,
            allowed=(_may_reject,),
            service="gonghui.merit.services.honors.nomination_reject",
            form="gonghui.merit.forms.honors.ReasonForm",
            schema="gonghui.merit.schemas.honors.ReasonIn",
            confirm="确定「{obj}」不予通过吗？理由将告知推荐工会，不能恢复。",
        ),
        Transition(
            "withdraw",
            "撤回推荐",
            (N.SUBMITTED, N.TOWN_REVIEWED),
            N.WITHDRAWN,
            NOMINATE,
            allowed=(_own_union,),
            service="gonghui.merit.services.honors.nomination_withdraw",
            confirm="确定撤回对「{obj}」的推荐吗？撤回后不能恢复，可重新推荐。",
        ),
        _nomination(
            "outcome",
            "登记上级评定结果",
            (N.RECOMMENDED,),
            N.RECOMMENDED,
            DISTRICT_REVIEW,
            form="OutcomeForm",
            schema="OutcomeIn",
            confirm="确定登记「{obj}」的上级评定结果吗？获评的将记入荣誉名录。",
        ),
        _bulk("notice", "列入公示", (N.APPROVED,), N.NOTICE),
        _bulk("award", "表彰", (N.NOTICE,), N.AWARDED),
        _bulk("recommend", "向上级推荐", (N.NOTICE,), N.RECOMMENDED),
    ],
    model="merit.Nomination",
    object_arg="nomination",
    view_permission="merit.view",
    detail_url="merit:nomination_detail",
)


UPWARD_LEVELS = ("national", "provincial", "city")


def is_upward(round: Any) -> bool:
    """A type conferred above the district: the district recommends, the level above awards."""
    return round.honor_type.level in UPWARD_LEVELS


def _awarded_here(round: Any, actor: Any) -> None:
    if is_upward(round):
        raise PermissionDenied("该荣誉由上级授予，请「向上级推荐」。")


def _awarded_above(round: Any, actor: Any) -> None:
    if not is_upward(round):
        raise PermissionDenied("该荣誉由本级表彰，请「表彰」。")


def _round(
    name: str,
    label: str,
    sources: tuple[str, ...],
    target: str,
    *,
    form: str = "",
    schema: str = "",
    confirm: str = "",
    allowed: tuple = (),
) -> Transition:
    """A round transition served by `services.honors.round_<name>` (merit.rounds.manage)."""
    step = app_step(
        PACKAGE, "honors", "round", name, label, sources, target, ROUNDS,
        form=form, schema=schema, confirm=confirm,
    )  # fmt: skip
    return Transition(
        step.name,
        step.label,
        step.sources,
        step.target,
        step.permission,
        allowed=allowed,
        service=step.service,
        form=step.form,
        schema=step.schema,
        confirm=step.confirm,
    )


ROUND_WORKFLOW = Workflow(
    "merit.round",
    R,
    [
        _round("open", "开始接受推荐", (R.DRAFT,), R.OPEN),
        _round(
            "review",
            "截止推荐，开始评审",
            (R.OPEN,),
            R.REVIEWING,
            confirm="确定截止「{obj}」的推荐吗？截止后各工会不能再推荐。",
        ),
        _round(
            "notice",
            "发布公示",
            (R.REVIEWING,),
            R.NOTICE,
            form="NoticeForm",
            schema="NoticeIn",
            confirm="确定发布「{obj}」的公示吗？评审通过的对象将在公示页面向社会公开。",
        ),
        _round(
            "award",
            "表彰",
            (R.NOTICE,),
            R.CLOSED,
            form="AwardForm",
            schema="AwardIn",
            allowed=(_awarded_here,),
            confirm="确定表彰「{obj}」的公示对象吗？将为每个对象记入荣誉名录，不能撤回。",
        ),
        _round(
            "recommend",
            "向上级推荐",
            (R.NOTICE,),
            R.CLOSED,
            allowed=(_awarded_above,),
            confirm="确定将「{obj}」的公示对象推荐给上级吗？之后逐一登记上级评定结果。",
        ),
    ],
    model="merit.HonorRound",
    object_arg="round",
    view_permission="merit.view",
    detail_url="merit:round_detail",
)
