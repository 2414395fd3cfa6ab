"""What the hardship-file tests share: document bytes, a standard, opening through the
service, and moving a file along the workflow."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.choices import DocumentKind, HardshipCause
from gonghui.assistance.services import files as services
from gonghui.assistance.tests.factories import make_standard
from gonghui.members.tests.factories import new_ric

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64
BASIC = (DocumentKind.ID_CARD, DocumentKind.HOUSEHOLD_REGISTER, DocumentKind.INCOME_PROOF)


def docs(*kinds: str) -> list[tuple[str, SimpleUploadedFile]]:
    """An upload per kind (the basic three when none are named)."""
    return [(k, SimpleUploadedFile(f"{k}.pdf", PDF)) for k in (kinds or BASIC)]


def standards(world, amount: str = "600", since=datetime.date(2013, 1, 1)) -> None:
    make_standard(world.town_a, amount, since)
    make_standard(world.town_b, amount, since)


def open_file(world, actor=None, union=None, **kw):
    """A deep-hardship file by default: 600 standard, (9600 − 2400)/12/2 = 300 per head."""
    kw.setdefault("name", "李四")
    kw.setdefault("ric", new_ric())
    kw.setdefault("annual_income", Decimal("9600"))
    kw.setdefault("essential_expenses", Decimal("2400"))
    kw.setdefault("household", [{"name": "王芳", "relation": "spouse"}])
    kw.setdefault("cause", HardshipCause.UNEMPLOYMENT)
    kw.setdefault("contact_name", "张联系")
    kw.setdefault("documents", docs())
    return services.file_open(actor=actor or world.town_a_user, union=union or world.union_a, **kw)


def approved(world, **kw):
    file = open_file(world, **kw)
    file = services.file_review(actor=world.town_a_user, file=file, version=file.version)
    return services.file_approve(actor=world.district_staff, file=file, version=file.version)


def set_today(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr(services, "today", lambda: day)
