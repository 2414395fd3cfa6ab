"""A town officer uploads a messy roster, watches the progress bar and downloads the report."""

import datetime

import pytest

from gonghui.core import tasks
from gonghui.core.importing.models import ImportRun
from gonghui.core.jobs import run_job
from gonghui.core.tests.importing.helpers import person, xlsx_bytes
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _HeldQueue:
    """Keeps enqueued jobs until the test runs them, so the page shows the job in progress."""

    def __init__(self):
        self.job_ids: list[int] = []

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
    page.select_option("#id_union", index=1)
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
