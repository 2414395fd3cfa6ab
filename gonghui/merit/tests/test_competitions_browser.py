"""The competition pages in a browser at desktop and 390 px: the chair enters its team with
the employer picker into the district's running competition; the organizer's page (entries,
contestants ranked, sent on, the dialogs) and the results page; nothing scrolls sideways."""

import shutil

import pytest

from gonghui.accounts.tests.factories import PASSWORD
from gonghui.merit.models import CompetitionEntry
from gonghui.merit.services import competitions as services
from gonghui.merit.tests.competitions_helpers import skills
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


def _login(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar", state="attached")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_chair_enters_a_team_and_the_organizer_reads_the_results(
    world, live_server, chromium, size
):
    s = skills(world)
    c = s.competition
    services.contestant_add(
        actor=world.admin,
        competition=c,
        event="焊工",
        member=s.member_a,
        score="98",
        rank=1,
        prize="一等奖",
        sent_on=True,
        next_result="广东省职业技能大赛冠军",
        next_rank=1,
    )
    base = f"{live_server.url}/merit/competitions/{c.pk}/"
    for user in (world.chair_a, world.admin):
        context = chromium.new_context(
            locale="zh-CN", viewport={"width": size[0], "height": size[1]}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            _login(page, live_server, user)
            if user == world.chair_a:
                page.goto(base + "entries/new/")
                _fits(page)
                pick(page, "id_employer", "甲电子", "甲电子有限公司")
                page.fill("#id_team", "焊接一班")
                page.fill("#id_workers", "12")
                page.click("#entry-form button[type=submit]")
                page.wait_for_selector("#entry-list")
                assert CompetitionEntry.objects.get(competition=c).workers == 12
            page.goto(base)
            _fits(page)
            assert "焊接一班" in page.inner_text("#entry-list")
            assert "冠军" in page.inner_text("#sent-on")
            page.goto(f"{live_server.url}/merit/competitions/")
            _fits(page)
            page.goto(base + "results/")
            _fits(page)
            welding = c.events.get(name="焊工").pk
            assert "王焊工" in page.inner_text(f"#results-{welding}")
        finally:
            context.close()
