"""Writes of the harmonious-relations rating (DEMO-3): rounds with their scoring sheet (the
default sheet copied in, editable while a draft), the round's workflow (open, review, public
notice, close), employers' applications through their union with the sheet filled from the
records, the district's scores and decision, objections (online from the public notice, or
recorded by staff) and their resolution, and the caring-employer and devoted-employee
awards. Closing sets each rated employer's level and `valid_until`, and the awards, in one
transaction."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.actors import portal_actor
from gonghui.core.audit import audit_record, register_actions
from gonghui.core.clock import today
from gonghui.core.crypto import blind_index
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.identity import normalize_phone, set_identity
from gonghui.core.locks import hold
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import (
    ApplicationState,
    AwardKind,
    AwardState,
    Channel,
    CriterionSource,
    ObjectionState,
    RatingLevel,
    RatingRoundState,
)
from ..models import (
    AwardNomination,
    RatingApplication,
    RatingCriterion,
    RatingObjection,
    RatingRound,
    RatingScore,
)
from ..rules import ratings as rules
from ..workflow.ratings import APPLICATION_WORKFLOW, AWARD_WORKFLOW, ROUND_WORKFLOW, decides

VIEW = "democracy.view"
MANAGE = "democracy.ratings.manage"
APPLY = "democracy.ratings.apply"
TOWN_REVIEW = "democracy.ratings.review.town"
DISTRICT_REVIEW = "democracy.ratings.review.district"
OBJECTIONS = "democracy.objections.manage"

OBJECTION_WINDOW = datetime.timedelta(hours=1)
OBJECTIONS_PER_IP = getattr(settings, "RATING_OBJECTIONS_PER_IP", 5)
OBJECTIONS_PER_PHONE = getattr(settings, "RATING_OBJECTIONS_PER_PHONE", 3)
PORTAL_ACTOR = portal_actor("rating_notice", "和谐劳动关系企业公示")

LIVE = (
    ApplicationState.APPLIED,
    ApplicationState.TOWN_REVIEWED,
    ApplicationState.APPROVED,
    ApplicationState.NOTICE,
    ApplicationState.RATED,
)
# An approved application may be scored again until its notice (a corrected sheet); its
# level follows the new total. Once published, only an objection changes it.
SCORABLE = (ApplicationState.APPLIED, ApplicationState.TOWN_REVIEWED, ApplicationState.APPROVED)

register_actions(
    {
        "democracy.rating_round.created": "新建和谐劳动关系评定",
        "democracy.rating_round.updated": "修改和谐劳动关系评定",
        "democracy.rating_criterion.saved": "修改评分标准",
        "democracy.rating_criterion.removed": "删除评分标准",
        "democracy.rating_application.created": "申报和谐劳动关系企业",
        "democracy.rating_application.scored": "评分",
        "democracy.rating_objection.created": "登记评定公示异议",
        "democracy.rating_objection.submitted_online": "网上提交评定公示异议",
        "democracy.rating_objection.resolved": "核实评定公示异议",
        "democracy.award.created": "推荐优秀企业家或优秀员工",
        "democracy.rating_rounds.exported": "导出和谐劳动关系评定",
        "democracy.rating_applications.exported": "导出和谐劳动关系企业申报",
        "democracy.rated_employers.exported": "导出和谐劳动关系企业名录",
        "democracy.awards.exported": "导出优秀企业家和员工",
    }
)


def application_url(pk: int) -> str:
    return reverse("democracy:application_detail", args=[pk])


def union_users(row: Any) -> list[User]:
    """Who hears of a decision: the applying union's active accounts and the applicant."""
    users = list(User.objects.filter(is_active=True, organization_id=row.union_id))
    if row.created_by_id and row.created_by.is_active and row.created_by not in users:
        users.append(row.created_by)
    return users


def _tell(application: RatingApplication, text: str) -> None:
    notify(
        recipients=union_users(application),
        target=application,
        url=application_url(application.pk),
        message=f"贵会申报的和谐劳动关系企业「{application.employer.name}」{text}",
    )


# ---- rounds and their sheet ------------------------------------------------------------------

ROUND_FIELDS = (
    "name",
    "applications_close_on",
    "notice_workdays",
    "valid_years",
    "min_score_a",
    "min_score_aa",
    "min_score_aaa",
    "note",
)


def _check_round(row: RatingRound, sheet_total: int | None) -> None:
    row.name = (row.name or "").strip()
    if not row.name:
        raise ApplicationError("请填写评定名称。", field="name")
    if not 1 <= int(row.notice_workdays or 0) <= 30:
        raise ApplicationError("公示期应为1至30个工作日。", field="notice_workdays")
    if not 1 <= int(row.valid_years or 0) <= 5:
        raise ApplicationError("有效期应为1至5年。", field="valid_years")
    thresholds = rules.Thresholds(row.min_score_a, row.min_score_aa, row.min_score_aaa)
    errors = rules.threshold_errors(thresholds, sheet_total if sheet_total is not None else 100)
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)


def round_create(
    *,
    actor: Any,
    year: int | None,
    organizer: Organization | None = None,
    name: str = "",
    applications_close_on: datetime.date | None = None,
    notice_workdays: int = 5,
    valid_years: int = 3,
    min_score_a: int = 80,
    min_score_aa: int = 90,
    min_score_aaa: int = 95,
    note: str = "",
) -> RatingRound:
    """A year's round by the district (or a town) in scope, its sheet the default one."""
    require(actor, MANAGE)
    if not year or not 1990 <= int(year) <= 2100:
        raise ApplicationError("年度应为四位数字年份，例如 2026。", field="year")
    organizer = organizer or getattr(actor, "organization", None)
    if organizer is None or organizer.kind not in (OrgKind.DISTRICT, OrgKind.TOWN):
        raise ApplicationError("组织单位应为区总工会或镇街总工会。", field="organizer")
    ensure_visible(actor, organizer)
    if RatingRound.objects.filter(year=year, organizer=organizer).exists():
        raise ApplicationError(f"{organizer.name}{year}年已有和谐劳动关系评定。", field="year")
    row = RatingRound(
        year=int(year),
        name=(name or "").strip() or f"{year}年度和谐劳动关系企业评定",
        organizer=organizer,
        applications_close_on=applications_close_on,
        notice_workdays=notice_workdays,
        valid_years=valid_years,
        min_score_a=min_score_a,
        min_score_aa=min_score_aa,
        min_score_aaa=min_score_aaa,
        note=(note or "").strip()[:2000],
        org_path=organizer.path,
    )
    _check_round(row, sum(p for _t, p, _s in rules.DEFAULT_SHEET))
    with transaction.atomic():
        row.save()
        RatingCriterion.objects.bulk_create(
            RatingCriterion(round=row, order=i, text=t, max_points=p, source=s)
            for i, (t, p, s) in enumerate(rules.DEFAULT_SHEET, start=1)
        )
        ROUND_WORKFLOW.record_start(row, actor=actor)
        audit_record(actor=actor, action="democracy.rating_round.created", target=row)
    return row


def sheet_total(round: RatingRound) -> int:
    return sum(round.criteria.values_list("max_points", flat=True))


def round_update(
    *, actor: Any, round: RatingRound, version: int | None, **changes: Any
) -> RatingRound:
    """The name, dates, notice days, validity and minimum scores, while a draft (the
    closing day and the note while open too)."""

    def clean(row: RatingRound) -> None:
        if row.state not in (RatingRoundState.DRAFT, RatingRoundState.OPEN):
            raise ApplicationError("评审开始后不能再修改评定信息。")
        _check_round(row, sheet_total(row))

    ensure_visible(actor, round, MANAGE)
    editable = (
        ROUND_FIELDS
        if round.state == RatingRoundState.DRAFT
        else ("name", "applications_close_on", "note")
    )
    refused = set(changes) - set(editable)
    if refused and any(changes[k] != getattr(round, k) for k in refused if hasattr(round, k)):
        raise ApplicationError("开始接受申报后只能修改名称、申报截止日期和说明。")
    return edit(
        RatingRound,
        round,
        actor=actor,
        version=version,
        permission=MANAGE,
        changes={k: v for k, v in changes.items() if k in editable},
        editable=editable,
        clean=clean,
        action="democracy.rating_round.updated",
    )


def _draft(round: RatingRound) -> RatingRound:
    locked = RatingRound.objects.select_for_update().get(pk=round.pk)
    if locked.state != RatingRoundState.DRAFT:
        raise ApplicationError("评定已开始接受申报，评分标准不能再修改。", field="round")
    return locked


def criterion_save(
    *,
    actor: Any,
    round: RatingRound,
    text: str,
    max_points: int | None,
    source: str = "",
    order: int | None = None,
    criterion: RatingCriterion | None = None,
) -> RatingCriterion:
    """A line of a draft round's sheet, new or changed."""
    ensure_visible(actor, round, MANAGE)
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请填写评分内容。", field="text")
    if max_points is None or not 1 <= int(max_points) <= 100:
        raise ApplicationError("分值应为1至100的整数。", field="max_points")
    if source not in CriterionSource.values:
        raise ApplicationError("数据来源不正确。", field="source")
    with transaction.atomic():
        locked = _draft(round)
        if criterion is not None and criterion.round_id != locked.pk:
            raise ApplicationError("该评分标准不属于本评定。", field="criterion")
        if (
            source
            and locked.criteria.filter(source=source)
            .exclude(pk=getattr(criterion, "pk", None))
            .exists()
        ):
            label = CriterionSource(source).label
            raise ApplicationError(f"已有取自「{label}」的评分标准。", field="source")
        row = criterion or RatingCriterion(round=locked)
        row.text, row.max_points, row.source = text[:200], int(max_points), source
        if order is not None:
            row.order = int(order)
        elif criterion is None:
            row.order = (locked.criteria.count() or 0) + 1
        row.save()
        audit_record(
            actor=actor,
            action="democracy.rating_criterion.saved",
            target=locked,
            data={
                "criterion": row.pk,
                "text": row.text,
                "points": row.max_points,
                "source": source,
            },
        )
    return row


def criterion_remove(*, actor: Any, round: RatingRound, criterion: RatingCriterion) -> None:
    ensure_visible(actor, round, MANAGE)
    with transaction.atomic():
        locked = _draft(round)
        if criterion.round_id != locked.pk:
            raise ApplicationError("该评分标准不属于本评定。", field="criterion")
        audit_record(
            actor=actor,
            action="democracy.rating_criterion.removed",
            target=locked,
            data={"criterion": criterion.pk, "text": criterion.text},
        )
        criterion.delete()


def round_open(*, actor: Any, round: RatingRound, version: int | None) -> RatingRound:
    """The sheet is fixed: at least one criterion, the minimum scores within its total."""
    ensure_visible(actor, round, MANAGE)

    def sheet_ready(row: RatingRound, _actor: Any) -> None:
        total = sheet_total(row)
        if not total:
            raise ApplicationError("评分标准为空，请先添加评分内容。", field="criteria")
        _check_round(row, total)

    with transaction.atomic():
        locked = RatingRound.objects.select_for_update().get(pk=round.pk)
        sheet_ready(locked, actor)
        return ROUND_WORKFLOW.transition(locked, "open", actor=actor, version=version)


def round_review(*, actor: Any, round: RatingRound, version: int | None) -> RatingRound:
    ensure_visible(actor, round, MANAGE)
    return ROUND_WORKFLOW.transition(round, "review", actor=actor, version=version)


def round_notice(
    *, actor: Any, round: RatingRound, version: int | None, starts_on: datetime.date | None = None
) -> RatingRound:
    """The public notice starts (today unless a later day is given) and runs the round's
    working days (rules.notice_period: holidays skipped); every approved application goes
    to notice (the approved awards are shown with them)."""
    ensure_visible(actor, round, MANAGE)
    start = starts_on or today()
    if start < today():
        raise ApplicationError("公示开始日期不能早于今天。", field="starts_on")
    until = rules.notice_period(start, round.notice_workdays)
    with transaction.atomic():
        approved = list(
            RatingApplication.objects.select_for_update()
            .filter(round_id=round.pk, state=ApplicationState.APPROVED)
            .order_by("pk")
        )
        awards = AwardNomination.objects.filter(round_id=round.pk, state=AwardState.APPROVED)
        if not approved and not awards.exists():
            raise ApplicationError("没有评审通过的企业或个人，不能发布公示。")
        done = ROUND_WORKFLOW.transition(
            round,
            "notice",
            actor=actor,
            version=version,
            changes={"notice_from": start, "notice_until": until},
            data={"notice_from": start.isoformat(), "notice_until": until.isoformat()},
        )
        for application in approved:
            APPLICATION_WORKFLOW.transition(
                application, "notice", actor=actor, version=application.version
            )
    return done


def ready_to_close(round: RatingRound, on: datetime.date) -> None:
    """No close before the notice has ended, nor with an objection open."""
    if round.notice_until is None or on <= round.notice_until:
        until = round.notice_until.isoformat() if round.notice_until else "—"
        raise ApplicationError(f"公示期至 {until}，公示期满后才能公布评定结果。")
    open_count = RatingObjection.objects.filter(
        application__round_id=round.pk, state=ObjectionState.OPEN
    ).count()
    if open_count:
        raise ApplicationError(f"还有{open_count}件公示异议未核实，核实后才能公布评定结果。")


def round_close(
    *,
    actor: Any,
    round: RatingRound,
    version: int | None,
    document_no: str,
    decided_on: datetime.date | None = None,
) -> RatingRound:
    """After the notice, with no open objection: each application in notice is rated (its
    level, valid `valid_years` years from the decision), each approved award given."""
    ensure_visible(actor, round, MANAGE)
    document_no = (document_no or "").strip()
    if not document_no:
        raise ApplicationError("请填写公布文号。", field="document_no")
    decided_on = decided_on or today()
    if decided_on > today():
        raise ApplicationError("公布日期不能晚于今天。", field="decided_on")
    with transaction.atomic():
        locked = RatingRound.objects.select_for_update().get(pk=round.pk)
        ready_to_close(locked, today())
        if decided_on <= locked.notice_until:
            raise ApplicationError("公布日期应在公示截止日期之后。", field="decided_on")
        until = rules.valid_until(decided_on, locked.valid_years)
        rated = list(
            RatingApplication.objects.select_for_update()
            .filter(round_id=locked.pk, state=ApplicationState.NOTICE)
            .select_related("employer")
            .order_by("pk")
        )
        awards = list(
            AwardNomination.objects.select_for_update()
            .filter(round_id=locked.pk, state=AwardState.APPROVED)
            .order_by("pk")
        )
        done = ROUND_WORKFLOW.transition(
            locked,
            "close",
            actor=actor,
            version=version,
            changes={"decided_on": decided_on, "document_no": document_no[:60]},
            data={"rated": len(rated), "awards": len(awards)},
        )
        for application in rated:
            moved = APPLICATION_WORKFLOW.transition(
                application,
                "rate",
                actor=actor,
                version=application.version,
                changes={"valid_until": until},
                data={"level": application.level, "valid_until": until.isoformat()},
            )
            _tell(moved, f"经公示无异议，评定为{moved.get_level_display()}（有效期至{until}）。")
        for award in awards:
            AWARD_WORKFLOW.transition(award, "award", actor=actor, version=award.version)
    return done


# ---- applications ----------------------------------------------------------------------------


def _fill_scores(application: RatingApplication, criteria: list[RatingCriterion]) -> None:
    """The record-read criteria from the records (with what they show), the others 0."""
    facts = _facts(application)
    for c in criteria:
        score = RatingScore(application=application, criterion=c)
        if c.source:
            score.points, score.source_note = rules.record_score(c.source, c.max_points, facts)
            score.from_records = True
        yield score


def _facts(application: RatingApplication) -> rules.Facts:
    from ..queries.ratings import facts_for

    return facts_for([application.employer_id], application.round.year)[application.employer_id]


def application_create(
    *,
    actor: Any,
    round: RatingRound,
    employer: Employer | None,
    level_applied: str,
    summary: str = "",
) -> RatingApplication:
    """An employer applies through its union to an open round in the user's reach; the
    sheet is filled from the records where it can be."""
    require(actor, APPLY)
    from ..queries.ratings import rounds_visible

    if not rounds_visible(actor).filter(pk=round.pk).exists():
        raise ApplicationError("所选评定不存在或不在您的范围内。", field="round")
    if employer is None:
        raise ApplicationError("请选择申报单位。", field="employer")
    ensure_visible(actor, employer)
    if not employer.union_id or not employer.union.is_active:
        raise ApplicationError(
            f"「{employer.name}」尚未建立工会，须通过本单位工会申报。", field="employer"
        )
    if level_applied not in RatingLevel.values:
        raise ApplicationError("请选择申报等级：A级、2A级或3A级。", field="level_applied")
    union = employer.union
    if not union.path.startswith(round.org_path):
        raise ApplicationError("该单位的工会不在本评定的组织范围内。", field="employer")
    row = RatingApplication(
        round=round,
        employer=employer,
        union=union,
        level_applied=level_applied,
        summary=(summary or "").strip()[:5000],
        created_by=actor if isinstance(actor, User) else None,
        org_path=union.path,
    )
    with transaction.atomic():
        locked = RatingRound.objects.select_for_update().get(pk=round.pk)
        if locked.state != RatingRoundState.OPEN:
            raise ApplicationError(
                f"「{locked.name}」当前为「{locked.get_state_display()}」，不接受申报。"
            )
        if locked.applications_close_on and today() > locked.applications_close_on:
            raise ApplicationError(
                f"「{locked.name}」已于 {locked.applications_close_on.isoformat()} 截止申报。"
            )
        taken = RatingApplication.objects.filter(round=locked, employer=employer)
        if taken.exists():
            raise ApplicationError(f"「{employer.name}」已申报本次评定。", field="employer")
        row.round = locked
        row.save()
        scores = list(_fill_scores(row, list(locked.criteria.order_by("order", "pk"))))
        RatingScore.objects.bulk_create(scores)
        row.total_score = rules.total_score(s.points for s in scores)
        row.save(update_fields=["total_score"])
        APPLICATION_WORKFLOW.record_start(row, actor=actor)
        audit_record(
            actor=actor,
            action="democracy.rating_application.created",
            target=row,
            data={"round": locked.pk, "level_applied": level_applied},
        )
    return row


def _ensure_decides(actor: Any, row: RatingApplication | AwardNomination) -> None:
    """In scope, and the round's organizer (the district, or a town for its own round)."""
    ensure_visible(actor, row, VIEW)
    if not decides(row.round, actor):
        raise PermissionDenied("只有组织本次评定的区总工会或镇街工会可以评审。")


def application_score(
    *,
    actor: Any,
    application: RatingApplication,
    version: int | None,
    points: dict[int, int],
    note: str = "",
) -> RatingApplication:
    """The round's organizer (workflow.decides) scores the reviewer's criteria (criterion
    id -> points, 0…its value); the record-read ones are read again from the records."""
    _ensure_decides(actor, application)
    with transaction.atomic():
        locked = (
            RatingApplication.objects.select_for_update()
            .select_related("round")
            .get(pk=application.pk)
        )
        check_version(locked, version)
        if locked.state not in SCORABLE:
            raise ApplicationError(
                f"申报当前为「{locked.get_state_display()}」，不能再评分。", field="points"
            )
        scores = {s.criterion_id: s for s in locked.scores.select_related("criterion")}
        wrong = set(map(int, points)) - set(scores)
        if wrong:
            raise ApplicationError("评分中有不属于本评定的评分标准。", field="points")
        facts = _facts(locked)
        before = {cid: s.points for cid, s in scores.items()}
        for cid, score in scores.items():
            c = score.criterion
            if c.source:
                score.points, score.source_note = rules.record_score(c.source, c.max_points, facts)
                continue
            if cid not in points:
                continue
            value = points[cid]
            if value is None or not 0 <= int(value) <= c.max_points:
                raise ApplicationError(
                    f"「{c.text}」的得分应为0至{c.max_points}分。", field=f"points_{cid}"
                )
            score.points = int(value)
        RatingScore.objects.bulk_update(scores.values(), ["points", "source_note"])
        locked.total_score = rules.total_score(s.points for s in scores.values())
        level_before = locked.level
        if locked.state == ApplicationState.APPROVED:
            locked.level = _rescored_level(locked)
        note = (note or "").strip()
        if note:
            locked.decision_note = note[:300]
        locked.version += 1
        locked.save(
            update_fields=["total_score", "level", "decision_note", "version", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="democracy.rating_application.scored",
            target=locked,
            data={
                "total": locked.total_score,
                "changed": {
                    str(cid): [before[cid], s.points]
                    for cid, s in scores.items()
                    if before[cid] != s.points
                },
                **({"level": [level_before, locked.level]} if level_before != locked.level else {}),
            },
        )
    return locked


def _level_reached(application: RatingApplication) -> str:
    """The level the total reaches on the round's thresholds, never above the level
    applied for; "" below A."""
    round = application.round
    thresholds = rules.Thresholds(round.min_score_a, round.min_score_aa, round.min_score_aaa)
    return rules.level_for(application.total_score or 0, thresholds, application.level_applied)


def _rescored_level(application: RatingApplication) -> str:
    """An approved application's level after a new score; below A it cannot stay approved
    (the district rejects it instead, saying why)."""
    level = _level_reached(application)
    if not level:
        round, total = application.round, application.total_score or 0
        raise ApplicationError(
            f"重新评分后总分{total}分，未达到A级最低分{round.min_score_a}分："
            "已通过的申报不能保留，请改为“不予通过”并说明理由。",
            field="points",
        )
    return level


def application_town_review(
    *, actor: Any, application: RatingApplication, version: int | None, note: str = ""
) -> RatingApplication:
    ensure_visible(actor, application, TOWN_REVIEW)
    note = (note or "").strip()
    return APPLICATION_WORKFLOW.transition(
        application,
        "town_review",
        actor=actor,
        version=version,
        note=note,
        changes={"decision_note": note[:300]} if note else {},
    )


def application_approve(
    *, actor: Any, application: RatingApplication, version: int | None, note: str = ""
) -> RatingApplication:
    """The level is the one the total reaches (never above the level applied for); a
    total below A cannot be approved."""
    _ensure_decides(actor, application)
    level = _level_reached(application)
    if not level:
        round, total = application.round, application.total_score or 0
        raise ApplicationError(
            f"总分{total}分，未达到A级最低分{round.min_score_a}分，不能评审通过。"
        )
    note = (note or "").strip()
    changes: dict[str, Any] = {"level": level}
    if note:
        changes["decision_note"] = note[:300]
    return APPLICATION_WORKFLOW.transition(
        application,
        "approve",
        actor=actor,
        version=version,
        note=note,
        changes=changes,
        data={"total": application.total_score or 0, "level": level},
    )


def application_reject(
    *, actor: Any, application: RatingApplication, version: int | None, reason: str
) -> RatingApplication:
    ensure_visible(actor, application)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予通过的理由。", field="reason")
    with transaction.atomic():
        done = APPLICATION_WORKFLOW.transition(
            application,
            "reject",
            actor=actor,
            version=version,
            note=reason,
            changes={"decision_note": reason[:300], "level": ""},
        )
        _tell(done, f"未通过评定：{reason}")
    return done


def application_withdraw(
    *, actor: Any, application: RatingApplication, version: int | None
) -> RatingApplication:
    ensure_visible(actor, application, APPLY)
    return APPLICATION_WORKFLOW.transition(application, "withdraw", actor=actor, version=version)


# ---- objections ------------------------------------------------------------------------------


def _objection(
    application: RatingApplication,
    *,
    channel: str,
    received_on: datetime.date,
    person_name: str,
    phone: str,
    content: str,
) -> RatingObjection:
    person_name = (person_name or "").strip()
    content = (content or "").strip()
    if channel not in Channel.values:
        raise ApplicationError("反映方式不正确。", field="channel")
    if not person_name:
        raise ApplicationError("请填写反映人的真实姓名（公示异议须实名）。", field="person_name")
    phone_value = normalize_phone(phone, field="phone")
    if not phone_value:
        raise ApplicationError("请填写反映人的联系电话（公示异议须实名）。", field="phone")
    if len(content) < 5:
        raise ApplicationError("请具体写明反映的问题（至少5个字）。", field="content")
    row = RatingObjection(
        application=application,
        channel=channel,
        received_on=received_on,
        person_name=person_name[:50],
        content=content[:3000],
        org_path=application.org_path,
    )
    set_identity(row, phone=phone_value)
    return row


def objection_record(
    *,
    actor: Any,
    application: RatingApplication,
    channel: str,
    person_name: str,
    phone: str,
    content: str,
    received_on: datetime.date | None = None,
) -> RatingObjection:
    """Staff record an objection that came by letter, phone or visit (real-name)."""
    ensure_visible(actor, application, OBJECTIONS)
    if application.state != ApplicationState.NOTICE:
        raise ApplicationError("该企业不在公示中，不能登记异议。", field="application")
    row = _objection(
        application,
        channel=channel,
        received_on=received_on or today(),
        person_name=person_name,
        phone=phone,
        content=content,
    )
    if row.received_on > today():
        raise ApplicationError("收到日期不能晚于今天。", field="received_on")
    with transaction.atomic():
        row.save()
        audit_record(
            actor=actor,
            action="democracy.rating_objection.created",
            target=row,
            data={"application": application.pk, "channel": channel},
        )
    return row


def ip_key(ip: str) -> str:
    return blind_index(ip or "unknown", purpose="ip")


def objection_submit_online(
    *, application_id: int, person_name: str, phone: str, content: str, ip: str = ""
) -> RatingObjection:
    """An objection from the public notice page (no account): real name and phone required,
    the phone stored encrypted; a few per address and per phone an hour."""
    application = (
        RatingApplication.objects.filter(pk=application_id, state=ApplicationState.NOTICE)
        .select_related("round")
        .first()
    )
    if application is None or application.round.state != RatingRoundState.NOTICE:
        raise ApplicationError("该企业不在公示中，不能提交异议。", field="application")
    if application.round.notice_until and today() > application.round.notice_until:
        raise ApplicationError("公示期已结束，不能再提交异议。", field="application")
    row = _objection(
        application,
        channel=Channel.ONLINE,
        received_on=today(),
        person_name=person_name,
        phone=phone,
        content=content,
    )
    row.ip = ip or None
    since = timezone.now() - OBJECTION_WINDOW
    with transaction.atomic():
        hold(f"democracy.objection.ip.{ip_key(ip)}", f"democracy.objection.phone.{row.phone_hash}")
        recent = RatingObjection.objects.filter(channel=Channel.ONLINE, created_at__gte=since)
        if ip and recent.filter(ip=ip).count() >= OBJECTIONS_PER_IP:
            raise ApplicationError("提交过于频繁，请一小时后再试。")
        if recent.filter(phone_hash=row.phone_hash).count() >= OBJECTIONS_PER_PHONE:
            raise ApplicationError("该手机号提交过于频繁，请一小时后再试。", field="phone")
        row.save()
        audit_record(
            actor=PORTAL_ACTOR,
            action="democracy.rating_objection.submitted_online",
            target=row,
            data={"application": application.pk},
        )
    return row


def objection_resolve(
    *,
    actor: Any,
    objection: RatingObjection,
    version: int | None,
    upheld: bool,
    resolution: str,
) -> RatingObjection:
    """Verified: upheld removes the application from the round (rejected, the reason said
    to its union); dismissed leaves it in notice."""
    ensure_visible(actor, objection, OBJECTIONS)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError("请填写核实情况。", field="resolution")
    with transaction.atomic():
        locked = RatingObjection.objects.select_for_update().get(pk=objection.pk)
        check_version(locked, version)
        if locked.state != ObjectionState.OPEN:
            raise ApplicationError("该异议已核实。")
        locked.state = ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED
        locked.resolution = resolution[:3000]
        locked.resolved_on = today()
        locked.version += 1
        locked.save(update_fields=["state", "resolution", "resolved_on", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="democracy.rating_objection.resolved",
            target=locked,
            data={"state": locked.state, "application": locked.application_id},
        )
        if upheld:
            application = RatingApplication.objects.select_related("employer").get(
                pk=locked.application_id
            )
            if application.state == ApplicationState.NOTICE:
                reason = f"公示期间反映属实：{resolution}"[:300]
                done = APPLICATION_WORKFLOW.transition(
                    application,
                    "reject",
                    actor=actor,
                    version=application.version,
                    note=reason,
                    changes={"decision_note": reason, "level": ""},
                    data={"objection": locked.pk},
                )
                _tell(done, f"未通过：{reason}")
    return locked


# ---- awards ----------------------------------------------------------------------------------


def award_create(
    *,
    actor: Any,
    round: RatingRound,
    kind: str,
    employer: Employer | None,
    name: str = "",
    member: Member | None = None,
    position: str = "",
    deeds: str = "",
) -> AwardNomination:
    """A union puts forward an employer's head (caring employer) or one of its workers
    (devoted employee, a member or a name) in an open round."""
    require(actor, APPLY)
    from ..queries.ratings import rounds_visible

    if not rounds_visible(actor).filter(pk=round.pk).exists():
        raise ApplicationError("所选评定不存在或不在您的范围内。", field="round")
    if kind not in AwardKind.values:
        raise ApplicationError("请选择表扬类别。", field="kind")
    if member is not None:
        ensure_visible(actor, member)
        employer = employer or member.employer
        name = (name or "").strip() or member.name
    if employer is None:
        raise ApplicationError("请选择所在单位。", field="employer")
    ensure_visible(actor, employer)
    if not employer.union_id:
        raise ApplicationError(
            f"「{employer.name}」尚未建立工会，须由单位工会推荐。", field="employer"
        )
    name = (name or "").strip()
    if not name:
        raise ApplicationError("请填写被推荐人姓名或选择会员。", field="name")
    deeds = (deeds or "").strip()
    if not deeds:
        raise ApplicationError("请填写主要事迹。", field="deeds")
    union = employer.union
    row = AwardNomination(
        round=round,
        kind=kind,
        union=union,
        employer=employer,
        member=member,
        name=name[:50],
        position=(position or "").strip()[:60],
        deeds=deeds[:5000],
        created_by=actor if isinstance(actor, User) else None,
        org_path=union.path,
    )
    with transaction.atomic():
        locked = RatingRound.objects.select_for_update().get(pk=round.pk)
        if locked.state != RatingRoundState.OPEN:
            raise ApplicationError(
                f"「{locked.name}」当前为「{locked.get_state_display()}」，不接受推荐。"
            )
        live = AwardNomination.objects.filter(round=locked, kind=kind).exclude(
            state=AwardState.REJECTED
        )
        if member is not None and live.filter(member=member).exists():
            raise ApplicationError(f"{name}已被推荐本类表扬。", field="member")
        if member is None and live.filter(name=row.name, employer=employer).exists():
            raise ApplicationError(f"{employer.name}的{name}已被推荐本类表扬。", field="name")
        row.round = locked
        row.save()
        AWARD_WORKFLOW.record_start(row, actor=actor)
        audit_record(actor=actor, action="democracy.award.created", target=row, data={"kind": kind})
    return row


def award_approve(
    *, actor: Any, award: AwardNomination, version: int | None, note: str = ""
) -> AwardNomination:
    _ensure_decides(actor, award)
    note = (note or "").strip()
    return AWARD_WORKFLOW.transition(
        award,
        "approve",
        actor=actor,
        version=version,
        note=note,
        changes={"decision_note": note[:300]} if note else {},
    )


def award_reject(
    *, actor: Any, award: AwardNomination, version: int | None, reason: str
) -> AwardNomination:
    _ensure_decides(actor, award)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予通过的理由。", field="reason")
    return AWARD_WORKFLOW.transition(
        award,
        "reject",
        actor=actor,
        version=version,
        note=reason,
        changes={"decision_note": reason[:300]},
    )
