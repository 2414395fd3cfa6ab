"""The streaming .xlsx reader gives exactly what the python-calamine path gives."""

import datetime
import math
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from gonghui.core.errors import ApplicationError
from gonghui.core.importing import xlsx_stream
from gonghui.core.importing.readers import SheetReader

RIC = 110101199003071234  # a RIC typed into a number cell: Excel keeps 1.10101199003071E+17
DAY = datetime.date(2020, 1, 5)
MOMENT = datetime.datetime(2021, 3, 8, 14, 30, 15, 250000)


def read(path: Path, settings, *, streaming: bool) -> tuple[list, int | None]:
    """Every row and the total through SheetReader, forced down one path or the other."""
    settings.IMPORT_XLSX_STREAM_ABOVE_MB = 0 if streaming else 100_000
    reader = SheetReader(path, "xlsx")
    assert reader.streaming is streaming
    return [(n, [_typed(v) for v in cells]) for n, cells in reader.rows()], reader.total


def _typed(value: Any) -> tuple[str, Any]:
    """Compare types too (1 is not 1.0 nor True), and NaN with itself."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan", None)
    return (type(value).__name__, value)


def assert_same(path: Path, settings) -> tuple[list, int | None]:
    """The rows both ways; the streaming total (from the sheet's dimension) is returned, as
    it may count styled empty rows at the end that calamine does not."""
    expected, expected_total = read(path, settings, streaming=False)
    got, total = read(path, settings, streaming=True)
    assert got == expected
    assert total is not None and total >= expected_total
    return got, total


def roster_with_openpyxl(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "甲公司工会会员花名册"  # a title row above the header
    for col, name in enumerate(["姓名", "身份证号", "入会日期", "时间", "备注", "党员"], 1):
        ws.cell(2, col, name)
    ws.append(["张三", str(RIC), DAY, MOMENT, "  前后空格  ", True])
    ws.append(["李四", RIC, 43835, datetime.time(8, 30), "a&b<c>\"'\r\nd_x000D_", False])
    ws.cell(4, 3).number_format = "mm-dd-yy"  # built-in date format 14
    ws.append([CellRichText(TextBlock(InlineFont(b=True), "王"), "五"), 3.25, -1.5, 0])
    ws.cell(5, 3).number_format = 'yyyy"年"m"月"d"日"'  # a custom date format
    ws.cell(5, 4).number_format = "[h]:mm:ss"  # a duration
    ws.cell(7, 2, "隔了一行")  # row 6 missing, gaps inside the row
    ws.cell(7, 5, 12.0)
    ws.append(["", "", None, "=A3", "#N/A"])  # empty strings and a formula without a value
    ws.cell(9, 6, "末列")
    wb.save(path)


def roster_with_xlsxwriter(path: Path, *, constant_memory: bool = False) -> None:
    wb = xlsxwriter.Workbook(
        str(path), {"constant_memory": constant_memory, "strings_to_numbers": False}
    )
    ws = wb.add_worksheet("花名册")
    date = wb.add_format({"num_format": 14})
    chinese_date = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    duration = wb.add_format({"num_format": "[h]:mm"})
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, "甲公司工会会员花名册")
    ws.write_row(1, 0, ["姓名", "身份证号", "入会日期", "时间", "备注", "党员"])
    ws.write_row(2, 0, ["张三", str(RIC)])
    ws.write_datetime(2, 2, datetime.datetime(2020, 1, 5), date)
    ws.write_datetime(2, 3, MOMENT, stamp)
    ws.write_string(2, 4, "  前后空格  ")
    ws.write_boolean(2, 5, True)
    ws.write_string(3, 0, "李四")
    ws.write_number(3, 1, RIC)
    ws.write_number(3, 2, 43835, chinese_date)
    ws.write_number(3, 3, 1.75, duration)
    ws.write_string(3, 4, "a&b<c>\"'\r\nd_x000D_")
    ws.write_boolean(3, 5, False)
    ws.write_rich_string(4, 0, bold, "王", "五")
    ws.write_number(4, 1, 3.25)
    ws.write_formula(4, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(4, 3, '="x"&"y"', None, "xy")
    ws.write_formula(4, 4, "=2+2", None, 4)
    ws.write_string(6, 1, "隔了一行")
    ws.write_number(6, 4, 12)
    ws.write_string(8, 5, "末列")
    wb.close()


@pytest.mark.parametrize(
    "write",
    [
        roster_with_openpyxl,
        roster_with_xlsxwriter,
        lambda path: roster_with_xlsxwriter(path, constant_memory=True),  # inline strings
    ],
    ids=["openpyxl", "xlsxwriter", "xlsxwriter-inline"],
)
def test_the_streaming_reader_gives_what_calamine_gives(tmp_path, settings, write):
    # given rosters as openpyxl and xlsxwriter write them (every kind of cell)
    path = tmp_path / "r.xlsx"
    write(path)
    # when read both ways, then the rows, numbers and values are the same
    rows, total = assert_same(path, settings)
    assert total == 9
    # and they are what a roster needs (not merely equally wrong)
    assert [n for n, _cells in rows] == list(range(1, 10))
    assert all(len(cells) == 6 for _n, cells in rows)
    assert rows[0][1][0] == ("str", "甲公司工会会员花名册")
    assert rows[2][1][:3] == [("str", "张三"), ("str", str(RIC)), ("date", DAY)]
    assert rows[3][1][1][0] == "float" and abs(rows[3][1][1][1] - RIC) < 1e3
    assert rows[3][1][2] == ("date", DAY)
    assert rows[4][1][0] == ("str", "王五")
    assert rows[5][1] == [("str", "")] * 6  # the missing row, blank
    assert rows[6][1][1] == ("str", "隔了一行")


@pytest.mark.parametrize("way", ["elementtree", "iterparse", "tiny_chunks", "compact_strings"])
def test_every_way_of_reading_agrees(tmp_path, settings, monkeypatch, way):
    """The expression, the ElementTree fallback per chunk, iterparse of the whole sheet, rows
    split over many chunks and shared strings kept compactly all give the same rows."""
    path = tmp_path / "r.xlsx"
    roster_with_xlsxwriter(path)
    expected, _total = read(path, settings, streaming=False)
    if way == "elementtree":
        monkeypatch.setattr(xlsx_stream._ChunkReader, "rows", lambda *_args: None)
    elif way == "iterparse":

        def refuse(*_args):
            raise xlsx_stream._NeedFullParse

        monkeypatch.setattr(xlsx_stream._Prologue, "read", refuse)
    elif way == "tiny_chunks":
        monkeypatch.setattr(xlsx_stream, "_CHUNK", 64)
    else:
        monkeypatch.setattr(xlsx_stream._Strings, "HEAD", 2)
    got, _total = read(path, settings, streaming=True)
    assert got == expected


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def hand_made(
    path: Path, sheet_data: str, *, strings=(), formats=(), date1904=False, sheet=None
) -> Path:
    """An .xlsx from raw XML (`sheet`: the whole worksheet part), for markup the writers above
    never produce."""
    num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for i, code in formats)
    xfs = "".join(f'<xf numFmtId="{i}"/>' for i in [0, *(i for i, _code in formats), 14, 46])
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {NS} {R_NS}>{pr}<sheets><sheet name="S" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": f"<styleSheet {NS}><numFmts>{num_fmts}</numFmts>"
        f"<cellXfs>{xfs}</cellXfs></styleSheet>",
        "xl/sharedStrings.xml": f"<sst {NS}>{''.join(strings)}</sst>",
        "xl/worksheets/sheet1.xml": sheet
        or f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}>{sheet_data}</worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


CASES = {
    "text escapes and trimming": (
        '<dimension ref="A1:F1"/><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>  trimmed  </t></is></c>'
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>a&amp;b&#20013;&lt;_x000D__x4E2D_</t></is></c>'
        '<c r="D1" t="str"><v> 公式 &amp; 结果 </v></c>'
        '<c r="E1" t="s"><v>0</v></c><c r="F1" t="s"><v>1</v></c></row></sheetData>',
        {
            "strings": [
                '<si><t>汉字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>',
                '<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本</t></r></si>',
            ]
        },
    ),
    "numbers, booleans, errors": (
        '<dimension ref="A1:H1"/><sheetData><row r="1"><c r="A1"><v>1E3</v></c>'
        '<c r="B1" t="n"><v>-0.5</v></c><c r="C1"><v>not a number</v></c>'
        '<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>false</v></c>'
        '<c r="F1" t="e"><v>#N/A</v></c><c r="G1"><f>A1*2</f><v>2000</v></c>'
        '<c r="H1" t="str"><f>"x"</f><v></v></c></row></sheetData>',
        {},
    ),
    "dates in 1904, durations, custom formats": (
        '<dimension ref="A1:E2"/><sheetData>'
        + "".join(
            f'<row r="{r}"><c r="A{r}" s="1"><v>{v}</v></c><c r="B{r}" s="2"><v>{v}</v></c>'
            f'<c r="C{r}" s="3"><v>{v}</v></c><c r="D{r}" s="4"><v>{v}</v></c>'
            f'<c r="E{r}" s="5"><v>{v}</v></c></row>'
            for r, v in ((1, "43835"), (2, "0.75"))
        )
        + "</sheetData>",
        {
            "formats": [(164, "yyyy&quot;年&quot;m&quot;月&quot;"), (165, "0.00&quot;d&quot;")],
            "date1904": True,
        },
    ),
    "rows and cells without r, gaps, blank rows at the end": (
        '<dimension ref="A1:C5"/><sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c>'
        "<v>2</v></c></row><row/><row><c/><c/><c><v>3</v></c></row>"
        '<row r="5"><c r="A5" s="1"/></row></sheetData>',
        {},
    ),
    "a prefixed namespace and pretty printing": (
        "",
        {
            "sheet": '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main"><x:dimension ref="A1:B2"/><x:sheetData>\n  <x:row r="1">\n    <x:c '
            'r="A1" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c>\n    <x:c r="B1"><x:v>1'
            '</x:v></x:c>\n  </x:row>\n  <x:row r="2"><x:c r="B2"><x:v>2.5</x:v></x:c></x:row>'
            "\n</x:sheetData></x:worksheet>"
        },
    ),
    "a comment (read by iterparse)": (
        '<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<!-- </row> --><row r="2"><c r="B2" t="inlineStr"><is><t>后</t></is></c></row>'
        "</sheetData>",
        {},
    ),
    "a sheet starting below row 1, right of column A": (
        '<dimension ref="C3:D4"/><sheetData><row r="3"><c r="C3" t="inlineStr"><is><t>表头'
        '</t></is></c><c r="D3"><v>1</v></c></row><row r="4"><c r="D4"><v>2</v></c></row>'
        "</sheetData>",
        {},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hand_made_markup_is_read_as_calamine_reads_it(tmp_path, settings, case):
    sheet_data, options = CASES[case]
    path = hand_made(tmp_path / "r.xlsx", sheet_data, **options)
    rows, _total = assert_same(path, settings)
    assert any(cells for _n, cells in rows)


def test_the_row_numbers_are_the_sheets_when_it_starts_lower(tmp_path, settings):
    path = hand_made(
        tmp_path / "r.xlsx", CASES["a sheet starting below row 1, right of column A"][0]
    )
    rows, total = assert_same(path, settings)  # both ways: calamine's rows start at row 1
    assert [n for n, _cells in rows] == [1, 2, 3, 4]
    assert rows[2] == (3, [("str", "表头"), ("float", 1.0)])
    assert total == 4


def broken_files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "good.xlsx"
    roster_with_xlsxwriter(good)
    data = good.read_bytes()
    files = {
        "not-a-zip.xlsx": b"PK\x03\x04" + b"\x00garbage" * 100,
        "truncated.xlsx": data[: len(data) // 2],
    }
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    damaged = bytearray(data)  # flip bytes inside the sheet's deflated data
    start = info.header_offset + 30 + len(info.filename) + 10
    damaged[start : start + 40] = bytes(b ^ 0x5A for b in damaged[start : start + 40])
    files["damaged.xlsx"] = bytes(damaged)
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(tmp_path / name)
    no_workbook = tmp_path / "no-workbook.xlsx"
    with zipfile.ZipFile(no_workbook, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData/></worksheet>")
    return [*paths, no_workbook]


def test_a_broken_file_gives_the_chinese_error(tmp_path, settings):
    settings.IMPORT_XLSX_STREAM_ABOVE_MB = 0
    for path in broken_files(tmp_path):
        with pytest.raises(ApplicationError) as caught:
            list(SheetReader(path, "xlsx")._streaming_xlsx_rows())
        assert caught.value.message == "无法读取该 Excel 文件，文件可能已损坏或加密。", path.name


def test_a_value_calamine_rejects_is_rejected_too(tmp_path, settings):
    bad_number = '<sheetData><row r="1"><c r="A1" t="n"><v>1_000</v></c></row></sheetData>'
    bad_error = '<sheetData><row r="1"><c r="A1" t="e"><v>#WHAT?</v></c></row></sheetData>'
    for sheet_data in (bad_number, bad_error):
        path = hand_made(tmp_path / "r.xlsx", sheet_data)
        for streaming in (False, True):
            with pytest.raises(ApplicationError, match="无法读取该 Excel 文件"):
                read(path, settings, streaming=streaming)


def test_rows_out_of_order_are_refused_rather_than_misread(tmp_path, settings):
    path = hand_made(
        tmp_path / "r.xlsx",
        '<sheetData><row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c>'
        "</row></sheetData>",
    )
    with pytest.raises(ApplicationError, match="行顺序异常"):
        read(path, settings, streaming=True)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", xlsx_stream._DATETIME),
        ('yyyy"年"m"月"d"日"', xlsx_stream._DATETIME),
        ("[$-804]aaaa", xlsx_stream._OTHER),
        ("h:mm AM/PM", xlsx_stream._DATETIME),
        ("[h]:mm:ss", xlsx_stream._TIMEDELTA),
        ("0.00_);[Red](0.00)", xlsx_stream._OTHER),
        ('"Y: "0.00', xlsx_stream._OTHER),
        ("#,##0*y", xlsx_stream._OTHER),
        ("\\Y000000", xlsx_stream._OTHER),
        ("[Red]General", xlsx_stream._OTHER),
    ],
)
def test_date_formats_are_told_as_calamine_tells_them(code, kind):
    assert xlsx_stream.custom_format_kind(code) == kind
