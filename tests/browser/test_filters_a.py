"""Issue #10, Lists (part a): a town officer filters the employer list by headcount and
flag, is told in Chinese what was given wrongly, exports what the page shows, and the job
page reaches 已完成 and downloads the file; at desktop and phone size."""

import datetime
import re

import openpyxl
import pytest

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_filter_the_employers_export_them_and_download(browser, live_server, tmp_path, size):
    # given the demo district and a town officer, at this screen size
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    width, height = SIZES[size]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shiqiao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    # a wrong headcount is said in Chinese, and the list still shows
    page.goto(f"{live_server.url}/employers/?headcount_min=-1")
    assert "职工人数不能为负数" in page.inner_text(".filter-errors")
    # when the officer filters to employers of at least 100 workers
    page.goto(f"{live_server.url}/employers/")
    page.fill("input[name=headcount_min]", "100")
    page.select_option("select[name=has_union]", "yes")
    page.click("#employer-filters button.btn-primary")
    page.wait_for_url(re.compile(r"headcount_min=100"))
    assert page.locator(".filter-errors").count() == 0
    shown = page.locator("table.list tbody tr td:nth-child(6)").all_inner_texts()
    assert shown and all(int(n) >= 100 for n in shown)
    # then the export holds those rows, and the job page ends at 已完成 with the file
    page.click("text=导出Excel")
    page.wait_for_selector("[data-status=succeeded]")
    assert "已完成" in page.inner_text("#job")
    with page.expect_download() as download:
        page.click("text=下载结果")
    path = tmp_path / "employers.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.values)
    at = rows[0].index("职工人数")
    assert len(rows) > 1 and all(r[at] >= 100 for r in rows[1:])
    assert all(r[rows[0].index("所属基层工会")] for r in rows[1:])
    # and the way back is the filtered list
    page.click("#job-back")
    page.wait_for_url(re.compile(r"/employers/\?.*headcount_min=100"))
    context.close()
