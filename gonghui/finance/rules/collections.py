"""The rules of a tax-bureau collection row (FUND-1), pure functions shared by the importer,
the services and the API: how a 所属期 and a 经费类型 are read, what a row may not say, and
the signed amounts a batch of rows books.

A period is a month, kept as its first day. A row's natural key is (USCC, period, fund kind):
one standing row each; a corrected file reverses the standing row and adds the new one.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.normalize import half_width, parse_date

from ..choices import AccountKind, FundKind

NAME_MAX = 150
VOUCHER_NO_MAX = 40
YEAR_MIN, YEAR_MAX = 1990, 2100

_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*)(\d{1,2})\s*月?(?:份)?$")
_YYYYMM = re.compile(r"^(\d{4})(\d{2})$")
_RANGE = re.compile(r"^(.+?)\s*(?:至|到|~|～|—|－－|--)\s*(.+)$")
_SPACES = re.compile(r"\s+")

FUND_KIND_LABELS = {
    "工会经费": FundKind.UNION_FUND,
    "经费": FundKind.UNION_FUND,
    "工会经费收入": FundKind.UNION_FUND,
    "工会筹备金": FundKind.PREPARATION,
    "筹备金": FundKind.PREPARATION,
    "工会筹备经费": FundKind.PREPARATION,
    "工会建会筹备金": FundKind.PREPARATION,
}


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(period: datetime.date) -> datetime.date:
    return (period.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_label(period: datetime.date) -> str:
    return f"{period.year}年{period.month}月"


def _month(year: int, month: int, text: str) -> datetime.date:
    if not YEAR_MIN <= year <= YEAR_MAX or not 1 <= month <= 12:
        raise ApplicationError(f"所属期「{text}」不是有效的月份。")
    return datetime.date(year, month, 1)


def parse_period(raw: Any) -> datetime.date:
    """A 所属期 as its month's first day: "2013-01", "2013年1月", 201301, a date (its month),
    or a range within one month ("2013-01-01至2013-01-31")."""
    if isinstance(raw, datetime.datetime):
        return _month(raw.year, raw.month, str(raw))
    if isinstance(raw, datetime.date):
        return _month(raw.year, raw.month, str(raw))
    if isinstance(raw, bool):
        raise ApplicationError("所属期应为月份，例如 2013-01。")
    if isinstance(raw, int | float):
        if raw == int(raw) and 100_000 <= raw <= 999_999:  # 201301
            number = int(raw)
            return _month(number // 100, number % 100, str(number))
        day = parse_date(raw)  # an Excel serial number of a date cell
        return _month(day.year, day.month, str(raw))
    text = _SPACES.sub("", half_width(str(raw or "")))
    if not text:
        raise ApplicationError("所属期不能为空。")
    if match := _MONTH.match(text) or _YYYYMM.match(text):
        return _month(int(match.group(1)), int(match.group(2)), text)
    if match := _RANGE.match(text):
        start, end = parse_period(match.group(1)), parse_period(match.group(2))
        if start != end:
            raise ApplicationError(f"所属期「{text}」跨越多个月，每行应为一个月。")
        return start
    try:
        day = parse_date(text)
    except ApplicationError:
        day = None
    if day is None:
        raise ApplicationError(f"所属期「{text}」无法识别，请写成 2013-01 或 2013年1月。")
    return _month(day.year, day.month, text)


def parse_fund_kind(raw: Any) -> str:
    """工会经费 or 工会筹备金 (and the words a tax file uses for them)."""
    text = _SPACES.sub("", half_width(str(raw or "")))
    kind = FUND_KIND_LABELS.get(text)
    if kind is None:
        for code, label in FundKind.choices:
            if text in (code, label):
                return code
        raise ApplicationError(f"经费类型「{text}」无法识别，应为“工会经费”或“工会筹备金”。")
    return str(kind)


def row_problems(row: dict[str, Any], today: datetime.date) -> list[tuple[str, str]]:
    """(field, message) of each rule a row breaks. `row` holds period, collected_on, amount,
    payroll (Decimals with two places, not negative: parse_money saw to it), employer_name
    and voucher_no."""
    problems: list[tuple[str, str]] = []
    period, collected = row.get("period"), row.get("collected_on")
    if period is not None and period > month_start(today):
        problems.append(("period", f"所属期{month_label(period)}晚于本月，请核对。"))
    if collected is not None:
        if collected > today:
            problems.append(("collected_on", f"代收日期{collected:%Y-%m-%d}晚于今天，请核对。"))
        if period is not None and collected < period:
            problems.append(
                (
                    "collected_on",
                    f"代收日期{collected:%Y-%m-%d}早于所属期{month_label(period)}，请核对。",
                )
            )
    amount, payroll = row.get("amount"), row.get("payroll")
    if amount is not None and payroll and amount > payroll:
        problems.append(("amount", "代收金额大于工资总额，请核对两列是否填反。"))
    if len(row.get("employer_name") or "") > NAME_MAX:
        problems.append(("employer_name", f"单位名称最多{NAME_MAX}个字。"))
    if len(row.get("voucher_no") or "") > VOUCHER_NO_MAX:
        problems.append(("voucher_no", f"税票号最多{VOUCHER_NO_MAX}个字符。"))
    return problems


def same_money(row: dict[str, Any], standing: dict[str, Any]) -> bool:
    """Whether a file's row says what the standing row says in its money columns."""
    return (
        row["amount"] == standing["amount"]
        and row["payroll"] == standing["payroll"]
        and row["collected_on"] == standing["collected_on"]
    )


def booked_amounts(rows: Iterable[tuple[Decimal, bool]]) -> dict[str, Decimal]:
    """The signed amounts (+ debit, − credit) by account kind that collected rows book, each
    given as (amount, matched): Dr 银行存款 / Cr 待分配 (matched) or 待认领 (not matched). A
    reversal row's amount is negative, so it books the mirror. Balanced by construction."""
    matched = unmatched = Decimal("0.00")
    for amount, is_matched in rows:
        if is_matched:
            matched += amount
        else:
            unmatched += amount
    return {
        AccountKind.CASH: matched + unmatched,
        AccountKind.UNALLOCATED: -matched,
        AccountKind.UNMATCHED: -unmatched,
    }


def payroll_change(previous: Decimal, current: Decimal) -> Decimal | None:
    """The month-on-month change of a payroll as a fraction (0.5 = +50%); None from zero."""
    if not previous or previous <= 0:
        return None
    return (current - previous) / previous
