"""The members app's list exports (issue #10, Lists): a filtered export holds exactly the
rows its page shows, never another town's, with RIC and phone masked unless full."""

import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.members.tests.factories import make_member
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def export(client, name: str, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_a_filtered_member_export_holds_the_rows_the_page_shows(
    world, roster, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    query = {"is_model_worker": "1"}
    page = client.get("/members/", query)
    assert [m.name for m in page.context["page"]] == ["劳模丙", "外镇庚"]
    assert 'name="is_model_worker" value="1"' in page.content.decode()  # the button's filter
    rows = export(client, "members.members", query, django_capture_on_commit_callbacks)
    assert [r[0] for r in rows[1:]] == ["劳模丙", "外镇庚"]
    # the same filter as a town's staff: their town's row only
    town = client_for(world.town_a_user)
    rows = export(town, "members.members", query, django_capture_on_commit_callbacks)
    assert [r[0] for r in rows[1:]] == ["劳模丙"]
    rows = export(
        town, "members.members", {"town": world.town_b.pk}, django_capture_on_commit_callbacks
    )
    assert "外镇庚" not in [r[0] for r in rows[1:]]


def test_the_transfer_export_is_the_filtered_list_with_masked_rics(
    world, transfers, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    page = client.get("/members/transfers/", {"direction": "in"})
    assert [t.member.name for t in page.context["page"]] == ["转入乙"]
    assert 'data-export="members.transfers"' in page.content.decode()
    rows = export(
        client, "members.transfers", {"direction": "in"}, django_capture_on_commit_callbacks
    )
    header, *body = rows
    assert header[:5] == ("接转编号", "会员", "身份证号", "转出工会", "转入工会")
    assert [(r[1], r[3], r[4]) for r in body] == [
        ("转入乙", "乙公司工会委员会", "甲公司工会委员会")
    ]
    transfer = transfers["in"]
    assert body[0][0] == str(transfer.pk)  # an ID column is text
    assert body[0][2] != transfer.member.ric and "*" in body[0][2]
    entry = AuditEntry.objects.get(action="members.transfer.exported")
    assert entry.data["filters"] == {"direction": "in"} and entry.data["rows"] == 1
    # in full for who may see full IDs
    rows = export(
        client,
        "members.transfers",
        {"direction": "in", "full": "1"},
        django_capture_on_commit_callbacks,
    )
    assert rows[1][2] == transfer.member.ric
    # the other town's transfer is in no export of town A
    everything = export(client, "members.transfers", {}, django_capture_on_commit_callbacks)
    assert "外镇丙" not in [r[1] for r in everything[1:]]


def test_the_joining_export_masks_ric_and_phone_unless_full(
    world, applications, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    page = client.get("/members/joining/")
    assert [a.name for a in page.context["page"]] == ["申请甲"]
    assert 'name="state" value="submitted"' in page.content.decode()
    rows = export(
        client, "members.joining", {"state": "submitted"}, django_capture_on_commit_callbacks
    )
    header, *body = rows
    assert header[:4] == ("申请编号", "姓名", "身份证号", "手机号")
    assert [r[1] for r in body] == ["申请甲"]
    assert body[0][3] == "139****1111" and "*" in body[0][2]
    full = export(
        client,
        "members.joining",
        {"state": "submitted", "full": "1"},
        django_capture_on_commit_callbacks,
    )
    assert full[1][3] == "13900001111" and full[1][2] == applications["a_new"].ric
    # district staff may not export in full: still masked
    staff = client_for(world.district_staff)
    masked = export(
        staff,
        "members.joining",
        {"state": "", "full": "1"},
        django_capture_on_commit_callbacks,
    )
    assert {r[1] for r in masked[1:]} == {"申请甲", "申请乙", "外镇丙"}
    assert all("*" in r[3] for r in masked[1:])


def test_a_bad_filter_exports_what_the_page_then_shows_unfiltered(
    world, client_for, django_capture_on_commit_callbacks
):
    make_member(world.union_a, name="甲一")
    make_member(world.union_b, name="乙一")
    client = client_for(world.town_a_user)
    assert client.get("/members/?joined_year=abc").status_code == 200
    rows = export(
        client, "members.members", {"joined_year": "abc"}, django_capture_on_commit_callbacks
    )
    assert [r[0] for r in rows[1:]] == ["甲一"]
