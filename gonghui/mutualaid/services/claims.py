"""Writes of mutual-aid claims (CARE-3): a union files a claim for an enrolled member, the
town reviews it, the district approves it; the applicant may correct it before the review.

The benefit is computed at once (rules.benefits, by the claim's own plan year's items) and
kept as `ClaimBenefit` rows with their calculation, `claim.amount` and `claim.reasons`; a
refused claim is registered all the same, at 0 with its reasons (rules.claims).

The yearly caps are sums over the member's committed benefits (COMMITTED_CLAIM_STATES). The
review and the approval compute the benefit again inside their transaction, under a lock
on the member's `Enrollment` row (one per member and plan year), so two approvals of one
member's claims take turns and the second sees what the first committed: it is reduced to
what is left of the cap, and the history says so. Lock order: the enrollment, then the claim
(services.payouts' reissue locks the claim only: it moves between committed states and
changes no amount). A critical-illness lump sum sets
`once_key` ("<member id>:<disease code>") when committed, unique with its item, so a second
lump sum for one disease is a unique-key violation even past the lock.
"""

import datetime
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, register_actions
from gonghui.core.clock import today
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_account, set_identity
from gonghui.core.money import ZERO, money, money_text, parse_money
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.uploads import CheckedFile, check_uploads, store_sealed, stored_file
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import COMMITTED_CLAIM_STATES, BenefitKind, ClaimState, DocumentKind, EventKind
from ..models import (
    BenefitItem,
    Claim,
    ClaimBenefit,
    ClaimDocument,
    CriticalDisease,
    Enrollment,
    PlanYear,
)
from ..rules import benefits as benefit_rules
from ..rules import claims as rules
from ..workflow import CLAIM_WORKFLOW

APPLY = "mutualaid.claims.apply"
REVIEW = "mutualaid.claims.review"
APPROVE = "mutualaid.claims.approve"

DOCUMENT_FOLDER = "mutualaid"
DOCUMENT_MAX_FILES = 12
# What every claim must have among its documents.
REQUIRED_DOCUMENTS = (DocumentKind.DISCHARGE, DocumentKind.INVOICE)

# What the applicant may correct before the review (claim_update).
EDITABLE = (
    "event_on",
    "admitted_on",
    "discharged_on",
    "hospital",
    "diagnosis",
    "disease",
    "total_cost",
    "insurance_paid",
    "own_cost",
    "bank_name",
    "account",
)

register_actions(
    {
        "mutualaid.claim.created": "登记医疗互助金申请",
        "mutualaid.claim.updated": "修改医疗互助金申请",
        "mutualaid.claim.document_added": "上传医疗互助金申请材料",
        "mutualaid.claim.document_viewed": "查看医疗互助金申请材料",
        "mutualaid.claim.exported": "导出医疗互助金申请",
    }
)


def claim_url(claim_id: int) -> str:
    return reverse("mutualaid:claim_detail", args=[claim_id])


def town_id_of(union: Organization) -> int | None:
    return union.pk if union.kind == OrgKind.TOWN else union.town_id


# ---- the computation -------------------------------------------------------------------------


def _terms(item: BenefitItem) -> benefit_rules.ItemTerms:
    return benefit_rules.ItemTerms(
        kind=item.kind,
        name=item.name,
        deductible=money(item.deductible),
        ratio=item.ratio,
        per_claim_cap=None if item.per_claim_cap is None else money(item.per_claim_cap),
        yearly_cap=None if item.yearly_cap is None else money(item.yearly_cap),
        waiting_applies=item.waiting_applies,
    )


def committed_sums(member_id: int, plan: PlanYear, exclude: int | None) -> dict[int, Decimal]:
    """Item id -> what the member's committed claims hold under it (claim `exclude` left out)."""
    rows = ClaimBenefit.objects.filter(
        member_id=member_id,
        item__plan=plan,
        claim__state__in=list(COMMITTED_CLAIM_STATES),
    )
    if exclude:
        rows = rows.exclude(claim_id=exclude)
    found = rows.values("item_id").annotate(s=Sum("amount")).values_list("item_id", "s")
    return {item_id: money(s) for item_id, s in found}


def once_key(member_id: int, disease: CriticalDisease) -> str:
    return f"{member_id}:{disease.code}"


def _taken_by(item: BenefitItem, key: str, exclude: int | None) -> str:
    rows = ClaimBenefit.objects.filter(item=item, once_key=key)
    if exclude:
        rows = rows.exclude(claim_id=exclude)
    other = rows.select_related("claim").only("claim__number").first()
    return other.claim.number if other else ""


def cover_of(claim: Claim) -> rules.Cover:
    plan, enrollment = claim.plan, claim.enrollment
    return rules.Cover(
        plan_starts_on=plan.starts_on,
        plan_ends_on=plan.ends_on,
        claim_window_days=plan.claim_window_days,
        enrollment_state=enrollment.state,
        effective_on=enrollment.effective_on,
        waiting_until=enrollment.waiting_until,
        cancelled_on=enrollment.cancelled_on,
    )


def facts_of(claim: Claim) -> rules.ClaimFacts:
    return rules.ClaimFacts(
        event_kind=claim.event_kind,
        event_on=claim.event_on,
        admitted_on=claim.admitted_on,
        discharged_on=claim.discharged_on,
        submitted_on=claim.submitted_on,
        total_cost=money(claim.total_cost),
        insurance_paid=money(claim.insurance_paid),
        own_cost=money(claim.own_cost),
    )


def compute(claim: Claim) -> tuple[benefit_rules.ClaimResult, dict[str, BenefitItem]]:
    """The claim's benefit by its plan year's items against what is committed now (the
    claim itself, saved or not, left out); the items by kind."""
    items = {i.kind: i for i in BenefitItem.objects.filter(plan_id=claim.plan_id)}
    committed = committed_sums(claim.member_id, claim.plan, claim.pk)
    contexts = {}
    for kind, item in items.items():
        extra: dict[str, Any] = {}
        if kind == BenefitKind.CRITICAL and claim.disease_id:
            disease = claim.disease
            extra = {
                "disease": disease.name,
                "lump_sum": money(disease.amount),
                "taken_by": _taken_by(item, once_key(claim.member_id, disease), claim.pk),
            }
        contexts[kind] = benefit_rules.ItemContext(
            _terms(item), committed.get(item.pk, ZERO), **extra
        )
    result = benefit_rules.claim_benefits(
        cover_of(claim),
        facts_of(claim),
        contexts,
        has_disease=bool(claim.disease_id),
        today=today(),
    )
    return result, items


def _store_benefits(
    claim: Claim,
    result: benefit_rules.ClaimResult,
    items: dict[str, BenefitItem],
    *,
    committed: bool = False,
) -> None:
    """The claim's ClaimBenefit rows, exactly these (the old ones replaced). `committed`: a
    critical lump sum > 0 takes its once key (module doc)."""
    ClaimBenefit.objects.filter(claim=claim).delete()
    rows = []
    for kind, out in result.items.items():
        key = None
        if committed and kind == BenefitKind.CRITICAL and out.amount > 0 and claim.disease_id:
            key = once_key(claim.member_id, claim.disease)
        rows.append(
            ClaimBenefit(
                claim=claim,
                item=items[kind],
                member_id=claim.member_id,
                kind=kind,
                amount=out.amount,
                lines=out.lines,
                once_key=key,
                org_path=claim.org_path,
            )
        )
    ClaimBenefit.objects.bulk_create(rows)


# ---- creating a claim ------------------------------------------------------------------------


def _ancestors(path: str) -> list[str]:
    """ "/1/5/123/" -> ["/1/", "/1/5/", "/1/5/123/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def plan_for(event_on: datetime.date, union: Organization) -> PlanYear:
    """The plan year whose period holds the event's date, organized at or above the union."""
    plan = (
        PlanYear.objects.filter(
            starts_on__lte=event_on, ends_on__gte=event_on, org_path__in=_ancestors(union.path)
        )
        .order_by("-year")
        .first()
    )
    if plan is None:
        raise ApplicationError(
            f"没有保障期包含 {event_on.isoformat()} 的医疗互助计划年度，请核对发病或受伤日期。",
            field="event_on",
        )
    return plan


def _disease(plan: PlanYear, code: str) -> CriticalDisease | None:
    code = (code or "").strip()
    if not code:
        return None
    found = CriticalDisease.objects.filter(
        item__plan=plan, item__kind=BenefitKind.CRITICAL, code=code
    ).first()
    if found is None:
        raise ApplicationError(f"{plan.year}年度计划没有所选的重大疾病病种。", field="disease")
    return found


def _check_dates(event_kind: str, admitted_on: Any, discharged_on: Any) -> None:
    if event_kind not in EventKind.values:
        raise ApplicationError("类别应为疾病或意外伤害。", field="event_kind")
    if bool(admitted_on) != bool(discharged_on):
        field = "discharged_on" if admitted_on else "admitted_on"
        raise ApplicationError(
            "住院的请同时填写入院日期和出院日期；未住院的两项都不填。", field=field
        )


def _clean_money(claim: Claim) -> None:
    for name in ("total_cost", "insurance_paid", "own_cost"):
        setattr(claim, name, parse_money(getattr(claim, name), field=name))


def _check_text(claim: Claim) -> None:
    claim.hospital = (claim.hospital or "").strip()
    claim.diagnosis = (claim.diagnosis or "").strip()
    claim.bank_name = (claim.bank_name or "").strip()
    if not claim.hospital:
        raise ApplicationError("请填写医院（意外未就医的填写事发地点）。", field="hospital")
    if not claim.diagnosis:
        raise ApplicationError("请填写诊断或伤情。", field="diagnosis")
    if not claim.bank_name:
        raise ApplicationError("请填写开户银行。", field="bank_name")


def _checked_documents(
    documents: Sequence[tuple[str, Any]], *, required: bool = True
) -> list[tuple[str, CheckedFile]]:
    """Every document checked by its content before anything is written (core.uploads),
    and the required kinds present."""
    for kind, _upload in documents:
        if kind not in DocumentKind.values:
            raise ApplicationError(f"申请材料类别「{kind}」不正确。", field="documents")
    if required:
        given = {kind for kind, _u in documents}
        missing = [DocumentKind(k).label for k in REQUIRED_DOCUMENTS if k not in given]
        if missing:
            raise ApplicationError(f"请上传{'、'.join(missing)}。", field="documents")
    checked = check_uploads(
        [u for _k, u in documents], max_files=DOCUMENT_MAX_FILES, field="documents", what="申请材料"
    )
    return [(kind, c) for (kind, _u), c in zip(documents, checked, strict=True)]


def _store_documents(actor: Any, claim: Claim, documents: list[tuple[str, CheckedFile]]) -> None:
    for kind, checked in documents:
        ClaimDocument.objects.create(
            claim=claim,
            kind=kind,
            original_name=checked.name,
            stored_name=store_sealed(DOCUMENT_FOLDER, checked),
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor_user(actor),
            org_path=claim.org_path,
        )


def document_path(document: ClaimDocument):
    return stored_file(DOCUMENT_FOLDER, document.stored_name)


def _build(
    actor: Any,
    *,
    member: Member | None,
    event_kind: str,
    event_on: datetime.date | None,
    admitted_on: datetime.date | None = None,
    discharged_on: datetime.date | None = None,
    hospital: str = "",
    diagnosis: str = "",
    disease: str = "",
    total_cost: Any = None,
    insurance_paid: Any = None,
    own_cost: Any = None,
    bank_name: str = "",
    account: str = "",
    check_text: bool = True,
) -> Claim:
    """The unsaved claim: the member in the actor's scope, the plan year from the event's
    date, the member's enrollment in it, the figures checked (not yet judged)."""
    require(actor, APPLY)
    if member is None:
        raise ApplicationError("请选择会员。", field="member")
    ensure_visible(actor, member)
    if event_on is None:
        raise ApplicationError("请填写发病或受伤日期。", field="event_on")
    _check_dates(event_kind, admitted_on, discharged_on)
    plan = plan_for(event_on, member.union)
    enrollment = Enrollment.objects.filter(plan=plan, member=member).select_related("plan").first()
    if enrollment is None:
        raise ApplicationError(
            f"{member.name}没有参加{plan.year}年度医疗互助（无参保记录），不能申请。",
            field="member",
        )
    union = member.union
    total = parse_money(total_cost, field="total_cost")
    insurance = parse_money(insurance_paid or ZERO, field="insurance_paid")
    own = total - insurance if own_cost in (None, "") else parse_money(own_cost, field="own_cost")
    claim = Claim(
        number=f"tmp{secrets.token_hex(8)}",
        plan=plan,
        enrollment=enrollment,
        member=member,
        union=union,
        town_id=town_id_of(union),
        name=member.name,
        event_kind=event_kind,
        event_on=event_on,
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        hospital=(hospital or "").strip(),
        diagnosis=(diagnosis or "").strip(),
        disease=_disease(plan, disease) if event_kind == EventKind.ILLNESS else None,
        total_cost=total,
        insurance_paid=insurance,
        own_cost=max(own, ZERO) if own_cost in (None, "") else own,
        bank_name=(bank_name or "").strip(),
        submitted_on=today(),
        submitted_by=actor_user(actor),
        org_path=union.path,
    )
    if check_text:
        _check_text(claim)
    set_identity(claim, account=normalize_account(account))
    return claim


def claim_quote(*, actor: Any, **fields: Any) -> tuple[Claim, benefit_rules.ClaimResult]:
    """What a claim with these figures would get today, saving nothing (the form's 试算)."""
    claim = _build(actor, check_text=False, **fields)
    result, _items = compute(claim)
    return claim, result


def claim_create(*, actor: Any, documents: Sequence[tuple[str, Any]] = (), **fields: Any) -> Claim:
    """A union files a claim for one of its members (see `_build` for the fields);
    `documents`: (DocumentKind, upload) pairs, the discharge summary and the invoice among
    them. The benefit is computed and stored at once, a refused claim at 0 with its reasons."""
    claim = _build(actor, **fields)
    if not claim.account:
        raise ApplicationError("请填写银行账号。", field="account")
    checked = _checked_documents(documents)
    with transaction.atomic():
        result, items = compute(claim)
        claim.amount, claim.reasons = result.amount, result.reasons
        claim.save()
        claim.number = rules.claim_number(claim.plan.year, claim.pk)
        claim.save(update_fields=["number"])
        _store_benefits(claim, result, items)
        _store_documents(actor, claim, checked)
        CLAIM_WORKFLOW.record_start(claim, actor=actor)
        audit_record(
            actor=actor,
            action="mutualaid.claim.created",
            target=claim,
            data={
                "plan": claim.plan_id,
                "member": claim.member_id,
                "amount": str(claim.amount),
                "reasons": claim.reasons,
                "documents": [kind for kind, _c in checked],
            },
        )
    return claim


# ---- corrections before the review -----------------------------------------------------------


def _may_correct(actor: Any, claim: Claim) -> None:
    ensure_visible(actor, claim, APPLY)
    if claim.state != ClaimState.SUBMITTED:
        raise ApplicationError(
            f"申请当前状态为「{claim.get_state_display()}」，镇街审核后不能再修改。"
        )


def claim_update(*, actor: Any, claim: Claim, version: int | None, **changes: Any) -> Claim:
    """The applicant corrects the event, the bills or the account before the review
    (optimistic lock: core.edit); the benefit is computed again. `disease`: a code."""
    _may_correct(actor, claim)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown claim fields: {sorted(unknown)}")
    if "disease" in changes:
        code = changes["disease"]
        changes["disease"] = (
            _disease(claim.plan, code) if claim.event_kind == EventKind.ILLNESS else None
        )
    if "account" in changes:
        changes["account"] = normalize_account(changes["account"])
        if not changes["account"]:
            raise ApplicationError("请填写银行账号。", field="account")

    def clean(row: Claim) -> None:
        if row.state != ClaimState.SUBMITTED:
            raise ApplicationError("镇街已审核，不能再修改。")
        _check_dates(row.event_kind, row.admitted_on, row.discharged_on)
        if row.own_cost in (None, ""):  # as when filed: the total less the insurance
            row.own_cost = max(
                parse_money(row.total_cost, field="total_cost")
                - parse_money(row.insurance_paid or ZERO, field="insurance_paid"),
                ZERO,
            )
        _clean_money(row)
        _check_text(row)
        set_identity(row, account=row.account)
        result, items = compute(row)
        row.amount, row.reasons = result.amount, result.reasons
        _store_benefits(row, result, items)

    with transaction.atomic():
        return edit(
            Claim,
            claim,
            actor=actor,
            version=version,
            permission=APPLY,
            changes=changes,
            editable=EDITABLE,
            clean=clean,
            action="mutualaid.claim.updated",
            audited=[
                "event_on",
                "admitted_on",
                "discharged_on",
                "hospital",
                "diagnosis",
                "disease_id",
                "total_cost",
                "insurance_paid",
                "own_cost",
                "bank_name",
                "account_last4",
                "amount",
            ],
        )


def claim_document_add(
    *, actor: Any, claim: Claim, version: int | None, kind: str, upload: Any
) -> ClaimDocument:
    """One more document before the review, checked by its content."""
    _may_correct(actor, claim)
    [(kind, checked)] = _checked_documents([(kind, upload)], required=False)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        check_version(locked, version)
        if locked.state != ClaimState.SUBMITTED:
            raise ApplicationError("镇街已审核，不能再上传材料。")
        if locked.documents.count() >= DOCUMENT_MAX_FILES:
            raise ApplicationError(f"每笔申请最多{DOCUMENT_MAX_FILES}份材料。", field="upload")
        _store_documents(actor, locked, [(kind, checked)])
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        document = locked.documents.order_by("-pk").first()
        audit_record(
            actor=actor,
            action="mutualaid.claim.document_added",
            target=locked,
            data={"document": document.pk, "kind": kind, "name": document.original_name},
        )
    return document


# ---- the workflow ----------------------------------------------------------------------------


def union_staff(claim: Claim) -> list[User]:
    """Who hears of a decision: the applying union's active accounts and the applicant."""
    users = list(User.objects.filter(is_active=True, organization_id=claim.union_id))
    if claim.submitted_by_id and claim.submitted_by.is_active:
        users.append(claim.submitted_by)
    return users


def _tell(claim: Claim, text: str) -> None:
    notify(
        recipients=union_staff(claim),
        target=claim,
        url=claim_url(claim.pk),
        message=f"贵会申报的医疗互助金{claim.number}（{claim.name}）{text}",
    )


def _recomputed(
    actor: Any, claim: Claim, name: str, version: int | None, note: str, changes: dict[str, Any]
) -> Claim:
    """Lock the member's enrollment (the yearly caps' lock: module doc), compute the benefit
    again against what is committed now, take the transition with the new amount, keep the
    new rows; the history says when the amount changed from what was shown."""
    Enrollment.objects.select_for_update().filter(pk=claim.enrollment_id).first()
    fresh = Claim.objects.select_related("plan", "enrollment", "disease").get(pk=claim.pk)
    check_version(fresh, version)
    result, items = compute(fresh)
    if result.amount <= 0:
        why = "；".join(result.reasons) or "无可资助项目"
        raise ApplicationError(f"核定金额为 0（{why}），请选择「不予资助」并说明理由。")
    data: dict[str, Any] = {"amount": str(result.amount)}
    if result.amount != fresh.amount:
        said = (
            f"核定金额由 {money_text(fresh.amount)} 元调整为 {money_text(result.amount)} 元"
            "（按此时本年度已批准的金额重新计算）"
        )
        note = f"{note}；{said}" if note else said
        data["amount_was"] = str(fresh.amount)
    done = CLAIM_WORKFLOW.transition(
        fresh,
        name,
        actor=actor,
        version=version,
        note=note,
        changes={"amount": result.amount, "reasons": result.reasons, **changes},
        data=data,
    )
    _store_benefits(done, result, items, committed=name == "approve")
    return done


def claim_review(*, actor: Any, claim: Claim, version: int | None, note: str = "") -> Claim:
    """The town checked the claim: it goes to the district, its benefit computed again."""
    ensure_visible(actor, claim, REVIEW)
    with transaction.atomic():
        done = _recomputed(actor, claim, "review", version, note, {"reviewed_on": today()})
        _tell(done, f"已通过镇街审核，核定金额 {money_text(done.amount)} 元，待区总工会审批。")
    return done


def claim_approve(*, actor: Any, claim: Claim, version: int | None, note: str = "") -> Claim:
    """The district approves: computed again under the enrollment's lock (module doc)."""
    ensure_visible(actor, claim, APPROVE)
    changes = {"approved_on": today(), "decision_note": (note or "").strip()[:300]}
    try:
        with transaction.atomic():
            done = _recomputed(actor, claim, "approve", version, note, changes)
            _tell(done, f"已获批准，核定金额 {money_text(done.amount)} 元，将列入发放名单。")
    except IntegrityError as exc:  # the same disease's lump sum committed past the lock
        raise ApplicationError(
            "该会员的同一重大疾病本年度已获资助（每种病种每年度限一次），请刷新后重新审批。"
        ) from exc
    return done


def claim_reject(*, actor: Any, claim: Claim, version: int | None, reason: str) -> Claim:
    ensure_visible(actor, claim, REVIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写不予资助的理由。", field="reason")
    with transaction.atomic():
        done = CLAIM_WORKFLOW.transition(
            claim,
            "reject",
            actor=actor,
            version=version,
            note=reason,
            changes={"decision_note": reason[:300]},
        )
        _tell(done, f"不予资助：{reason}")
    return done
