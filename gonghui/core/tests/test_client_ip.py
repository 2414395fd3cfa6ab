"""The client's address (core.context.client_ip): forwarded headers count only from a
configured proxy. Rotating X-Real-IP let 30 of 30 portal lookups past the 20-per-hour limit
and forged the audit log's address (issue #12)."""

import pytest
from django.test import RequestFactory, override_settings

from gonghui.core.context import client_ip
from gonghui.core.models import AuditEntry


def _request(remote: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_socket_address_is_the_client():
    forged = _request("203.0.113.9", HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert client_ip(forged) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_forged_header_from_an_address_that_is_no_proxy_changes_nothing():
    forged = _request("203.0.113.9", HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert client_ip(forged) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_through_trusted_proxies_the_right_most_untrusted_hop_is_the_client():
    # the client wrote "1.1.1.1"; nginx (127.0.0.1) saw 198.51.100.7 through a balancer (10.0.0.5)
    request = _request(
        "127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7, 10.0.0.5",
        HTTP_X_REAL_IP="9.9.9.9",
    )
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", HTTP_X_REAL_IP="198.51.100.8")) == "198.51.100.8"
    assert client_ip(_request("127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"


def _track(client, remote: str, **headers: str) -> str:
    response = client.post(
        "/m/complaint/track/",
        {"code": "NOSUCHCODE", "phone": "13912345678"},
        REMOTE_ADDR=remote,
        **headers,
    )
    return response.content.decode()


@pytest.mark.django_db
@override_settings(RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP=20, TRUSTED_PROXIES=["127.0.0.1"])
def test_rotating_x_real_ip_does_not_defeat_the_lookup_limit(client):
    answered = [
        "查询码或手机号不正确" in _track(client, "203.0.113.9", HTTP_X_REAL_IP=f"10.0.{i}.1")
        for i in range(30)
    ]
    assert answered.count(True) == 20


@pytest.mark.django_db
@override_settings(RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP=20, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_trusted_proxy_each_client_has_its_own_limit(client):
    answered = [
        "查询码或手机号不正确" in _track(client, "127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.{i}.1")
        for i in range(30)
    ]
    assert all(answered)


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_audit_log_records_the_address_the_proxy_saw_not_a_forged_one(world, client):
    client.post(
        "/accounts/login/",
        {"username": "nobody", "password": "x"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_REAL_IP="1.2.3.4",
    )
    client.post(
        "/accounts/login/",
        {"username": "nobody2", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )
    ips = dict(
        AuditEntry.objects.filter(action="accounts.login.failed").values_list("actor_name", "ip")
    )
    assert ips == {"nobody": "203.0.113.9", "nobody2": "198.51.100.7"}


def test_a_forged_header_does_not_escape_the_login_lock(world, client, settings):
    for i in range(settings.LOGIN_MAX_FAILURES + 3):
        response = client.post(
            "/accounts/login/",
            {"username": "town_a", "password": "bad"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.0.{i}.1",
            HTTP_X_REAL_IP=f"10.1.{i}.1",
        )
    assert "登录失败次数过多" in response.content.decode()
