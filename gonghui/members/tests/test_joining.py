import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.choices import JoiningState
from gonghui.members.models import JoiningApplication, Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _submit(world, **extra):
    fields = {
        "name": "陈静",
        "ric": new_ric(male=False),
        "phone": "13900001111",
        "employer": world.employer_a.name,
        "consent": True,
        "ip": "10.0.0.1",
    }
    fields.update(extra)
    return services.joining_submit(**fields)


def test_submit_goes_to_employers_union_and_status_needs_number_and_ric(world):
    ric = new_ric(male=False)
    application = _submit(world, ric=ric, employer=world.employer_a.uscc)
    assert application.deciding_org == world.union_a and application.org_path == world.union_a.path
    assert application.number.startswith("RH") and application.consent_at
    assert services.joining_status(number=application.number, ric=ric) == application
    with pytest.raises(ApplicationError, match="未找到该申请"):
        services.joining_status(number=application.number, ric=new_ric())
    with pytest.raises(ApplicationError, match="未找到该申请"):
        services.joining_status(number="RH000", ric=ric)


def test_employer_without_union_goes_to_town_which_names_the_union(world):
    lonely = EmployerFactory(name="无工会公司", town=world.town_a, union=None)
    application = _submit(world, employer="无工会公司")
    assert application.deciding_org == world.town_a
    with pytest.raises(ApplicationError, match="选择接收"):
        services.joining_approve(actor=world.town_a_user, application=application, version=None)
    done = services.joining_approve(
        actor=world.town_a_user, application=application, version=None, union=world.union_a
    )
    assert done.member.union == world.union_a and done.member.employer == lonely


def test_approve_creates_member_and_counts(world):
    ric = new_ric(male=False)
    application = _submit(world, ric=ric)
    done = services.joining_approve(
        actor=world.chair_a, application=application, version=application.version
    )
    member = Member.objects.get()
    assert done.state == JoiningState.APPROVED and done.member == member
    assert member.ric == ric and member.phone == "13900001111" and member.sex == "F"
    world.union_a.refresh_from_db()
    assert world.union_a.member_count == 1
    assert services.joining_status(number=done.number, ric=ric).get_state_display() == "已通过"
    with pytest.raises(TransitionNotAllowed):
        services.joining_approve(actor=world.chair_a, application=done, version=None)


def test_reject_needs_reason_shown_to_worker(world):
    ric = new_ric()
    application = _submit(world, ric=ric)
    with pytest.raises(ApplicationError):
        services.joining_reject(
            actor=world.chair_a, application=application, version=None, reason=" "
        )
    services.joining_reject(
        actor=world.chair_a, application=application, version=None, reason="非本单位职工"
    )
    seen = services.joining_status(number=application.number, ric=ric)
    assert seen.state == JoiningState.REJECTED and seen.decision_reason == "非本单位职工"


def test_other_town_and_auditor_cannot_decide(world):
    application = _submit(world)
    with pytest.raises(Http404):  # another town's application is not found
        services.joining_approve(actor=world.town_b_user, application=application, version=None)
    with pytest.raises(Http404):
        services.joining_reject(
            actor=world.town_b_user, application=application, version=None, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.joining_approve(actor=world.auditor, application=application, version=None)


def test_bad_input_is_refused_with_chinese_errors(world):
    with pytest.raises(ApplicationError, match="同意"):
        _submit(world, consent=False)
    with pytest.raises(ApplicationError, match="未找到该单位"):
        _submit(world, employer="不存在公司")
    with pytest.raises(ApplicationError, match="校验位"):
        _submit(world, ric="440113199001011230")
    assert not JoiningApplication.objects.exists()


def test_the_answer_does_not_depend_on_whose_ric_it_is(world, client):
    # given a member of another town, and a worker who has applied already (issue #10)
    member = make_member(world.union_b)
    pending = new_ric()
    _submit(world, ric=pending, phone="13900000001")

    def page(ric, phone):
        data = {"name": "陈静", "ric": ric, "phone": phone, "employer": world.employer_a.name}
        response = client.post("/m/join/", {**data, "consent": "on"}, follow=True)
        return response.status_code, response.templates[0].name

    # when a visitor submits a member's RIC, a pending one, or anyone else's
    answers = {
        page(member.ric, "13900000002"),
        page(pending, "13900000003"),
        page(new_ric(), "13900000004"),
    }
    # then each is received alike, and the page never says who is a member
    assert answers == {(200, "members/portal/join_done.html")}
    assert JoiningApplication.objects.count() == 4


def test_the_union_sees_that_the_applicant_is_a_member_and_tells_them(world, client_for):
    # given an application with the RIC of a member of the same union, and a second one
    member = make_member(world.union_a, name="陈静")
    application = _submit(world, ric=member.ric)
    again = _submit(world, ric=member.ric, phone="13900002222")
    # when the deciding union opens it, it is told, with the union named where in scope
    page = client_for(world.chair_a).get(f"/members/joining/{application.pk}/").content.decode()
    assert "该身份证号已是「甲公司工会委员会」的会员（在册）" in page
    assert f"另有审核中的申请 {again.number}" in page
    # approving makes no second member; the worker learns the reason from the status page
    with pytest.raises(ApplicationError, match="已是「甲公司工会委员会」的会员"):
        services.joining_approve(actor=world.chair_a, application=application, version=None)
    services.joining_reject(
        actor=world.chair_a, application=application, version=None, reason="您已是本会会员"
    )
    seen = services.joining_status(number=application.number, ric=member.ric)
    assert (seen.state, seen.decision_reason) == (JoiningState.REJECTED, "您已是本会会员")
    assert Member.objects.count() == 1


def test_the_union_is_warned_of_an_address_code_younger_than_the_applicant(world, client_for):
    # given an application with 440113 (from 2000) on a woman born in 1985: valid (issue #10)
    application = _submit(world, ric="440113198506150029")
    # then the deciding union reads the warning beside it, and may approve
    page = client_for(world.chair_a).get(f"/members/joining/{application.pk}/").content.decode()
    assert "地址码440113（番禺区）自2000年起使用，出生年份为1985年" in page
    done = services.joining_approve(actor=world.chair_a, application=application, version=None)
    assert done.member.sex == "F"


def test_submissions_are_rate_limited_per_ip_and_phone(world, settings):
    settings.JOINING_MAX_PER_IP_PER_HOUR = 2
    _submit(world, phone="13900000001")
    _submit(world, phone="13900000002")
    with pytest.raises(ApplicationError, match="频繁"):
        _submit(world, phone="13900000003")
    settings.JOINING_MAX_PER_PHONE_PER_DAY = 1
    with pytest.raises(ApplicationError, match="手机号"):
        _submit(world, phone="13900000001", ip="10.0.0.9")


def test_status_checks_are_rate_limited(world, settings):
    settings.JOINING_STATUS_CHECKS_PER_HOUR = 2
    for _ in range(2):
        with pytest.raises(ApplicationError, match="未找到"):
            services.joining_status(number="RH1", ric="x", ip="10.9.9.9")
    with pytest.raises(ApplicationError, match="频繁"):
        services.joining_status(number="RH1", ric="x", ip="10.9.9.9")


def test_worker_pages_flow(world, client, client_for):
    # given the public form (no login)
    assert "个人信息处理告知" in client.get("/m/join/").content.decode()
    ric = new_ric()
    data = {"name": "周杰", "ric": ric, "phone": "13600000000", "employer": "甲电子有限公司"}
    # without consent the form says so and nothing is saved
    assert "请阅读并同意" in client.post("/m/join/", data).content.decode()
    response = client.post("/m/join/", {**data, "consent": "on"}, follow=True)
    application = JoiningApplication.objects.get()
    assert application.number in response.content.decode()
    assert AuditEntry.objects.filter(action="members.joining.submitted").exists()
    # the union's queue shows it masked, and approving creates the member
    staff = client_for(world.town_a_user)
    queue = staff.get("/members/joining/").content.decode()
    assert application.number in queue and ric not in queue
    staff.post(f"/members/joining/{application.pk}/approve/", {"version": application.version})
    client.logout()
    status = client.post("/m/join/status/", {"number": application.number, "ric": ric})
    assert "已通过" in status.content.decode()


def test_submission_is_made_by_the_worker_portal_with_a_start_event(world):
    from gonghui.core.actors import ActorKind
    from gonghui.core.models import WorkflowEvent

    application = _submit(world)
    entry = AuditEntry.objects.get(action="members.joining.submitted")
    assert (entry.actor_id, entry.actor_kind, entry.actor_name) == (
        None,
        ActorKind.PORTAL,
        "职工（网上入会）",
    )
    event = WorkflowEvent.objects.get(workflow="members.joining", object_id=str(application.pk))
    assert (event.action, event.to_state, event.actor_kind) == ("created", "submitted", "portal")
    # the portal holds no permission and sees no row
    assert not services.JOINING_PORTAL.can("members.approve_joining")


def test_old_joining_entries_become_the_portals_and_back(world):
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    name = "0005_joining_audit_actor_is_the_portal"
    migration = importlib.import_module(f"gonghui.members.migrations.{name}")
    old = AuditEntry.objects.create(actor_name="网上入会", action="members.joining.submitted")
    person = AuditEntry.objects.create(actor=world.chair_a, actor_name="网上入会", action="x")
    state = MigrationExecutor(connection).loader.project_state(("members", name)).apps

    def kinds():
        return [AuditEntry.objects.get(pk=e.pk).actor_kind for e in (old, person)]

    migration.mark_portal(state, None)
    assert kinds() == ["portal", "person"]  # a user who happens to be named so stays a person
    migration.unmark_portal(state, None)
    assert kinds() == ["person", "person"]
