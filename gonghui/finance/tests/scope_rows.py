"""Finance rows of town B for the scope walk (tests/scope_walk.py): one of each scoped model,
marked, with the ids the walk puts in every URL. The allocation rule is no one's (every
user sees the rules), so it carries no mark; the voucher is town B's own (an expense), its
lines on town B's accounts; the batch is given town B's place so that it is foreign too."""

import datetime
from decimal import Decimal

from gonghui.core.identity import identity_values
from gonghui.finance.choices import (
    AccountKind,
    CollectionState,
    EntryKind,
    FundKind,
    Program,
    RefundBatchState,
    RefundState,
)
from gonghui.finance.models import (
    Account,
    Allocation,
    AllocationRule,
    Collection,
    LedgerEntry,
    LedgerLine,
    RefundBatch,
    RefundLine,
    UnionBankAccount,
)

ACCOUNT = "6222020200556677889"
D = Decimal


def foreign_finance_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union, employer = world.town_b, world.union_b, world.employer_b
    period, day = datetime.date(2031, 1, 1), datetime.date(2031, 2, 15)
    rule = AllocationRule.objects.create(
        name="外镇测试分配方案", effective_from=datetime.date(2031, 1, 1), share_district=D(40)
    )
    collection = Collection.objects.create(
        id=next_pk(Collection),
        uscc=employer.uscc,
        employer_name=f"{MARKER}缴费单位",
        employer=employer,
        fund_kind=FundKind.UNION_FUND,
        period=period,
        payroll=D("50000.00"),
        amount=D("1000.00"),
        collected_on=day,
        voucher_no=f"SP{next_pk()}",
        state=CollectionState.MATCHED,
        reason=MARKER,
        org_path=employer.org_path,
    )
    cash = Account.objects.create(
        id=next_pk(Account), org=town, org_path=town.path, kind=AccountKind.CASH
    )
    expense = Account.objects.create(
        id=next_pk(Account),
        org=town,
        org_path=town.path,
        kind=AccountKind.EXPENSE,
        program=Program.OTHER,
    )
    payable = Account.objects.create(
        id=next_pk(Account), org=union, org_path=union.path, kind=AccountKind.REFUND_PAYABLE
    )
    entry = LedgerEntry.objects.create(
        id=next_pk(LedgerEntry),
        kind=EntryKind.EXPENSE,
        org=town,
        booked_on=day,
        memo=f"{MARKER}支出",
        total=D("600.00"),
        source=f"scope.walk:{next_pk()}",
    )
    lines = [
        LedgerLine.objects.create(
            id=next_pk(LedgerLine), entry=entry, account=expense, debit=D("600.00")
        ),
        LedgerLine.objects.create(
            id=next_pk(LedgerLine), entry=entry, account=cash, credit=D("600.00")
        ),
    ]
    allocation = Allocation.objects.create(
        id=next_pk(Allocation),
        collection=collection,
        rule=rule,
        union=union,
        town=town,
        fund_kind=FundKind.UNION_FUND,
        period=period,
        collected_on=day,
        refund_due_on=day + datetime.timedelta(days=30),
        amount=D("1000.00"),
        union_part=D("600.00"),
        district_part=D("400.00"),
        entry=entry,
    )
    bank = UnionBankAccount.objects.create(
        id=next_pk(UnionBankAccount),
        org=union,
        org_path=union.path,
        account_name=f"{MARKER}工会户名",
        bank_name=f"{MARKER}银行",
        **identity_values(account=ACCOUNT),
    )
    batch = RefundBatch.objects.create(
        id=next_pk(RefundBatch),
        number=f"FB{next_pk()}",
        period=period,
        state=RefundBatchState.ISSUED,
        line_count=1,
        total=D("600.00"),
        issued_on=day,
        org_path=town.path,
    )
    line = RefundLine.objects.create(
        id=next_pk(RefundLine),
        batch=batch,
        number=f"FH{next_pk()}",
        union=union,
        period=period,
        name=f"{MARKER}工会户名",
        bank_name=f"{MARKER}银行",
        share_amount=D("600.00"),
        amount=D("600.00"),
        due_on=day + datetime.timedelta(days=30),
        state=RefundState.WAITING,
        org_path=union.path,
        **identity_values(account=ACCOUNT),
    )
    return [collection, cash, expense, payable, entry, *lines, allocation, bank, batch, line]
