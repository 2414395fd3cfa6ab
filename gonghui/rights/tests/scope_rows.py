"""Rights rows of town B for the scope walk (tests/scope_walk.py)."""

import datetime
from decimal import Decimal

from gonghui.accounts.roles import Role
from gonghui.accounts.tests.factories import UserFactory
from gonghui.core.models import Notification
from gonghui.rights.choices import CaseKind, CaseState, Channel, NoteKind
from gonghui.rights.models import (
    Case,
    CaseAttachment,
    CaseNote,
    LawFirm,
    Lawyer,
    LegalEvent,
    Station,
)


def foreign_rights_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town = world.town_b
    station = Station.objects.create(
        id=next_pk(Station), name=f"{MARKER}工作站", town=town, org_path=town.path
    )
    firm = LawFirm.objects.create(
        id=next_pk(LawFirm), name=f"{MARKER}律师事务所", org_path=town.path
    )
    lawyer_user = UserFactory(username="lawyer_b", role=Role.LAWYER, organization=town)
    lawyer = Lawyer.objects.create(
        id=next_pk(Lawyer),
        user=lawyer_user,
        name=f"{MARKER}律师",
        firm=firm,
        station=station,
        org_path=town.path,
    )
    case = Case.objects.create(
        id=next_pk(Case),
        number=f"WQ2026-{MARKER}",
        tracking_code="FOREIGN234",
        kind=CaseKind.COMPLAINT,
        channel=Channel.ONLINE,
        state=CaseState.IN_PROGRESS,
        received_on=datetime.date(2026, 11, 1),
        accept_due=datetime.date(2026, 11, 16),
        conclude_due=datetime.date(2026, 11, 2),
        summary=f"{MARKER}欠薪",
        town=town,
        employer=world.employer_b,
        employer_name=world.employer_b.name,
        amount_claimed=Decimal("1000.00"),
        contact_name=f"{MARKER}职工",
        station=station,
        lawyer=lawyer,
        org_path=town.path,
    )
    note = CaseNote.objects.create(
        id=next_pk(CaseNote), case=case, kind=NoteKind.NOTE, text=f"{MARKER}记录"
    )
    attachment = CaseAttachment.objects.create(
        id=next_pk(CaseAttachment),
        case=case,
        stored_name=f"foreign{next_pk()}",
        original_name=f"{MARKER}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    event = LegalEvent.objects.create(
        id=next_pk(LegalEvent),
        kind="publicity",
        title=f"{MARKER}普法",
        held_on=datetime.date(2026, 10, 1),
        town=town,
        organizers=MARKER,
        attendance=30,
        org_path=town.path,
    )
    # a core notification about the case, as core.notify writes it for town B's staff
    notification = Notification.objects.create(
        id=next_pk(Notification),
        recipient=world.town_b_user,
        message=f"{MARKER}通知",
        target_type="rights.case",
        target_id=str(case.pk),
        target_repr=str(case),
        url=f"/rights/cases/{case.pk}/",
    )
    return [station, firm, lawyer, case, note, attachment, event, notification]
