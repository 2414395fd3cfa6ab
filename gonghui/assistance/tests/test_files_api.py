"""The hardship-file API: list (the page's filters), get (scope), create with documents
in base64, visits, the workflow's actions, standards."""

import base64

import pytest

from gonghui.assistance.models import HardshipFile
from gonghui.members.tests.factories import new_ric

from .files_helpers import PDF, approved, open_file, standards

pytestmark = pytest.mark.django_db
B64 = base64.b64encode(PDF).decode()


def body(ric: str, **extra) -> dict:
    data = {
        "name": "陈七",
        "ric": ric,
        "annual_income": "9600",
        "essential_expenses": "2400",
        "cause": "unemployment",
        "contact_name": "张联系",
        "household": [{"name": "陈妻", "relation": "spouse"}],
        "documents": [
            {"kind": k, "name": f"{k}.pdf", "content": B64}
            for k in ("id_card", "household_register", "income_proof")
        ],
    }
    data.update(extra)
    return data


def test_create_get_and_list(world, client_for):
    standards(world)
    client = client_for(world.chair_a)
    response = client.post(
        "/api/v1/assistance/files", body(new_ric()), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["category"] == "deep" and data["per_head_monthly"] == "300.00"
    assert data["number"].startswith("KN") and len(data["documents"]) == 3
    assert data["household"][0]["relation"] == "spouse"
    got = client.get(f"/api/v1/assistance/files/{data['id']}").json()
    assert got["union_id"] == world.union_a.pk
    listed = client.get("/api/v1/assistance/files", {"state": "submitted"}).json()
    assert [f["id"] for f in listed["items"]] == [data["id"]]
    assert client.get("/api/v1/assistance/files", {"state": "approved"}).json()["items"] == []


def test_refusals_in_chinese_with_the_field(world, client_for):
    standards(world)
    client = client_for(world.town_a_user)
    ric = new_ric()
    first = open_file(world, ric=ric)
    response = client.post(
        "/api/v1/assistance/files",
        body(ric, union_id=world.union_a.pk),
        content_type="application/json",
    )
    assert response.status_code == 400 and first.number in response.json()["detail"]
    bad = body(new_ric())
    bad["documents"][0]["content"] = base64.b64encode(b"MZ exe").decode()
    response = client.post("/api/v1/assistance/files", bad, content_type="application/json")
    assert response.status_code == 400 and "不是允许的文件类型" in response.json()["detail"]
    bad["documents"][0]["content"] = "@@not base64@@"
    response = client.post("/api/v1/assistance/files", bad, content_type="application/json")
    assert response.status_code == 400 and "base64" in response.json()["detail"]
    # a union of town B: 404 naming the field
    response = client.post(
        "/api/v1/assistance/files",
        body(new_ric(), union_id=world.union_b.pk),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_scope_town_b_file_is_404(world, client_for):
    standards(world)
    theirs = open_file(world, actor=world.town_b_user, union=world.union_b)
    client = client_for(world.town_a_user)
    assert client.get(f"/api/v1/assistance/files/{theirs.pk}").status_code == 404
    assert client.get(f"/api/v1/assistance/files/{theirs.pk}/visits").status_code == 404
    response = client.post(
        f"/api/v1/assistance/files/{theirs.pk}/actions",
        {"action": "review", "version": theirs.version},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get("/api/v1/assistance/files").json()["items"] == []


def test_actions_and_the_notice_guard(world, client_for):
    standards(world)
    file = open_file(world)
    town = client_for(world.town_a_user)

    def act(client, action, **extra):
        return client.post(
            f"/api/v1/assistance/files/{file.pk}/actions",
            {"action": action, "version": HardshipFile.objects.get(pk=file.pk).version, **extra},
            content_type="application/json",
        )

    assert act(town, "review", note="属实").json()["state"] == "reviewed"
    assert act(town, "approve").status_code == 403
    district = client_for(world.district_staff)
    assert act(district, "approve").json()["state"] == "approved"
    town = client_for(world.town_a_user)
    response = act(town, "propose_exit", reason="已就业")
    assert response.json()["state"] == "exit_notice" and response.json()["exit_notice_until"]
    district = client_for(world.district_staff)
    response = act(district, "exit")
    assert response.status_code == 400 and "公示期满后方可批准退档" in response.json()["detail"]


def test_visits_and_review_advice(world, client_for):
    standards(world)
    file = approved(world)
    client = client_for(world.chair_a)
    day = file.opened_on.isoformat()
    response = client.post(
        f"/api/v1/assistance/files/{file.pk}/visits",
        {"visited_on": day, "visitor": "张"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["file"]["last_visit_on"] == day
    response = client.post(
        f"/api/v1/assistance/files/{file.pk}/visits",
        {
            "kind": "review",
            "visited_on": day,
            "visitor": "张",
            "annual_income": "99999",
            "essential_expenses": "0",
        },
        content_type="application/json",
    )
    assert "建议提出脱困退档" in response.json()["advice"]
    listed = client.get(f"/api/v1/assistance/files/{file.pk}/visits").json()
    assert [v["kind"] for v in listed] == ["review", "visit"]


def test_document_download_through_the_api(world, client_for):
    standards(world)
    file = open_file(world)
    doc = file.documents.first()
    response = client_for(world.town_a_user).get(
        f"/api/v1/assistance/files/{file.pk}/documents/{doc.pk}"
    )
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    other = client_for(world.town_b_user).get(
        f"/api/v1/assistance/files/{file.pk}/documents/{doc.pk}"
    )
    assert other.status_code == 404


def test_standards(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        "/api/v1/assistance/standards",
        {"town_id": world.town_a.pk, "effective_from": "2020-01-01", "monthly_amount": "1010.00"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["monthly_amount"] == "1010.00"
    town = client_for(world.town_b_user)
    assert town.get("/api/v1/assistance/standards").json()["items"] == []
    response = town.post(
        "/api/v1/assistance/standards",
        {"town_id": world.town_b.pk, "effective_from": "2020-01-01", "monthly_amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 403
