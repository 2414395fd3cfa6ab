"""Who reads the error report's RICs and phones (issue #12): the uploader and holders of the
kind's full permission in full, anyone else who sees the run masked; every download audited."""

import io

import openpyxl
import pytest

from gonghui.core.models import AuditEntry

from .helpers import person, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected_run(world, django_capture_on_commit_callbacks):
    bad = person(1)
    bad[2] = "女"  # the RIC says male: rejected, cells kept in the report
    return run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([bad]), union=world.union_a
    ), bad


def _download(client, url: str) -> tuple:
    response = client.get(url)
    assert response.status_code == 200, response
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.values)[1]


@pytest.mark.parametrize("via", ["page", "api"])
def test_the_report_is_masked_for_a_reader_without_the_full_permission(
    world, client_for, rejected_run, via
):
    run, bad = rejected_run
    url = f"/imports/{run.pk}/report/" if via == "page" else f"/api/v1/imports/{run.pk}/report"
    ric, phone = bad[1], bad[4]
    # the uploader reads what they uploaded
    row = _download(client_for(world.chair_a), url)
    assert (row[1], row[4]) == (ric, phone)
    # district staff (no full-ID permission) see the run, but not the numbers
    row = _download(client_for(world.district_staff), url)
    assert row[1] == ric[:6] + "*" * 8 + ric[14:] and row[4] == phone[:3] + "****" + phone[7:]
    assert row[0] == bad[0] and "性别" in row[-1]  # the rest of the row and its reason stay
    # the district admin holds the permission
    row = _download(client_for(world.admin), url)
    assert row[1] == ric
    downloads = AuditEntry.objects.filter(action="importing.report.downloaded").order_by("pk")
    assert [(e.actor_id, e.data["masked"]) for e in downloads] == [
        (world.chair_a.pk, False),
        (world.district_staff.pk, True),
        (world.admin.pk, False),
    ]


def test_a_user_out_of_scope_gets_no_report(world, client_for, rejected_run):
    run, _bad = rejected_run
    assert client_for(world.town_b_user).get(f"/imports/{run.pk}/report/").status_code == 404
