"""The workflows of the harmonious-relations rating (DEMO-3). State graphs in
docs/democracy.md.

A round is organized by the district or by a town (its own round, for its area). Its
organizer decides (`decides`): the district's reviewers any round, a town's its own.

An application: applied → town_reviewed (the town, in the district's round; one by a town's
or the district's own union, or to a town's round, skips it) → approved (the organizer, on
its scored sheet: the level the total reaches) → notice (taken by the round's notice) →
rated (the round closed). Rejected from applied (the town, in the district's round; or the
organizer), town_reviewed, approved or notice (the organizer; an upheld objection);
withdrawn by the applying union before the decision.

An award nomination: nominated → approved (the organizer) → awarded (the round closed);
rejected from nominated or approved.

A round: draft (the sheet editable) → open (applications) → reviewing → notice (the public
notice: every approved application goes to notice) → closed (levels and awards set).
"""

from typing import Any

from gonghui.core.errors import PermissionDenied
from gonghui.core.workflow import Transition, Workflow, app_step
from gonghui.orgs.choices import OrgKind

from ..choices import ApplicationState as A
from ..choices import AwardState as W
from ..choices import RatingRoundState as R

PACKAGE = "gonghui.democracy"
PART = "ratings"
MANAGE = "democracy.ratings.manage"
APPLY = "democracy.ratings.apply"
TOWN_REVIEW = "democracy.ratings.review.town"
DISTRICT_REVIEW = "democracy.ratings.review.district"
VIEW = "democracy.view"


def decides(round: Any, actor: Any) -> bool:
    """Who scores and decides a round's applications and awards: the district's reviewers
    (any round in their scope), a town's for the town's own round."""
    if actor.can(DISTRICT_REVIEW):
        return True
    return round.organizer.kind == OrgKind.TOWN and actor.can(TOWN_REVIEW)


def needs_town_review(row: Any) -> bool:
    """A grassroots union's application to the district's round passes its town first; a
    town's or the district's own union's does not, nor one to a town's own round."""
    return row.round.organizer.kind == OrgKind.DISTRICT and row.union.kind not in (
        OrgKind.TOWN,
        OrgKind.DISTRICT,
    )


def _decider(row: Any, actor: Any) -> None:
    if not decides(row.round, actor):
        raise PermissionDenied("只有组织本次评定的区总工会或镇街工会可以评审。")


def _town_step_applies(row: Any, actor: Any) -> None:
    if not needs_town_review(row):
        raise PermissionDenied("镇街或区级工会的申报、镇街自行组织的评定无需镇街审核。")


def _town_step_done(row: Any, actor: Any) -> None:
    if row.state == A.APPLIED and needs_town_review(row):
        raise PermissionDenied("基层工会的申报须先经镇街审核。")


def _may_reject(row: Any, actor: Any) -> None:
    # the town rejects what waits for it; the organizer at any step up to the notice
    if decides(row.round, actor):
        return
    if row.state == A.APPLIED and needs_town_review(row) and actor.can(TOWN_REVIEW):
        return
    raise PermissionDenied("您没有权限退回该申报。")


def _own_union(row: Any, actor: Any) -> None:
    if getattr(actor, "organization_id", None) != row.union_id:
        raise PermissionDenied("只有申报工会可以撤回申报。")


def _step(prefix: str, name: str, label: str, sources: tuple, target: str, permission, **kw):
    allowed = kw.pop("allowed", ())
    step = app_step(PACKAGE, PART, prefix, name, label, sources, target, permission, **kw)
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


def _bulk(name: str, label: str, sources: tuple[str, ...], target: str) -> Transition:
    """Taken by a round's action for all its rows at once: no button of its own."""
    return Transition(name, label, sources, target, MANAGE)


APPLICATION_WORKFLOW = Workflow(
    "democracy.rating_application",
    A,
    [
        _step(
            "application", "town_review", "镇街审核通过", (A.APPLIED,), A.TOWN_REVIEWED,
            TOWN_REVIEW, allowed=(_town_step_applies,), form="NoteForm", schema="NoteIn",
        ),
        _step(
            "application", "approve", "区总工会评审通过", (A.APPLIED, A.TOWN_REVIEWED),
            A.APPROVED, None, allowed=(_decider, _town_step_done), form="NoteForm",
            schema="NoteIn",
            confirm="确定按评分评审通过「{obj}」吗？通过后将按总分确定等级，列入公示名单。",
        ),
        _step(
            "application", "reject", "不予通过",
            (A.APPLIED, A.TOWN_REVIEWED, A.APPROVED, A.NOTICE), A.REJECTED, None,
            allowed=(_may_reject,), form="ReasonForm", schema="ReasonIn",
            confirm="确定「{obj}」不予通过吗？理由将告知申报工会，不能恢复。",
        ),
        _step(
            "application", "withdraw", "撤回申报", (A.APPLIED, A.TOWN_REVIEWED), A.WITHDRAWN,
            APPLY, allowed=(_own_union,),
            confirm="确定撤回「{obj}」的申报吗？撤回后不能恢复。",
        ),
        _bulk("notice", "列入公示", (A.APPROVED,), A.NOTICE),
        _bulk("rate", "公布评定结果", (A.NOTICE,), A.RATED),
    ],
    model="democracy.RatingApplication",
    object_arg="application",
    view_permission=VIEW,
    detail_url="democracy:application_detail",
)  # fmt: skip


AWARD_WORKFLOW = Workflow(
    "democracy.award",
    W,
    [
        _step(
            "award", "approve", "评审通过", (W.NOMINATED,), W.APPROVED, None,
            allowed=(_decider,), form="NoteForm", schema="NoteIn",
            confirm="确定评审通过「{obj}」吗？通过后将列入公示名单。",
        ),
        _step(
            "award", "reject", "不予通过", (W.NOMINATED, W.APPROVED), W.REJECTED,
            None, allowed=(_decider,), form="ReasonForm", schema="ReasonIn",
            confirm="确定「{obj}」不予通过吗？不能恢复。",
        ),
        _bulk("award", "表扬", (W.APPROVED,), W.AWARDED),
    ],
    model="democracy.AwardNomination",
    object_arg="award",
    view_permission=VIEW,
    detail_url="democracy:award_detail",
)  # fmt: skip


ROUND_WORKFLOW = Workflow(
    "democracy.rating_round",
    R,
    [
        _step(
            "round", "open", "开始接受申报", (R.DRAFT,), R.OPEN, MANAGE,
            confirm="确定开始接受「{obj}」的申报吗？开始后评分标准不能再修改。",
        ),
        _step(
            "round", "review", "截止申报，开始评审", (R.OPEN,), R.REVIEWING, MANAGE,
            confirm="确定截止「{obj}」的申报吗？截止后各工会不能再申报和推荐。",
        ),
        _step(
            "round", "notice", "发布公示", (R.REVIEWING,), R.NOTICE, MANAGE,
            form="NoticeForm", schema="NoticeIn",
            confirm="确定发布「{obj}」的公示吗？评审通过的企业和个人将在公示页面向社会公开。",
        ),
        _step(
            "round", "close", "公布评定结果", (R.NOTICE,), R.CLOSED, MANAGE,
            form="CloseForm", schema="CloseIn",
            confirm="确定公布「{obj}」的评定结果吗？各企业的等级和有效期、表扬名单将生效，不能撤回。",
        ),
    ],
    model="democracy.RatingRound",
    object_arg="round",
    view_permission=VIEW,
    detail_url="democracy:round_detail",
)  # fmt: skip
