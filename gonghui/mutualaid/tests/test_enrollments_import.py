"""The enrollment list and the bank's contributions through the import pipeline: each row
checked by the enrollment rules, refused rows in the report with the reason, renewals
recognised, batches per union; a file imported twice changes nothing."""

from decimal import Decimal

import pytest

from gonghui.core.clock import today
from gonghui.core.importing.services import import_start
from gonghui.core.models import Job
from gonghui.core.tests.importing.helpers import upload, xlsx_bytes
from gonghui.mutualaid.choices import BatchSource, EnrollmentState
from gonghui.mutualaid.models import ContributionPayment, Enrollment, EnrollmentBatch
from gonghui.mutualaid.services import enrollments as services
from gonghui.mutualaid.tests.enrollments_helpers import roster

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "身份证号", "工会"]
PAY_HEADER = ["批次编号", "金额", "到账日期", "凭证号"]


def run(capture, actor, kind, rows, *, header, target=None, dry_run=False):
    with capture(execute=True):
        started = import_start(
            actor=actor,
            kind=kind,
            upload=upload(xlsx_bytes(rows, header=header), "名单.xlsx"),
            target=target,
            dry_run=dry_run,
        )
    started.refresh_from_db()
    return started


def reasons(done) -> dict[int, str]:
    return {e["row"]: e["reason"] for e in done.errors}


def test_a_list_is_enrolled_row_by_row_by_the_rules(world, django_capture_on_commit_callbacks):
    # given
    r = roster(world)
    rows = [
        [r.fresh.name, r.fresh.ric, ""],
        [r.renewing.name, r.renewing.ric, "甲公司工会委员会"],
        [r.left.name, r.left.ric, ""],
        [r.old_man.name, r.old_man.ric, ""],
        ["别人", r.young_man.ric, ""],
        [r.other_town.name, r.other_town.ric, ""],  # union B: not in the chair's scope
        [r.old_woman.name, r.old_woman.ric, "乙公司工会委员会"],
    ]
    # when
    capture = django_capture_on_commit_callbacks
    done = run(
        capture, world.chair_a, "mutualaid.enrollments", rows, header=HEADER, target=r.plan.pk
    )
    # then
    assert (done.status, done.created, done.rejected) == (Job.Status.SUCCEEDED, 2, 5), done.errors
    why = reasons(done)
    assert why[4] == "不是在册会员（已离会），不能参保。"
    assert why[5] == "已满60周岁（男职工年龄上限60），不能参保。"
    assert "登记的会员姓名为「将满己」" in why[6]
    assert "不是您管理范围内的在册会员" in why[7]
    assert "没有名称或统一社会信用代码为「乙公司工会委员会」" in why[8]
    rows_in = {e.member_id: e for e in Enrollment.objects.filter(plan=r.plan)}
    assert set(rows_in) == {r.fresh.pk, r.renewing.pk}
    assert rows_in[r.renewing.pk].is_renewal and not rows_in[r.fresh.pk].is_renewal
    batch = EnrollmentBatch.objects.get(plan=r.plan)
    assert (batch.union_id, batch.source, batch.run_id) == (
        world.union_a.pk,
        BatchSource.IMPORT,
        done.pk,
    )
    assert (batch.enrolled_count, batch.renewal_count) == (2, 1)
    assert batch.amount_due == Decimal("60.00")
    # the same list again: nothing new, the enrolled ones unchanged
    again = run(
        capture, world.chair_a, "mutualaid.enrollments", rows, header=HEADER, target=r.plan.pk
    )
    assert (again.created, again.unchanged, again.rejected) == (0, 2, 5)
    assert Enrollment.objects.filter(plan=r.plan).count() == 2
    assert EnrollmentBatch.objects.filter(plan=r.plan).count() == 1


def test_one_enrolled_through_another_union_is_refused(world, django_capture_on_commit_callbacks):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_b)
    capture = django_capture_on_commit_callbacks
    rows = [[r.other_town.name, r.other_town.ric, ""]]
    done = run(capture, world.admin, "mutualaid.enrollments", rows, header=HEADER, target=r.plan.pk)
    # same union: unchanged; the district's import sees union B
    assert (done.created, done.unchanged) == (0, 1)
    r.other_town.union = world.union_a
    r.other_town.org_path = world.union_a.path
    r.other_town.save()
    done = run(capture, world.admin, "mutualaid.enrollments", rows, header=HEADER, target=r.plan.pk)
    assert reasons(done)[2] == f"已参加{r.plan.year}年度计划，不能参保。"


def test_the_dry_run_writes_nothing(world, django_capture_on_commit_callbacks):
    r = roster(world)
    rows = [[r.fresh.name, r.fresh.ric, ""]]
    done = run(
        django_capture_on_commit_callbacks,
        world.chair_a,
        "mutualaid.enrollments",
        rows,
        header=HEADER,
        target=r.plan.pk,
        dry_run=True,
    )
    assert done.created == 1
    assert not Enrollment.objects.filter(plan=r.plan).exists()
    assert not EnrollmentBatch.objects.filter(plan=r.plan).exists()


def test_the_banks_contributions_are_recorded_once(world, django_capture_on_commit_callbacks):
    # given two batches: union A (30 × its count) and union B (30.00)
    r = roster(world)
    day = today()
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district, day=day)
    a = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_a)
    b = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_b)
    rows = [
        [a.number, str(a.amount_due - 10), day.isoformat(), "ICBC001"],
        [a.number, "10.00", day.isoformat(), "ICBC002"],
        [b.number, "30.01", day.isoformat(), "ICBC003"],  # over what is due
        ["CB000000000", "30.00", day.isoformat(), "ICBC004"],
    ]
    capture = django_capture_on_commit_callbacks
    # when
    done = run(capture, world.district_staff, "mutualaid.contributions", rows, header=PAY_HEADER)
    # then
    assert (done.created, done.rejected) == (2, 2), done.errors
    why = reasons(done)
    assert "尚欠30.00元，本次30.01元超出应缴金额" in why[4]
    assert "没有编号为「CB000000000」的参保批次" in why[5]
    a.refresh_from_db()
    assert a.amount_paid == a.amount_due and a.paid_on == day
    states = set(Enrollment.objects.filter(batch=a).values_list("state", flat=True))
    assert states == {EnrollmentState.ACTIVE}
    # the same file again changes nothing
    again = run(capture, world.district_staff, "mutualaid.contributions", rows, header=PAY_HEADER)
    assert (again.created, again.unchanged) == (0, 2)
    assert ContributionPayment.objects.count() == 2
    # a town may not import the bank's file
    with pytest.raises(Exception, match="权限"):
        run(capture, world.town_a_user, "mutualaid.contributions", rows, header=PAY_HEADER)
