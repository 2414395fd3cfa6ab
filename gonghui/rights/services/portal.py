"""The worker's side (RIGHTS-3): submit online with no account, track, give feedback.

Nobody is logged in: these act as PORTAL_ACTOR, the worker portal's channel (core.actors),
which holds no permission and sees no organization.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core.actors import portal_actor
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.crypto import blind_index
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_phone, phone_hash
from gonghui.core.locks import hold
from gonghui.core.money import ZERO
from gonghui.orgs.models import Employer

from ..choices import CaseKind, CaseState, Channel
from ..models import Case, PortalAttempt
from ..workflow import CASE_WORKFLOW, COMPLAINT_CHANNEL
from . import attachments
from .common import assign_number, district_root, new_tracking_code
from .registration import build_case, party_build

ONLINE_KINDS = (CaseKind.COMPLAINT, CaseKind.CONSULTATION)
# The worker's feedback is the only step the portal takes on a case (the workflow's
# "feedback", guarded by who acts), so it needs no permission at all.
PORTAL_ACTOR = portal_actor(COMPLAINT_CHANNEL, "网上投诉", grants=())


def ip_hash(ip: str) -> str:
    return blind_index(ip or "unknown", purpose="ip")


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.RIGHTS_PORTAL_WINDOW_MINUTES)


def _check_rate(action: str, ip_key: str, phone_key: str, per_ip: int, per_phone: int) -> None:
    # counted and then inserted by the caller's transaction: one at a time per IP and phone
    hold(f"rights.portal.{action}.ip.{ip_key}", f"rights.portal.{action}.phone.{phone_key}")
    recent = PortalAttempt.objects.filter(action=action, at__gte=_window_start())
    if recent.filter(ip_hash=ip_key).count() >= per_ip:
        raise ApplicationError("操作过于频繁，请稍后再试。")
    if phone_key and recent.filter(phone_hash=phone_key).count() >= per_phone:
        raise ApplicationError("该手机号提交过于频繁，请稍后再试或拨打12351热线。", field="phone")


def find_employer(name: str) -> Employer | None:
    """Routing only: the worker types a name; an exact name or USCC match places the case."""
    key = (name or "").strip()
    if not key:
        return None
    return Employer.objects.filter(Q(name=key) | Q(uscc=key.upper())).order_by("pk").first()


def case_submit_online(
    *,
    kind: str,
    summary: str,
    contact_name: str,
    phone: str,
    employer_name: str = "",
    subject: str = "other",
    amount_claimed: Any = ZERO,
    ric: str = "",
    files: list | None = None,
    ip: str = "",
    consent: bool,
) -> Case:
    """A worker's complaint or consultation from the public page. The RIC and phone are
    sensitive: nothing is taken before the worker agrees to the notice (PIPL Art. 29).

    The case and its party are checked, placed, encrypted and hashed before the transaction
    begins; the transaction (on SQLite the one write lock of the database, issue #11) holds
    only the rate count and the inserts."""
    if not consent:
        raise ApplicationError("请阅读并同意个人信息处理告知。", field="consent")
    if kind not in ONLINE_KINDS:
        raise ApplicationError("请选择投诉或咨询。", field="kind")
    phone_value = normalize_phone(phone, field="phone")
    p_hash = phone_hash(phone_value)
    if not phone_value:
        raise ApplicationError("请填写手机号，用于查询办理进度。", field="phone")
    ip_key = ip_hash(ip)
    checked = attachments.check_files(files or [])
    employer = find_employer(employer_name)
    case = build_case(
        kind=kind,
        channel=Channel.ONLINE,
        received_on=today(),
        summary=summary,
        contact_name=contact_name,
        contact_phone=phone_value,
        subject=subject,
        employer=employer,
        employer_name=employer_name,
        amount_claimed=amount_claimed,
    )
    case.town = employer.town if employer else None
    case.org_path = case.town.path if case.town else district_root().path
    case.tracking_code = new_tracking_code()
    case.consent_at = timezone.now()
    party = party_build(case=case, name=case.contact_name, ric=ric, phone=phone_value)
    with transaction.atomic():
        # counted and inserted in this transaction: one at a time per IP and phone
        _check_rate(
            "submit",
            ip_key,
            p_hash,
            settings.RIGHTS_PORTAL_MAX_PER_IP,
            settings.RIGHTS_PORTAL_MAX_PER_PHONE,
        )
        case.save()
        assign_number(case)
        party.case = case
        party.save()
        attachments.store(case, checked)
        PortalAttempt.objects.create(action="submit", ip_hash=ip_key, phone_hash=p_hash)
        CASE_WORKFLOW.record_start(case, actor=PORTAL_ACTOR, note="职工网上提交")
        audit_record(actor=PORTAL_ACTOR, action="rights.case.submitted_online", target=case)
    return case


@transaction.atomic
def case_track(*, code: str, phone: str, ip: str = "") -> Case | None:
    """The case with this code and phone, or None; lookups are rate-limited per IP."""
    ip_key = ip_hash(ip)
    _check_rate("lookup", ip_key, "", settings.RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP, 0)
    PortalAttempt.objects.create(action="lookup", ip_hash=ip_key)
    try:
        p_hash = phone_hash(normalize_phone(phone, field="phone"))
    except ApplicationError:
        return None
    code = (code or "").strip().upper()
    if not code or not p_hash:
        return None
    return Case.objects.filter(tracking_code=code, contact_phone_hash=p_hash).first()


def case_worker_feedback(*, case: Case, satisfied: bool, text: str) -> Case:
    """The worker's feedback on a concluded case closes it (RIGHTS-1). The case was found by
    its tracking code and phone (case_track), not through a staff scope."""
    if case.state != CaseState.CONCLUDED:
        raise ApplicationError("案件办结后才能评价。")
    return CASE_WORKFLOW.transition(
        case,
        "feedback",
        actor=PORTAL_ACTOR,
        version=None,
        note="职工评价：" + ("满意" if satisfied else "不满意"),
        changes={"feedback": text.strip()[:2000], "satisfied": satisfied, "closed_on": today()},
    )
