"""Duplicate detection within 30 days and merging."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.models import WorkflowEvent
from gonghui.rights import queries
from gonghui.rights.services import handling

from .conftest import register

pytestmark = pytest.mark.django_db


def test_same_phone_within_30_days_is_a_possible_duplicate(rw):
    user = rw.world.town_a_user
    first = register(user, received_on=today() - datetime.timedelta(days=20))
    old = register(user, received_on=today() - datetime.timedelta(days=45))
    other = register(user, contact_phone="13700000000")
    second = register(user)
    found = list(queries.case_duplicates(user=user, case=second))
    assert found == [first]
    assert other not in found and old not in found


def test_same_employer_within_30_days_is_a_possible_duplicate(rw):
    user = rw.world.town_a_user
    first = register(user, employer=rw.world.employer_a, contact_phone="13700000001")
    second = register(user, employer=rw.world.employer_a, contact_phone="13700000002")
    assert list(queries.case_duplicates(user=user, case=second)) == [first]


def test_merge_links_and_closes_the_duplicate_with_an_event(rw):
    user = rw.world.town_a_user
    first = register(user)
    second = register(user)
    merged = handling.case_merge(actor=user, case=second, original=first, version=second.version)
    assert merged.state == "closed" and merged.merged_into == first
    event = WorkflowEvent.objects.get(
        workflow="rights.case", object_id=str(second.pk), action="merge"
    )
    assert first.number in event.note
    assert list(queries.case_duplicates(user=user, case=first)) == []


def test_cannot_merge_into_itself(rw):
    case = register(rw.world.town_a_user)
    with pytest.raises(Exception, match="不能合并"):
        handling.case_merge(
            actor=rw.world.town_a_user, case=case, original=case, version=case.version
        )
