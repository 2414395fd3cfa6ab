"""The template of each import kind: its headers and one valid example row, downloaded from the
upload page, filled in and uploaded again (issue #10, "Import")."""

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.ids import ric_validate, uscc_validate
from gonghui.core.importing.kinds import import_kind
from gonghui.core.importing.models import ImportRun
from gonghui.core.importing.template_file import template_headers
from gonghui.members.models import Member
from gonghui.orgs.models import Employer

from .helpers import person, run_import


def _sheet(response) -> Any:
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_the_members_template_has_every_column_and_a_valid_example(world, client_for):
    response = client_for(world.chair_a).get("/imports/template/members/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "xlsx" in response["Content-Disposition"]
    sheet = _sheet(response)
    header, example = (list(row) for row in sheet.iter_rows(max_row=2))
    labels = [c.label for c in import_kind("members").importer.columns]
    assert [cell.value for cell in header] == template_headers(import_kind("members"))
    assert [cell.value.removesuffix("（必填）") for cell in header] == labels
    assert header[0].value == "姓名（必填）" and header[1].value == "身份证号（必填）"
    by_label = dict(zip(labels, example, strict=True))
    ric = by_label["身份证号"]
    # text, so that Excel keeps all 18 characters; and valid with the sex and birth beside it
    assert ric.data_type == "s" and ric_validate(ric.value).sex == "M"
    assert (by_label["性别"].value, by_label["出生日期"].value) == ("男", "1990-03-15")
    assert by_label["工会"].value is None  # the chosen union, or each row's own


def test_id_columns_of_the_template_are_text_for_the_rows_a_person_adds(world, client_for):
    """A RIC typed into a new row must stay 18 characters, not become 4.40113E+17."""
    sheet = _sheet(client_for(world.chair_a).get("/imports/template/members/"))
    columns = import_kind("members").importer.columns
    for index, column in enumerate(columns):
        letter = openpyxl.utils.get_column_letter(index + 1)
        is_text = sheet.column_dimensions[letter].number_format == "@"
        assert is_text == column.text, column.label
    assert {c.label for c in columns if c.text} == {"身份证号", "手机号"}


def test_the_template_as_downloaded_passes_a_dry_run(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.chair_a)
    content = b"".join(client.get("/imports/template/members/").streaming_content)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        content,
        union=world.union_a,
        dry_run=True,
    )
    assert (run.rows_total, run.created, run.rejected, run.ignored_columns) == (1, 1, 0, [])


def test_download_fill_and_upload_the_template(
    world, client_for, django_capture_on_commit_callbacks
):
    # given the template a district officer downloads from the upload page
    client = client_for(world.district_staff)
    sheet = _sheet(client.get("/imports/template/members/"))
    labels = [cell.value.removesuffix("（必填）") for cell in sheet[1]]
    # when the example is replaced by two people of two unions and the file is uploaded
    sheet.delete_rows(2)
    for seed, union in ((1, world.union_a), (2, world.union_b)):
        name, ric, sex, birth, phone, joined = person(seed)
        values = {"姓名": name, "身份证号": ric, "性别": sex, "出生日期": birth, "手机号": phone}
        values |= {"入会日期": joined, "民族": "壮族", "工会": union.name}
        sheet.append([values.get(label) for label in labels])
    out = io.BytesIO()
    sheet.parent.save(out)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/imports/new/",
            {
                "kind": "members",
                "union": "",
                "file": SimpleUploadedFile("模板.xlsx", out.getvalue()),
            },
        )
    # then both are members of their unions, with what the file said
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.created, run.rejected, run.ignored_columns) == (2, 0, []), run.errors
    placed = dict(Member.objects.values_list("union_id", "ethnicity"))
    assert placed == {world.union_a.pk: "壮族", world.union_b.pk: "壮族"}


def test_the_employers_template_example_is_a_valid_employer(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    response = client.get("/imports/template/employers/")
    sheet = _sheet(response)
    header = [cell.value for cell in sheet[1]]
    code = sheet.cell(row=2, column=header.index("统一社会信用代码（必填）") + 1)
    assert code.data_type == "s" and uscc_validate(code.value) == code.value
    content = b"".join(client.get("/imports/template/employers/").streaming_content)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        kind="employers",
        dry_run=True,
    )
    assert (run.created, run.rejected) == (1, 0), run.errors
    assert not Employer.objects.filter(uscc=code.value).exists()


@pytest.mark.parametrize(
    ("persona", "kind", "status"),
    [
        ("chair_a", "employers", 403),  # no imports.employers
        ("auditor", "members", 403),
        ("lawyer_a", "members", 403),
        ("town_a_user", "nothing", 404),
    ],
)
def test_the_template_needs_the_kinds_permission(world, client_for, persona, kind, status):
    response = client_for(getattr(world, persona)).get(f"/imports/template/{kind}/")
    assert response.status_code == status
