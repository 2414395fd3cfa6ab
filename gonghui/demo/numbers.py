"""Valid RIC and USCC numbers for demo people and employers."""

import datetime
import random

from gonghui.core.ids import _address_valid, ric_with_check, uscc_with_check

from .data import HOME_CODES

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def subject_id(counter: int, lead: str = "MA") -> str:
    """A 9-character USCC subject identifier, unique per counter."""
    digits = []
    for _ in range(7):
        counter, rest = divmod(counter, len(USCC_CHARS))
        digits.append(USCC_CHARS[rest])
    return lead + "".join(reversed(digits))


def uscc(prefix2: str, division: str, counter: int, lead: str = "MA") -> str:
    return uscc_with_check(prefix2 + division + subject_id(counter, lead))


def ric(rng: random.Random, birth: datetime.date, sequence: int, *, male: bool) -> str:
    """A RIC whose address code existed in the birth year (stdnum checks that)."""
    codes = [c for c in HOME_CODES if _address_valid(c, birth.year)]
    code = rng.choice(codes)
    seq = (sequence % 500) * 2 + (1 if male else 0)
    return ric_with_check(f"{code}{birth:%Y%m%d}{seq:03d}")
