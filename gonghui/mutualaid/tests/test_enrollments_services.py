"""Enrollment services: the roster enrollment with every refusal kind, renewals, batches per
union, payments that activate a batch, over-payment refused, 退保."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.mutualaid.choices import CountedWhen, EnrollmentState
from gonghui.mutualaid.models import ContributionPayment, Enrollment, EnrollmentBatch
from gonghui.mutualaid.queries import enrollments as queries
from gonghui.mutualaid.services import enrollments as services
from gonghui.mutualaid.tests.enrollments_helpers import member, roster

pytestmark = pytest.mark.django_db


def test_a_roster_enrollment_checks_every_member_and_makes_a_batch_per_union(world):
    # given
    r = roster(world)
    # when
    out = services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    # then: fresh, renewing, lapsed, young_man in union A; other_town in union B
    enrolled = dict(Enrollment.objects.filter(plan=r.plan).values_list("member_id", "is_renewal"))
    assert enrolled == {
        r.fresh.pk: False,
        r.renewing.pk: True,
        r.lapsed.pk: False,  # cancelled last year: not a renewal
        r.young_man.pk: False,
        r.other_town.pk: False,
    }
    assert (out.enrolled, out.renewals, out.refused) == (5, 1, 3)
    assert dict(out.reasons) == {
        "不是在册会员（已离会）": 1,
        "已满60周岁（男职工年龄上限60）": 1,
        "已满50周岁（女职工年龄上限50）": 1,
    }
    batches = {b.union_id: b for b in EnrollmentBatch.objects.filter(plan=r.plan)}
    assert set(batches) == {world.union_a.pk, world.union_b.pk}
    a = batches[world.union_a.pk]
    assert (a.enrolled_count, a.renewal_count, a.refused_count) == (4, 1, 3)
    assert a.amount_due == Decimal("120.00") and a.amount_paid == Decimal("0.00")
    assert a.town_id == world.town_a.pk and a.number.startswith(f"CB{r.plan.year}")
    assert {x["name"] for x in a.refusals} == {"离会丁", "老职工戊", "女职工庚"}
    assert batches[world.union_b.pk].amount_due == Decimal("30.00")
    rows = Enrollment.objects.filter(plan=r.plan)
    assert set(rows.values_list("state", flat=True)) == {EnrollmentState.PENDING}
    assert not rows.exclude(effective_on=None).exists()  # counted only once paid
    assert AuditEntry.objects.filter(action="mutualaid.batch.created").count() == 2


def test_a_second_run_refuses_those_already_enrolled(world):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a)
    out = services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    assert out.enrolled == 1  # only union B's member is new
    assert out.reasons[f"已参加{r.plan.year}年度计划"] == 4


def test_the_preview_writes_nothing(world):
    r = roster(world)
    out = services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district, write=False)
    assert out.enrolled == 5 and not out.batches
    assert not Enrollment.objects.filter(plan=r.plan).exists()


def test_filters_take_part_of_the_roster(world):
    r = roster(world)
    model = member(world.union_a, "劳模壬", is_model_worker=True)
    out = services.roster_enroll(
        actor=world.admin, plan=r.plan, org=world.district, filters={"is_model_worker": "yes"}
    )
    assert out.enrolled == 1
    assert list(Enrollment.objects.filter(plan=r.plan).values_list("member_id", flat=True)) == [
        model.pk
    ]


def test_a_town_user_cannot_enroll_another_towns_union(world):
    r = roster(world)
    with pytest.raises(Http404):
        services.roster_enroll(actor=world.town_a_user, plan=r.plan, org=world.union_b)
    out = services.roster_enroll(actor=world.town_a_user, plan=r.plan, org=world.town_a)
    assert out.enrolled == 4
    assert not Enrollment.objects.filter(union=world.union_b).exists()


def test_an_auditor_may_not_enroll(world):
    r = roster(world)
    with pytest.raises(PermissionDenied):
        services.roster_enroll(actor=world.auditor, plan=r.plan, org=world.district)


def test_a_closed_plan_takes_no_enrollment(world):
    r = roster(world, enroll_closes_on=today() - datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="截止参保"):
        services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)


def test_paid_in_full_the_batch_counts_from_the_payment_with_its_waiting_period(world):
    # given a batch of union A enrolled 5 days ago (one of them a renewal)
    r = roster(world)
    day = today() - datetime.timedelta(days=5)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a, day=day)
    batch = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_a)
    count = batch.enrolled_count
    assert batch.amount_due == Decimal("30.00") * count
    first, second = today() - datetime.timedelta(days=3), today() - datetime.timedelta(days=1)
    # when part is paid: still pending
    services.payment_record(
        actor=world.district_staff, batch=batch, amount=batch.amount_due - 20, paid_on=first
    )
    assert not Enrollment.objects.filter(batch=batch, state=EnrollmentState.ACTIVE).exists()
    assert queries.enrolled_count(world.admin, today()) == 0
    # over what is still due: refused with the reason
    with pytest.raises(ApplicationError, match="尚欠20.00元"):
        services.payment_record(
            actor=world.district_staff, batch=batch, amount=Decimal("20.01"), paid_on=second
        )
    # the rest: active from that day
    services.payment_record(
        actor=world.district_staff, batch=batch, amount=Decimal("20.00"), paid_on=second
    )
    batch.refresh_from_db()
    assert batch.paid_on == second and batch.amount_paid == batch.amount_due
    rows = {e.member_id: e for e in Enrollment.objects.filter(batch=batch)}
    assert {e.state for e in rows.values()} == {EnrollmentState.ACTIVE}
    assert {e.effective_on for e in rows.values()} == {second}
    assert rows[r.renewing.pk].waiting_until == second
    assert rows[r.fresh.pk].waiting_until == second + datetime.timedelta(days=90)
    assert ContributionPayment.objects.filter(batch=batch).count() == 2
    assert queries.enrolled_count(world.admin, second) == count
    assert queries.enrolled_count(world.admin, first) == 0
    assert queries.enrolled_count(world.town_b_user, second) == 0  # scope
    # nothing is due any more
    with pytest.raises(ApplicationError, match="尚欠0.00元"):
        services.payment_record(
            actor=world.district_staff, batch=batch, amount=Decimal("0.01"), paid_on=second
        )


def test_only_the_district_records_payments(world):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a)
    batch = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_a)
    with pytest.raises(PermissionDenied):
        services.payment_record(
            actor=world.town_a_user, batch=batch, amount=Decimal("1.00"), paid_on=today()
        )


def test_a_plan_counting_at_enrollment_makes_them_active_at_once(world):
    r = roster(world, counted_when=CountedWhen.ENROLLED, waiting_days=30)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a)
    rows = {e.member_id: e for e in Enrollment.objects.filter(plan=r.plan)}
    assert {e.state for e in rows.values()} == {EnrollmentState.ACTIVE}
    assert rows[r.fresh.pk].effective_on == today()
    assert rows[r.fresh.pk].waiting_until == today() + datetime.timedelta(days=30)
    assert rows[r.renewing.pk].waiting_until == today()
    assert queries.enrolled_count(world.admin, today(), world.union_a) == 4


def test_one_member_is_enrolled_or_refused_with_the_reason(world):
    r = roster(world)
    made = services.enrollment_single(actor=world.chair_a, plan=r.plan, member=r.renewing)
    assert made.is_renewal and made.batch.enrolled_count == 1
    assert made.batch.amount_due == Decimal("30.00")
    with pytest.raises(ApplicationError, match="已参加"):
        services.enrollment_single(actor=world.chair_a, plan=r.plan, member=r.renewing)
    with pytest.raises(ApplicationError, match="离会"):
        services.enrollment_single(actor=world.chair_a, plan=r.plan, member=r.left)
    with pytest.raises(Http404):
        services.enrollment_single(actor=world.chair_a, plan=r.plan, member=r.other_town)


def test_cancelling_stops_counting_from_that_day(world):
    r = roster(world, counted_when=CountedWhen.ENROLLED)
    start = today() - datetime.timedelta(days=10)
    out = services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a, day=start)
    enrollment = Enrollment.objects.get(plan=r.plan, member=r.fresh)
    with pytest.raises(ApplicationError, match="退保原因"):
        services.enrollment_cancel(actor=world.chair_a, enrollment=enrollment, reason=" ")
    services.enrollment_cancel(actor=world.chair_a, enrollment=enrollment, reason="调离本单位")
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.CANCELLED and enrollment.cancelled_on == today()
    assert queries.enrolled_count(world.admin, today() - datetime.timedelta(days=1)) == out.enrolled
    assert queries.enrolled_count(world.admin, today()) == out.enrolled - 1
    entry = AuditEntry.objects.get(action="mutualaid.enrollment.cancelled")
    assert entry.data["reason"] == "调离本单位"
    with pytest.raises(ApplicationError, match="已于"):
        services.enrollment_cancel(actor=world.chair_a, enrollment=enrollment, reason="再退")


def test_the_summary_counts_by_town_new_and_renewed_due_and_paid(world):
    r = roster(world, counted_when=CountedWhen.ENROLLED)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    batch = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_b)
    services.payment_record(
        actor=world.admin, batch=batch, amount=Decimal("30.00"), paid_on=today()
    )
    rows = {
        row["name"]: row for row in queries.summary_rows(user=world.admin, plan=r.plan, day=today())
    }
    a, b, total = rows["市桥街道总工会"], rows["南村镇总工会"], rows["合计"]
    assert (a["counted"], a["new"], a["renewed"]) == (4, 3, 1)
    assert (a["due"], a["paid"]) == (Decimal("120.00"), Decimal("0.00"))
    assert (b["counted"], b["paid"], b["outstanding"]) == (1, Decimal("30.00"), Decimal("0.00"))
    assert (total["counted"], total["due"]) == (5, Decimal("150.00"))
    town_rows = queries.summary_rows(user=world.town_a_user, plan=r.plan, day=today())
    assert [row["name"] for row in town_rows] == ["市桥街道总工会", "合计"]
