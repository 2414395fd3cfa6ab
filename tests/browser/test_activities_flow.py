"""MERIT-4 through the pages at phone size. A member registers for the district's activity
on the phone (name, RIC and phone) and sees it confirmed; a grassroots chair registers
another member, who goes on the waiting list (the one place is taken); the first member
cancels on "我的报名" and the waiting one moves up (their union is notified); at the desk
the district's staff find them by the phone's last 4 and check them in with one tap. Every
page fits the width (test_layout's check)."""

import pytest
from django.urls import reverse

from gonghui.activities.choices import RegistrationState
from gonghui.activities.models import Registration
from gonghui.activities.tests.activities_helpers import member_with_identity, open_activity
from gonghui.core.models import Notification

from .flow import fits, login, logout
from .pickers import pick
from .test_layout import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_register_waitlist_cancel_promote_and_check_in_on_a_phone(browser, live_server, world):
    activity = open_activity(world.district, capacity=1, name="职工气排球赛", place="区体育馆")
    first, who = member_with_identity(world.union_a, "陈晓红")
    second, _ = member_with_identity(world.union_a, "黄志强", phone="13912345678")
    base = live_server.url

    # the member, on their phone, without an account
    context, page = _phone(browser)
    page.goto(f"{base}/m/")
    page.click("text=活动报名")
    page.click(f"text={activity.name}")
    fits(page)
    page.fill("#id_name", who["name"])
    page.fill("#id_ric", who["ric"])
    page.fill("#id_phone", who["phone"])
    page.click("#register-form button[type=submit]")
    page.locator(".messages").get_by_text("报名成功").wait_for()
    assert page.locator(".my-registration .registration-state").inner_text() == "已确认"
    fits(page)
    context.close()

    # the chair registers another member of the union: the place is taken, so they wait
    context, page = _phone(browser)
    login(page, live_server, world.chair_a.username)
    page.goto(f"{base}{reverse('activities:activity_detail', args=[activity.pk])}")
    fits(page)
    page.click("#activity-register")
    pick(page, "id_member_1", "黄志强", "黄志强")
    page.click("#register-form button[type=submit]")
    page.locator(".messages").get_by_text("进入候补：黄志强").wait_for()
    fits(page)
    assert Registration.objects.get(member=second).state == RegistrationState.WAITLISTED
    logout(page)
    context.close()

    # the first member cancels on their status page; the waiting one moves up
    context, page = _phone(browser)
    page.goto(f"{base}/m/activities/mine/")
    page.fill("#id_name", who["name"])
    page.fill("#id_ric", who["ric"])
    page.fill("#id_phone", who["phone"])
    page.click("#identify-form button[type=submit]")
    page.click(".cancel-registration")
    page.locator(".messages").get_by_text("已取消").wait_for()
    fits(page)
    context.close()
    assert Registration.objects.get(member=second).state == RegistrationState.CONFIRMED
    assert Notification.objects.filter(
        recipient=world.chair_a, message__startswith="报名已确认"
    ).exists()

    # the district's staff at the desk: the phone's last 4, one tap
    context, page = _phone(browser)
    login(page, live_server, world.district_staff.username)
    page.goto(f"{base}{reverse('activities:activity_detail', args=[activity.pk])}")
    assert page.locator("#count-confirmed").inner_text() == "1"
    page.click("#activity-checkin")
    page.fill("#checkin-search input[name=q]", "5678")
    page.click("#checkin-search button")
    assert page.locator(".checkin-name").all_inner_texts() == ["黄志强"]
    fits(page)
    page.click(".checkin-button")
    page.locator(".messages").get_by_text("黄志强 签到成功").wait_for()
    assert page.locator(".checked-in").count() == 1
    fits(page)
    context.close()
    assert Registration.objects.get(member=second).checked_in_at is not None


@pytest.mark.parametrize("size", [PHONE, (1280, 800)], ids=["phone", "desktop"])
def test_every_staff_page_fits(browser, live_server, world, size):
    from gonghui.activities.tests.factories import make_registration

    activity = open_activity(world.district, capacity=1, name="职工书法展")
    make_registration(activity, member_with_identity(world.union_a, "陈晓红")[0])
    make_registration(
        activity,
        member_with_identity(world.union_a, "黄志强")[0],
        state=RegistrationState.WAITLISTED,
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    login(page, live_server, world.admin.username)
    for name, args, query in [
        ("activities:activity_list", [], ""),
        ("activities:activity_create", [], ""),
        ("activities:activity_detail", [activity.pk], ""),
        ("activities:activity_edit", [activity.pk], ""),
        ("activities:register", [activity.pk], ""),
        ("activities:registration_list", [], f"?activity={activity.pk}"),
        ("activities:checkin", [activity.pk], ""),
        ("activities:results", [activity.pk], ""),
    ]:
        response = page.goto(f"{live_server.url}{reverse(name, args=args)}{query}")
        assert response is not None and response.status == 200, page.url
        fits(page)
    context.close()
