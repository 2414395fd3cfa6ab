import datetime

import pytest

from gonghui.core.errors import ConflictError, PermissionDenied, TransitionNotAllowed
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.orgs import elections
from gonghui.orgs.choices import ElectionState


@pytest.fixture
def election(world):
    return elections.election_start(
        actor=world.chair_a, org=world.union_a, planned_on=datetime.date(2026, 9, 1), term_years=5
    )


def test_transition_moves_state_bumps_version_and_records_event(world, election):
    # when the chair records the result
    done = elections.election_record_result(
        actor=world.chair_a,
        election=election,
        version=1,
        elected_on=datetime.date(2026, 9, 1),
        chair_name="王伟",
    )
    # then state, version, event and audit entry change together
    assert done.state == ElectionState.ELECTED
    assert done.version == 2
    events = list(elections.ELECTION_WORKFLOW.events(done))
    assert [(e.from_state, e.to_state) for e in events] == [
        ("", "preparing"),
        ("preparing", "elected"),
    ]
    assert AuditEntry.objects.filter(
        action="orgs.election.record_result", target_id=str(done.pk)
    ).exists()


def test_stale_version_is_a_conflict_and_nothing_changes(world, election):
    elections.election_record_result(
        actor=world.chair_a,
        election=election,
        version=1,
        elected_on=datetime.date(2026, 9, 1),
        chair_name="王伟",
    )
    with pytest.raises(ConflictError) as exc:
        elections.election_approve(
            actor=world.town_a_user,
            election=election,
            version=1,
            approval_doc_no="番工复〔2026〕1号",
            approved_on=datetime.date(2026, 9, 5),
        )
    assert "他人修改" in exc.value.message
    election.refresh_from_db()
    assert election.state == ElectionState.ELECTED
    assert WorkflowEvent.objects.filter(object_id=str(election.pk)).count() == 2


def test_transition_not_allowed_from_wrong_state(world, election):
    with pytest.raises(TransitionNotAllowed) as exc:
        elections.election_approve(
            actor=world.town_a_user,
            election=election,
            version=1,
            approval_doc_no="x",
            approved_on=datetime.date(2026, 9, 5),
        )
    assert "筹备中" in exc.value.message


def test_union_cannot_approve_its_own_election(world, election):
    from gonghui.accounts.roles import Role

    elections.election_record_result(
        actor=world.chair_a,
        election=election,
        version=1,
        elected_on=datetime.date(2026, 9, 1),
        chair_name="王伟",
    )
    world.chair_a.role = Role.TOWN_STAFF  # even with the permission, not the same union
    with pytest.raises(PermissionDenied):
        elections.election_approve(
            actor=world.chair_a,
            election=election,
            version=2,
            approval_doc_no="x",
            approved_on=datetime.date(2026, 9, 5),
        )


def test_approval_starts_new_term(world, election):
    elections.election_record_result(
        actor=world.chair_a,
        election=election,
        version=1,
        elected_on=datetime.date(2026, 9, 1),
        chair_name="王伟",
    )
    elections.election_approve(
        actor=world.town_a_user,
        election=election,
        version=2,
        approval_doc_no="番工复〔2026〕1号",
        approved_on=datetime.date(2026, 9, 5),
    )
    term = world.union_a.terms.get(is_current=True)
    assert term.starts_on == datetime.date(2026, 9, 1)
    assert term.ends_on == datetime.date(2031, 8, 31)
    world.union_a.refresh_from_db()
    assert world.union_a.chair_name == "王伟"
