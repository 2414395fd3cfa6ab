"""API tokens end with a password change, a lockout or a deactivation, do not work while the
password is expired, and are listed and revocable by their owner and a district admin."""

import datetime

import pytest
from django.utils import timezone

from gonghui.accounts.models import ApiToken, TokenEnd, User
from gonghui.accounts.services import token_create
from gonghui.accounts.tests.factories import PASSWORD
from gonghui.core.models import AuditEntry

API = "/api/v1/employers"


def _bearer(key: str, ip: str = "10.1.1.1") -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "REMOTE_ADDR": ip}


@pytest.fixture
def token(world):
    return token_create(user=world.town_a_user, name="报表系统")


def _works(client, key: str, ip: str = "10.1.1.1") -> bool:
    return client.get(API, **_bearer(key, ip)).status_code == 200


def test_a_token_ends_when_its_owner_changes_the_password(world, client_for, token):
    row, key = token
    client = client_for(world.town_a_user)
    assert _works(client, key)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "password": "Kx7#mQ2!vLp9", "password2": "Kx7#mQ2!vLp9"},
    )
    assert response.status_code == 302
    client.logout()
    assert not _works(client, key)
    assert ApiToken.objects.get(pk=row.pk).revoked_reason == TokenEnd.PASSWORD


def test_a_token_ends_when_its_account_is_locked(world, client, settings, token):
    row, key = token
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(
            "/accounts/login/", {"username": "town_a", "password": "bad"}, REMOTE_ADDR="10.8.8.8"
        )
    assert not _works(client, key)  # from the owner's own address too: someone is guessing
    row.refresh_from_db()
    assert row.revoked_reason == TokenEnd.LOCKOUT
    assert AuditEntry.objects.filter(
        action="accounts.token.revoked", target_id=str(world.town_a_user.pk)
    ).exists()


def test_a_token_does_not_work_while_the_password_is_expired(world, client, settings, token):
    _row, key = token
    old = timezone.now() - datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    User.objects.filter(pk=world.town_a_user.pk).update(password_changed_at=old)
    assert not _works(client, key)
    User.objects.filter(pk=world.town_a_user.pk).update(password_changed_at=timezone.now())
    assert not _works(client, key)  # a password set after the token: the token is older


def test_a_token_ends_when_its_user_is_deactivated(world, client_for, token):
    row, key = token
    admin = client_for(world.admin)
    admin.post(
        f"/accounts/users/{world.town_a_user.pk}/edit/",
        {"role": "town_staff", "organization": world.town_a.pk, "display_name": ""},
    )
    admin.logout()
    assert not _works(admin, key)
    row.refresh_from_db()
    assert row.revoked_reason == TokenEnd.DEACTIVATED and row.revoked_by == world.admin


def test_a_token_lives_the_configured_days(world, settings):
    row, _key = token_create(user=world.town_a_user, name="x")
    expected = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    assert abs(row.expires_at - expected) < datetime.timedelta(minutes=1)


def test_the_owner_lists_and_revokes_a_token_on_the_page(world, client_for, token):
    row, key = token
    client = client_for(world.town_a_user)
    page = client.get("/accounts/tokens/").content.decode()
    assert "报表系统" in page and f"/accounts/tokens/{row.pk}/revoke/" in page
    assert client.post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 302
    page = client.get("/accounts/tokens/").content.decode()
    assert "本人撤销" in page and f"/accounts/tokens/{row.pk}/revoke/" not in page
    client.logout()
    assert not _works(client, key)
    entry = AuditEntry.objects.get(action="accounts.token.revoked")
    assert entry.actor == world.town_a_user and entry.data["reason"] == "owner"


def test_nobody_else_revokes_a_token_but_the_district_admin(world, client_for, token):
    row, key = token
    other = client_for(world.town_b_user)
    assert other.post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 404
    assert other.get(f"/accounts/users/{world.town_a_user.pk}/tokens/").status_code == 404
    assert _works(other, key)
    admin = client_for(world.admin)
    page = admin.get(f"/accounts/users/{world.town_a_user.pk}/tokens/").content.decode()
    assert "报表系统" in page
    response = admin.post(f"/accounts/tokens/{row.pk}/revoke/")
    assert response.url == f"/accounts/users/{world.town_a_user.pk}/tokens/"
    admin.logout()
    assert not _works(admin, key)
    entry = AuditEntry.objects.get(action="accounts.token.revoked")
    assert entry.actor == world.admin and entry.data["reason"] == "admin"
    assert entry.target_id == str(world.town_a_user.pk)


def test_a_source_guessing_many_names_cannot_use_tokens(world, client, settings, token):
    _row, key = token
    for i in range(settings.LOGIN_SOURCE_MAX_ACCOUNTS):
        client.post(
            "/accounts/login/", {"username": f"guess{i}", "password": "x"}, REMOTE_ADDR="10.6.6.6"
        )
    assert not _works(client, key, ip="10.6.6.6")
    assert _works(client, key, ip="10.1.1.1")


def test_the_api_lists_and_revokes_the_owners_tokens(world, client, token):
    row, key = token
    _other, other_key = token_create(user=world.town_b_user, name="乙的令牌")
    listed = client.get("/api/v1/account/tokens", **_bearer(key)).json()
    assert [(t["id"], t["state"], t["usable"]) for t in listed] == [(row.pk, "有效", True)]
    assert (
        client.post(f"/api/v1/account/tokens/{_other.pk}/revoke", **_bearer(key)).status_code == 404
    )
    response = client.post(f"/api/v1/account/tokens/{row.pk}/revoke", **_bearer(key))
    assert response.status_code == 200 and response.json()["revoked_reason"] == "owner"
    assert client.get("/api/v1/account/tokens", **_bearer(key)).status_code == 401
    assert client.get("/api/v1/account/tokens", **_bearer(other_key)).status_code == 200


def test_the_api_gives_a_district_admin_anyones_tokens(world, client, token):
    row, _key = token
    _admin_row, admin_key = token_create(user=world.admin, name="运维")
    _b_row, b_key = token_create(user=world.town_b_user, name="乙")
    url = f"/api/v1/users/{world.town_a_user.pk}/tokens"
    assert [t["id"] for t in client.get(url, **_bearer(admin_key)).json()] == [row.pk]
    assert client.get(url, **_bearer(b_key)).status_code == 404
    response = client.post(f"/api/v1/account/tokens/{row.pk}/revoke", **_bearer(admin_key))
    assert response.json()["revoked_reason"] == "admin"
