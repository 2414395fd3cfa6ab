"""Rosters as offices really send them (issue #11): a two-row header, total and note rows,
an error report uploaded unfixed, the roster on a second sheet, "Unicode 文本" and CSV
with `;` or tabs."""

import io

import openpyxl
import pytest

from gonghui.core.identity import phone_hash
from gonghui.core.importing.models import ImportStatus
from gonghui.members.models import Member
from tests.stored import stored_workbook

from .helpers import HEADER, person, run_import, xlsx_bytes


def _two_row_header_roster() -> bytes:
    """姓名 … merged down over two rows; 联系方式 merged across 手机号码 | 固定电话."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["甲公司工会会员花名册"])
    ws.append(["姓名", "身份证号", "性别", "出生日期", "联系方式", None, "入会日期"])
    ws.append([None, None, None, None, "手机号码", "固定电话", None])
    for column in "ABCDG":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("E2:F2")
    for seed in (1, 2, 3):
        name, ric, sex, birth, phone, joined = person(seed)
        ws.append([name, ric, sex, birth, phone, "020-84561234", joined])
    ws.append(["合计 3人"])
    ws.append(["注：身份证号请填写18位。"])
    ws.append(["填表人：王某", None, None, None, "联系电话：020-84560000"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_two_row_header_reads_the_sub_columns_and_skips_total_and_note_rows(
    world,
    django_capture_on_commit_callbacks,
    checking,
):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        _two_row_header_roster(),
        union=world.union_a,
    )
    assert run.status == ImportStatus.SUCCEEDED
    # the sub-header row is part of the header, not a rejected person
    assert (run.created, run.rejected, run.skipped) == (3, 0, 3), run.errors
    assert run.rows_total == run.created + run.updated + run.unchanged + run.rejected + run.skipped
    for seed in (1, 2, 3):
        assert Member.objects.filter(phone_hash=phone_hash(person(seed)[4])).exists()
    # the landline column is not read, and says so; the merged title is not a column
    assert run.ignored_columns == ["固定电话"]
    assert [s["row"] for s in run.skipped_rows] == [7, 8, 9]
    assert run.skipped_rows[0]["text"] == "合计 3人"
    assert "跳过合计或说明行3" in run.message


def test_the_result_page_and_api_name_skipped_rows_unused_columns_and_the_sheet(
    world, client, django_capture_on_commit_callbacks
):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        _two_row_header_roster(),
        union=world.union_a,
        dry_run=True,
    )
    client.force_login(world.chair_a)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "未使用的列：固定电话" in page
    assert "跳过的合计或说明行" in page and "第7行：合计 3人" in page
    assert "读取的工作表：Sheet" in page
    data = client.get(f"/api/v1/imports/{run.pk}").json()
    assert data["skipped"] == 3 and data["sheet_name"] == "Sheet"
    assert data["skipped_rows"][0] == {"row": 7, "text": "合计 3人"}


def test_a_person_row_with_a_bad_cell_is_rejected_not_skipped(
    world, django_capture_on_commit_callbacks
):
    bad = person(1)
    bad[1] = "合计"  # a bad RIC, but the row is a person's
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([bad]), union=world.union_a
    )
    assert (run.rejected, run.skipped) == (1, 0)


def _report_book(run) -> openpyxl.Workbook:
    return stored_workbook(run.report_path)


def _bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_duplicate_rows_of_an_error_report_are_not_imported_unless_the_reason_is_cleared(
    world,
    django_capture_on_commit_callbacks,
    checking,
):
    first = person(1)
    again = list(first)
    again[4] = "13900000000"  # the same person with another phone
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([first, again]),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (1, 1)
    report = _report_book(run)
    reason = report.active.cell(row=2, column=len(HEADER) + 2).value
    assert "与第2行是同一人（重复）" in reason and "删去" in reason  # the report says so

    unfixed = run_import(
        django_capture_on_commit_callbacks, world.chair_a, _bytes(report), union=world.union_a
    )
    assert (unfixed.updated, unfixed.unchanged, unfixed.rejected) == (0, 0, 1)
    assert "错误原因" in unfixed.errors[0]["column"]
    member = Member.objects.get()
    assert member.phone_hash == phone_hash(first[4])  # not overwritten by the duplicate
    # the report's own columns are not "unused columns" of the roster
    assert unfixed.ignored_columns == []

    report.active.cell(row=2, column=len(HEADER) + 2).value = None  # "this row is the right one"
    cleared = run_import(
        django_capture_on_commit_callbacks, world.chair_a, _bytes(report), union=world.union_a
    )
    assert (cleared.updated, cleared.rejected) == (1, 0)
    member.refresh_from_db()
    assert member.phone_hash == phone_hash("13900000000")


def test_the_roster_on_a_second_sheet_after_instructions_is_found_and_named(
    world,
    django_capture_on_commit_callbacks,
    checking,
):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    for line in ("1. 姓名、身份证号、入会日期必填。", "2. 日期格式：2020-01-05。"):
        notes.append([line])
    roster = wb.create_sheet("会员花名册")
    roster.append(HEADER)
    for seed in (1, 2):
        roster.append(person(seed))
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, _bytes(wb), union=world.union_a
    )
    assert (run.created, run.rejected) == (2, 0), run.errors
    assert run.sheet_name == "会员花名册"


def test_a_workbook_without_a_header_on_any_sheet_names_the_sheets(
    world, django_capture_on_commit_callbacks
):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["没有表头"])
    wb.create_sheet("数据").append(["甲", "乙"])
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, _bytes(wb), union=world.union_a
    )
    assert run.status == ImportStatus.FAILED
    assert "说明、数据" in run.job.message


def _text_file(rows: list[list], delimiter: str, encoding: str) -> bytes:
    lines = [delimiter.join(str(c) for c in row) for row in [HEADER, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "name"),
    [
        ("\t", "utf-16", "花名册.txt"),  # Excel's "Unicode 文本": UTF-16 LE with BOM, tabs
        (";", "utf-8", "花名册.csv"),
        ("\t", "gb18030", "花名册.csv"),
        (";", "utf-8-sig", "花名册.csv"),
    ],
)
def test_unicode_text_and_csv_with_semicolons_or_tabs_are_read(
    world,
    django_capture_on_commit_callbacks,
    checking,
    delimiter,
    encoding,
    name,
):
    content = _text_file([person(1), person(2)], delimiter, encoding)
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, content, union=world.union_a, name=name
    )
    assert (run.created, run.rejected) == (2, 0), (run.errors, run.job.message)
    assert run.file_format == "csv"
