"""The service pages at 390 px (a chair or a town's staff on a phone): nothing sticks out;
the list's table scrolls inside its card."""

import shutil
from decimal import Decimal

import pytest
from django.test import Client

from gonghui.assistance.models import ServiceBeneficiary
from gonghui.assistance.tests.factories import make_program, make_service
from gonghui.core.identity import identity_values
from gonghui.members.tests.factories import new_ric
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.test_layout import OVERFLOW_JS

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no Chromium")


def test_the_service_pages_fit_a_phone(world, live_server):
    from playwright.sync_api import sync_playwright

    cooling = make_program(world.district, code="summer_cooling", year=2013)
    record = make_service(
        world.town_a,
        kind="in_kind",
        title="夏送清凉·市桥某建筑工地防暑降温用品发放",
        program=cooling,
        site="市桥某建筑工地",
        recipient="site",
        item="防暑降温用品（藿香正气水、绿豆、毛巾）",
        quantity=300,
        value=Decimal("15000"),
        head_count=300,
    )
    ServiceBeneficiary.objects.create(
        record=record,
        name="张三",
        amount=Decimal("600"),
        note="住院治疗中，家属代领",
        org_path=record.org_path,
        **identity_values(ric=new_ric()),
    )
    client = Client()
    client.force_login(world.town_a_user)
    cookie = client.cookies["sessionid"].value
    paths = [
        "/assistance/services/",
        "/assistance/services/new/",
        f"/assistance/services/{record.pk}/",
        f"/assistance/services/{record.pk}/edit/",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            found = page.evaluate(OVERFLOW_JS)
            assert found["scroll"] <= found["width"] and not found["out"], (path, found)
        browser.close()
