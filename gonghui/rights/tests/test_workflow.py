"""Every transition of the case workflow, its guards, events and the optimistic lock."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test import override_settings

from gonghui.core.clock import today
from gonghui.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDenied,
    TransitionNotAllowed,
)
from gonghui.core.models import AuditEntry, Notification, WorkflowEvent
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.rights import queries
from gonghui.rights.choices import CaseState as S
from gonghui.rights.models import Case
from gonghui.rights.services import handling, registration

from .conftest import register, to_in_progress

pytestmark = pytest.mark.django_db


def test_register_places_case_in_employer_town_and_sets_accept_deadline(rw):
    # given a district staff member registering a visit about a town-A employer
    case = register(
        rw.world.district_staff, employer=rw.world.employer_a, visitors=3, workers_involved=12
    )
    # then the case belongs to town A, starts registered, and has the 15-day limit
    assert case.org_path == rw.world.town_a.path
    assert case.state == S.REGISTERED
    assert case.accept_due == case.received_on + datetime.timedelta(days=15)
    assert case.number.startswith(f"WQ{case.received_on.year}-")
    assert case.parties.get().phone_last4 == "8000"
    assert WorkflowEvent.objects.filter(workflow="rights.case", object_id=str(case.pk)).count() == 1


def test_a_town_registering_without_town_or_employer_files_the_case_in_its_town(rw):
    # given a town-A user registering a visit with no employer and no 镇街 chosen (issue #10)
    case = register(rw.world.town_a_user)
    # then the case is town A's and counted under it, not as 未指定
    assert case.town == rw.world.town_a and case.org_path == rw.world.town_a.path
    figures = queries.case_figures(
        user=rw.world.district_staff, start=case.received_on, end=case.received_on
    )
    assert figures["by_town"] == {
        "市桥街道总工会": {"cases": 1, "workers": 1, "recovered": Decimal("0.00")}
    }


def test_a_district_user_must_choose_the_town_when_no_employer_names_it(rw):
    # given a district user registering with neither employer nor town
    with pytest.raises(ApplicationError) as exc:
        register(rw.world.district_staff)
    # then the 镇街 field says so, and nothing is saved
    assert exc.value.field == "town" and "请选择所属镇街" in exc.value.message
    assert not Case.objects.exists()
    # with the town chosen, or an employer that names it, it is filed there
    assert register(rw.world.district_staff, town=rw.world.town_b).town == rw.world.town_b
    by_employer = register(rw.world.district_staff, employer=rw.world.employer_a)
    assert by_employer.town == rw.world.town_a


def test_register_links_party_to_member_by_ric(rw):
    ric = new_ric()
    member = make_member(rw.world.union_a, ric=ric)
    case = register(rw.world.town_a_user, contact_ric=ric)
    party = case.parties.get()
    assert party.member == member
    assert party.ric_hash == member.ric_hash
    # the RIC is not stored in clear
    with connection.cursor() as cursor:
        cursor.execute("SELECT ric FROM rights_caseparty WHERE id = %s", [party.pk])
        stored = cursor.fetchone()[0]
    assert stored and ric not in stored


def test_register_rejects_bad_input_in_chinese(rw):
    with pytest.raises(ApplicationError) as exc:
        register(rw.world.town_a_user, contact_phone="12345")
    assert exc.value.field == "contact_phone"
    with pytest.raises(ApplicationError, match="不能少于来访人次"):
        register(rw.world.town_a_user, visitors=5, workers_involved=2)
    with pytest.raises(ApplicationError, match="晚于今天"):
        register(rw.world.town_a_user, received_on=today() + datetime.timedelta(days=2))
    with pytest.raises(ApplicationError, match="负数"):
        register(rw.world.town_a_user, amount_claimed=Decimal("-1"))
    assert not Case.objects.exists()


def test_accept_sets_conclusion_deadline(rw):
    case = register(rw.world.town_a_user)
    case = handling.case_accept(actor=rw.world.town_a_user, case=case, version=case.version)
    assert case.state == S.ACCEPTED
    assert case.conclude_due == case.accepted_on + datetime.timedelta(days=60)
    assert case.deadline == case.conclude_due


def test_decline_needs_reason_and_reconsider_reopens_registration(rw):
    user = rw.world.town_a_user
    case = register(user)
    with pytest.raises(ApplicationError, match="理由"):
        handling.case_decline(actor=user, case=case, version=case.version, reason=" ")
    case = handling.case_decline(
        actor=user, case=case, version=case.version, reason="不属于工会受理范围"
    )
    assert case.state == S.DECLINED and case.decline_reason == "不属于工会受理范围"
    assert case.deadline is None
    case = handling.case_reconsider(actor=user, case=case, version=case.version, reason="补充材料")
    assert case.state == S.REGISTERED and case.decline_reason == ""


def test_assign_needs_an_assignee_and_notifies_the_lawyer(rw):
    user = rw.world.town_a_user
    case = register(user)
    case = handling.case_accept(actor=user, case=case, version=case.version)
    with pytest.raises(ApplicationError, match="承办"):
        handling.case_assign(actor=user, case=case, version=case.version)
    case = handling.case_assign(actor=user, case=case, version=case.version, lawyer=rw.lawyer_a)
    assert case.state == S.ASSIGNED
    assert case.station == rw.station_a  # the lawyer's station
    told = Notification.objects.get(recipient=rw.world.lawyer_a)
    assert (told.target_type, told.target_id) == ("rights.case", str(case.pk))
    assert told.url == f"/rights/cases/{case.pk}/" and case.number in told.message


def test_assign_to_town_union_notifies_town_staff(rw):
    user = rw.world.district_staff
    case = register(user, town=rw.world.town_a)
    case = handling.case_accept(actor=user, case=case, version=case.version)
    case = handling.case_assign(actor=user, case=case, version=case.version, org=rw.world.town_b)
    assert case.org_path == rw.world.town_b.path
    assert Notification.objects.filter(recipient=rw.world.town_b_user).exists()


def test_full_handling_by_lawyer_to_conclusion_and_close(rw):
    case = to_in_progress(rw)
    lawyer = rw.world.lawyer_a
    registration.case_note_add(actor=lawyer, case=case, kind="mediation", text="组织双方调解")
    registration.case_note_add(actor=lawyer, case=case, kind="reply", text="已约企业协商")
    with pytest.raises(ApplicationError, match="办理结果"):
        handling.case_conclude(
            actor=lawyer, case=case, version=case.version, outcome="", conclusion="x"
        )
    case = handling.case_conclude(
        actor=lawyer,
        case=case,
        version=case.version,
        outcome="mediated",
        conclusion="企业同意分两期支付",
        amount_recovered="11500.50",
    )
    assert case.state == S.CONCLUDED
    assert case.amount_recovered == Decimal("11500.50")
    assert case.concluded_in_time is True
    case = handling.case_close(actor=lawyer, case=case, version=case.version)
    assert case.state == S.CLOSED and case.closed_on == today()
    events = list(WorkflowEvent.objects.filter(workflow="rights.case", object_id=str(case.pk)))
    assert [e.action for e in events] == [
        "created",
        "accept",
        "assign",
        "start",
        "conclude",
        "close",
    ]
    assert all(e.actor_id and e.at for e in events)
    assert AuditEntry.objects.filter(action="rights.case.conclude", target_id=str(case.pk)).exists()


def test_reopen_needs_reason_and_restarts_the_clock(rw):
    case = to_in_progress(rw)
    lawyer = rw.world.lawyer_a
    case = handling.case_conclude(
        actor=lawyer, case=case, version=case.version, outcome="explained", conclusion="已解释政策"
    )
    with pytest.raises(ApplicationError):
        handling.case_reopen(actor=rw.world.town_a_user, case=case, version=case.version, reason="")
    case = handling.case_reopen(
        actor=rw.world.town_a_user, case=case, version=case.version, reason="职工提供新证据"
    )
    assert case.state == S.IN_PROGRESS and case.concluded_on is None
    assert case.conclude_due == today() + datetime.timedelta(days=60)


def test_extension_once_at_most_30_days_and_told_to_worker(rw):
    case = to_in_progress(rw)
    lawyer = rw.world.lawyer_a
    due = case.conclude_due
    with pytest.raises(ApplicationError, match="1至30天"):
        handling.case_extend(actor=lawyer, case=case, version=case.version, days=31, reason="复杂")
    with pytest.raises(ApplicationError, match="延期理由"):
        handling.case_extend(actor=lawyer, case=case, version=case.version, days=10, reason="")
    case = handling.case_extend(
        actor=lawyer, case=case, version=case.version, days=30, reason="涉及人数多"
    )
    assert case.conclude_due == due + datetime.timedelta(days=30)
    assert case.notes.filter(kind="reply", text__contains="延长30天").exists()
    with pytest.raises(ApplicationError, match="只能延长一次"):
        handling.case_extend(actor=lawyer, case=case, version=case.version, days=5, reason="再延")


@override_settings(RIGHTS_EXTENSION_MAX_DAYS=10)
def test_extension_limit_is_a_setting(rw):
    case = to_in_progress(rw)
    with pytest.raises(ApplicationError, match="1至10天"):
        handling.case_extend(
            actor=rw.world.lawyer_a, case=case, version=case.version, days=11, reason="复杂"
        )


def test_stale_version_is_a_conflict_not_a_lost_update(rw):
    # given two people who opened the same registered case
    user = rw.world.town_a_user
    case = register(user)
    seen = case.version
    # when the first accepts and the second, on the stale page, declines
    handling.case_accept(actor=user, case=case, version=seen)
    with pytest.raises(ConflictError, match="已被他人修改"):
        handling.case_decline(actor=rw.world.district_staff, case=case, version=seen, reason="重复")
    # then the first change stands
    assert Case.objects.get(pk=case.pk).state == S.ACCEPTED


def test_concurrent_field_edits_conflict(rw):
    user = rw.world.town_a_user
    case = register(user)
    seen = case.version
    registration.case_update(actor=user, case=case, version=seen, workers_involved=30, visitors=1)
    with pytest.raises(ConflictError):
        registration.case_update(
            actor=rw.world.district_staff, case=case, version=seen, summary="改"
        )
    case.refresh_from_db()
    assert case.workers_involved == 30 and case.summary == "公司拖欠三个月工资"


def test_a_lawyer_corrects_the_facts_of_their_own_case_only(rw):
    # given a case handled by lawyer A and one handled by another lawyer (issue #10)
    mine = to_in_progress(rw, lawyer=rw.lawyer_a)
    theirs = to_in_progress(rw, lawyer=rw.lawyer_a2)
    # when lawyer A corrects the number of workers and the rest of the facts
    done = registration.case_update(
        actor=rw.world.lawyer_a,
        case=mine,
        version=mine.version,
        workers_involved=25,
        visitors=3,
        amount_claimed="9000",
        summary="核实后为25名职工被拖欠工资",
    )
    # then the case holds them, version-checked and audited as the lawyer's
    assert (done.workers_involved, done.visitors, str(done.amount_claimed)) == (25, 3, "9000.00")
    assert done.version == mine.version + 1
    entry = AuditEntry.objects.get(action="rights.case.updated")
    assert entry.actor == rw.world.lawyer_a
    assert entry.data["workers_involved"] == [1, 25]
    with pytest.raises(ConflictError):  # a stale form is refused for them too
        registration.case_update(
            actor=rw.world.lawyer_a, case=mine, version=mine.version, workers_involved=2
        )
    # and another lawyer's case is not found
    with pytest.raises(Http404):
        registration.case_update(
            actor=rw.world.lawyer_a, case=theirs, version=theirs.version, workers_involved=9
        )
    assert Case.objects.get(pk=theirs.pk).workers_involved == 1


def test_transition_from_wrong_state_is_refused(rw):
    case = register(rw.world.town_a_user)
    with pytest.raises(TransitionNotAllowed, match="已登记"):
        handling.case_conclude(
            actor=rw.world.town_a_user,
            case=case,
            version=case.version,
            outcome="mediated",
            conclusion="x",
        )


def test_lawyer_may_handle_but_not_register_or_accept(rw):
    case = register(rw.world.town_a_user)
    with pytest.raises(PermissionDenied):
        register(rw.world.lawyer_a)
    with pytest.raises(PermissionDenied):
        handling.case_accept(actor=rw.world.lawyer_a, case=case, version=case.version)


def test_notes_only_when_case_is_open(rw):
    case = register(rw.world.town_a_user)
    with pytest.raises(ApplicationError, match="不能添加"):
        registration.case_note_add(actor=rw.world.town_a_user, case=case, kind="note", text="x")
