"""Who a record names: one lookup for service beneficiaries and grants (CARE-2, CARE-4).

`person_facts(actor, member=..., name=..., ric=...)` gives a `Person`: either a member of
the actor's scope (picked: the member's own name and RIC), or a name and a RIC checked with
core.identity; a RIC that belongs to a member of the actor's scope links that member (and
its name must agree). Errors are Chinese and name the field (member, name, ric).
"""

from dataclasses import dataclass
from typing import Any

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_hash
from gonghui.core.scope import access
from gonghui.members.models import Member

from ..rules.people import name_checked, name_mismatch, ric_number

MEMBER_VIEW = "members.view"
_CHUNK = 900  # hashes per IN (SQLite's old limit of 999 variables)


@dataclass(frozen=True)
class Person:
    name: str
    ric: str
    ric_hash: str
    member: Member | None = None

    def identity(self) -> dict[str, str]:
        """The columns of core.identity.ric_columns for this person."""
        return {"ric": self.ric, "ric_hash": self.ric_hash, "ric_last4": self.ric[-4:]}


def members_in_scope(actor: Any) -> Any:
    """The members a record may name: those of the actor's scope (none without members.view)."""
    return Member.objects.visible_to(actor, MEMBER_VIEW)


def person_facts(
    actor: Any,
    *,
    member: Member | int | None = None,
    name: str = "",
    ric: str = "",
    fields: tuple[str, str, str] = ("member", "name", "ric"),
) -> Person:
    """The person a form or a body names; `fields` are the names its errors go on."""
    member_field, name_field, ric_field = fields
    if member not in (None, ""):
        pk = member.pk if isinstance(member, Member) else member
        found = access(members_in_scope(actor), actor, pk, field=member_field)
        return Person(found.name, found.ric, found.ric_hash, found)
    if not str(name or "").strip() and not str(ric or "").strip():
        raise ApplicationError("请选择会员，或填写姓名和身份证号。", field=member_field)
    clean_name = name_checked(name, field=name_field)
    number = ric_number(ric, field=ric_field)
    digest = ric_hash(number)
    found = members_in_scope(actor).filter(ric_hash=digest).first()
    if found is not None and (wrong := name_mismatch(clean_name, found.name)):
        raise ApplicationError(wrong, field=name_field)
    return Person(clean_name, number, digest, found)


def members_by_hash(actor: Any, hashes: list[str]) -> dict[str, tuple[int, str]]:
    """{RIC hash: (member id, name)} of the actor's scope, for a batch (an import)."""
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(hashes), _CHUNK):
        rows = members_in_scope(actor).filter(ric_hash__in=hashes[start : start + _CHUNK])
        found.update({h: (pk, n) for h, pk, n in rows.values_list("ric_hash", "pk", "name")})
    return found
