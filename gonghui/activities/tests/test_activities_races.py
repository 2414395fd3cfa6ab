"""Two registrations for the last place at the same moment (MERIT-4): the activity's row
is locked, so one is confirmed and the other waits, and positions stay unique. Threads with
their own connections; on PostgreSQL (CI runs the suite there with DATABASE_URL) and on
SQLite when its test database is a file the threads can share."""

import pytest

from gonghui.activities.choices import RegistrationState
from gonghui.activities.models import Registration
from gonghui.activities.services import activities as services
from gonghui.activities.tests.activities_helpers import member_with_identity, open_activity
from tests.races import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


def test_two_registrations_for_the_last_place(world):
    for round_ in range(ROUNDS):
        activity = open_activity(world.district, capacity=1)
        a = member_with_identity(world.union_a, f"甲{round_}")[0]
        b = member_with_identity(world.union_a, f"乙{round_}")[0]
        outcomes = race(
            [
                lambda m=a, activity=activity: services.register_members(
                    actor=world.chair_a, activity=activity, members=[m]
                ),
                lambda m=b, activity=activity: services.register_by_phone(
                    member=m, activity=activity
                ),
            ]
        )
        assert outcomes == ["ok", "ok"]
        rows = Registration.objects.filter(activity=activity)
        states = sorted(rows.values_list("state", flat=True))
        assert states == [RegistrationState.CONFIRMED, RegistrationState.WAITLISTED]
        assert sorted(rows.values_list("position", flat=True)) == [1, 2]
