"""Messy cell values become clean ones: dates in every form, full-width text, booleans."""

import datetime

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.normalize import clean_text, header_key, parse_bool, parse_date
from gonghui.core.importing.readers import OLE2_MAGIC, csv_encoding, detect_format

D = datetime.date(2020, 1, 5)


@pytest.mark.parametrize(
    "raw",
    [
        "2020-1-5",
        "2020/01/05",
        "2020年1月5日",
        "20200105",
        "2020.1.5",
        "２０２０－０１－０５",
        43835,
        43835.0,
        "43835",
        datetime.datetime(2020, 1, 5),
        D,
        " 2020-01-05 00:00:00 ",
    ],
)
def test_dates_in_every_form_people_type(raw):
    # given a date typed as text, as an Excel serial or as a date cell / then it is 2020-01-05
    assert parse_date(raw) == D


@pytest.mark.parametrize("raw", ["2020-02-30", "明年", "2020-13-01"])
def test_impossible_dates_are_rejected_in_chinese(raw):
    with pytest.raises(ApplicationError, match="日期"):
        parse_date(raw)


def test_full_width_and_spaces_are_normalized():
    assert clean_text("  张　三\t ") == "张 三"
    assert clean_text("ＡＢＣ１２３") == "ABC123"


def test_header_keys_ignore_notes_and_marks():
    assert header_key("身份证号码（必填）*") == "身份证号码"
    assert header_key(" 姓 名 ") == "姓名"


@pytest.mark.parametrize("raw,expected", [("是", True), ("否", False), ("√", True), ("", False)])
def test_booleans(raw, expected):
    assert parse_bool(raw) is expected


def test_format_is_detected_from_content_not_name():
    # given the first bytes of each kind of file / then the format follows the content
    assert detect_format(b"PK\x03\x04rest") == "xlsx"
    assert detect_format(OLE2_MAGIC + b"rest") == "xls"
    assert detect_format("姓名,身份证号\n".encode("gb18030")) == "csv"
    with pytest.raises(ApplicationError, match="空"):
        detect_format(b"")
    with pytest.raises(ApplicationError, match="无法识别"):
        detect_format(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_csv_encoding_detection():
    assert csv_encoding("\ufeff姓名".encode()) == "utf-8-sig"
    assert csv_encoding("姓名".encode()) == "utf-8"
    assert csv_encoding("姓名".encode("gb18030")) == "gb18030"
