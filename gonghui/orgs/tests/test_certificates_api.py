"""Certificate API (ORG-4): a multipart request with documents, the check's workflow
endpoint, the lists in scope, a document's download; Chinese errors naming the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.clock import today
from gonghui.orgs.models import CertificateRequest
from gonghui.orgs.tests.certificates_helpers import PDF, submit_new, union_uscc

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_submit_check_issue(world, client_for):
    chair = client_for(world.chair_a)
    missing = chair.post(
        f"{API}/orgs/{world.union_a.pk}/certificate/requests",
        {"kind": "new", "representative": "张三", "address": "富华西路1号"},
    )
    assert missing.status_code == 400 and missing.json()["field"] == "documents"
    made = chair.post(
        f"{API}/orgs/{world.union_a.pk}/certificate/requests",
        {
            "kind": "new",
            "representative": "张三",
            "address": "富华西路1号",
            "doc_application": SimpleUploadedFile("表.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["state"] == "submitted" and body["documents"][0]["kind"] == "application"
    doc = chair.get(
        f"{API}/certificates/requests/{body['id']}/documents/{body['documents'][0]['id']}"
    )
    assert doc.status_code == 200
    staff = client_for(world.town_a_user)
    url = f"{API}/certificates/requests/{body['id']}/actions"
    bad = staff.post(
        url,
        {
            "action": "issue",
            "version": body["version"],
            "number": "N1",
            "uscc": "81440113MA1",
            "issued_on": today().isoformat(),
            "valid_until": "2031-12-31",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "uscc"
    ok = staff.post(
        url,
        {
            "action": "issue",
            "version": body["version"],
            "number": "N1",
            "uscc": union_uscc(),
            "issued_on": today().isoformat(),
            "valid_until": "2031-12-31",
        },
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    listed = staff.get(f"{API}/certificates").json()
    assert [c["number"] for c in listed["items"]] == ["N1"]
    # part of the union's name, long enough for the text index (core.search)
    found = staff.get(f"{API}/certificates", {"q": world.union_a.name[-4:]}).json()
    assert [c["number"] for c in found["items"]] == ["N1"]
    assert staff.get(f"{API}/certificates", {"q": "没有这个工会"}).json()["count"] == 0
    far = staff.get(f"{API}/certificates", {"issued_year": 231912138})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "issued_year"
    assert client_for(world.town_b_user).get(f"{API}/certificates").json()["count"] == 0
    without = client_for(world.admin).get(f"{API}/certificates/without").json()
    assert world.union_a.pk not in [u["id"] for u in without["items"]]


def test_requests_in_scope_and_todo(world, client_for):
    req = submit_new(world)
    assert (
        client_for(world.town_b_user).get(f"{API}/certificates/requests/{req.pk}").status_code
        == 404
    )
    todo = client_for(world.town_a_user).get(f"{API}/certificates/requests", {"todo": True}).json()
    assert [r["id"] for r in todo["items"]] == [req.pk]
    rejected = client_for(world.town_a_user).post(
        f"{API}/certificates/requests/{req.pk}/actions",
        {"action": "reject", "version": req.version, "note": "材料不全"},
        content_type="application/json",
    )
    assert rejected.status_code == 200
    assert CertificateRequest.objects.get().state == "rejected"
