"""A union files a claim through the page in a browser, at desktop and at 390 px: the member
picked, the documents uploaded, 试算 first, then the claim, whose page shows the
calculation line by line; nothing on either page scrolls sideways (tests/browser's check)."""

import shutil

import pytest

from gonghui.accounts.tests.factories import PASSWORD
from gonghui.mutualaid.models import Claim
from gonghui.mutualaid.tests.claims_helpers import PDF, current_plan, days_ago, enrolled
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.pickers import pick
from tests.browser.test_layout import DESKTOP, OVERFLOW_JS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def _fits(page) -> None:
    page.wait_for_selector("#todo-badge-slot", state="detached")
    found = page.evaluate(OVERFLOW_JS)
    where = f"{page.url} at {found['width']} px"
    assert found["scroll"] <= found["width"], f"{where} is {found['scroll']} px wide"
    assert not found["out"], f"{where}: sticks out: {found['out']}"


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_union_files_a_claim_in_the_browser(world, live_server, chromium, size):
    plan = current_plan(world)
    enrollment = enrolled(world, plan, name="李小四")
    context = chromium.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", world.chair_a.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#sidebar", state="attached")
        page.goto(f"{live_server.url}/mutualaid/claims/new/")
        _fits(page)
        pick(page, "id_member", "李小四", "李小四")
        page.select_option("#id_event_kind", "illness")
        for name, day in (("event_on", 30), ("admitted_on", 30), ("discharged_on", 25)):
            page.fill(f"#id_{name}", days_ago(day).isoformat())
        page.fill("#id_hospital", "番禺区中心医院")
        page.fill("#id_diagnosis", "肺癌")
        page.select_option("#id_disease", "cancer")
        page.fill("#id_total_cost", "20000.00")
        page.fill("#id_insurance_paid", "12000.00")
        page.fill("#id_bank_name", "工商银行")
        page.fill("#id_account", "6222020200112233445")
        page.click("#claim-quote-button")
        page.wait_for_selector("#claim-quote")
        assert "试算结果：19,500.00 元" in page.inner_text("#claim-quote")
        assert not Claim.objects.exists()
        _fits(page)
        page.set_input_files("#id_discharge_document", _pdf("出院小结.pdf"))
        page.set_input_files("#id_invoice_document", _pdf("发票.pdf"))
        page.click("#claim-form button[type=submit]:not([name])")
        page.wait_for_selector("#claim-benefits")
        text = page.inner_text("#claim-benefits")
        assert "自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00" in text
        assert "「恶性肿瘤」一次性资助 15,000.00" in text
        assert page.inner_text("#claim-amount") == "19,500.00 元"
        _fits(page)
        assert Claim.objects.get().enrollment == enrollment
    finally:
        context.close()
