"""Money (FUND, CARE, RIGHTS): yuan as `Decimal` with two places, rounded half up.

- `money(value)`: the amount with exactly two places (ROUND_HALF_UP, as Chinese finance
  rounds: 2.345 -> 2.35; Python's default half-even would give 2.34). Never a float.
- `parse_money(raw, field=...)`: what a person typed, checked, with a Chinese error.
- `allocate(total, shares)`: split by the largest-remainder method: the parts always sum to
  the whole, and none is more than one fen from its exact share (`allocate_fen`: the same in
  whole fen, for bulk callers).
- `MoneyField`: the model field (max 12 digits before the point).
- `money_text(value)`: "1,468,108.40" for pages and exports.
- `Money`: the API type, serialized as a string with two places ("1468108.46").

Ledgers built on this are append-only (docs/adr/0003-ledgers-are-append-only.md).
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from pydantic import AfterValidator, PlainSerializer

from .errors import ApplicationError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 14  # 12 before the point: up to 999,999,999,999.99 yuan
LIMIT = Decimal(10) ** (MAX_DIGITS - 2)


def money(value: Any) -> Decimal:
    """`value` (Decimal, int, str; None or "" is zero) as yuan with two places, half up."""
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal, an int or a string.")
    if value is None or value == "":
        return ZERO
    amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(raw: Any, *, field: str | None = None, negative: bool = False) -> Decimal:
    """An amount a person gave; ApplicationError (Chinese, on `field`) when it is not one."""
    try:
        given = raw.replace(",", "").replace("，", "").strip() if isinstance(raw, str) else raw
        exact = given if isinstance(given, Decimal) else Decimal(str(given or 0))
        if not exact.is_finite():
            raise ValueError(given)
        if abs(exact) >= LIMIT:
            raise ApplicationError("金额过大，请核对。", field=field)
        amount = money(exact)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ApplicationError("金额格式不正确，请填写数字，如 1200.50。", field=field) from exc
    if amount != exact:  # 1.005 is not rounded to 1.01 behind the person's back (issue #11)
        raise ApplicationError("金额最多两位小数（到分），请核对。", field=field)
    if amount < 0 and not negative:
        raise ApplicationError("金额不能为负数。", field=field)
    return amount


def allocate(total: Decimal, shares: list[int] | list[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `shares`; the parts sum to `total` exactly.

    Each part starts as its exact share rounded down to the fen; the fen left over go one
    each to the parts with the largest remainders (ties to the earlier part). All shares
    zero: every part is zero. Computed in whole fen by `allocate_fen`.
    """
    total = money(total)
    weights = [Decimal(s) for s in shares]
    if any(w < 0 for w in weights):
        raise ValueError("Shares must not be negative.")
    # Decimal shares as whole numbers, exactly: scaled by their most decimal places.
    places = max((-w.as_tuple().exponent for w in weights if w), default=0)
    scale = Decimal(10) ** max(places, 0)
    whole = [int(w * scale) for w in weights]
    return [Decimal(f).scaleb(-2) for f in allocate_fen(int(total * 100), whole)]


def allocate_fen(fen: int, weights: Sequence[int]) -> list[int]:
    """`allocate` in whole fen and whole weights: integer arithmetic is exact and several
    times as fast as Decimal, for callers that split hundreds of thousands of amounts (the
    finance allocation). A negative amount splits as the negation of its opposite."""
    if fen < 0:
        return [-f for f in allocate_fen(-fen, weights)]
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    floors, remainders = [], []
    for w in weights:
        q, r = divmod(fen * w, whole)
        floors.append(q)
        remainders.append(r)
    left = fen - sum(floors)
    if left:
        # largest remainder first; sorted() is stable with reverse=True: ties to the earlier
        for i in sorted(range(len(floors)), key=remainders.__getitem__, reverse=True)[:left]:
            floors[i] += 1
    return floors


def money_text(value: Any) -> str:
    """For pages and exports: thousands separators and exactly two places."""
    return f"{money(value):,.2f}"


def sum_money(field: str) -> Coalesce:
    """An aggregate of a money column that is 0.00 over no rows."""
    return Coalesce(Sum(field), ZERO, output_field=MoneyField())


class MoneyField(models.DecimalField):
    """An amount in yuan: Decimal(14, 2). Values are quantized half up before saving."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else money(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        # SQLite hands back sums with many places ("1468108.46000000"): two, always.
        return None if value is None else money(value)


# In API schemas: `amount: Money` is written "1468108.46".
def _exact_amount(value: Decimal) -> Decimal:
    """An API amount is taken as given or refused (never rounded: issue #11)."""
    if not value.is_finite():
        raise ValueError("金额格式不正确，请填写数字，如 1200.50。")
    if abs(value) >= LIMIT:  # first: quantizing 1e+276 raises InvalidOperation
        raise ValueError("金额过大，请核对。")
    if money(value) != value:
        raise ValueError("金额最多两位小数（到分），请核对。")
    return value


Money = Annotated[
    Decimal,
    AfterValidator(_exact_amount),
    PlainSerializer(lambda v: str(money(v)), return_type=str, when_used="always"),
]
