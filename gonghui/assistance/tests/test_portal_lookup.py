"""The worker's phone page (/m/assistance/): application number + RIC show the person's
own applications and grants; anything else shows nothing, in one answer; look-ups limited."""

import datetime

import pytest
from django.core.cache import cache

from gonghui.assistance.choices import GrantState
from gonghui.assistance.tests.factories import make_grant, make_program
from gonghui.members.tests.factories import new_ric

pytestmark = pytest.mark.django_db
URL = "/m/assistance/"
NOT_FOUND = "未找到该申请，请核对申请编号和身份证号。"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(world):
    ric = new_ric()
    winter = make_program(world.district, "winter_warmth", name="冬送温暖甲")
    school = make_program(world.district, "school_aid", name="金秋助学甲")
    paid = make_grant(
        winter,
        world.union_a,
        "800",
        ric=ric,
        state=GrantState.PAID,
        paid_on=datetime.date(2013, 12, 20),
        decision_note="同意",
    )
    pending = make_grant(school, world.union_a, "1500", ric=ric)
    someone_else = make_grant(winter, world.union_a, "800", name="别人")
    return ric, paid, pending, someone_else


def test_the_right_number_and_ric_show_the_persons_own_grants(client, person):
    ric, paid, pending, someone_else = person
    page = client.post(URL, {"number": paid.number.lower(), "ric": f" {ric.lower()} "})
    assert page.status_code == 200
    shown = page.context["grants"]
    assert {g.pk for g in shown} == {paid.pk, pending.pk}
    html = page.content.decode()
    assert "冬送温暖甲" in html and "800.00" in html and "已发放" in html
    assert "2013-12-20" in html and "同意" in html
    assert "金秋助学甲" in html and "待镇街审核" in html
    assert someone_else.number not in html
    assert ric not in html and ric.lower() not in html  # the RIC is never echoed back


def test_a_wrong_ric_a_wrong_number_and_a_missing_one_get_the_same_answer(client, person):
    ric, paid, _pending, someone_else = person
    for data in (
        {"number": paid.number, "ric": new_ric()},  # wrong RIC
        {"number": someone_else.number, "ric": ric},  # another person's application
        {"number": "ZJ00000000", "ric": ric},  # no such application
        {"number": paid.number, "ric": "ABC98765"},  # not a RIC at all
    ):
        page = client.post(URL, data)
        assert page.status_code == 200
        assert page.context["grants"] is None
        assert NOT_FOUND in page.content.decode()
        assert data["ric"] not in page.content.decode()
        assert paid.number not in page.content.decode().replace(data["number"], "")


def test_look_ups_are_limited_per_address(client, person, settings):
    settings.JOINING_STATUS_CHECKS_PER_HOUR = 3
    ric, paid, *_ = person
    for _ in range(3):
        client.post(URL, {"number": "ZJ00000000", "ric": ric})
    page = client.post(URL, {"number": paid.number, "ric": ric})  # right, but over the limit
    assert page.context["grants"] is None
    assert "查询过于频繁" in page.content.decode()


def test_the_page_asks_for_number_and_ric_without_login(client):
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="number"' in page.content.decode() and 'name="ric"' in page.content.decode()
