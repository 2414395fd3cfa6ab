"""Rules of programs and grants (CARE-2) as pure functions: who a program is for, how much a
person may get, and the budget's arithmetic. The apply service, the application importer,
the approval (one by one and in a batch) and the API all apply these."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.core.money import ZERO, allocate, money, money_text

from ..choices import Eligibility, HardshipCategory


@dataclass(frozen=True)
class Facts:
    """What is known of a person when they apply (services.grants.applicant_facts)."""

    # The category of the person's open hardship file ("" for none open).
    file_category: str = ""
    file_state: str = ""
    is_model_worker: bool = False
    admission_letter: bool = False  # an admission letter among the documents
    admission_year: int | None = None
    child_name: str = ""
    injury_determination: bool = False  # a work-injury determination among the documents


def category_labels(codes: Sequence[str]) -> str:
    labels = dict(HardshipCategory.choices)
    return "、".join(str(labels.get(c, c)) for c in codes)


def ineligibility(program: Any, facts: Facts) -> list[str]:
    """Why the person may not receive a grant of `program` (empty: eligible), in Chinese.

    `program` needs `eligibility`, `hardship_categories` and `year`."""
    rule = program.eligibility
    reasons: list[str] = []
    if rule == Eligibility.HARDSHIP_FILE:
        admitted = list(program.hardship_categories or [])
        if not facts.file_category:
            reasons.append("此人没有在档的困难职工档案（本项目只资助在档困难职工）。")
        elif admitted and facts.file_category not in admitted:
            reasons.append(
                f"此人的困难类别为「{category_labels([facts.file_category])}」，"
                f"本项目只资助{category_labels(admitted)}职工。"
            )
    elif rule == Eligibility.SCHOOL_ADMISSION:
        if not facts.child_name:
            reasons.append("请填写入学子女的姓名。")
        if not facts.admission_letter:
            reasons.append("缺少录取通知书（本项目凭录取通知书资助当年入学的子女）。")
        if facts.admission_year != program.year:
            given = f"{facts.admission_year}年" if facts.admission_year else "未填写"
            reasons.append(f"入学年份为{given}，本项目只资助{program.year}年入学的子女。")
    elif rule == Eligibility.MODEL_WORKER:
        if not facts.is_model_worker:
            reasons.append("此人不是登记在册的劳模（本项目只慰问劳模）。")
    elif rule == Eligibility.WORK_INJURY and not facts.injury_determination:
        reasons.append("缺少工伤认定书（本项目只慰问因工受伤职工）。")
    return reasons


def amount_for(program: Any, amount: Decimal | None) -> Decimal | None:
    """The amount a grant is for: the one given, else the program's standard amount."""
    if amount is None or amount == "":
        return program.standard_amount
    return money(amount)


def amount_problem(program: Any, amount: Decimal | None) -> str | None:
    """Why `amount` does not fit the program (a standard amount, or at most the cap)."""
    if amount is None:
        return "请填写金额（本项目没有标准金额）。"
    if amount <= ZERO:
        return "金额应大于0。"
    standard, cap = program.standard_amount, program.cap_amount
    if standard is not None and cap is None and money(amount) != money(standard):
        return f"本项目每人标准金额为 {money_text(standard)} 元，不能填写 {money_text(amount)} 元。"
    if cap is not None and amount > cap:
        return f"金额 {money_text(amount)} 元超过每人上限 {money_text(cap)} 元。"
    return None


def budget_left(budget: Decimal, committed: Decimal) -> Decimal:
    """What is left of a budget once the committed grants (approved or paid) are counted."""
    return money(budget) - money(committed)


def over_budget(budget: Decimal, committed: Decimal, amount: Decimal) -> Decimal:
    """By how much approving `amount` would exceed the budget (zero: it fits)."""
    over = money(committed) + money(amount) - money(budget)
    return over if over > ZERO else ZERO


def over_budget_message(where: str, budget: Decimal, committed: Decimal, amount: Decimal) -> str:
    over = over_budget(budget, committed, amount)
    return (
        f"批准后将超出{where}预算 {money_text(over)} 元（预算 {money_text(budget)} 元，"
        f"已批准 {money_text(committed)} 元，本笔 {money_text(amount)} 元）。"
    )


def shares_over(budget: Decimal, shares: Sequence[Decimal]) -> Decimal:
    """By how much the towns' shares exceed the program's budget (zero: they fit)."""
    over = sum((money(s) for s in shares), ZERO) - money(budget)
    return over if over > ZERO else ZERO


def split_by_members(budget: Decimal, member_counts: Sequence[int]) -> list[Decimal]:
    """The budget split in proportion to the towns' member counts (parts sum to it)."""
    return allocate(money(budget), list(member_counts))


def program_dates_problem(opens_on: Any, closes_on: Any) -> str | None:
    if opens_on and closes_on and closes_on < opens_on:
        return "申报截止日期不能早于申报开始日期。"
    return None


def amounts_problem(standard: Decimal | None, cap: Decimal | None) -> str | None:
    """A program has a standard amount or a cap (or both: the standard is then a default)."""
    if standard is None and cap is None:
        return "请填写标准金额或每人上限。"
    if standard is not None and standard <= ZERO:
        return "标准金额应大于0。"
    if cap is not None and cap <= ZERO:
        return "每人上限应大于0。"
    if standard is not None and cap is not None and standard > cap:
        return "标准金额不能高于每人上限。"
    return None


def closed_reason(program: Any, day: Any) -> str | None:
    """Why the program takes no application on `day` (None: it does)."""
    if not program.is_open:
        return f"「{program}」已停止接受申报。"
    if program.opens_on and day < program.opens_on:
        return f"「{program}」自 {program.opens_on:%Y-%m-%d} 起接受申报。"
    if program.closes_on and day > program.closes_on:
        return f"「{program}」的申报已于 {program.closes_on:%Y-%m-%d} 截止。"
    return None


def grant_number(year: int, pk: int) -> str:
    """ZJ + year + six digits of the row's id: ZJ2026000123."""
    return f"ZJ{year}{pk:06d}"
