"""Rows and files for the payment tests: approved grants with bank accounts."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.choices import GrantState
from gonghui.assistance.tests.factories import make_grant, make_program
from gonghui.core.crypto import blind_index


def approved(program, union, amount="500", account="6222020200112345678", **extra):
    extra.setdefault("state", GrantState.APPROVED)
    extra.setdefault("bank_name", "中国工商银行番禺支行")
    return make_grant(
        program,
        union,
        amount,
        account=account,
        account_hash=blind_index(account, purpose="account"),
        account_last4=account[-4:],
        **extra,
    )


def district_program(world, **extra):
    return make_program(world.district, **extra)


def xlsx(rows, header=("申请编号", "结果", "失败原因", "日期")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name="回盘.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def sheet_rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
