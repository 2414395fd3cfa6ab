"""Shared fixtures: a small district with two towns and the seeded personas of every role."""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.accounts.tests.factories import UserFactory
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.tests.factories import EmployerFactory, make_org

# Property tests judge correctness, not speed: on a loaded 2-CPU machine (xdist, CI) one
# example may take 500 ms, which failed the default 200 ms deadline (issue #9, item 8).
settings.register_profile(
    "gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("gonghui")


@dataclass
class World:
    district: Organization
    town_a: Organization
    town_b: Organization
    union_a: Organization
    union_b: Organization
    employer_a: Employer
    employer_b: Employer
    admin: User
    district_staff: User
    auditor: User
    town_a_user: User
    town_b_user: User
    chair_a: User
    lawyer_a: User


@pytest.fixture
def world(db) -> World:
    district = make_org(None, OrgKind.DISTRICT, "番禺区总工会")
    town_a = make_org(district, OrgKind.TOWN, "市桥街道总工会")
    town_b = make_org(district, OrgKind.TOWN, "南村镇总工会")
    union_a = make_org(town_a, OrgKind.GRASSROOTS, "甲公司工会委员会")
    union_b = make_org(town_b, OrgKind.GRASSROOTS, "乙公司工会委员会")
    return World(
        district=district,
        town_a=town_a,
        town_b=town_b,
        union_a=union_a,
        union_b=union_b,
        employer_a=EmployerFactory(name="甲电子有限公司", town=town_a, union=union_a),
        employer_b=EmployerFactory(name="乙五金有限公司", town=town_b, union=union_b),
        admin=UserFactory(username="admin", role=Role.DISTRICT_ADMIN, organization=district),
        district_staff=UserFactory(
            username="district", role=Role.DISTRICT_STAFF, organization=district
        ),
        auditor=UserFactory(username="auditor", role=Role.AUDITOR, organization=district),
        town_a_user=UserFactory(username="town_a", role=Role.TOWN_STAFF, organization=town_a),
        town_b_user=UserFactory(username="town_b", role=Role.TOWN_STAFF, organization=town_b),
        chair_a=UserFactory(username="chair_a", role=Role.GRASSROOTS_CHAIR, organization=union_a),
        lawyer_a=UserFactory(username="lawyer_a", role=Role.LAWYER, organization=town_a),
    )


@pytest.fixture
def client_for(client):
    """Log a persona in on the test client."""

    def login(user: User):
        client.force_login(user)
        return client

    return login
