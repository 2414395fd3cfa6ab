"""Rows that wait for someone, in town A and town B, for the inbox tests (page and browser).

`EXPECTED[persona]` is what each persona of `conftest.World` must find in their inbox:
{to-do name: count}. A town-B row never counts for town A; a role without a to-do's
permission has no line for it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from gonghui.core.clock import today
from gonghui.core.identity import identity_values
from gonghui.core.importing.models import ImportRun
from gonghui.core.models import Notification
from gonghui.members.choices import JoiningState, TransferSide, TransferState
from gonghui.members.models import JoiningApplication, Transfer
from gonghui.members.tests.factories import make_member, new_phone, new_ric
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization, Term
from gonghui.orgs.tests.factories import make_org
from gonghui.rights.choices import CaseKind, CaseState, Channel
from gonghui.rights.models import Case, LawFirm, Lawyer, Station

TRANSFERS = "members.transfers_to_decide"
JOINING = "members.joining_submitted"
CASES_OVERDUE = "rights.cases_overdue"
CASES_SOON = "rights.cases_due_soon"
TERMS_OVERDUE = "orgs.terms_overdue"
TERMS_SOON = "orgs.terms_due_soon"
IMPORTS = "core.imports_with_errors"
UNREAD = "core.unread_notifications"

EXPECTED = {
    "admin": {
        TRANSFERS: 4,
        JOINING: 3,
        CASES_OVERDUE: 3,
        CASES_SOON: 1,
        TERMS_OVERDUE: 2,
        TERMS_SOON: 1,
        IMPORTS: 1,
    },
    "town_a_user": {
        TRANSFERS: 2,
        JOINING: 2,
        CASES_OVERDUE: 2,
        CASES_SOON: 1,
        TERMS_OVERDUE: 1,
        TERMS_SOON: 1,
        IMPORTS: 1,
        UNREAD: 2,
    },
    # the chair: only what waits for its own union, and no cases (no rights.view)
    "chair_a": {TRANSFERS: 1, JOINING: 2, TERMS_OVERDUE: 1, UNREAD: 1},
    # the lawyer: only the cases assigned to them
    "lawyer_a": {CASES_OVERDUE: 1, CASES_SOON: 1},
    # the auditor looks and decides nothing: their notifications only
    "auditor": {UNREAD: 1},
    "town_b_user": {TRANSFERS: 2, JOINING: 1, CASES_OVERDUE: 1, TERMS_OVERDUE: 1},
}


@dataclass
class Inbox:
    union_a2: Organization
    union_b2: Organization
    lawyer: Lawyer
    cases: dict[str, Case]


def make_inbox_rows(world) -> Inbox:
    union_a2 = make_org(world.town_a, OrgKind.GRASSROOTS, "丙公司工会委员会")
    union_b2 = make_org(world.town_b, OrgKind.GRASSROOTS, "丁公司工会委员会")
    _transfers(world, union_a2, union_b2)
    _joining(world)
    lawyer = _lawyer(world)
    cases = _cases(world, lawyer)
    _terms(world, union_a2)
    _imports(world)
    _notifications(world)
    return Inbox(union_a2, union_b2, lawyer, cases)


def _transfer(member_union, to_union, side: str, state: str = TransferState.REQUESTED) -> Transfer:
    member = make_member(member_union, name=f"接转会员{member_union.pk}{to_union.pk}{state}")
    return Transfer.objects.create(
        member=member,
        from_union=member_union,
        to_union=to_union,
        requested_by_side=side,
        state=state,
        org_path=to_union.path,
    )


def _transfers(world, union_a2, union_b2) -> None:
    # town A's two unions: union A asked, union A2 (and town A above it) decides
    _transfer(world.union_a, union_a2, TransferSide.SENDING)
    # town B's union asked to send a member to union A: union A decides
    _transfer(world.union_b, world.union_a, TransferSide.SENDING)
    # union A asked to send a member to town B: town B decides, not union A nor town A
    _transfer(world.union_a, world.union_b, TransferSide.SENDING)
    # inside town B, asked by the receiving side: the sending union B2 decides
    _transfer(union_b2, world.union_b, TransferSide.RECEIVING)
    # decided already: waits for nobody
    _transfer(world.union_b, world.union_a, TransferSide.SENDING, TransferState.REJECTED)


def _application(world, union, employer, state=JoiningState.SUBMITTED) -> JoiningApplication:
    number = f"RH{JoiningApplication.objects.count() + 1:06d}"
    return JoiningApplication.objects.create(
        number=number,
        name=f"申请人{number}",
        employer=employer,
        deciding_org=union,
        org_path=union.path,
        consent_at=timezone.now(),
        state=state,
        **identity_values(ric=new_ric(), phone=new_phone()),
    )


def _joining(world) -> None:
    _application(world, world.union_a, world.employer_a)
    _application(world, world.union_a, world.employer_a)
    _application(world, world.union_a, world.employer_a, JoiningState.REJECTED)
    _application(world, world.union_b, world.employer_b)


def _lawyer(world) -> Lawyer:
    station = Station.objects.create(
        name="市桥工作站", town=world.town_a, org_path=world.town_a.path
    )
    firm = LawFirm.objects.create(name="番禺正义律师事务所", org_path=world.district.path)
    return Lawyer.objects.create(
        user=world.lawyer_a, name="李律师", firm=firm, station=station, org_path=station.org_path
    )


def _case(number: str, town, state: str, *, days: int, lawyer=None) -> Case:
    """A case whose current limit is `days` from today (negative: past it)."""
    due = today() + datetime.timedelta(days=days)
    limit = {"accept_due": due} if state == CaseState.REGISTERED else {"conclude_due": due}
    return Case.objects.create(
        number=number,
        kind=CaseKind.COMPLAINT,
        channel=Channel.VISIT,
        state=state,
        received_on=today() - datetime.timedelta(days=40),
        summary="拖欠工资",
        town=town,
        amount_claimed=Decimal("1000.00"),
        contact_name=f"职工{number[-2:]}",
        org_path=town.path,
        lawyer=lawyer,
        station=lawyer.station if lawyer else None,
        **limit,
    )


def _cases(world, lawyer) -> dict[str, Case]:
    return {
        # not the lawyer's: town A's staff and the district see it
        "registered_late": _case("WQ2026-0001", world.town_a, CaseState.REGISTERED, days=-2),
        "lawyer_late": _case(
            "WQ2026-0002", world.town_a, CaseState.IN_PROGRESS, days=-5, lawyer=lawyer
        ),
        "lawyer_soon": _case(
            "WQ2026-0003", world.town_a, CaseState.ASSIGNED, days=1, lawyer=lawyer
        ),
        # the lawyer's, with time to spare: on their home page, in no to-do
        "lawyer_later": _case(
            "WQ2026-0004", world.town_a, CaseState.IN_PROGRESS, days=20, lawyer=lawyer
        ),
        # concluded: no limit runs any more
        "concluded": _case("WQ2026-0005", world.town_a, CaseState.CONCLUDED, days=-9),
        "town_b_late": _case("WQ2026-0006", world.town_b, CaseState.ACCEPTED, days=-1),
    }


def _term(org, *, ends_in: int, current: bool = True) -> Term:
    ends_on = today() + datetime.timedelta(days=ends_in)
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        number=1 if current else 0,
        term_years=5,
        starts_on=ends_on - datetime.timedelta(days=5 * 365),
        ends_on=ends_on,
        is_current=current,
    )


def _terms(world, union_a2) -> None:
    _term(world.union_a, ends_in=-10)
    _term(world.union_a, ends_in=-2000, current=False)  # the term before: no longer an alert
    _term(union_a2, ends_in=30)
    _term(world.union_b, ends_in=-1)


def _run(user, *, rejected: int, finished: bool = True, days_ago: int = 0) -> ImportRun:
    run = ImportRun.objects.create(
        kind="members",
        original_name=f"花名册{ImportRun.objects.count() + 1}.xlsx",
        file_format="xlsx",
        file_path="imports/x.xlsx",
        created_by=user,
        rows_total=10,
        created=10 - rejected,
        rejected=rejected,
        finished_at=timezone.now() if finished else None,
        org_path=user.organization.path,
    )
    if days_ago:
        then = timezone.now() - datetime.timedelta(days=days_ago)
        ImportRun.objects.filter(pk=run.pk).update(created_at=then, finished_at=then)
    return run


def _imports(world) -> None:
    _run(world.town_a_user, rejected=3)  # the one to look at
    _run(world.town_a_user, rejected=0)  # every row went in
    _run(world.town_a_user, rejected=2, finished=False)  # still running
    _run(world.town_a_user, rejected=4, days_ago=45)  # long ago
    _run(world.admin, rejected=1)  # the admin's own


def _notifications(world) -> None:
    for user, unread, read in (
        (world.town_a_user, 2, 1),
        (world.chair_a, 1, 0),
        (world.auditor, 1, 2),
        (world.admin, 0, 1),
    ):
        for i in range(unread + read):
            Notification.objects.create(
                recipient=user,
                message=f"通知{i}",
                read_at=timezone.now() if i >= unread else None,
            )
