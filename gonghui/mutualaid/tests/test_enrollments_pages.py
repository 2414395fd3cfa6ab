"""Enrollment pages: the roster enrollment's preview and confirm, the lists with their
filters, a batch's page with its payment, 退保, the summary; scope on every one."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.mutualaid.choices import EnrollmentState
from gonghui.mutualaid.models import Enrollment, EnrollmentBatch
from gonghui.mutualaid.services import enrollments as services
from gonghui.mutualaid.tests.enrollments_helpers import roster

pytestmark = pytest.mark.django_db


def test_the_preview_says_who_goes_in_and_why_not_then_confirm_enrolls(world, client_for):
    r = roster(world)
    client = client_for(world.town_a_user)
    url = reverse("mutualaid:enroll")
    assert client.get(url).status_code == 200
    data = {"plan": r.plan.pk, "org": world.town_a.pk}
    # preview
    page = client.post(url, data)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="preview-enrolled">4 人' in text and 'id="preview-renewals">1 人' in text
    assert "已满60周岁（男职工年龄上限60）" in text and "老职工戊" in text
    assert "不是在册会员（已离会）" in text
    assert f'<input type="hidden" name="org" value="{world.town_a.pk}">' in text
    assert f'<input type="hidden" name="plan" value="{r.plan.pk}">' in text
    assert not Enrollment.objects.filter(plan=r.plan).exists()
    # confirm
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and reverse("mutualaid:batch_list") in done["Location"]
    assert Enrollment.objects.filter(plan=r.plan, union=world.union_a).count() == 4


def test_a_town_user_cannot_enroll_another_towns_union(world, client_for):
    r = roster(world)
    client = client_for(world.town_a_user)
    page = client.post(
        reverse("mutualaid:enroll"), {"plan": r.plan.pk, "org": world.union_b.pk, "confirm": "1"}
    )
    assert page.status_code == 200
    assert "所选工会不存在或不在您的管理范围内" in page.content.decode()
    assert not Enrollment.objects.filter(plan=r.plan).exists()


def test_an_auditor_sees_the_list_but_may_not_enroll(world, client_for):
    roster(world)
    client = client_for(world.auditor)
    assert client.get(reverse("mutualaid:enrollment_list")).status_code == 200
    assert client.get(reverse("mutualaid:enroll")).status_code == 403


def test_the_lists_show_the_users_scope_and_filter(world, client_for):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    client = client_for(world.town_a_user)
    text = client.get(reverse("mutualaid:enrollment_list")).content.decode()
    assert "新会员甲" in text and "外镇辛" not in text
    assert f"尾号{r.fresh.ric_last4}" in text and r.fresh.ric not in text
    renewals = client.get(reverse("mutualaid:enrollment_list"), {"renewal": "1"}).content.decode()
    assert "续保乙" in renewals and "新会员甲" not in renewals
    bad = client.get(reverse("mutualaid:enrollment_list"), {"standing_on": "x"})
    assert bad.status_code == 200 and "有效参保日应为日期" in bad.content.decode()
    batches = client.get(reverse("mutualaid:batch_list")).content.decode()
    assert world.union_a.name in batches and world.union_b.name not in batches
    other = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_b)
    assert client.get(reverse("mutualaid:batch_detail", args=[other.pk])).status_code == 404
    summary = client.get(reverse("mutualaid:enrollment_summary")).content.decode()
    assert "市桥街道总工会" in summary and "南村镇总工会" not in summary


def test_the_district_records_a_payment_on_the_batch_page(world, client_for):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    batch = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_b)
    client = client_for(world.district_staff)
    page = client.get(reverse("mutualaid:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="payment-form"' in page and "外镇辛" in page
    url = reverse("mutualaid:batch_payment", args=[batch.pk])
    over = {"amount": "30.01", "paid_on": today().isoformat(), "reference": "R1"}
    client.post(url, over)
    batch.refresh_from_db()
    assert batch.amount_paid == Decimal("0.00")
    client.post(url, {**over, "amount": "30.00"})
    batch.refresh_from_db()
    assert batch.amount_paid == Decimal("30.00") and batch.paid_on == today()
    assert Enrollment.objects.get(batch=batch).state == EnrollmentState.ACTIVE
    # a town's staff sees the batch but has no payment form and may not post one
    town = client_for(world.town_b_user)
    page = town.get(reverse("mutualaid:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="payment-form"' not in page
    assert town.post(url, over).status_code == 403


def test_cancel_on_the_enrollment_page(world, client_for):
    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.union_a)
    enrollment = Enrollment.objects.get(plan=r.plan, member=r.fresh)
    client = client_for(world.chair_a)
    page = client.get(reverse("mutualaid:enrollment_detail", args=[enrollment.pk]))
    assert 'id="cancel-form"' in page.content.decode()
    url = reverse("mutualaid:enrollment_cancel", args=[enrollment.pk])
    assert client.post(url, {"reason": "离职"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.CANCELLED
    other = client_for(world.town_b_user)
    assert (
        other.get(reverse("mutualaid:enrollment_detail", args=[enrollment.pk])).status_code == 404
    )


def test_one_member_on_the_single_page(world, client_for):
    r = roster(world)
    client = client_for(world.chair_a)
    page = client.post(reverse("mutualaid:enroll_single"), {"plan": r.plan.pk, "member": r.left.pk})
    assert "不是在册会员（已离会）" in page.content.decode()
    done = client.post(
        reverse("mutualaid:enroll_single"), {"plan": r.plan.pk, "member": r.fresh.pk}
    )
    assert done.status_code == 302
    assert Enrollment.objects.filter(plan=r.plan, member=r.fresh).exists()


def test_the_to_do_for_the_district_is_the_unpaid_batches(world):
    from gonghui.core.registry import registry

    r = roster(world)
    services.roster_enroll(actor=world.admin, plan=r.plan, org=world.district)
    todos = registry["todos"]
    assert todos["mutualaid.batches_outstanding"].count(world.district_staff) == 2
    assert todos["mutualaid.own_batches_unpaid"].count(world.district_staff) == 0
    assert todos["mutualaid.own_batches_unpaid"].count(world.chair_a) == 1
    assert todos["mutualaid.batches_outstanding"].count(world.town_a_user) == 0


def test_a_large_enrollment_runs_as_a_job_with_progress(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from gonghui.core.models import Job

    r = roster(world)
    monkeypatch.setattr(services, "INLINE_MAX", 1)
    client = client_for(world.admin)
    data = {"plan": r.plan.pk, "org": world.district.pk, "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("mutualaid:enroll"), data)
    job = Job.objects.get(kind=services.JOB_KIND)
    assert started["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.result["enrolled"], job.result["renewals"], job.result["refused"]) == (5, 1, 3)
    assert Enrollment.objects.filter(plan=r.plan).count() == 5
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "已参保5人（其中续保1人）" in page
