"""The recipe for a new domain (docs/development.md) holds: everything an app registers is whole.

An app that forgets a step fails here instead of answering 404 or PermissionDenied later:
its pages and API must be mounted, its menu entries must open, every permission it checks
must be registered, every workflow transition must name a service, input and schema that
exist, every import kind and periodic job must be complete (issue #9, item 7).
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver, reverse
from django.utils.module_loading import import_string

from gonghui.api import ROUTERS
from gonghui.core.periodic import periodic_jobs
from gonghui.core.registry import registry

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = [c for c in apps.get_app_configs() if c.name.startswith("gonghui.")]
PERMISSION_USES = [
    r"require\([^,()]+,\s*\"([\w.]+)\"",
    r"\.can\(\"([\w.]+)\"\)",
    r"visible_to\([^,()]+,\s*\"([\w.]+)\"",
    r"\|can:\"([\w.]+)\"",
    r"permission=\"([\w.]+)\"",
    r"view_permission=\"([\w.]+)\"",
]


def _included_modules() -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns:
        module = getattr(pattern, "urlconf_module", None)
        if module is not None:
            names.add(getattr(module, "__name__", str(module)))
    return names


@pytest.mark.parametrize("app", PROJECT_APPS, ids=lambda a: a.label)
def test_every_app_with_pages_is_mounted(app):
    if importlib.util.find_spec(f"{app.name}.urls") is None:
        return
    assert f"{app.name}.urls" in _included_modules(), f"add {app.name}.urls to gonghui/urls.py"


@pytest.mark.parametrize("app", PROJECT_APPS, ids=lambda a: a.label)
def test_every_app_with_an_api_is_mounted(app):
    if importlib.util.find_spec(f"{app.name}.api") is None:
        return
    module = importlib.import_module(f"{app.name}.api")
    if not hasattr(module, "router"):
        return
    assert f"{app.name}.api.router" in ROUTERS, f"add {app.name}.api.router to gonghui/api.py"


def test_menu_entries_open_and_are_guarded_by_registered_permissions():
    sections = registry["menu"]["sections"]
    for item in registry["menu"]["items"]:
        assert item.section in sections, f"{item.key}: register_menu_section({item.section!r})"
        reverse(item.url_name)
        if item.permission is not None:
            assert item.permission in registry["permissions"], item.permission


def _source_files():
    for path in (ROOT / "gonghui").rglob("*"):
        if path.suffix in (".py", ".html") and "migrations" not in path.parts:
            yield path


def test_every_permission_the_code_checks_is_registered():
    used: dict[str, str] = {}
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        for pattern in PERMISSION_USES:
            for code in re.findall(pattern, text):
                used.setdefault(code, str(path.relative_to(ROOT)))
    assert len(used) >= 15
    missing = {code: where for code, where in used.items() if code not in registry["permissions"]}
    assert not missing, f"unregistered permissions: {missing}"


def test_every_permission_is_labelled_in_chinese():
    # (a permission may have no role: one only the worker portal or the system is granted)
    for code, entry in registry["permissions"].items():
        assert entry.label and not entry.label.isascii(), f"{code}: give it a Chinese label"


@pytest.mark.parametrize("name", sorted(registry["workflows"]), ids=str)
def test_workflow_transitions_name_what_exists(name):
    flow = registry["workflows"][name]
    for t in flow.transitions.values():
        assert t.permission is None or t.permission in registry["permissions"], t
        assert t.confirm_text("某某") == t.confirm.replace("{obj}", "某某")  # formats cleanly
        if not t.service:
            continue
        assert flow.model_label, f"{name}: model= is needed for the generic action"
        flow.model  # noqa: B018  (resolves the label)
        signature = inspect.signature(t.service_fn)
        assert "actor" in signature.parameters, f"{t.service} takes actor="
        assert flow.object_arg in signature.parameters, f"{t.service} takes {flow.object_arg}="
        t.form_class  # noqa: B018
        t.schema_class  # noqa: B018
        assert flow.detail_url and reverse(flow.detail_url, args=[1])


def test_import_kinds_are_complete():
    assert {"members", "employers"} <= set(registry["importers"])
    for kind, spec in registry["importers"].items():
        assert spec.importer.kind == kind
        assert spec.importer.columns, kind
        assert spec.permission in registry["permissions"], spec.permission
        assert spec.help, f"{kind}: say which columns the file needs"


def test_list_exports_are_complete():
    from gonghui.core.forms import FilterForm

    assert {"members.members", "orgs.employers"} <= set(registry["list_exports"])
    for name, spec in registry["list_exports"].items():
        assert spec.name == name and spec.label and spec.columns, name
        assert spec.permission in registry["permissions"], spec.permission
        assert spec.full_permission in (None, *registry["permissions"]), spec.full_permission
        assert issubclass(spec.filter_form, FilterForm), (
            f"{name}: filter with core.forms.FilterForm"
        )
        assert spec.page_url(_example_filters(spec))
        assert all(c.header for c in spec.columns)


def _example_filters(spec) -> dict:
    """Filters that name a page under a path (an indicator's page: any registered code)."""
    return {name: next(iter(registry["indicators"])) for name in spec.list_url_args}


def test_every_list_page_with_an_export_shows_its_button(world, client):
    """The page of each registered export (its list_url) renders {% export_button %}."""
    client.force_login(world.admin)
    for name, spec in registry["list_exports"].items():
        html = client.get(spec.page_url(_example_filters(spec))).content.decode()
        assert f'data-export="{name}"' in html, f"{spec.list_url} has no export button for {name}"


def test_periodic_jobs_are_registered_with_a_title_and_a_run():
    names = [job.name for job in periodic_jobs()]
    assert "rights.mark_overdue" in names
    for job in periodic_jobs():
        assert job.title and callable(job.run)
        for code in job.grants:
            assert code in registry["permissions"], code


def test_demo_builders_run_in_an_order_that_respects_after():
    from gonghui.core.registry import demo_builders_in_order

    order = [b.name for b in demo_builders_in_order()]
    for builder in registry["demo_builders"].values():
        for before in builder.after:
            assert order.index(before) < order.index(builder.name)


def test_every_role_is_shown_a_menu_it_may_open(world):
    from gonghui.core.registry import menu_for

    for user in (world.admin, world.town_a_user, world.chair_a, world.lawyer_a, world.auditor):
        for _section, items in menu_for(user):
            for item in items:
                assert item.permission is None or user.can(item.permission)


def test_registry_stores_are_fixed():
    with pytest.raises(TypeError):
        registry["anything"] = {}


def test_settings_list_every_project_app():
    on_disk = {
        p.parent.name for p in (ROOT / "gonghui").glob("*/apps.py") if p.parent.name != "core"
    }
    installed = {name.split(".")[-1] for name in settings.INSTALLED_APPS}
    assert on_disk <= installed, f"not installed: {on_disk - installed}"


def test_stores_point_at_importable_code():
    for spec in registry["importers"].values():
        import_string(f"{spec.importer.__module__}.{spec.importer.__name__}")
