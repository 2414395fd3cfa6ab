"""The staff pages of activities (MERIT-4): the list with its filters and export, the form
with Chinese errors, the page with its counts and actions, a union registering several
members, the registrations list, the check-in desk and the results; scope and permission."""

import pytest

from gonghui.activities.choices import ActivityState, RegistrationState
from gonghui.activities.models import Activity, Registration
from gonghui.activities.tests.activities_helpers import member_with_identity, open_activity, soon
from gonghui.activities.tests.factories import make_registration
from gonghui.core.models import Notification

pytestmark = pytest.mark.django_db


def form_data(world, **changes):
    return {
        "kind": "culture",
        "name": "职工合唱比赛",
        "organizer": str(world.town_a.pk),
        "starts_at": soon().strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "place": "市桥文化馆",
        "capacity": "30",
        "registration_opens_on": "",
        "registration_closes_on": "",
        "member_registration": "on",
        "description": "每单位限报一队",
    } | changes


def test_list_filters_and_export_button(world, client_for):
    open_activity(world.district, name="区运动会", kind="sports")
    open_activity(world.town_b, name="南村读书会", kind="reading")
    client = client_for(world.admin)
    text = client.get("/activities/").content.decode()
    assert (
        "区运动会" in text
        and "南村读书会" in text
        and 'data-export="activities.activities"' in text
    )
    text = client.get("/activities/?kind=reading").content.decode()
    assert "南村读书会" in text and "区运动会" not in text
    text = client.get("/activities/?year=abc").content.decode()
    assert "年度须为四位数字年份" in text
    # a chair sees the district's activity (to register for it), not another town's
    text = client_for(world.chair_a).get("/activities/").content.decode()
    assert "区运动会" in text and "南村读书会" not in text


def test_create_edit_and_errors_in_chinese(world, client_for):
    client = client_for(world.town_a_user)
    assert client.get("/activities/new/").status_code == 200
    response = client.post("/activities/new/", form_data(world, capacity="0"))
    assert "名额至少为1人" in response.content.decode() and not Activity.objects.exists()
    response = client.post("/activities/new/", form_data(world, organizer=str(world.town_b.pk)))
    assert "不存在或不在您的管理范围内" in response.content.decode()
    response = client.post("/activities/new/", form_data(world, starts_at="明天"))
    assert "活动开始应为日期和时间" in response.content.decode()
    response = client.post("/activities/new/", form_data(world))
    activity = Activity.objects.get()
    assert response.status_code == 302 and activity.organizer == world.town_a
    assert activity.state == ActivityState.DRAFT and activity.capacity == 30
    edit = client.post(
        f"/activities/{activity.pk}/edit/",
        form_data(world, name="职工合唱大赛", version=str(activity.version)),
    )
    assert edit.status_code == 302
    activity.refresh_from_db()
    assert activity.name == "职工合唱大赛" and activity.version == 2
    stale = client.post(
        f"/activities/{activity.pk}/edit/", form_data(world, name="又改", version="1")
    )
    assert "已被他人修改" in stale.content.decode() or "刷新" in stale.content.decode()


def test_detail_counts_and_state_actions(world, client_for):
    activity = open_activity(world.district, capacity=1, state=ActivityState.DRAFT)
    client = client_for(world.admin)
    text = client.get(f"/activities/{activity.pk}/").content.decode()
    assert 'id="action-publish"' in text and "为会员报名" not in text
    client.post(f"/activities/{activity.pk}/do/publish/", {"publish-version": activity.version})
    activity.refresh_from_db()
    assert activity.state == ActivityState.OPEN
    a, _ = member_with_identity(world.union_a, "甲")
    b, _ = member_with_identity(world.union_a, "乙")
    make_registration(activity, a)
    make_registration(activity, b, state=RegistrationState.WAITLISTED)
    text = client.get(f"/activities/{activity.pk}/").content.decode()
    assert 'id="count-confirmed">1<' in text and 'id="count-waitlisted">1<' in text
    # the chair sees it and may register, but not run it
    text = client_for(world.chair_a).get(f"/activities/{activity.pk}/").content.decode()
    assert "为会员报名" in text and 'id="action-close"' not in text
    response = client_for(world.chair_a).post(
        f"/activities/{activity.pk}/do/close/", {"close-version": activity.version}
    )
    assert response.status_code == 404
    client = client_for(world.admin)  # one test client: log the admin in again
    response = client.post(
        f"/activities/{activity.pk}/do/cancel/", {"cancel-version": activity.version}, follow=True
    )
    activity.refresh_from_db()
    assert (
        activity.state == ActivityState.OPEN and "请填写取消活动的原因" in response.content.decode()
    )
    client.post(
        f"/activities/{activity.pk}/do/cancel/",
        {"cancel-version": activity.version, "cancel-reason": "场地维修"},
    )
    activity.refresh_from_db()
    assert activity.state == ActivityState.CANCELLED


def test_a_union_registers_several_members(world, client_for):
    activity = open_activity(world.district, capacity=2)
    a, b, c = (member_with_identity(world.union_a, n)[0] for n in ("甲", "乙", "丙"))
    client = client_for(world.chair_a)
    page = client.get(f"/activities/{activity.pk}/register/")
    assert 'data-picker="/suggest/members/' in page.content.decode()
    response = client.post(
        f"/activities/{activity.pk}/register/",
        {"member_1": a.pk, "member_2": b.pk, "member_3": c.pk},
        follow=True,
    )
    text = response.content.decode()
    assert "已确认报名：甲、乙" in text and "进入候补：丙" in text
    response = client.post(f"/activities/{activity.pk}/register/", {"member_1": ""})
    assert "请至少选择一名会员" in response.content.decode()
    other = member_with_identity(world.union_b, "南村")[0]
    response = client.post(f"/activities/{activity.pk}/register/", {"member_1": other.pk})
    assert "不存在或不在您的管理范围内" in response.content.decode()
    assert Registration.objects.count() == 3


def test_registrations_list_cancel_and_promotion(world, client_for):
    activity = open_activity(world.district, capacity=1)
    a = member_with_identity(world.union_a, "甲")[0]
    b = member_with_identity(world.union_a, "乙")[0]
    first = make_registration(activity, a)
    make_registration(activity, b, state=RegistrationState.WAITLISTED)
    client = client_for(world.chair_a)
    text = client.get(f"/activities/registrations/?activity={activity.pk}&state=waitlisted")
    assert "乙" in text.content.decode() and ">甲<" not in text.content.decode()
    client.post(f"/activities/registrations/{first.pk}/cancel/", {"version": first.version})
    states = dict(Registration.objects.values_list("member__name", "state"))
    assert states == {"甲": "cancelled", "乙": "confirmed"}
    assert Notification.objects.filter(recipient=world.chair_a, message__startswith="报名已确认")


def test_check_in_desk_search_and_one_tap(world, client_for):
    activity = open_activity(world.district, capacity=5)
    a = member_with_identity(world.union_a, "陈大文", phone="13912345678")[0]
    b = member_with_identity(world.union_a, "林小明")[0]
    row = make_registration(activity, a)
    make_registration(activity, b)
    client = client_for(world.admin)
    text = client.get(f"/activities/{activity.pk}/checkin/?q=5678").content.decode()
    assert "陈大文" in text and "林小明" not in text
    text = client.get(f"/activities/{activity.pk}/checkin/?q=小明").content.decode()
    assert "林小明" in text and "陈大文" not in text
    response = client.post(
        f"/activities/{activity.pk}/checkin/?q=5678", {"registration": row.pk}, follow=True
    )
    assert "陈大文 签到成功" in response.content.decode()
    row.refresh_from_db()
    assert row.checked_in_at is not None
    again = client.post(
        f"/activities/{activity.pk}/checkin/", {"registration": row.pk}, follow=True
    )
    assert "已于" in again.content.decode()
    # the chair does not run the district's desk
    assert client_for(world.chair_a).get(f"/activities/{activity.pk}/checkin/").status_code == 404


def test_results_entry(world, client_for):
    activity = open_activity(world.district)
    a = member_with_identity(world.union_a, "甲")[0]
    row = make_registration(activity, a)
    client = client_for(world.admin)
    assert "甲" in client.get(f"/activities/{activity.pk}/results/").content.decode()
    client.post(
        f"/activities/{activity.pk}/results/",
        {
            "registration": row.pk,
            f"r{row.pk}-version": row.version,
            f"r{row.pk}-result": "12.5秒",
            f"r{row.pk}-prize": "一等奖",
        },
    )
    row.refresh_from_db()
    assert (row.result, row.prize) == ("12.5秒", "一等奖")


def test_out_of_scope_is_404_and_no_permission_403(world, client_for):
    theirs = open_activity(world.town_b)
    assert client_for(world.town_a_user).get(f"/activities/{theirs.pk}/").status_code == 404
    assert client_for(world.auditor).get("/activities/new/").status_code == 403
    assert client_for(world.lawyer_a).get("/activities/").status_code == 403


def test_the_menu_item(world, client_for):
    text = client_for(world.chair_a).get("/activities/").content.decode()
    assert "文体活动" in text and 'href="/activities/"' in text


def _at(day: str):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T09:00"))


def _listed(client, url: str, params: dict) -> set[str]:
    answer = client.get(url, params)
    assert answer.status_code == 200 and answer.context["filter_form"].is_valid()
    return {row.name for row in answer.context["page"].paginator.object_list}


def test_the_list_by_held_start_days_and_subtree(world, client_for):
    from gonghui.activities.tests.factories import make_activity

    make_activity(world.district, name="区运动会", starts_at=_at("2013-04-20"))
    make_activity(world.union_a, name="甲公司联谊", starts_at=_at("2013-05-02"))
    draft = ActivityState.DRAFT
    make_activity(world.town_a, name="筹备中的合唱", starts_at=_at("2013-04-25"), state=draft)
    make_activity(world.town_b, name="取消的读书会", starts_at=_at("2013-04-26"), state="cancelled")
    client = client_for(world.admin)
    assert _listed(client, "/activities/", {"held": "yes"}) == {"区运动会", "甲公司联谊"}
    assert _listed(client, "/activities/", {"held": "no"}) == {"筹备中的合唱", "取消的读书会"}
    april = {"starts_from": "2013-04-01", "starts_to": "2013-04-30"}
    assert _listed(client, "/activities/", april) == {"区运动会", "筹备中的合唱", "取消的读书会"}
    town_a = {"org": world.town_a.pk}
    assert _listed(client, "/activities/", town_a) == {"甲公司联谊", "筹备中的合唱"}
    # town B's organization is not town A's to name: nothing, not town B's rows
    assert _listed(client_for(world.town_a_user), "/activities/", {"org": world.town_b.pk}) == set()
    html = client.get("/activities/").content.decode()
    assert 'name="held"' in html and 'name="starts_from"' in html and 'name="org"' in html
    wrong = client.get("/activities/", {"starts_from": "2013-02-30", "starts_to": "x"})
    text = wrong.content.decode()
    assert (
        wrong.status_code == 200 and "开始日期起应为日期" in text and "开始日期止应为日期" in text
    )
    backwards = client.get("/activities/", {"starts_from": "2013-05-01", "starts_to": "2013-04-01"})
    assert "开始日期止不能早于开始日期起" in backwards.content.decode()
    assert "「举办」只能选" in client.get("/activities/", {"held": "maybe"}).content.decode()
    # the API list reads the same query
    api = client.get("/api/v1/activities/activities", {"held": "true", **april}).json()
    assert {row["name"] for row in api["items"]} == {"区运动会"}


def test_the_registrations_by_the_activitys_year_held_days_and_subtree(
    world, client_for, django_capture_on_commit_callbacks
):
    from gonghui.activities.tests.factories import make_activity
    from gonghui.members.tests.factories import make_member

    games = make_activity(world.district, year=2013, starts_at=_at("2013-04-20"))
    later = make_activity(world.district, year=2014, starts_at=_at("2014-03-01"))
    called_off = make_activity(
        world.district, year=2013, starts_at=_at("2013-07-01"), state="cancelled"
    )
    a, b = make_member(world.union_a, "甲一"), make_member(world.union_b, "乙一")
    for activity in (games, later, called_off):
        make_registration(activity, a)
        make_registration(activity, b)

    def rows(user, **params):
        answer = client_for(user).get("/activities/registrations/", params)
        assert answer.status_code == 200 and answer.context["filter_form"].is_valid()
        found = answer.context["page"].paginator.object_list
        return {(r.activity_id, r.member.name) for r in found}

    admin = world.admin
    assert rows(admin, year=2013, held="yes") == {(games.pk, "甲一"), (games.pk, "乙一")}
    assert rows(admin, held="no") == {(called_off.pk, "甲一"), (called_off.pk, "乙一")}
    march = {"starts_from": "2014-03-01", "starts_to": "2014-03-31"}
    assert rows(admin, **march) == {(later.pk, "甲一"), (later.pk, "乙一")}
    assert rows(admin, year=2014, org=world.town_b.pk) == {(later.pk, "乙一")}
    assert rows(world.town_a_user, org=world.town_b.pk) == set()
    api = client_for(admin).get(
        "/api/v1/activities/registrations", {"year": 2013, "held": "true", "org": world.town_a.pk}
    )
    assert [r["activity_id"] for r in api.json()["items"]] == [games.pk]
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            "/exports/activities.registrations/", {"year": 2013, "org": world.town_b.pk}
        )
    header, *body = list(stored_workbook(Job.objects.latest("pk").result_file).active.values)
    assert sorted(dict(zip(header, row, strict=True))["姓名"] for row in body) == ["乙一", "乙一"]
    html = client_for(admin).get("/activities/registrations/").content.decode()
    assert 'name="year"' in html and 'name="held"' in html and 'name="starts_to"' in html
    wrong = client_for(admin).get("/activities/registrations/", {"starts_to": "2013-13-01"})
    assert wrong.status_code == 200 and "活动开始日期止应为日期" in wrong.content.decode()
    bad_year = client_for(admin).get("/activities/registrations/", {"year": "二〇一三"})
    assert bad_year.status_code == 200 and "活动年度须为四位数字年份" in bad_year.content.decode()
