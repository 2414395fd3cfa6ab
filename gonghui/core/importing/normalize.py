"""Turn what people type into spreadsheets into clean values (full-width, spaces, dates).

An import runs these on millions of cells, and most cells are already clean ("汉族",
"2020-01-05", "是"): each function first tries a cheap exact check that gives the same
result as the general path, and only then does the general (translate, regex) work.
"""

import datetime
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from gonghui.core.errors import ApplicationError

from .readers import cell_text

_FULL_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20  # ideographic space
# Text that clean_text leaves as it is: no full-width characters, no white space (U+3000
# included) but single spaces between words. `\s` is exactly str.isspace(), which is what
# str.split() splits on (checked over every code point in the tests).
_ALREADY_CLEAN = re.compile(r"[^\s\uff01-\uff5e]+(?: [^\s\uff01-\uff5e]+)*")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap bug)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_SPACES = re.compile(r"\s+")
_SERIAL = re.compile(r"\d{5}(\.\d+)?")
_HEADER_NOTES = re.compile(r"\(.*?\)|\[.*?\]|（.*?）|【.*?】")
_INT_NOISE = re.compile(r"[\s,，]")
_INT = re.compile(r"-?\d+")
_TRUE = {"是", "y", "yes", "1", "√", "✓", "true", "t", "有"}
_FALSE = {"否", "n", "no", "0", "×", "false", "f", "", "无", "不是"}
_fromisoformat = datetime.date.fromisoformat
_Clean = TypeVar("_Clean", bound=Callable[..., Any])


def pure_clean(clean: _Clean) -> _Clean:
    """Mark a clean function whose result depends on the cell alone and is immutable (str,
    bool, date …): clean_row then reuses the result when the same cell text comes again.
    Only results are reused, never errors: a clean that also depends on something that only
    moves one way, such as "not after today", is pure for an import as long as a result
    once given stays right (a date in the past stays there)."""
    clean.pure_clean = True  # type: ignore[attr-defined]
    return clean


def is_pure(clean: Any) -> bool:
    return getattr(clean, "pure_clean", False) is True


# Distinct cells of a date column that an import remembers: about 55 years of days, which a
# roster's birth and join dates fill (a 10-character str and a date each, about 2 MB).
DATE_MEMO_LIMIT = 20_000


def memo_limit(limit: int) -> Callable[[_Clean], _Clean]:
    """How many distinct cells of a column clean_row remembers for this pure clean, when
    more than its default pay (dates: tens of thousands, each repeated)."""

    def mark(clean: _Clean) -> _Clean:
        clean.memo_limit = limit  # type: ignore[attr-defined]
        return clean

    return mark


def half_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


@pure_clean
def clean_text(value: Any) -> str:
    """Half-width, trimmed, inner runs of whitespace collapsed to one space."""
    if value.__class__ is str and _ALREADY_CLEAN.fullmatch(value):
        return value
    text = value if isinstance(value, str) else cell_text(value)
    return " ".join(text.translate(_FULL_WIDTH).split())


# Exact cells parse_bool knows without cleaning: only keys that clean_text().lower() keeps.
_BOOL_EXACT = {
    text: flag
    for flag, texts in ((True, _TRUE), (False, _FALSE))
    for text in texts
    if clean_text(text).lower() == text
}


def header_key(value: Any) -> str:
    """A header cell reduced for matching synonyms: no spaces, marks or notes in brackets."""
    text = _SPACES.sub("", half_width(cell_text(value)))
    text = _HEADER_NOTES.sub("", text)
    return text.strip("*:：")


@pure_clean
@memo_limit(DATE_MEMO_LIMIT)
def parse_date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel serial number or text in the usual Chinese forms."""
    if value.__class__ is str:  # the usual cell: skip the checks for other types
        if len(value) == 10 and value[4] == "-":  # the common case, 2020-01-05, fast
            try:
                return _fromisoformat(value)
            except ValueError:
                pass
        elif not value:
            return None
        return _parse_date_text(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    if len(value) == 10 and value[4] == "-":
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
    return _parse_date_text(value)


def _parse_date_text(value: Any) -> datetime.date | None:
    text = half_width(str(value)).strip()
    text = _TIME_TAIL.sub("", text)  # a time after the date
    text = _SPACES.sub("", text)
    if not text:
        return None
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError as exc:
                raise ApplicationError(f"日期「{text}」不存在。") from exc
    raise ApplicationError(f"日期「{text}」无法识别，请写成 2020-01-05 或 2020年1月5日。")


def _from_serial(serial: float) -> datetime.date:
    if not 1 <= serial < 110_000:
        raise ApplicationError(f"日期「{serial:g}」无法识别。")
    return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))


@pure_clean
def parse_bool(value: Any) -> bool:
    if value.__class__ is str and (flag := _BOOL_EXACT.get(value)) is not None:
        return flag
    text = clean_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApplicationError(f"「{text}」应填“是”或“否”。")


@pure_clean
def parse_int(value: Any, *, minimum: int = 0) -> int:
    if value.__class__ is str and value.isascii() and value.isdigit():
        number = int(value)  # plain digits: nothing for the general path to remove
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _INT_NOISE.sub("", clean_text(value))
        if not _INT.fullmatch(text):
            raise ApplicationError(f"「{text}」应为整数。")
        number = int(text)
    if number < minimum:
        raise ApplicationError(f"不能小于{minimum}。")
    return number


@lru_cache(maxsize=64)
def _lookup(choices: Any) -> tuple[dict[str, str], str, dict[str, str]]:
    """(label or code -> code, the labels for the message, the same for exact cells).

    The last dict holds only the keys clean_text keeps as they are, so an exact cell found
    there gives what the general path would.
    """
    labels = {str(label): str(code) for code, label in choices.choices}
    codes = {str(code): str(code) for code, _label in choices.choices}
    known = labels | codes
    exact = {text: code for text, code in known.items() if clean_text(text) == text}
    return known, "、".join(labels), exact


def choice_by_label(choices: Any, value: Any, aliases: dict[str, str] | None = None) -> str:
    """The code of a TextChoices member from its Chinese label, its code or an alias."""
    known, allowed, exact = _lookup(choices)
    if value.__class__ is str and (code := exact.get(value)) is not None:
        return code
    text = clean_text(value)
    if text in known:
        return known[text]
    if aliases and text in aliases:
        return str(aliases[text])
    raise ApplicationError(f"「{text}」不是可选的值（可选：{allowed}）。")
