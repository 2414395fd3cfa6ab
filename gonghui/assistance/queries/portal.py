"""The worker's own applications and grants (/m/assistance/): found by an application
number and the RIC together, as online joining's status look-up (members.services.joining):
one answer for a wrong number, a wrong RIC or nothing at all, and the same per-IP limit on
look-ups (the limit is members', counted with the joining look-ups: one budget per IP for
guessing number + RIC on the public pages)."""

from django.db.models import QuerySet

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_hash
from gonghui.core.ids import normalize_code
from gonghui.members.services.joining import throttle_status_checks

from ..models import Grant

NOT_FOUND = "未找到该申请，请核对申请编号和身份证号。"


def worker_grants(*, number: str, ric: str, ip: str | None = None) -> QuerySet:
    """Every grant of the person whose RIC the application `number` was made with, newest
    first; ApplicationError(NOT_FOUND) unless number and RIC belong together."""
    throttle_status_checks(ip)
    number, ric = normalize_code(number), normalize_code(ric)
    found = Grant.objects.filter(number=number).only("ric_hash").first() if number else None
    if found is None or not ric or not found.ric_hash or found.ric_hash != ric_hash(ric):
        raise ApplicationError(NOT_FOUND)
    return (
        Grant.objects.filter(ric_hash=found.ric_hash)
        .select_related("program", "program__kind")
        .only(
            "number",
            "name",
            "amount",
            "state",
            "decision_note",
            "paid_on",
            "submitted_on",
            "program__name",
            "program__year",
            "program__kind__name",
        )
        .order_by("-submitted_on", "-id")
    )
