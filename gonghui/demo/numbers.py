"""Valid RIC and USCC numbers for demo people and employers, and names that fit a sex."""

import datetime
import random
from collections.abc import Callable, Sequence

from gonghui.core.ids import address_in_use, ric_with_check, uscc_with_check

from .data import GIVEN_FEMALE, GIVEN_MALE, HOME_CODES, SURNAMES

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
    """A RIC whose address code was in use in the birth year (no warning on it)."""
    codes = [c for c in HOME_CODES if address_in_use(c, birth.year)]
    code = rng.choice(codes)
    seq = (sequence % 500) * 2 + (1 if male else 0)
    return ric_with_check(f"{code}{birth:%Y%m%d}{seq:03d}")


def person_name(pick: Callable[[Sequence[str]], str], *, female: bool) -> str:
    """A surname and a given name of the person's sex; `pick` draws one of a sequence
    (`rng.choice`, or a faster draw of the caller's), so the caller's seed decides."""
    return pick(SURNAMES) + pick(GIVEN_FEMALE if female else GIVEN_MALE)
