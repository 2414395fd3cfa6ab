"""Pickers in the browser (issue #10), at desktop and phone size: a town's staff type pinyin
initials or part of a name into the union and employer pickers of member create (and the
receiving union's picker of a transfer out), pick a suggestion, save, and the saved row has
what was picked."""

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.members.models import Member, Transfer
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc
from tests.browser.pickers import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Gonghui@2026x"
SIZES = [(1280, 800), (390, 844)]


def _open_as(browser, live_server, user, size):
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar")
    return context, page


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_member_create_with_a_union_and_an_employer_picked(browser, live_server, world, size):
    # given two unions in town A whose names start alike, and town B's namesake
    union = make_org(world.town_a, name="甲乙科技有限公司工会", uscc=uscc("81"))
    make_org(world.town_a, name="甲乙五金厂工会")
    make_org(world.town_b, name="甲乙科技有限公司工会")
    employer = EmployerFactory(name="甲乙科技有限公司", town=world.town_a, union=union)
    context, page = _open_as(browser, live_server, world.town_a_user, size)
    page.goto(f"{live_server.url}/members/new/")
    page.fill("#id_name", "李小红")
    page.fill("#id_ric", new_ric(male=False))
    page.fill("#id_joined_on", "2026-03-02")
    # when they type the union's pinyin initials: only their own unions are offered
    page.click("#id_union-ts-control")
    page.fill("#id_union-ts-control", "jykj")
    options = page.locator("#id_union-ts-dropdown .option")
    options.first.wait_for()
    assert options.count() == 1 and "市桥街道总工会" in options.first.inner_text()
    pick(page, "id_union", "jykj", "甲乙科技有限公司工会")
    # and part of the employer's name
    pick(page, "id_employer", "乙科技", "甲乙科技有限公司")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".messages")
    # then the member is saved in that union, working for that employer
    member = Member.objects.get(name="李小红")
    assert (member.union_id, member.employer_id) == (union.pk, employer.pk)
    assert page.url.rstrip("/").endswith(f"/members/{member.pk}")
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_transfer_out_to_another_towns_union_named_in_full(browser, live_server, world, size):
    member = make_member(world.union_a, name="王小明")
    far = make_org(world.town_b, name="南村远方电器有限公司工会", uscc=uscc("81"))
    context, page = _open_as(browser, live_server, world.town_a_user, size)
    page.goto(f"{live_server.url}/members/{member.pk}/transfer/")
    # part of town B's union's name finds nothing; its full name offers it, by its code
    page.click("#id_to_union-ts-control")
    page.fill("#id_to_union-ts-control", "远方")
    page.wait_for_selector("#id_to_union-ts-dropdown .no-results, #id_to_union-ts-dropdown .create")
    assert page.locator("#id_to_union-ts-dropdown .option:has-text('南村镇总工会')").count() == 0
    pick(page, "id_to_union", far.name, "南村镇总工会")
    page.fill("#id_reason", "工作调动")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".messages")
    transfer = Transfer.objects.get(member=member)
    assert transfer.to_union_id == far.pk
    context.close()
