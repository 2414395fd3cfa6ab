"""Roster import (MEM-2): messy files, dry run, idempotence, other unions, crash and resume."""

import io

import pytest

from gonghui.core.identity import phone_hash, ric_hash
from gonghui.core.importing.models import ImportRun, ImportStatus
from gonghui.core.importing.services import import_resume
from gonghui.core.models import AuditEntry
from gonghui.members.importers import MemberImporter
from gonghui.members.models import Member
from tests.stored import stored_workbook

from .helpers import (
    HEADER,
    csv_bytes,
    full_width,
    person,
    ric_ending_in_x,
    run_import,
    xlsx_bytes,
)


def _report(run: ImportRun) -> list[tuple]:
    wb = stored_workbook(run.report_path)
    return list(wb.active.iter_rows(values_only=True))


def _reasons(run: ImportRun) -> dict[int, str]:
    return {e["row"]: f"{e['column']}：{e['reason']}" for e in run.errors}


@pytest.fixture
def messy_roster():
    """A roster as grassroots unions really send it (rows 3.. under a title and a header)."""
    ok = [person(i) for i in range(1, 4)]
    spaced = person(4)
    spaced[1] = spaced[1][:6] + " " + spaced[1][6:14] + " " + spaced[1][14:]
    wide = person(5)
    wide[1] = full_width(wide[1])
    lower_x = ["李四某", ric_ending_in_x().lower(), "女", "1985/06/01", "", "2021年3月8日"]
    number = person(6)
    number[1] = int(number[1])  # Excel keeps it as a float: 4.40113E+17
    serial = person(7)
    serial[5] = 43835  # an Excel serial date for 2020-01-05
    duplicate = list(ok[0])
    wrong_birth = person(8)
    wrong_birth[3] = "1991-01-01"
    rows = [
        *ok,
        spaced,
        wide,
        lower_x,
        number,
        serial,
        duplicate,
        wrong_birth,
        [None] * 6,
        ["", "", "", "", "", ""],
    ]
    return xlsx_bytes(
        rows,
        title="甲公司工会会员花名册",
        header=["姓名", "身份证号码", "性别", "出生日期", "手机号码", "入会时间"],
    )


def test_messy_roster_imports_the_valid_rows_and_explains_the_rest(
    world, django_capture_on_commit_callbacks, messy_roster, checking
):
    # given a roster with a title row, synonyms, full-width digits, spaces, x, number RIC …
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, messy_roster, union=world.union_a
    )
    # then the 7 good rows are created in the chosen union and 3 are rejected with reasons
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.rows_total, run.created, run.rejected) == (10, 7, 3), run.errors
    assert Member.objects.filter(union=world.union_a).count() == 7
    world.union_a.refresh_from_db()
    assert world.union_a.member_count == 7  # members.services.union_recount ran
    reasons = _reasons(run)
    assert "存成了数字" in reasons[9]  # row numbers are the spreadsheet's (title + header)
    assert "与第3行是同一人" in reasons[11]
    assert reasons[12].startswith("出生日期：") and "1990-03-15" in reasons[12]
    member = Member.objects.get(name="李四某")
    assert member.org_path == world.union_a.path and member.status == "active"
    assert member.ric.endswith("X") and member.sex == "F"
    assert str(Member.objects.get(ric_hash=ric_hash(person(7)[1])).joined_on) == "2020-01-05"
    assert Member.objects.filter(
        ric_hash=ric_hash(person(5)[1])
    ).exists()  # full-width became ASCII


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_saves(world, django_capture_on_commit_callbacks, encoding):
    content = csv_bytes([person(1), person(2)], encoding=encoding)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        union=world.union_a,
        name="roster.csv",
    )
    assert run.file_format == "csv"
    assert (run.created, run.rejected) == (2, 0)
    assert set(Member.objects.values_list("name", flat=True)) == {"张二某", "张三某"}


def test_csv_with_scientific_notation_ric_is_rejected_with_why(
    world, django_capture_on_commit_callbacks
):
    row = person(1)
    row[1] = "4.40113E+17"
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        csv_bytes([row]),
        union=world.union_a,
        name="a.csv",
    )
    assert run.created == 0 and "科学计数法" in run.errors[0]["reason"]


def test_dry_run_reports_the_same_and_writes_nothing(world, django_capture_on_commit_callbacks):
    content = xlsx_bytes([person(1), person(2), ["坏", "123", "", "", "", ""]])
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        content,
        union=world.union_a,
        dry_run=True,
    )
    assert (run.created, run.rejected, run.status) == (2, 1, ImportStatus.SUCCEEDED)
    assert Member.objects.count() == 0
    assert "试导入" in run.message


def test_reimporting_the_same_file_changes_nothing_and_says_so(
    world, django_capture_on_commit_callbacks, checking
):
    content = xlsx_bytes([person(1), person(2)])
    run_import(django_capture_on_commit_callbacks, world.chair_a, content, union=world.union_a)
    versions = list(Member.objects.order_by("pk").values_list("version", "updated_at"))
    again = run_import(
        django_capture_on_commit_callbacks, world.chair_a, content, union=world.union_a
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert "没有改动任何记录" in again.message
    assert list(Member.objects.order_by("pk").values_list("version", "updated_at")) == versions
    # when one phone number and join date change / then exactly that row is updated
    changed = person(2)
    changed[4] = "13912345678"
    changed[5] = "2021年2月3日"
    third = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1), changed]),
        union=world.union_a,
    )
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    member = Member.objects.get(phone_hash=phone_hash("13912345678"))
    assert (member.version, member.phone, member.phone_last4) == (2, "13912345678", "5678")
    assert str(member.joined_on) == "2021-02-03"


def test_person_in_another_union_is_reported_not_moved(world, django_capture_on_commit_callbacks):
    # given a person already imported into union B by the district
    run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes([person(1)]),
        union=world.union_b,
    )
    # when the district imports the same person into union A
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes([person(1), person(2)]),
        union=world.union_a,
    )
    # then the row is reported with the other union's name (the district sees it) and a
    # link to the transfer page, and the person stays in B
    assert (run.created, run.rejected) == (1, 1)
    assert run.errors[0]["reason"] == (
        "此人已是「乙公司工会委员会」的会员，未导入；如需转入「甲公司工会委员会」，请办理会员转移。"
    )
    assert run.errors[0]["link"] == "/members/transfers/new/"
    assert Member.objects.get(ric_hash=ric_hash(person(1)[1])).union == world.union_b


def test_a_union_out_of_scope_is_not_named_when_a_person_is_a_member_there(
    world, django_capture_on_commit_callbacks
):
    """Issue #12: union A's chair may not learn which union of town B has the person."""
    run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes([person(1)]),
        union=world.union_b,
    )
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1)]),
        union=world.union_a,
    )
    (error,) = run.errors
    assert error["reason"].startswith("此人已是其他工会的会员，未导入")
    assert "乙公司" not in error["reason"] and error["column"] == "身份证号"


def test_crash_in_batch_two_keeps_batch_one_and_resume_finishes(
    world, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.IMPORT_BATCH_SIZE = 2
    content = xlsx_bytes([person(i) for i in range(1, 6)])
    real = MemberImporter.upsert
    calls = {"n": 0}

    def flaky(self, records, *, write):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("断电")
        return real(self, records, write=write)

    monkeypatch.setattr(MemberImporter, "upsert", flaky)
    # when the second batch crashes
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, content, union=world.union_a
    )
    # then the first batch is saved whole, nothing of the second, and the run says so
    assert run.status == ImportStatus.FAILED and run.last_batch == 0
    assert Member.objects.count() == 2 and run.created == 2
    # when it is resumed / then every row is there exactly once and counts add up
    with django_capture_on_commit_callbacks(execute=True):
        import_resume(actor=world.chair_a, run=run)
    run.refresh_from_db()
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created, run.updated, run.unchanged, run.last_batch) == (5, 0, 0, 2)
    assert Member.objects.count() == 5


def test_error_report_has_original_rows_and_reasons_and_no_formulas(
    world, django_capture_on_commit_callbacks
):
    evil = person(1)
    evil[0] = '=HYPERLINK("http://x","点我")'
    bad_phone = person(2)
    bad_phone[4] = "12345"
    # (CSV: every cell is text, as a formula typed into a sheet would reach us)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        csv_bytes([evil, bad_phone, person(3)]),
        union=world.union_a,
        name="a.csv",
    )
    rows = _report(run)
    assert rows[0][-2:] == ("原行号", "错误原因") and rows[0][0] == "姓名"
    assert rows[1][0].startswith("'=HYPERLINK")  # inert text, not a formula
    assert rows[1][-1].startswith("姓名：")
    assert rows[2][4] == "12345" and "手机号" in rows[2][-1]
    wb = stored_workbook(run.report_path)
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)


def test_fixed_error_report_can_be_uploaded_again(world, django_capture_on_commit_callbacks):
    bad = person(1)
    bad[2] = "女"  # the RIC says male
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([bad]), union=world.union_a
    )
    assert run.rejected == 1 and "性别" in run.errors[0]["column"]
    wb = stored_workbook(run.report_path)
    wb.active["C2"] = "男"
    out = io.BytesIO()
    wb.save(out)
    again = run_import(
        django_capture_on_commit_callbacks, world.chair_a, out.getvalue(), union=world.union_a
    )
    assert (again.created, again.rejected) == (1, 0)


def test_employer_column_matches_by_name_or_uscc_within_scope(
    world, django_capture_on_commit_callbacks, checking
):
    header = ["姓名", "公民身份号码", "入会时间", "工作单位"]
    rows = [
        [*person(1)[:2], "2020-01-05", "甲电子有限公司"],
        [*person(2)[:2], "2020-01-05", world.employer_a.uscc],
        [*person(3)[:2], "2020-01-05", "乙五金有限公司"],  # another town's employer: not found
    ]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (2, 1)
    assert "未找到" in run.errors[0]["reason"]
    assert set(Member.objects.values_list("employer", flat=True)) == {world.employer_a.pk}


def test_missing_required_column_fails_the_run_with_a_clear_message(
    world, django_capture_on_commit_callbacks
):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([["张三"]], header=["姓名"]),
        union=world.union_a,
    )
    assert run.status == ImportStatus.FAILED and "身份证号" in run.message


def test_one_audit_entry_per_run_with_counts(world, django_capture_on_commit_callbacks):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(i) for i in range(1, 4)]),
        union=world.union_a,
    )
    entry = AuditEntry.objects.get(action="importing.run.finished")
    assert entry.target_id == str(run.pk) and entry.data["created"] == 3
    assert entry.org_path == world.union_a.path


def test_town_user_cannot_import_into_another_towns_union(world):
    """Another town's union is not found (404), as everywhere out of scope (issue #9)."""
    from django.http import Http404

    from gonghui.core.importing.services import import_start

    from .helpers import upload

    with pytest.raises(Http404):
        import_start(
            actor=world.town_a_user,
            kind="members",
            upload=upload(xlsx_bytes([person(1)])),
            union=world.union_b,
        )
    assert not ImportRun.objects.exists()


def test_real_xls_file_from_old_excel(world, django_capture_on_commit_callbacks):
    """An .xls (BIFF, as old Excel and WPS save it): title row, a real Excel date cell,
    and a RIC typed as a number, which Excel has already cut to 15 significant digits."""
    # given the fixture written by xlwt (gonghui/core/tests/importing/fixtures/roster.xls)
    from pathlib import Path

    content = (Path(__file__).parent / "fixtures" / "roster.xls").read_bytes()
    # when a town user imports it into union A
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        union=world.union_a,
        name="花名册.xls",
    )
    # then the two good rows are members and the mangled RIC is explained
    assert (run.created, run.rejected) == (2, 1)
    members = Member.objects.filter(union=world.union_a).order_by("name")
    assert [m.name for m in members] == ["张三某", "张二某"]
    assert str(members[1].joined_on) == "2020-01-05"
    (error,) = run.errors
    assert (error["row"], error["column"]) == (5, "身份证号")
    assert "存成了数字" in error["reason"]


def test_large_xlsx_is_read_streaming_with_the_same_result(
    world, django_capture_on_commit_callbacks, messy_roster, settings
):
    """Above IMPORT_XLSX_STREAM_ABOVE_MB the .xlsx goes through openpyxl's read-only mode
    (flat memory); the messy roster must come out exactly as through python-calamine."""
    # given every .xlsx counts as large
    settings.IMPORT_XLSX_STREAM_ABOVE_MB = 0
    # when the messy roster is imported
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, messy_roster, union=world.union_a
    )
    # then the result is the one the calamine path gives (see the test above)
    assert (run.rows_total, run.created, run.rejected) == (10, 7, 3), run.errors
    reasons = _reasons(run)
    assert "存成了数字" in reasons[9]
    assert "与第3行是同一人" in reasons[11]
    assert Member.objects.get(name="李四某").ric.endswith("X")
    assert str(Member.objects.get(ric_hash=ric_hash(person(7)[1])).joined_on) == "2020-01-05"


def test_streaming_switch_follows_the_sheet_size(tmp_path, settings):
    from gonghui.core.importing.readers import SheetReader

    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([person(1)]))
    settings.IMPORT_XLSX_STREAM_ABOVE_MB = 100
    assert not SheetReader(path, "xlsx").streaming
    settings.IMPORT_XLSX_STREAM_ABOVE_MB = 0
    reader = SheetReader(path, "xlsx")
    assert reader.streaming
    assert [cells[0] for _n, cells in reader.rows()] == ["姓名", "张二某"]


def test_created_members_record_their_run_and_updated_ones_get_an_entry_each(
    world, django_capture_on_commit_callbacks, checking
):
    # given a roster imported once: its members record the run that created them
    first = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1), person(2), person(3)]),
        union=world.union_a,
    )
    assert set(Member.objects.values_list("source_run_id", flat=True)) == {first.pk}
    assert not AuditEntry.objects.filter(action="members.member.imported").exists()
    # when a second roster changes two of them (a phone; a join date) and adds one
    phone_changed, date_changed = person(1), person(2)
    phone_changed[4] = "13912345678"
    date_changed[5] = "2021-02-03"
    second = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes([phone_changed, date_changed, person(3), person(4)]),
        union=world.union_a,
    )
    assert (second.created, second.updated, second.unchanged) == (1, 2, 1)
    # then the new member records the second run, the old ones keep the first
    assert Member.objects.get(ric_hash=ric_hash(person(4)[1])).source_run_id == second.pk
    assert Member.objects.get(ric_hash=ric_hash(person(1)[1])).source_run_id == first.pk
    # and each updated member has one entry: the difference (a phone by its last 4), the run,
    # the run's creator as the actor, in the union's path
    entries = {e.target_id: e for e in AuditEntry.objects.filter(action="members.member.imported")}
    one = Member.objects.get(ric_hash=ric_hash(person(1)[1]))
    two = Member.objects.get(ric_hash=ric_hash(person(2)[1]))
    assert set(entries) == {str(one.pk), str(two.pk)}
    assert entries[str(one.pk)].data == {"run": second.pk, "phone_last4": ["0001", "5678"]}
    assert entries[str(two.pk)].data == {
        "run": second.pk,
        "joined_on": ["2020-01-05", "2021-02-03"],
    }
    entry = entries[str(one.pk)]
    assert (entry.actor, entry.actor_kind, entry.actor_name) == (
        world.town_a_user,
        "person",
        world.town_a_user.username,
    )
    assert (entry.target_type, entry.target_repr) == ("members.member", one.name)
    assert entry.org_path == world.union_a.path and "13912345678" not in str(entry.data)


def test_an_update_and_its_audit_entry_are_one_batch(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1), person(2)]),
        union=world.union_a,
    )
    changed = [person(1), person(2)]
    for row in changed:
        row[5] = "2022-02-02"

    def broken(self, current, changes):
        raise RuntimeError("审计写入失败")

    monkeypatch.setattr(MemberImporter, "_audit", broken)
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes(changed), union=world.union_a
    )
    # the batch failed as a whole: no member changed without its entry
    assert run.status == ImportStatus.FAILED
    assert set(Member.objects.values_list("version", flat=True)) == {1}
    assert str(Member.objects.first().joined_on) == "2020-01-05"


def test_a_future_join_date_is_the_rules_words_under_its_column(
    world, django_capture_on_commit_callbacks
):
    row = person(1)
    row[5] = "2099-01-01"
    run = run_import(
        django_capture_on_commit_callbacks, world.chair_a, xlsx_bytes([row]), union=world.union_a
    )
    assert run.rejected == 1
    assert (run.errors[0]["column"], run.errors[0]["reason"]) == (
        "入会日期",
        "入会日期不能晚于今天。",
    )


def test_values_not_in_the_file_stay_empty_instead_of_being_invented(
    world, django_capture_on_commit_callbacks, checking
):
    """A roster without a 民族 column made every member "汉族" (issue #10): what the file
    does not say stays empty."""
    header = ["姓名", "身份证号", "入会日期"]
    rows = [[*person(1)[:2], "2020-01-05"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (1, 0), run.errors
    member = Member.objects.get()
    assert (member.ethnicity, member.education, member.phone, member.employer_id) == (
        "",
        "",
        "",
        None,
    )


def test_the_join_date_is_required_not_taken_as_today(world, django_capture_on_commit_callbacks):
    """The model needs a join date; today's in its place made every long-standing member of
    a roster one who joined this year. A file without the column says so; an empty cell is
    refused with the row."""
    no_column = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1)[:2]], header=["姓名", "身份证号"]),
        union=world.union_a,
    )
    assert no_column.status == ImportStatus.FAILED
    assert no_column.message == "表头缺少必填列：入会日期（请检查表头行的列名）。"
    empty = person(2)
    empty[5] = ""
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1), empty]),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (1, 1)
    assert (run.errors[0]["column"], run.errors[0]["reason"]) == ("入会日期", "不能为空。")
    assert [str(d) for d in Member.objects.values_list("joined_on", flat=True)] == ["2020-01-05"]


def test_a_misspelt_required_header_is_named_among_the_unrecognised(
    world, django_capture_on_commit_callbacks
):
    header = ["姓名", "身分证号", "入会日期", "备注"]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([[person(1)[0], person(1)[1], "2020-01-05", ""]], header=header),
        union=world.union_a,
    )
    assert run.status == ImportStatus.FAILED
    assert run.message == (
        "表头缺少必填列：身份证号（请检查表头行的列名；未识别的列：身分证号、备注）。"
    )


def test_columns_no_one_reads_are_recorded_in_the_files_order(
    world, django_capture_on_commit_callbacks, checking
):
    header = [*HEADER, "备注", "", "籍贯", "姓名"]  # a second 姓名 is not read either
    rows = [[*person(1), "新入职", "", "广东番禺", "别名"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=header),
        union=world.union_a,
    )
    assert run.created == 1
    assert run.ignored_columns == ["备注", "籍贯", "姓名"]
    assert Member.objects.get().name == person(1)[0]
