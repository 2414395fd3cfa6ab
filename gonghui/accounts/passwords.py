"""Password rules of 等保 level 3: length, character classes, no reuse of the last N, and no
common pattern (words, pinyin, keyboard runs, years, the site's name)."""

import functools
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

_CLASSES = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]


class MinimumLengthValidator:
    """Django's, in Chinese (its zh-hans catalog leaves this message in English)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少{self.min_length}个字符（现为{len(password)}个）。",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"至少{self.min_length}个字符。"


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        present = sum(1 for pattern in _CLASSES if re.search(pattern, password))
        needed = settings.PASSWORD_MIN_CLASSES
        if present < needed:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号四类中的至少{needed}类。",
                code="password_classes",
            )

    def get_help_text(self) -> str:
        return f"至少包含小写字母、大写字母、数字、符号中的{settings.PASSWORD_MIN_CLASSES}类。"


class PasswordHistoryValidator:
    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        count = settings.PASSWORD_HISTORY_COUNT
        recent = user.password_history.all()[:count]
        if any(check_password(password, old.password) for old in recent):
            raise ValidationError(f"不能使用最近{count}次用过的密码。", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能与最近{settings.PASSWORD_HISTORY_COUNT}次的密码相同。"


# ---- Common patterns: what a guesser tries first (issue #12: "Passw0rd!" passed) ----

MIN_UNCOMMON = 4  # characters a password must keep once its common parts are taken out
_WORDS_FILE = Path(__file__).with_name("common_words.txt")
# Rows, columns and zigzags of a US keyboard (what a Chinese keyboard types too), and the
# alphabet; every run of 4 or more of them (either way) counts as common.
_KEYBOARD = (
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik<(ol>)p:?",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
)
# Digit groups people add: dates and years, 520/1314 ("I love you for life"), lucky numbers.
_DIGIT_GROUPS = (
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])",
    r"(?:19[4-9]\d|20[0-4]\d)",
    r"5201314|1314520|7758521|147258369|147258|159357|258369|1314|520|521|666|888|168|123|321|110|119",
)
# What a typed character may stand for in a word: p@ssw0rd is password, w0a1n1 is woaini.
_LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
         "@": "a", "$": "s", "!": "il", "+": "t"}  # fmt: skip
_GROUP_LENGTHS = (3, 4, 6, 7, 8, 9)


def _runs(row: str, shortest: int = 4) -> set[str]:
    out: set[str] = set()
    for text in (row, row[::-1]):
        for size in range(shortest, len(text) + 1):
            out.update(text[i : i + size] for i in range(len(text) - size + 1))
    return out


@functools.cache
def _words_by_first_letter() -> dict[str, tuple[str, ...]]:
    words = {
        line.strip()
        for line in _WORDS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for row in _KEYBOARD:
        words |= _runs(row)
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[0], []).append(word)
    return {first: tuple(found) for first, found in index.items()}


@functools.cache
def _digit_groups() -> re.Pattern:
    return re.compile("|".join(_DIGIT_GROUPS))


def _reads_as(typed: str, letter: str) -> bool:
    return typed == letter or letter in _LEET.get(typed, "")


def _common_at(text: str, i: int) -> set[int]:
    """The lengths of the common parts that can start at position i of `text`."""
    found: set[int] = set()
    index = _words_by_first_letter()
    for first in {text[i], *_LEET.get(text[i], "")}:
        for word in index.get(first, ()):
            tail = text[i : i + len(word)]
            if len(tail) == len(word) and all(map(_reads_as, tail, word)):
                found.add(len(word))
    groups = _digit_groups()
    room = len(text) - i
    found.update(n for n in _GROUP_LENGTHS if n <= room and groups.fullmatch(text, i, i + n))
    run = 1
    while i + run < len(text) and text[i + run] == text[i]:
        run += 1
    found.update(range(3, run + 1))  # aaa, 8888, !!!!
    return found


def uncommon_count(password: str) -> int:
    """How many characters of `password` are left once its common parts are taken out, in
    the reading that leaves fewest (dynamic programming over where the parts fall: read
    greedily, "%52026" lost "2026" to "520")."""
    text = password.lower()
    left = [0] * (len(text) + 1)  # left[i]: fewest characters left of text[i:]
    for i in range(len(text) - 1, -1, -1):
        left[i] = 1 + left[i + 1]
        for size in _common_at(text, i):
            left[i] = min(left[i], left[i + size])
    return left[0]


class CommonPatternValidator:
    """Refuses a password made of common words, pinyin, keyboard runs, years and the site's
    name, with at most MIN_UNCOMMON - 1 other characters around them (woaini1314, Passw0rd!,
    1qaz2wsx, Gonghui@2026). Django's CommonPasswordValidator still refuses its 20,000."""

    def validate(self, password: str, user=None) -> None:
        if uncommon_count(password) < MIN_UNCOMMON:
            raise ValidationError(
                "密码过于常见：由常用单词、拼音、键盘上相邻的键、年份或本站名称加少量数字符号组成，"
                "容易被猜中。请换一个，例如几个无关的词中间夹数字和符号。",
                code="password_common",
            )

    def get_help_text(self) -> str:
        return "不能由常用单词、拼音、键盘序列、年份或本站名称加少量数字符号组成。"
