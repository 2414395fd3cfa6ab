"""How the statistics pages write a figure: "12,345", "85.0%", "1,468,108.40", "—"."""

from decimal import Decimal
from typing import Any

from django import template

from gonghui.core.money import money_text

register = template.Library()


@register.filter
def figure_text(value: Any, unit: str = "") -> str:
    """A figure's value in its unit's way: a rate with its %, an amount in yuan with two
    places, a count with thousands separators; "—" for a rate over nothing."""
    return value_text(value, unit)


@register.filter
def target_text(value: Any, unit: str = "") -> str:
    """A target as it was meant: "80%", "845", not "80.00%"."""
    if isinstance(value, Decimal) and unit != "元":
        value = int(value) if value == value.to_integral_value() else value.normalize()
    return value_text(value, unit)


def value_text(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value}%"
    if unit == "元":
        return money_text(value)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,}"
    return f"{int(value):,}"
