import datetime

import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.members.models import Member, Transfer
from gonghui.members.tests.factories import make_member, new_ric
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db

_DAY = datetime.date(2024, 3, 1)


def test_list_masks_ric_and_phone_and_paginates(world, client_for, django_assert_max_num_queries):
    member = make_member(world.union_a, name="张伟", phone="13812345678", employer=world.employer_a)
    for i in range(55):
        make_member(world.union_a, name=f"会员{i}")
    client = client_for(world.town_a_user)
    with django_assert_max_num_queries(12):
        html = client.get("/members/").content.decode()
    assert "共 56 条" in html and "第 1 / 2 页" in html
    html = client.get("/members/", {"name": "张伟"}).content.decode()
    assert member.ric not in html and "138****5678" in html
    assert f"{member.ric[:6]}********{member.ric[14:]}" in html
    assert "共 1 条" in client.get("/members/", {"ric": member.ric[-4:]}).content.decode()


def test_detail_masked_then_reveal_shows_full_and_audits(world, client_for):
    member = make_member(world.union_a, phone="13812345678")
    client = client_for(world.chair_a)
    assert member.ric not in client.get(f"/members/{member.pk}/").content.decode()
    html = client.post(f"/members/{member.pk}/reveal/").content.decode()
    assert member.ric in html and "13812345678" in html
    entry = AuditEntry.objects.get(action="members.member.identity_viewed")
    assert entry.actor == world.chair_a and entry.success


def test_reveal_refused_to_auditor(world, client_for):
    member = make_member(world.union_a)
    client = client_for(world.auditor)
    assert "显示完整证件号" not in client.get(f"/members/{member.pk}/").content.decode()
    response = client.post(f"/members/{member.pk}/reveal/", follow=True)
    assert member.ric not in response.content.decode() and "不能查看" in response.content.decode()
    assert AuditEntry.objects.get(action="members.member.identity_viewed").success is False


def test_create_form_saves_and_duplicate_offers_transfer(world, client_for):
    client = client_for(world.town_a_user)
    ric = new_ric()
    data = {"name": "赵六", "ric": ric, "phone": "13700000000", "union": "甲公司工会委员会"}
    data |= {"joined_on": "2025-01-01", "employer": "甲电子有限公司", "ethnicity": "汉族"}
    response = client.post("/members/new/", data)
    assert response.status_code == 302
    member = Member.objects.get(name="赵六")
    assert member.employer == world.employer_a
    again = client.post("/members/new/", data).content.decode()
    assert "已是「甲公司工会委员会」的会员" in again and "/members/transfers/new/" in again


def test_ric_registered_after_birth_is_saved_with_a_warning(world, client_for):
    # given 440113 (番禺区, a code from 2000) on a woman born in 1985 (issue #10)
    client = client_for(world.town_a_user)
    data = {"name": "黄丽", "ric": "440113198506150029", "union": "甲公司工会委员会"}
    data |= {"joined_on": "2025-01-01"}
    # when the town saves her
    response = client.post("/members/new/", data, follow=True)
    # then she is a member, and the page warns that the code is younger than she is
    member = Member.objects.get(name="黄丽")
    assert (member.sex, str(member.birth_date)) == ("F", "1985-06-15")
    page = response.content.decode()
    assert "已新增会员「黄丽」" in page and "地址码440113（番禺区）自2000年起使用" in page
    # an edit that keeps a number in use in its birth year warns of nothing
    edit = {"name": "黄丽", "joined_on": "2025-01-01", "version": member.version}
    edit["ric"] = new_ric(male=False)
    page = client.post(f"/members/{member.pk}/edit/", edit, follow=True).content.decode()
    assert "已保存" in page and "地址码" not in page


def test_edit_never_prefills_identity_and_blank_keeps_it(world, client_for):
    member = make_member(world.union_a, phone="13812345678")
    client = client_for(world.town_a_user)
    html = client.get(f"/members/{member.pk}/edit/").content.decode()
    assert member.ric not in html and "13812345678" not in html
    data = {"name": "改名", "joined_on": "2020-01-01", "version": member.version, "ric": ""}
    assert client.post(f"/members/{member.pk}/edit/", data).status_code == 302
    member.refresh_from_db()
    assert member.name == "改名" and member.phone == "13812345678"


def test_retain_and_leave_actions(world, client_for):
    member = make_member(world.union_a)
    client = client_for(world.chair_a)
    client.post(f"/members/{member.pk}/retain/", {"reason": "retired", "version": 1})
    member.refresh_from_db()
    assert member.status == "retained"
    client.post(f"/members/{member.pk}/leave/", {"version": member.version})
    member.refresh_from_db()
    assert member.status == "left"


def test_detail_shows_the_steps_of_the_members_status_and_its_events(world, client_for):
    member = make_member(world.union_a)
    client = client_for(world.chair_a)
    page = client.get(f"/members/{member.pk}/").content.decode()
    # active: retain (asks the reason) and leave (asks the date); no restore
    assert 'id="action-retain"' in page and 'id="action-leave"' in page
    assert 'id="action-restore"' not in page
    # a stale version is refused with the conflict message, and nothing changes
    response = client.post(f"/members/{member.pk}/retain/", {"reason": "retired", "version": 7})
    assert "已被他人修改" in client.get(response.url).content.decode()
    client.post(f"/members/{member.pk}/leave/", {"version": 1})
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert 'id="restore"' in page and 'id="action-leave"' not in page
    assert "办理离会 → 已离会" in page
    # the auditor may look but has no buttons
    assert (
        'id="restore"'
        not in client_for(world.auditor).get(f"/members/{member.pk}/").content.decode()
    )


def test_detail_history_lists_the_members_changes_newest_first(world, client_for):
    from gonghui.members import services

    member = services.member_create(
        actor=world.chair_a, union=world.union_a, ric=new_ric(), name="钱七", joined_on=_DAY
    )
    services.member_update(actor=world.town_a_user, member=member, version=1, name="钱七七")
    services.member_reveal_identity(actor=world.chair_a, member=member)
    page = client_for(world.chair_a).get(f"/members/{member.pk}/").content.decode()
    history = page[page.index('id="member-history"') :]
    assert history.index("修改会员信息") < history.index("新增会员")
    assert "查看会员完整证件号" not in history  # looks are in the audit log, not the history
    assert 'id="source-run"' not in page


def test_export_masks_and_defuses_formulas(world, client_for, django_capture_on_commit_callbacks):
    make_member(world.union_a, name="=HYPERLINK(1)", phone="13812345678")
    make_member(world.union_b, name="外镇人")
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/members.members/", {"name": ""})
    job = Job.objects.get(kind="core.list_export")
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED
    ws = stored_workbook(job.result_file).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "身份证号") and len(rows) == 2
    name, ric, *_rest = rows[1]
    assert name == "'=HYPERLINK(1)" and "********" in ric and "138****5678" in rows[1]
    assert AuditEntry.objects.get(action="members.member.exported").data["full_id"] is False


def test_export_full_id_only_when_permitted(world, client_for, django_capture_on_commit_callbacks):
    member = make_member(world.union_a)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.district_staff).post("/exports/members.members/", {"full": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.admin).post("/exports/members.members/", {"full": "1"})
    staff_job, admin_job = Job.objects.order_by("pk")
    staff_rows = list(stored_workbook(staff_job.result_file).active.values)
    admin_rows = list(stored_workbook(admin_job.result_file).active.values)
    assert staff_rows[1][1] != member.ric and admin_rows[1][1] == member.ric


def test_transfer_pages_request_and_approve(world, client_for):
    member = make_member(world.union_a, name="王五")
    town_b = client_for(world.town_b_user)
    response = town_b.post(
        "/members/transfers/new/",
        {"ric": member.ric, "to_union": "乙公司工会委员会", "to_employer": "乙五金有限公司"},
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    assert "王五" in town_b.get("/members/transfers/").content.decode()
    # the asking side may cancel but not approve; the other side sees approve and reject
    asking = town_b.get(f"/members/transfers/{transfer.pk}/").content.decode()
    assert "撤销接转申请" in asking and "同意接转" not in asking
    # a button the asking side does not see is refused to it all the same
    town_b.post(f"/members/transfers/{transfer.pk}/approve/", {"version": transfer.version})
    assert Transfer.objects.get().state == "requested"
    town_a = client_for(world.town_a_user)
    other = town_a.get(f"/members/transfers/{transfer.pk}/").content.decode()
    assert "同意接转" in other and "驳回接转" in other and "撤销接转申请" not in other
    town_a.post(f"/members/transfers/{transfer.pk}/approve/", {"version": transfer.version})
    member.refresh_from_db()
    assert member.union_id == world.union_b.pk
    assert "已接转" in town_a.get(f"/members/transfers/{transfer.pk}/").content.decode()


def test_transfer_out_by_union_name(world, client_for):
    member = make_member(world.union_a)
    client = client_for(world.chair_a)
    bad = client.post(f"/members/{member.pk}/transfer/", {"to_union": "不存在"}).content.decode()
    assert "没有找到名为「不存在」的基层工会" in bad
    client.post(f"/members/{member.pk}/transfer/", {"to_union": "乙公司工会委员会"})
    assert Transfer.objects.get().requested_by_side == "sending"


def test_transfer_out_to_a_name_two_unions_share_says_so(world, client_for):
    """Issue #10: an ambiguous name was answered "没有找到该基层工会"."""
    from gonghui.orgs.tests.factories import make_org

    make_org(world.town_a, name="乙公司工会委员会")  # same name as union B, another parent
    member = make_member(world.union_a)
    client = client_for(world.chair_a)
    page = client.post(f"/members/{member.pk}/transfer/", {"to_union": "乙公司工会委员会"})
    body = page.content.decode()
    assert "有2个名为「乙公司工会委员会」的基层工会" in body and "统一社会信用代码" in body
    assert not Transfer.objects.exists()


def test_pages_refuse_roles_without_permission(world, client_for):
    member = make_member(world.union_a)
    lawyer = client_for(world.lawyer_a)
    assert lawyer.get("/members/").status_code == 403
    # without the permission: 403 whatever the row (issue #9: access checks both)
    assert lawyer.get(f"/members/{member.pk}/").status_code == 403
    assert lawyer.post(f"/members/{member.pk}/leave/", {"version": 1}).status_code == 403
    # another town's user does not find the member behind a step either, nor an unknown step
    town_b = client_for(world.town_b_user)
    assert town_b.post(f"/members/{member.pk}/leave/", {"version": 1}).status_code == 404
    assert client_for(world.chair_a).post(f"/members/{member.pk}/fly/").status_code == 404
    assert Member.objects.get(pk=member.pk).status == "active"
    auditor = client_for(world.auditor)
    assert auditor.get("/members/new/").status_code == 403
    assert auditor.get("/members/").status_code == 200


def test_nav_shows_members(world, client_for):
    html = client_for(world.town_a_user).get("/").content.decode()
    assert "/members/" in html


def test_detail_names_the_import_that_created_the_member(
    world, client_for, django_capture_on_commit_callbacks
):
    from gonghui.core.tests.importing.helpers import person, run_import, xlsx_bytes

    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes([person(1)]),
        union=world.union_a,
    )
    member = Member.objects.get()
    # the chair may open the run: its file and a link to it
    page = client_for(world.chair_a).get(f"/members/{member.pk}/").content.decode()
    assert (
        f'由导入「花名册.xlsx」创建（<a href="/imports/{run.pk}/">导入记录 #{run.pk}</a>）' in page
    )
    # the auditor sees the member but not import runs: the run's number only, no link
    page = client_for(world.auditor).get(f"/members/{member.pk}/").content.decode()
    assert f"由导入创建（导入记录 #{run.pk}）" in page and f"/imports/{run.pk}/" not in page
    assert "花名册.xlsx" not in page


def test_joining_page_asks_for_the_union_only_when_the_employer_has_none(world, client_for):
    from gonghui.members import services
    from gonghui.orgs.tests.factories import EmployerFactory

    def submit(employer_name, phone):
        return services.joining_submit(
            name="郑洁", ric=new_ric(), phone=phone, employer=employer_name, consent=True
        )

    with_union = submit(world.employer_a.name, "13900000011")
    EmployerFactory(name="无工会公司", town=world.town_a, union=None)
    without = submit("无工会公司", "13900000012")
    client = client_for(world.town_a_user)
    page = client.get(f"/members/joining/{with_union.pk}/").content.decode()
    assert 'id="approve"' in page and 'name="union"' not in page  # one button
    page = client.get(f"/members/joining/{without.pk}/").content.decode()
    assert 'id="action-approve"' in page and 'name="union"' in page
    # approving without naming the union says why, naming it makes the member there
    client.post(f"/members/joining/{without.pk}/approve/", {"version": 1})
    without.refresh_from_db()
    assert without.state == "submitted"
    client.post(
        f"/members/joining/{without.pk}/approve/", {"version": 1, "union": "甲公司工会委员会"}
    )
    without.refresh_from_db()
    assert without.state == "approved" and without.member.union_id == world.union_a.pk
