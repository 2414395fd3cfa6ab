"""The enrollment API: enroll (preview and run), the lists with their filters, one row, the
enrolled count, payments and 退保; scope and permission as on the pages."""

from decimal import Decimal

import pytest

from gonghui.core.clock import today
from gonghui.mutualaid.models import Enrollment, EnrollmentBatch
from gonghui.mutualaid.tests.enrollments_helpers import roster

pytestmark = pytest.mark.django_db
API = "/api/v1/mutualaid"


def test_enroll_preview_then_run(world, client_for):
    r = roster(world)
    client = client_for(world.town_a_user)
    body = {"plan_id": r.plan.pk, "org_id": world.town_a.pk, "preview": True}
    preview = client.post(f"{API}/enroll", body, content_type="application/json")
    assert preview.status_code == 200, preview.content
    got = preview.json()
    assert (got["enrolled"], got["renewals"], got["refused"], got["written"]) == (4, 1, 3, False)
    assert {row["reason"] for row in got["reasons"]} >= {"不是在册会员（已离会）"}
    done = client.post(f"{API}/enroll", {**body, "preview": False}, content_type="application/json")
    assert done.status_code == 200 and done.json()["written"] is True
    assert done.json()["amount_due"] == "120.00" and len(done.json()["batches"]) == 1
    assert Enrollment.objects.filter(plan=r.plan).count() == 4


def test_enroll_refuses_another_towns_union_and_bad_ids(world, client_for):
    r = roster(world)
    client = client_for(world.town_a_user)
    other = client.post(
        f"{API}/enroll",
        {"plan_id": r.plan.pk, "org_id": world.union_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 404 and "org_id" in other.content.decode()
    huge = client.post(
        f"{API}/enroll",
        {"plan_id": 10**18, "org_id": world.town_a.pk},
        content_type="application/json",
    )
    assert huge.status_code == 404
    assert (
        client_for(world.auditor)
        .post(
            f"{API}/enroll",
            {"plan_id": r.plan.pk, "org_id": world.district.pk},
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_lists_detail_count_payment_and_cancel(world, client_for):
    r = roster(world)
    admin = client_for(world.admin)
    admin.post(
        f"{API}/enroll",
        {"plan_id": r.plan.pk, "org_id": world.district.pk},
        content_type="application/json",
    )
    plan = {"plan": r.plan.pk}
    rows = admin.get(f"{API}/enrollments", {**plan, "renewal": "true"}).json()
    assert [row["name"] for row in rows["items"]] == ["续保乙"]
    assert admin.get(f"{API}/enrollments", plan).json()["count"] == 5
    batch = EnrollmentBatch.objects.get(plan=r.plan, union=world.union_b)
    got = admin.get(f"{API}/batches/{batch.pk}").json()
    assert got["amount_due"] == "30.00" and got["enrolled_count"] == 1
    assert admin.get(f"{API}/batches", {"outstanding": "true"}).json()["count"] == 2
    # a payment over what is due, then the whole of it
    url = f"{API}/batches/{batch.pk}/payments"
    body = {"amount": "30.01", "paid_on": today().isoformat(), "reference": "B1"}
    over = admin.post(url, body, content_type="application/json")
    assert over.status_code == 400 and "尚欠30.00元" in over.json()["detail"]
    paid = admin.post(url, {**body, "amount": "30.00"}, content_type="application/json")
    assert paid.status_code == 201 and paid.json()["amount"] == "30.00"
    count = admin.get(f"{API}/enrollments/count", {"day": today().isoformat()}).json()
    assert count["count"] == 1
    town_b = admin.get(
        f"{API}/enrollments/count", {"day": today().isoformat(), "org": world.town_a.pk}
    ).json()
    assert town_b["count"] == 0
    # scope: town A sees its own only
    town = client_for(world.town_a_user)
    assert town.get(f"{API}/batches/{batch.pk}").status_code == 404
    assert town.get(f"{API}/enrollments", plan).json()["count"] == 4
    assert town.post(url, body, content_type="application/json").status_code == 403
    # 退保
    enrollment = Enrollment.objects.get(plan=r.plan, member=r.other_town)
    cancel = f"{API}/enrollments/{enrollment.pk}/cancel"
    assert town.post(cancel, {"reason": "离职"}, content_type="application/json").status_code == 404
    admin = client_for(world.admin)  # the one test client, logged in again
    done = admin.post(cancel, {"reason": "离职"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "cancelled"
    assert Decimal(done.json()["contribution"]) == Decimal("30.00")
