"""An irreversible workflow action asks first and says what will happen (issue #10), on a
desktop and on a phone."""

import pytest
from django.contrib.auth.hashers import make_password

from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Gonghui@2026x"


def _login(page, live_server, user):
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_leave_asks_before_it_acts(browser, live_server, world, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    member = make_member(world.union_a, name="王小明")
    _login(page, live_server, world.chair_a)
    page.goto(f"{live_server.url}/members/{member.pk}/")
    seen = []

    # given the person declines the question, nothing happens
    def decline(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.click("#action-leave .action-open")
    page.click("#action-leave button[type=submit]")
    page.wait_for_timeout(300)
    assert seen and "王小明" in seen[0] and "离会" in seen[0]
    assert Member.objects.get(pk=member.pk).status == "active"
    # when they accept, the member leaves
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#action-leave button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_selector(".messages")
    assert Member.objects.get(pk=member.pk).status == "left"
    context.close()
