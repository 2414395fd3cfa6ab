"""Build small messy rosters in memory (xlsx via openpyxl, csv in several encodings)."""

import csv
import datetime
import io
import random

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.importing.services import import_start
from gonghui.demo.numbers import ric

HEADER = ["姓名", "身份证号", "性别", "出生日期", "手机号", "入会日期"]


def person(seed: int, *, male: bool = True, birth=datetime.date(1990, 3, 15)) -> list:
    """A valid roster row (RIC matching birth date and sex)."""
    number = ric(random.Random(seed), birth, seed, male=male)
    return [
        "张" + "一二三四五六七八九十"[seed % 10] + "某",
        number,
        "男" if male else "女",
        birth.isoformat(),
        f"1380013{seed:04d}",
        "2020-01-05",
    ]


def xlsx_bytes(rows: list[list], *, title: str | None = None, header=HEADER) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8", header=HEADER) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def upload(content: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def run_import(
    capture, actor, content: bytes, *, union=None, kind="members", dry_run=False, name="花名册.xlsx"
):
    """Start an import and run its job right away (the immediate task backend, after commit)."""
    with capture(execute=True):
        run = import_start(
            actor=actor, kind=kind, upload=upload(content, name), union=union, dry_run=dry_run
        )
    run.refresh_from_db()
    return run


def ric_ending_in_x(start: int = 300) -> str:
    for seed in range(start, start + 400):
        number = ric(random.Random(seed), datetime.date(1985, 6, 1), seed, male=False)
        if number.endswith("X"):
            return number
    raise AssertionError("no RIC ending in X found")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
