import openpyxl
import pytest

from gonghui.core.jobs import job_start
from gonghui.core.models import Job
from gonghui.core.tabular import safe_cell, write_xlsx
from tests.stored import stored_workbook


def test_safe_cell_makes_formulas_inert():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+86") == "'+86"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("正常") == "正常"
    assert safe_cell(5) == 5


def test_written_xlsx_has_no_formulas(tmp_path):
    path = tmp_path / "x.xlsx"
    write_xlsx(path, ["名称"], [['=HYPERLINK("http://evil")'], ["ok"]])
    ws = openpyxl.load_workbook(path).active
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value.startswith("'=")


def test_employer_export_job_runs_with_progress_and_scope(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/orgs.employers/", {"q": ""})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED
    assert job.percent == 100
    ws = stored_workbook(job.result_file).active
    names = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert names == ["甲电子有限公司"]  # town B's employer is not exported
    # the progress partial is what the page polls
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert "100%" in partial.content.decode()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 200
    # another user cannot see the job
    assert client_for(world.town_b_user).get(f"/jobs/{job.pk}/").status_code == 404


def test_failed_job_records_message(world):
    from gonghui.core import jobs

    @jobs.job_handler("test.boom")
    def boom(job, progress):
        raise ValueError("坏数据")

    job = job_start(
        kind="test.boom", title="t", actor=world.admin, org_path=world.district.path, params={}
    )
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "坏数据" in job.message


def test_job_api_shows_own_job_only(world, client_for):
    job = job_start(
        kind="core.list_export",
        title="导出",
        actor=world.town_a_user,
        org_path=world.town_a.path,
        params={"filters": {}},
    )
    data = client_for(world.town_a_user).get(f"/api/v1/jobs/{job.pk}").json()
    assert (data["status"], data["percent"]) == ("queued", 0)
    assert client_for(world.town_b_user).get(f"/api/v1/jobs/{job.pk}").status_code == 404


def test_a_finished_export_page_shows_its_end_and_the_way_back(
    world, client_for, django_capture_on_commit_callbacks
):
    # issue #10: the page kept "正在导出…" after 已完成 and had no way back
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/orgs.employers/", {"q": "甲电子", "has_union": "yes"})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    for html in (
        client.get(f"/jobs/{job.pk}/").content.decode(),
        client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode(),
    ):
        assert "正在导出" not in html
        assert "已完成" in html and "共 1 行" in html
        back = html[html.index('id="job-back"') :]
        assert 'href="/employers/?q=%E7%94%B2%E7%94%B5%E5%AD%90&amp;has_union=yes"' in back


def test_a_running_job_page_also_has_the_way_back(world, client_for):
    job = job_start(
        kind="core.list_export",
        title="导出",
        actor=world.town_a_user,
        org_path=world.town_a.path,
        params={"filters": {}, "return_url": "/employers/"},
    )
    html = client_for(world.town_a_user).get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-back" href="/employers/"' in html and 'hx-trigger="every 1s"' in html


def test_a_job_goes_back_only_to_a_page_of_this_site(world, client_for):
    job = job_start(
        kind="core.list_export",
        title="导出",
        actor=world.town_a_user,
        org_path=world.town_a.path,
        params={"filters": {}, "return_url": "https://evil.example/phish"},
    )
    html = client_for(world.town_a_user).get(f"/jobs/{job.pk}/").content.decode()
    assert "evil.example" not in html
    assert 'id="job-back" href="/"' in html


def test_a_failed_job_page_shows_why_once(world, client_for):
    from gonghui.core import jobs

    @jobs.job_handler("test.fails")
    def fails(job, progress):
        progress.update(0, 10, "正在处理…", force=True)
        raise ValueError("坏数据")

    job = job_start(
        kind="test.fails", title="t", actor=world.town_a_user, org_path=world.town_a.path, params={}
    )
    jobs.run_job(job.pk)
    html = client_for(world.town_a_user).get(f"/jobs/{job.pk}/").content.decode()
    assert html.count("坏数据") == 1 and "正在处理" not in html


@pytest.mark.parametrize(
    ("persona", "url", "back"),
    [
        ("town_a_user", "/exports/members.members/", "/members/"),
        ("admin", "/rights/cases/due/check/", "/rights/cases/due/"),
    ],
)
def test_every_job_page_links_back_to_the_page_that_started_it(world, client, persona, url, back):
    client.force_login(getattr(world, persona))
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert f'href="{back}"' in page
