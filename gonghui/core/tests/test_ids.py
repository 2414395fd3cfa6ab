import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.ids import (
    InvalidID,
    mask_phone,
    mask_ric,
    normalize_code,
    ric_validate,
    ric_with_check,
    uscc_validate,
)


def test_known_valid_ric_gives_birth_date_and_sex():
    facts = ric_validate("11010519491231002X")
    assert str(facts.birth_date) == "1949-12-31"
    assert facts.sex == "F"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("4.40113E+17", "科学计数法"),
        ("44011319900101123", "18位"),
        ("440113199001011230", "校验位"),
        ("440113199002301238", "出生日期"),
        ("440113198506150029", "地址码"),  # 440113 (番禺区) exists only from 2000
    ],
)
def test_invalid_ric_has_a_chinese_reason(raw, message):
    with pytest.raises(InvalidID) as exc:
        ric_validate(raw)
    assert message in exc.value.message


def test_messy_ric_is_normalized():
    number = ric_with_check("44011320050615002")
    messy = (
        " "
        + number[:6]
        + " "
        + number[6:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    )
    assert ric_validate(messy.lower()).number == number


@given(
    st.dates(
        min_value=__import__("datetime").date(2000, 1, 1),
        max_value=__import__("datetime").date(2025, 12, 31),
    ),
    st.integers(0, 999),
)
def test_generated_rics_round_trip(birth, seq):
    number = ric_with_check(f"440113{birth:%Y%m%d}{seq:03d}")
    facts = ric_validate(number)
    assert facts.birth_date == birth
    assert facts.sex == ("M" if seq % 2 else "F")


def test_uscc_rules():
    assert uscc_validate("91350100M000100Y43") == "91350100M000100Y43"
    assert uscc_validate("81440113MC0000001A", union=True) == "81440113MC0000001A"
    with pytest.raises(InvalidID, match="8开头"):
        uscc_validate("91350100M000100Y43", union=True)
    with pytest.raises(InvalidID, match="工会自身"):
        uscc_validate("81440113MC0000001A")
    with pytest.raises(InvalidID, match="校验位"):
        uscc_validate("91350100M000100Y44")


def test_masks_and_normalize():
    assert mask_ric("440113199001011239") == "440113********1239"
    assert mask_phone("13812345678") == "138****5678"
    assert normalize_code("ｘ１２ 3-4") == "X1234"
