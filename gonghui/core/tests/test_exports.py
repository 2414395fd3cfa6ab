"""The one list export (core.exports): page and API start the job, scope and masking hold."""

import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.members.tests.factories import make_member
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def _sheet(job):
    return list(stored_workbook(job.result_file).active.values)


def test_an_unknown_export_is_not_found_and_one_without_permission_refused(world, client_for):
    assert client_for(world.admin).post("/exports/nothing.here/").status_code == 404
    # the lawyer may not see the member list, so may not export it
    assert client_for(world.lawyer_a).post("/exports/members.members/").status_code == 403
    assert not Job.objects.exists()


def test_the_export_holds_what_the_list_shows(
    world, client_for, django_capture_on_commit_callbacks
):
    make_member(world.union_a, name="张三")
    make_member(world.union_a, name="李四")
    make_member(world.union_b, name="张外镇")
    client = client_for(world.town_a_user)
    shown = client.get("/members/?name=张").content.decode()
    assert "张三" in shown and "李四" not in shown and "张外镇" not in shown
    # the button carries the page's filters
    assert 'data-export="members.members"' in shown and 'name="name" value="张"' in shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/members.members/", {"name": "张"})
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    rows = _sheet(job)
    assert [r[0] for r in rows[1:]] == ["张三"]
    assert job.params["return_url"] == "/members/?name=%E5%BC%A0"
    entry = AuditEntry.objects.get(action="members.member.exported")
    assert entry.data["rows"] == 1 and entry.data["filters"] == {"name": "张"}


def test_the_api_starts_an_export_and_answers_the_job(
    world, client_for, django_capture_on_commit_callbacks
):
    make_member(world.union_a, name="王五", phone="13812345678")
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/exports/members.members",
            {"filters": {"name": "王"}, "full": True},
            content_type="application/json",
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == Job.Status.SUCCEEDED and job.params["full"] is True
    assert "13812345678" in _sheet(job)[1]  # the town's staff may export in full
    refused = client_for(world.lawyer_a).post(
        "/api/v1/exports/members.members", {}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_a_full_export_is_masked_for_who_may_not_see_full_ids(
    world, client_for, django_capture_on_commit_callbacks
):
    make_member(world.union_a, name="赵六", phone="13812345678")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.district_staff).post("/exports/members.members/", {"full": "1"})
    job = Job.objects.get()
    assert job.params["full"] is False
    assert "138****5678" in _sheet(job)[1]
