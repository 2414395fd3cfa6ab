"""Turn what people type into spreadsheets into clean values (full-width, spaces, dates)."""

import datetime
import re
from functools import lru_cache
from typing import Any

from gonghui.core.errors import ApplicationError

from .readers import cell_text

_FULL_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20  # ideographic space
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap bug)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_TRUE = {"是", "y", "yes", "1", "√", "✓", "true", "t", "有"}
_FALSE = {"否", "n", "no", "0", "×", "false", "f", "", "无", "不是"}


def half_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def clean_text(value: Any) -> str:
    """Half-width, trimmed, inner runs of whitespace collapsed to one space."""
    text = value if isinstance(value, str) else cell_text(value)
    return " ".join(text.translate(_FULL_WIDTH).split())


def header_key(value: Any) -> str:
    """A header cell reduced for matching synonyms: no spaces, marks or notes in brackets."""
    text = re.sub(r"\s+", "", half_width(cell_text(value)))
    text = re.sub(r"\(.*?\)|\[.*?\]|（.*?）|【.*?】", "", text)
    return text.strip("*:：")


def parse_date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel serial number or text in the usual Chinese forms."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    if len(value) == 10 and value[4] == "-":  # the common case, 2020-01-05, fast
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    text = half_width(str(value)).strip()
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time after the date
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
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


def parse_bool(value: Any) -> bool:
    if value == "是" or value == "否":
        return value == "是"
    text = clean_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ApplicationError(f"「{text}」应填“是”或“否”。")


def parse_int(value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = re.sub(r"[\s,，]", "", clean_text(value))
        if not re.fullmatch(r"-?\d+", text):
            raise ApplicationError(f"「{text}」应为整数。")
        number = int(text)
    if number < minimum:
        raise ApplicationError(f"不能小于{minimum}。")
    return number


@lru_cache(maxsize=64)
def _lookup(choices: Any) -> tuple[dict[str, str], str]:
    labels = {str(label): str(code) for code, label in choices.choices}
    codes = {str(code): str(code) for code, _label in choices.choices}
    return labels | codes, "、".join(labels)


def choice_by_label(choices: Any, value: Any, aliases: dict[str, str] | None = None) -> str:
    """The code of a TextChoices member from its Chinese label, its code or an alias."""
    text = clean_text(value)
    known, allowed = _lookup(choices)
    if text in known:
        return known[text]
    if aliases and text in aliases:
        return str(aliases[text])
    raise ApplicationError(f"「{text}」不是可选的值（可选：{allowed}）。")
