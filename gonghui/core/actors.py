"""Who acts (issue #9): a person (a logged-in `User`), the system, or the worker portal.

Services, the workflow and the audit log accept any of the three as `actor`. The system and
the portal are values, not accounts: nobody can log in as them, they belong to no
organization (so the data scope shows them nothing), and they hold only the permissions they
are made with, so no staff check passes by impersonation.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models


class ActorKind(models.TextChoices):
    PERSON = "person", "工作人员"
    SYSTEM = "system", "系统"
    PORTAL = "portal", "职工（网上）"


@dataclass(frozen=True)
class _Agent:
    """Not a person: the system (a scheduled job) or the worker portal (a channel)."""

    name: str  # a dotted code: the periodic job ("rights.mark_overdue") or channel
    label: str  # shown in the audit log: 系统（维权案件超期检查）, 职工（网上投诉）
    grants: frozenset[str] = field(default=frozenset())

    kind = ActorKind.PERSON
    is_authenticated = False
    is_active = True
    pk = None
    organization = None
    organization_id = None
    role = ""

    def can(self, permission: str) -> bool:
        return permission in self.grants

    def get_username(self) -> str:
        return self.label

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class SystemActor(_Agent):
    kind = ActorKind.SYSTEM


@dataclass(frozen=True)
class PortalActor(_Agent):
    kind = ActorKind.PORTAL


def system_actor(name: str, title: str, grants: tuple[str, ...] = ()) -> SystemActor:
    return SystemActor(name=name, label=f"系统（{title}）", grants=frozenset(grants))


def portal_actor(channel: str, title: str, grants: tuple[str, ...] = ()) -> PortalActor:
    return PortalActor(name=channel, label=f"职工（{title}）", grants=frozenset(grants))


def actor_kind(actor: Any) -> str:
    """None is a person not logged in (a failed login names the username it tried)."""
    return getattr(actor, "kind", None) or ActorKind.PERSON


def actor_user(actor: Any) -> Any:
    """The `User` row to link, or None for the system, the portal and nobody."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def actor_label(actor: Any) -> str:
    return "" if actor is None else actor.get_username()
