"""Helpers shared by the rights services: scope, identity columns, numbering, recipients."""

import datetime
import secrets
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.identity import normalize_phone, phone_hash, ric_hash
from gonghui.core.ids import InvalidID, ric_validate
from gonghui.core.permissions import require  # noqa: F401  (services import it from here)
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..models import Case

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def ensure_case_visible(actor: Any, case: Case) -> None:
    """The same rule as the pages: the scope plus the lawyer's own-cases rule."""
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的办理范围内。")


def today() -> datetime.date:
    return timezone.localdate()


def district_root() -> Organization:
    root = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("pk").first()
    if root is None:
        raise ApplicationError("系统尚未设置区总工会。")
    return root


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not Case.objects.filter(tracking_code=code).exists():
            return code


def assign_number(case: Case) -> None:
    case.number = f"WQ{case.received_on.year}-{case.pk:06d}"
    case.save(update_fields=["number"])


def phone_columns(raw: str, *, field: str = "contact_phone") -> tuple[str, str, str]:
    try:
        phone = normalize_phone(raw)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, field=field) from exc
    return phone, phone_hash(phone), phone[-4:] if phone else ""


def ric_columns(raw: str, *, field: str = "ric") -> tuple[str, str, str]:
    if not (raw or "").strip():
        return "", "", ""
    try:
        number = ric_validate(raw).number
    except InvalidID as exc:
        raise ApplicationError(exc.message, field=field) from exc
    return number, ric_hash(number), number[-4:]


def case_recipients(case: Case) -> list[User]:
    """Who is told about a case: its lawyer, else the staff of the handling town."""
    if case.lawyer_id:
        return [case.lawyer.user]
    org = case.assigned_org or (case.station.town if case.station_id else case.town)
    users = User.objects.filter(is_active=True, role=Role.TOWN_STAFF, organization=org)
    if org is None or not users.exists():
        users = User.objects.filter(
            is_active=True,
            role__in=[Role.DISTRICT_STAFF, Role.DISTRICT_ADMIN],
            organization__kind=OrgKind.DISTRICT,
        )
    return list(users)
