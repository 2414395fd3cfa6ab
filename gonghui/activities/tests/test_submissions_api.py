"""The submissions API: the list with its filters and scope, the counts, a union's entry for
a member (refusals in Chinese on their field), the review through the workflow's actions."""

import pytest

from gonghui.activities.tests.submissions_helpers import REVIEW, campaign, entry, person

pytestmark = pytest.mark.django_db
API = "/api/v1/activities/submissions"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_list_counts_and_one_entry_in_scope(world, client_for):
    activity = campaign(world)
    a, _, _ = person(world.union_a, "张一")
    b, _, _ = person(world.union_b, "李二")
    mine = entry(activity, a, "甲的书评")
    entry(activity, b, "乙的书评", state="accepted", prize="一等奖")
    district = client_for(world.district_staff)
    listed = district.get(API, {"prized": True}).json()
    assert [r["title"] for r in listed["items"]] == ["乙的书评"]
    counts = district.get(f"{API}/counts").json()
    assert counts == [
        {
            "activity_id": activity.pk,
            "activity": activity.name,
            "year": 2026,
            "kind": "reading",
            "total": 2,
            "waiting": 1,
            "accepted": 1,
            "rejected": 0,
            "prized": 1,
        }
    ]
    one = district.get(f"{API}/{mine.pk}").json()
    assert one["text"] == REVIEW and one["name"] == "张一"
    town_b = client_for(world.town_b_user)
    assert town_b.get(f"{API}/{mine.pk}").status_code == 404
    assert [r["title"] for r in town_b.get(API).json()["items"]] == ["乙的书评"]


def test_a_union_enters_an_entry_and_refusals_name_their_field(world, client_for):
    activity = campaign(world)
    member, _, _ = person(world.union_a)
    chair = client_for(world.chair_a)
    body = {"activity_id": activity.pk, "member_id": member.pk, "title": "书评", "text": REVIEW}
    made = post(chair, API, body)
    assert made.status_code == 201 and made.json()["source"] == "union"
    again = post(chair, API, body)
    assert again.status_code == 400 and "同一题目只能投一次" in again.json()["detail"]
    stranger, _, _ = person(world.union_b)
    refused = post(chair, API, body | {"member_id": stranger.pk, "title": "别的"})
    assert refused.status_code == 404 and "member_id" in refused.json()["detail"]
    closed = campaign(world, name="已截止", state="closed")
    shut = post(chair, API, body | {"activity_id": closed.pk, "title": "第三篇"})
    assert shut.status_code == 404 and "activity_id" in shut.json()["detail"]
    short = post(chair, API, body | {"title": "第四篇", "text": "好"})
    assert short.status_code == 400 and "正文至少" in short.json()["detail"]


def test_the_review_through_the_actions(world, client_for):
    member, _, _ = person(world.union_a)
    submission = entry(campaign(world), member)
    url = f"{API}/{submission.pk}/actions"
    chair = post(client_for(world.chair_a), url, {"action": "accept", "version": 1})
    assert chair.status_code == 403
    district = client_for(world.district_staff)
    empty = post(district, url, {"action": "reject", "version": 1, "reason": " "})
    assert empty.status_code == 400 and empty.json()["detail"] == "请填写未采用的原因。"
    done = post(district, url, {"action": "reject", "version": 1, "reason": "篇幅过短"})
    assert done.status_code == 200 and done.json()["state"] == "rejected"
    assert done.json()["review_note"] == "篇幅过短"
    stale = post(district, url, {"action": "accept", "version": 1})
    assert stale.status_code == 409
