"""The payout pages: scope, the create page's preview and confirm, the detail with its
failures, the bank file's download, the return's upload, and the district's to-dos."""

import pytest

from gonghui.core.importing.models import ImportRun
from gonghui.core.registry import registry
from gonghui.mutualaid.choices import ClaimState
from gonghui.mutualaid.models import Payout
from gonghui.mutualaid.services.payouts import payout_create
from gonghui.mutualaid.tests.payouts_helpers import approved, plan_of, sheet_rows, upload, xlsx

pytestmark = pytest.mark.django_db
URL = "/mutualaid/payouts/"


@pytest.fixture
def lists(world):
    plan = plan_of(world)
    a = approved(plan, world.union_a, "500", name="甲甲")
    b = approved(plan, world.union_b, "400", name="乙乙")
    list_a = payout_create(actor=world.admin, plan=plan, town=world.town_a)
    list_b = payout_create(actor=world.admin, plan=plan, town=world.town_b)
    return plan, a, b, list_a, list_b


def test_the_list_page_shows_what_the_user_may_see(world, lists, client_for):
    _plan, _a, _b, list_a, list_b = lists
    page = client_for(world.admin).get(URL)
    assert {p.pk for p in page.context["page"]} == {list_a.pk, list_b.pk}
    assert 'id="payout-new"' in page.content.decode()
    town = client_for(world.town_a_user).get(URL)
    assert [p.pk for p in town.context["page"]] == [list_a.pk]
    html = town.content.decode()
    assert list_b.number not in html and 'id="payout-new"' not in html
    assert client_for(world.town_a_user).get(f"{URL}{list_b.pk}/").status_code == 404
    assert client_for(world.town_a_user).get(f"{URL}{list_a.pk}/").status_code == 200
    assert client_for(world.town_a_user).get(f"{URL}{list_a.pk}/file/").status_code == 403
    filtered = client_for(world.admin).get(URL, {"town": world.town_b.pk, "state": "issued"})
    assert [p.pk for p in filtered.context["page"]] == [list_b.pk]
    returned = client_for(world.admin).get(URL, {"state": "returned"})
    assert list(returned.context["page"]) == []
    bad = client_for(world.admin).get(URL, {"year": "abc", "plan": "x"})
    assert bad.status_code == 200 and "筛选条件有误" in bad.content.decode()


def test_create_previews_the_count_and_total_then_confirms(world, client_for):
    plan = plan_of(world)
    approved(plan, world.union_a, "500.10")
    approved(plan, world.union_b, "20.05")
    client = client_for(world.admin)
    form = client.get(f"{URL}new/")
    assert form.status_code == 200 and "520.15" in form.content.decode()
    preview = client.post(f"{URL}new/", {"plan": plan.pk, "town": world.town_a.pk})
    html = preview.content.decode()
    assert 'id="payout-preview"' in html and "500.10" in html and "<strong>1</strong>" in html
    assert not Payout.objects.exists()  # the preview writes nothing
    done = client.post(f"{URL}new/", {"plan": plan.pk, "town": world.town_a.pk, "confirm": "on"})
    made = Payout.objects.get()
    assert done.url == f"{URL}{made.pk}/" and made.total == made.claims.get().amount
    nothing = client.post(f"{URL}new/", {"plan": plan.pk, "town": world.town_a.pk})
    assert "没有待列入名单的互助金" in nothing.content.decode()
    again = client.post(f"{URL}new/", {"plan": plan.pk, "town": world.town_a.pk, "confirm": "on"})
    assert again.status_code == 200 and "不能生成空名单" in again.content.decode()
    assert client.post(f"{URL}new/", {"plan": 10**15}).status_code == 200
    assert client_for(world.town_a_user).get(f"{URL}new/").status_code == 403


def test_detail_download_and_return_through_the_pages(
    world, lists, client_for, django_capture_on_commit_callbacks
):
    _plan, a, _b, list_a, _list_b = lists
    client = client_for(world.admin)
    file = client.get(f"{URL}{list_a.pk}/file/")
    assert file.status_code == 200 and file["Content-Disposition"].startswith("attachment")
    assert sheet_rows(b"".join(file.streaming_content))[1][4] == "****5678"
    full = client.get(f"{URL}{list_a.pk}/file/", {"full": "on"})
    assert sheet_rows(b"".join(full.streaming_content))[1][4] == "6222020200112345678"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"{URL}{list_a.pk}/return/",
            {"file": upload(xlsx([(a.number, "失败", "账户已销户", "")]))},
        )
    run = ImportRun.objects.get(kind="mutualaid.bank_return")
    assert sent.url == f"/imports/{run.pk}/"
    a.refresh_from_db()
    assert a.state == ClaimState.PAYMENT_FAILED
    page = client.get(f"{URL}{list_a.pk}/")
    html = page.content.decode()
    assert 'id="failure-list"' in html and "账户已销户" in html and a.number in html
    assert 'id="return-runs"' in html and page.context["payout"].failed_count == 1
    bad = client.post(
        f"{URL}{list_a.pk}/return/", {"file": upload(b"\x00\x01garbage", "x.xlsx")}, follow=True
    )
    assert bad.status_code == 200 and ImportRun.objects.count() == 1


def test_the_districts_to_dos_count_waiting_and_failed_claims(world):
    plan = plan_of(world)
    approved(plan, world.union_a)
    approved(plan, world.union_b, state=ClaimState.PAYMENT_FAILED)
    waiting = registry["todos"]["mutualaid.claims_to_list"]
    failed = registry["todos"]["mutualaid.payments_failed"]
    assert waiting.count(world.admin) == 1 and failed.count(world.admin) == 1
    assert failed.url == "mutualaid:claim_list?state=payment_failed"
    assert waiting.count(world.chair_a) == 0  # no permission: nothing counted
    payout_create(actor=world.admin, plan=plan)
    assert waiting.count(world.admin) == 0


def test_reissue_through_the_claim_page(world, client_for):
    plan = plan_of(world)
    failed = approved(plan, world.union_a, state=ClaimState.PAYMENT_FAILED)
    client = client_for(world.admin)
    done = client.post(
        f"/mutualaid/claims/{failed.pk}/reissue/",
        {"version": failed.version, "bank_name": "中国农业银行", "account": "6228480000000000017"},
    )
    assert done.status_code == 302
    failed.refresh_from_db()
    assert failed.state == ClaimState.APPROVED and failed.bank_name == "中国农业银行"
