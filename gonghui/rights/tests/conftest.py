"""Rights fixtures on top of the shared `world`: a station per town, a firm, lawyer_a's profile."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gonghui.accounts.roles import Role
from gonghui.accounts.tests.factories import UserFactory
from gonghui.core.clock import today
from gonghui.rights.models import Case, LawFirm, Lawyer, Station
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
