"""The plan-year rules as pure functions: every figure's bounds with a Chinese message naming
the field, percentages read exactly, a year moved on, each formula written out."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.money import money_text
from gonghui.mutualaid.choices import BenefitKind
from gonghui.mutualaid.rules import plans as rules

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))


def a_plan(**changes):
    values = {
        "year": 2013,
        "name": "2013年度职工医疗互助保障计划",
        "starts_on": datetime.date(2013, 1, 1),
        "ends_on": datetime.date(2013, 12, 31),
        "enroll_closes_on": datetime.date(2013, 3, 31),
        "contribution": Decimal("30.00"),
        "age_limit_male": 60,
        "age_limit_female": 50,
        "waiting_days": 90,
        "claim_window_days": 365,
        "counted_when": "paid",
        "note": "",
    }
    return SimpleNamespace(**(values | changes))


def an_item(kind=BenefitKind.INPATIENT, **changes):
    values = {
        "kind": kind,
        "name": "住院医疗互助",
        "deductible": Decimal("500.00"),
        "ratio": Decimal("0.6"),
        "per_claim_cap": Decimal("10000.00"),
        "yearly_cap": Decimal("30000.00"),
        "waiting_applies": True,
    }
    return SimpleNamespace(**(values | changes))


def fields(problems):
    return [field for field, _ in problems]


def test_a_sound_plan_has_no_problem():
    assert rules.plan_problems(a_plan()) == []
    assert rules.item_problems("inpatient", an_item()) == []


def test_each_wrong_figure_is_named_in_chinese():
    cases = {
        "ends_on": a_plan(ends_on=datetime.date(2012, 12, 31)),
        "enroll_closes_on": a_plan(enroll_closes_on=datetime.date(2014, 1, 5)),
        "contribution": a_plan(contribution=Decimal("-1.00")),
        "age_limit_male": a_plan(age_limit_male=71),
        "age_limit_female": a_plan(age_limit_female=15),
        "waiting_days": a_plan(waiting_days=400),
        "claim_window_days": a_plan(claim_window_days=0),
        "counted_when": a_plan(counted_when="later"),
        "year": a_plan(year=1999),
        "name": a_plan(name="  "),
    }
    for field, plan in cases.items():
        problems = rules.plan_problems(plan)
        assert field in fields(problems), field
    [(_, message)] = rules.plan_problems(a_plan(age_limit_male=71))
    assert "男职工年龄上限" in message and "16" in message and "70" in message


def test_the_period_lies_in_the_year_and_lasts_at_most_one():
    long = a_plan(ends_on=datetime.date(2014, 1, 1))
    assert fields(rules.plan_problems(long)) == ["ends_on"]
    elsewhere = a_plan(starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2015, 12, 31))
    assert fields(rules.plan_problems(elsewhere)) == ["starts_on"]
    mid_year = a_plan(
        starts_on=datetime.date(2013, 7, 1),
        ends_on=datetime.date(2014, 6, 30),
        enroll_closes_on=None,
    )
    assert rules.plan_problems(mid_year) == []


def test_item_problems_name_the_item_and_the_field():
    problems = rules.item_problems("accident", an_item(name="意外", ratio=Decimal("1.2")))
    assert fields(problems) == ["accident_ratio"]
    assert "意外伤害互助" in problems[0][1] and "100%" in problems[0][1]
    problems = rules.item_problems("inpatient", an_item(per_claim_cap=Decimal("40000.00")))
    assert fields(problems) == ["inpatient_per_claim_cap"]
    assert "40,000.00" in problems[0][1] and "30,000.00" in problems[0][1]
    negative = an_item(deductible=Decimal("-1"), yearly_cap=Decimal("-5"), per_claim_cap=None)
    assert fields(rules.item_problems("inpatient", negative)) == [
        "inpatient_deductible",
        "inpatient_yearly_cap",
    ]


@given(per_claim=amounts, yearly=amounts, deductible=amounts, percent=percents)
def test_caps_hold_exactly_when_per_claim_is_at_most_yearly(per_claim, yearly, deductible, percent):
    item = an_item(
        per_claim_cap=per_claim,
        yearly_cap=yearly,
        deductible=deductible,
        ratio=percent / 100,
    )
    wrong = "inpatient_per_claim_cap" in fields(rules.item_problems("inpatient", item))
    assert wrong == (per_claim > yearly)


@given(percent=percents)
def test_a_percentage_reads_back_exactly(percent):
    ratio, problem = rules.parse_percent(f"{percent}%")
    assert problem is None
    assert ratio * 100 == percent
    assert 0 <= ratio <= 1
    assert rules.item_problems("inpatient", an_item(ratio=ratio)) == []
    assert Decimal(rules.percent_text(ratio).rstrip("%")) == percent


@given(raw=st.one_of(st.text(max_size=12), st.decimals(allow_nan=True, allow_infinity=True)))
def test_any_text_is_a_ratio_or_a_chinese_problem(raw):
    ratio, problem = rules.parse_percent(raw)
    assert (ratio is None) != (problem is None)
    if ratio is not None:
        assert 0 <= ratio <= 1 and ratio.quantize(rules.RATIO_PLACES) == ratio
    else:
        assert "资助比例" in problem


def test_out_of_range_percentages_are_refused():
    assert rules.parse_percent("101")[1] == "资助比例应在 0% 至 100% 之间。"
    assert "两位小数" in rules.parse_percent("60.125")[1]
    assert rules.parse_percent("６０")[0] == Decimal("0.6")


@given(day=days)
def test_a_year_later_is_the_same_day_or_the_28th(day):
    later = rules.shift_year(day)
    assert later.year == day.year + 1 and later.month == day.month
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)


@given(start=days)
def test_a_valid_period_copied_stays_valid_and_never_overlaps(start):
    end = rules.shift_year(start) - datetime.timedelta(days=1)
    plan = a_plan(year=start.year, starts_on=start, ends_on=end, enroll_closes_on=None)
    assert rules.plan_problems(plan) == []
    copy = a_plan(
        year=start.year + 1,
        starts_on=rules.shift_year(start),
        ends_on=rules.shift_year(end),
        enroll_closes_on=None,
    )
    assert rules.plan_problems(copy) == []
    assert copy.starts_on > plan.ends_on


@given(
    year=st.integers(min_value=-5, max_value=10**5),
    start=st.dates(),
    end=st.dates(),
    closes=st.one_of(st.none(), st.dates()),
    ages=st.tuples(*[st.integers(min_value=-(10**6), max_value=10**6)] * 4),
)
def test_any_figures_give_problems_never_an_error(year, start, end, closes, ages):
    plan = a_plan(
        year=year,
        starts_on=start,
        ends_on=end,
        enroll_closes_on=closes,
        age_limit_male=ages[0],
        age_limit_female=ages[1],
        waiting_days=ages[2],
        claim_window_days=ages[3],
    )
    for field, message in rules.plan_problems(plan):
        assert field in {*rules.PLAN_FIGURES, "name", "note"} and message


def test_the_copy_is_named_for_its_year():
    assert rules.next_name("2013年度职工医疗互助保障计划", 2013) == "2014年度职工医疗互助保障计划"
    assert rules.next_name("职工医疗互助", 2013) == "2014年度职工医疗互助"


def test_formulas_written_out():
    assert (
        rules.formula_text(an_item())
        == "（个人自付 − 起付 500.00）× 60%，每次最高 10,000.00，年度最高 30,000.00"
    )
    accident = an_item(
        BenefitKind.ACCIDENT, deductible=Decimal("0"), ratio=Decimal("0.8"), per_claim_cap=None
    )
    accident.yearly_cap = Decimal("5000.00")
    assert rules.formula_text(accident) == "个人自付 × 80%，年度最高 5,000.00"
    uncapped = an_item(ratio=Decimal("0.625"), per_claim_cap=None, yearly_cap=None)
    assert rules.formula_text(uncapped).endswith("× 62.5%，不设上限")
    critical = an_item(BenefitKind.CRITICAL, yearly_cap=None)
    assert "按病种一次性资助" in rules.formula_text(critical)


@given(deductible=amounts, percent=percents, cap=amounts)
def test_a_formula_shows_each_figure(deductible, percent, cap):
    item = an_item(deductible=deductible, ratio=percent / 100, per_claim_cap=cap, yearly_cap=cap)
    text = rules.formula_text(item)
    assert f"每次最高 {money_text(cap)}" in text and f"年度最高 {money_text(cap)}" in text
    assert rules.percent_text(item.ratio) in text
    assert (f"起付 {money_text(deductible)}" in text) == (deductible > 0)


def test_diseases_and_opening():
    ok = rules.disease_problems("恶性肿瘤", "cancer", Decimal("1.00"), names=set(), codes=set())
    assert ok == []
    taken = rules.disease_problems(
        "恶性肿瘤", "bad code!", Decimal("0"), names={"恶性肿瘤"}, codes=set()
    )
    assert fields(taken) == ["disease_name", "disease_code", "disease_amount"]
    assert rules.open_problems([], 0)
    assert rules.open_problems(["critical"], 0)
    assert rules.open_problems(["inpatient", "critical"], 2) == []
