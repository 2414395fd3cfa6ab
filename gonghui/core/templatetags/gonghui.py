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


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str | None]]:
    """An entry's data as (field label, before, after) rows; after is None for a plain value.

    A diff is {field: [before, after]}; the labels are the target model's verbose names.
    """
    from gonghui.core.audit import data_rows

    return data_rows(entry.target_type, entry.data or {})


@register.filter
def event_text(event) -> str:
    """A workflow event in words: "受理：已登记 → 已受理" (labels, never state codes)."""
    from gonghui.core.registry import registry

    flow = registry["workflows"].get(event.workflow)
    if flow is None:
        return f"{event.action}：{event.from_state} → {event.to_state}"
    if event.action == "created":
        return f"新建：{flow.state_label(event.to_state)}"
    transition = flow.transitions.get(event.action)
    label = transition.label if transition else event.action
    before, after = flow.state_label(event.from_state), flow.state_label(event.to_state)
    return f"{label}：{before} → {after}" if before != after else f"{label}（{after}）"


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    """The text of block `name` as the page being rendered fills it, for a second place
    (base.html's breadcrumbs end with the page's `title`; a block renders once otherwise)."""
    from django.template.loader_tags import BLOCK_CONTEXT_KEY

    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks is not None else None
    if block is None:
        return ""
    with context.push():
        return block.nodelist.render(context).strip()


@register.inclusion_tag("partials/export_button.html", takes_context=True)
def export_button(context, name: str) -> dict:
    """The export form of a list page (core.exports): posts the page's filter values, so the
    file holds what the list shows; offers the full export to those who may make it."""
    from gonghui.core.exports import list_export_spec

    spec = list_export_spec(name)
    user = context["request"].user
    form = context.get("filter_form")
    values = []
    if form is not None:
        for field in form:
            value = field.value()
            for one in value if isinstance(value, list | tuple) else [value]:
                if one not in (None, "", False):
                    values.append((field.html_name, "1" if one is True else one))
    return {
        "name": name,
        "values": values,
        "full_allowed": user.is_authenticated and spec.may_export_full(user),
        "csrf_token": context.get("csrf_token"),
        "allowed": user.is_authenticated and user.can(spec.permission),
    }


@register.simple_tag
def sidebar_menu(menu, section, unread) -> str:
    """The side menu's items (core.menu: built in Python, a fixed cost of every page)."""
    from gonghui.core.menu import sidebar_html

    return sidebar_html(menu or [], section or "", unread or 0)


@register.simple_tag
def menu_trail(menu, section, page_title) -> str:
    """The breadcrumbs' section and menu item for the page's `section` (core.menu)."""
    from gonghui.core.menu import trail_html

    return trail_html(menu or [], section or "", str(page_title))
