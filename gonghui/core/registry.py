"""The kernel's registry: fixed stores that each app fills from its `AppConfig.ready()`.

Core's mechanisms read these stores and never import an app (NetBox's `registry`). Adding a
store is a change to core; adding an entry never is. The stores:

- `permissions`: permission code -> `Permission` (label, the roles that have it).
- `rule_only_roles`: roles that see a scoped model only through a registered role rule.
- `role_rules`: (model label, role) -> rule narrowing that model's rows for that role.
- `menu`: `MenuSection`s and `MenuItem`s of the staff navigation.
- `importers`: import kind -> `ImportKindSpec` (see `core.importing.kinds`).
- `periodic_jobs`: name -> `PeriodicJob` (see `core.periodic`).
- `workflows`: workflow name -> `Workflow` (see `core.workflow`).
- `demo_builders`: name -> `DemoBuilder` (see `gonghui.demo`).
- `dashboard_widgets`: name -> `Widget` shown on the home page to roles with its permission.
- `todos`: name -> `Todo`, one line of the home page's inbox (what waits for this user).
- `list_exports`: name -> `ListExport`, a list page's .xlsx export (see `core.exports`).
- `indicators`: code -> indicator declaration (filled by the indicators issue, #13).
- `detail_panels`: model label -> `DetailPanel`s, blocks another app adds to a detail page
  (a member's honors on the member's page).
- `employer_leads`: name -> `EmployerLead`, a named set of employers another app knows to
  put first (finance: payers of the union preparation fund, for orgs' formation targets).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


class Registry(dict):
    """A dict of stores whose set of keys is fixed when it is made."""

    def __setitem__(self, key: str, value: Any) -> None:
        raise TypeError("The registry's stores are fixed; add an entry to a store instead.")

    def __delitem__(self, key: str) -> None:
        raise TypeError("The registry's stores cannot be removed.")


registry = Registry(
    permissions={},
    rule_only_roles=set(),
    role_rules={},
    menu={"sections": {}, "items": []},
    importers={},
    periodic_jobs={},
    workflows={},
    demo_builders={},
    dashboard_widgets={},
    todos={},
    list_exports={},
    indicators={},
    portal_pages={},
    detail_panels={},
    employer_leads={},
)


# ---- permissions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    roles: frozenset[str]


def register_permissions(entries: dict[str, tuple[str, Iterable[str]]]) -> None:
    """{code: (Chinese label, roles)}; registering a code twice is a mistake."""
    store = registry["permissions"]
    for code, (label, roles) in entries.items():
        if code in store:
            raise ValueError(f"Permission {code} is registered twice.")
        store[code] = Permission(code, label, frozenset(str(r) for r in roles))


def role_can(role: str, permission: str) -> bool:
    """Whether `role` has `permission`. An unregistered code is a typo or a missing
    registration: it is refused, and with settings.STRICT_PERMISSIONS (tests) it raises."""
    entry = registry["permissions"].get(permission)
    if entry is None:
        from django.conf import settings

        if getattr(settings, "STRICT_PERMISSIONS", False):
            raise LookupError(f"Permission {permission!r} is not registered (core.registry).")
        return False
    return role in entry.roles


def permission_roles(permission: str) -> frozenset[str]:
    entry = registry["permissions"].get(permission)
    return entry.roles if entry is not None else frozenset()


# ---- menu ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str
    order: int


@dataclass(frozen=True)
class MenuItem:
    section: str
    key: str  # pages set `section` to this key to highlight their item
    label: str
    url_name: str
    permission: str | None = None  # None: every logged-in user
    order: int = 100


def register_menu_section(key: str, label: str, order: int) -> None:
    registry["menu"]["sections"].setdefault(key, MenuSection(key, label, order))


def register_menu(*items: MenuItem) -> None:
    registry["menu"]["items"].extend(items)


def menu_for(user: Any) -> list[tuple[MenuSection, list[MenuItem]]]:
    """The sections and items this user's role may open, in order; empty sections left out."""
    sections = registry["menu"]["sections"]
    visible = [
        item
        for item in registry["menu"]["items"]
        if item.permission is None or user.can(item.permission)
    ]
    grouped: dict[str, list[MenuItem]] = {}
    for item in sorted(visible, key=lambda i: (i.order, i.label)):
        grouped.setdefault(item.section, []).append(item)
    ordered = sorted(grouped, key=lambda key: (sections[key].order, key))
    return [(sections[key], grouped[key]) for key in ordered]


# ---- the workers' phone pages (/m/) --------------------------------------------------------


@dataclass(frozen=True)
class PortalPage:
    """A page a worker opens without an account, listed on the phone home page `/m/`."""

    key: str
    label: str
    description: str
    url_name: str
    order: int = 100


def register_portal_page(page: PortalPage) -> None:
    registry["portal_pages"][page.key] = page


def portal_pages() -> list[PortalPage]:
    return sorted(registry["portal_pages"].values(), key=lambda p: (p.order, p.key))


# ---- detail panels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DetailPanel:
    """A block another app adds to the detail page of `model_label` ("members.Member"):
    `context(obj, user)` gives what `template` shows, or None to leave the panel out (the
    user lacks the permission, nothing to show). The page's own app never imports it."""

    model_label: str
    key: str
    title: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


def register_detail_panel(panel: DetailPanel) -> None:
    panels = registry["detail_panels"].setdefault(panel.model_label, {})
    panels[panel.key] = panel


def detail_panels(model_label: str) -> list[DetailPanel]:
    return sorted(
        registry["detail_panels"].get(model_label, {}).values(), key=lambda p: (p.order, p.key)
    )


def rendered_detail_panels(model_label: str, obj: Any, user: Any) -> list[tuple[str, str, str]]:
    """(key, title, HTML) of each panel of the page that has something for this user."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    shown = []
    for panel in detail_panels(model_label):
        context = panel.context(obj, user)
        if context is None:
            continue
        html = render_to_string(panel.template, {"obj": obj, "user": user, **context})
        shown.append((panel.key, panel.title, mark_safe(html)))  # noqa: S308 (our template)
    return shown


# ---- employer leads --------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerLead:
    """A named set of employers an app above orgs knows of (finance: the payers of the union
    preparation fund) that orgs' lists show as a flag and put first, without importing it:
    `employer_ids()` is a queryset of employer pks (a subquery, not evaluated here)."""

    name: str
    label: str
    employer_ids: Callable[[], Any]
    order: int = 100


def register_employer_lead(lead: EmployerLead) -> None:
    registry["employer_leads"][lead.name] = lead


def employer_leads() -> list[EmployerLead]:
    return sorted(registry["employer_leads"].values(), key=lambda lead: (lead.order, lead.name))


# ---- dashboard widgets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Widget:
    """A block of the home page: `context(user)` gives what its template shows."""

    name: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    permission: str
    order: int = 100


def register_widget(widget: Widget) -> None:
    registry["dashboard_widgets"][widget.name] = widget


def widgets_for(user: Any) -> list[Widget]:
    widgets = registry["dashboard_widgets"].values()
    return sorted((w for w in widgets if user.can(w.permission)), key=lambda w: w.order)


# ---- to-dos ---------------------------------------------------------------------------------

TONES = ("normal", "urgent")


@dataclass(frozen=True)
class Todo:
    """One line of the home page's inbox: `count(user)` rows wait for this user.

    `url` opens the list showing exactly those rows: a URL name with an optional query
    ("rights:case_list?due=overdue"), reversed when the inbox is shown (the URLconf is not
    loaded when apps register), or `url(user)` giving the path. `count` is one query that
    starts from `visible_to(user, permission)`, so scope and permission hold. "urgent" is
    for rows past a limit. `badge=False` keeps it out of the top bar's to-do badge (unread
    notifications have their own badge).
    """

    name: str
    label: str
    permission: str | None  # None: every logged-in user
    count: Callable[[Any], int]
    url: str | Callable[[Any], str]
    order: int = 100
    tone: str = "normal"
    badge: bool = True


@dataclass(frozen=True)
class TodoBadge:
    total: int
    urgent: bool


def register_todo(todo: Todo) -> None:
    if todo.tone not in TONES:
        raise ValueError(f"To-do {todo.name}: tone must be one of {TONES}, not {todo.tone!r}.")
    registry["todos"][todo.name] = todo


def todo_url(todo: Todo, user: Any) -> str:
    if callable(todo.url):
        return todo.url(user)
    from django.urls import reverse

    name, _, query = todo.url.partition("?")
    return reverse(name) + (f"?{query}" if query else "")


def todos_for(user: Any) -> list[tuple[Todo, int, str]]:
    """(to-do, count, link) of what waits for this user, in order; nothing is counted for a
    to-do whose permission the role lacks, and the ones with nothing waiting are left out."""
    todos = sorted(registry["todos"].values(), key=lambda t: (t.order, t.name))
    entries = []
    for todo in todos:
        if todo.permission is not None and not user.can(todo.permission):
            continue
        if count := todo.count(user):
            entries.append((todo, count, todo_url(todo, user)))
    return entries


def todo_badge(entries: list[tuple[Todo, int, str]]) -> TodoBadge:
    """The top bar's badge for the entries of `todos_for`: how many rows wait, and whether
    any of them is past a limit."""
    shown = [(todo, count) for todo, count, _ in entries if todo.badge]
    return TodoBadge(
        total=sum(count for _, count in shown),
        urgent=any(todo.tone == "urgent" for todo, _ in shown),
    )


# ---- demo ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBuilder:
    """One app's part of the demo district. `build(context)` runs after those it needs."""

    name: str
    build: Callable[[Any], Any]
    after: tuple[str, ...] = field(default=())
    label: str = ""


def register_demo_builder(builder: DemoBuilder) -> None:
    registry["demo_builders"][builder.name] = builder


def demo_builders_in_order() -> list[DemoBuilder]:
    """Each builder after the builders it names (a topological order, stable by name)."""
    builders = registry["demo_builders"]
    done: list[DemoBuilder] = []
    seen: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in seen:
            return
        if name in path:
            raise ValueError(f"Demo builders depend on each other in a cycle: {path}")
        if name not in builders:
            raise KeyError(f"Demo builder {path[-1]} needs {name}, which no app registered.")
        for before in builders[name].after:
            visit(before, (*path, name))
        seen.add(name)
        done.append(builders[name])

    for name in sorted(builders):
        visit(name, ())
    return done
