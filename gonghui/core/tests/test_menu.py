"""The side menu and the breadcrumbs' trail built in Python (core.menu)."""

from gonghui.core.menu import sidebar_html, trail_html
from gonghui.core.registry import MenuItem, MenuSection

HOME = MenuSection("home", "首页", 0)
ORGS = MenuSection("orgs", "组织<建设>", 10)
MENU = [
    (HOME, [MenuItem("home", "notifications", "我的通知", "core:notifications")]),
    (
        ORGS,
        [
            MenuItem("orgs", "tree", "组织架构", "orgs:tree"),
            MenuItem("orgs", "employers", "用人单位", "orgs:employer_list"),
        ],
    ),
]


def test_the_menu_marks_the_pages_item_and_counts_unread():
    html = sidebar_html(MENU, "employers", 3)
    assert html.count('class="nav-section-title"') == 1  # not the home section's
    assert 'data-section="orgs">组织&lt;建设&gt;</li>' in html  # escaped
    assert html.count("aria-current") == 1
    assert 'class="nav-link active" data-key="employers" aria-current="page"' in html
    assert 'href="/employers/"' in html and 'href="/orgs/"' in html
    assert '<span class="badge" id="unread-count">3</span>' in html


def test_no_badge_without_unread_and_no_item_active_elsewhere():
    html = sidebar_html(MENU, "dashboard", 0)
    assert "unread-count" not in html and "active" not in html


def test_the_trail_names_the_section_and_links_the_item_unless_it_is_the_page():
    assert trail_html(MENU, "employers", "某单位") == (
        '<li class="breadcrumb-item">组织&lt;建设&gt;</li>'
        '<li class="breadcrumb-item"><a href="/employers/">用人单位</a></li>'
    )
    assert trail_html(MENU, "employers", "用人单位") == (
        '<li class="breadcrumb-item">组织&lt;建设&gt;</li>'
    )
    assert trail_html(MENU, "notifications", "x") == (
        '<li class="breadcrumb-item"><a href="/notifications/">我的通知</a></li>'
    )
