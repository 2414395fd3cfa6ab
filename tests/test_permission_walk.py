"""Walk every page and API operation as roles that lack a permission (issue #9, item 3).

The scope walk (test_scope_walk.py) proves nobody sees another subtree. This walk proves that
inside one's own subtree a role sees nothing its permissions do not give, aggregates
included: a station lawyer (no orgs.view, no members.view) sees no union, member or employer
count on any page, and a grassroots chair (no rights.view, no audit.view) sees no case of its
own union and no audit entry.
"""

import re

import pytest

from tests.permission_walk import PERMISSION_ROW_MAKERS
from tests.test_scope_walk import SKIP_PREFIXES, _api_paths, _fill, _patterns


@pytest.fixture
def guarded(world):
    return [g for maker in PERMISSION_ROW_MAKERS for g in maker(world)]


def _hidden_from(user, guarded) -> tuple[list[str], list[int]]:
    hidden = [g for g in guarded if not any(user.can(p) for p in g.permissions)]
    return [m for g in hidden for m in g.markers], sorted({pk for g in hidden for pk in g.pks})


def _leaks(body: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m in body]


def _page_urls(pks: list[int]):
    for route in _patterns():
        if route.startswith(SKIP_PREFIXES):
            continue
        if "<" not in route:
            yield "/" + route
            continue
        for pk in pks:
            yield from _fill(route, pk)


@pytest.mark.parametrize("persona", ["lawyer_a", "chair_a"])
def test_pages_show_nothing_the_role_may_not_see(world, guarded, client, persona):
    user = getattr(world, persona)
    markers, pks = _hidden_from(user, guarded)
    assert markers, "the persona should lack some permission"
    client.force_login(user)
    walked = 0
    for url in _page_urls(pks):
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        leaks = _leaks(response.content.decode(errors="ignore"), markers)
        assert not leaks, f"{url} shows {leaks} to {persona}"
        walked += 1
    assert walked > 20


@pytest.mark.parametrize("persona", ["lawyer_a", "chair_a"])
def test_api_shows_nothing_the_role_may_not_see(world, guarded, client, persona):
    user = getattr(world, persona)
    markers, pks = _hidden_from(user, guarded)
    client.force_login(user)
    walked = 0
    for path, method in _api_paths(client):
        params = re.findall(r"{(\w+)}", path)
        if not params and method != "get":
            continue
        for pk in pks if params else [None]:
            url = "/api/v1" + (re.sub(r"{\w+}", str(pk), path) if params else path)
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
            leaks = _leaks(response.content.decode(), markers)
            assert not leaks, f"{method.upper()} {url} shows {leaks} to {persona}"
            walked += 1
    assert walked > 5
