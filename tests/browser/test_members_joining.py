import datetime
import random

import pytest

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.demo.numbers import ric as demo_ric
from gonghui.orgs.models import Employer, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _employer_in_shiqiao() -> Employer:
    town = Organization.objects.get(name="市桥街道总工会")
    return Employer.objects.filter(union__path__startswith=town.path).order_by("pk").first()


def test_worker_joins_on_phone_town_approves_worker_sees_result(browser, page, live_server):
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    employer = _employer_in_shiqiao()
    ric = demo_ric(random.Random(3), datetime.date(1995, 3, 8), 41, male=False)
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    worker = phone.new_page()
    # the worker fills the joining form on a phone and agrees to the privacy notice
    worker.goto(f"{live_server.url}/m/join/")
    worker.fill("#id_name", "林晓")
    worker.fill("#id_ric", ric)
    worker.fill("#id_phone", "13711112222")
    worker.fill("#id_employer", employer.name)
    worker.check("#id_consent")
    worker.click("button[type=submit]")
    number = worker.inner_text("#application-number").strip()
    assert number.startswith("RH")
    # the town user approves it from the queue
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shiqiao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/members/joining/")
    page.click(f"text={number}")
    page.click("#approve")
    page.wait_for_selector("#joining-state:has-text('已通过')")
    # the worker checks with number + RIC and sees it approved
    worker.goto(f"{live_server.url}/m/join/status/")
    worker.fill("#id_number", number)
    worker.fill("#id_ric", ric)
    worker.click("button[type=submit]")
    assert "已通过" in worker.inner_text("#joining-status")
    phone.close()
