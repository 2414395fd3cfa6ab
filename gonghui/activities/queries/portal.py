"""Who the member on the phone is (/m/activities/): name, RIC and phone must all match one
member's record, active in the roster. One answer for every miss, so the page tells
nobody which of the three was wrong or whether a person is a member; the tries count
against the same per-IP budget as the other public look-ups (members.services.joining)."""

from typing import Any

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import phone_hash, ric_hash
from gonghui.core.ids import normalize_code
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.services.joining import throttle_status_checks

NOT_MATCHED = "身份信息与会员登记不符，请核对后重试；信息有变更请联系所在工会。"


def identify_member(*, name: str, ric: str, phone: str, ip: str | None = None) -> Member:
    """The active member with this name, RIC and phone; else ApplicationError(NOT_MATCHED)."""
    throttle_status_checks(ip)
    name, ric = (name or "").strip(), normalize_code(ric or "")
    digits = normalize_code(phone or "").removeprefix("+86")
    if not name or len(ric) != 18 or not digits:
        raise ApplicationError(NOT_MATCHED)
    found: Any = (
        Member.objects.filter(ric_hash=ric_hash(ric), status=MemberStatus.ACTIVE)
        .select_related("union")
        .first()
    )
    if found is None or found.name != name or found.phone_hash != phone_hash(digits):
        raise ApplicationError(NOT_MATCHED)
    return found
