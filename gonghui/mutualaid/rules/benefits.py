"""A claim's benefit per item of its plan year (CARE-3): pure functions, exact in Decimal.

Inpatient and accident aid: (own cost − deductible, not below 0) × ratio, rounded half up
to the fen ONCE, right after the multiplication (`core.money.money`); every later step is a
min() of amounts that already have two places (the per-claim cap, the yearly cap less what
the member has committed under the item this plan year), so nothing is rounded twice and
the result is exact to the fen. Critical-illness aid: the listed disease's lump sum, once
per disease per plan year (a second claim of one disease gets 0 with the reason), under the
item's caps when it has any.

Each function returns an `Outcome`: the amount and the calculation in Chinese, line by line,
as the claim's page shows it and `ClaimBenefit.lines` keeps it ("自付 12,345.60 − 起付 500.00 =
11,845.60 × 60% = 7,107.36，本年已领 2,000.00，年度上限 30,000.00").
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.core.money import ZERO, money, money_text

from ..choices import BenefitKind, EventKind
from . import claims as claim_rules


@dataclass(frozen=True)
class ItemTerms:
    """What a plan year's benefit item says (models.BenefitItem, as plain values)."""

    kind: str
    name: str
    deductible: Decimal = ZERO
    ratio: Decimal = Decimal(0)
    per_claim_cap: Decimal | None = None
    yearly_cap: Decimal | None = None
    waiting_applies: bool = True


@dataclass
class Outcome:
    """An item's amount, its calculation, and why it is less than the formula gives."""

    amount: Decimal
    lines: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def percent(ratio: Decimal) -> str:
    """0.6 -> "60%", 0.655 -> "65.5%" (no exponent, no trailing zeros)."""
    text = format((Decimal(ratio) * 100).normalize(), "f")
    return f"{text}%"


def _capped(amount: Decimal, terms: ItemTerms, committed: Decimal, out: Outcome) -> None:
    """`amount` under the per-claim cap, then under the yearly cap less `committed`."""
    if terms.per_claim_cap is not None and amount > terms.per_claim_cap:
        amount = money(terms.per_claim_cap)
        out.lines.append(f"超过每次上限 {money_text(terms.per_claim_cap)}，按 {money_text(amount)}")
        out.reasons.append(f"{terms.name}超过每次上限 {money_text(terms.per_claim_cap)}")
    if terms.yearly_cap is not None:
        left = max(money(terms.yearly_cap) - money(committed), ZERO)
        if amount > left:
            amount = left
            out.lines.append(
                f"超过年度上限，按本年尚可领取的 {money_text(terms.yearly_cap)} − "
                f"{money_text(committed)} = {money_text(left)}"
            )
            out.reasons.append(
                f"{terms.name}超过年度上限 {money_text(terms.yearly_cap)}"
                f"（本年已领 {money_text(committed)}）"
            )
    out.amount = amount
    out.lines.append(f"核定 {money_text(amount)}")


def _yearly_text(terms: ItemTerms, committed: Decimal) -> str:
    if terms.yearly_cap is None:
        return ""
    return f"，本年已领 {money_text(committed)}，年度上限 {money_text(terms.yearly_cap)}"


def share_benefit(terms: ItemTerms, own_cost: Decimal, committed: Decimal = ZERO) -> Outcome:
    """Inpatient or accident aid for `own_cost`, the member having `committed` already."""
    own = money(own_cost)
    base = max(own - money(terms.deductible), ZERO)
    product = money(base * Decimal(terms.ratio))  # the one rounding (module doc)
    first = (
        f"自付 {money_text(own)} − 起付 {money_text(terms.deductible)} = {money_text(base)}"
        f" × {percent(terms.ratio)} = {money_text(product)}"
    )
    if own < money(terms.deductible):
        first = f"自付 {money_text(own)} 未超过起付 {money_text(terms.deductible)}，为 0.00"
    out = Outcome(ZERO, [first + _yearly_text(terms, committed)])
    _capped(product, terms, committed, out)
    return out


def critical_benefit(
    terms: ItemTerms,
    disease: str,
    lump_sum: Decimal,
    *,
    committed: Decimal = ZERO,
    taken_by: str = "",
) -> Outcome:
    """The lump sum of `disease`; 0 when the member already has it this plan year
    (`taken_by`: the claim that holds it)."""
    if taken_by:
        why = f"「{disease}」本年度已由 {taken_by} 获得重大疾病互助，每种病种每年度限一次"
        return Outcome(ZERO, [why, "核定 0.00"], [why])
    out = Outcome(
        ZERO, [f"「{disease}」一次性资助 {money_text(lump_sum)}" + _yearly_text(terms, committed)]
    )
    _capped(money(lump_sum), terms, committed, out)
    return out


def refused(reasons: Iterable[str]) -> Outcome:
    """An item the claim gets nothing under, and why."""
    reasons = list(reasons)
    return Outcome(ZERO, [f"不予资助：{r}" for r in reasons] + ["核定 0.00"], reasons)


def kinds_for(event_kind: str, *, has_stay: bool, has_disease: bool) -> list[str]:
    """The items a claim is computed under: an illness with a hospital stay gets inpatient
    aid, and critical-illness aid when a listed disease is chosen; an accident gets
    accident aid."""
    if event_kind == EventKind.ACCIDENT:
        return [BenefitKind.ACCIDENT]
    kinds = []
    if has_stay:
        kinds.append(BenefitKind.INPATIENT)
    if has_disease:
        kinds.append(BenefitKind.CRITICAL)
    return kinds


@dataclass(frozen=True)
class ItemContext:
    """An item as one claim meets it: its terms, what the member has committed under it
    this plan year (this claim left out) and, for critical illness, the disease chosen."""

    terms: ItemTerms
    committed: Decimal = ZERO
    disease: str = ""
    lump_sum: Decimal = ZERO
    taken_by: str = ""  # the claim that already holds this disease's lump sum


@dataclass
class ClaimResult:
    """Each item's outcome (kind -> Outcome, in the plan's order), the total, and every
    reason the claim gets less than its items' formulas give."""

    items: dict[str, Outcome]
    reasons: list[str]

    @property
    def amount(self) -> Decimal:
        return sum((o.amount for o in self.items.values()), ZERO)


def claim_benefits(
    cover: claim_rules.Cover,
    facts: claim_rules.ClaimFacts,
    items: dict[str, ItemContext],
    *,
    has_disease: bool,
    today: datetime.date,
) -> ClaimResult:
    """The whole claim: the refusals first (everything 0 with the reasons), then each
    applicable item's formula; an applicable kind the plan year lacks is a reason too."""
    whole = claim_rules.claim_refusals(cover, facts, today)
    kinds = kinds_for(facts.event_kind, has_stay=facts.has_stay, has_disease=has_disease)
    reasons = list(whole)
    if not kinds:
        reasons.append("疾病申请应有住院（入院、出院日期），或选择所患的重大疾病病种")
    outcomes: dict[str, Outcome] = {}
    for kind in kinds:
        context = items.get(kind)
        if context is None:
            reasons.append(f"本计划年度没有「{BenefitKind(kind).label}」项目")
            continue
        waiting = claim_rules.waiting_reason(
            cover, facts, waiting_applies=context.terms.waiting_applies
        )
        if whole or waiting:
            out = refused(whole or [waiting])
            if waiting and not whole:
                reasons.append(f"{context.terms.name}：{waiting}")
        elif kind == BenefitKind.CRITICAL:
            out = critical_benefit(
                context.terms,
                context.disease,
                context.lump_sum,
                committed=context.committed,
                taken_by=context.taken_by,
            )
            reasons.extend(out.reasons)
        else:
            out = share_benefit(context.terms, facts.own_cost, context.committed)
            reasons.extend(out.reasons)
        outcomes[kind] = out
    return ClaimResult(outcomes, reasons)
