import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from gonghui.accounts import services
from gonghui.accounts.models import User
from gonghui.accounts.tests.factories import PASSWORD
from gonghui.core.errors import ApplicationError
from gonghui.core.models import AuditEntry


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_succeeds_and_is_audited(world, client):
    response = _login(client, "town_a", PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="accounts.login.succeeded", actor=world.town_a_user
    ).exists()


def test_five_failures_lock_the_account_for_thirty_minutes(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = _login(client, "town_a", "wrong")
        assert "用户名或密码错误" in response.content.decode()
    user = User.objects.get(username="town_a")
    assert user.is_locked
    assert abs(
        (user.locked_until - timezone.now()) - datetime.timedelta(minutes=30)
    ) < datetime.timedelta(minutes=1)
    # even the right password is refused while locked
    response = _login(client, "town_a", PASSWORD)
    assert response.status_code == 200
    assert "已被锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.login.locked").count() == 1


def test_lock_expires(world, client):
    User.objects.filter(pk=world.town_a_user.pk).update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _login(client, "town_a", PASSWORD).status_code == 302


def test_success_resets_the_failure_count(world):
    for _ in range(4):
        with pytest.raises(ApplicationError):
            services.login_attempt(username="town_a", password="bad")
    services.login_attempt(username="town_a", password=PASSWORD)
    assert User.objects.get(username="town_a").failed_logins == 0


def test_unknown_user_gets_the_same_message(world):
    with pytest.raises(ApplicationError, match="用户名或密码错误"):
        services.login_attempt(username="nobody", password="x")


@pytest.mark.parametrize(
    ("password", "message"),
    [("Ab1!", "8"), ("abcdefgh1", "至少3类"), ("abcdEFGH", "至少3类")],
)
def test_weak_passwords_are_refused(world, password, message):
    with pytest.raises(ApplicationError) as exc:
        services.user_set_password(
            user=world.town_a_user, password=password, actor=world.town_a_user
        )
    assert message in exc.value.message


def test_last_five_passwords_cannot_be_reused(world):
    user = world.town_a_user
    history = [f"Gh!{i}pass-Word" for i in range(5)]
    for p in history:
        services.user_set_password(user=user, password=p, actor=user)
    for p in history:
        with pytest.raises(ApplicationError, match="最近5次"):
            services.user_set_password(user=user, password=p, actor=user)
    services.user_set_password(user=user, password="Gh!new-Word9", actor=user)
    # the oldest drops out of the window after a sixth change
    services.user_set_password(user=user, password=history[0], actor=user)


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from gonghui.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_session_ends_after_thirty_idle_minutes(world, client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60  # idle limit kept to within a minute
    _login(client, "town_a", PASSWORD)
    assert client.get("/").status_code == 200
    # when the session has been idle past its age
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    # then the next request goes to the login page
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_forms_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD})
    assert response.status_code == 403


def test_security_headers(world, client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_password_change_page(world, client_for):
    client = client_for(world.town_a_user)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "password": "short", "password2": "short"}
    )
    assert "至少" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "password": "New!Pass2027", "password2": "New!Pass2027"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.town_a_user.pk).check_password("New!Pass2027")


def test_deploy_check_is_clean_with_production_settings():
    import subprocess
    import sys

    env = {
        "GONGHUI_SECRET_KEY": "a" * 20 + "Zx9!k2Lm#pQ7rT5vW8yB3nD6fH1jK4sA0",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.production",
        "GONGHUI_ALLOWED_HOSTS": "gonghui.example",
        "GONGHUI_FIELD_ENCRYPTION_KEYS": "p1:cHJvZC10ZXN0LWtleS1vZi10aGlydHktdHdvLWJ5dGU",
        "GONGHUI_BLIND_INDEX_KEY": "prod-test-blind-index",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
