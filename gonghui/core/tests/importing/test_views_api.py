"""Pages and API of the import pipeline: upload checks, result, report download, list, scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.importing.models import ImportRun
from gonghui.members.models import Member

from .helpers import HEADER, csv_bytes, person, xlsx_bytes


def _post(client, content, name="花名册.xlsx", **extra):
    data = {"kind": "members", "file": SimpleUploadedFile(name, content), **extra}
    return client.post("/imports/new/", data)


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"", "a.xlsx", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "a.xlsx", "无法识别的文件"),
    ],
)
def test_upload_form_rejects_empty_and_wrong_files(world, client_for, content, name, message):
    client = client_for(world.chair_a)
    response = _post(client, content, name, union=world.union_a.pk)
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_upload_form_rejects_too_large_files(world, client_for, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    response = _post(
        client_for(world.chair_a), csv_bytes([person(1)]), "a.csv", union=world.union_a.pk
    )
    assert "文件太大" in response.content.decode()


def test_upload_then_result_page_and_report(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.chair_a)
    content = xlsx_bytes([person(1), ["坏人", "123", "", "", "", ""]], title="甲公司工会会员花名册")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, content, union=world.union_a.pk)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert 'data-count="created">1<' in page and 'data-count="rejected">1<' in page
    assert "身份证号应为18位" in page
    report = client.get(f"/imports/{run.pk}/report/")
    assert report.status_code == 200 and report["Content-Disposition"].startswith("attachment")
    listing = client.get("/imports/").content.decode()
    assert "花名册.xlsx" in listing


def test_chair_cannot_pick_another_union(world, client_for):
    # the union field only offers unions in scope, so a foreign id is a form error
    response = _post(client_for(world.chair_a), xlsx_bytes([person(1)]), union=world.union_b.pk)
    assert response.status_code == 200 and not ImportRun.objects.exists()


def test_town_b_user_cannot_see_town_a_runs(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.chair_a)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, xlsx_bytes([person(1)]), union=world.union_a.pk)
    run = ImportRun.objects.get()
    other = client_for(world.town_b_user)
    assert other.get(f"/imports/{run.pk}/").status_code == 404
    assert other.get(f"/api/v1/imports/{run.pk}").status_code == 404
    # (the kind filter offers "会员花名册" to everyone; the run's file is what must not show)
    assert "花名册.xlsx" not in other.get("/imports/").content.decode()


def test_api_upload_status_and_report(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.town_a_user)
    content = xlsx_bytes([person(1), person(2), ["坏", "1", "", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports",
            {
                "kind": "members",
                "union_id": world.union_a.pk,
                "dry_run": "true",
                "file": SimpleUploadedFile("r.xlsx", content),
            },
        )
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    status = client.get(f"/api/v1/imports/{run_id}").json()
    assert (status["status"], status["created"], status["rejected"]) == ("succeeded", 2, 1)
    assert status["dry_run"] and status["errors"][0]["row"] == 4
    assert Member.objects.count() == 0
    assert client.get(f"/api/v1/imports/{run_id}/report").status_code == 200
    assert client.get("/api/v1/imports").json()["count"] == 1


def test_api_rejects_foreign_union_and_bad_file(world, client_for):
    client = client_for(world.town_a_user)
    foreign = client.post(
        "/api/v1/imports",
        {
            "kind": "members",
            "union_id": world.union_b.pk,
            "file": SimpleUploadedFile("r.xlsx", xlsx_bytes([person(1)])),
        },
    )
    assert foreign.status_code == 404
    empty = client.post(
        "/api/v1/imports",
        {"kind": "members", "union_id": world.union_a.pk, "file": SimpleUploadedFile("r.csv", b"")},
    )
    assert empty.status_code == 400 and empty.json()["detail"] == "文件是空的。"


def test_roles_without_import_rights_are_refused(world, client_for):
    # an auditor may not see import runs, a chair may not import employers
    assert client_for(world.auditor).get("/imports/").status_code == 403
    chair = client_for(world.chair_a)
    response = chair.post(
        "/api/v1/imports",
        {"kind": "employers", "file": SimpleUploadedFile("e.csv", "单位名称\n".encode())},
    )
    assert response.status_code == 403


def test_the_result_page_and_the_api_list_the_columns_not_used(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    header = [*HEADER, "备注", "籍贯"]
    content = xlsx_bytes([[*person(1), "新入职", "广东番禺"]], header=header)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, content, union=world.union_a.pk, dry_run="on")
    run = ImportRun.objects.get()
    page = client.get(response.url).content.decode()
    assert "未使用的列：备注、籍贯" in page
    assert client.get(f"/api/v1/imports/{run.pk}").json()["ignored_columns"] == ["备注", "籍贯"]
    assert client.get("/api/v1/imports").json()["items"][0]["ignored_columns"] == ["备注", "籍贯"]


def test_a_run_that_uses_every_column_lists_none(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.chair_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, xlsx_bytes([person(1)]), union=world.union_a.pk)
    assert "未使用的列" not in client.get(response.url).content.decode()
    assert ImportRun.objects.get().ignored_columns == []


def test_the_district_uploads_a_roster_by_union_on_the_page_and_the_api(
    world, client_for, django_capture_on_commit_callbacks
):
    """No union chosen: the rows go where their 工会 column says (the field is optional)."""
    client = client_for(world.district_staff)
    content = xlsx_bytes([[*person(1), "甲公司工会委员会"]], header=[*HEADER, "工会"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, content, union="")
    assert response.status_code == 302, response.content.decode()
    assert Member.objects.get().union == world.union_a
    with django_capture_on_commit_callbacks(execute=True):
        api = client.post(
            "/api/v1/imports",
            {
                "kind": "members",
                "dry_run": "true",
                "file": SimpleUploadedFile(
                    "r.xlsx",
                    xlsx_bytes([[*person(2), "乙公司工会委员会"]], header=[*HEADER, "工会"]),
                ),
            },
        )
    assert api.status_code == 201, api.content
    status = client.get(f"/api/v1/imports/{api.json()['id']}").json()
    assert (status["created"], status["target_id"]) == (1, None)


def test_the_upload_page_links_the_template_of_each_kind_the_user_may_import(world, client_for):
    page = client_for(world.town_a_user).get("/imports/new/").content.decode()
    assert 'href="/imports/template/members/"' in page
    assert 'href="/imports/template/employers/"' in page
    chair_page = client_for(world.chair_a).get("/imports/new/").content.decode()
    assert 'href="/imports/template/members/"' in chair_page
    assert "/imports/template/employers/" not in chair_page
