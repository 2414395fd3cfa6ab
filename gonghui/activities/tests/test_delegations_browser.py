"""In a browser, at desktop and at 390 px: the district puts a member on the games'
delegation from its page (the member picked, an event ticked) and records the prize; a
reading campaign's entry is sent from the phone page and accepted on the staff page;
nothing on any of these pages scrolls sideways (tests/browser's check)."""

import shutil

import pytest

from gonghui.activities.models import DelegationAthlete, Submission
from gonghui.activities.tests.delegations_helpers import games
from gonghui.activities.tests.submissions_helpers import REVIEW, campaign, person
from gonghui.members.tests.factories import make_member
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.flow import act, fits, login
from tests.browser.pickers import pick
from tests.browser.test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


def _page(browser, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded machine: pickers answer late
    return context, page


@SIZES
def test_an_athlete_and_a_prize_from_the_delegations_page(world, live_server, browser, size):
    delegation = games(world)
    make_member(world.union_a, "张小跑")
    context, page = _page(browser, size)
    try:
        login(page, live_server, world.district_staff.username)
        page.goto(f"{live_server.url}/activities/delegations/new/")
        fits(page)
        page.goto(f"{live_server.url}/activities/delegations/")
        fits(page)
        page.click(f"text={delegation.name}")
        page.wait_for_selector("#delegation-figures")
        fits(page)
        page.click("#athletes-add .action-open")
        pick(page, "ath_member_1", "张小跑", "张小跑")
        page.check("#athletes-add-dialog label:has-text('游泳') input")
        page.click("#athletes-add button[type=submit]")
        page.wait_for_selector("#delegation-athletes td:has-text('张小跑')")
        athlete = DelegationAthlete.objects.get()
        assert list(athlete.events.values_list("name", flat=True)) == ["游泳"]
        assert "1 名" in page.inner_text("#figure-athletes")
        fits(page)
        page.click("#prize-add .action-open")
        page.select_option("#prize_event", label="游泳")
        page.select_option("#prize_athlete", label="张小跑")
        page.fill("#prize_prize", "男子50米自由泳第一名")
        page.click("#prize-add button[type=submit]")
        page.wait_for_selector("#delegation-prizes td:has-text('男子50米自由泳第一名')")
        assert "1 项（个人 1 项" in page.inner_text("#figure-prizes")
        fits(page)
    finally:
        context.close()


@SIZES
def test_a_review_sent_on_the_phone_is_accepted_by_the_district(world, live_server, browser, size):
    activity = campaign(world)
    member, ric, phone = person(world.union_a, "王小书")
    context, page = _page(browser, size)
    try:
        page.goto(f"{live_server.url}/m/activities/submissions/")
        page.select_option("#id_activity", str(activity.pk))
        page.fill("#id_name", member.name)
        page.fill("#id_ric", ric)
        page.fill("#id_phone", phone)
        page.fill("#id_title", "平凡中的坚守")
        page.fill("#id_text", REVIEW)
        page.click("#portal-submission button[type=submit]")
        page.wait_for_selector("#submission-received")
        saved = Submission.objects.get()
        page.click("a:has-text('查看我的投稿')")
        page.fill("#id_name", member.name)
        page.fill("#id_ric", ric)
        page.fill("#id_phone", phone)
        page.click("form button[type=submit]")
        page.wait_for_selector("#my-entries:has-text('已收到')")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        login(page, live_server, world.district_staff.username)
        page.goto(f"{live_server.url}/activities/submissions/")
        fits(page)
        page.click("text=平凡中的坚守")
        page.wait_for_selector("#submission-props")
        fits(page)
        page.on("dialog", lambda dialog: dialog.accept())
        act(page, "accept")
        page.wait_for_selector("#submission-state:has-text('已采用')")
        saved.refresh_from_db()
        assert saved.state == "accepted"
        act(page, "award", {"input[name=prize]": "一等奖"})
        page.wait_for_selector("#submission-prize:has-text('一等奖')")
        fits(page)
        page.goto(f"{live_server.url}/activities/submissions/counts/")
        fits(page)
        page.goto(f"{live_server.url}/activities/submissions/new/")
        fits(page)
    finally:
        context.close()
