"""Who sees which case: towns by subtree, lawyers only their own (a role rule)."""

import pytest
from django.http import Http404

from gonghui.core.errors import PermissionDenied
from gonghui.core.scope import access
from gonghui.rights import queries
from gonghui.rights.models import Case
from gonghui.rights.services import handling, registration

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def test_lawyer_sees_only_cases_assigned_to_them(rw):
    mine = to_in_progress(rw, lawyer=rw.lawyer_a)
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    unassigned = register(rw.world.town_a_user)
    visible = set(Case.objects.visible_to(rw.world.lawyer_a))
    assert visible == {mine}
    with pytest.raises(Http404):
        access(Case, rw.world.lawyer_a, theirs.pk)
    with pytest.raises(Http404):
        access(Case, rw.world.lawyer_a, unassigned.pk)


def test_lawyer_cannot_act_on_another_lawyers_case(rw):
    # out of scope is "not found", like the pages, whatever the lawyer's permissions
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    with pytest.raises(Http404):
        registration.case_note_add(actor=rw.world.lawyer_a, case=theirs, kind="note", text="x")
    with pytest.raises(Http404):
        handling.case_conclude(
            actor=rw.world.lawyer_a,
            case=theirs,
            version=theirs.version,
            outcome="mediated",
            conclusion="x",
        )


def test_town_staff_see_their_town_and_district_sees_all(rw):
    a = register(rw.world.town_a_user)
    b = register(rw.world.town_b_user)
    assert set(Case.objects.visible_to(rw.world.town_a_user)) == {a}
    assert set(Case.objects.visible_to(rw.world.district_staff)) == {a, b}
    with pytest.raises(Http404):
        handling.case_accept(actor=rw.world.town_a_user, case=b, version=b.version)


def test_town_staff_cannot_register_into_another_town(rw):
    # the other town's employer and town are out of scope: not found, and nothing saved
    with pytest.raises(Http404):
        register(rw.world.town_a_user, employer=rw.world.employer_b)
    with pytest.raises(Http404):
        register(rw.world.town_a_user, town=rw.world.town_b)
    assert not Case.objects.exists()


def test_a_role_without_the_permission_sees_no_case(rw):
    # given a case filed under the chair's own union (inside the chair's subtree)
    case = register(rw.world.town_a_user, employer=rw.world.employer_a)
    Case.objects.filter(pk=case.pk).update(org_path=rw.world.union_a.path)
    chair = rw.world.chair_a
    # then the chair (no rights.view) sees neither the case nor a figure of it
    assert Case.objects.visible_to(chair).filter(pk=case.pk).exists()
    assert not queries.case_list(user=chair).exists()
    with pytest.raises(Http404):
        queries.case_get(user=chair, pk=case.pk)
    with pytest.raises(PermissionDenied):
        handling.case_accept(actor=chair, case=case, version=case.version)


def test_town_staff_may_not_assign_to_another_towns_station(rw):
    user = rw.world.town_a_user
    case = register(user)
    case = handling.case_accept(actor=user, case=case, version=case.version)
    with pytest.raises(Http404):
        handling.case_assign(actor=user, case=case, version=case.version, station=rw.station_b)
