"""Expenses (FUND-3): one service posts them, idempotent by source; the domains' bank returns
post the payments they mark paid (mutual-aid claims, assistance grants), once."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.finance.choices import AccountKind, EntryKind, Program
from gonghui.finance.models import LedgerEntry
from gonghui.finance.queries.ledger import account_balance
from gonghui.finance.services import ledger
from gonghui.finance.services.expenses import expense_record, post_expense

DAY = datetime.date(2013, 12, 20)


def _post(world, source="assistance.grant:12", amount="300.00", org=None):
    return post_expense(
        actor=world.admin,
        org=org or world.district,
        program=Program.PERIODICALS,
        amount=Decimal(amount),
        paid_on=DAY,
        source=source,
        memo="报刊订阅补贴",
    )


def test_an_expense_debits_the_programs_expense_and_credits_cash(world):
    # when
    entry = _post(world)
    # then
    expense = ledger.account(world.district, AccountKind.EXPENSE, program=Program.PERIODICALS)
    assert entry.kind == EntryKind.EXPENSE and entry.total == Decimal("300.00")
    assert account_balance(expense) == Decimal("300.00")
    assert account_balance(ledger.cash(world.district)) == Decimal("-300.00")
    assert entry.booked_on == DAY and entry.source == "assistance.grant:12"


def test_the_same_source_posts_once_and_zero_posts_nothing(world):
    first = _post(world)
    assert _post(world, amount="999.00") == first
    assert LedgerEntry.objects.count() == 1
    assert _post(world, source="assistance.grant:13", amount="0") is None
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"program": "lottery"}, "program"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("1.005")}, "amount"),
        ({"source": ""}, "source"),
    ],
)
def test_a_wrong_expense_is_refused_on_its_field(world, change, field):
    given = {
        "actor": world.admin,
        "org": world.district,
        "program": Program.TRAINING,
        "amount": Decimal("10"),
        "paid_on": DAY,
        "source": "x:1",
        "memo": "",
        **change,
    }
    with pytest.raises(ApplicationError) as raised:
        post_expense(**given)
    assert raised.value.field == field
    assert not LedgerEntry.objects.exists()


def test_staff_record_an_expense_in_their_scope_only(world):
    entry = expense_record(
        actor=world.town_a_user,
        org=world.town_a,
        program=Program.TRAINING,
        amount="1200.50",
        paid_on=DAY,
        memo="基层工会主席培训",
        key="k" * 10,
    )
    assert entry.org == world.town_a and entry.memo == "培训补贴：基层工会主席培训"
    again = expense_record(
        actor=world.town_a_user,
        org=world.town_a,
        program=Program.TRAINING,
        amount="1200.50",
        paid_on=DAY,
        memo="基层工会主席培训",
        key="k" * 10,
    )
    assert again == entry  # a form posted twice records once
    with pytest.raises(Http404):
        expense_record(
            actor=world.town_a_user,
            org=world.town_b,
            program=Program.TRAINING,
            amount="1",
            paid_on=DAY,
            memo="外镇",
        )
    with pytest.raises(ApplicationError, match="另一笔"):
        expense_record(
            actor=world.admin,
            org=world.town_b,
            program=Program.TRAINING,
            amount="1",
            paid_on=DAY,
            memo="同一键",
            key="k" * 10,
        )
    for who in (world.auditor, world.chair_a):
        with pytest.raises(PermissionDenied):
            expense_record(
                actor=who,
                org=who.organization,
                program="training",
                amount="1",
                paid_on=DAY,
                memo="x",
            )


# ---- the domains' bank returns ---------------------------------------------------------------


def _expenses(program: str) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(
            kind=EntryKind.EXPENSE, lines__account__program=program
        ).distinct()
    )


def test_a_mutual_aid_claim_paid_by_the_bank_return_posts_its_expense_once(
    world, django_capture_on_commit_callbacks
):
    from gonghui.mutualaid.services.payouts import payout_create, payout_return_start
    from gonghui.mutualaid.tests.payouts_helpers import approved, plan_of, upload, xlsx

    # given: a list of two claims, one paid, one failed
    plan = plan_of(world)
    paid, failed = approved(plan, world.union_a, "512.30"), approved(plan, world.union_a, "80")
    payout = payout_create(actor=world.admin, plan=plan)
    rows = [(paid.number, "成功", "", "2013-12-20"), (failed.number, "失败", "账号有误", "")]
    # when: the return is imported, then imported again
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            payout_return_start(actor=world.admin, payout=payout, upload=upload(xlsx(rows)))
    # then: one voucher, the paid claim's amount, the organizer's expense and cash
    (entry,) = _expenses(Program.MUTUAL_AID)
    assert entry.total == Decimal("512.30") and entry.booked_on == DAY
    assert entry.org == plan.organizer and entry.source == f"mutualaid.payout:{payout.pk}:{paid.pk}"
    expense = ledger.account(plan.organizer, AccountKind.EXPENSE, program=Program.MUTUAL_AID)
    assert account_balance(expense) == Decimal("512.30")


def test_an_assistance_grant_paid_by_the_bank_return_posts_its_expense_once(
    world, django_capture_on_commit_callbacks
):
    from gonghui.assistance.services.payments import (
        disbursement_create,
        disbursement_return_start,
    )
    from gonghui.assistance.tests.payments_helpers import (
        approved,
        district_program,
        upload,
        xlsx,
    )

    program = district_program(world)
    grants = [approved(program, world.union_a, "500", name=f"甲{i}") for i in range(2)]
    made = disbursement_create(actor=world.admin, program=program)
    first = [(grants[0].number, "成功", "", "2026-12-20")]
    both = [*first, (grants[1].number, "成功", "", "2026-12-21")]
    for rows in (first, both, both):
        with django_capture_on_commit_callbacks(execute=True):
            disbursement_return_start(
                actor=world.admin, disbursement=made, upload=upload(xlsx(rows))
            )
    entries = sorted(_expenses(Program.ASSISTANCE), key=lambda e: e.booked_on)
    assert [(e.booked_on.day, e.total) for e in entries] == [
        (20, Decimal("500.00")),
        (21, Decimal("500.00")),
    ]
    assert {e.org for e in entries} == {program.organizer}
    expense = ledger.account(program.organizer, AccountKind.EXPENSE, program=Program.ASSISTANCE)
    assert account_balance(expense) == Decimal("1000.00")
