"""The activity and registration services (MERIT-4): the waiting list and its promotion,
capacity, the window, eligibility, check-in and results, scope and permission refusals,
and bad input refused in Chinese with nothing written."""

import pytest
from django.http import Http404

from gonghui.activities.choices import ActivityState, RegistrationSource, RegistrationState
from gonghui.activities.models import Activity, Registration
from gonghui.activities.services import activities as services
from gonghui.activities.tests.activities_helpers import member_with_identity, open_activity, soon
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, Notification
from gonghui.members.choices import MemberStatus

pytestmark = pytest.mark.django_db
S = RegistrationState


def values(**changes):
    return {
        "kind": "sports",
        "name": "职工篮球赛",
        "starts_at": soon(),
        "ends_at": None,
        "place": "区体育馆",
        "capacity": 2,
        "registration_opens_on": None,
        "registration_closes_on": None,
        "member_registration": True,
        "description": "",
    } | changes


def members(union, *names):
    return [member_with_identity(union, name)[0] for name in names]


def test_create_publish_and_the_audit(world):
    activity = services.activity_create(actor=world.town_a_user, organizer=world.town_a, **values())
    assert activity.state == ActivityState.DRAFT and activity.org_path == world.town_a.path
    assert activity.year == soon().year
    published = services.activity_transition(
        actor=world.town_a_user, activity=activity, action="publish", version=activity.version
    )
    assert published.state == ActivityState.OPEN
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"activities.activity.created", "activities.activity.publish"} <= actions
    with pytest.raises(ConflictError):  # the version read before publishing
        services.activity_transition(
            actor=world.town_a_user, activity=activity, action="close", version=activity.version
        )


def test_organizer_must_be_the_actors_org_or_below(world):
    with pytest.raises(ApplicationError, match="主办工会只能是本单位或下级工会"):
        services.activity_create(actor=world.town_a_user, organizer=world.town_b, **values())
    with pytest.raises(ApplicationError, match="主办工会只能是本单位或下级工会"):
        services.activity_create(actor=world.chair_a, organizer=world.district, **values())
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=world.auditor, organizer=world.district, **values())
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "请填写活动名称"),
        ({"capacity": 0}, "capacity", "名额至少为1人"),
        ({"ends_at": soon(days=9)}, "ends_at", "结束时间不能早于开始时间"),
        (
            {"registration_opens_on": soon().date(), "registration_closes_on": soon(-3).date()},
            "registration_closes_on",
            "报名截止日期不能早于报名开始日期",
        ),
        ({"registration_closes_on": soon(12).date()}, "registration_closes_on", "不能晚于活动开始"),
        ({"kind": "chess"}, "kind", "请从列表中选择活动类型"),
    ],
)
def test_bad_input_is_refused_in_chinese_on_its_field(world, changes, field, message):
    with pytest.raises(ApplicationError, match=message) as caught:
        services.activity_create(actor=world.admin, organizer=world.district, **values(**changes))
    assert caught.value.field == field
    assert not Activity.objects.exists()


def test_waiting_list_and_promotion_with_the_notification(world):
    activity = open_activity(world.town_a, capacity=2)
    a, b, c, d = members(world.union_a, "甲", "乙", "丙", "丁")
    made = services.register_members(actor=world.chair_a, activity=activity, members=[a, b, c, d])
    assert [r.state for r in made] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [r.position for r in made] == [1, 2, 3, 4]
    assert all(r.source == RegistrationSource.UNION for r in made)

    services.registration_cancel(actor=world.chair_a, registration=made[0])
    states = dict(Registration.objects.values_list("member__name", "state"))
    assert states == {"甲": S.CANCELLED, "乙": S.CONFIRMED, "丙": S.CONFIRMED, "丁": S.WAITLISTED}
    note = Notification.objects.get(recipient=world.chair_a)
    assert note.message.startswith("报名已确认") and "丙" in note.message
    assert AuditEntry.objects.filter(action="activities.registration.promoted").count() == 1

    # a waiting one cancelled frees no place: nobody moves up
    services.registration_cancel(actor=world.chair_a, registration=made[3])
    assert Registration.objects.filter(state=S.CONFIRMED).count() == 2
    # a new registration takes the next position, never a cancelled one's
    (e,) = members(world.union_a, "戊")
    (again,) = services.register_members(actor=world.chair_a, activity=activity, members=[e])
    assert again.position == 5 and again.state == S.WAITLISTED


def test_raising_the_capacity_moves_the_waiting_up(world):
    activity = open_activity(world.district, capacity=1)
    made = services.register_members(
        actor=world.chair_a, activity=activity, members=members(world.union_a, "甲", "乙", "丙")
    )
    assert [r.state for r in made] == [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    services.activity_update(
        actor=world.admin, activity=activity, version=activity.version, capacity=2
    )
    assert list(Registration.objects.order_by("position").values_list("state", flat=True)) == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
    ]
    with pytest.raises(ApplicationError, match="已有2人确认报名，名额不能少于2人"):
        services.activity_update(
            actor=world.admin, activity=activity, version=activity.version + 1, capacity=1
        )


def test_no_capacity_confirms_everyone(world):
    activity = open_activity(world.district, capacity=None)
    made = services.register_members(
        actor=world.chair_a, activity=activity, members=members(world.union_a, *"ABCDE")
    )
    assert {r.state for r in made} == {S.CONFIRMED}


def test_eligibility_refuses_all_of_a_batch_naming_who(world):
    activity = open_activity(world.town_a, capacity=5)
    ok = members(world.union_a, "甲")[0]
    gone = member_with_identity(world.union_a, "离会者", status=MemberStatus.LEFT)[0]
    with pytest.raises(ApplicationError, match="离会者的会籍不是在册状态"):
        services.register_members(actor=world.chair_a, activity=activity, members=[ok, gone])
    assert not Registration.objects.exists()  # all or none
    services.register_members(actor=world.chair_a, activity=activity, members=[ok])
    with pytest.raises(ApplicationError, match="甲已报名本活动"):
        services.register_members(actor=world.chair_a, activity=activity, members=[ok])
    other = members(world.union_b, "南村会员")[0]
    with pytest.raises(ApplicationError, match="不在本活动主办单位的范围内"):
        services.register_members(actor=world.admin, activity=activity, members=[other])


def test_the_window_and_the_state(world):
    draft = open_activity(world.district, state=ActivityState.DRAFT)
    member = members(world.union_a, "甲")[0]
    with pytest.raises(ApplicationError, match="筹备中"):
        services.register_members(actor=world.chair_a, activity=draft, members=[member])
    closed_window = open_activity(
        world.district, registration_closes_on=soon(-20).date(), registration_opens_on=None
    )
    with pytest.raises(ApplicationError, match="报名已于.*截止"):
        services.register_members(actor=world.chair_a, activity=closed_window, members=[member])
    later = open_activity(world.district, registration_opens_on=soon(5).date())
    with pytest.raises(ApplicationError, match="报名将于.*开始"):
        services.register_by_phone(member=member, activity=later)


def test_scope_a_union_registers_only_its_own_members_for_activities_above_it(world):
    activity = open_activity(world.district)
    theirs = members(world.union_b, "乙会员")[0]
    with pytest.raises(Http404):
        services.register_members(actor=world.chair_a, activity=activity, members=[theirs])
    town_b_activity = open_activity(world.town_b)
    mine = members(world.union_a, "甲会员")[0]
    with pytest.raises(Http404):  # another town's activity is not theirs to see
        services.register_members(actor=world.chair_a, activity=town_b_activity, members=[mine])
    with pytest.raises(PermissionDenied):
        services.register_members(actor=world.auditor, activity=activity, members=[mine])


def test_check_in_and_results_by_the_organizer_only(world):
    activity = open_activity(world.district, capacity=1)
    first, second = services.register_members(
        actor=world.chair_a, activity=activity, members=members(world.union_a, "甲", "乙")
    )
    with pytest.raises(Http404):  # the chair registers, the district runs the desk
        services.check_in(actor=world.chair_a, registration=first)
    with pytest.raises(ApplicationError, match="乙的报名为「候补」，不能签到"):
        services.check_in(actor=world.admin, registration=second)
    done = services.check_in(actor=world.admin, registration=first)
    assert done.checked_in_at is not None
    with pytest.raises(ApplicationError, match="甲已于.*签到"):
        services.check_in(actor=world.admin, registration=first)
    with pytest.raises(ApplicationError, match="已签到的报名不能取消"):
        services.registration_cancel(actor=world.chair_a, registration=first)
    scored = services.record_result(
        actor=world.admin, registration=done, version=done.version, result="第一名", prize="一等奖"
    )
    assert (scored.result, scored.prize) == ("第一名", "一等奖")
    with pytest.raises(ApplicationError, match="只能为已确认的报名登记成绩"):
        services.record_result(
            actor=world.admin, registration=second, version=second.version, result="1", prize=""
        )


def test_cancelling_the_activity_tells_the_unions(world):
    activity = open_activity(world.district)
    services.register_members(
        actor=world.chair_a, activity=activity, members=members(world.union_a, "甲")
    )
    with pytest.raises(ApplicationError, match="请填写取消活动的原因"):
        services.activity_transition(
            actor=world.admin, activity=activity, action="cancel", version=activity.version
        )
    services.activity_transition(
        actor=world.admin,
        activity=activity,
        action="cancel",
        version=activity.version,
        reason="台风停课",
    )
    note = Notification.objects.get(recipient=world.chair_a)
    assert "已取消" in note.message and "台风停课" in note.message
    activity.refresh_from_db()
    with pytest.raises(ApplicationError, match="不能再修改"):
        services.activity_update(
            actor=world.admin, activity=activity, version=activity.version, name="新名"
        )


def test_a_member_on_the_phone_is_audited_as_the_portal(world):
    activity = open_activity(world.district, capacity=1)
    member = members(world.union_a, "甲")[0]
    row = services.register_by_phone(member=member, activity=activity)
    assert row.source == RegistrationSource.PHONE and row.created_by is None
    entry = AuditEntry.objects.get(action="activities.registration.created")
    assert entry.actor_kind == "portal" and entry.actor_name == "职工（活动报名）"
    union_only = open_activity(world.district, member_registration=False)
    with pytest.raises(ApplicationError, match="由所在工会统一报名"):
        services.register_by_phone(member=member, activity=union_only)
    other = members(world.union_a, "乙")[0]
    with pytest.raises(Http404):  # someone else's registration
        services.cancel_by_phone(member=other, registration=row)
    services.cancel_by_phone(member=member, registration=row)
    assert Registration.objects.get().state == S.CANCELLED


def test_activity_today_is_a_to_do_for_the_organizer(world):
    from gonghui.core.registry import todos_for

    open_activity(world.district, starts_at=soon(0, 23))
    names = {todo.name: count for todo, count, _ in todos_for(world.admin)}
    assert names.get("activities.check_in_today") == 1
    assert "activities.check_in_today" not in {t.name for t, _, _ in todos_for(world.chair_a)}
