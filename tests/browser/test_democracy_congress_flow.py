"""DEMO-2 through the pages, on a desktop and a phone: the town sees its unionized private
employer on the "no congress" work list and the rates page at 0 of 1, enters a quorate
session for it (the employer picker), sees the session's page with its women's share and a
soft rule's warning, and the employer is counted: off the work list, the rate at 100.0%.
Every page fits the width (test_layout's check)."""

import datetime

import pytest
from django.urls import reverse

from gonghui.democracy.models import CongressSession

from .flow import fits, login
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = datetime.date.today().year


def _go(page, live_server, url: str) -> None:
    response = page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == 200, page.url
    fits(page)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_session_entered_and_the_employer_counted(browser, live_server, world, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    employers = reverse("democracy:congress_employers")
    rates = reverse("democracy:congress_rates")

    login(page, live_server, world.town_a_user.username)
    _go(page, live_server, f"{employers}?year={YEAR}&congress=no")
    assert "甲电子有限公司" in page.inner_text("#employer-list")
    _go(page, live_server, f"{rates}?year={YEAR}")
    assert "0.0%" in page.inner_text("#rate-non_public-congress")

    _go(page, live_server, reverse("democracy:congress_list"))
    page.click("#congress-new")
    fits(page)
    pick(page, "id_employer", "甲电子", "甲电子有限公司")
    page.select_option("#id_form", "congress")
    page.fill("#id_held_on", datetime.date.today().isoformat())
    page.fill("#id_workers_total", "800")
    page.fill("#id_delegates_total", "60")
    page.fill("#id_delegates_attended", "61")
    page.fill("#id_frontline_delegates", "40")
    page.fill("#id_manager_delegates", "15")
    page.fill("#id_women_delegates", "24")
    page.fill("#id_agenda", "审议工资集体合同草案")
    page.click("#congress-form button[type=submit]")
    page.wait_for_selector(".error:has-text('不能多于应到人数')")  # refused, said at the field
    fits(page)
    assert not CongressSession.objects.exists()
    page.fill("#id_delegates_attended", "45")
    page.click("#congress-form button[type=submit]")
    page.wait_for_selector("#congress-props")
    fits(page)
    assert "符合召开条件" in page.inner_text("#congress-quorum")
    assert "40.0%" in page.inner_text("#congress-women")
    assert "不超过20%" in page.inner_text("#congress-warnings")
    assert CongressSession.objects.get().employer == world.employer_a

    _go(page, live_server, f"{employers}?year={YEAR}&congress=no")
    assert "甲电子有限公司" not in page.inner_text("#employer-list")
    _go(page, live_server, f"{rates}?year={YEAR}")
    assert "100.0%" in page.inner_text("#rate-non_public-congress")
    _go(page, live_server, reverse("orgs:employer_detail", args=[world.employer_a.pk]))
    assert "不足三分之二" not in page.inner_text("#panel-democracy_congress")
    context.close()
