import datetime
import re

import pytest

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_town_user_browses_tree_filters_employers_and_exports(page, live_server):
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    _login(page, live_server, "shiqiao")
    # the dashboard shows the town's own figures in Chinese
    page.wait_for_selector("h1:has-text('市桥街道总工会')")
    # the tree shows the town's own unions only
    page.click("nav >> text=组织架构")
    page.wait_for_selector("ul.tree li .kind:has-text('基层工会')")
    assert "南村镇" not in page.content()
    # employers: filter to those without a union
    page.click("nav >> text=用人单位")
    page.select_option("select[name=has_union]", "no")
    page.click("#employer-filters button")
    page.wait_for_url(re.compile(r"has_union=no"))
    assert "未建会" in page.inner_text("table.list")
    # export runs as a job whose page shows the progress bar reaching 100%
    page.click("text=导出Excel")
    page.wait_for_selector("[data-status=succeeded]")
    assert page.inner_text(".pct") == "100%"
    with page.expect_download() as download:
        page.click("text=下载结果")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_validation_errors_are_shown_in_chinese(page, live_server):
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    _login(page, live_server, "admin")
    # the tree: expanding a town loads its children without a page reload
    page.click("nav >> text=组织架构")
    page.click("button.expand >> nth=0")
    page.wait_for_selector(".sub li a")
    page.goto(f"{live_server.url}/employers/new/")
    page.fill("#id_name", "测试单位")
    page.fill("#id_uscc", "91350100M000100Y44")
    page.fill("#id_headcount", "30")
    page.click("button[type=submit]")
    page.wait_for_selector(".error")
    assert "校验位不正确" in page.inner_text(".has-error")
