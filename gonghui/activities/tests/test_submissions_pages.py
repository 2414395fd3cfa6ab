"""Staff pages of submissions: the list with its filters and scope, the counts, an entry's
page with the review's buttons (accept, reject with reason, award) for the organizer only,
a union's entry for its member; a town sees nothing of another's."""

import pytest

from gonghui.activities.models import Submission
from gonghui.activities.tests.submissions_helpers import REVIEW, campaign, entry, person

pytestmark = pytest.mark.django_db
LIST = "/activities/submissions/"


@pytest.fixture
def entries(world):
    activity = campaign(world)
    a, _, _ = person(world.union_a, "张一")
    b, _, _ = person(world.union_b, "李二")
    return (
        activity,
        entry(activity, a, "甲的书评"),
        entry(activity, b, "乙的书评", state="accepted"),
    )


def test_the_list_filters_and_keeps_to_the_scope(world, client_for, entries):
    activity, mine, theirs = entries
    html = client_for(world.district_staff).get(LIST).content.decode()
    assert "甲的书评" in html and "乙的书评" in html and 'id="submission-new"' in html
    accepted = client_for(world.district_staff).get(LIST, {"state": "accepted"}).content.decode()
    assert "乙的书评" in accepted and "甲的书评" not in accepted
    town = client_for(world.town_a_user).get(LIST).content.decode()
    assert "甲的书评" in town and "乙的书评" not in town
    assert client_for(world.town_a_user).get(f"{LIST}{theirs.pk}/").status_code == 404
    wrong = client_for(world.district_staff).get(LIST, {"submitted_from": "abc"})
    assert wrong.status_code == 200 and "投稿日期起应为日期" in wrong.content.decode()


def test_the_counts_page_counts_each_activity(world, client_for, entries):
    activity, _, _ = entries
    page = client_for(world.auditor).get(f"{LIST}counts/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows[0]["activity_id"] == activity.pk and rows[0]["total"] == 2
    assert rows[0]["accepted"] == 1 and page.context["total"]["waiting"] == 1


def test_the_organizer_reviews_on_the_entrys_page(world, client_for, entries):
    _, mine, _ = entries
    client = client_for(world.district_staff)
    page = client.get(f"{LIST}{mine.pk}/").content.decode()
    assert 'id="accept"' in page and 'id="action-reject"' in page and REVIEW in page
    refused = client.post(f"{LIST}{mine.pk}/reject/", {"version": 1, "reason": ""}, follow=True)
    assert "未采用原因" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.state == "received"
    client.post(f"{LIST}{mine.pk}/accept/", {"version": 1})
    client.post(f"{LIST}{mine.pk}/award/", {"version": 2, "prize": "二等奖"})
    mine.refresh_from_db()
    assert (mine.state, mine.prize) == ("accepted", "二等奖")


def test_a_chair_sees_its_members_entry_without_the_review(world, client_for, entries):
    _, mine, _ = entries
    client = client_for(world.chair_a)
    page = client.get(f"{LIST}{mine.pk}/")
    assert page.status_code == 200 and page.context["actions"] == []
    client.post(f"{LIST}{mine.pk}/accept/", {"version": 1})
    mine.refresh_from_db()
    assert mine.state == "received"


def test_a_chair_enters_a_members_review(world, client_for):
    activity = campaign(world)
    member, _, _ = person(world.union_a, "王五")
    client = client_for(world.chair_a)
    assert client.get(f"{LIST}new/").status_code == 200
    answer = client.post(
        f"{LIST}new/",
        {"activity": activity.pk, "member": member.pk, "title": "纸质书评", "text": REVIEW},
    )
    saved = Submission.objects.get()
    assert answer.status_code == 302 and answer.url == f"{LIST}{saved.pk}/"
    assert saved.source == "union" and saved.created_by == world.chair_a
    stranger, _, _ = person(world.union_b, "钱七")
    refused = client.post(
        f"{LIST}new/",
        {"activity": activity.pk, "member": stranger.pk, "title": "别人的", "text": REVIEW},
    )
    assert "所选会员不存在或不在您的管理范围内" in refused.content.decode()
    assert client_for(world.auditor).get(f"{LIST}new/").status_code == 403


def test_the_list_is_exported_as_shown(
    world, client_for, entries, django_capture_on_commit_callbacks
):
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    town = client_for(world.town_a_user)
    assert 'data-export="activities.submissions"' in town.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = town.post("/exports/activities.submissions/", {})
    job = Job.objects.latest("pk")
    assert answer.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    header, *body = list(stored_workbook(job.result_file).active.values)
    assert [r[header.index("题目")] for r in body] == ["甲的书评"]
    assert body[0][header.index("作者")] == "张一"


def test_town_bs_rows_stay_out_of_town_as_pages(world, client_for):
    from gonghui.activities.tests.submissions_helpers import foreign_submission_rows

    activity, member, submission = foreign_submission_rows(world)
    town_a = client_for(world.town_a_user)
    assert town_a.get(f"{LIST}{submission.pk}/").status_code == 404
    assert town_a.post(f"{LIST}{submission.pk}/accept/", {"version": 1}).status_code == 404
    assert "外镇标记" not in town_a.get(LIST).content.decode()
    assert "外镇标记" not in town_a.get(f"{LIST}counts/").content.decode()
    assert client_for(world.town_b_user).get(f"{LIST}{submission.pk}/").status_code == 200


def test_the_list_by_the_days_received_whatever_the_campaigns_year(world, client_for):
    import datetime

    from django.utils import timezone

    def at(day):
        return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00"))

    activity = campaign(world, year=2013)
    a, _, _ = person(world.union_a, "张一")
    b, _, _ = person(world.union_b, "李二")
    for member, title, day in (
        (a, "五月的书评", "2013-05-01"),
        (b, "年底的书评", "2013-12-31"),
        (a, "次年一月的书评", "2014-01-10"),
    ):
        row = entry(activity, member, title)
        Submission.objects.filter(pk=row.pk).update(submitted_at=at(day))

    def titles(user, **params):
        answer = client_for(user).get(LIST, params)
        assert answer.status_code == 200 and answer.context["filter_form"].is_valid()
        return {s.title for s in answer.context["page"].paginator.object_list}

    staff = world.district_staff
    year = {"submitted_from": "2013-01-01", "submitted_to": "2013-12-31"}
    assert titles(staff, **year) == {"五月的书评", "年底的书评"}
    assert titles(staff, year=2013) == {"五月的书评", "年底的书评", "次年一月的书评"}
    assert titles(staff, submitted_from="2014-01-01") == {"次年一月的书评"}
    assert titles(staff, org=world.town_a.pk, **year) == {"五月的书评"}
    assert titles(world.town_a_user, org=world.town_b.pk) == set()
    html = client_for(staff).get(LIST).content.decode()
    assert 'name="submitted_from"' in html and 'name="submitted_to"' in html
    backwards = client_for(staff).get(
        LIST, {"submitted_from": "2013-12-31", "submitted_to": "2013-01-01"}
    )
    assert backwards.status_code == 200
    assert "投稿日期止不能早于投稿日期起" in backwards.content.decode()
    wrong = client_for(staff).get(LIST, {"submitted_to": "2013/12/31x"})
    assert wrong.status_code == 200 and "投稿日期止应为日期" in wrong.content.decode()
    api = client_for(staff).get("/api/v1/activities/submissions", year).json()
    assert {row["title"] for row in api["items"]} == {"五月的书评", "年底的书评"}
