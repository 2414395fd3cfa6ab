"""网上入会 (MEM-4): a worker applies on a phone; the union decides; the worker checks status.

submitted → approved (creates the member through insert_member) / rejected (with reason)
(`workflow.JOINING_WORKFLOW`). The deciding union is the employer's grassroots union, or its
town union when it has none; a town union approving must name the grassroots union the
worker joins. The worker has no account: the application is made by the worker portal
(`JOINING_PORTAL`, an actor that is not a user).
"""

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core.actors import portal_actor
from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.edit import check_version
from gonghui.core.errors import ApplicationError, TransitionNotAllowed
from gonghui.core.identity import identity_values, normalize_phone, phone_hash, ric_hash
from gonghui.core.ids import normalize_code
from gonghui.core.locks import hold
from gonghui.core.scope import ensure_visible, lock
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import JoiningState as S
from ..models import JoiningApplication
from ..workflow import JOINING_WORKFLOW
from .members import insert_member, ric_facts_checked

# Who submits an application: the worker, through the joining pages (no account).
JOINING_PORTAL = portal_actor("members.joining", "网上入会")
NOT_FOUND = "未找到该申请，请核对申请编号和身份证号。"


def employer_find(text: str) -> Employer:
    """The employer a worker typed, by exact USCC or exact name (public: no listing)."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请填写工作单位名称或统一社会信用代码。", field="employer")
    found = list(
        Employer.objects.select_related("union", "town").filter(
            Q(uscc=normalize_code(text)) | Q(name=text)
        )[:2]
    )
    if not found:
        raise ApplicationError(
            "未找到该单位，请填写营业执照上的全称或统一社会信用代码；仍找不到请联系所在镇街工会。",
            field="employer",
        )
    if len(found) > 1:
        raise ApplicationError("有多个同名单位，请改填统一社会信用代码。", field="employer")
    return found[0]


def _deciding_org(employer: Employer) -> Organization:
    return employer_union(employer) or employer.town


def _rate_limit(ip: str | None, phone: str) -> None:
    # counted and then inserted by the caller's transaction: one at a time per IP and phone
    hold(f"members.joining.ip.{ip}", f"members.joining.phone.{phone_hash(phone)}")
    now = timezone.now()
    recent = JoiningApplication.objects
    if ip and (
        recent.filter(ip=ip, created_at__gte=now - datetime.timedelta(hours=1)).count()
        >= settings.JOINING_MAX_PER_IP_PER_HOUR
    ):
        raise ApplicationError("提交过于频繁，请稍后再试。")
    if (
        recent.filter(
            phone_hash=phone_hash(phone), created_at__gte=now - datetime.timedelta(days=1)
        ).count()
        >= settings.JOINING_MAX_PER_PHONE_PER_DAY
    ):
        raise ApplicationError("该手机号今天提交次数已达上限，请明天再试。", field="phone")


def _new_number() -> str:
    while True:
        number = f"RH{today():%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not JoiningApplication.objects.filter(number=number).exists():
            return number


@transaction.atomic
def joining_submit(
    *, name: str, ric: str, phone: str, employer: str, consent: bool, ip: str | None = None
) -> JoiningApplication:
    """The public form, made by the worker portal (no account); the audit entry names the IP."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("请填写姓名。", field="name")
    if not consent:
        raise ApplicationError("请阅读并同意个人信息处理告知。", field="consent")
    facts = ric_facts_checked(ric)
    phone = normalize_phone(phone)
    if not phone:
        raise ApplicationError("请填写手机号。", field="phone")
    found = employer_find(employer)
    _rate_limit(ip, phone)
    # Received whoever the RIC belongs to: saying "already a member" here would tell any
    # visitor who is one (issue #10). The deciding union sees it (queries.joining_checks),
    # and approving cannot make a second member (insert_member's ensure_ric_free).
    deciding = _deciding_org(found)
    columns = identity_values(ric=facts.number, phone=phone)
    application = JoiningApplication.objects.create(
        number=_new_number(),
        name=name[:50],
        employer=found,
        deciding_org=deciding,
        org_path=deciding.path,
        consent_at=timezone.now(),
        ip=ip,
        **columns,
    )
    JOINING_WORKFLOW.record_start(application, actor=JOINING_PORTAL)
    audit_record(
        actor=JOINING_PORTAL,
        action="members.joining.submitted",
        target=application,
        data={"employer": found.pk, "deciding_org": deciding.pk},
    )
    return application


def throttle_status_checks(ip: str | None) -> None:
    """Guessing numbers needs many tries; the cache counts tries per IP for an hour."""
    key = f"members:joining-status:{ip}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    if count > settings.JOINING_STATUS_CHECKS_PER_HOUR:
        raise ApplicationError("查询过于频繁，请一小时后再试。")


def joining_status(*, number: str, ric: str, ip: str | None = None) -> JoiningApplication:
    """Status for the worker: number and RIC must both match; one answer for every miss."""
    throttle_status_checks(ip)
    application = JoiningApplication.objects.filter(number=normalize_code(number)).first()
    if application is None or application.ric_hash != ric_hash(normalize_code(ric)):
        raise ApplicationError(NOT_FOUND)
    return application


def employer_union(employer: Employer) -> Organization | None:
    """The union a worker of this employer joins without being told (None: it has none)."""
    if employer.union_id and employer.union.is_active:
        return employer.union
    return None


def _union_for(application: JoiningApplication, union: Organization | None) -> Organization:
    found = employer_union(application.employer)
    if found is not None:
        return found
    if union is None or union.kind != OrgKind.GRASSROOTS:
        raise ApplicationError(
            "该单位尚未建会，请选择接收该职工的基层工会（如区域性或行业性联合工会）。",
            field="union",
        )
    return union


@transaction.atomic
def joining_approve(
    *,
    actor: Any,
    application: JoiningApplication,
    version: int | None,
    union: Organization | None = None,
) -> JoiningApplication:
    """The member is made first (it must keep every member rule), then the step is taken;
    the application is locked and its state checked before, so a second approval makes no
    member."""
    locked = lock(JoiningApplication, actor, application.pk, "members.approve_joining")
    check_version(locked, version)
    if locked.state != S.SUBMITTED:
        raise TransitionNotAllowed(f"该申请{locked.get_state_display()}，不能再批准。")
    target = _union_for(locked, union)
    member = insert_member(
        actor=actor,
        union=target,
        ric=locked.ric,
        phone=locked.phone,
        name=locked.name,
        employer=locked.employer,
        joined_on=today(),
    )
    return JOINING_WORKFLOW.transition(
        locked,
        "approve",
        actor=actor,
        version=version,
        changes={"member": member},
        data={"member": member.pk, "union": target.pk},
    )


def joining_reject(
    *, actor: Any, application: JoiningApplication, version: int | None, reason: str
) -> JoiningApplication:
    ensure_visible(actor, application, "members.approve_joining")
    if not reason.strip():
        raise ApplicationError("请填写不予批准的原因，申请人查询时可以看到。", field="reason")
    return JOINING_WORKFLOW.transition(
        application,
        "reject",
        actor=actor,
        version=version,
        note=reason.strip(),
        changes={"decision_reason": reason.strip()[:200]},
    )
