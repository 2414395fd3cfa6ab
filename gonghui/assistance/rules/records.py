"""The rules of a service record (CARE-4) and an in-kind delivery (CARE-2): pure functions
that the service, the API and the beneficiary import all apply.

`record_problems(facts, today)` gives every (field, message) a record breaks; the service
raises the first. `named_totals` is what a record with named beneficiaries shows.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gonghui.core.money import ZERO, money

from ..choices import Recipient, ServiceKind

EARLIEST = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class RecordFacts:
    """What the rules look at (ids and the program's year, no rows)."""

    kind: str
    title: str
    held_on: datetime.date | None
    recipient: str = Recipient.PEOPLE
    employer_id: int | None = None
    site: str = ""
    recipient_union_id: int | None = None
    item: str = ""
    quantity: int = 0
    value: Decimal = ZERO
    amount: Decimal = ZERO
    head_count: int = 0
    program_year: int | None = None


def held_on_problem(held_on: datetime.date | None, today: datetime.date) -> str | None:
    if held_on is None:
        return "请填写日期。"
    if held_on > today:
        return f"日期不能晚于今天（{today:%Y-%m-%d}）：服务办完后再登记。"
    if held_on < EARLIEST:
        return "日期不能早于2000年1月1日。"
    return None


def recipient_problem(facts: RecordFacts) -> tuple[str, str] | None:
    """A delivery to an employer, a site or a union names it."""
    if facts.recipient == Recipient.EMPLOYER and not facts.employer_id:
        return "employer", "发放对象为用人单位时，请选择用人单位。"
    if facts.recipient == Recipient.SITE and not facts.site.strip():
        return "site", "发放对象为工地或场所时，请填写工地或场所名称。"
    if facts.recipient == Recipient.UNION and not facts.recipient_union_id:
        return "recipient_union", "发放对象为基层工会时，请选择受赠的基层工会。"
    return None


def in_kind_problems(facts: RecordFacts) -> list[tuple[str, str]]:
    """An in-kind delivery says what, how many and what it was worth."""
    if facts.kind != ServiceKind.IN_KIND:
        return []
    problems = []
    if not facts.item.strip():
        problems.append(("item", "实物发放请填写物品名称。"))
    if facts.quantity <= 0:
        problems.append(("quantity", "实物发放的数量应大于0。"))
    if facts.value <= 0:
        problems.append(("value", "实物发放请填写物品价值（大于0元）。"))
    return problems


def program_problem(facts: RecordFacts) -> str | None:
    if facts.program_year is None or facts.held_on is None:
        return None
    if facts.program_year != facts.held_on.year:
        return (
            f"所选项目是{facts.program_year}年度的，服务日期（{facts.held_on:%Y-%m-%d}）"
            "须在同一年内。"
        )
    return None


def record_problems(facts: RecordFacts, today: datetime.date) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if facts.kind not in ServiceKind.values:
        problems.append(("kind", "请选择服务类别。"))
    if not facts.title.strip():
        problems.append(("title", "请填写名称。"))
    if wrong := held_on_problem(facts.held_on, today):
        problems.append(("held_on", wrong))
    if facts.recipient not in Recipient.values:
        problems.append(("recipient", "请选择对象。"))
    elif wrong_recipient := recipient_problem(facts):
        problems.append(wrong_recipient)
    problems += in_kind_problems(facts)
    if facts.quantity < 0:
        problems.append(("quantity", "数量不能为负数。"))
    if facts.head_count < 0:
        problems.append(("head_count", "受益人数不能为负数。"))
    if wrong := program_problem(facts):
        problems.append(("program", wrong))
    return problems


def named_totals(amounts: Iterable[Decimal]) -> tuple[int, Decimal]:
    """A record with named beneficiaries: its head count is their number, its amount
    their sum."""
    count, total = 0, ZERO
    for amount in amounts:
        count += 1
        total += money(amount)
    return count, money(total)
