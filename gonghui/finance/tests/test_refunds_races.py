"""Two batches of one period at the same moment never include the same money: batch_create
takes a lock per period (core.locks.hold) and computes what is due inside it. The threads'
race runs on PostgreSQL (CI, DATABASE_URL) and on SQLite when the test database is a file;
the test under it shows, on any database, that the due is computed after the lock."""

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.finance.models import RefundBatch, RefundLine
from gonghui.finance.services import refunds as services
from gonghui.finance.tests.factories import make_bank_account
from gonghui.finance.tests.refunds_helpers import JAN, allocated, due_of
from tests.races import race


@pytest.mark.django_db(transaction=True)
def test_two_batches_of_a_period_at_once_share_no_money(world):
    make_bank_account(world.union_a)
    make_bank_account(world.union_b)
    a = allocated(world, world.employer_a, JAN, "1000.00")
    b = allocated(world, world.employer_b, JAN, "800.00")
    make = lambda: services.batch_create(actor=world.admin, period=JAN)  # noqa: E731
    outcomes = race([make, make], "made")
    assert outcomes.count("made") == 1, outcomes
    assert any("不能生成空批次" in o for o in outcomes), outcomes
    assert RefundBatch.objects.count() == 1
    assert sorted(RefundLine.objects.values_list("amount", flat=True)) == sorted(
        [due_of(a), due_of(b)]
    )


@pytest.mark.django_db
def test_the_due_is_computed_after_the_lock_so_a_batch_made_meanwhile_is_seen(world, monkeypatch):
    # given: another batch of the period is made while this one waits for the lock
    make_bank_account(world.union_a)
    allocated(world, world.employer_a, JAN, "1000.00")
    real, other, waiting = services.hold, [], [True]

    def hold(*names):
        real(*names)
        if waiting.pop() if waiting else False:
            other.append(services.batch_create(actor=world.admin, period=JAN))

    monkeypatch.setattr(services, "hold", hold)
    # when / then: this one finds nothing left (it would list the same money otherwise)
    with pytest.raises(ApplicationError, match="不能生成空批次"):
        services.batch_create(actor=world.admin, period=JAN)
    assert other and other[0].line_count == 1
