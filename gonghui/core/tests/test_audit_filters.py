"""The audit log's filters and export (issue #10, Lists): a FilterForm with the old names
(q, action, actor_kind, success, since, until) and a town or system (`org`); the export is
the filtered page, for `audit.view` only, and is itself audited."""

import datetime

import pytest

from gonghui.core.audit import audit_record
from gonghui.core.audit_export import AUDIT
from gonghui.core.models import AuditEntry, Job
from gonghui.core.registry import registry
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_export(monkeypatch):
    """The export, registered for the test whether or not core's ready() has done it yet."""
    monkeypatch.setitem(registry["list_exports"], AUDIT.name, AUDIT)
    return AUDIT


def _rows(client, url="/audit/", **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<table class="table') :]


def test_the_audit_export_is_registered():
    # core's AppConfig.ready() calls gonghui.core.audit_export.register()
    assert registry["list_exports"].get("core.audit") is AUDIT


def test_audit_filters_by_town_and_keeps_the_old_names(world, client_for):
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_a)
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_b)
    audit_record(actor=world.admin, action="orgs.organization.updated", target=world.union_a)
    client = client_for(world.admin)
    town_a = _rows(client, org=world.town_a.pk)
    assert "甲电子有限公司" in town_a and "乙五金有限公司" not in town_a
    both = _rows(client, org=world.town_a.pk, action="orgs.employer")
    assert "甲电子有限公司" in both and "甲公司工会委员会" not in both
    failed = _rows(client, success="0")
    assert "甲电子有限公司" not in failed
    since = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert "甲电子有限公司" not in _rows(client, since=since)


def test_bad_audit_filters_are_said_in_chinese(world, client_for):
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_a)
    client = client_for(world.admin)
    page = client.get("/audit/", {"since": "昨天", "success": "maybe"}).content.decode()
    assert "起始日期应为日期" in page and "结果：" in page
    assert "甲电子有限公司" in page  # unfiltered
    page = client.get("/audit/", {"since": "2025-03-01", "until": "2025-01-01"}).content.decode()
    assert "截止日期不能早于起始日期" in page
    assert "不在您的管理范围内" in client.get("/audit/", {"org": "999999"}).content.decode()


def test_audit_export_holds_the_filtered_page_and_is_audited(
    world, client_for, audit_export, django_capture_on_commit_callbacks
):
    audit_record(
        actor=world.admin,
        action="orgs.employer.updated",
        target=world.employer_a,
        data={"name": ["甲电子", "甲电子有限公司"]},
    )
    audit_record(actor=world.admin, action="orgs.employer.updated", target=world.employer_b)
    client = client_for(world.auditor)
    page = client.get("/audit/", {"org": world.town_a.pk}).content.decode()
    assert 'data-export="core.audit"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/core.audit/", {"org": world.town_a.pk})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.message
    rows = list(stored_workbook(job.result_file).active.values)
    header = rows[0]
    assert [r[header.index("对象")] for r in rows[1:]] == ["甲电子有限公司"]
    assert rows[1][header.index("变更内容")] == "单位名称：甲电子 → 甲电子有限公司"
    entry = AuditEntry.objects.get(action="core.audit.exported")
    assert entry.actor == world.auditor and entry.data["filters"] == {"org": world.town_a.pk}


def test_audit_export_is_refused_without_audit_view(world, client_for, audit_export):
    assert client_for(world.town_a_user).post("/exports/core.audit/").status_code == 403
    assert not Job.objects.exists()
