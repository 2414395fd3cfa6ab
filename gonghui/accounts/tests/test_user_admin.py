import datetime

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.tests.factories import PASSWORD
from gonghui.core.models import AuditEntry


def test_admin_creates_a_user_who_must_change_password(world, client_for, client):
    admin = client_for(world.admin)
    response = admin.post(
        "/accounts/users/new/",
        {
            "username": "xinzao",
            "display_name": "新造干事",
            "role": "town_staff",
            "organization": world.town_b.pk,
            "is_active": "on",
            "password": "Temp!Pass2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="xinzao")
    assert user.organization == world.town_b and user.password_expired
    assert AuditEntry.objects.filter(
        action="accounts.user.created", target_id=str(user.pk)
    ).exists()
    admin.logout()
    response = client.post("/accounts/login/", {"username": "xinzao", "password": "Temp!Pass2026"})
    assert response.url == "/accounts/password/"


def test_user_form_errors_are_chinese(world, client_for):
    response = client_for(world.admin).post(
        "/accounts/users/new/",
        {
            "username": "town_a",
            "role": "town_staff",
            "organization": 999999,
            "password": "weak",
        },
    )
    html = response.content.decode()
    assert "所属组织不存在" in html
    assert not User.objects.filter(organization_id=999999).exists()


def test_admin_sees_the_lock_and_unlocks_every_source(world, client_for, client, settings):
    for ip in ("10.7.7.1", "10.7.7.2"):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            client.post(
                "/accounts/login/", {"username": "town_a", "password": "bad"}, REMOTE_ADDR=ip
            )
    admin = client_for(world.admin)
    listing = admin.get("/accounts/users/?q=town_a").content.decode()
    assert "已锁定" in listing and f"/accounts/users/{world.town_a_user.pk}/unlock/" in listing
    edit_page = admin.get(f"/accounts/users/{world.town_a_user.pk}/edit/").content.decode()
    assert "10.7.7.1" in edit_page and "10.7.7.2" in edit_page
    admin.post(f"/accounts/users/{world.town_a_user.pk}/unlock/")
    assert "已锁定" not in admin.get("/accounts/users/?q=town_a").content.decode()
    assert AuditEntry.objects.filter(action="accounts.user.unlocked").count() == 1
    admin.logout()
    response = client.post(
        "/accounts/login/", {"username": "town_a", "password": PASSWORD}, REMOTE_ADDR="10.7.7.1"
    )
    assert response.status_code == 302


def test_admin_deactivates(world, client_for):
    admin = client_for(world.admin)
    admin.post(
        f"/accounts/users/{world.town_a_user.pk}/edit/",
        {
            "role": "town_staff",
            "organization": world.town_a.pk,
            "display_name": "",
        },
    )
    assert not User.objects.get(pk=world.town_a_user.pk).is_active
    assert AuditEntry.objects.filter(action="accounts.user.updated").count() == 1


def test_only_admins_manage_users(world, client_for):
    assert client_for(world.town_a_user).get("/accounts/users/").status_code == 403


def test_expired_password_forces_change(world, client):
    User.objects.filter(pk=world.town_a_user.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    response = client.post("/accounts/login/", {"username": "town_a", "password": PASSWORD})
    assert response.url == "/accounts/password/"


def test_expired_password_blocks_other_pages(world, client_for):
    User.objects.filter(pk=world.town_a_user.pk).update(password_changed_at=None)
    world.town_a_user.refresh_from_db()
    client = client_for(world.town_a_user)
    assert client.get("/employers/").url == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200
