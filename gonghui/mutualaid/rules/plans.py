"""Rules of plan years (CARE-3) as pure functions: what a plan year's figures and its benefit
items may be, how a ratio typed as a percentage reads, how a year is copied to the next, and
each item's formula written out in Chinese. The services, the pages and the API all apply
these; none of the figures is fixed here (domain-rules §10: every one is a setting).

A problem is `(field, message)`: the field it concerns (an item's are `<kind>_<name>`, as
the plan page and the API's errors name them) and a Chinese message naming it.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from gonghui.core.money import ZERO, money_text

from ..choices import BenefitKind, CountedWhen

Problem = tuple[str, str]

YEAR_MIN, YEAR_MAX = 2000, 2100
AGE_MIN, AGE_MAX = 16, 70
WAITING_MAX = 365
WINDOW_MIN, WINDOW_MAX = 1, 1095
NAME_MAX, NOTE_MAX, ITEM_NAME_MAX, DISEASE_NAME_MAX, CODE_MAX = 100, 2000, 50, 60, 30
HUNDRED = Decimal(100)
CODE_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_MAX}}}")
# The model keeps a ratio with four places: a percentage with two ("62.50%").
RATIO_PLACES = Decimal("0.0001")

# The figures of a plan year (the name, the note and the demo label are not).
PLAN_FIGURES = (
    "year",
    "starts_on",
    "ends_on",
    "enroll_closes_on",
    "contribution",
    "age_limit_male",
    "age_limit_female",
    "waiting_days",
    "claim_window_days",
    "counted_when",
)
ITEM_FIGURES = ("deductible", "ratio", "per_claim_cap", "yearly_cap", "waiting_applies")
# The formula kinds: (own cost − deductible) × ratio, capped; critical illness is a lump sum.
SHARE_KINDS = (BenefitKind.INPATIENT, BenefitKind.ACCIDENT)
KIND_ORDER = {BenefitKind.INPATIENT: 1, BenefitKind.CRITICAL: 2, BenefitKind.ACCIDENT: 3}


def item_defaults(kind: str) -> dict[str, Any]:
    """A new item's starting values: no figures, and the waiting period for every kind but
    accidents (domain-rules §10: none for accidents)."""
    return {
        "name": str(BenefitKind(kind).label),
        "deductible": ZERO,
        "ratio": Decimal(0),
        "per_claim_cap": None,
        "yearly_cap": None,
        "waiting_applies": kind != BenefitKind.ACCIDENT,
    }


# ---- percentages ------------------------------------------------------------------------------


def percent_problem(percent: Decimal, label: str = "资助比例") -> str | None:
    """What is wrong with a percentage (None: a ratio of 0–100 % with at most two places)."""
    if not percent.is_finite():
        return f"{label}应为 0 至 100 之间的数字（百分比），如 60。"
    if percent < 0 or percent > HUNDRED:
        return f"{label}应在 0% 至 100% 之间。"
    if (percent / HUNDRED).quantize(RATIO_PLACES) != percent / HUNDRED:
        return f"{label}最多两位小数，如 62.25。"
    return None


def parse_percent(raw: Any, label: str = "资助比例") -> tuple[Decimal | None, str | None]:
    """A percentage as typed ("60", "62.5%", "６０") → (ratio 0–1, None), or (None, message)."""
    text = str(raw if raw is not None else "").strip().rstrip("%％").strip()
    if not text:
        return None, f"请填写{label}（百分比，如 60）。"
    try:
        percent = Decimal(text)
    except InvalidOperation:
        return None, f"{label}应为 0 至 100 之间的数字（百分比），如 60。"
    if problem := percent_problem(percent, label):
        return None, problem
    return (percent / HUNDRED).quantize(RATIO_PLACES), None


def percent_text(ratio: Decimal) -> str:
    """0.6 → "60%", 0.625 → "62.5%"."""
    text = format((Decimal(ratio) * HUNDRED).normalize(), "f")
    return f"{text}%"


# ---- a plan year --------------------------------------------------------------------------


def shift_year(day: datetime.date, years: int = 1) -> datetime.date:
    """The same day `years` later; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_name(name: str, year: int) -> str:
    """The copy's name: the year in it moved on ("2013年度…" → "2014年度…")."""
    if str(year) in name:
        return name.replace(str(year), str(year + 1))
    return f"{year + 1}年度{name}"[:NAME_MAX]


def _between(field: str, label: str, value: Any, low: int, high: int, unit: str) -> list:
    if value is None or value == "":
        return [(field, f"请填写{label}。")]
    if not low <= int(value) <= high:
        return [(field, f"{label}应在 {low} 至 {high} {unit}之间。")]
    return []


def _period_problems(plan: Any) -> list[Problem]:
    start, end, closes = plan.starts_on, plan.ends_on, plan.enroll_closes_on
    if start is None:
        return [("starts_on", "请填写保障期开始日期。")]
    if end is None:
        return [("ends_on", "请填写保障期结束日期。")]
    if end <= start:
        return [("ends_on", "保障期结束日期应晚于开始日期。")]
    if not YEAR_MIN - 1 <= start.year <= YEAR_MAX:  # a year later must be a date too
        return [("starts_on", f"保障期开始日期应在 {YEAR_MIN - 1} 至 {YEAR_MAX} 年之间。")]
    if end >= shift_year(start):
        return [("ends_on", "保障期最长一年（结束日期应早于开始日期的一年后）。")]
    if plan.year is not None and not start.year <= int(plan.year) <= end.year:
        return [("starts_on", f"保障期（{start:%Y-%m-%d}至{end:%Y-%m-%d}）不在{plan.year}年度内。")]
    if closes is not None and not start <= closes <= end:
        return [
            (
                "enroll_closes_on",
                f"参保截止日期应在保障期内（{start:%Y-%m-%d}至{end:%Y-%m-%d}）。",
            )
        ]
    return []


def plan_problems(plan: Any) -> list[Problem]:
    """Every problem of a plan year's own values (`plan` has the model's attributes; money
    already parsed). Empty: the values may be saved."""
    problems: list[Problem] = []
    if plan.year is None or not YEAR_MIN <= int(plan.year) <= YEAR_MAX:
        problems.append(("year", f"年度应在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。"))
    if not (plan.name or "").strip():
        problems.append(("name", "请填写计划名称。"))
    elif len(plan.name) > NAME_MAX:
        problems.append(("name", f"计划名称最多 {NAME_MAX} 个字。"))
    problems += _period_problems(plan)
    if plan.contribution is None:
        problems.append(("contribution", "请填写每人缴费金额。"))
    elif plan.contribution < ZERO:
        problems.append(("contribution", "每人缴费不能为负数。"))
    for field, label in (
        ("age_limit_male", "男职工年龄上限"),
        ("age_limit_female", "女职工年龄上限"),
    ):
        problems += _between(field, label, getattr(plan, field), AGE_MIN, AGE_MAX, "岁")
    problems += _between("waiting_days", "新参保观察期", plan.waiting_days, 0, WAITING_MAX, "天")
    problems += _between(
        "claim_window_days",
        "申请时限（出院后天数）",
        plan.claim_window_days,
        WINDOW_MIN,
        WINDOW_MAX,
        "天",
    )
    if plan.counted_when not in CountedWhen.values:
        problems.append(("counted_when", "参保生效方式不正确，请选择缴费到账后生效或登记即生效。"))
    if len(plan.note or "") > NOTE_MAX:
        problems.append(("note", f"说明最多 {NOTE_MAX} 个字。"))
    return problems


def overlap_message(year: int, starts_on: datetime.date, ends_on: datetime.date) -> str:
    return (
        f"保障期与{year}年度计划的保障期（{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}）重叠："
        "同一天只能属于一个计划年度。"
    )


def frozen_message(committed: int) -> str:
    """Why a plan year's figures may no longer change."""
    return (
        f"本年度已有 {committed} 件互助金申请已批准或已发放，它们是按本年度现行标准计算的，"
        "不能再修改本年度的标准（名称和说明仍可修改）。如需调整，请复制到下一年度后修改。"
    )


# ---- benefit items ----------------------------------------------------------------------------


def item_label(kind: str) -> str:
    return str(BenefitKind(kind).label)


def item_problems(kind: str, item: Any) -> list[Problem]:
    """Problems of one benefit item's values; fields are named `<kind>_<name>`."""
    label = item_label(kind)
    problems: list[Problem] = []
    name = (item.name or "").strip()
    if not name:
        problems.append((f"{kind}_name", f"请填写{label}的名称。"))
    elif len(name) > ITEM_NAME_MAX:
        problems.append((f"{kind}_name", f"{label}的名称最多 {ITEM_NAME_MAX} 个字。"))
    if item.deductible is None or item.deductible < ZERO:
        problems.append((f"{kind}_deductible", f"{label}的起付金额不能为负数。"))
    ratio = item.ratio if item.ratio is not None else Decimal(-1)
    if not ZERO <= ratio <= 1:
        problems.append((f"{kind}_ratio", f"{label}的资助比例应在 0% 至 100% 之间。"))
    elif ratio.quantize(RATIO_PLACES) != ratio:
        problems.append((f"{kind}_ratio", f"{label}的资助比例最多两位小数（百分比）。"))
    for field, what in (("per_claim_cap", "每次上限"), ("yearly_cap", "年度上限")):
        value = getattr(item, field)
        if value is not None and value < ZERO:
            problems.append((f"{kind}_{field}", f"{label}的{what}不能为负数。"))
    per_claim, yearly = item.per_claim_cap, item.yearly_cap
    if per_claim is not None and yearly is not None and ZERO <= yearly < per_claim:
        problems.append(
            (
                f"{kind}_per_claim_cap",
                f"{label}的每次上限（{money_text(per_claim)}）不能高于年度上限"
                f"（{money_text(yearly)}）。",
            )
        )
    return problems


def disease_problems(
    name: str, code: str, amount: Any, *, names: set[str], codes: set[str]
) -> list[Problem]:
    """Problems of one listed disease; `names` and `codes` are the item's other diseases'."""
    problems: list[Problem] = []
    name = (name or "").strip()
    if not name:
        problems.append(("disease_name", "请填写病种名称。"))
    elif len(name) > DISEASE_NAME_MAX:
        problems.append(("disease_name", f"病种名称最多 {DISEASE_NAME_MAX} 个字。"))
    elif name in names:
        problems.append(("disease_name", f"已有病种「{name}」。"))
    if code and not CODE_PATTERN.fullmatch(code):
        problems.append(("disease_code", "病种代码只能用字母、数字、“-”和“_”，最多30个字符。"))
    elif code and code in codes:
        problems.append(("disease_code", f"病种代码「{code}」已被使用。"))
    if amount is None or amount <= ZERO:
        problems.append(("disease_amount", "病种的资助金额应大于 0。"))
    return problems


def open_problems(kinds: list[str], disease_count: int) -> list[str]:
    """Why a plan year may not start taking enrollments (empty: it may)."""
    problems = []
    if not kinds:
        problems.append("本年度还没有任何互助项目，请先设置互助项目再开始接受参保。")
    if BenefitKind.CRITICAL in kinds and disease_count == 0:
        problems.append("重大疾病互助还没有列出任何病种，请先添加病种及其资助金额。")
    return problems


def _caps_text(item: Any) -> str:
    parts = []
    if item.per_claim_cap is not None:
        parts.append(f"每次最高 {money_text(item.per_claim_cap)}")
    if item.yearly_cap is not None:
        parts.append(f"年度最高 {money_text(item.yearly_cap)}")
    return "，".join(parts) if parts else "不设上限"


def formula_text(item: Any) -> str:
    """The item's formula in words, as the plan page shows it:
    "（个人自付 − 起付 500.00）× 60%，每次最高 10,000.00，年度最高 30,000.00"."""
    if item.kind == BenefitKind.CRITICAL:
        text = "确诊所列病种之一，按病种一次性资助（同一病种本年度限一次）"
        if item.yearly_cap is not None:
            text += f"，年度最高 {money_text(item.yearly_cap)}"
        return text
    ratio = percent_text(item.ratio)
    if item.deductible and item.deductible > ZERO:
        base = f"（个人自付 − 起付 {money_text(item.deductible)}）× {ratio}"
    else:
        base = f"个人自付 × {ratio}"
    return f"{base}，{_caps_text(item)}"


def waiting_text(item: Any, waiting_days: int) -> str:
    if not item.waiting_applies:
        return "不设观察期"
    if not waiting_days:
        return "观察期 0 天"
    return f"新参保 {waiting_days} 天观察期内不予资助（续保不设观察期）"
