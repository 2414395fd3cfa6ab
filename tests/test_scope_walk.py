"""Walk every URL pattern and API endpoint as a user of town A: no row of town B shows (PLAT-1).

New pages and endpoints are covered automatically; new scoped models add a maker to
tests/scope_walk.py so their rows are among the foreign ones.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.scope_walk import MARKER, foreign_rows

SKIP_PREFIXES = ("api/v1/", "accounts/login/", "accounts/logout/", "static/")
FOREIGN_NAMES = (MARKER, "乙公司工会委员会", "乙五金有限公司", "南村镇总工会")


def _actions() -> list[str]:
    """Every transition of every registered workflow: each generic action URL is walked."""
    from gonghui.core.registry import registry

    return sorted({t for flow in registry["workflows"].values() for t in flow.transitions})


STR_PARAM_VALUES = {"action": _actions()}


def _patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _patterns(p, route)
        elif isinstance(p, URLPattern):
            yield route


def _fill(route: str, pk: int) -> list[str]:
    route = route.lstrip("^").rstrip("$")
    urls = [route]
    for name in re.findall(r"<str:(\w+)>", route):
        urls = [
            u.replace(f"<str:{name}>", v) for u in urls for v in STR_PARAM_VALUES.get(name, ["x"])
        ]
    return ["/" + re.sub(r"<int:\w+>", str(pk), u) for u in urls]


@pytest.fixture
def foreign(world):
    rows = foreign_rows(world)
    return sorted(
        {row.pk for row in rows} | {world.town_b.pk, world.union_b.pk, world.employer_b.pk}
    )


MISSING_PK = 9_999_999


def _body(response) -> str:
    """The text of a page, or of a file a bare GET downloads (a statement's .xlsx)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="ignore")


def _answer(client, url: str) -> tuple[int, str]:
    # Views look the row up before anything else, so GET decides; a POST-only view answers
    # GET with 405 and is then asked with POST.
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    body = _body(response)
    assert not any(n in body for n in FOREIGN_NAMES), f"{url} shows another town's row"
    return response.status_code, response.get("Location", "")


def _status(client, url: str) -> int:
    return _answer(client, url)[0]


def _walk_pages(client, foreign_pks):
    routes = [r for r in _patterns() if not r.startswith(SKIP_PREFIXES)]
    assert len(routes) > 10
    checked = 0
    for route in routes:
        if "<" not in route:
            response = client.get("/" + route)
            body = _body(response)
            assert not any(n in body for n in FOREIGN_NAMES), f"/{route} shows another town's row"
            continue
        for pk in foreign_pks:
            for url in _fill(route, pk):
                status, location = _answer(client, url)
                # 403 only as a role without the page's permission gets it for any pk, and a
                # redirect only as a member's phone page sends one not identified as a member
                # to identify (whatever the pk): the answer tells nothing of the row when a
                # missing pk answers the same
                if status in (302, 403):
                    missing = url.replace(f"/{pk}/", f"/{MISSING_PK}/")
                    assert _answer(client, missing) == (status, location), url
                    continue
                assert status in (404, 405), f"{url}: {status}"
                checked += 1
    return checked


@pytest.mark.parametrize("persona", ["town_a_user", "chair_a"])
def test_pages_never_show_another_towns_rows(world, foreign, client, persona):
    client.force_login(getattr(world, persona))
    assert _walk_pages(client, [pk for pk in foreign if pk >= 70_000]) > 20


def test_world_rows_of_town_b_are_404_for_town_a(world, foreign, client):
    client.force_login(world.town_a_user)
    for url in (
        f"/orgs/{world.union_b.pk}/",
        f"/employers/{world.employer_b.pk}/",
        f"/orgs/{world.town_b.pk}/edit/",
    ):
        assert client.get(url).status_code == 404


def _api_paths(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method in operations:
            yield path.removeprefix("/api/v1"), method


@pytest.mark.parametrize("persona", ["town_a_user", "chair_a"])
def test_api_never_shows_another_towns_rows(world, foreign, client, persona):
    client.force_login(getattr(world, persona))
    checked = 0
    for path, method in _api_paths(client):
        params = re.findall(r"{(\w+)}", path)
        if not params:
            if method == "get":
                body = client.get("/api/v1" + path).content.decode()
                assert not any(n in body for n in FOREIGN_NAMES), (
                    f"GET {path} shows another town's row"
                )
            continue
        for pk in [p for p in foreign if p >= 70_000]:
            url = "/api/v1" + re.sub(r"{\w+}", str(pk), path)
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
            body = response.content.decode()
            if response.status_code == 403:  # the role lacks the permission, whatever the pk
                missing = "/api/v1" + re.sub(r"{\w+}", str(MISSING_PK), path)
                again = client.generic(
                    method.upper(), missing, "{}", content_type="application/json"
                )
                assert again.status_code == 403, f"{method.upper()} {url}: 403"
                continue
            assert response.status_code in (404, 422), (
                f"{method.upper()} {url}: {response.status_code}"
            )
            assert not any(n in body for n in FOREIGN_NAMES)
            checked += 1
    assert checked > 5


def _scoped_models() -> set[str]:
    from django.apps import apps

    from gonghui.core.scope import ScopedQuerySet

    return {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("gonghui.")
        and isinstance(model._default_manager.all(), ScopedQuerySet)
        and model._meta.label not in UNWALKED
    }


# Scoped models with no page or endpoint of their own to walk: audit entries are walked by
# tests/test_permission_walk.py (auditors only), users by the accounts tests.
UNWALKED = {"core.AuditEntry", "accounts.User"}


def test_every_scoped_model_has_foreign_rows_in_the_walk(world):
    """A new scoped model gets a maker in tests/scope_walk.py, or the walk would miss it."""
    rows = foreign_rows(world)
    walked = {type(row)._meta.label for row in rows} | {"orgs.Organization", "orgs.Employer"}
    assert _scoped_models() <= walked, f"no foreign rows for {_scoped_models() - walked}"


def test_statistics_never_show_another_towns_figures(world, foreign, client):
    """The statistics pages and the indicator API take the organization as a filter (`org`,
    `org_id`), which the walk above does not fill: town A's user opens every indicator they
    may see for their own town (no name of town B's, no 500) and for each of town B's
    organizations (404, in Chinese, with nothing of it)."""
    from gonghui.core.indicators import catalog
    from gonghui.orgs.models import Organization

    user = world.town_a_user
    client.force_login(user)
    codes = [i.code for i in catalog(user)]
    assert len(codes) > 3
    pages = ["/stats/", *(f"/stats/{code}/" for code in codes)]
    for url in [*pages, "/stats/home/"]:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert not any(n in body for n in FOREIGN_NAMES), f"{url} shows another town's figure"
    theirs = Organization.objects.filter(path__startswith=world.town_b.path)
    theirs = list(theirs.values_list("pk", flat=True))
    assert world.town_b.pk in theirs and len(theirs) >= 4
    for pk in theirs:
        for url in pages:
            response = client.get(url, {"org": pk, "year": 2013})
            body = response.content.decode()
            assert response.status_code == 404, f"{url}?org={pk}: {response.status_code}"
            assert "不在您的管理范围内" in body
            assert not any(n in body for n in FOREIGN_NAMES), f"{url}?org={pk}"
        for code in codes:
            api = client.get(f"/api/v1/indicators/{code}", {"org_id": pk})
            assert api.status_code == 404, (code, pk)
