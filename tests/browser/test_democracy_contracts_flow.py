"""DEMO-1 through the pages, on a desktop and a phone: a town's staff sees its employer on
the "no wage contract" list of the rate page, enters the employer's wage contract in the
form (the employer picker), sends it for review and, the 15 days run, makes it effective
through the confirmed button; the rate page then counts it (100%) and the employer has left
the list. Every page fits the width (test_layout's check)."""

import datetime

import pytest
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.democracy.choices import ContractState
from gonghui.democracy.models import CollectiveContract

from .flow import act, fits, login
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, live_server, url: str) -> None:
    response = page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == 200, page.url
    fits(page)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_wage_contract_from_entry_to_the_rate_it_moves(browser, live_server, world, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    rates = reverse("democracy:contract_rates") + "?kind=wage&list=uncovered"
    signed = today() - datetime.timedelta(days=40)

    login(page, live_server, world.town_a_user.username)
    _go(page, live_server, rates)
    assert page.inner_text("#rate-value") == "0.0%"
    assert "甲电子有限公司" in page.inner_text("#rate-list")

    _go(page, live_server, reverse("democracy:contract_list"))
    page.click("#contract-new")
    fits(page)
    page.select_option("#id_kind", "wage")
    pick(page, "id_employer", "甲电子", "甲电子有限公司")
    page.fill("#id_signed_on", signed.isoformat())
    page.select_option("#id_term_years", "1")
    page.fill("#id_wage_increase_pct", "8.5")
    page.fill("#id_workers_covered", "120")
    page.fill("#id_negotiators_worker_side", "5")
    page.fill("#id_women_negotiators", "2")
    page.fill("#id_vote_total", "30")
    page.fill("#id_vote_attended", "26")
    page.fill("#id_vote_for", "24")
    page.click("#contract-form button[type=submit]")
    page.wait_for_selector("#contract-props")
    fits(page)
    contract = CollectiveContract.objects.get()
    assert contract.state == ContractState.SIGNED and contract.union == world.union_a

    act(page, "submit", {"input[name=submitted_on]": (signed + datetime.timedelta(3)).isoformat()})
    page.wait_for_selector("#contract-state:has-text('已报送审查')")
    fits(page)
    page.once("dialog", lambda dialog: dialog.accept())  # the confirm before it takes effect
    page.click("#take_effect")
    page.wait_for_selector("#contract-state:has-text('已生效')")
    fits(page)
    contract.refresh_from_db()
    assert contract.effective_on == signed + datetime.timedelta(days=18)

    _go(page, live_server, rates)
    assert page.inner_text("#rate-value") == "100.0%"
    assert page.inner_text("#rate-numerator").startswith("1")
    assert "甲电子有限公司" not in page.inner_text("#rate-list")
    context.close()
