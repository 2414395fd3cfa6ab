"""Spreadsheet output shared by every export (MEM-5): streaming .xlsx, formula-safe cells."""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Make text that a spreadsheet would run as a formula inert (leading apostrophe)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    on_row: Any = None,
    text_columns: Sequence[int] = (),
) -> int:
    """Write rows with constant memory; every cell is written as text or number, never formula.

    `text_columns` (0-based) are formatted as text, so what a person types there later (a RIC)
    stays text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    ws = workbook.add_worksheet(sheet)
    text = workbook.add_format({"num_format": "@"})
    for column in text_columns:
        ws.set_column(column, column, 22, text)
    bold = workbook.add_format({"bold": True})
    ws.write_row(0, 0, list(headers), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        ws.write_row(
            count,
            0,
            [safe_cell(v) if not isinstance(v, bool) else ("是" if v else "否") for v in row],
        )
        if on_row is not None:
            on_row(count)
    workbook.close()
    return count
