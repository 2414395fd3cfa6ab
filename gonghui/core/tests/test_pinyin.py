"""Pinyin initials (core.pinyin) and the matching the pickers share (core.suggest)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.pinyin import INITIALS_MAX, looks_like_initials, name_initials


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("番禺区总工会", "pyqzgh"),
        ("市桥街道总工会", "sqjdzgh"),
        ("重庆路工会", "cqlgh"),  # 重 in 重庆 is chong: read by phrase, not character by character
        ("广州ABC电子厂", "gzabcdzc"),  # letters kept, lower-cased
        ("第3车间（二期）工会", "d3cjeqgh"),  # digits kept, brackets dropped
        ("", ""),
    ],
)
def test_name_initials(name, initials):
    assert name_initials(name) == initials


def test_a_long_name_keeps_its_first_60_initials():
    assert name_initials("工" * 100) == "g" * INITIALS_MAX


@given(st.text(max_size=200))
def test_name_initials_is_short_lowercase_ascii_and_never_raises(name):
    initials = name_initials(name)
    assert len(initials) <= INITIALS_MAX
    assert initials == initials.lower() and initials.isascii()
    assert all(ch.isalnum() for ch in initials)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("jykj", True), ("SQ", True), ("s", False), ("9144", False), ("甲乙", False), ("j k", False)],
)
def test_what_could_be_initials(text, expected):
    assert looks_like_initials(text) is expected
