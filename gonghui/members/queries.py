"""Reads for members, transfers and joining applications. Every function starts from scope."""

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.identity import phone_hash, ric_hash
from gonghui.core.ids import normalize_code
from gonghui.core.scope import access
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .models import JoiningApplication, Member, Transfer


def _ric_filter(text: str) -> Q:
    """Full RIC through its keyed hash; a shorter tail through the clear last 4."""
    number = normalize_code(text)
    if len(number) == 18:
        return Q(ric_hash=ric_hash(number))
    return Q(ric_last4=number[-4:]) if len(number) >= 4 else Q(ric_last4__endswith=number)


def _phone_filter(text: str) -> Q:
    number = normalize_code(text).removeprefix("+86")
    if len(number) == 11:
        return Q(phone_hash=phone_hash(number))
    return Q(phone_last4=number[-4:]) if len(number) >= 4 else Q(phone_last4__endswith=number)


def member_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Member]:
    f = filters or {}
    qs = Member.objects.visible_to(user).select_related("union", "employer")
    if name := (f.get("name") or "").strip():
        qs = qs.filter(name__icontains=name)
    if ric := (f.get("ric") or "").strip():
        qs = qs.filter(_ric_filter(ric))
    if phone := (f.get("phone") or "").strip():
        qs = qs.filter(_phone_filter(phone))
    if f.get("union_id"):
        qs = qs.filter(union_id=f["union_id"])
    if union := (f.get("union") or "").strip():
        qs = qs.filter(union__name__icontains=union)
    if f.get("employer_id"):
        qs = qs.filter(employer_id=f["employer_id"])
    if employer := (f.get("employer") or "").strip():
        qs = qs.filter(employer__name__icontains=employer)
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    return qs


def member_get(*, user: Any, pk: Any) -> Member:
    return access(Member.objects.select_related("union", "employer"), user, pk)


def member_by_ric(ric: str) -> Member | None:
    """Any member with this RIC, whatever the scope: for the receiving side of a transfer."""
    return Member.objects.select_related("union").filter(ric_hash=ric_hash(ric)).first()


def union_by_name_or_uscc(text: str) -> Organization | None:
    """A grassroots union anywhere in the district, by exact name or USCC (no listing)."""
    text = (text or "").strip()
    if not text:
        return None
    found = list(
        Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True).filter(
            Q(name=text) | Q(uscc=normalize_code(text))
        )[:2]
    )
    return found[0] if len(found) == 1 else None


def transfer_list(*, user: Any, state: str = "") -> QuerySet[Transfer]:
    qs = Transfer.objects.visible_to(user).select_related(
        "member", "from_union", "to_union", "to_employer"
    )
    return qs.filter(state=state) if state else qs


def transfer_get(*, user: Any, pk: Any) -> Transfer:
    return access(
        Transfer.objects.select_related(
            "member", "from_union", "to_union", "from_employer", "to_employer"
        ),
        user,
        pk,
    )


def joining_list(*, user: Any, state: str = "") -> QuerySet[JoiningApplication]:
    qs = JoiningApplication.objects.visible_to(user).select_related(
        "employer", "deciding_org", "member"
    )
    return qs.filter(state=state) if state else qs


def joining_get(*, user: Any, pk: Any) -> JoiningApplication:
    return access(
        JoiningApplication.objects.select_related("employer", "employer__union", "deciding_org"),
        user,
        pk,
    )


def grassroots_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS, is_active=True)
