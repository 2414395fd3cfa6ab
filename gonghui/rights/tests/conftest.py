"""Rights fixtures on top of the shared `world`: a station per town, a firm, lawyer_a's profile."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gonghui.accounts.roles import Role
from gonghui.accounts.tests.factories import UserFactory
from gonghui.core.clock import today
from gonghui.rights.models import Case, LawFirm, Lawyer, LegalEvent, Station
from gonghui.rights.services import handling, registration


@dataclass
class RightsWorld:
    world: object
    station_a: Station
    station_b: Station
    firm: LawFirm
    lawyer_a: Lawyer
    lawyer_a2: Lawyer


@pytest.fixture
def rw(world) -> RightsWorld:
    station_a = Station.objects.create(
        name="市桥工作站", town=world.town_a, org_path=world.town_a.path
    )
    station_b = Station.objects.create(
        name="南村工作站", town=world.town_b, org_path=world.town_b.path
    )
    firm = LawFirm.objects.create(name="番禺正义律师事务所", org_path=world.district.path)
    lawyer_a = Lawyer.objects.create(
        user=world.lawyer_a,
        name="李律师",
        firm=firm,
        station=station_a,
        org_path=station_a.org_path,
    )
    other = UserFactory(username="lawyer_a2", role=Role.LAWYER, organization=world.town_a)
    lawyer_a2 = Lawyer.objects.create(
        user=other, name="王律师", firm=firm, station=station_a, org_path=station_a.org_path
    )
    return RightsWorld(world, station_a, station_b, firm, lawyer_a, lawyer_a2)


def register(actor, **overrides) -> Case:
    fields = {
        "kind": "petition",
        "channel": "visit",
        "received_on": today() - datetime.timedelta(days=1),
        "subject": "wages",
        "summary": "公司拖欠三个月工资",
        "contact_name": "陈大明",
        "contact_phone": "13800138000",
        "amount_claimed": Decimal("12000.00"),
    }
    fields |= overrides
    return registration.case_register(actor=actor, **fields)


def to_in_progress(rw, actor=None, lawyer=None, **overrides) -> Case:
    actor = actor or rw.world.town_a_user
    case = register(actor, employer=rw.world.employer_a, **overrides)
    case = handling.case_accept(actor=actor, case=case, version=case.version)
    case = handling.case_assign(
        actor=actor, case=case, version=case.version, lawyer=lawyer or rw.lawyer_a
    )
    return handling.case_start(actor=(lawyer or rw.lawyer_a).user, case=case, version=case.version)


# ---- the rows of the list filter and export tests (test_filters.py, test_exports.py) ----


@pytest.fixture
def cases(rw):
    w = rw.world
    made = {
        "wages": register(w.town_a_user, employer=w.employer_a, contact_name="工资甲"),
        "injury": register(
            w.town_a_user,
            employer=w.employer_a,
            kind="complaint",
            subject="injury",
            contact_name="工伤乙",
            received_on=datetime.date(2024, 5, 6),
        ),
        "assigned": to_in_progress(rw, contact_name="办理丙"),
        "other_town": register(w.town_b_user, employer=w.employer_b, contact_name="外镇丁"),
    }
    Case.objects.filter(pk=made["wages"].pk).update(tracking_code="ABCD2345EF")
    Case.objects.filter(pk=made["other_town"].pk).update(tracking_code="ZZZZ2345ZZ")
    return made


@pytest.fixture
def due(rw, cases):
    now = today()
    Case.objects.filter(pk=cases["wages"].pk).update(accept_due=now - datetime.timedelta(days=2))
    Case.objects.filter(pk=cases["injury"].pk).update(accept_due=now + datetime.timedelta(days=1))
    Case.objects.filter(pk=cases["other_town"].pk).update(
        accept_due=now - datetime.timedelta(days=2)
    )
    return cases


@pytest.fixture
def events(rw):
    w = rw.world

    def event(title, town, held_on, kind="publicity"):
        return LegalEvent.objects.create(
            kind=kind,
            title=title,
            held_on=held_on,
            town=town,
            organizers="工会",
            attendance=10,
            org_path=town.path,
        )

    return [
        event("普法甲", w.town_a, datetime.date(2025, 5, 1)),
        event("讲座乙", w.town_a, datetime.date(2024, 5, 1), kind="lecture"),
        event("外镇丙", w.town_b, datetime.date(2025, 5, 1)),
    ]
