"""The import list's filters (issue #10, Lists): kind, state, and `errors=1` kept."""

import pytest

from gonghui.core.importing.models import ImportRun
from gonghui.core.models import Job

pytestmark = pytest.mark.django_db


def _run(world, user, kind: str, name: str, status: str) -> ImportRun:
    job = Job.objects.create(
        kind="core.import",
        title=name,
        created_by=user,
        org_path=user.organization.path,
        status=status,
    )
    return ImportRun.objects.create(
        kind=kind,
        original_name=name,
        created_by=user,
        org_path=user.organization.path,
        job=job,
    )


def _list(client, **params) -> str:
    response = client.get("/imports/", params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<table class="table') :]


def test_the_import_list_filters_by_kind_and_state(world, client_for):
    _run(world, world.town_a_user, "members", "会员一.xlsx", Job.Status.SUCCEEDED)
    _run(world, world.town_a_user, "employers", "单位一.xlsx", Job.Status.FAILED)
    _run(world, world.town_b_user, "employers", "乙镇单位.xlsx", Job.Status.FAILED)
    client = client_for(world.town_a_user)
    employers = _list(client, kind="employers")
    assert "单位一.xlsx" in employers and "会员一.xlsx" not in employers
    done = _list(client, state="succeeded")
    assert "会员一.xlsx" in done and "单位一.xlsx" not in done
    failed = _list(client, state="failed")
    assert "单位一.xlsx" in failed and "乙镇单位.xlsx" not in failed  # another town's


def test_bad_import_filters_are_said_in_chinese(world, client_for):
    _run(world, world.town_a_user, "members", "会员一.xlsx", Job.Status.SUCCEEDED)
    response = client_for(world.town_a_user).get("/imports/", {"kind": "nothing"})
    html = response.content.decode()
    assert response.status_code == 200 and "导入内容：" in html and "会员一.xlsx" in html


def test_errors_one_is_kept(world, client_for):
    run = _run(world, world.town_a_user, "members", "有错.xlsx", Job.Status.SUCCEEDED)
    _run(world, world.town_a_user, "members", "无错.xlsx", Job.Status.SUCCEEDED)
    ImportRun.objects.filter(pk=run.pk).update(rejected=2, finished_at=run.created_at)
    page = _list(client_for(world.town_a_user), errors="1")
    assert "有错.xlsx" in page and "无错.xlsx" not in page
