import datetime
import re

import pytest

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.orgs.models import Employer
from gonghui.rights.models import Case, Lawyer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav")


def _logout(page):
    page.click("header form button")


def _act(page, name, fill=None):
    # a transition with input opens its form in a dialog; one without is a plain button
    opener = page.locator(f"#action-{name} .action-open")
    if opener.count():
        opener.click()
    for selector, value in (fill or {}).items():
        if selector.startswith("select"):
            page.select_option(f"#action-{name} {selector}", label=value)
        else:
            page.fill(f"#action-{name} {selector}", value)
    page.click(f"#action-{name} button[type=submit]")


def test_worker_complains_lawyer_concludes_worker_sees_result(page, live_server):
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["rights"])
    lawyer = Lawyer.objects.select_related("user", "station__town").get(user__username="lawyer01")
    town = lawyer.station.town
    employer = Employer.objects.filter(town=town).first()
    # the worker, on a phone-sized page, submits a complaint with no account
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/m/complaint/")
    page.check("input[name=kind][value=complaint]")
    page.select_option("select[name=subject]", "wages")
    page.fill("textarea[name=summary]", "公司拖欠我两个月工资共8000元")
    page.fill("input[name=employer_name]", employer.name)
    page.fill("input[name=amount_claimed]", "8000")
    page.fill("input[name=contact_name]", "黄小明")
    page.fill("input[name=phone]", "13912340000")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "工资条.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n0000"}],
    )
    page.check("#id_consent")
    page.click("#complaint-form button[type=submit]")
    code = page.inner_text("#tracking-code").strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    case = Case.objects.get(tracking_code=code)
    # the town's staff find it in their queue, accept it and assign it to the station lawyer
    page.set_viewport_size({"width": 1280, "height": 900})
    town_user = town.users.filter(role="town_staff").first()
    _login(page, live_server, town_user.username)
    page.goto(f"{live_server.url}/rights/cases/?channel=online&q={case.number}")
    page.click(f"text={case.number}")
    _act(page, "accept")
    page.wait_for_selector("#case-state:has-text('已受理')")
    _act(page, "assign", {"select[name=lawyer]": lawyer.name})
    page.wait_for_selector("#case-state:has-text('已交办')")
    _logout(page)
    # the lawyer sees the notification, handles the case and concludes it
    _login(page, live_server, "lawyer01")
    page.goto(f"{live_server.url}/rights/notifications/")
    page.click(f"#notifications a:has-text('{case.number}')")
    _act(page, "start")
    page.wait_for_selector("#case-state:has-text('办理中')")
    page.click("#add-note .action-open")
    page.select_option("#add-note select[name=kind]", "note")
    page.fill("#add-note textarea[name=text]", "内部记录：老板态度强硬")
    page.click("#add-note button[type=submit]")
    page.wait_for_selector("#notes:has-text('老板态度强硬')")
    _act(
        page,
        "conclude",
        {
            "select[name=outcome]": "调解成功",
            "textarea[name=conclusion]": "经调解，企业同意于月底前支付全部欠薪",
            "input[name=amount_recovered]": "8000",
        },
    )
    page.wait_for_selector("#case-state:has-text('已办结')")
    _logout(page)
    # the worker sees the result with the code, but not the staff note
    page.goto(f"{live_server.url}/m/complaint/track/")
    page.fill("input[name=code]", code)
    page.fill("input[name=phone]", "13912340000")
    page.click("#track-form button[type=submit]")
    page.wait_for_selector("#public-state:has-text('已办结')")
    result = page.inner_text("#public-result")
    assert "调解成功" in result and "8,000.00" in result
    assert "老板态度强硬" not in page.content()
    # and closes it with their feedback
    page.check("input[name=satisfied][value='1']")
    page.click("#feedback-form button[type=submit]")
    page.wait_for_selector("#public-state:has-text('已结案')")
