"""The allocation API: rules (list, detail with the split of 100.00, create, patch with the
version), allocations (scope, filters, parts with accounts), a run started as a job."""

import datetime
import json

import pytest

from gonghui.core.models import Job
from gonghui.finance.models import Allocation, AllocationRule
from gonghui.finance.services import allocation as services
from gonghui.finance.tests.factories import RULE_2014, make_collection, make_rule

pytestmark = pytest.mark.django_db
API = "/api/v1/finance"
DAY = datetime.date


def send(client, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def body(**changes):
    return {
        "name": "2015年经费分配方案",
        "effective_from": "2015-01-01",
        **{k: str(v) for k, v in RULE_2014.items()},
    } | changes


@pytest.fixture
def allocated(world):
    make_rule(DAY(2013, 1, 1))
    make_collection(world.employer_a, DAY(2013, 3, 1), "1000.00")
    make_collection(world.employer_b, DAY(2013, 3, 1), "2000.00")
    services.allocate_pending(actor=world.admin)


def test_rules_list_detail_create_and_patch(world, client_for, allocated):
    client = client_for(world.admin)
    listed = client.get(f"{API}/rules").json()
    assert listed["count"] == 1
    rule = AllocationRule.objects.get()
    detail = client.get(f"{API}/rules/{rule.pk}").json()
    assert detail["allocated_count"] == 2 and detail["allocated_total"] == "3000.00"
    assert {p["part"]: p["amount"] for p in detail["example"]}["union_part"] == "60.00"
    created = send(client, "POST", f"{API}/rules", body())
    assert created.status_code == 201, created.content
    new = created.json()
    patched = send(client, "PATCH", f"{API}/rules/{new['id']}", {"version": 1, "note": "试行"})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = send(client, "PATCH", f"{API}/rules/{new['id']}", {"version": 1, "note": "旧"})
    assert stale.status_code == 409


def test_bad_rules_are_refused_in_chinese_on_their_field(world, client_for, allocated):
    client = client_for(world.admin)
    wrong = send(client, "POST", f"{API}/rules", body(share_union="50"))
    assert wrong.status_code == 400 and "合计应为 100%" in wrong.json()["detail"]
    assert wrong.json()["field"] == "share_union"
    places = send(client, "POST", f"{API}/rules", body(share_city="10.005"))
    assert places.status_code == 422
    rule = AllocationRule.objects.get(effective_from=DAY(2013, 1, 1))
    frozen = send(client, "PATCH", f"{API}/rules/{rule.pk}", {"version": 1, "share_union": "50"})
    assert frozen.status_code == 400 and "请新建一个分配方案" in frozen.json()["detail"]
    overlap = send(client, "POST", f"{API}/rules", body(effective_from="2013-01-01"))
    assert overlap.status_code == 400


def test_only_the_district_writes_rules(world, client_for):
    for user in (world.chair_a, world.town_a_user, world.auditor):
        response = send(client_for(user), "POST", f"{API}/rules", body())
        assert response.status_code == 403
    assert not AllocationRule.objects.exists()


def test_allocations_are_scoped_and_filtered(world, client_for, allocated):
    town = client_for(world.town_a_user)
    rows = town.get(f"{API}/allocations").json()["items"]
    assert [r["employer_name"] for r in rows] == ["甲电子有限公司"]
    theirs = Allocation.objects.get(collection__employer=world.employer_b)
    assert town.get(f"{API}/allocations/{theirs.pk}").status_code == 404
    mine = town.get(f"{API}/allocations/{rows[0]['id']}").json()
    parts = {p["part"]: p for p in mine["parts"]}
    assert parts["union_part"]["org"] == "甲公司工会委员会"
    assert sum(float(p["amount"]) for p in mine["parts"]) == 1000.0
    admin = client_for(world.admin)
    assert admin.get(f"{API}/allocations?town={world.town_b.pk}").json()["count"] == 1
    assert admin.get(f"{API}/allocations?period_from=2013-04").json()["count"] == 0
    assert admin.get(f"{API}/allocations?period_from=2013-4").status_code == 422


def test_a_run_starts_a_job_and_a_second_is_refused(
    world, client_for, django_capture_on_commit_callbacks
):
    make_rule(DAY(2013, 1, 1))
    make_collection(world.employer_a, DAY(2013, 5, 1))
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        started = send(client, "POST", f"{API}/allocation-runs", {"period_from": "2013-05"})
    assert started.status_code == 202
    job = Job.objects.get(pk=started.json()["job_id"])
    assert job.status == Job.Status.SUCCEEDED and job.result["allocated"] == 1
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    again = send(client, "POST", f"{API}/allocation-runs", {})
    assert again.status_code == 400 and "正在进行" in again.json()["detail"]
    town = send(client_for(world.town_a_user), "POST", f"{API}/allocation-runs", {})
    assert town.status_code == 403
