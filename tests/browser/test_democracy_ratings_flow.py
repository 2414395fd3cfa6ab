"""Issue #17's DEMO-3 through the pages: union A's chair applies for its employer on the
round's page (the sheet fills itself from the records: a wage contract, a congress, open
affairs, the two displays); the town reviews; the district scores the reviewer's criteria
and approves (the total gives 3A); the review closed, the notice starts on 2026-09-29 and,
five working days across National Day, closes on 2026-10-10; an anonymous visitor sees the
employer and that day on the public page; past the notice the district publishes the result
and the employer's page shows its rating. At desktop and phone size, nothing scrolls
sideways."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.democracy.choices import ApplicationState, RatingLevel, RatingRoundState
from gonghui.democracy.models import RatingApplication
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    NOTICE_START,
    congress,
    dual_display,
    open_affairs,
    open_round,
    set_today,
    wage_contract,
)

from .flow import act, fits, login, logout
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moved_clock():
    yield
    clock.forget()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_apply_review_notice_and_close(browser, live_server, world, moved_clock, size):
    e = world.employer_a
    wage_contract(e)
    congress(e)
    open_affairs(e)
    dual_display(world.union_a)
    round = open_round(world)  # today is 2026-09-01
    viewport = {"width": size[0], "height": size[1]}
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # 1. the chair applies from the round's page; the sheet comes from the records
    login(page, live_server, world.chair_a.username)
    page.goto(f"{live_server.url}/democracy/ratings/")
    fits(page)
    page.click(f"#round-list a:has-text('{round.name}')")
    page.click("#apply")
    fits(page)
    # the chair's own employer comes chosen
    assert "甲电子有限公司" in page.inner_text("#application-form")
    page.select_option("#id_level_applied", RatingLevel.AAA)
    page.fill("#id_summary", "劳动合同签订率100%，工资按时足额支付。")
    page.click("#application-form button[type=submit]")
    page.wait_for_selector("#application-state:has-text('已申报')")
    scores = page.inner_text("#application-scores")
    assert "系统记录：工资专项集体合同在有效期内" in scores
    assert page.inner_text("#application-total") == "60"
    fits(page)
    application = RatingApplication.objects.get(round=round)
    logout(page)

    # 2. the town reviews
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/democracy/rating-applications/{application.pk}/")
    act(page, "town_review", {"input[name=note]": "情况属实。"})
    page.wait_for_selector("#application-state:has-text('镇街已审核')")
    fits(page)
    logout(page)

    # 3. the district scores, approves, closes the applications and starts the notice
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/democracy/rating-applications/{application.pk}/")
    page.click("#action-score .action-open")
    for field in page.locator("#action-score input[name^=points_]").all():
        field.fill(field.get_attribute("max") or "0")
    page.click("#action-score button[type=submit]")
    page.wait_for_selector("#application-total:has-text('100')")
    act(page, "approve")
    page.wait_for_selector("#application-state:has-text('评审通过')")
    assert "确定按评分评审通过" in asked[-1]
    assert "3A级" in page.inner_text("#application-level")
    page.goto(f"{live_server.url}/democracy/ratings/{round.pk}/")
    act(page, "review")
    page.wait_for_selector("#round-state:has-text('评审中')")
    set_today(NOTICE_START)
    act(page, "notice")
    page.wait_for_selector("#round-state:has-text('公示中')")
    assert "2026-09-29 至 2026-10-10" in page.inner_text("#round-notice")
    fits(page)
    logout(page)

    # 4. anyone, with no account, sees the employer and the closing working day
    visitor = browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    visitor.goto(f"{live_server.url}/m/democracy/ratings/notice/")
    assert "/accounts/login" not in visitor.url
    assert "甲电子有限公司" in visitor.inner_text(f"#notice-application-{application.pk}")
    assert visitor.inner_text(f"#notice-round-{round.pk} .notice-until") == "2026年10月10日"
    fits(visitor)
    visitor.context.close()

    # 5. past the notice the district publishes; the employer's page shows the rating
    set_today(NOTICE_END + datetime.timedelta(days=1))
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/democracy/ratings/{round.pk}/")
    act(page, "close", {"input[name=document_no]": "番工〔2026〕12号"})
    page.wait_for_selector("#round-state:has-text('已公布')")
    assert "不能撤回" in asked[-1]
    round.refresh_from_db()
    assert (round.state, round.decided_on) == (RatingRoundState.CLOSED, datetime.date(2026, 10, 11))
    application.refresh_from_db()
    assert (application.state, application.level) == (ApplicationState.RATED, RatingLevel.AAA)
    page.goto(f"{live_server.url}/employers/{e.pk}/")
    panel = page.inner_text("#panel-democracy_ratings")
    assert "2026年 和谐劳动关系3A级企业" in panel and "2029-10-10" in panel
    fits(page)
    for url in (
        "/democracy/rated-employers/",
        "/democracy/rating-applications/",
        "/democracy/rating-awards/",
    ):
        page.goto(f"{live_server.url}{url}")
        fits(page)
    context.close()
