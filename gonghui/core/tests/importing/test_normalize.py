"""Messy cell values become clean ones: dates in every form, full-width text, booleans."""

import datetime
import re

import pytest
from django.db import models
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import normalize_phone
from gonghui.core.importing import spec
from gonghui.core.importing.normalize import (
    DATE_MEMO_LIMIT,
    choice_by_label,
    clean_text,
    header_key,
    is_pure,
    memo_limit,
    parse_bool,
    parse_date,
    parse_int,
    pure_clean,
)
from gonghui.core.importing.readers import OLE2_MAGIC, cell_text, csv_encoding, detect_format
from gonghui.core.importing.spec import Column, MappedColumns, RowInvalid, clean_row
from gonghui.members.choices import Education, Sex
from gonghui.members.importers import (
    _EDUCATION_ALIASES,
    COLUMNS,
    clean_name,
    clean_phone,
)

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


# --- The fast paths give what the general code gives ------------------------------------
# The reference functions below are the definitions before the fast paths were added.

_FULL_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_TRUE = {"是", "y", "yes", "1", "√", "✓", "true", "t", "有"}
_FALSE = {"否", "n", "no", "0", "×", "false", "f", "", "无", "不是"}


def _reference_clean_text(value):
    text = value if isinstance(value, str) else cell_text(value)
    return " ".join(text.translate(_FULL_WIDTH).split())


def _reference_parse_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _reference_serial(float(value))
    if len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    text = str(value).translate(_FULL_WIDTH).strip()
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _reference_serial(float(text))
    for pattern in (
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T\d{1,2}:\d{2}(?::\d{2})?)?$",
        r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$",
        r"^(\d{4})(\d{2})(\d{2})$",
    ):
        if match := re.match(pattern, text):
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError as exc:
                raise ApplicationError(f"日期「{text}」不存在。") from exc
    raise ApplicationError(f"日期「{text}」无法识别，请写成 2020-01-05 或 2020年1月5日。")


def _reference_serial(serial):
    if not 1 <= serial < 110_000:
        raise ApplicationError(f"日期「{serial:g}」无法识别。")
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))


def _reference_parse_bool(value):
    if value == "是" or value == "否":
        return value == "是"
    text = _reference_clean_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApplicationError(f"「{text}」应填“是”或“否”。")


def _reference_parse_int(value, *, minimum=0):
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = re.sub(r"[\s,，]", "", _reference_clean_text(value))
        if not re.fullmatch(r"-?\d+", text):
            raise ApplicationError(f"「{text}」应为整数。")
        number = int(text)
    if number < minimum:
        raise ApplicationError(f"不能小于{minimum}。")
    return number


def _reference_choice(choices, value, aliases=None):
    labels = {str(label): str(code) for code, label in choices.choices}
    known = labels | {str(code): str(code) for code, _label in choices.choices}
    text = _reference_clean_text(value)
    if text in known:
        return known[text]
    if aliases and text in aliases:
        return str(aliases[text])
    raise ApplicationError(f"「{text}」不是可选的值（可选：{'、'.join(labels)}）。")


def _reference_clean_name(raw):
    name = _reference_clean_text(raw)
    if re.fullmatch(r"[\u3400-\u9fff ]+", name):
        name = name.replace(" ", "")
    if not re.match(r"^[\u3400-\u9fffA-Za-z·•.\- ]{2,50}$", name):
        raise ApplicationError("姓名应为2至50个汉字或字母。")
    return name


def _reference_clean_phone(raw):
    return normalize_phone(cell_text(raw))


def outcome(function, *args):
    """What a call gives: ("ok", value and its type) or ("error", message or exception type)."""
    try:
        value = function(*args)
    except ApplicationError as exc:
        return "error", exc.message
    except Exception as exc:  # noqa: BLE001 - the same unexpected failure counts too
        return "error", type(exc).__name__
    return "ok", value, type(value)


# Characters that matter to the cleaning (white space of every kind, full-width forms, digits
# of other scripts, date marks), then anything at all.
_TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200b\u2028\u3000\ufeff"
    "０１２９ＡＺａｚ＋－．／：，（）！～｟\uff5e\uff5f"
    "0123456789-/.:,Tt年月日xXEe+是否√×yesnotrufal"
    "张三王·•汉族高中/专技校大本科研究生男女性٣²"
)
messy_text = st.text(st.sampled_from(_TRICKY), max_size=24) | st.text(max_size=12)
date_like = st.builds(
    lambda y, m, d, sep, tail: f"{y}{sep}{m}{sep}{d}{tail}",
    st.sampled_from(["2020", "1999", "２０２０", "0001", "9999", "202"]),
    st.sampled_from(["1", "01", "02", "12", "13", "１"]),
    st.sampled_from(["5", "05", "29", "30", "31", "00"]),
    st.sampled_from(["-", "/", ".", "", "－"]),
    st.sampled_from(["", " 00:00", " 12:30:00", "T08:00", "日", " ", "\u3000"]),
)
cells = (
    messy_text
    | date_like
    | st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes()
)


def test_regex_white_space_is_what_str_split_splits_on():
    # clean_text's "already clean" pattern relies on \s being exactly str.isspace().
    space = re.compile(r"\s")
    for code in range(0x110000):
        char = chr(code)
        assert char.isspace() == bool(space.match(char)), hex(code)
        assert len(f"a{char}a".split()) == (2 if char.isspace() else 1), hex(code)


@given(messy_text)
@settings(max_examples=500)
def test_clean_text_of_text_is_the_general_definition(text):
    assert outcome(clean_text, text) == outcome(_reference_clean_text, text)


def test_clean_text_of_every_character_is_the_general_definition():
    # white space and full-width forms are all below U+10000 (the test above covers the rest)
    for code in range(0x10000):
        for text in (chr(code), f"张{chr(code)}三", f"a {chr(code)}"):
            assert clean_text(text) == _reference_clean_text(text), hex(code)


@given(cells)
@settings(max_examples=500)
def test_clean_text_of_any_cell_is_the_general_definition(value):
    assert outcome(clean_text, value) == outcome(_reference_clean_text, value)


@given(cells)
@settings(max_examples=500)
def test_parse_date_is_the_general_definition(value):
    assert outcome(parse_date, value) == outcome(_reference_parse_date, value)


@given(cells | st.sampled_from(sorted(_TRUE | _FALSE | {"YES", " 是", "是 ", "ｙｅｓ", "Ｎ"})))
@settings(max_examples=500)
def test_parse_bool_is_the_general_definition(value):
    assert outcome(parse_bool, value) == outcome(_reference_parse_bool, value)


@given(cells | st.integers(-(10**20), 10**20).map(str) | st.sampled_from(["1,000", "１２"]))
@settings(max_examples=500)
def test_parse_int_is_the_general_definition(value):
    assert outcome(parse_int, value) == outcome(_reference_parse_int, value)
    assert outcome(lambda v: parse_int(v, minimum=5), value) == outcome(
        lambda v: _reference_parse_int(v, minimum=5), value
    )


class Odd(models.TextChoices):
    # labels clean_text changes (full-width brackets, two spaces) never match as they are
    PLAIN = "plain", "普通"
    BRACKETS = "brackets", "（含）括号"
    SPACES = "spaces", "两  空格"


choice_values = cells | st.sampled_from(
    [
        *(label for _code, label in Education.choices + Sex.choices + Odd.choices),
        *Education.values,
        *Sex.values,
        *Odd.values,
        *_EDUCATION_ALIASES,
        "男性",
        " 男",
        "男 ",
        "本　科",
        "(含)括号",
        "两 空格",
    ]
)


@given(choice_values)
@settings(max_examples=500)
def test_choice_by_label_is_the_general_definition(value):
    for choices, aliases in (
        (Education, _EDUCATION_ALIASES),
        (Sex, {"男性": Sex.MALE, "女性": Sex.FEMALE}),
        (Odd, None),
    ):
        expected = outcome(_reference_choice, choices, value, aliases)
        assert outcome(choice_by_label, choices, value, aliases) == expected


@given(
    cells | st.sampled_from(["张三", "张 三", "欧阳 娜娜", "John Smith", "张", "Ａｌｉ", "李·四"])
)
@settings(max_examples=500)
def test_clean_name_is_the_general_definition(value):
    assert outcome(clean_name, value) == outcome(_reference_clean_name, value)


phones = st.builds(
    lambda head, body: head + body,
    st.sampled_from(["1", "13", "12", "19", "+861", "861", "１３", " 13", "13-"]),
    st.text(st.sampled_from("0123456789０ -"), max_size=12),
)


@given(cells | phones)
@settings(max_examples=500)
def test_clean_phone_is_the_general_definition(value):
    assert outcome(clean_phone, value) == outcome(_reference_clean_phone, value)


def test_clean_functions_of_a_roster_are_marked_pure_or_not():
    # pure ones may be remembered per import: the join date too, since only accepted dates
    # are remembered and a date not after today stays so
    columns = {column.key: column.clean for column in COLUMNS}
    pure = ("sex", "birth_date", "joined_on", "education", "ethnicity")
    assert all(is_pure(columns[k]) for k in pure)
    assert not is_pure(columns["ric"])


# --- clean_row ----------------------------------------------------------------------------


def _reference_clean_row(columns, cells):
    values, problems = {}, []
    for column, index in columns:
        raw = cells[index] if index < len(cells) else None
        if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
            if column.required:
                problems.append((column.label, "不能为空。"))
            continue
        try:
            values[column.key] = column.clean(raw) if column.clean else raw
        except ApplicationError as exc:
            problems.append((column.label, exc.message))
    if problems:
        raise RowInvalid(problems)
    return values


_ROW_COLUMNS = [
    Column("name", "姓名", required=True, clean=clean_text),
    Column("when", "日期", clean=parse_date),
    Column("flag", "是否", clean=parse_bool),
    Column("raw", "原样"),
    Column("count", "人数", required=True, clean=parse_int),
]


def _row_outcome(columns, cells):
    try:
        return "ok", clean_row(columns, cells)
    except RowInvalid as exc:
        return "invalid", exc.problems
    except Exception as exc:  # noqa: BLE001 - e.g. parse_date(True) fails the same way
        return "error", type(exc).__name__


def _reference_row_outcome(columns, cells):
    try:
        return "ok", _reference_clean_row(columns, cells)
    except RowInvalid as exc:
        return "invalid", exc.problems
    except Exception as exc:  # noqa: BLE001 - e.g. parse_date(True) fails the same way
        return "error", type(exc).__name__


@given(st.lists(st.lists(cells | st.sampled_from(["", " ", "\u3000", "是", "12"]), max_size=6)))
@settings(max_examples=200)
def test_clean_row_is_the_general_definition_row_after_row(rows):
    # one mapping for all the rows, as in an import: remembered results must not leak
    pairs = [(c, i) for i, c in enumerate(_ROW_COLUMNS)]
    mapped = MappedColumns(pairs)
    for cells in rows:
        expected = _reference_row_outcome(pairs, cells)
        assert _row_outcome(mapped, cells) == expected
        assert _row_outcome(pairs, cells) == expected  # a plain list still works


def test_clean_row_reports_every_problem_and_short_rows():
    mapped = MappedColumns([(c, i) for i, c in enumerate(_ROW_COLUMNS)])
    with pytest.raises(RowInvalid) as exc:
        clean_row(mapped, ["  ", "明年", "也许"])
    assert exc.value.problems == [
        ("姓名", "不能为空。"),
        ("日期", "日期「明年」无法识别，请写成 2020-01-05 或 2020年1月5日。"),
        ("是否", "「也许」应填“是”或“否”。"),
        ("人数", "不能为空。"),
    ]
    assert clean_row(mapped, ["张三", "", "是", 7, "1"]) == {
        "name": "张三",
        "flag": True,
        "raw": 7,
        "count": 1,
    }


def test_clean_row_remembers_pure_results_only_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(spec, "_MEMO_LIMIT", 2)
    calls = []

    @pure_clean
    def counted(raw):
        calls.append(raw)
        return raw.upper()

    mapped = MappedColumns([(Column("code", "代码", clean=counted), 0)])
    for text in ["a", "b", "a", "c", "c", "b"]:
        assert clean_row(mapped, [text]) == {"code": text.upper()}
    assert calls == ["a", "b", "c", "c"]  # "c" came after the limit: cleaned each time


def test_a_clean_may_ask_to_remember_more_cells(monkeypatch):
    monkeypatch.setattr(spec, "_MEMO_LIMIT", 1)
    calls = []

    @pure_clean
    @memo_limit(2)
    def counted(raw):
        calls.append(raw)
        return raw.upper()

    mapped = MappedColumns([(Column("code", "代码", clean=counted), 0)])
    for text in ["a", "b", "c", "a", "b", "c"]:
        assert clean_row(mapped, [text]) == {"code": text.upper()}
    assert calls == ["a", "b", "c", "c"]
    assert parse_date.memo_limit == DATE_MEMO_LIMIT  # dates: tens of thousands repeat
