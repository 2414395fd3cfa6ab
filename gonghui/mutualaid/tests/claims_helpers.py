"""Shared by the claims tests: a plan year around today, a member enrolled in it, and a
claim filed through the service with the two documents every claim needs."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.clock import today
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import DocumentKind, EventKind
from gonghui.mutualaid.services import claims as services
from gonghui.mutualaid.tests.factories import make_enrollment, make_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCOUNT = "6222020200112233445"


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def current_plan(world, **extra):
    """The factories' figures, its period from 200 days ago to 165 days ahead."""
    extra.setdefault("starts_on", days_ago(200))
    extra.setdefault("ends_on", today() + datetime.timedelta(days=165))
    return make_plan(world.district, year=extra.pop("year", today().year), **extra)


def enrolled(world, plan, union=None, name="李四", **extra):
    member = make_member(union or world.union_a, name)
    return make_enrollment(member, plan, **extra)


def documents() -> list[tuple[str, Any]]:
    return [
        (DocumentKind.DISCHARGE, SimpleUploadedFile("出院小结.pdf", PDF)),
        (DocumentKind.INVOICE, SimpleUploadedFile("发票.pdf", PDF)),
    ]


def claim_fields(enrollment, **extra) -> dict[str, Any]:
    """An illness with a 5-day stay 30 days ago: own cost 8,000 -> 4,500 inpatient aid."""
    fields = {
        "member": enrollment.member,
        "event_kind": EventKind.ILLNESS,
        "event_on": days_ago(30),
        "admitted_on": days_ago(30),
        "discharged_on": days_ago(25),
        "hospital": "番禺区中心医院",
        "diagnosis": "肺炎",
        "total_cost": "20000.00",
        "insurance_paid": "12000.00",
        "own_cost": "8000.00",
        "bank_name": "工商银行",
        "account": ACCOUNT,
    }
    fields.update(extra)
    return fields


def file_claim(world, enrollment, actor=None, **extra):
    extra.setdefault("documents", documents())
    return services.claim_create(actor=actor or world.chair_a, **claim_fields(enrollment, **extra))
