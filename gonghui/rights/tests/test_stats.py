"""The report's figures from case fields, for any period and subtree."""

import datetime
from decimal import Decimal

import pytest

from gonghui.core.clock import today
from gonghui.rights import queries
from gonghui.rights.models import Case
from gonghui.rights.services import handling

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def test_figures_match_the_cases(rw):
    user = rw.world.district_staff
    day = today() - datetime.timedelta(days=1)
    town_a = rw.world.town_a  # the district names the town of a case without employer
    # given 2 visit batches (3 + 5 people, 40 workers), a letter, two calls and an online case
    register(user, channel="visit", visitors=3, workers_involved=30, received_on=day, town=town_a)
    register(
        user,
        channel="visit",
        visitors=5,
        workers_involved=10,
        received_on=day,
        employer=rw.world.employer_b,
    )
    register(user, channel="letter", received_on=day, town=town_a)
    register(user, channel="call", kind="consultation", received_on=day, town=town_a)
    register(
        user, channel="call", kind="labor_dispute", workers_involved=7, received_on=day, town=town_a
    )
    # and a concluded labor dispute with money recovered
    case = to_in_progress(
        rw,
        actor=user,
        kind="labor_dispute",
        channel="referral",
        workers_involved=4,
        received_on=day,
    )
    handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="mediated",
        conclusion="ok",
        amount_recovered="1234.56",
    )
    f = queries.case_figures(user=user, start=day, end=today())
    assert (f["batches"], f["person_visits"]) == (2, 8)
    assert (f["letters"], f["calls"], f["online"]) == (1, 2, 0)
    assert f["workers_involved"] == 30 + 10 + 1 + 1 + 7 + 4
    assert (f["disputes"], f["dispute_workers"]) == (2, 11)
    assert f["amount_recovered"] == Decimal("1234.56")
    assert isinstance(f["amount_recovered"], Decimal)
    assert f["in_time_share"] == Decimal("100.0")
    assert f["by_channel"]["来访"]["cases"] == 2
    assert f["by_kind"]["劳动争议"]["workers"] == 11
    # the subtree of town B holds only the second visit
    fb = queries.case_figures(user=user, start=day, end=today(), path=rw.world.town_b.path)
    assert (fb["batches"], fb["person_visits"], fb["cases"]) == (1, 5, 1)
    # and the period excludes cases received before it
    assert queries.case_figures(user=user, start=today(), end=today())["cases"] == 0


def test_town_user_figures_cover_only_their_town(rw):
    register(rw.world.town_a_user, channel="visit", visitors=2, workers_involved=2)
    register(rw.world.town_b_user, channel="visit", visitors=4, workers_involved=4)
    f = queries.case_figures(
        user=rw.world.town_a_user, start=today() - datetime.timedelta(days=5), end=today()
    )
    assert f["person_visits"] == 2


def test_in_time_share_counts_late_conclusions(rw):
    # given a case whose deadline passed yesterday, and one still in time
    late = to_in_progress(rw)
    Case.objects.filter(pk=late.pk).update(conclude_due=today() - datetime.timedelta(days=1))
    late.refresh_from_db()
    handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=late,
        version=late.version,
        outcome="explained",
        conclusion="x",
    )
    case2 = to_in_progress(rw)
    handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case2,
        version=case2.version,
        outcome="explained",
        conclusion="x",
    )
    f = queries.case_figures(
        user=rw.world.district_staff, start=today() - datetime.timedelta(days=5), end=today()
    )
    assert f["concluded"] == 2 and f["concluded_in_time"] == 1
    assert f["in_time_share"] == Decimal("50.0")
