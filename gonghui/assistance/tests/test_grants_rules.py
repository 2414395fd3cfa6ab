"""The pure rules of programs and grants (rules/grants.py): who is eligible and why not, the
amount against the standard or the cap, the budget's arithmetic."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.choices import Eligibility, HardshipCategory
from gonghui.assistance.rules import grants as rules
from gonghui.assistance.rules.grants import Facts

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100)


@dataclass
class P:
    eligibility: str = Eligibility.ANY_MEMBER
    hardship_categories: tuple = ()
    year: int = 2013
    standard_amount: Decimal | None = None
    cap_amount: Decimal | None = None
    is_open: bool = True
    opens_on: object = None
    closes_on: object = None

    def __str__(self) -> str:
        return "2013年冬送温暖"


def test_hardship_file_programs_need_a_file_of_an_admitted_category():
    program = P(Eligibility.HARDSHIP_FILE, (HardshipCategory.DEEP,))
    assert rules.ineligibility(program, Facts()) == [
        "此人没有在档的困难职工档案（本项目只资助在档困难职工）。"
    ]
    assert rules.ineligibility(program, Facts(file_category=HardshipCategory.RELATIVE)) == [
        "此人的困难类别为「相对困难」，本项目只资助深度困难职工。"
    ]
    assert rules.ineligibility(program, Facts(file_category=HardshipCategory.DEEP)) == []
    # no category named: every category is admitted
    every = P(Eligibility.HARDSHIP_FILE)
    assert rules.ineligibility(every, Facts(file_category=HardshipCategory.ACCIDENT)) == []


def test_school_aid_needs_the_letter_the_year_and_the_child():
    program = P(Eligibility.SCHOOL_ADMISSION, year=2013)
    reasons = rules.ineligibility(program, Facts(admission_year=2012))
    assert reasons == [
        "请填写入学子女的姓名。",
        "缺少录取通知书（本项目凭录取通知书资助当年入学的子女）。",
        "入学年份为2012年，本项目只资助2013年入学的子女。",
    ]
    ok = Facts(admission_letter=True, admission_year=2013, child_name="李小明")
    assert rules.ineligibility(program, ok) == []


def test_model_workers_and_work_injuries():
    assert rules.ineligibility(P(Eligibility.MODEL_WORKER), Facts()) == [
        "此人不是登记在册的劳模（本项目只慰问劳模）。"
    ]
    assert rules.ineligibility(P(Eligibility.MODEL_WORKER), Facts(is_model_worker=True)) == []
    assert rules.ineligibility(P(Eligibility.WORK_INJURY), Facts()) == [
        "缺少工伤认定书（本项目只慰问因工受伤职工）。"
    ]
    assert rules.ineligibility(P(Eligibility.ANY_MEMBER), Facts()) == []


@given(cap=cents.filter(lambda c: c > 0), amount=cents.filter(lambda c: c > 0))
def test_an_amount_is_refused_exactly_when_it_is_over_the_cap(cap, amount):
    problem = rules.amount_problem(P(cap_amount=cap), amount)
    assert (problem is not None) == (amount > cap)
    if problem:
        assert "超过每人上限" in problem


def test_the_cap_message_says_both_amounts():
    assert rules.amount_problem(P(cap_amount=Decimal("500")), Decimal("800")) == (
        "金额 800.00 元超过每人上限 500.00 元。"
    )


def test_a_standard_amount_is_the_default_and_the_only_amount_without_a_cap():
    program = P(standard_amount=Decimal("500.00"))
    assert rules.amount_for(program, None) == Decimal("500.00")
    assert rules.amount_problem(program, Decimal("500.00")) is None
    assert "标准金额为 500.00 元" in rules.amount_problem(program, Decimal("600.00"))
    assert rules.amount_problem(P(), None) == "请填写金额（本项目没有标准金额）。"


@given(budget=cents, committed=cents, amount=cents)
def test_over_budget_is_exactly_what_does_not_fit(budget, committed, amount):
    over = rules.over_budget(budget, committed, amount)
    assert over >= 0
    assert (over > 0) == (committed + amount > budget)
    if over:
        assert committed + amount - over == budget
    assert rules.budget_left(budget, committed) == budget - committed


def test_over_budget_message_says_by_how_much():
    text = rules.over_budget_message("市桥街道的", Decimal("1000"), Decimal("800"), Decimal("500"))
    assert text.startswith("批准后将超出市桥街道的预算 300.00 元")


@given(
    budget=cents,
    counts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20),
)
def test_a_split_by_members_sums_to_the_budget_and_never_exceeds_it(budget, counts):
    parts = rules.split_by_members(budget, counts)
    if sum(counts):
        assert sum(parts) == budget
    assert rules.shares_over(budget, parts) == 0


def test_shares_over_says_by_how_much():
    assert rules.shares_over(Decimal("1000"), [Decimal("600"), Decimal("500")]) == Decimal("100")


def test_program_amounts_and_dates():
    assert rules.amounts_problem(None, None) == "请填写标准金额或每人上限。"
    assert rules.amounts_problem(Decimal("600"), Decimal("500")) == "标准金额不能高于每人上限。"
    assert rules.amounts_problem(Decimal("500"), None) is None
    import datetime

    day = datetime.date(2013, 5, 1)
    assert rules.program_dates_problem(day, day - datetime.timedelta(days=1))
    assert "已停止接受申报" in rules.closed_reason(P(is_open=False), day)
    assert "截止" in rules.closed_reason(P(closes_on=day - datetime.timedelta(days=1)), day)
    assert rules.closed_reason(P(), day) is None


def test_grant_numbers():
    assert rules.grant_number(2026, 123) == "ZJ2026000123"
