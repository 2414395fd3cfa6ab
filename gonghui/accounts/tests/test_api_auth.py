from gonghui.accounts.services import token_create


def test_token_auth_has_the_same_scope(world, client):
    _token, key = token_create(user=world.town_a_user, name="test")
    headers = {"Authorization": f"Bearer {key}"}
    response = client.get("/api/v1/employers", headers=headers)
    assert response.status_code == 200
    names = [e["name"] for e in response.json()["items"]]
    assert names == ["甲电子有限公司"]
    assert (
        client.get(f"/api/v1/employers/{world.employer_b.pk}", headers=headers).status_code == 404
    )


def test_no_auth_is_401(world, client):
    response = client.get("/api/v1/employers")
    assert response.status_code == 401
    assert (
        client.get("/api/v1/employers", headers={"Authorization": "Bearer nope"}).status_code == 401
    )


def test_session_api_post_needs_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.town_a_user)
    response = client.post(
        "/api/v1/orgs", {"parent_id": world.town_a.pk}, content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_token_page_shows_key_once(world, client_for):
    client = client_for(world.town_a_user)
    response = client.post("/accounts/tokens/", {"name": "报表系统"})
    assert "gh_" in response.content.decode()
    assert "gh_" not in client.get("/accounts/tokens/").content.decode()
