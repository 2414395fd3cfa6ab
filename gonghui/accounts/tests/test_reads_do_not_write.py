"""Reads do not write (issue #11): on SQLite a write on every authenticated read made
"database is locked" under load. A token records its last use at most every few minutes; a
page refreshes the session's idle expiry at most every few minutes, not on every request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.accounts.services import token_create

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_api_reads_record_the_tokens_use_at_most_every_few_minutes(world, client):
    token, key = token_create(user=world.town_a_user, name="报表")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/members", **headers).status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/api/v1/members", **headers).status_code == 200
    assert _writes(queries.captured_queries) == []
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    # a use long after the last one is recorded
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(hours=1))
    client.get("/api/v1/members", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - datetime.timedelta(minutes=1)


def test_page_reads_do_not_rewrite_the_session_each_time(world, client):
    client.force_login(world.town_a_user)
    assert client.get("/members/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/members/").status_code == 200
    assert _writes(queries.captured_queries) == []


def test_an_active_session_is_still_kept_alive(world, client, settings):
    """The idle limit still holds: a session used again after the refresh interval gets a
    new expiry; one unused for longer than the idle limit is gone."""
    from django.contrib.sessions.models import Session

    client.force_login(world.town_a_user)
    client.get("/members/")
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    # five minutes later (past the refresh interval) a page is opened
    session = client.session
    session["_refreshed_at"] = (timezone.now() - datetime.timedelta(minutes=6)).timestamp()
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=before - datetime.timedelta(minutes=6)
    )
    client.get("/members/")
    assert Session.objects.get(session_key=key).expire_date >= before
