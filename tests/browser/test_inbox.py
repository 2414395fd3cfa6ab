"""The home page's to-do inbox on a desktop and on a phone (issue #10): the to-dos show with
their counts, a click opens the list of exactly those rows, and at 390 px nothing scrolls
sideways."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.reports.tests.inbox_rows import EXPECTED, make_inbox_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Gonghui@2026x"
SIZES = [(1280, 800), (390, 844)]


def _login(page, live_server, user):
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#inbox")


def _no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def _open(browser, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_town_staff_inbox_opens_each_list(browser, live_server, world, size):
    make_inbox_rows(world)
    context, page = _open(browser, size)
    _login(page, live_server, world.town_a_user)
    expected = EXPECTED["town_a_user"]
    # every to-do is on screen with its count; the badge in the top bar says how many wait
    for name, count in expected.items():
        line = page.locator(f'[data-todo="{name}"]')
        assert line.is_visible(), name
        assert line.locator(".todo-count").inner_text() == str(count)
    assert page.locator("#todo-badge").is_visible()
    _no_sideways_scroll(page, size[0])
    # the overdue cases: a click opens the case list showing exactly those
    page.click('[data-todo="rights.cases_overdue"] a')
    page.wait_for_url(re.compile(r"/rights/cases/\?due=overdue"))
    assert page.locator("#case-list tbody tr").count() == expected["rights.cases_overdue"]
    assert f"共 {expected['rights.cases_overdue']} 条" in page.inner_text(".pagination")
    # on any page the top bar's badge comes after the page; it leads back home
    badge = page.locator("#todo-badge")
    badge.wait_for()
    assert badge.locator("#todo-count").inner_text() == str(
        sum(n for name, n in expected.items() if name != "core.unread_notifications")
    )
    _no_sideways_scroll(page, size[0])
    badge.click()
    page.wait_for_selector("#inbox")
    # the transfers waiting for this user's decision
    page.click('[data-todo="members.transfers_to_decide"] a')
    page.wait_for_url(re.compile(r"decide=1"))
    assert f"共 {expected['members.transfers_to_decide']} 条" in page.inner_text(".pagination")
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_lawyer_home_is_their_cases_by_deadline(browser, live_server, world, size):
    make_inbox_rows(world)
    context, page = _open(browser, size)
    _login(page, live_server, world.lawyer_a)
    widget = page.locator("#my-cases")
    assert widget.is_visible()
    assert widget.locator("tbody tr").count() == 3
    assert "已超期 5 天" in widget.locator("tbody tr").first.inner_text()
    assert "基层工会" not in page.inner_text("main")  # no town totals
    _no_sideways_scroll(page, size[0])
    page.click('[data-todo="rights.cases_due_soon"] a')
    page.wait_for_url(re.compile(r"due=soon"))
    assert page.locator("#case-list tbody tr").count() == 1
    context.close()
