"""Opening a hardship file and the living standards: each refusal, the number, the
one-open-file rule (also at the database), re-registration, documents sealed."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from gonghui.assistance.choices import (
    AccidentEvent,
    DocumentKind,
    FileState,
    HardshipCategory,
    HardshipCause,
)
from gonghui.assistance.models import Document, HardshipFile, LivingStandard
from gonghui.assistance.services import files as services
from gonghui.assistance.tests.factories import make_file, make_standard
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.filecrypt import is_sealed, unsealed_bytes
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.members.tests.factories import new_ric

from .files_helpers import PDF, PNG, docs, open_file, standards

pytestmark = pytest.mark.django_db


def test_open_judges_now_and_numbers_the_file(world):
    # given a standard of 600 in town A
    standards(world)
    # when a town opens a file of (9600 − 2400) / 12 / 2 = 300 per head
    file = open_file(world)
    # then it is deep hardship, numbered, submitted, with household and sealed documents
    assert file.category == HardshipCategory.DEEP
    assert file.per_head_monthly == Decimal("300.00")
    assert file.living_standard == Decimal("600.00")
    assert file.household_size == 2 and file.household.count() == 1
    assert file.number == f"KN{file.opened_on.year}{file.pk:06d}"
    assert file.state == FileState.SUBMITTED and file.town == world.town_a
    assert file.org_path == world.union_a.path
    for doc in file.documents.all():
        path = Path(settings.MEDIA_ROOT) / "assistance" / doc.stored_name
        assert is_sealed(path) and unsealed_bytes(path) == PDF
    assert AuditEntry.objects.filter(
        action="assistance.file.opened", target_id=str(file.pk)
    ).exists()
    assert WorkflowEvent.objects.filter(workflow="assistance.file", object_id=str(file.pk)).exists()


def test_relative_and_accident_categories(world):
    standards(world)
    relative = open_file(world, annual_income=Decimal("24000"), essential_expenses=Decimal("0"))
    assert relative.category == HardshipCategory.RELATIVE  # 1000 < 1200
    accident = open_file(
        world,
        annual_income=Decimal("60000"),
        essential_expenses=Decimal("0"),
        accident_event=AccidentEvent.SAFETY,
    )
    assert accident.category == HardshipCategory.ACCIDENT


def test_the_standard_in_force_on_the_day_judges(world):
    make_standard(world.town_a, "600", datetime.date(2013, 1, 1))
    make_standard(world.town_a, "200", datetime.date(2014, 1, 1))
    # 300 per head: deep under 600 (2013), relative under 200 ×2 (2014 on)
    old = open_file(world, opened_on=datetime.date(2013, 6, 1))
    assert old.category == HardshipCategory.DEEP and old.living_standard == Decimal("600.00")
    assert old.number.startswith("KN2013")
    new = open_file(world)
    assert new.category == HardshipCategory.RELATIVE and new.living_standard == Decimal("200.00")


def test_no_standard_names_the_town(world):
    with pytest.raises(ApplicationError, match="「市桥街道总工会」尚未设置"):
        open_file(world)


def test_not_in_hardship_gives_the_figures(world):
    standards(world, "400")
    with pytest.raises(ApplicationError) as exc:
        open_file(world, annual_income=Decimal("19500"), essential_expenses=Decimal("0"))
    assert "人均月收入 812.50 元，不低于低保标准 400.00 元的 2 倍（800.00 元）" in exc.value.message
    assert not HardshipFile.objects.exists()


def test_a_second_open_file_is_refused_with_the_first(world):
    standards(world)
    ric = new_ric()
    first = open_file(world, ric=ric)
    with pytest.raises(ApplicationError) as exc:
        open_file(world, ric=ric, union=world.union_a)
    assert first.number in exc.value.message and exc.value.field == "ric"
    assert exc.value.extra["url"] == f"/assistance/files/{first.pk}/"


def test_the_database_refuses_a_second_open_file(world):
    ric = new_ric()
    make_file(world.union_a, ric=ric)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_file(world.union_b, ric=ric)


def test_the_constraint_error_is_the_same_chinese_error(world, monkeypatch):
    # given the check before saving misses the first file (two staff at the same moment)
    standards(world)
    ric = new_ric()
    first = open_file(world, ric=ric)
    real = services._open_file_of
    calls = []

    def miss_once(hashed):
        calls.append(hashed)
        return None if len(calls) == 1 else real(hashed)

    monkeypatch.setattr(services, "_open_file_of", miss_once)
    with pytest.raises(ApplicationError, match=first.number):
        open_file(world, ric=ric)
    assert HardshipFile.objects.count() == 1


def test_an_exited_person_is_registered_again_with_history(world):
    standards(world)
    ric = new_ric()
    old = make_file(
        world.union_a, ric=ric, state=FileState.EXITED, exited_on=datetime.date(2014, 1, 1)
    )
    again = open_file(world, ric=ric)
    assert again.previous == old


def test_migrant_worker_needs_a_year_and_a_contract(world):
    standards(world)
    recent = services.today() - datetime.timedelta(days=100)
    with pytest.raises(ApplicationError, match="满1年") as exc:
        open_file(world, is_migrant_worker=True, employed_since=recent)
    assert exc.value.field == "employed_since"
    long_ago = datetime.date(2015, 1, 1)
    with pytest.raises(ApplicationError, match="劳动合同"):
        open_file(world, is_migrant_worker=True, employed_since=long_ago)
    file = open_file(
        world,
        is_migrant_worker=True,
        employed_since=long_ago,
        documents=docs(*docs_kinds(), DocumentKind.LABOR_CONTRACT),
    )
    assert file.is_migrant_worker


def docs_kinds():
    return (DocumentKind.ID_CARD, DocumentKind.HOUSEHOLD_REGISTER, DocumentKind.INCOME_PROOF)


def test_missing_documents_are_named(world):
    standards(world)
    with pytest.raises(ApplicationError, match="缺少证明材料：户口簿、收入证明") as exc:
        open_file(world, documents=docs(DocumentKind.ID_CARD))
    assert exc.value.field == "documents"
    with pytest.raises(ApplicationError, match="诊断证明"):
        open_file(world, cause=HardshipCause.ILLNESS)


def test_a_fake_document_is_refused_and_nothing_is_saved(world):
    standards(world)
    fake = [
        (DocumentKind.ID_CARD, SimpleUploadedFile("id.jpg", b"MZ\x90\x00 an exe")),
        (DocumentKind.HOUSEHOLD_REGISTER, SimpleUploadedFile("h.png", PNG)),
        (DocumentKind.INCOME_PROOF, SimpleUploadedFile("i.pdf", PDF)),
    ]
    with pytest.raises(ApplicationError, match="不是允许的文件类型"):
        open_file(world, documents=fake)
    assert not HardshipFile.objects.exists() and not Document.objects.exists()


def test_scope_and_permission(world):
    standards(world)
    with pytest.raises(Http404):
        open_file(world, actor=world.town_a_user, union=world.union_b)
    with pytest.raises(PermissionDenied):
        open_file(world, actor=world.auditor)
    # a chair opens for their own union
    assert open_file(world, actor=world.chair_a).union == world.union_a


def test_each_field_refusal(world):
    standards(world)
    cases = [
        ({"ric": "123"}, "ric"),
        ({"name": "", "ric": new_ric()}, "name"),
        ({"cause": "nope"}, "cause"),
        ({"contact_name": " "}, "contact_name"),
        ({"annual_income": "abc"}, "annual_income"),
        ({"household_size": 1}, "household_size"),
        ({"household": [{"name": "x", "relation": "cousin"}]}, "household"),
        ({"accident_event": "boom"}, "accident_event"),
        ({"opened_on": datetime.date(2099, 1, 1)}, "opened_on"),
        ({"phone": "12345"}, "phone"),
    ]
    for kw, field in cases:
        with pytest.raises(ApplicationError) as exc:
            open_file(world, **kw)
        assert exc.value.field == field, kw


def test_standard_set_and_corrected(world):
    row = services.standard_set(
        actor=world.district_staff,
        town=world.town_a,
        effective_from=datetime.date(2020, 1, 1),
        monthly_amount="980",
        note="穗民规字",
    )
    again = services.standard_set(
        actor=world.district_staff,
        town=world.town_a,
        effective_from=datetime.date(2020, 1, 1),
        monthly_amount="1010",
    )
    assert again.pk == row.pk and LivingStandard.objects.get().monthly_amount == Decimal("1010.00")
    assert AuditEntry.objects.filter(action="assistance.standard.set").count() == 2
    with pytest.raises(PermissionDenied):
        services.standard_set(
            actor=world.town_a_user,
            town=world.town_a,
            effective_from=datetime.date(2020, 1, 1),
            monthly_amount="1",
        )
    with pytest.raises(ApplicationError, match="镇街"):
        services.standard_set(
            actor=world.admin,
            town=world.union_a,
            effective_from=datetime.date(2020, 1, 1),
            monthly_amount="1",
        )
    with pytest.raises(ApplicationError, match="大于0"):
        services.standard_set(
            actor=world.admin,
            town=world.town_a,
            effective_from=datetime.date(2020, 1, 1),
            monthly_amount="0",
        )


def test_member_file_takes_the_members_name(world):
    from gonghui.members.tests.factories import make_member

    standards(world)
    member = make_member(world.union_a, name="赵六")
    file = open_file(world, member=member, name="", ric="")
    assert file.member == member and file.name == member.name and file.ric_hash == member.ric_hash
