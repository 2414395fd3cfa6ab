"""Money (issue #9, item 5): two places, half up, parts that always sum to the whole."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError
from gonghui.core.money import LIMIT, ZERO, allocate, money, money_text, parse_money

amounts = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
weights = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=40)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.345", "2.35"),  # half up, where Python's default (half even) gives 2.34
        ("2.335", "2.34"),
        ("0.005", "0.01"),
        ("-2.345", "-2.35"),
        ("1468108.46000000", "1468108.46"),
        (3, "3.00"),
        ("", "0.00"),
        (None, "0.00"),
    ],
)
def test_money_is_two_places_half_up(raw, expected):
    assert str(money(raw)) == expected


def test_money_refuses_floats():
    # a float is never money: 0.1 + 0.2 is not 0.3
    with pytest.raises(TypeError):
        money(0.1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("abc", "金额格式不正确"), ("-1", "金额不能为负数"), ("1e13", "金额过大")],
)
def test_parse_money_says_what_is_wrong_in_chinese(raw, message):
    with pytest.raises(ApplicationError, match=message) as caught:
        parse_money(raw, field="amount")
    assert caught.value.field == "amount"


def test_money_text_has_separators_and_two_places():
    assert money_text(Decimal("1468108.4")) == "1,468,108.40"
    assert money_text(None) == "0.00"


def test_allocate_by_largest_remainder():
    # 100.00 in three equal shares: 33.34 + 33.33 + 33.33, the extra fen to the first
    assert allocate(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    # the report's fund split: 60 % to the grassroots union, 40 % up (tax-collected fund)
    assert allocate(Decimal("1234.57"), [60, 40]) == [Decimal("740.74"), Decimal("493.83")]
    assert allocate(Decimal("5.00"), [0, 0]) == [ZERO, ZERO]


@given(amounts, weights)
def test_allocated_parts_always_sum_to_the_whole(total, shares):
    parts = allocate(total, shares)
    assert len(parts) == len(shares)
    if sum(shares) == 0:
        assert all(p == ZERO for p in parts)
        return
    assert sum(parts) == total
    assert all(p >= 0 and p == p.quantize(Decimal("0.01")) for p in parts)
    # no part is more than one fen away from its exact share
    for part, share in zip(parts, shares, strict=True):
        exact = total * share / sum(shares)
        assert abs(part - exact) < Decimal("0.01")


@given(amounts)
def test_money_is_idempotent(value):
    assert money(money(value)) == money(value)
    assert money(value).as_tuple().exponent == -2


@given(st.one_of(st.text(), st.decimals(allow_nan=True), st.integers(), st.floats()))
def test_parse_money_refuses_in_chinese_or_gives_an_exact_amount(raw):
    """Whatever a person or a client sends: an amount equal to what was given, or an
    ApplicationError; never another exception, never a rounded value (issue #11)."""
    try:
        amount = parse_money(raw, field="amount", negative=True)
    except ApplicationError as exc:
        assert exc.field == "amount" and exc.message
    else:
        assert amount == money(amount) and abs(amount) < LIMIT
