"""Two approvers at the same moment (CARE-2): the budget and "paid once" are checked inside
the approving transaction under a lock on the budget row, and once_key is unique per
program, so whatever the timing the town's budget is never exceeded and no person is paid
twice. Threads with their own connections; on PostgreSQL (CI runs the suite there with
DATABASE_URL) and on SQLite (its test database a file the threads share)."""

from decimal import Decimal

import pytest

from gonghui.assistance.choices import COMMITTED_GRANT_STATES, GrantState
from gonghui.assistance.models import Grant
from gonghui.assistance.services import grants as services
from gonghui.assistance.tests.factories import make_budget, make_grant, make_program
from gonghui.core.clock import today
from gonghui.members.tests.factories import new_ric
from tests.races import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


@pytest.fixture(autouse=True)
def builtin_kinds(db):
    """A transactional test empties the tables after itself, migration rows too."""
    from gonghui.assistance.choices import BUILTIN_PROGRAM_KINDS
    from gonghui.assistance.models import ProgramKind

    for code, name, order in BUILTIN_PROGRAM_KINDS:
        ProgramKind.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "builtin": True}
        )


def _approve(world, grant):
    return lambda: services.grant_approve(actor=world.admin, grant=grant, version=grant.version)


def _batch(world, grants):
    return lambda: services.grants_approve_batch(
        actor=world.admin, grant_ids=[g.pk for g in grants]
    )


def test_two_approvers_never_overspend_a_towns_budget(world):
    for _ in range(ROUNDS):
        program = make_program(
            world.district, year=today().year, budget="10000", standard_amount=Decimal("600")
        )
        make_budget(program, world.town_a, "1000")
        a = make_grant(program, world.union_a, "600", state=GrantState.REVIEWED)
        b = make_grant(program, world.union_a, "600", state=GrantState.REVIEWED)
        outcomes = race([_approve(world, a), _approve(world, b)], "approved")
        assert sorted(o[:9] for o in outcomes) == ["approved", "批准后将超出市桥街"], outcomes
        committed = Grant.objects.filter(program=program, state__in=COMMITTED_GRANT_STATES)
        assert sum(g.amount for g in committed) == Decimal("600.00")


def test_two_approvers_in_two_towns_never_pay_one_person_twice(world):
    for _ in range(ROUNDS):
        program = make_program(
            world.district, year=today().year, budget="10000", standard_amount=Decimal("500")
        )
        make_budget(program, world.town_a, "5000")
        make_budget(program, world.town_b, "5000")
        ric = new_ric()
        a = make_grant(program, world.union_a, "500", state=GrantState.REVIEWED, ric=ric)
        b = make_grant(program, world.union_b, "500", state=GrantState.REVIEWED, ric=ric)
        outcomes = race([_approve(world, a), _approve(world, b)], "approved")
        assert outcomes.count("approved") == 1, outcomes
        refused = next(o for o in outcomes if o != "approved")
        assert "本项目每人限领一次" in refused and "/assistance/grants/" in refused
        assert Grant.objects.filter(program=program, state=GrantState.APPROVED).count() == 1


def test_a_batch_and_a_single_approval_at_once_stay_within_the_budget(world):
    program = make_program(
        world.district, year=today().year, budget="10000", standard_amount=Decimal("100")
    )
    make_budget(program, world.town_a, "1000")
    batch = [
        make_grant(program, world.union_a, "100", state=GrantState.REVIEWED) for _ in range(10)
    ]
    single = make_grant(program, world.union_a, "100", state=GrantState.REVIEWED)
    outcomes = race([_batch(world, batch), _approve(world, single)], "approved")
    assert all(o == "approved" or o.startswith("批准后将超出") for o in outcomes), outcomes
    committed = Grant.objects.filter(program=program, state__in=COMMITTED_GRANT_STATES)
    assert committed.count() == 10
    assert sum(g.amount for g in committed) == Decimal("1000.00")


def test_a_batch_and_a_single_approval_of_the_same_grant_take_their_locks_in_one_order(world):
    for _ in range(ROUNDS):
        program = make_program(
            world.district, year=today().year, budget="10000", standard_amount=Decimal("100")
        )
        make_budget(program, world.town_a, "500")
        batch = [
            make_grant(program, world.union_a, "100", state=GrantState.REVIEWED) for _ in range(6)
        ]
        outcomes = race([_batch(world, batch), _approve(world, batch[-1])], "approved")
        # no deadlock and no server error: the single one approved or refused in words
        assert all(o == "approved" or "。" in o for o in outcomes), outcomes
        committed = Grant.objects.filter(program=program, state__in=COMMITTED_GRANT_STATES)
        assert committed.count() == 5
