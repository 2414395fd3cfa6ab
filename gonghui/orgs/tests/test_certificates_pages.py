"""Certificate pages (ORG-4): a chair applies with documents, staff check on the request's
page (buttons, confirmations, Chinese errors), the lists and their scope, downloads only in
scope, the union page's panel, the to-do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from gonghui.core.clock import today
from gonghui.core.registry import registry, todos_for
from gonghui.orgs.choices import CertificateRequestState as S
from gonghui.orgs.models import CertificateRequest
from gonghui.orgs.tests.certificates_helpers import PDF, issue, submit_new, union_uscc

pytestmark = pytest.mark.django_db


def _file(name="申请表.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_chair_applies_with_documents_and_errors_in_chinese(world, client_for):
    client = client_for(world.chair_a)
    url = f"/orgs/{world.union_a.pk}/certificate/apply/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and "工会法人资格登记申请表" in page
    bad = client.post(
        url,
        {
            "kind": "new",
            "representative": "张三",
            "address": "富华西路1号",
            "doc_application": _file("申请表.pdf", b"MZ not a pdf"),
        },
    )
    assert "不是允许的文件类型" in bad.content.decode() and not CertificateRequest.objects.exists()
    done = client.post(
        url,
        {
            "kind": "new",
            "representative": "张三",
            "address": "富华西路1号",
            "doc_application": _file(),
        },
    )
    req = CertificateRequest.objects.get()
    assert done.status_code == 302 and done.url == f"/certificates/requests/{req.pk}/"
    detail = client.get(done.url).content.decode()
    assert "申请表.pdf" in detail and "action-withdraw" in detail and "action-issue" not in detail
    assert (
        client_for(world.chair_a).get(f"/orgs/{world.union_b.pk}/certificate/apply/").status_code
        == 404
    )


def test_staff_issue_on_the_page(world, client_for):
    req = submit_new(world)
    client = client_for(world.town_a_user)
    detail = client.get(f"/certificates/requests/{req.pk}/").content.decode()
    assert "action-issue" in detail and "action-reject" in detail and "data-confirm" in detail
    url = f"/certificates/requests/{req.pk}/issue/"
    wrong = client.post(
        url,
        {
            "version": req.version,
            "number": "A1",
            "uscc": "91440113MA12345678",
            "issued_on": today().isoformat(),
            "valid_until": "2031-01-01",
        },
        follow=True,
    )
    assert "统一社会信用代码" in wrong.content.decode()
    code = union_uscc()
    client.post(
        url,
        {
            "version": req.version,
            "number": "番工法证001",
            "uscc": code,
            "issued_on": today().isoformat(),
            "valid_until": (today() + datetime.timedelta(days=1800)).isoformat(),
        },
    )
    req.refresh_from_db()
    assert req.state == S.APPROVED and req.certificate.uscc == code
    listed = client.get("/certificates/").content.decode()
    assert "番工法证001" in listed
    assert "番工法证001" not in client_for(world.town_b_user).get("/certificates/").content.decode()
    history = client_for(world.town_a_user).get(f"/certificates/{req.certificate_id}/")
    assert "发放工会法人资格证书" in history.content.decode()


def test_documents_download_only_in_scope_and_audited(world, client_for):
    req = submit_new(world)
    doc = req.documents.get()
    url = f"/certificates/requests/{req.pk}/documents/{doc.pk}/"
    response = client_for(world.town_a_user).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(world.town_b_user).get(url).status_code == 404
    from gonghui.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="orgs.certificate_document.viewed").count() == 1


def test_lists_todo_and_panel(world, client_for):
    req = submit_new(world)
    todos = {t.name: n for t, n, _url in todos_for(world.town_a_user)}
    assert todos.get("orgs.certificate_requests_to_check") == 1
    assert "orgs.certificate_requests_to_check" not in {
        t.name for t, _n, _u in todos_for(world.chair_a)
    }
    assert "orgs.certificate_requests_to_check" not in {
        t.name for t, _n, _u in todos_for(world.town_b_user)
    }
    body = (
        client_for(world.town_a_user)
        .get("/certificates/requests/", {"todo": "on"})
        .content.decode()
    )
    assert "甲公司工会委员会" in body
    without = client_for(world.admin).get("/certificates/without/").content.decode()
    assert "甲公司工会委员会" in without and "乙公司工会委员会" in without
    issue(world, req, valid_until=today() + datetime.timedelta(days=20))
    without = client_for(world.admin).get("/certificates/without/").content.decode()
    assert "甲公司工会委员会" not in without
    expiring = client_for(world.admin).get("/certificates/", {"due": "expiring"}).content.decode()
    assert "甲公司工会委员会" in expiring
    panel = registry["detail_panels"]["orgs.Organization"]["certificate"]
    context = panel.context(world.union_a, world.chair_a)
    html = render_to_string(
        panel.template, {"obj": world.union_a, "user": world.chair_a, **context}
    )
    req.refresh_from_db()
    assert "证书编号" in html and req.certificate.number in html
    assert panel.context(world.town_a, world.admin) is None


def test_exports_start(world, client_for):
    for name in ("orgs.certificates", "orgs.certificates_without", "orgs.certificate_requests"):
        response = client_for(world.town_a_user).post(f"/exports/{name}/", {})
        assert response.status_code in (200, 302), name
