"""Issue #10, Lists (part b): a town officer filters the member list (sex and a flag), is
told in Chinese what was given wrongly, exports what the page shows, and the job page
reaches 已完成 and downloads the file; at desktop and phone size."""

import datetime
import re

import openpyxl
import pytest

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_filter_the_members_export_them_and_download(browser, live_server, tmp_path, size):
    # given the demo district's members and a town officer, at this screen size
    build_demo(
        seed=5,
        scale="tiny",
        as_of=datetime.date(2026, 11, 25),
        members=True,
        only=["accounts", "members"],
    )
    width, height = SIZES[size]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shiqiao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    # a wrong year is said in Chinese, and the list still shows
    page.goto(f"{live_server.url}/members/?joined_year=abc")
    assert "入会年份须为四位数字年份" in page.inner_text(".filter-errors")
    assert page.locator("table.list tbody tr td:nth-child(1) a").count() > 0
    # when the officer filters to the women who are not dispatched workers
    page.goto(f"{live_server.url}/members/")
    page.select_option("select[name=sex]", "F")
    page.select_option("select[name=is_dispatched]", "no")
    page.click("#member-filters button.btn-primary")
    page.wait_for_url(re.compile(r"sex=F"))
    assert page.locator(".filter-errors").count() == 0
    shown = page.locator("table.list tbody tr td:nth-child(3)").all_inner_texts()
    assert shown and set(shown) == {"女"}
    # then the export holds those rows, and the job page ends at 已完成 with the file
    page.click("text=导出Excel")
    page.wait_for_selector("[data-status=succeeded]")
    assert "已完成" in page.inner_text("#job")
    with page.expect_download() as download:
        page.click("text=下载结果")
    path = tmp_path / "members.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.values)
    header = rows[0]
    assert len(rows) > 1
    assert {r[header.index("性别")] for r in rows[1:]} == {"女"}
    assert {r[header.index("劳务派遣工")] for r in rows[1:]} == {"否"}
    assert all("*" in r[header.index("身份证号")] for r in rows[1:])  # masked
    # and the way back is the filtered list
    page.click("#job-back")
    page.wait_for_url(re.compile(r"/members/\?.*sex=F"))
    context.close()
