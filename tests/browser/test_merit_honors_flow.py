"""Issue #18's "done means" for honors, through the pages: union A's chair nominates a
member; the town reviews; the district approves and, the review closed, starts the public
notice on 2026-09-30 (five working days across National Day: it closes on 2026-10-12); an
anonymous visitor sees the nominee and that closing day on the public page, with no login;
the clock moves past the notice; the district awards with its document number and the honor
shows on the member's page. At desktop and phone size, no page scrolling sideways."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.merit.choices import NominationState, RoundState
from gonghui.merit.models import Honor, Nomination
from gonghui.merit.tests.honors_helpers import (
    NOTICE_END,
    NOTICE_START,
    district_type,
    member_a,
    open_round,
    set_today,
)

from .flow import act, fits, login, logout
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moved_clock():
    set_today(NOTICE_START)
    yield
    clock.forget()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_nomination_goes_through_review_public_notice_and_award(
    browser, live_server, world, moved_clock, size
):
    round = open_round(
        world, honor_type=district_type(name="番禺区劳动模范", confers_model_worker=True)
    )
    member = member_a(world)
    viewport = {"width": size[0], "height": size[1]}
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # 1. the chair nominates its member from the round's page
    login(page, live_server, world.chair_a.username)
    page.goto(f"{live_server.url}/merit/rounds/")
    fits(page)
    page.click(f"#round-list a:has-text('{round.name}')")
    page.click("#nominate")
    fits(page)
    page.fill("#id_deeds", "主持研发数字音频处理器，获国家专利3项，带徒20余人。")
    page.click("#nomination-form button[type=submit]")  # no one named: said in Chinese
    page.wait_for_selector("text=请填写被推荐人姓名或选择会员。")
    pick(page, "id_member", "王锐", "王锐祥")
    page.check("#id_categories_0")  # 非公有制企业
    page.fill("#id_position", "高级技师")
    page.click("#nomination-form button[type=submit]")
    page.wait_for_selector("#nomination-state:has-text('已推荐')")
    nomination = Nomination.objects.get(round=round)
    assert nomination.member_id == member.pk
    fits(page)
    logout(page)

    # 2. the town reviews
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/merit/nominations/{nomination.pk}/")
    act(page, "town_review", {"textarea, input[name=note]": "情况属实。"})
    page.wait_for_selector("#nomination-state:has-text('镇街已审核')")
    fits(page)
    logout(page)

    # 3. the district approves, closes the nominations and starts the notice
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/merit/nominations/{nomination.pk}/")
    act(page, "approve")
    page.wait_for_selector("#nomination-state:has-text('区总工会评审通过')")
    assert "确定评审通过" in asked[-1]
    page.goto(f"{live_server.url}/merit/rounds/{round.pk}/")
    assert "非公有制企业不少于35%" in page.inner_text("#round-shares")
    page.click("#action-review button[type=submit]")
    page.wait_for_selector("#round-state:has-text('评审中')")
    act(page, "notice")
    page.wait_for_selector("#round-state:has-text('公示中')")
    assert "2026-09-30 至 2026-10-12" in page.inner_text("#round-notice")
    fits(page)
    logout(page)

    # 4. anyone, with no account, sees the nominee and the closing working day
    visitor = browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    visitor.goto(f"{live_server.url}/m/merit/notice/")
    assert "/accounts/login" not in visitor.url
    nominee = visitor.inner_text(f"#nominee-{nomination.pk}")
    assert "王锐祥" in nominee and "甲电子有限公司" in nominee and "高级技师" in nominee
    assert member.ric_last4 not in visitor.content().replace("2026", "")
    assert visitor.inner_text(f"#notice-round-{round.pk} .notice-until") == "2026年10月12日"
    fits(visitor)
    visitor.context.close()

    # 5. past the notice, the district awards; the honor is on the member's page
    set_today(NOTICE_END + datetime.timedelta(days=1))
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/merit/rounds/{round.pk}/")
    act(page, "award", {"input[name=document_no]": "番工〔2026〕12号"})
    page.wait_for_selector("#round-state:has-text('已表彰')")
    assert "不能撤回" in asked[-1]
    round.refresh_from_db()
    assert (round.state, round.awarded_on) == (RoundState.CLOSED, datetime.date(2026, 10, 13))
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.AWARDED
    assert Honor.objects.filter(member=member, year=2026).exists()
    page.goto(f"{live_server.url}/members/{member.pk}/")
    panel = page.inner_text("#panel-merit_honors")
    assert "2026年 番禺区劳动模范" in panel and "番工〔2026〕12号" in panel
    assert "劳模" in page.inner_text("dl")
    fits(page)
    for url in ("/merit/honors/?year=2026", "/merit/nominations/", "/merit/objections/"):
        page.goto(f"{live_server.url}{url}")
        fits(page)
    assert "王锐祥" in page.goto(f"{live_server.url}/merit/honors/?year=2026").text()
    context.close()
