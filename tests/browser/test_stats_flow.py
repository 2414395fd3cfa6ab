"""The statistics pages in the browser (issue #13), at desktop and phone size: the district
admin opens the catalog, picks a year, opens an indicator, sees its two charts (ECharts,
drawn from the page's JSON under the CSP) and its breakdown, clicks a town's bar and lands
on that town's page; a town's row in the table does the same; nothing sticks out of the
window; the home page's figures load after it with their chart. No script error anywhere."""

import datetime

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.core.clock import today
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import make_org
from tests.browser.test_layout import OVERFLOW_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Gonghui@2026x"
SIZES = [(1280, 800), (390, 844)]
CODE = "orgs.unions.new"


def _open_as(browser, live_server, user, size):
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar")
    return context, page, errors


def _fits(page) -> None:
    found = page.evaluate(OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["out"], found


def _chart_drawn(page, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-ready] canvas")
    box = page.locator(f"{selector} canvas").first.bounding_box()
    assert box["width"] > 200 and box["height"] > 100, box
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert box["x"] + box["width"] <= width + 1  # the chart follows its box


def _click_bar(page, selector: str, index: int) -> None:
    """Click the bar of the `index`-th name (the chart draws the first name at the top)."""
    page.locator(selector).scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([selector, index]) => {
          const el = document.querySelector(selector);
          const chart = window.echarts.getInstanceByDom(el);
          const data = chart.getOption().series[0].data;
          const at = data.length - 1 - index;
          const [px, py] = chart.convertToPixel({seriesIndex: 0}, [data[at] / 2, at]);
          const box = el.getBoundingClientRect();
          return [box.left + px, box.top + py];
        }""",
        [selector, index],
    )
    page.mouse.click(x, y)


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_catalog_to_an_indicator_to_a_town(browser, live_server, world, size):
    # given unions founded in 2013: two in town A, one in town B
    for town, day in ((world.town_a, 5), (world.town_a, 6), (world.town_b, 7)):
        make_org(town, OrgKind.GRASSROOTS, established_on=datetime.date(2013, 3, day))
    context, page, errors = _open_as(browser, live_server, world.admin, size)
    # when the admin opens the catalog and picks 2013
    page.goto(f"{live_server.url}/stats/")
    assert page.locator("h1").inner_text().startswith("统计指标")
    _fits(page)
    page.fill("#id_year", "2013")
    page.click("#stats-filters button.btn-primary")
    page.wait_for_url("**/stats/?*year=2013*")
    row = page.locator(f'tr[data-code="{CODE}"]')
    assert "3 家" in row.locator("td.value-cell").inner_text()
    assert "口径" in row.inner_text()
    _fits(page)
    # and opens an indicator: its value, its two charts and its breakdown
    row.locator("a.indicator-link").click()
    page.wait_for_url(f"**/stats/{CODE}/?year=2013")
    assert page.locator("#figure-value").inner_text().strip() == "3"
    _chart_drawn(page, "#trend-chart")
    _chart_drawn(page, "#bars-chart")
    rows = page.locator("#breakdown tbody tr")
    assert rows.count() == 2 and "市桥街道总工会" in rows.first.inner_text()
    _fits(page)
    # then a town's bar opens that town's page with its own unions
    _click_bar(page, "#bars-chart", 1)
    page.wait_for_url(f"**/stats/{CODE}/?year=2013&org={world.town_b.pk}")
    assert "南村镇总工会" in page.locator("h1").inner_text()
    assert page.locator("#figure-value").inner_text().strip() == "1"
    _chart_drawn(page, "#trend-chart")
    # back up, and a town's row in the table does the same
    page.click("#up-link")
    page.wait_for_url(f"**/stats/{CODE}/?year=2013")
    page.click("#breakdown a.child-link:has-text('市桥街道总工会')")
    page.wait_for_url(f"**/stats/{CODE}/?year=2013&org={world.town_a.pk}")
    assert page.locator("#figure-value").inner_text().strip() == "2"
    assert page.locator("#breakdown tbody tr").count() == 3  # 甲公司 and the two founded
    _fits(page)
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_home_page_figures_load_after_it_with_their_chart(browser, live_server, world, size):
    for town in (world.town_a, world.town_a, world.town_b):
        make_org(town, OrgKind.GRASSROOTS, established_on=datetime.date(today().year, 1, 2))
    context, page, errors = _open_as(browser, live_server, world.admin, size)
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#key-figures-box")
    card = page.locator(f'#key-figures a[data-code="{CODE}"]')
    assert card.locator(".num").inner_text() == "3"
    _chart_drawn(page, "#dashboard-chart")
    page.wait_for_selector("#todo-badge-slot", state="detached")
    _fits(page)
    # the chart switches to another figure, and a bar opens that town's page
    page.click('button[data-chart-for="dashboard-chart"]:has-text("新组建工会")')
    page.wait_for_timeout(1500)  # the bars grow in (ECharts' animation) before they take a click
    _click_bar(page, "#dashboard-chart", 0)
    page.wait_for_url(f"**/stats/{CODE}/?year={today().year}&org={world.town_a.pk}")
    assert page.locator("#figure-value").inner_text().strip() == "2"
    assert errors == []
    context.close()
