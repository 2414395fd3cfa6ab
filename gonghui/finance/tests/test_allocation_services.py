"""Allocation rules and runs (FUND-2): each collection by the rule of its collection date,
used rules frozen, a run idempotent and resumable, balanced vouchers, reversals negated."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from gonghui.core.audit import AuditEntry
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import Job
from gonghui.finance.choices import AccountKind, CollectionState, EntryKind, FundKind
from gonghui.finance.models import (
    Account,
    Allocation,
    AllocationRule,
    Collection,
    LedgerEntry,
    LedgerLine,
)
from gonghui.finance.rules import allocation as rules
from gonghui.finance.services import allocation as services
from gonghui.finance.tests.factories import RULE_2014, make_collection, make_rule
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import EmployerFactory, make_org

D = Decimal
DAY = datetime.date


@pytest.fixture
def two_rules(world):
    return make_rule(DAY(2013, 1, 1)), make_rule(DAY(2014, 1, 1))


def _trial_balance() -> tuple[Decimal, Decimal]:
    sums = LedgerLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    return sums["d"] or D(0), sums["c"] or D(0)


def _balance(org, kind, level="") -> Decimal:
    lines = LedgerLine.objects.filter(account__org=org, account__kind=kind, account__level=level)
    sums = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["d"] or D(0)) - (sums["c"] or D(0))


# ---- rules -----------------------------------------------------------------------------------


def _fields(start, **extra):
    return {"name": f"{start.year}年方案", "effective_from": start, **RULE_2014, **extra}


def test_a_collection_is_allocated_by_the_rule_of_its_collection_date(world, two_rules):
    # given the 2013 rule and the 2014 rule
    r2013, r2014 = two_rules
    december = make_collection(world.employer_a, DAY(2013, 11, 1), collected_on=DAY(2013, 12, 20))
    january = make_collection(world.employer_a, DAY(2013, 12, 1), collected_on=DAY(2014, 1, 15))
    # when the run allocates
    assert services.allocate_pending(actor=world.admin) == 2
    # then each by its own year's rule: 2013 keeps 40 % of the retained share, 2014 30 %
    first, second = december.allocation, january.allocation
    assert first.rule == r2013 and second.rule == r2014
    assert first.district_part == D("80.00") and second.district_part == D("60.00")
    assert first.town_retained_part == D("60.00") and second.town_retained_part == D("80.00")
    assert first.union == world.union_a and first.town == world.town_a
    assert first.refund_due_on == DAY(2014, 1, 19)
    assert services.rule_on(DAY(2013, 12, 31)) == r2013
    assert services.rule_on(DAY(2014, 1, 1)) == r2014
    assert services.rule_on(DAY(2012, 12, 31)) is None


def test_rule_create_refuses_bad_figures_and_overlaps(world, two_rules):
    with pytest.raises(ApplicationError, match="合计应为 100%") as bad:
        services.rule_create(actor=world.admin, **_fields(DAY(2015, 1, 1), share_union=D(50)))
    assert bad.value.field == "share_union"
    closed = services.rule_create(
        actor=world.admin, **_fields(DAY(2016, 1, 1), effective_to=DAY(2016, 12, 31))
    )
    with pytest.raises(ApplicationError, match="重叠") as overlapping:
        services.rule_create(actor=world.admin, **_fields(DAY(2016, 6, 1)))
    assert overlapping.value.field == "effective_from"
    assert closed.is_demo is False
    assert AuditEntry.objects.filter(action="finance.rule.created").count() == 1


def test_only_the_district_sets_rules(world):
    with pytest.raises(PermissionDenied):
        services.rule_create(actor=world.chair_a, **_fields(DAY(2013, 1, 1)))
    with pytest.raises(PermissionDenied):
        services.rule_create(actor=world.town_a_user, **_fields(DAY(2013, 1, 1)))
    assert not AllocationRule.objects.exists()


def test_an_unused_rule_may_change_its_shares_a_used_one_may_not(world, two_rules):
    r2013, r2014 = two_rules
    # given an unused rule: its shares change, version checked, audited
    changed = services.rule_update(
        actor=world.admin, rule=r2014, version=1, retained_district=D(20), retained_town=D(50)
    )
    assert changed.version == 2 and changed.retained_town == D(50)
    with pytest.raises(ConflictError):
        services.rule_update(actor=world.admin, rule=r2014, version=1, note="旧页面")
    # when the 2013 rule has allocated a collection
    make_collection(world.employer_a, DAY(2013, 3, 1))
    services.allocate_pending(actor=world.admin)
    # then its shares are refused with the way out, its name and note still change
    with pytest.raises(ApplicationError, match="请新建一个分配方案") as refused:
        services.rule_update(actor=world.admin, rule=r2013, version=1, share_union=D(50))
    assert refused.value.field == "share_union"
    renamed = services.rule_update(actor=world.admin, rule=r2013, version=1, name="2013年方案")
    assert renamed.name == "2013年方案"
    r2013.refresh_from_db()
    assert r2013.share_union == D(60)


def test_a_used_rule_closes_only_on_or_after_its_last_collection_date(world, two_rules):
    r2013, _ = two_rules
    row = make_collection(world.employer_a, DAY(2013, 3, 1), collected_on=DAY(2013, 4, 10))
    services.allocate_pending(actor=world.admin)
    assert row.allocation.rule == r2013
    with pytest.raises(ApplicationError, match="2013-04-10"):
        services.rule_close(actor=world.admin, rule=r2013, version=1, effective_to=DAY(2013, 4, 9))
    closed = services.rule_close(
        actor=world.admin, rule=r2013, version=1, effective_to=DAY(2013, 4, 10)
    )
    assert closed.effective_to == DAY(2013, 4, 10)
    assert AuditEntry.objects.filter(action="finance.rule.closed").exists()


def test_a_new_rule_may_not_take_days_an_older_rule_allocated(world):
    make_rule(DAY(2013, 1, 1))
    make_collection(world.employer_a, DAY(2013, 5, 1), collected_on=DAY(2013, 6, 10))
    services.allocate_pending(actor=world.admin)
    with pytest.raises(ApplicationError, match="2013-06-10"):
        services.rule_create(actor=world.admin, **_fields(DAY(2013, 6, 1)))
    assert services.rule_create(actor=world.admin, **_fields(DAY(2013, 6, 11)))


# ---- the run ---------------------------------------------------------------------------------


def test_running_twice_allocates_once_and_the_vouchers_balance(world, two_rules):
    # given collections of both unions and a preparation fund of an employer without one
    bare = EmployerFactory(name="丙无工会公司", town=world.town_a, union=None)
    rows = [
        make_collection(world.employer_a, DAY(2013, 1, 1), "1234.57"),
        make_collection(world.employer_b, DAY(2013, 1, 1), "0.03"),
        make_collection(bare, DAY(2013, 1, 1), "500.00"),
        make_collection(world.employer_a, DAY(2014, 1, 1), "999.99"),
    ]
    # when the run is run twice
    assert services.allocate_pending(actor=world.admin) == 4
    assert services.allocate_pending(actor=world.admin) == 0
    # then each row once, its parts summing to its amount, one voucher per chunk, balanced
    assert Allocation.objects.count() == 4
    for row in rows:
        a = Allocation.objects.get(collection=row)
        assert sum(getattr(a, n) for n in rules.PARTS) == row.amount
    assert LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION).count() == 1
    debit, credit = _trial_balance()
    assert debit == credit
    # the preparation fund is held by its town, the union funds owed to the unions
    held = Allocation.objects.get(collection=rows[2])
    assert held.union is None and held.fund_kind == FundKind.PREPARATION
    assert _balance(world.town_a, AccountKind.PREPARATION_HELD) == -(
        held.union_part + held.extra_refund_part
    )
    owed = Allocation.objects.filter(union=world.union_a)
    due = sum(a.union_part + a.extra_refund_part for a in owed)
    assert _balance(world.union_a, AccountKind.REFUND_PAYABLE) == -due
    total = sum(r.amount for r in rows)
    assert _balance(world.district, AccountKind.UNALLOCATED) == total


def test_a_crash_mid_way_then_a_rerun_allocates_the_rest_exactly_once(
    world, two_rules, monkeypatch
):
    rows = [make_collection(world.employer_a, DAY(2013, m, 1), f"{m}00.00") for m in range(1, 8)]
    real = services._chunk
    calls = {"n": 0}

    def crash_second(run, chunk_rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(run, chunk_rows)

    # given a run in chunks of 3 that dies in its second chunk
    monkeypatch.setattr(services, "_chunk", crash_second)
    monkeypatch.setattr(services, "CHUNK", 3)
    with pytest.raises(RuntimeError):
        services.allocation_run(actor=world.admin, chunk=3)
    # then the first chunk stays allocated and booked, nothing of the second
    assert Allocation.objects.count() == 3
    assert LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION).count() == 1
    # when it is run again
    monkeypatch.setattr(services, "_chunk", real)
    result = services.allocation_run(actor=world.admin, chunk=3)
    # then the rest once each, the trial balance zero
    assert result.allocated == 4 and result.vouchers == 2
    assert sorted(Allocation.objects.values_list("collection_id", flat=True)) == sorted(
        r.pk for r in rows
    )
    debit, credit = _trial_balance()
    assert debit == credit
    sources = set(LedgerEntry.objects.values_list("source", flat=True))
    assert f"allocation:{rows[0].pk}-{rows[2].pk}" in sources


def test_a_reversal_row_is_allocated_as_the_exact_negation(world, two_rules):
    # given a collection allocated, then reversed by a corrected file
    original = make_collection(world.employer_a, DAY(2013, 2, 1), "1000.01")
    services.allocate_pending(actor=world.admin)
    # (as services.collections writes it: the old row 已冲销, the reversal 已匹配 since the
    # old row was allocated)
    Collection.objects.filter(pk=original.pk).update(state=CollectionState.REVERSED)
    reversal = make_collection(
        world.employer_a, DAY(2013, 2, 1), "-1000.01", reverses=original, reason="更正文件"
    )
    # when the run allocates it
    assert services.allocate_pending(actor=world.admin) == 1
    # then every part is the original's negated, and the ledger nets to nothing
    a, r = original.allocation, Allocation.objects.get(collection=reversal)
    assert all(getattr(r, n) == -getattr(a, n) for n in rules.PARTS)
    assert (r.rule, r.union, r.town) == (a.rule, a.union, a.town)
    assert _balance(world.union_a, AccountKind.REFUND_PAYABLE) == 0
    assert _balance(world.district, AccountKind.UNALLOCATED) == 0
    # and a reversal of a row never allocated is out of play (already 已冲销 with it)
    never = make_collection(world.employer_b, DAY(2013, 2, 1), "50.00")
    Collection.objects.filter(pk=never.pk).update(state=CollectionState.REVERSED)
    out = make_collection(world.employer_b, DAY(2013, 2, 1), "-50.00", reverses=never)
    Collection.objects.filter(pk=out.pk).update(state=CollectionState.REVERSED)
    assert services.allocate_pending(actor=world.admin) == 0


def test_a_row_with_no_rule_is_skipped_and_reported(world):
    make_rule(DAY(2014, 1, 1))
    make_collection(world.employer_a, DAY(2013, 5, 1), collected_on=DAY(2013, 6, 3))
    make_collection(world.employer_a, DAY(2014, 5, 1))
    result = services.allocation_run(actor=world.admin)
    assert result.allocated == 1
    said = result.as_dict()
    assert said["skipped"] == 1 and "2013-06 代收的记录没有适用的分配方案" in said["message"]


def test_a_period_range_allocates_only_its_months(world, two_rules):
    make_collection(world.employer_a, DAY(2013, 5, 1))
    make_collection(world.employer_a, DAY(2013, 6, 1))
    done = services.allocate_pending(
        actor=world.admin, period_from=DAY(2013, 6, 1), period_to=DAY(2013, 6, 1)
    )
    assert done == 1 and Allocation.objects.get().period == DAY(2013, 6, 1)


def test_a_sector_unions_share_goes_to_the_sector(world, two_rules):
    sector = make_org(world.district, OrgKind.SECTOR, "教育系统工会")
    union = make_org(sector, OrgKind.GRASSROOTS, "某中学工会")
    school = EmployerFactory(name="某中学", town=world.town_a, union=union)
    make_collection(school, DAY(2013, 1, 1))
    services.allocate_pending(actor=world.admin)
    a = Allocation.objects.get()
    assert a.town == sector and a.union == union
    assert Account.objects.filter(org=sector, kind=AccountKind.INCOME).exists()


def test_the_job_runs_the_same_and_a_second_start_is_refused(
    world, two_rules, django_capture_on_commit_callbacks
):
    make_collection(world.employer_a, DAY(2013, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.allocation_start(actor=world.admin, period_from=DAY(2013, 1, 1))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED  # the immediate backend runs it on commit
    assert job.result["allocated"] == 1 and "已分配 1 条" in job.result["message"]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    with pytest.raises(ApplicationError, match=f"/jobs/{job.pk}/"):
        services.allocation_start(actor=world.admin)
    with pytest.raises(PermissionDenied):
        services.allocation_start(actor=world.town_a_user)
