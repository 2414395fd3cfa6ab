"""The members' phone pages (/m/activities/): no account; the member is known by name, RIC
and phone together, and a wrong one is refused without saying which; registering shows
confirmed or the place on the waiting list; "my registrations" with cancel; the portal is
the audit's actor; the look-ups are throttled per IP."""

import pytest

from gonghui.activities.choices import ActivityState, RegistrationState
from gonghui.activities.models import Registration
from gonghui.activities.queries.portal import NOT_MATCHED
from gonghui.activities.tests.activities_helpers import member_with_identity, open_activity
from gonghui.core.models import AuditEntry
from gonghui.core.registry import portal_pages

pytestmark = pytest.mark.django_db


def test_the_portal_page_is_listed_and_shows_open_activities(world, client):
    assert "activities:portal" in {p.url_name for p in portal_pages()}
    shown = open_activity(world.district, name="职工羽毛球赛")
    open_activity(world.district, name="筹备中的活动", state=ActivityState.DRAFT)
    open_activity(world.district, name="工会统一报名", member_registration=False)
    page = client.get("/m/activities/")
    text = page.content.decode()
    assert page.status_code == 200 and "职工羽毛球赛" in text
    assert "筹备中的活动" not in text and "工会统一报名" not in text
    assert client.get(f"/m/activities/{shown.pk}/").status_code == 200


def test_register_on_the_phone_confirmed_then_waitlisted(world, client):
    activity = open_activity(world.district, capacity=1)
    first, who = member_with_identity(world.union_a, "李四")
    response = client.post(f"/m/activities/{activity.pk}/", who, follow=True)
    text = response.content.decode()
    assert "报名成功" in text and "已确认" in text and "李四" in text
    assert Registration.objects.get(member=first).state == RegistrationState.CONFIRMED
    assert who["ric"] not in text and who["phone"] not in text
    entry = AuditEntry.objects.get(action="activities.registration.created")
    assert entry.actor_kind == "portal"

    client.post("/m/activities/leave/")
    second, other = member_with_identity(world.union_a, "王五")
    text = client.post(f"/m/activities/{activity.pk}/", other, follow=True).content.decode()
    assert "候补第1位" in text
    assert Registration.objects.get(member=second).state == RegistrationState.WAITLISTED


@pytest.mark.parametrize("wrong", ["name", "ric", "phone"])
def test_a_wrong_identity_is_refused_without_saying_which(world, client, wrong):
    activity = open_activity(world.district)
    _, who = member_with_identity(world.union_a, "李四")
    _, someone = member_with_identity(world.union_b, "赵六")
    typed = {**who, wrong: someone[wrong]}
    text = client.post(f"/m/activities/{activity.pk}/", typed).content.decode()
    assert NOT_MATCHED in text
    for word in ("姓名不", "身份证号不", "手机号不"):
        assert word not in text
    assert not Registration.objects.exists()
    text = client.post("/m/activities/mine/", typed).content.decode()
    assert NOT_MATCHED in text


def test_my_registrations_and_cancel_moves_the_waiting_up(world, client):
    activity = open_activity(world.district, capacity=1)
    me, who = member_with_identity(world.union_a, "李四")
    waiting, other = member_with_identity(world.union_a, "王五")
    client.post(f"/m/activities/{activity.pk}/", who)
    client.post("/m/activities/leave/")
    client.post(f"/m/activities/{activity.pk}/", other)
    client.post("/m/activities/leave/")

    assert client.get("/m/activities/mine/").content.decode().count("identify-form") == 1
    text = client.post("/m/activities/mine/", who, follow=True).content.decode()
    assert activity.name in text and "已确认" in text
    mine = Registration.objects.get(member=me)
    text = client.post(f"/m/activities/registrations/{mine.pk}/cancel/", follow=True)
    assert "已取消" in text.content.decode()
    assert Registration.objects.get(member=waiting).state == RegistrationState.CONFIRMED

    # the other member sees the promotion on their own status page
    client.post("/m/activities/leave/")
    text = client.post("/m/activities/mine/", other, follow=True).content.decode()
    assert "已确认" in text and "候补" not in text.split("my-registrations")[1]


def test_someone_elses_registration_cannot_be_cancelled(world, client):
    activity = open_activity(world.district)
    _, who = member_with_identity(world.union_a, "李四")
    theirs = member_with_identity(world.union_a, "王五")[0]
    row = Registration.objects.create(
        activity=activity,
        member=theirs,
        union=world.union_a,
        org_path=world.union_a.path,
        source="union",
        state="confirmed",
        position=1,
        registered_at=activity.starts_at,
    )
    client.post("/m/activities/mine/", who)
    assert client.post(f"/m/activities/registrations/{row.pk}/cancel/").status_code == 404
    assert Registration.objects.get(pk=row.pk).state == RegistrationState.CONFIRMED


def test_identification_is_throttled(world, client, settings):
    settings.JOINING_STATUS_CHECKS_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    _, who = member_with_identity(world.union_a, "李四")
    wrong = {**who, "name": "别人"}
    for _ in range(2):
        assert NOT_MATCHED in client.post("/m/activities/mine/", wrong).content.decode()
    text = client.post("/m/activities/mine/", who).content.decode()
    assert "查询过于频繁" in text
    cache.clear()


def test_csrf_is_on(world):
    from django.test import Client

    activity = open_activity(world.district)
    _, who = member_with_identity(world.union_a, "李四")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/m/activities/{activity.pk}/", who).status_code == 403
