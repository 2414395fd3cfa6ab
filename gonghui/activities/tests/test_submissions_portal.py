"""The member's phone pages (/m/activities/submissions/): anyone opens them; an entry is
taken only when name, RIC and phone match the member record; the member's own entries show
their state, prize and a rejection's reason; the RIC is never written back; tries are
limited per address."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from gonghui.activities.models import Submission
from gonghui.activities.queries.portal import NOT_MATCHED
from gonghui.activities.tests.submissions_helpers import REVIEW, campaign, entry, person

pytestmark = pytest.mark.django_db
URL = "/m/activities/submissions/"
MINE = "/m/activities/submissions/mine/"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def form(activity, member, ric, phone, **changes):
    return {
        "activity": activity.pk,
        "name": member.name,
        "ric": ric,
        "phone": phone,
        "title": "平凡中的坚守",
        "book": "平凡的世界",
        "text": REVIEW,
    } | changes


def test_anyone_opens_the_page_and_sees_the_open_campaigns(client, world):
    open_one = campaign(world)
    closed = campaign(world, name="已截止的读书活动", state="closed")
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert open_one.name in html and closed.name not in html
    portal_home = client.get("/m/").content.decode()
    assert "读书活动投稿" in portal_home


def test_the_member_sends_a_review_from_the_phone(client, world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    page = client.post(URL, form(activity, member, ric, phone))
    assert page.status_code == 200
    html = page.content.decode()
    assert "投稿已收到" in html and "平凡中的坚守" in html
    saved = Submission.objects.get()
    assert saved.member == member and saved.source == "phone"
    # the same title again is refused in Chinese, on the title
    again = client.post(URL, form(activity, member, ric, phone))
    assert "同一题目只能投一次" in again.content.decode()
    assert Submission.objects.count() == 1


def test_a_wrong_identity_is_refused_and_the_ric_not_echoed(client, world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    page = client.post(URL, form(activity, member, ric, "13900000000"))
    html = page.content.decode()
    assert NOT_MATCHED in html and ric not in html
    assert REVIEW in html  # what they wrote is kept for a second try
    assert not Submission.objects.exists()


def test_the_member_sees_their_own_entries_only(client, world):
    activity = campaign(world)
    member, ric, phone = person(world.union_a)
    other, _, _ = person(world.union_a, "赵六")
    entry(activity, member, "被采用的", state="accepted", prize="一等奖")
    entry(activity, member, "未采用的", state="rejected", review_note="与活动主题不符")
    entry(activity, other, "别人的投稿")
    page = client.post(MINE, {"name": member.name, "ric": ric, "phone": phone})
    html = page.content.decode()
    assert "被采用的" in html and "一等奖" in html and "已采用" in html
    assert "未采用原因：与活动主题不符" in html
    assert "别人的投稿" not in html and ric not in html
    wrong = client.post(MINE, {"name": "赵六", "ric": ric, "phone": phone}).content.decode()
    assert NOT_MATCHED in wrong and "被采用的" not in wrong


@override_settings(JOINING_STATUS_CHECKS_PER_HOUR=3)
def test_tries_are_limited_per_address(client, world):
    member, ric, phone = person(world.union_a)
    for _ in range(3):
        client.post(MINE, {"name": member.name, "ric": ric, "phone": "13900000000"})
    page = client.post(MINE, {"name": member.name, "ric": ric, "phone": phone})
    html = page.content.decode()
    assert "查询过于频繁" in html and "my-entries" not in html
