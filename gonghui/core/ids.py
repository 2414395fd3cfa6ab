"""Identity numbers: RIC (居民身份证号) and USCC (统一社会信用代码), with Chinese errors.

The address-code lookup of python-stdnum is most of the cost of validating a RIC, and a
district roster repeats a few hundred codes, so it is memoized per code.
"""

import datetime
import re
from functools import lru_cache
from typing import NamedTuple

from stdnum import numdb
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from .clock import today as clock_today
from .errors import ApplicationError

# One translate() does it all (an import normalizes millions of cells): full-width to
# half-width, and white space (ASCII, ideographic, no-break) and dashes dropped.
_NORMALIZE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_NORMALIZE.update({ord(c): None for c in " \t\n\r\x0b\x0c\u3000\u00a0\u2002\u2003\u2009-\uff0d"})


def normalize_code(raw: object) -> str:
    """Full-width to half-width, drop spaces and dashes, upper-case (x → X)."""
    if type(raw) is str and raw.isascii() and raw.isalnum():
        return raw.upper()  # letters and digits only: nothing for translate to do
    return str(raw or "").translate(_NORMALIZE).upper()


class InvalidID(ApplicationError):
    pass


class RicFacts(NamedTuple):
    """What a valid RIC says. A named tuple: immutable and cheap to make (one per row)."""

    number: str
    birth_date: datetime.date
    sex: str  # "M" / "F"


# ---- address codes (GB/T 2260, as python-stdnum ships the national list) -------------------
# A number keeps the code of the place where it was first issued, which may be later than the
# birth (440113 番禺区 exists from 2000; people born before were registered there after) or
# a code since retired, so any code the list ever held is valid (domain-rules §12);
# stdnum's own check (the code in use in the birth year) is only a warning here.


class _Period(NamedTuple):
    start: int | None  # first year in use; None: from the start of the list
    end: int | None  # last year in use; None: still in use
    name: str


@lru_cache(maxsize=8192)
def _address_periods(code: str) -> tuple[_Period, ...]:
    """The periods a county-level code was in use, merged where they touch; () if never."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    periods: list[_Period] = []
    for county in info["county"].split(",") if "county" in info else []:
        start = end = None
        name = county
        if county.startswith("["):
            years, name = county[1:].split("]", 1)
            first, last = years.split("-")
            start, end = (int(first) if first else None), (int(last) if last else None)
        if periods and periods[-1].end is not None and start == periods[-1].end + 1:
            periods[-1] = _Period(periods[-1].start, end, name)
        else:
            periods.append(_Period(start, end, name))
    return tuple(periods)


@lru_cache(maxsize=8192)
def address_exists(code: str) -> bool:
    """The code is in the national list, in any year (what a valid RIC needs)."""
    return bool(_address_periods(code))


def address_in_use(code: str, year: int) -> bool:
    """The code was in use in `year` (the demo makes such numbers; else a warning)."""
    return any(
        (p.start is None or year >= p.start) and (p.end is None or year <= p.end)
        for p in _address_periods(code)
    )


def _period_text(period: _Period) -> str:
    if period.start is None:
        return f"使用到{period.end}年"
    if period.end is None:
        return f"自{period.start}年起使用"
    return f"在{period.start}—{period.end}年使用"


def ric_address_warning(number: str) -> str | None:
    """A warning (not an error) when a valid RIC's address code was not in use in its birth
    year; None otherwise. Computed on demand, never per imported row."""
    code, year = number[:6], int(number[6:10])
    periods = _address_periods(code)
    if not periods or address_in_use(code, year):
        return None
    before = [p for p in periods if p.start is not None and p.start <= year]
    name = (before[-1] if before else periods[0]).name
    used = "、".join(_period_text(p) for p in periods)
    return (
        f"身份证号前6位地址码{code}（{name}）{used}，出生年份为{year}年；"
        "证件上的号码可能确实如此，如有疑问请核对证件。"
    )


_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+\d+")
# stdnum's calc_check_digit: (1 - 2 * int(number[:-1], 13)) % 11, 10 written as X.
_CHECK_CHARS = "0123456789X"
# Valid birth dates by the 8 digits: a roster repeats them, and date(int, int, int) costs.
_BIRTH_DATES: dict[str, datetime.date] = {}
_BIRTH_DATES_LIMIT = 50_000
_SEX_BY_DIGIT = {d: "M" if int(d) % 2 else "F" for d in "0123456789"}


def ric_validate(raw: object, *, today: datetime.date | None = None) -> RicFacts:
    if type(raw) is str and raw.isascii() and raw.isalnum():
        number = raw.upper()  # normalize_code's own shortcut, here to save a call per row
    else:
        number = normalize_code(raw)
    if "E+" in number and _SCIENTIFIC.fullmatch(number):
        raise InvalidID(
            "身份证号被表格存成了数字（科学计数法），后几位已丢失；请把该列设为文本后重新录入。"
        )
    if len(number) != 18:
        raise InvalidID(f"身份证号应为18位，现为{len(number)}位。")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidID("身份证号只能由数字和末位X组成。")
    if number[17] != _CHECK_CHARS[(1 - 2 * int(number[:17], 13)) % 11]:
        raise InvalidID("身份证号校验位不正确，请核对。")
    # Read the date directly: stdnum's get_birth_date re-cleans the number (slow on rosters).
    ymd = number[6:14]
    birth = _BIRTH_DATES.get(ymd) if today is None else None
    if birth is None:
        birth = _birth_date(ymd, today)
    if not address_exists(number[:6]):
        raise InvalidID(f"身份证号前6位地址码{number[:6]}不是任何时期的行政区划代码，请核对。")
    return _new_facts(RicFacts, (number, birth, _SEX_BY_DIGIT[number[16]]))


# RicFacts(...) runs the named tuple's __new__ in Python; tuple.__new__ makes the same tuple.
_new_facts = tuple.__new__


def _birth_date(ymd: str, today: datetime.date | None) -> datetime.date:
    """The birth date of the digits yyyymmdd, checked. Remembered when checked against the
    system's today: a date that was in the past stays there, so a remembered one is valid."""
    try:
        birth = datetime.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError as exc:
        raise InvalidID("身份证号中的出生日期不存在。") from exc
    if birth > (today or clock_today()) or birth.year < 1900:
        raise InvalidID("身份证号中的出生日期不合理。")
    if today is None and len(_BIRTH_DATES) < _BIRTH_DATES_LIMIT:
        _BIRTH_DATES[ymd] = birth
    return birth


def ric_is_valid(raw: object) -> bool:
    try:
        ric_validate(raw)
    except InvalidID:
        return False
    return True


def uscc_validate(raw: object, *, union: bool = False) -> str:
    """A valid USCC; with union=True it must be a union's own code (first character 8)."""
    number = normalize_code(raw)
    if len(number) != 18:
        raise InvalidID(f"统一社会信用代码应为18位，现为{len(number)}位。")
    try:
        stdnum_uscc.validate(number)
    except StdnumError as exc:
        raise InvalidID(
            "统一社会信用代码校验位不正确或含非法字符（不得含 I、O、Z、S、V）。"
        ) from exc
    if union and not number.startswith("8"):
        raise InvalidID("工会的统一社会信用代码应以8开头（登记管理机关为工会）。")
    if not union and number.startswith("8"):
        raise InvalidID("以8开头的是工会自身的信用代码，不能作为单位的信用代码。")
    return number


def uscc_with_check(prefix17: str) -> str:
    return prefix17 + stdnum_uscc.calc_check_digit(prefix17)


def ric_with_check(prefix17: str) -> str:
    return prefix17 + stdnum_ric.calc_check_digit(prefix17 + "0")


def mask_ric(number: str) -> str:
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[14:]


def mask_phone(number: str) -> str:
    if len(number) != 11:
        return "*" * len(number)
    return number[:3] + "****" + number[7:]
