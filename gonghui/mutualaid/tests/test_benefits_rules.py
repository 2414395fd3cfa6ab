"""The benefit formulas (rules.benefits): examples with their calculation lines, and the
properties the issue asks for — never negative, never over any cap (per claim, yearly with
what is already committed), monotone in the own cost, exact to the fen, and a member's
benefits over many claims never over the yearly cap."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.money import ZERO
from gonghui.mutualaid.choices import BenefitKind, EnrollmentState, EventKind
from gonghui.mutualaid.rules import benefits as rules
from gonghui.mutualaid.rules.claims import ClaimFacts, Cover

INPATIENT = rules.ItemTerms(
    kind=BenefitKind.INPATIENT,
    name="住院医疗互助",
    deductible=Decimal("500.00"),
    ratio=Decimal("0.6"),
    per_claim_cap=Decimal("10000.00"),
    yearly_cap=Decimal("30000.00"),
)
CRITICAL = rules.ItemTerms(kind=BenefitKind.CRITICAL, name="重大疾病互助")
ACCIDENT = rules.ItemTerms(
    kind=BenefitKind.ACCIDENT,
    name="意外伤害互助",
    ratio=Decimal("0.8"),
    yearly_cap=Decimal("5000.00"),
    waiting_applies=False,
)

cents = st.integers(min_value=0, max_value=10**10).map(lambda n: Decimal(n) / 100)
ratios = st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n) / 10000)
caps = st.one_of(st.none(), cents)


@st.composite
def terms(draw) -> rules.ItemTerms:
    return rules.ItemTerms(
        kind=BenefitKind.INPATIENT,
        name="住院医疗互助",
        deductible=draw(cents),
        ratio=draw(ratios),
        per_claim_cap=draw(caps),
        yearly_cap=draw(caps),
    )


def test_the_issues_example_line_by_line():
    out = rules.share_benefit(INPATIENT, Decimal("12345.60"), Decimal("2000.00"))
    assert out.amount == Decimal("7107.36")
    assert out.lines == [
        "自付 12,345.60 − 起付 500.00 = 11,845.60 × 60% = 7,107.36，本年已领 2,000.00，"
        "年度上限 30,000.00",
        "核定 7,107.36",
    ]
    assert out.reasons == []


def test_rounded_half_up_once_after_the_ratio():
    # 0.01 × 50% = 0.005 -> 0.01 (half up, not half even)
    terms_ = rules.ItemTerms(BenefitKind.INPATIENT, "住院", ratio=Decimal("0.5"))
    assert rules.share_benefit(terms_, Decimal("0.01")).amount == Decimal("0.01")
    assert rules.share_benefit(terms_, Decimal("0.03")).amount == Decimal("0.02")
    assert rules.percent(Decimal("0.655")) == "65.5%"


def test_below_the_deductible_is_nothing():
    out = rules.share_benefit(INPATIENT, Decimal("300.00"))
    assert out.amount == ZERO
    assert out.lines[0].startswith("自付 300.00 未超过起付 500.00，为 0.00")


def test_the_per_claim_cap_and_the_yearly_cap_reduce_with_the_reason():
    out = rules.share_benefit(INPATIENT, Decimal("50000.00"))
    assert out.amount == Decimal("10000.00")
    assert "超过每次上限 10,000.00，按 10,000.00" in out.lines
    assert out.reasons == ["住院医疗互助超过每次上限 10,000.00"]
    out = rules.share_benefit(INPATIENT, Decimal("50000.00"), Decimal("25000.00"))
    assert out.amount == Decimal("5000.00")
    assert "超过年度上限，按本年尚可领取的 30,000.00 − 25,000.00 = 5,000.00" in out.lines
    assert out.reasons[-1] == "住院医疗互助超过年度上限 30,000.00（本年已领 25,000.00）"
    # more committed than the cap (an older year's rules): nothing, never negative
    assert rules.share_benefit(INPATIENT, Decimal("5000"), Decimal("31000")).amount == ZERO


def test_critical_illness_once_per_disease():
    out = rules.critical_benefit(CRITICAL, "恶性肿瘤", Decimal("15000.00"))
    assert out.amount == Decimal("15000.00")
    assert out.lines == ["「恶性肿瘤」一次性资助 15,000.00", "核定 15,000.00"]
    again = rules.critical_benefit(
        CRITICAL, "恶性肿瘤", Decimal("15000.00"), taken_by="HZ2013000001"
    )
    assert again.amount == ZERO
    assert "已由 HZ2013000001 获得重大疾病互助，每种病种每年度限一次" in again.reasons[0]


def test_which_items_a_claim_gets():
    assert rules.kinds_for(EventKind.ILLNESS, has_stay=True, has_disease=False) == [
        BenefitKind.INPATIENT
    ]
    assert rules.kinds_for(EventKind.ILLNESS, has_stay=True, has_disease=True) == [
        BenefitKind.INPATIENT,
        BenefitKind.CRITICAL,
    ]
    assert rules.kinds_for(EventKind.ILLNESS, has_stay=False, has_disease=True) == [
        BenefitKind.CRITICAL
    ]
    assert rules.kinds_for(EventKind.ACCIDENT, has_stay=False, has_disease=True) == [
        BenefitKind.ACCIDENT
    ]


D = datetime.date
COVER = Cover(D(2013, 1, 1), D(2013, 12, 31), 365, EnrollmentState.ACTIVE, D(2013, 1, 1),
              D(2013, 4, 1), None)  # fmt: skip


def facts(**extra) -> ClaimFacts:
    values = {
        "event_kind": EventKind.ILLNESS,
        "event_on": D(2013, 5, 1),
        "admitted_on": D(2013, 5, 1),
        "discharged_on": D(2013, 5, 6),
        "submitted_on": D(2013, 5, 20),
        "total_cost": Decimal("20000.00"),
        "insurance_paid": Decimal("12000.00"),
        "own_cost": Decimal("8000.00"),
        **extra,
    }
    return ClaimFacts(**values)


def contexts(**committed) -> dict:
    return {
        BenefitKind.INPATIENT: rules.ItemContext(INPATIENT, committed.get("inpatient", ZERO)),
        BenefitKind.CRITICAL: rules.ItemContext(
            CRITICAL, disease="恶性肿瘤", lump_sum=Decimal("15000.00")
        ),
        BenefitKind.ACCIDENT: rules.ItemContext(ACCIDENT, committed.get("accident", ZERO)),
    }


def test_a_whole_claim_inpatient_and_critical():
    result = rules.claim_benefits(COVER, facts(), contexts(), has_disease=True, today=D(2013, 6, 1))
    assert result.items[BenefitKind.INPATIENT].amount == Decimal("4500.00")
    assert result.items[BenefitKind.CRITICAL].amount == Decimal("15000.00")
    assert result.amount == Decimal("19500.00") and result.reasons == []


def test_a_refused_claim_is_zero_in_every_item_with_its_reasons():
    late = facts(submitted_on=D(2014, 6, 1))
    result = rules.claim_benefits(COVER, late, contexts(), has_disease=True, today=D(2014, 6, 1))
    assert result.amount == ZERO
    assert result.reasons[0].startswith("超过申请时限：应在出院后 365 天内（2014-05-06 前）申请")
    assert all(o.lines[0].startswith("不予资助：超过申请时限") for o in result.items.values())


def test_the_waiting_period_holds_back_illness_items_not_accidents():
    early = facts(event_on=D(2013, 3, 1), admitted_on=D(2013, 3, 1), discharged_on=D(2013, 3, 5))
    result = rules.claim_benefits(COVER, early, contexts(), has_disease=False, today=D(2013, 6, 1))
    assert result.amount == ZERO
    assert result.reasons == [
        "住院医疗互助：在观察期内：新参保观察期至 2013-04-01，发病于 2013-03-01"
    ]
    accident = facts(
        event_kind=EventKind.ACCIDENT, event_on=D(2013, 3, 1), admitted_on=None, discharged_on=None
    )
    result = rules.claim_benefits(
        COVER, accident, contexts(), has_disease=False, today=D(2013, 6, 1)
    )
    assert result.items[BenefitKind.ACCIDENT].amount == Decimal("5000.00")  # 8,000 × 80% capped


def test_an_item_the_plan_lacks_and_an_illness_without_stay_or_disease():
    no_stay = facts(admitted_on=None, discharged_on=None)
    result = rules.claim_benefits(
        COVER, no_stay, contexts(), has_disease=False, today=D(2013, 6, 1)
    )
    assert result.amount == ZERO and "应有住院" in result.reasons[0]
    result = rules.claim_benefits(COVER, facts(), {}, has_disease=False, today=D(2013, 6, 1))
    assert result.reasons == ["本计划年度没有「住院医疗互助」项目"]


# ---- properties ------------------------------------------------------------------------------


@given(terms(), cents, cents)
def test_never_negative_never_over_a_cap_exact_to_the_fen(t, own, committed):
    out = rules.share_benefit(t, own, committed)
    assert out.amount >= 0
    assert out.amount == out.amount.quantize(Decimal("0.01"))
    assert out.amount.as_tuple().exponent == -2
    if t.per_claim_cap is not None:
        assert out.amount <= t.per_claim_cap
    if t.yearly_cap is not None:
        assert out.amount <= max(t.yearly_cap - committed, ZERO)
    # exactly the product rounded half up once, then the smallest cap
    exact = max(own - t.deductible, ZERO) * t.ratio
    expected = [exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)]
    if t.per_claim_cap is not None:
        expected.append(t.per_claim_cap)
    if t.yearly_cap is not None:
        expected.append(max(t.yearly_cap - committed, ZERO))
    assert out.amount == min(expected)
    assert out.lines[-1] == f"核定 {out.amount:,.2f}"


@given(terms(), cents, cents, cents)
def test_monotone_in_the_own_cost(t, a, b, committed):
    low, high = sorted((a, b))
    assert (
        rules.share_benefit(t, low, committed).amount
        <= rules.share_benefit(t, high, committed).amount
    )


@given(terms(), st.lists(cents, min_size=1, max_size=30))
def test_many_claims_of_a_member_never_exceed_the_yearly_cap(t, costs):
    committed = ZERO
    for own in costs:
        committed += rules.share_benefit(t, own, committed).amount
    if t.yearly_cap is not None:
        assert committed <= t.yearly_cap


@given(cents, caps, caps, cents)
def test_a_lump_sum_never_over_its_caps(lump, per_claim, yearly, committed):
    t = rules.ItemTerms(
        BenefitKind.CRITICAL, "重大疾病", per_claim_cap=per_claim, yearly_cap=yearly
    )
    out = rules.critical_benefit(t, "恶性肿瘤", lump, committed=committed)
    assert ZERO <= out.amount <= lump
    if per_claim is not None:
        assert out.amount <= per_claim
    if yearly is not None:
        assert out.amount <= max(yearly - committed, ZERO)
