"""The claim pages: the list with the catalog's filters, a new claim with its documents and
the 试算 that saves nothing, the detail with the calculation line by line, reasons, the
workflow's buttons and history, corrections and documents before the review, the to-dos,
scope (town B's claims are 404 for town A) and permissions."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.registry import todos_for
from gonghui.mutualaid.choices import ClaimState
from gonghui.mutualaid.models import Claim
from gonghui.mutualaid.services import claims as services
from gonghui.mutualaid.tests.claims_helpers import (
    ACCOUNT,
    PDF,
    current_plan,
    days_ago,
    enrolled,
    file_claim,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return current_plan(world)


def form_data(enrollment, **extra):
    data = {
        "member": str(enrollment.member_id),
        "event_kind": "illness",
        "event_on": days_ago(30).isoformat(),
        "admitted_on": days_ago(30).isoformat(),
        "discharged_on": days_ago(25).isoformat(),
        "hospital": "番禺区中心医院",
        "diagnosis": "肺炎",
        "disease": "",
        "total_cost": "20000.00",
        "insurance_paid": "12000.00",
        "own_cost": "",
        "bank_name": "工商银行",
        "account": ACCOUNT,
        "discharge_document": SimpleUploadedFile("出院小结.pdf", PDF),
        "invoice_document": SimpleUploadedFile("发票.pdf", PDF),
    }
    data.update(extra)
    return data


def test_a_union_files_a_claim_on_the_page(world, plan, client_for):
    enrollment = enrolled(world, plan)
    client = client_for(world.chair_a)
    page = client.get("/mutualaid/claims/new/")
    assert page.status_code == 200 and 'data-picker="/suggest/members/' in page.content.decode()
    response = client.post("/mutualaid/claims/new/", form_data(enrollment))
    claim = Claim.objects.get()
    assert response.status_code == 302 and response.url == f"/mutualaid/claims/{claim.pk}/"
    page = client.get(response.url).content.decode()
    assert "自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00" in page
    assert "4,500.00 元" in page and "出院小结.pdf" in page and "尾号3445" in page
    assert 'id="claim-edit"' in page and 'id="add-document"' in page
    assert "新建：待镇街审核" in page


def test_the_quote_computes_and_saves_nothing(world, plan, client_for):
    enrollment = enrolled(world, plan)
    data = form_data(enrollment, disease="cancer", quote="1")
    del data["discharge_document"], data["invoice_document"]
    page = client_for(world.chair_a).post("/mutualaid/claims/new/", data).content.decode()
    assert "试算结果：19,500.00 元" in page and "「恶性肿瘤」一次性资助 15,000.00" in page
    assert not Claim.objects.exists()


def test_a_claim_without_its_documents_says_so(world, plan, client_for):
    enrollment = enrolled(world, plan)
    data = form_data(enrollment)
    del data["invoice_document"]
    page = client_for(world.chair_a).post("/mutualaid/claims/new/", data).content.decode()
    assert 'id="claim-form"' in page and "这个字段是必填项" in page
    assert not Claim.objects.exists()


def test_the_detail_shows_reasons_and_the_workflow(world, plan, client_for):
    enrollment = enrolled(world, plan, waiting_until=days_ago(-10))
    refused = file_claim(world, enrollment)
    page = client_for(world.town_a_user).get(f"/mutualaid/claims/{refused.pk}/").content.decode()
    assert "扣减或不予资助原因" in page and "在观察期内" in page
    assert 'id="action-reject"' in page and 'id="action-review"' in page
    assert f"观察期至 {days_ago(-10).isoformat()}" in page
    good = file_claim(world, enrolled(world, plan, name="钱七"))
    client = client_for(world.town_a_user)
    response = client.post(
        f"/mutualaid/claims/{good.pk}/review/", {"version": good.version, "note": "齐全"}
    )
    assert response.status_code == 302
    page = client.get(f"/mutualaid/claims/{good.pk}/").content.decode()
    assert "镇街审核通过：待镇街审核 → 待区总工会审批" in page
    assert 'id="claim-edit"' not in page
    page = client_for(world.admin).get(f"/mutualaid/claims/{good.pk}/").content.decode()
    assert 'id="action-approve"' in page and "data-confirm" in page


def test_corrections_and_documents_before_the_review(world, plan, client_for):
    claim = file_claim(world, enrolled(world, plan))
    client = client_for(world.chair_a)
    assert client.get(f"/mutualaid/claims/{claim.pk}/edit/").status_code == 200
    response = client.post(
        f"/mutualaid/claims/{claim.pk}/edit/",
        {
            "version": claim.version,
            "event_on": days_ago(30).isoformat(),
            "admitted_on": days_ago(30).isoformat(),
            "discharged_on": days_ago(25).isoformat(),
            "hospital": "番禺区何贤纪念医院",
            "diagnosis": "肺炎",
            "total_cost": "20000.00",
            "insurance_paid": "13500.00",
            "own_cost": "",
            "bank_name": "工商银行",
            "account": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    claim.refresh_from_db()
    assert claim.amount == Decimal("3600.00") and claim.account_last4 == "3445"
    response = client.post(
        f"/mutualaid/claims/{claim.pk}/documents/",
        {
            "version": claim.version,
            "kind": "settlement",
            "upload": SimpleUploadedFile("结算单.pdf", PDF),
        },
    )
    assert response.status_code == 302 and claim.documents.count() == 3
    document = claim.documents.get(kind="settlement")
    download = client.get(f"/mutualaid/claims/{claim.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_list_filters_and_the_todos(world, plan, client_for):
    a = file_claim(world, enrolled(world, plan))
    b = file_claim(world, enrolled(world, plan, name="钱七"), disease="cancer")
    c = file_claim(
        world, enrolled(world, plan, union=world.union_b, name="孙八"), actor=world.admin
    )
    services.claim_review(actor=world.admin, claim=b, version=b.version)
    admin = client_for(world.admin)
    page = admin.get("/mutualaid/claims/").content.decode()
    assert a.number in page and b.number in page and c.number in page
    page = admin.get("/mutualaid/claims/?kind=critical").content.decode()
    assert b.number in page and a.number not in page
    page = admin.get(f"/mutualaid/claims/?state=submitted&town={world.town_b.pk}").content.decode()
    assert c.number in page and a.number not in page
    page = admin.get(f"/mutualaid/claims/?org={world.union_a.pk}&year={plan.year}").content.decode()
    assert a.number in page and c.number not in page
    page = admin.get(f"/mutualaid/claims/?number={a.number}").content.decode()
    assert a.number in page and b.number not in page
    page = admin.get("/mutualaid/claims/?paid_from=x").content.decode()
    assert "发放日期起应为日期" in page and a.number in page
    town = {t.name: n for t, n, _url in todos_for(world.town_a_user)}
    assert town.get("mutualaid.claims_to_review") == 1
    district = {t.name: n for t, n, _url in todos_for(world.admin)}
    assert district.get("mutualaid.claims_to_approve") == 1
    assert "mutualaid.claims_to_review" not in district


def test_scope_and_permission_on_the_pages(world, plan, client_for):
    theirs = file_claim(world, enrolled(world, plan, union=world.union_b), actor=world.admin)
    town_a = client_for(world.town_a_user)
    assert town_a.get(f"/mutualaid/claims/{theirs.pk}/").status_code == 404
    assert theirs.number not in town_a.get("/mutualaid/claims/").content.decode()
    assert town_a.post(f"/mutualaid/claims/{theirs.pk}/review/", {"version": 1}).status_code == 404
    auditor = client_for(world.auditor)
    assert auditor.get("/mutualaid/claims/new/").status_code == 403
    assert auditor.get(f"/mutualaid/claims/{theirs.pk}/edit/").status_code == 403
    assert auditor.get(f"/mutualaid/claims/{theirs.pk}/").status_code == 200
    assert theirs.state == ClaimState.SUBMITTED
