"""Helpers shared by the rights services: numbering, the district root, who is told, links."""

import secrets

from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.errors import ApplicationError
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..models import Case

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


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


def case_url(case: Case) -> str:
    """The staff page of a case, for notifications."""
    return reverse("rights:case_detail", args=[case.pk])


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
