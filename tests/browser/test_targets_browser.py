"""The targets pages in a browser (REPORT-2): at 390 px nothing sticks out (the table scrolls
in its own box), and the trend is drawn by the vendored ECharts under the page's CSP."""

import pytest
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.reports.models import Target
from tests.browser.test_layout import OVERFLOW_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AS_OF = today()


def test_the_targets_pages_fit_a_phone_and_draw_the_trend(browser, live_server):
    build_demo(seed=5, scale="tiny", as_of=AS_OF, members=True, only=["reports", "accounts"])
    target = Target.objects.filter(year=AS_OF.year, code="members.members.new").first()
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar")
    for url in (
        reverse("reports:targets"),
        f"{reverse('reports:targets')}?year=2014",
        reverse("reports:target_detail", args=[target.pk]),
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        found = page.evaluate(OVERFLOW_JS)
        assert found["scroll"] <= found["width"] and not found["out"], (url, found)
    page.wait_for_selector("#target-trend canvas")  # ECharts drew the chart
    assert errors == []
    context.close()
