"""The side menu and the breadcrumbs' trail as HTML, built in Python.

Every staff page renders the menu (40–60 items for the district's roles) and looks up its
page's item for the breadcrumbs. As template loops, with a `{% url %}` per item, they were
most of a trivial staff page's CPU (issues #10, #11: a fixed cost on every page read); here
the URLs are reversed once per process and the markup is joined as strings.
"""

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .registry import MenuItem, MenuSection

Menu = list[tuple[MenuSection, list[MenuItem]]]
INDENT = "\n          "


@lru_cache(maxsize=2048)
def _reversed(url_name: str, prefix: str, urlconf: Any) -> str:
    return reverse(url_name, urlconf=urlconf)


def item_url(item: MenuItem) -> str:
    """The item's URL (keyed by the script prefix and URLconf, which may differ per request)."""
    return _reversed(item.url_name, get_script_prefix(), get_urlconf())


def _item(group: MenuSection, item: MenuItem, section: str, unread: int) -> str:
    here = section == item.key
    active = " active" if here else ""
    current = ' aria-current="page"' if here else ""
    badge = (
        f' <span class="badge" id="unread-count">{escape(unread)}</span>'
        if item.key == "notifications" and unread
        else ""
    )
    return (
        f'<li class="nav-item{active}" data-section="{escape(group.key)}">'
        f'<a href="{escape(item_url(item))}" class="nav-link{active}" '
        f'data-key="{escape(item.key)}"{current}>'
        f'<span class="nav-link-title">{escape(item.label)}</span>{badge}</a></li>{INDENT}'
    )


def sidebar_html(menu: Menu, section: str, unread: int) -> SafeString:
    """The menu's `<li>`s: each section's title (not the home section's), then its items."""
    parts = []
    for group, items in menu:
        if group.key != "home":
            title = f'<li class="nav-section-title" data-section="{escape(group.key)}">'
            parts.append(f"{title}{escape(group.label)}</li>{INDENT}")
        parts.extend(_item(group, item, section, unread) for item in items)
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def trail_html(menu: Menu, section: str, page_title: str) -> SafeString:
    """The breadcrumbs between 首页 and the page: its menu section, then its menu item (each
    left out where it would repeat the next)."""
    parts = []
    for group, items in menu:
        for item in items:
            if item.key != section:
                continue
            if group.key != "home" and group.label != item.label:
                parts.append(f'<li class="breadcrumb-item">{escape(group.label)}</li>')
            if item.label != page_title:
                link = f'<a href="{escape(item_url(item))}">{escape(item.label)}</a>'
                parts.append(f'<li class="breadcrumb-item">{link}</li>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
