"""Chinese everywhere (issue #10): validators, API validation errors, error pages, audit data."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def _english(text: str) -> bool:
    return any(word in text for word in ("password", "Field", "Input", "should", "required"))


def test_password_rules_speak_chinese():
    with pytest.raises(ValidationError) as caught:
        validate_password("abc")
    messages = caught.value.messages
    assert messages and not any(_english(m) for m in messages), messages
    assert any("至少8个字符" in m for m in messages)


def test_api_validation_errors_speak_chinese(world, client):
    client.force_login(world.town_a_user)
    response = client.post(
        "/api/v1/rights/cases",
        {"kind": "petition", "received_on": "明天", "visitors": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "请求数据不正确。"
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["channel"] == "必填。"
    assert "日期" in fields["received_on"]
    assert "整数" in fields["visitors"]
    assert not any(_english(m) for m in fields.values()), fields


def test_a_malformed_body_is_explained_in_chinese(world, client):
    client.force_login(world.town_a_user)
    response = client.post("/api/v1/rights/cases", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容无法解析，请发送有效的 JSON。"}


def test_the_audit_log_shows_changes_as_labelled_before_and_after(world, client):
    from gonghui.orgs.services import employer_update

    employer_update(
        actor=world.admin, employer=world.employer_a, version=1, name="甲电子（新）有限公司"
    )
    client.force_login(world.admin)
    body = client.get("/audit/?action=orgs.employer.updated").content.decode()
    assert "单位名称" in body and "甲电子有限公司" in body and "甲电子（新）有限公司" in body
    assert "{&#x27;name&#x27;" not in body and "{'name'" not in body


def test_error_pages_are_the_products_own(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "工会工作平台" in response.content.decode()


def test_a_server_error_is_the_products_own_page(client, settings, monkeypatch):
    from gonghui.reports import views

    def broken(request):
        raise RuntimeError("boom")

    settings.DEBUG = False
    client.raise_request_exception = False
    monkeypatch.setattr(views, "widgets_for", lambda user: broken(None))
    from gonghui.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()


def test_workflow_history_shows_labels_not_codes(world, client):
    from gonghui.rights.services.handling import case_accept
    from gonghui.rights.tests.conftest import register

    case = register(world.town_a_user, employer=world.employer_a)
    case_accept(actor=world.town_a_user, case=case, version=case.version)
    client.force_login(world.town_a_user)
    body = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert "新建：已登记" in body and "受理：已登记 → 已受理" in body
    assert "created → registered" not in body and "accept → accepted" not in body
