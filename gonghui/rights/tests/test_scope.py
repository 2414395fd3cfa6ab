"""Who sees which case: towns by subtree, lawyers only their own (a role rule)."""

import pytest
from django.http import Http404

from gonghui.core.errors import PermissionDenied
from gonghui.core.scope import access
from gonghui.rights.models import Case
from gonghui.rights.services import cases as svc

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
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    with pytest.raises(PermissionDenied):
        svc.case_note_add(actor=rw.world.lawyer_a, case=theirs, kind="note", text="x")
    with pytest.raises(PermissionDenied):
        svc.case_conclude(
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
    with pytest.raises(PermissionDenied):
        svc.case_accept(actor=rw.world.town_a_user, case=b, version=b.version)


def test_town_staff_cannot_register_into_another_town(rw):
    with pytest.raises(PermissionDenied):
        register(rw.world.town_a_user, employer=rw.world.employer_b)
