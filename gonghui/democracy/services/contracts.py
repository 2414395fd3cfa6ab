"""Writes of collective contracts and bargaining offers (DEMO-1; domain-rules §7).

A contract is signed by a union: a grassroots union for its own employer (one coverage row),
or a town's or an industry/area federation for every unionized employer of an industry (or
of the whole area) in its subtree, chosen when it is entered and stored as `ContractEmployer`
rows. States go through `workflow.contracts` (audited, version-checked); the daily job
makes submitted contracts effective once the 15 days have run with no objection, and tells
the signing union's and its town's staff when a contract is about to expire.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version
from gonghui.core.errors import ApplicationError
from gonghui.core.models import Notification
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import (
    CampaignState,
    ContractKind,
    ContractScope,
    ContractState,
    OfferAnswer,
    OfferOutcome,
)
from ..models import BargainingCampaign, BargainingOffer, CollectiveContract, ContractEmployer
from ..queries import contracts as queries
from ..rules import contracts as rules
from ..workflow.contracts import CONTRACT_WORKFLOW

MANAGE = queries.MANAGE
OFFERS = queries.OFFERS
TITLE_MAX = 150
AREA_MAX = 100
NOTE_MAX = 2000
# who may sign a contract covering many employers (§7: 行业性、区域性)
MANY_SIGNERS = (OrgKind.TOWN, OrgKind.INDUSTRY_FEDERATION, OrgKind.AREA_FEDERATION)
EXPIRY_NOTICE = "即将到期"

register_actions(
    {
        "democracy.contract.created": "登记集体合同",
        "democracy.contract.updated": "修改集体合同",
        "democracy.contract.renewed": "续签集体合同",
        "democracy.contract.exported": "导出集体合同",
        "democracy.contract.expiry_notified": "集体合同到期提醒",
        "democracy.contract_rates.exported": "导出集体合同建制情况",
        "democracy.campaign.created": "发起要约行动",
        "democracy.campaign.closed": "结束要约行动",
        "democracy.offer.answered": "登记要约答复",
        "democracy.offer.outcome": "登记要约结果",
        "democracy.offer.overdue": "要约逾期未回应",
        "democracy.offers.exported": "导出协商要约",
    }
)

CONTRACT_FIELDS = [
    "kind",
    "scope",
    "union_id",
    "employer_id",
    "industry",
    "area",
    "title",
    "signed_on",
    "starts_on",
    "ends_on",
    "wage_increase_pct",
    "workers_covered",
    "women_covered",
    "negotiators_worker_side",
    "women_negotiators",
    "vote_total",
    "vote_attended",
    "vote_for",
    "renews_id",
    "note",
]


# ---- entering a contract ---------------------------------------------------------------------


def _date(data: dict[str, Any], name: str, label: str) -> datetime.date:
    value = data.get(name)
    if not isinstance(value, datetime.date):
        raise ApplicationError(f"请填写{label}。", field=name)
    return value


def _count(data: dict[str, Any], name: str, label: str, *, optional: bool = False) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        if optional:
            return None
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(f"{label}须为整数。", field=name) from exc
    if number < 0 or number > 10_000_000:
        raise ApplicationError(f"{label}须为0至10000000之间的整数。", field=name)
    return number


def _wage_increase(kind: str, value: Any) -> Decimal | None:
    if value in (None, ""):
        if kind == ContractKind.WAGE:
            raise ApplicationError(
                "工资专项集体合同须填写工资增长幅度。", field="wage_increase_pct"
            )
        return None
    if kind != ContractKind.WAGE:
        raise ApplicationError("只有工资专项集体合同填写工资增长幅度。", field="wage_increase_pct")
    try:
        pct = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            "工资增长幅度须为数字，例如 8.5。", field="wage_increase_pct"
        ) from exc
    if not Decimal("-50") <= pct <= Decimal("100"):
        raise ApplicationError("工资增长幅度须在-50%至100%之间。", field="wage_increase_pct")
    return pct


def _text(data: dict[str, Any], name: str, label: str, limit: int) -> str:
    text = str(data.get(name) or "").strip()
    if len(text) > limit:
        raise ApplicationError(f"{label}不能超过{limit}个字。", field=name)
    return text


def _signer_and_coverage(
    actor: Any, scope: str, data: dict[str, Any]
) -> tuple[Organization, Employer | None, str, str, list[Employer]]:
    """(signing union, own employer, industry, area, employers covered) by the scope."""
    if scope == ContractScope.EMPLOYER:
        employer: Employer | None = data.get("employer")
        if employer is None:
            raise ApplicationError("请选择签订合同的用人单位。", field="employer")
        ensure_visible(actor, employer)
        if employer.union_id is None:
            raise ApplicationError(
                f"「{employer}」尚未建立工会，集体合同由工会代表职工签订。", field="employer"
            )
        return employer.union, employer, "", "", [employer]
    union: Organization | None = data.get("union")
    if union is None:
        raise ApplicationError("请选择签订行业性或区域性合同的工会。", field="union")
    ensure_visible(actor, union)
    if union.kind not in MANY_SIGNERS:
        raise ApplicationError(
            "行业性、区域性集体合同由镇街工会或行业、区域性工会联合会签订。", field="union"
        )
    industry = str(data.get("industry") or "")
    area = _text(data, "area", "区域", AREA_MAX)
    rows = Employer.objects.filter(union__isnull=False).within(union.path)
    if scope == ContractScope.INDUSTRY:
        if not industry:
            raise ApplicationError("行业性集体合同须选择行业。", field="industry")
        rows = rows.filter(industry=industry)
        area = ""
    else:
        if not area:
            raise ApplicationError("区域性集体合同须填写区域名称。", field="area")
        industry = ""
    chosen = data.get("employers")
    if chosen is not None:  # a list given: those of them that qualify
        ids = {e.pk for e in chosen}
        rows = rows.filter(pk__in=ids)
        if len(ids) != rows.count():
            raise ApplicationError(
                "所列覆盖单位须是签约工会下属、已建工会的单位（行业性合同须属该行业）。",
                field="employers",
            )
    covered = list(rows.order_by("pk"))
    if not covered:
        raise ApplicationError(
            "签约工会下属没有符合条件的已建会单位，合同不能覆盖任何单位。", field="union"
        )
    return union, None, industry, area, covered


def _clean(actor: Any, data: dict[str, Any]) -> tuple[dict[str, Any], list[Employer], str]:
    """The contract's columns, the employers it covers and a filing warning ("" if none)."""
    kind = data.get("kind")
    if kind not in ContractKind.values:
        raise ApplicationError("请选择合同类型。", field="kind")
    scope = data.get("scope") or ContractScope.EMPLOYER
    if scope not in ContractScope.values:
        raise ApplicationError("请选择签订范围。", field="scope")
    union, employer, industry, area, covered = _signer_and_coverage(actor, scope, data)
    title = _text(data, "title", "合同名称", TITLE_MAX)
    signed_on = _date(data, "signed_on", "签订日期")
    if signed_on > today():
        raise ApplicationError("签订日期不能晚于今天。", field="signed_on")
    starts_on = data.get("starts_on") or signed_on
    if not isinstance(starts_on, datetime.date):
        raise ApplicationError("请填写生效起始日期。", field="starts_on")
    if starts_on < signed_on:
        raise ApplicationError("生效起始日期不能早于签订日期。", field="starts_on")
    ends_on = data.get("ends_on")
    years = data.get("term_years")
    if not isinstance(ends_on, datetime.date) and years:
        ends_on = rules.term_end(starts_on, int(years))
    if not isinstance(ends_on, datetime.date):
        raise ApplicationError("请填写期满日期或选择期限。", field="ends_on")
    if error := rules.term_error(starts_on, ends_on):
        raise ApplicationError(error, field="ends_on")
    worker_side = _count(data, "negotiators_worker_side", "职工方协商代表人数") or 0
    women = _count(data, "women_negotiators", "女职工协商代表人数") or 0
    if error := rules.women_negotiator_error(kind, women, worker_side):
        raise ApplicationError(error, field="women_negotiators")
    vote = {
        name: _count(data, name, label, optional=True)
        for name, label in (
            ("vote_total", "应到人数"),
            ("vote_attended", "实到人数"),
            ("vote_for", "赞成人数"),
        )
    }
    field, error = rules.vote_error(vote["vote_total"], vote["vote_attended"], vote["vote_for"])
    if error:
        raise ApplicationError(error, field=field)
    workers = _count(data, "workers_covered", "覆盖职工人数") or 0
    women_covered = _count(data, "women_covered", "覆盖女职工人数") or 0
    if women_covered > workers:
        raise ApplicationError("覆盖女职工人数不能多于覆盖职工人数。", field="women_covered")
    if not title:
        where = employer.name if employer else (area or f"{union.name}{_industry_label(industry)}")
        title = f"{where}{ContractKind(kind).label}"[:TITLE_MAX]
    values = {
        "kind": kind,
        "scope": scope,
        "union": union,
        "employer": employer,
        "industry": industry,
        "area": area,
        "title": title,
        "signed_on": signed_on,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "wage_increase_pct": _wage_increase(kind, data.get("wage_increase_pct")),
        "workers_covered": workers,
        "women_covered": women_covered,
        "negotiators_worker_side": worker_side,
        "women_negotiators": women,
        **vote,
        "note": _text(data, "note", "备注", NOTE_MAX),
        "org_path": union.path,
    }
    return values, covered, ""


def _industry_label(code: str) -> str:
    from gonghui.orgs.choices import Industry

    return f"{Industry(code).label}行业" if code in Industry.values else ""


def _set_coverage(contract: CollectiveContract, employers: Iterable[Employer]) -> int:
    ContractEmployer.objects.filter(contract=contract).delete()
    rows = [ContractEmployer(contract=contract, employer=e) for e in employers]
    ContractEmployer.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def contract_create(*, actor: Any, **data: Any) -> CollectiveContract:
    """Enter a signed contract (state 已签订) with the employers it covers."""
    require(actor, MANAGE)
    values, covered, _ = _clean(actor, data)
    contract = CollectiveContract.objects.create(
        **values, created_by=actor if isinstance(actor, User) else None
    )
    n = _set_coverage(contract, covered)
    CONTRACT_WORKFLOW.record_start(contract, actor=actor)
    audit_record(
        actor=actor,
        action="democracy.contract.created",
        target=contract,
        data={**snapshot(contract, CONTRACT_FIELDS), "employers": n},
    )
    return contract


EDITABLE = (ContractState.SIGNED, ContractState.OBJECTED)


@transaction.atomic
def contract_update(
    *, actor: Any, contract: CollectiveContract, version: int | None, **data: Any
) -> CollectiveContract:
    """Correct a contract not yet under review or sent back (已签订, 审查有意见)."""
    locked = lock(CollectiveContract, actor, contract.pk, MANAGE)
    check_version(locked, version)
    if locked.state not in EDITABLE:
        raise ApplicationError(
            f"合同状态为「{locked.get_state_display()}」，不能修改；审查有意见时可修改后重新报送。"
        )
    before = snapshot(locked, CONTRACT_FIELDS)
    values, covered, _ = _clean(actor, data)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    n = _set_coverage(locked, covered)
    after = snapshot(locked, CONTRACT_FIELDS)
    audit_record(
        actor=actor,
        action="democracy.contract.updated",
        target=locked,
        data={k: [before[k], after[k]] for k in after if before[k] != after[k]} | {"employers": n},
    )
    return locked


@transaction.atomic
def contract_renew(*, actor: Any, contract: CollectiveContract, **data: Any) -> CollectiveContract:
    """A new contract following `contract` (`renews`), offered from 3 months before its end
    (rule 37); same kind and scope, the same signer, the coverage chosen again."""
    old = lock(CollectiveContract, actor, contract.pk, MANAGE)
    if CollectiveContract.objects.filter(renews=old).exists():
        raise ApplicationError(f"「{old}」已续签，不能重复续签。")
    if old.state not in (ContractState.EFFECTIVE,):
        raise ApplicationError("只有已生效的合同可以续签；未生效的请修改或重新登记。")
    if not rules.may_renew(old.ends_on, today()):
        raise ApplicationError(
            f"续签可在合同期满前3个月内提出（自{rules.renewal_opens(old.ends_on)}起）。"
        )
    data = {
        **data,
        "kind": old.kind,
        "scope": old.scope,
        "employer": old.employer,
        "union": old.union if old.scope != ContractScope.EMPLOYER else None,
        "industry": old.industry,
        "area": data.get("area") or old.area,
    }
    values, covered, _ = _clean(actor, data)
    if values["starts_on"] <= old.starts_on:
        raise ApplicationError("续签合同的生效起始日期须晚于原合同的。", field="starts_on")
    renewal = CollectiveContract.objects.create(
        **values, renews=old, created_by=actor if isinstance(actor, User) else None
    )
    n = _set_coverage(renewal, covered)
    CONTRACT_WORKFLOW.record_start(renewal, actor=actor)
    audit_record(
        actor=actor,
        action="democracy.contract.renewed",
        target=renewal,
        data={**snapshot(renewal, CONTRACT_FIELDS), "employers": n, "renews": old.pk},
    )
    return renewal


def filing_warning(contract: CollectiveContract) -> str:
    """Rule 38 (and 41 for wage): the filing's lateness, shown on the page; "" in time."""
    if contract.submitted_on is None:
        return ""
    return rules.filing_warning(contract.kind, contract.signed_on, contract.submitted_on)


# ---- the workflow's steps -------------------------------------------------------------------


def _submitted_on(contract: CollectiveContract, day: Any, after: datetime.date) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ApplicationError("请填写报送日期。", field="submitted_on")
    if day > today():
        raise ApplicationError("报送日期不能晚于今天。", field="submitted_on")
    if day < after:
        raise ApplicationError(f"报送日期不能早于{after}。", field="submitted_on")
    return day


def contract_submit(
    *, actor: Any, contract: CollectiveContract, version: int | None, submitted_on: Any
) -> CollectiveContract:
    day = _submitted_on(contract, submitted_on, contract.signed_on)
    warning = rules.filing_warning(contract.kind, contract.signed_on, day)
    return CONTRACT_WORKFLOW.transition(
        contract,
        "submit",
        actor=actor,
        version=version,
        note=warning,
        changes={"submitted_on": day},
        data={
            "submitted_on": day.isoformat(),
            "late_days": rules.filing_late_days(contract.kind, contract.signed_on, day),
        },
    )


def contract_object(
    *,
    actor: Any,
    contract: CollectiveContract,
    version: int | None,
    objection_on: Any,
    objection_note: str = "",
) -> CollectiveContract:
    if not isinstance(objection_on, datetime.date):
        raise ApplicationError("请填写审查意见书日期。", field="objection_on")
    if objection_on > today():
        raise ApplicationError("审查意见书日期不能晚于今天。", field="objection_on")
    if contract.submitted_on and not rules.objection_in_time(contract.submitted_on, objection_on):
        raise ApplicationError(
            f"审查意见书须在报送后15日内（{contract.submitted_on}至"
            f"{rules.review_ends(contract.submitted_on)}）提出；逾期未提出的，合同已生效。",
            field="objection_on",
        )
    note = str(objection_note or "").strip()
    if not note:
        raise ApplicationError("请填写审查意见。", field="objection_note")
    if len(note) > NOTE_MAX:
        raise ApplicationError(f"审查意见不能超过{NOTE_MAX}个字。", field="objection_note")
    return CONTRACT_WORKFLOW.transition(
        contract,
        "object",
        actor=actor,
        version=version,
        note=note[:300],
        changes={"objection_on": objection_on, "objection_note": note},
    )


def contract_resubmit(
    *, actor: Any, contract: CollectiveContract, version: int | None, submitted_on: Any
) -> CollectiveContract:
    day = _submitted_on(contract, submitted_on, contract.objection_on or contract.signed_on)
    return CONTRACT_WORKFLOW.transition(
        contract,
        "resubmit",
        actor=actor,
        version=version,
        changes={"submitted_on": day},
        data={"submitted_on": day.isoformat()},
    )


def _review_over(contract: Any, actor: Any) -> None:
    if contract.submitted_on is None or not rules.may_take_effect(contract.submitted_on, today()):
        ends = rules.effective_date(contract.submitted_on) if contract.submitted_on else "—"
        raise ApplicationError(f"审查期未满，合同自{ends}起方可生效。")


def contract_take_effect(
    *, actor: Any, contract: CollectiveContract, version: int | None
) -> CollectiveContract:
    """Rule 39: no objection within 15 days → effective at filing + 15."""
    contract = CollectiveContract.objects.get(pk=contract.pk)  # the stored filing day
    _review_over(contract, actor)
    effective_on = rules.effective_date(contract.submitted_on)
    return CONTRACT_WORKFLOW.transition(
        contract,
        "take_effect",
        actor=actor,
        version=version,
        changes={"effective_on": effective_on},
        data={"effective_on": effective_on.isoformat()},
    )


def contract_terminate(
    *,
    actor: Any,
    contract: CollectiveContract,
    version: int | None,
    terminated_on: Any,
    reason: str = "",
) -> CollectiveContract:
    if not isinstance(terminated_on, datetime.date):
        raise ApplicationError("请填写终止日期。", field="terminated_on")
    if terminated_on < contract.signed_on:
        raise ApplicationError("终止日期不能早于签订日期。", field="terminated_on")
    if terminated_on > today():
        raise ApplicationError("终止日期不能晚于今天。", field="terminated_on")
    reason = str(reason or "").strip()
    if not reason:
        raise ApplicationError("请填写终止原因。", field="reason")
    if len(reason) > 300:
        raise ApplicationError("终止原因不能超过300个字。", field="reason")
    return CONTRACT_WORKFLOW.transition(
        contract,
        "terminate",
        actor=actor,
        version=version,
        note=reason,
        changes={"terminated_on": terminated_on},
        data={"terminated_on": terminated_on.isoformat()},
    )


# ---- the daily job --------------------------------------------------------------------------


def contracts_take_effect_due(*, actor: Any, on: datetime.date) -> dict[str, int]:
    """Every submitted contract whose 15 days have run with no objection takes effect."""
    done = 0
    for contract in queries.due_to_take_effect(on):
        effective_on = rules.effective_date(contract.submitted_on)
        CONTRACT_WORKFLOW.transition(
            contract,
            "take_effect",
            actor=actor,
            version=contract.version,
            note="审查期满未收到审查意见书，自动生效。",
            changes={"effective_on": effective_on},
            data={"effective_on": effective_on.isoformat()},
        )
        done += 1
    return {"effective": done}


def _staff_of(contract: CollectiveContract) -> list[User]:
    """The signing union's users and its town's staff (a town's contract: its own staff)."""
    union = contract.union
    town_id = union.pk if union.kind == OrgKind.TOWN else union.town_id
    users = User.objects.filter(is_active=True, organization_id=union.pk)
    if town_id:
        users = users | User.objects.filter(
            is_active=True, organization_id=town_id, role=Role.TOWN_STAFF
        )
    return list(users.distinct())


def contracts_notify_expiring(*, actor: Any, on: datetime.date) -> dict[str, int]:
    """One notification per contract ending within 90 days and not renewed (never twice)."""
    told = set(
        Notification.objects.filter(
            target_type="democracy.collectivecontract", message__contains=EXPIRY_NOTICE
        ).values_list("target_id", flat=True)
    )
    sent = contracts = 0
    rows = CollectiveContract.objects.filter(queries.expiring_q(on)).select_related("union")
    for contract in rows.order_by("ends_on", "pk"):
        if str(contract.pk) in told:
            continue
        recipients = _staff_of(contract)
        message = (
            f"集体合同「{contract}」{EXPIRY_NOTICE}（{contract.ends_on}期满），"
            f"请在期满前协商续签（可自{rules.renewal_opens(contract.ends_on)}起提出）。"
        )
        url = reverse("democracy:contract_detail", args=[contract.pk])
        sent += len(notify(recipients=recipients, message=message, target=contract, url=url))
        audit_record(
            actor=actor,
            action="democracy.contract.expiry_notified",
            target=contract,
            data={"ends_on": contract.ends_on.isoformat(), "recipients": len(recipients)},
        )
        contracts += 1
    return {"contracts": contracts, "notifications": sent}


def daily(actor: Any, *, on: datetime.date) -> dict[str, int]:
    """The periodic job (democracy.contracts.daily)."""
    return {
        **contracts_take_effect_due(actor=actor, on=on),
        **contracts_notify_expiring(actor=actor, on=on),
        **offers_mark_overdue(actor=actor, on=on),
    }


# ---- bargaining-offer campaigns (要约行动) --------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    name: str,
    organizer: Organization,
    started_on: Any,
    kind: str = ContractKind.WAGE,
    year: int | None = None,
    note: str = "",
    employers: Iterable[Employer] | None = None,
) -> BargainingCampaign:
    """A campaign and its offers in one action: to `employers`, or to every unionized
    employer of the organizer's subtree with no contract of `kind` in force on the start day;
    each answer due 20 days after (§7)."""
    require(actor, OFFERS)
    name = str(name or "").strip()
    if not name:
        raise ApplicationError("请填写活动名称。", field="name")
    if len(name) > 100:
        raise ApplicationError("活动名称不能超过100个字。", field="name")
    if organizer is None:
        raise ApplicationError("请选择组织单位。", field="organizer")
    ensure_visible(actor, organizer)
    if not isinstance(started_on, datetime.date):
        raise ApplicationError("请填写开始日期。", field="started_on")
    if kind not in ContractKind.values:
        raise ApplicationError("请选择协商内容。", field="kind")
    note = _text({"note": note}, "note", "说明", NOTE_MAX)
    if employers is None:
        targets = list(queries.offer_targets(organizer, kind, started_on))
    else:
        targets = list(dict.fromkeys(employers))
        for employer in targets:
            ensure_visible(actor, employer)
            if not employer.org_path.startswith(organizer.path):
                raise ApplicationError(f"「{employer}」不在组织单位的范围内。", field="employers")
    if not targets:
        raise ApplicationError(
            "组织单位范围内没有需要发出要约的单位（已建会单位均有有效合同）。", field="organizer"
        )
    campaign = BargainingCampaign.objects.create(
        name=name,
        year=year or started_on.year,
        organizer=organizer,
        kind=kind,
        started_on=started_on,
        note=note,
        org_path=organizer.path,
    )
    due = rules.answer_due(started_on)
    BargainingOffer.objects.bulk_create(
        [
            BargainingOffer(
                campaign=campaign,
                employer=e,
                union=e.union,
                sent_on=started_on,
                answer_due=due,
                org_path=e.org_path,
            )
            for e in targets
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="democracy.campaign.created",
        target=campaign,
        data={"organizer": organizer.pk, "kind": kind, "offers": len(targets)},
    )
    return campaign


@transaction.atomic
def campaign_close(
    *, actor: Any, campaign: BargainingCampaign, version: int | None
) -> BargainingCampaign:
    locked = lock(BargainingCampaign, actor, campaign.pk, OFFERS)
    check_version(locked, version)
    if locked.state == CampaignState.CLOSED:
        raise ApplicationError("该要约行动已结束。")
    locked.state = CampaignState.CLOSED
    locked.version += 1
    locked.save(update_fields=["state", "version", "updated_at"])
    audit_record(actor=actor, action="democracy.campaign.closed", target=locked)
    return locked


@transaction.atomic
def offer_answer(
    *,
    actor: Any,
    offer: BargainingOffer,
    version: int | None,
    answer: str,
    answered_on: Any = None,
    note: str = "",
) -> BargainingOffer:
    """The employer's answer (同意 / 拒绝); 逾期未回应 is the daily job's, or recorded."""
    locked = lock(BargainingOffer, actor, offer.pk, OFFERS)
    check_version(locked, version)
    if answer not in (OfferAnswer.ACCEPTED, OfferAnswer.REFUSED, OfferAnswer.NO_REPLY):
        raise ApplicationError("请选择答复。", field="answer")
    if answer == OfferAnswer.NO_REPLY:
        if not rules.answer_overdue(locked.answer_due, False, today()):
            raise ApplicationError(
                f"应答复日期（{locked.answer_due}）未过，不能登记为逾期未回应。", field="answer"
            )
        answered_on = None
    else:
        if not isinstance(answered_on, datetime.date):
            raise ApplicationError("请填写答复日期。", field="answered_on")
        if answered_on < locked.sent_on or answered_on > today():
            raise ApplicationError(
                f"答复日期须在发出日期（{locked.sent_on}）与今天之间。", field="answered_on"
            )
    before = [locked.answer, locked.answered_on]
    locked.answer, locked.answered_on = answer, answered_on
    locked.note = _text({"note": note}, "note", "备注", 300) or locked.note
    if answer == OfferAnswer.REFUSED and locked.outcome == OfferOutcome.OPEN:
        locked.outcome = OfferOutcome.FAILED
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="democracy.offer.answered",
        target=locked,
        data={"answer": [before[0], answer], "answered_on": str(answered_on or "")},
    )
    return locked


@transaction.atomic
def offer_outcome(
    *,
    actor: Any,
    offer: BargainingOffer,
    version: int | None,
    outcome: str,
    contract: CollectiveContract | None = None,
) -> BargainingOffer:
    """A contract signed (linked: one covering the offer's employer) or none."""
    locked = lock(BargainingOffer, actor, offer.pk, OFFERS)
    check_version(locked, version)
    if outcome not in (OfferOutcome.SIGNED, OfferOutcome.FAILED):
        raise ApplicationError("请选择结果。", field="outcome")
    if outcome == OfferOutcome.SIGNED:
        if contract is None:
            raise ApplicationError("已签订合同的，请选择签订的合同。", field="contract")
        ensure_visible(actor, contract)
        if not contract.coverage.filter(employer_id=locked.employer_id).exists():
            raise ApplicationError(
                f"所选合同未覆盖「{locked.employer}」，请选择该单位的合同。", field="contract"
            )
    else:
        contract = None
    locked.outcome, locked.contract = outcome, contract
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="democracy.offer.outcome",
        target=locked,
        data={"outcome": outcome, "contract": contract.pk if contract else None},
    )
    return locked


def offers_mark_overdue(*, actor: Any, on: datetime.date) -> dict[str, int]:
    """Offers unanswered past their due day become 逾期未回应 (one update, audited)."""
    rows = list(queries.offers_overdue(on).values_list("pk", "org_path"))
    if not rows:
        return {"overdue": 0}
    BargainingOffer.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        answer=OfferAnswer.NO_REPLY
    )
    from gonghui.core.audit import audit_records

    audit_records(
        actor=actor,
        action="democracy.offer.overdue",
        target_type="democracy.bargainingoffer",
        targets=((pk, f"要约 {pk}", path, {"answer": "no_reply"}) for pk, path in rows),
    )
    return {"overdue": len(rows)}
