"""The common-pattern rule (accounts.passwords.CommonPatternValidator): "Passw0rd!" passed
the password rules (issue #12). Words of the list, pinyin, keyboard runs, years and the
site's name, dressed with case, leet spellings and a few digits or symbols, are refused;
random strong passwords pass."""

import string

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.accounts.passwords import (
    _WORDS_FILE,
    MIN_UNCOMMON,
    CommonPatternValidator,
    uncommon_count,
)

WORDS = [
    w.strip()
    for w in _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
]
SEEN = ["Passw0rd", "woaini", "qwerty", "1qaz2wsx", "zxcvbnm", "gonghui", "panyu", "asdfgh"]
GROUPS = ["1314", "520", "5201314", "123", "123456", "888", "1990", "2026", "19900101", ""]
LEET = {"a": "@4", "o": "0", "i": "1!", "l": "1", "e": "3", "s": "$5", "t": "7"}
DECOR = string.digits + "!@#$%&*._-"


@pytest.mark.parametrize(
    "password",
    [
        "Passw0rd!",
        "woaini1314",
        "Woaini@1314",
        "1qaz2wsx",
        "1qaz@WSX",
        "A123456!",
        "zxcvbnm",
        "Gonghui@2026",
        "Panyu#2024",
        "P@ssw0rd2026",
        "Qwerty!23",
        "Admin@123",
        "Zhang!Wei1990",
    ],
)
def test_the_usual_choices_are_refused_in_chinese(password):
    with pytest.raises(ValidationError) as exc:
        CommonPatternValidator().validate(password)
    assert "密码过于常见" in exc.value.messages[0]


@st.composite
def dressed(draw) -> str:
    """A listed word in mixed case with leet spellings, a digit group at one end and up to
    three more digits or symbols around it."""
    word = draw(st.sampled_from(WORDS + SEEN))
    letters = []
    for ch in word:
        choice = draw(st.integers(0, 2))
        if choice == 1 and ch.lower() in LEET:
            letters.append(draw(st.sampled_from(LEET[ch.lower()])))
        else:
            letters.append(ch.upper() if choice == 2 else ch)
    core = "".join(letters)
    group = draw(st.sampled_from(GROUPS))
    core = core + group if draw(st.booleans()) else group + core
    extra = draw(st.text(DECOR, max_size=3))
    split = draw(st.integers(0, len(extra)))
    return extra[:split] + core + extra[split:]


@given(dressed())
def test_dressed_up_common_words_are_refused(password):
    with pytest.raises(ValidationError):
        CommonPatternValidator().validate(password)


STRONG_ALPHABET = string.ascii_letters + string.digits + "!@#$%^&*-_=+?"


@given(st.randoms(use_true_random=True), st.integers(12, 24))
def test_random_strong_passwords_pass(rng, length):
    """Drawn as a password generator draws them (not searched for the worst case: a run of
    one character is a weak password, and the rule is right to refuse it)."""
    password = "".join(rng.choice(STRONG_ALPHABET) for _ in range(length))
    assert uncommon_count(password) >= MIN_UNCOMMON, password
    CommonPatternValidator().validate(password)


def test_the_demo_password_passes_every_rule():
    from gonghui.demo.context import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD)
