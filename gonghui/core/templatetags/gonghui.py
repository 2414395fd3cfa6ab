from django import template

from gonghui.core.audit import action_label as _action_label
from gonghui.core.ids import mask_phone as _mask_phone
from gonghui.core.ids import mask_ric as _mask_ric

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def mask_ric(number: str) -> str:
    return _mask_ric(number or "")


@register.filter
def mask_phone(number: str) -> str:
    return _mask_phone(number or "")


@register.filter
def can(user, permission: str) -> bool:
    """`{% if user|can:"orgs.move" %}`: show an action only to those who may take it."""
    return bool(getattr(user, "is_authenticated", False) and user.can(permission))


@register.filter
def money(value) -> str:
    """An amount as the pages show it: "1,468,108.40" (core.money; never rounded here)."""
    from gonghui.core.money import money_text

    return money_text(value)
