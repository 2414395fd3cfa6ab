"""A town officer uploads a messy roster, watches the progress bar and downloads the report."""

import datetime

import pytest

from gonghui.accounts.models import User
from gonghui.core import tasks
from gonghui.core.importing.models import ImportRun
from gonghui.core.jobs import run_job
from gonghui.core.tests.importing.helpers import person, xlsx_bytes
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .pickers import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _HeldQueue:
    """Keeps enqueued jobs until the test runs them, so the page shows the job in progress."""

    def __init__(self):
        self.job_ids: list[int] = []

    def using(self, **_options) -> "_HeldQueue":  # the job's queue (core.jobs.job_start)
        return self

    def enqueue(self, job_id: int) -> None:
        self.job_ids.append(job_id)


def test_upload_messy_roster_watch_progress_and_download_report(
    page, live_server, tmp_path, monkeypatch
):
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    queue = _HeldQueue()
    monkeypatch.setattr(tasks, "run_job_task", queue)
    bad = person(2)
    bad[1] = "4.40113E+17"
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(xlsx_bytes([person(1), bad, person(3)], title="某公司工会会员花名册"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shiqiao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=数据导入")
    page.click("text=上传文件导入")
    page.select_option("#id_kind", "members")
    officer = User.objects.get(username="shiqiao")
    union = Organization.objects.visible_to(officer).filter(kind=OrgKind.GRASSROOTS).first()
    pick(page, "id_union", union.name[:4], union.name)
    page.set_input_files("#id_file", str(roster))
    page.click("#import-form button[type=submit]")
    # the result page first shows the queued run with a progress bar, polling
    page.wait_for_selector("#import-run[data-status=queued] progress")
    run_job(queue.job_ids[0])  # the worker picks the job up
    page.wait_for_selector("#import-run[data-status=succeeded]")
    assert page.inner_text("[data-count=created]") == "2"
    assert page.inner_text("[data-count=rejected]") == "1"
    assert "科学计数法" in page.inner_text("table.rejected")
    with page.expect_download() as download:
        page.click("#report-download")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert ImportRun.objects.get().created == 2


def test_download_the_template_fill_it_and_upload_it_by_union(
    page, live_server, tmp_path, monkeypatch
):
    """At desktop size: the town officer downloads the roster template from the upload page,
    fills in two people of two of the town's unions (the 工会 column), uploads it without
    choosing a union, and each person becomes a member of the union the row names."""
    import openpyxl

    from gonghui.members.models import Member

    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["accounts"])
    queue = _HeldQueue()
    monkeypatch.setattr(tasks, "run_job_task", queue)
    officer = User.objects.get(username="shiqiao")
    unions = list(
        Organization.objects.visible_to(officer)
        .filter(kind=OrgKind.GRASSROOTS, is_active=True)
        .order_by("pk")[:2]
    )
    assert len(unions) == 2

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shiqiao")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=数据导入")
    page.click("text=上传文件导入")
    with page.expect_download() as download:
        page.click("#template-members")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert download.value.suggested_filename == "会员花名册导入模板.xlsx"

    book = openpyxl.load_workbook(template)
    sheet = book.active
    labels = [cell.value.removesuffix("（必填）") for cell in sheet[1]]
    sheet.delete_rows(2)  # the example
    for seed, union in zip((11, 12), unions, strict=True):
        name, ric, sex, birth, phone, joined = person(seed)
        values = {"姓名": name, "身份证号": ric, "性别": sex, "出生日期": birth}
        values |= {"手机号": phone, "入会日期": joined, "工会": union.name}
        sheet.append([values.get(label) for label in labels])
    filled = tmp_path / "花名册（按工会）.xlsx"
    book.save(filled)

    page.select_option("#id_kind", "members")
    # no union picked: each row's 工会 column decides
    page.set_input_files("#id_file", str(filled))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-run[data-status=queued]")
    run_job(queue.job_ids[0])
    page.wait_for_selector("#import-run[data-status=succeeded]")
    assert page.inner_text("[data-count=created]") == "2"
    assert page.inner_text("[data-count=rejected]") == "0"
    assert "未使用的列" not in page.inner_text("#import-run")
    placed = set(
        Member.objects.filter(source_run=ImportRun.objects.get()).values_list("union", flat=True)
    )
    assert placed == {u.pk for u in unions}
