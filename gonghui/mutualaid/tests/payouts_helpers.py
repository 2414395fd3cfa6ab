"""Rows and files for the payout tests: approved claims with bank accounts."""

import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.identity import identity_values
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import ClaimState
from gonghui.mutualaid.tests.factories import make_claim, make_enrollment, make_plan


def plan_of(world, year: int = 2013):
    return make_plan(world.district, year)


def approved(plan, union, amount="500.00", account="6222020200112345678", **extra):
    """An approved claim of a new member of `union`, with its amount and bank account."""
    member = extra.pop("member", None) or make_member(union, extra.pop("name", "张三"))
    enrollment = make_enrollment(member, plan)
    extra.setdefault("state", ClaimState.APPROVED)
    extra.setdefault("bank_name", "中国工商银行番禺支行")
    return make_claim(
        enrollment,
        amount=Decimal(amount),
        approved_on=plan.starts_on,
        **identity_values(account=account),
        **extra,
    )


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
