"""Writes of service records (CARE-4) and in-kind deliveries (CARE-2), and their named
beneficiaries. Every write needs assistance.services.record and the actor's scope; edits go
through core.edit (the version read); every write is audited.

A record names its beneficiaries (then `named` is set and its head count and amount are
their number and sum, kept here and by the beneficiary import) or only counts them.
"""

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError
from gonghui.core.money import parse_money, sum_money
from gonghui.core.permissions import require
from gonghui.core.scope import lock
from gonghui.orgs.models import Employer

from ..choices import Recipient
from ..models import ServiceBeneficiary, ServiceRecord
from ..queries import records as queries
from ..rules.records import RecordFacts, record_problems
from .people import person_facts

PERMISSION = "assistance.services.record"
RECORD_FIELDS = [
    "kind",
    "program",
    "title",
    "held_on",
    "organizer",
    "recipient",
    "employer",
    "site",
    "recipient_union",
    "item",
    "quantity",
    "value",
    "amount",
    "head_count",
    "note",
]
# Kept by the service once a record names its beneficiaries.
COUNTED = ("head_count", "amount")
AUDITED = ["kind", "title", "held_on", "organizer", "head_count", "amount", "value"]


def _in(qs: Any, row: Any, what: str, field: str) -> None:
    """A row given (picked, or by id in a body) must be one the actor may name."""
    if row is not None and not qs.filter(pk=row.pk).exists():
        raise ApplicationError(f"所选{what}不存在或不在您的管理范围内，请重新选择。", field=field)


def _check_rows(actor: Any, fields: dict[str, Any]) -> None:
    _in(queries.organizers_offered(actor), fields.get("organizer"), "组织单位", "organizer")
    _in(queries.programs_offered(actor), fields.get("program"), "项目", "program")
    _in(Employer.objects.visible_to(actor), fields.get("employer"), "用人单位", "employer")
    _in(
        queries.recipient_unions_offered(actor),
        fields.get("recipient_union"),
        "受赠工会",
        "recipient_union",
    )


def _facts(record: ServiceRecord) -> RecordFacts:
    return RecordFacts(
        kind=record.kind,
        title=record.title or "",
        held_on=record.held_on,
        recipient=record.recipient,
        employer_id=record.employer_id,
        site=record.site or "",
        recipient_union_id=record.recipient_union_id,
        item=record.item or "",
        quantity=record.quantity or 0,
        value=record.value,
        amount=record.amount,
        head_count=record.head_count or 0,
        program_year=record.program.year if record.program_id else None,
    )


def _clean(record: ServiceRecord) -> None:
    """Amounts through core.money, only the recipient named kept, the rules, the scope path."""
    if record.organizer_id is None:
        raise ApplicationError("请选择组织单位。", field="organizer")
    record.value = parse_money(record.value, field="value")
    record.amount = parse_money(record.amount, field="amount")
    record.title = (record.title or "").strip()
    record.site = (record.site or "").strip()
    record.item = (record.item or "").strip()
    if record.recipient != Recipient.EMPLOYER:
        record.employer = None
    if record.recipient != Recipient.SITE:
        record.site = ""
    if record.recipient != Recipient.UNION:
        record.recipient_union = None
    if problems := record_problems(_facts(record), today()):
        field, message = problems[0]
        raise ApplicationError(message, field=field)
    record.org_path = record.organizer.path


def _clean_edited(record: ServiceRecord) -> None:
    _clean(record)
    if record.named:
        record.head_count, record.amount = _totals(record)


@transaction.atomic
def service_record_create(*, actor: Any, **fields: Any) -> ServiceRecord:
    """A record of a service given or goods delivered (fields: RECORD_FIELDS)."""
    require(actor, PERMISSION)
    _check_rows(actor, fields)
    record = ServiceRecord(**{k: v for k, v in fields.items() if k in RECORD_FIELDS})
    record.recorded_by = actor_user(actor)
    _clean(record)
    # the number is made from the primary key; a unique placeholder until then
    record.number = f"tmp-{secrets.token_hex(8)}"
    record.save()
    record.number = f"FW{record.held_on.year}-{record.pk:06d}"
    record.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action="assistance.service.created",
        target=record,
        data=snapshot(record, AUDITED),
    )
    return record


def service_record_edit(
    *, actor: Any, record: ServiceRecord, version: int | None, **fields: Any
) -> ServiceRecord:
    """The record's fields as the person read them (`version`); a record with named
    beneficiaries keeps its head count and amount as their number and sum."""
    _check_rows(actor, fields)
    editable = [f for f in RECORD_FIELDS if not (record.named and f in COUNTED)]
    return edit(
        ServiceRecord,
        record,
        actor=actor,
        version=version,
        changes=fields,
        editable=editable,
        action="assistance.service.updated",
        permission=PERMISSION,
        clean=_clean_edited,
    )


def _totals(record: ServiceRecord) -> tuple[int, Any]:
    totals = ServiceBeneficiary.objects.filter(record_id=record.pk).aggregate(
        count=Count("id"), total=sum_money("amount")
    )
    return totals["count"], totals["total"]


def service_recount(record: ServiceRecord) -> ServiceRecord:
    """Head count and amount from the named beneficiaries (in the caller's transaction)."""
    count, total = _totals(record)
    ServiceRecord.objects.filter(pk=record.pk).update(
        head_count=count, amount=total, named=True, updated_at=timezone.now()
    )
    record.head_count, record.amount, record.named = count, total, True
    return record


def already_named(name: str) -> str:
    return f"「{name}」已登记为本记录的受益职工，同一人不能重复登记。"


@transaction.atomic
def service_beneficiary_add(
    *,
    actor: Any,
    record: ServiceRecord,
    member: Any = None,
    name: str = "",
    ric: str = "",
    amount: Any = 0,
    note: str = "",
) -> ServiceBeneficiary:
    """One named beneficiary (a member, or a name and RIC) with the amount they received."""
    locked = lock(ServiceRecord, actor, record.pk, PERMISSION)
    person = person_facts(actor, member=member, name=name, ric=ric)
    paid = parse_money(amount, field="amount")
    if locked.beneficiaries.filter(ric_hash=person.ric_hash).exists():
        raise ApplicationError(already_named(person.name), field="ric")
    row = ServiceBeneficiary(
        record=locked,
        member=person.member,
        name=person.name,
        amount=paid,
        note=(note or "").strip(),
        org_path=locked.org_path,
        **person.identity(),
    )
    try:
        with transaction.atomic():  # the constraint backs the check under a race
            row.save()
    except IntegrityError as exc:
        raise ApplicationError(already_named(person.name), field="ric") from exc
    service_recount(locked)
    audit_record(
        actor=actor,
        action="assistance.service.beneficiary_added",
        target=locked,
        data={"name": person.name, "ric_last4": person.ric[-4:], "amount": str(paid)},
    )
    return row
