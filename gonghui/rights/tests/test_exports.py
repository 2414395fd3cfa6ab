"""The rights app's list exports (issue #10, Lists): cases, the due list, events and the
statistics tables; each holds what its page shows, in scope, the phone masked unless full."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.models import AuditEntry, Job
from gonghui.rights.models import Case
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def export(client, name: str, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_a_filtered_case_export_holds_the_queues_rows_with_the_phone_masked(
    rw, cases, client_for, django_capture_on_commit_callbacks
):
    client = client_for(rw.world.town_a_user)
    page = client.get("/rights/cases/", {"subject": "wages"})
    shown = [c.number for c in page.context["page"]]
    assert len(shown) == 2 and 'data-export="rights.cases"' in page.content.decode()
    header, *body = export(
        client, "rights.cases", {"subject": "wages"}, django_capture_on_commit_callbacks
    )
    assert header[:2] == ("编号", "查询码") and "联系电话" in header
    assert [r[0] for r in body] == shown
    phone = header.index("联系电话")
    assert {r[phone] for r in body} == {"138****8000"}
    entry = AuditEntry.objects.get(action="rights.case.exported")
    assert entry.data["filters"] == {"subject": "wages"} and entry.data["rows"] == 2
    # in full for a town's staff who ask; another town's case in no export of theirs
    header, *body = export(
        client, "rights.cases", {"full": "1"}, django_capture_on_commit_callbacks
    )
    assert {r[phone] for r in body} == {"13800138000"}
    assert cases["other_town"].number not in [r[0] for r in body]


def test_the_tracking_code_export_and_a_staff_member_who_may_not_see_phones(
    rw, cases, client_for, django_capture_on_commit_callbacks
):
    client = client_for(rw.world.district_staff)
    header, *body = export(
        client,
        "rights.cases",
        {"code": "ABCD2345EF", "full": "1"},
        django_capture_on_commit_callbacks,
    )
    assert [(r[0], r[1]) for r in body] == [(cases["wages"].number, "ABCD2345EF")]
    assert body[0][header.index("联系电话")] == "138****8000"  # district staff: masked
    lawyer = client_for(rw.world.lawyer_a)
    header, *body = export(lawyer, "rights.cases", {}, django_capture_on_commit_callbacks)
    assert [r[0] for r in body] == [cases["assigned"].number]  # a lawyer: their own case


def test_the_due_export_is_the_list_asked_for(
    rw, due, client_for, django_capture_on_commit_callbacks
):
    client = client_for(rw.world.town_a_user)
    page = client.get("/rights/cases/due/", {"due": "overdue"})
    assert 'data-export="rights.cases_due"' in page.content.decode()
    rows = export(
        client, "rights.cases_due", {"due": "overdue"}, django_capture_on_commit_callbacks
    )
    assert [r[0] for r in rows[1:]] == [c.number for c in page.context["overdue"]]
    assert [r[0] for r in rows[1:]] == [due["wages"].number]
    both = export(client, "rights.cases_due", {}, django_capture_on_commit_callbacks)
    # overdue first, then due soon; never town B's overdue case
    assert [r[0] for r in both[1:]] == [due["wages"].number, due["injury"].number]


def test_the_event_export_holds_the_filtered_events_of_the_scope(
    rw, events, client_for, django_capture_on_commit_callbacks
):
    client = client_for(rw.world.town_a_user)
    page = client.get("/rights/events/", {"year": "2025"})
    assert [e.title for e in page.context["page"]] == ["普法甲"]
    assert 'name="year" value="2025"' in page.content.decode()
    rows = export(client, "rights.events", {"year": "2025"}, django_capture_on_commit_callbacks)
    assert [r[2] for r in rows[1:]] == ["普法甲"]
    everything = export(client, "rights.events", {}, django_capture_on_commit_callbacks)
    assert "外镇丙" not in [r[2] for r in everything[1:]]


def test_the_stats_export_gives_the_tables_the_page_shows(
    rw, cases, client_for, django_capture_on_commit_callbacks
):
    client = client_for(rw.world.district_staff)
    query = {"year": str(today().year), "town": str(rw.world.town_a.pk)}
    figures = client.get("/rights/stats/", query).context["f"]
    rows = export(client, "rights.stats", query, django_capture_on_commit_callbacks)
    assert rows[0] == ("表", "项目", "件数/数值", "涉及职工", "金额（元）")
    by_item = {(r[0], r[1]): r for r in rows[1:]}
    assert by_item[("总体", "案件")][2] == figures["cases"] == 2  # town A, this year
    assert by_item[("统计期间", f"{today().year}-01-01 至 {today().year}-12-31")]
    kinds = {r[1]: r[2] for r in rows[1:] if r[0] == "按类别"}
    assert kinds == {label: r["cases"] for label, r in figures["by_kind"].items()}
    town_rows = {r[1] for r in rows[1:] if r[0] == "按镇街"}
    assert town_rows == {"市桥街道总工会"}  # the town chosen only
    # a town's staff asking for town B's figures get nothing of it
    town_a = client_for(rw.world.town_a_user)
    rows = export(
        town_a,
        "rights.stats",
        {"year": str(today().year), "town": str(rw.world.town_b.pk)},
        django_capture_on_commit_callbacks,
    )
    assert {(r[0], r[1]): r[2] for r in rows[1:]}[("总体", "案件")] == 2  # their own scope


def test_the_stats_page_shows_the_export_button(rw, client_for):
    page = client_for(rw.world.district_staff).get("/rights/stats/").content.decode()
    assert 'data-export="rights.stats"' in page
    start = datetime.date(today().year, 1, 1)
    assert f'name="start" value="{start.isoformat()}"' in page
    assert not Case.objects.exists()
