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


def _login(client, username, password, ip="10.1.1.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _answer(response) -> str:
    """What the login page told the person (its form's error), or "ok" when it let them in."""
    if response.status_code == 302:
        return "ok"
    return " ".join(response.context["form"].non_field_errors())


def test_login_succeeds_and_is_audited(world, client):
    response = _login(client, "town_a", PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="accounts.login.succeeded", actor=world.town_a_user
    ).exists()


def test_an_existing_and_a_missing_name_get_the_same_answers(world, client, settings):
    """No oracle: a name nobody has locks and answers exactly as an account does."""
    tries = settings.LOGIN_MAX_FAILURES + 2
    existing = [_answer(_login(client, "town_a", "wrong")) for _ in range(tries)]
    missing = [_answer(_login(client, "nobody", "wrong")) for _ in range(tries)]
    assert existing == missing
    assert "用户名或密码错误" in existing[0]
    assert "登录失败次数过多" in existing[-1]
    assert "nobody" not in " ".join(missing) and "town_a" not in " ".join(existing)


def test_the_lock_binds_the_name_and_source_so_the_owner_still_logs_in(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(client, "town_a", "wrong", ip="10.9.9.9")
    # the attacker's source is locked for this name, even with the right password …
    assert "登录失败次数过多" in _answer(_login(client, "town_a", PASSWORD, ip="10.9.9.9"))
    # … and the person at their own computer is not
    assert _answer(_login(client, "town_a", PASSWORD, ip="10.1.1.1")) == "ok"
    assert AuditEntry.objects.filter(action="accounts.login.locked").count() == 1
    locked = AuditEntry.objects.get(action="accounts.login.locked")
    assert locked.ip == "10.9.9.9" and locked.target_id == str(world.town_a_user.pk)


def test_the_lock_lasts_the_configured_minutes(world, client, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(client, "town_a", "wrong")
    minutes = settings.LOGIN_LOCK_MINUTES
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=minutes - 1)
    )
    assert "登录失败次数过多" in _answer(_login(client, "town_a", PASSWORD))
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=minutes + 1)
    )
    assert _answer(_login(client, "town_a", PASSWORD)) == "ok"


def test_a_source_trying_many_names_is_refused(world, client, settings):
    """40 attempts under 40 names from one address: after LOGIN_SOURCE_MAX_ACCOUNTS names
    the source is refused for every name, right passwords included; others are not."""
    answers = [_answer(_login(client, f"guess{i}", "123456", ip="10.6.6.6")) for i in range(40)]
    allowed = settings.LOGIN_SOURCE_MAX_ACCOUNTS
    assert all("用户名或密码错误" in a for a in answers[:allowed])
    assert all("登录失败次数过多" in a for a in answers[allowed:])
    assert "登录失败次数过多" in _answer(_login(client, "town_a", PASSWORD, ip="10.6.6.6"))
    assert _answer(_login(client, "town_a", PASSWORD, ip="10.1.1.1")) == "ok"
    assert (
        AuditEntry.objects.filter(action="accounts.login.source_locked", ip="10.6.6.6").count() == 1
    )


def test_a_success_forgets_the_failures_of_its_source(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _login(client, "town_a", "bad")
    assert _answer(_login(client, "town_a", PASSWORD)) == "ok"
    client.post("/accounts/logout/")
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert "用户名或密码错误" in _answer(_login(client, "town_a", "bad"))
    assert _answer(_login(client, "town_a", PASSWORD)) == "ok"


def test_failures_are_audited_with_name_and_source(world, client):
    _login(client, "nobody", "x", ip="10.3.3.3")
    entry = AuditEntry.objects.get(action="accounts.login.failed")
    assert (entry.actor_name, entry.ip, entry.success) == ("nobody", "10.3.3.3", False)


@pytest.mark.parametrize(
    ("password", "message"),
    [("Ab1!", "8"), ("abcdefgh1", "至少3类"), ("abcdEFGH", "至少3类"), ("Passw0rd!", "过于常见")],
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


def test_authenticate_without_a_request_still_checks_the_password(world):
    """A shell or command has no source to count; Django's check still decides."""
    from django.contrib.auth import authenticate

    assert authenticate(username="town_a", password=PASSWORD) == world.town_a_user
    assert authenticate(username="town_a", password="bad") is None
