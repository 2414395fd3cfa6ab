"""No input gives a server error (issue #11): schemathesis generates requests from the
OpenAPI schema, valid ones and invalid ones, for every operation of /api/v1/ (a new domain's
endpoints are covered as soon as its router is mounted) and none may answer 5xx or an HTML
error. Bounded and seeded (derandomize) so CI sends the same requests each time, on SQLite
and PostgreSQL. (schemathesis' own pytest plugin does not run under pytest 9: its strategies
are driven with hypothesis' @given here.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from gonghui.accounts.services import token_create
from gonghui.wsgi import application

EXAMPLES = 30  # per operation and mode (about a minute in all on 2 cores)

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI app here, not through Django's test client, so
    they would close the test's connection when they finish (PostgreSQL: "the connection
    is closed"); the test client disconnects the same receivers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def district_key(world):
    _token, key = token_create(user=world.district_staff, name="fuzz")
    return key


def _check(case, key: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    where = f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:300]}"
    assert response.status_code < 500, f"{where} → {response.status_code}\n{response.text[:800]}"
    if response.status_code >= 400:
        kind = (response.headers.get("content-type") or [""])[0]  # lowercased, lists
        assert kind.startswith("application/json"), f"{where}: an error answered as {kind}"


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_request_gives_a_server_error(operation, mode, district_key):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        _check(case, district_key)

    run()
