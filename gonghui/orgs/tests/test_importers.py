"""The employer import's changes to existing employers (issue #10): listed on the result of
the run and of its dry run, audited one entry per employer, shown in the employer's history."""

from gonghui.core.models import AuditEntry
from gonghui.core.tests.importing.helpers import run_import, xlsx_bytes
from gonghui.orgs.models import Employer
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc
from tests.stored import stored_workbook

HEADER = [
    "单位名称",
    "统一社会信用代码",
    "所在镇街",
    "经济类型",
    "行业",
    "职工人数",
    "所属基层工会",
]


def _row(employer: Employer, **changes) -> list:
    row = {
        "name": employer.name,
        "uscc": employer.uscc,
        "town": "市桥街道",
        "ownership": "私营企业",
        "industry": "制造业",
        "headcount": str(employer.headcount),
        "union": employer.union.name if employer.union else "",
    } | changes
    return list(row.values())


def _import(capture, world, rows, *, dry_run=False):
    return run_import(
        capture,
        world.town_a_user,
        xlsx_bytes(rows, header=HEADER),
        kind="employers",
        name="单位.xlsx",
        dry_run=dry_run,
    )


def test_the_dry_run_lists_each_change_of_an_existing_employer(
    world, client_for, django_capture_on_commit_callbacks
):
    # given employer A, and a file that renames it and changes its headcount
    old_name = world.employer_a.name
    rows = [_row(world.employer_a, name="甲电子科技有限公司", headcount="300")]
    run = _import(django_capture_on_commit_callbacks, world, rows, dry_run=True)
    assert (run.updated, run.rejected) == (1, 0)
    world.employer_a.refresh_from_db()
    assert world.employer_a.name == old_name  # a dry run writes nothing
    assert not AuditEntry.objects.filter(action="orgs.employer.imported").exists()
    # then the run's change list names the employer, the row, and each field old → new
    page = client_for(world.town_a_user).get(f"/employers/imports/{run.pk}/changes/")
    html = page.content.decode()
    assert page.status_code == 200 and "试导入" in html
    assert "第2行" in html and world.employer_a.uscc in html
    assert "单位名称" in html and old_name in html and "甲电子科技有限公司" in html
    assert "职工人数" in html and "120" in html and "300" in html
    # a run of another town's user is not found
    assert (
        client_for(world.town_b_user).get(f"/employers/imports/{run.pk}/changes/").status_code
        == 404
    )


def test_the_run_renames_audits_each_employer_and_lists_its_changes(
    world, client_for, django_capture_on_commit_callbacks
):
    other = EmployerFactory(name="市桥丙厂", town=world.town_a, headcount=40)
    rows = [
        _row(world.employer_a, name="甲电子科技有限公司"),
        _row(other, town="市桥街道", headcount="40"),  # nothing changes
    ]
    run = _import(django_capture_on_commit_callbacks, world, rows)
    assert (run.updated, run.unchanged) == (1, 1)
    world.employer_a.refresh_from_db()
    assert world.employer_a.name == "甲电子科技有限公司"
    entry = AuditEntry.objects.get(action="orgs.employer.imported")
    assert entry.target_id == str(world.employer_a.pk) and entry.actor == world.town_a_user
    assert entry.data == {"run": run.pk, "name": ["甲电子有限公司", "甲电子科技有限公司"]}
    client = client_for(world.town_a_user)
    changes = client.get(f"/employers/imports/{run.pk}/changes/").content.decode()
    assert "甲电子有限公司" in changes and "甲电子科技有限公司" in changes
    assert "市桥丙厂" not in changes
    # and the employer's own page shows the import in its history, with the run
    detail = client.get(f"/employers/{world.employer_a.pk}/").content.decode()
    history = detail[detail.index('id="employer-history"') :]
    assert "导入修改用人单位" in history and f"/imports/{run.pk}/" in history
    assert "甲电子有限公司" in history and "甲电子科技有限公司" in history


def test_a_union_name_two_unions_share_is_refused_as_ambiguous(
    world, django_capture_on_commit_callbacks
):
    # names are unique among siblings only: two towns may each have a 甲公司工会委员会
    world.union_a.form = "joint"
    world.union_a.save(update_fields=["form"])
    namesake = make_org(world.town_b, name="甲公司工会委员会", form="joint")
    code = uscc()
    rows = [["市桥新厂", code, "市桥街道", "私营企业", "制造业", "30", "甲公司工会委员会"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes(rows, header=HEADER),
        kind="employers",
        name="单位.xlsx",
    )
    assert (run.created, run.rejected) == (0, 1)
    reason = run.errors[0]["reason"]
    assert "有2个名为「甲公司工会委员会」的基层工会" in reason and "信用代码" in reason
    # and the union's USCC picks one
    namesake.uscc = "81440113MC0000001A"
    namesake.save(update_fields=["uscc"])
    rows[0][-1] = namesake.uscc
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes(rows, header=HEADER),
        kind="employers",
        name="单位.xlsx",
    )
    assert run.created == 1, run.errors
    assert Employer.objects.get(uscc=code).union == namesake


def test_the_result_page_links_to_the_changes_when_employers_changed(
    world, client_for, django_capture_on_commit_callbacks
):
    # issue #10: the change list was reachable only by typing its address
    rows = [_row(world.employer_a, headcount="300")]
    run = _import(django_capture_on_commit_callbacks, world, rows, dry_run=True)
    client = client_for(world.town_a_user)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert (
        f'href="/employers/imports/{run.pk}/changes/"' in page
        and "查看已有单位的变更（1 家）" in page
    )
    # an import that changed no existing employer has no such link
    new = [["丙新公司", uscc(), "市桥街道", "私营企业", "制造业", "10", ""]]
    other = _import(django_capture_on_commit_callbacks, world, new, dry_run=True)
    assert other.updated == 0
    assert "/changes/" not in client.get(f"/imports/{other.pk}/").content.decode()


def test_the_change_list_is_exported_as_the_page_shows_it(
    world, client_for, django_capture_on_commit_callbacks
):
    # given a dry run that would rename employer A

    from gonghui.core.models import Job
    from gonghui.orgs.importers import EmployerImporter
    from gonghui.orgs.queries import EMPLOYER_IMPORT_KIND

    assert EmployerImporter.kind == EMPLOYER_IMPORT_KIND
    old_name = world.employer_a.name
    rows = [_row(world.employer_a, name="甲电子科技有限公司")]
    run = _import(django_capture_on_commit_callbacks, world, rows, dry_run=True)
    client = client_for(world.town_a_user)
    # the page (also at its argless address) has the export button, posting the run
    for url in (
        f"/employers/imports/{run.pk}/changes/",
        f"/employers/imports/changes/?run={run.pk}",
    ):
        page = client.get(url).content.decode()
        assert 'data-export="orgs.employer_import_changes"' in page
        assert f'name="run" value="{run.pk}"' in page and "甲电子科技有限公司" in page
    # without a run: the changes of every employer import the user may see, with the run
    every = client.get("/employers/imports/changes/").content.decode()
    assert "甲电子科技有限公司" in every and f"/employers/imports/{run.pk}/changes/" in every
    assert 'data-export="orgs.employer_import_changes"' in every
    other_town = client_for(world.town_b_user).get("/employers/imports/changes/")
    assert other_town.status_code == 200 and "甲电子科技有限公司" not in other_town.content.decode()
    client = client_for(world.town_a_user)  # the same test client, logged in again
    # when the list is exported
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/orgs.employer_import_changes/", {"run": run.pk})
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED, job.message
    # then the file holds the row, the employer and its change, and the way back is the list
    sheet = list(stored_workbook(job.result_file).active.values)
    assert sheet[0] == ("导入编号", "行号", "单位名称", "统一社会信用代码", "变更（原值 → 新值）")
    assert sheet[1][:4] == (run.pk, 2, old_name, world.employer_a.uscc)
    assert f"{old_name} → 甲电子科技有限公司" in sheet[1][4]
    assert job.params["return_url"] == f"/employers/imports/changes/?run={run.pk}"
    # and another town's user exports nothing of it
    other = client_for(world.town_b_user)
    with django_capture_on_commit_callbacks(execute=True):
        other.post("/exports/orgs.employer_import_changes/", {"run": run.pk})
    job = Job.objects.latest("pk")
    assert list(stored_workbook(job.result_file).active.values)[1:] == []
