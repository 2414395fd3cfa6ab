"""Assistance rows of town B for the scope walk (tests/scope_walk.py): one of each scoped
model, marked, with the ids the walk puts in every URL."""

import datetime
from decimal import Decimal

from gonghui.assistance.choices import (
    DocumentKind,
    FileState,
    GrantState,
    HardshipCategory,
    HardshipCause,
    ServiceKind,
)
from gonghui.assistance.models import (
    Disbursement,
    Document,
    Grant,
    HardshipFile,
    HomeVisit,
    LivingStandard,
    Program,
    ProgramBudget,
    ServiceBeneficiary,
    ServiceRecord,
)
from gonghui.assistance.tests.factories import kind
from gonghui.core.identity import identity_values
from gonghui.members.tests.factories import new_ric


def foreign_assistance_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union = world.town_b, world.union_b
    day = datetime.date(2026, 3, 2)
    standard = LivingStandard.objects.create(
        id=next_pk(LivingStandard),
        town=town,
        effective_from=day,
        monthly_amount=Decimal("1200.00"),
        org_path=town.path,
    )
    ric = new_ric()
    file = HardshipFile.objects.create(
        id=next_pk(HardshipFile),
        number=f"KN-{MARKER}",
        union=union,
        town=town,
        name=f"{MARKER}职工",
        household_size=3,
        annual_income=Decimal("20000.00"),
        cause=HardshipCause.ILLNESS,
        per_head_monthly=Decimal("555.56"),
        living_standard=Decimal("1200.00"),
        category=HardshipCategory.DEEP,
        judged_on=day,
        opened_on=day,
        state=FileState.APPROVED,
        org_path=union.path,
        **identity_values(ric=ric),
    )
    visit = HomeVisit.objects.create(
        id=next_pk(HomeVisit),
        file=file,
        visited_on=day,
        visitor=MARKER,
        note=MARKER,
        org_path=union.path,
    )
    program = Program.objects.create(
        id=next_pk(Program),
        kind=kind("winter_warmth"),
        name=f"{MARKER}送温暖",
        year=2026,
        organizer=town,
        budget=Decimal("10000.00"),
        org_path=town.path,
    )
    budget = ProgramBudget.objects.create(
        id=next_pk(ProgramBudget),
        program=program,
        town=town,
        amount=Decimal("10000.00"),
        org_path=town.path,
    )
    disbursement = Disbursement.objects.create(
        id=next_pk(Disbursement),
        number=f"FF-{MARKER}",
        program=program,
        town=town,
        issued_on=day,
        org_path=town.path,
    )
    grant = Grant.objects.create(
        id=next_pk(Grant),
        number=f"ZJ-{MARKER}",
        program=program,
        union=union,
        town=town,
        hardship_file=file,
        name=f"{MARKER}职工",
        amount=Decimal("500.00"),
        state=GrantState.APPROVED,
        submitted_on=day,
        disbursement=disbursement,
        org_path=union.path,
        **identity_values(ric=ric),
    )
    document = Document.objects.create(
        id=next_pk(Document),
        file=file,
        kind=DocumentKind.ID_CARD,
        original_name=f"{MARKER}.pdf",
        stored_name=f"foreign{next_pk()}",
        content_type="application/pdf",
        size=10,
        org_path=union.path,
    )
    record = ServiceRecord.objects.create(
        id=next_pk(ServiceRecord),
        number=f"FW-{MARKER}",
        kind=ServiceKind.INJURY_VISIT,
        title=f"{MARKER}慰问",
        held_on=day,
        organizer=union,
        amount=Decimal("600.00"),
        head_count=1,
        named=True,
        org_path=union.path,
    )
    beneficiary = ServiceBeneficiary.objects.create(
        id=next_pk(ServiceBeneficiary),
        record=record,
        name=f"{MARKER}职工",
        amount=Decimal("600.00"),
        org_path=union.path,
        **identity_values(ric=new_ric()),
    )
    return [
        standard,
        file,
        visit,
        program,
        budget,
        disbursement,
        grant,
        document,
        record,
        beneficiary,
    ]
