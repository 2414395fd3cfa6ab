"""The allocation rules as pure functions (FUND-2): a rule's figures, the exact split (any
amount, any valid rule), periods that never overlap, the rule in force on a day."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.finance.rules import allocation as rules
from gonghui.finance.tests.factories import RULE_2013, RULE_2014

D = Decimal
CENT = D("0.01")
DAY = datetime.date


def _rule(**changes):
    return {
        "name": "2014年方案",
        "effective_from": DAY(2014, 1, 1),
        "effective_to": None,
        "refund_due_days": 30,
        **RULE_2014,
        **changes,
    }


# ---- the figures -----------------------------------------------------------------------------


def test_the_reports_rules_are_valid():
    assert rules.rule_problems(_rule()) == []
    assert rules.rule_problems(_rule(**RULE_2013)) == []


def test_the_six_shares_must_sum_to_100_and_the_message_says_the_sum():
    problems = rules.rule_problems(_rule(share_union=D(59)))
    assert problems == [("share_union", problems[0][1])]
    assert "合计应为 100%" in problems[0][1] and "99%" in problems[0][1]


def test_the_retained_split_must_sum_to_100():
    problems = rules.rule_problems(_rule(retained_refund=D(20)))
    assert [f for f, _ in problems] == ["retained_district"]
    assert "区级留成的分配比例" in problems[0][1]


def test_a_share_outside_0_100_or_with_three_places_names_its_field():
    assert rules.rule_problems(_rule(share_city=D("-1")))[0][0] == "share_city"
    assert "0 至 100" in rules.rule_problems(_rule(share_city=D(101)))[0][1]
    wrong = rules.rule_problems(_rule(share_city=D("10.005")))[0]
    assert wrong == ("share_city", "「市总工会」最多两位小数。")
    assert "应为数字" in rules.rule_problems(_rule(share_city="abc"))[0][1]


def test_due_days_and_dates_are_checked():
    assert rules.rule_problems(_rule(refund_due_days=0))[0][0] == "refund_due_days"
    assert rules.rule_problems(_rule(refund_due_days=366))[0][0] == "refund_due_days"
    ended = rules.rule_problems(_rule(effective_to=DAY(2013, 12, 31)))
    assert ended == [("effective_to", "截止日期不能早于生效日期。")]
    assert rules.rule_problems(_rule(name=" "))[0] == ("name", "请填写方案名称。")


# ---- the split -------------------------------------------------------------------------------

percent = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def valid_rules(draw):
    """Six level shares and three retained shares, each summing to 100 with two places."""

    def hundred(n):
        cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=n - 1, max_size=n - 1)))
        bounds = [0, *cuts, 10_000]
        return [D(bounds[i + 1] - bounds[i]) / 100 for i in range(n)]

    levels, retained = hundred(6), hundred(3)
    return dict(zip(rules.LEVEL_SHARES, levels, strict=True)) | dict(
        zip(rules.RETAINED_SHARES, retained, strict=True)
    )


amounts = st.decimals(min_value=D("-1000000000"), max_value=D("1000000000"), places=2)


def _exact(amount, shares):
    w = rules.weights(shares)
    return dict(zip(rules.PARTS, (amount * x / 10_000 for x in w), strict=True))


@given(amount=amounts, shares=valid_rules())
def test_the_parts_sum_to_the_amount_each_within_a_fen_of_exact(amount, shares):
    # given any amount (a reversal's negative too) and any valid rule
    assert rules.rule_problems(_rule(**shares)) == []
    # when it is split
    parts = rules.split(amount, shares)
    # then the parts are the eight columns, sum to it exactly, none a fen from its share
    assert list(parts) == list(rules.PARTS)
    assert sum(parts.values()) == amount
    exact = _exact(amount, shares)
    assert all(abs(parts[n] - exact[n]) < CENT for n in rules.PARTS)
    assert all(p == p.quantize(CENT) for p in parts.values())
    # and the same inputs give the same parts; a negative amount is the exact negation
    assert rules.split(amount, shares) == parts
    assert rules.split(-amount, shares) == {n: -p for n, p in parts.items()}


@given(
    amount=st.decimals(min_value=D("-999999999999.99"), max_value=D("999999999999.99"), places=2),
    shares=valid_rules(),
)
def test_the_split_is_exactly_one_core_money_allocate_call(amount, shares):
    # the whole-fen computation and the kernel's largest remainder give the same parts
    assert rules.split(amount, shares) == rules.split_reference(amount, shares)


@given(amount=st.decimals(min_value=0, max_value=D("1000000000"), places=2))
def test_2014_the_district_retained_20_percent_is_split_30_40_30(amount):
    parts = rules.split(amount, RULE_2014)
    retained = parts["district_part"] + parts["town_retained_part"] + parts["extra_refund_part"]
    assert abs(retained - amount * D("0.2")) < D("0.03")


def test_one_hundred_by_the_2014_rule():
    parts = rules.split(D("100.00"), RULE_2014)
    assert parts == {
        "union_part": D("60.00"),
        "town_part": D("0.00"),
        "district_part": D("6.00"),
        "town_retained_part": D("8.00"),
        "extra_refund_part": D("6.00"),
        "city_part": D("10.00"),
        "province_part": D("5.00"),
        "national_part": D("5.00"),
    }


def test_a_leftover_fen_goes_to_the_largest_remainder():
    # 0.01 by 60/40: the union's exact share 0.006 has the largest remainder
    parts = rules.split(D("0.01"), RULE_2014)
    assert parts["union_part"] == CENT and sum(parts.values()) == CENT


# ---- periods ---------------------------------------------------------------------------------

P = rules.Period


def test_an_open_rule_ends_when_the_next_starts():
    others = [P(1, DAY(2013, 1, 1), None)]
    assert rules.overlap(P(2, DAY(2014, 1, 1), None), others) is None
    index = rules.RuleIndex([*others, P(2, DAY(2014, 1, 1), None)])
    assert index.on(DAY(2013, 12, 31)) == 1
    assert index.on(DAY(2014, 1, 1)) == 2
    assert index.on(DAY(2012, 12, 31)) is None


def test_explicit_ends_may_not_reach_into_the_next_period():
    closed = [P(1, DAY(2013, 1, 1), DAY(2013, 12, 31))]
    assert rules.overlap(P(2, DAY(2013, 6, 1), None), closed) == closed[0]
    assert rules.overlap(P(2, DAY(2013, 1, 1), None), closed) == closed[0]
    later = [P(3, DAY(2015, 1, 1), None)]
    assert rules.overlap(P(2, DAY(2014, 1, 1), DAY(2015, 1, 1)), later) == later[0]
    assert rules.overlap(P(2, DAY(2014, 1, 1), DAY(2014, 12, 31)), later) is None


def test_a_closed_rule_leaves_a_gap_with_no_rule():
    index = rules.RuleIndex([P(1, DAY(2013, 1, 1), DAY(2013, 6, 30)), P(2, DAY(2014, 1, 1), None)])
    assert index.on(DAY(2013, 7, 1)) is None
    assert index.on(DAY(2030, 1, 1)) == 2


dates = st.dates(min_value=DAY(2000, 1, 1), max_value=DAY(2040, 12, 31))


@given(periods=st.lists(st.tuples(dates, st.one_of(st.none(), dates)), max_size=6), day=dates)
def test_periods_accepted_one_by_one_never_give_a_day_two_rules(periods, day):
    accepted: list = []
    for key, (start, end) in enumerate(periods):
        if end is not None and end < start:
            continue
        candidate = P(key, start, end)
        if rules.overlap(candidate, accepted) is None:
            accepted.append(candidate)
    closed = rules.effective_ends(accepted)
    covering = [p for p in closed if p.start <= day and (p.end is None or day <= p.end)]
    assert len(covering) <= 1
    expected = covering[0].key if covering else None
    assert rules.RuleIndex(accepted).on(day) == expected


def test_months_as_typed():
    assert rules.parse_month("2013-05") == (DAY(2013, 5, 1), None)
    assert rules.parse_month("2013-05-01") == (DAY(2013, 5, 1), None)
    assert rules.parse_month("") == (None, None)
    for wrong in ("2013-05-02", "2013-13", "13-05", "abc", "2013/05"):
        assert rules.parse_month(wrong) == (None, rules.MONTH_WRONG)
