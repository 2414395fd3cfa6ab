"""Programs, applications and approvals through the services (services/grants.py): every
refusal says why in Chinese (ineligible, over the cap, over the budget by how much, paid
twice with a link to the other grant), and the budget is split exactly."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.assistance.choices import DocumentKind, Eligibility, FileState, GrantState
from gonghui.assistance.models import Grant, ProgramBudget, ProgramKind
from gonghui.assistance.services import grants as services
from gonghui.assistance.tests.factories import make_budget, make_file, make_grant, make_program
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.models import AuditEntry, Notification, WorkflowEvent
from gonghui.members.tests.factories import make_member, new_ric

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def year() -> int:
    return today().year


def program(world, **extra):
    extra.setdefault("standard_amount", Decimal("500"))
    extra.setdefault("year", year())
    return make_program(world.district, **extra)


def apply(world, prog, **kwargs):
    kwargs.setdefault("union", world.union_a)
    if "member" not in kwargs and "ric" not in kwargs:
        kwargs["name"], kwargs["ric"] = "王五", new_ric()
    return services.grant_apply(actor=kwargs.pop("actor", world.chair_a), program=prog, **kwargs)


def reviewed(world, prog, union=None, amount="500", **extra):
    return make_grant(prog, union or world.union_a, amount, state=GrantState.REVIEWED, **extra)


# ---- programs --------------------------------------------------------------------------------


def test_staff_add_program_kinds_and_programs(world):
    kind = services.program_kind_create(actor=world.admin, name="职工子女夏令营")
    assert kind.code.startswith("custom-") and not kind.builtin
    with pytest.raises(ApplicationError, match="已有名为"):
        services.program_kind_create(actor=world.admin, name="职工子女夏令营")
    with pytest.raises(PermissionDenied):
        services.program_kind_create(actor=world.town_a_user, name="别的")
    prog = services.program_create(
        actor=world.admin,
        organizer=world.district,
        kind=kind,
        name="夏令营",
        year=2026,
        budget=Decimal("10000"),
        cap_amount=Decimal("800"),
    )
    assert prog.org_path == world.district.path
    assert AuditEntry.objects.filter(action="assistance.program.created").count() == 1
    with pytest.raises(ApplicationError, match="请填写标准金额或每人上限"):
        services.program_create(
            actor=world.admin,
            organizer=world.district,
            kind=kind,
            name="无金额",
            year=2026,
            budget=Decimal("1"),
        )
    with pytest.raises(ApplicationError, match="主办工会应为区总工会或镇街总工会"):
        services.program_create(
            actor=world.admin,
            organizer=world.union_a,
            kind=kind,
            name="基层",
            year=2026,
            budget=Decimal("1"),
            cap_amount=Decimal("1"),
        )


def test_the_towns_shares_never_exceed_the_budget_and_say_by_how_much(world):
    prog = program(world, budget="1000")
    with pytest.raises(ApplicationError) as err:
        services.program_budgets_set(
            actor=world.admin,
            program=prog,
            version=prog.version,
            shares={world.town_a.pk: "600", world.town_b.pk: "500"},
        )
    assert err.value.message == "各镇街分配合计 1,100.00 元，超出项目预算 1,000.00 元 100.00 元。"
    prog = services.program_budgets_set(
        actor=world.admin,
        program=prog,
        version=prog.version,
        shares={world.town_a.pk: "600", world.town_b.pk: "400"},
    )
    assert dict(ProgramBudget.objects.values_list("town_id", "amount")) == {
        world.town_a.pk: Decimal("600.00"),
        world.town_b.pk: Decimal("400.00"),
    }
    with pytest.raises(ApplicationError, match="预算不能低于已分配到镇街的合计"):
        services.program_update(
            actor=world.admin, program=prog, version=prog.version, budget=Decimal("900")
        )


def test_the_proposed_split_follows_the_member_counts(world):
    from gonghui.orgs.models import Organization

    Organization.objects.filter(pk=world.union_a.pk).update(member_count=300)
    Organization.objects.filter(pk=world.union_b.pk).update(member_count=100)
    prog = program(world, budget="1000.01")
    parts = services.budget_proposal(prog, [world.town_a, world.town_b])
    assert parts == {world.town_a.pk: Decimal("750.01"), world.town_b.pk: Decimal("250.00")}


# ---- applications ----------------------------------------------------------------------------


def test_an_application_takes_the_standard_amount_and_a_number(world):
    prog = program(world)
    grant = apply(world, prog)
    assert grant.number == f"ZJ{prog.year}{grant.pk:06d}"
    assert grant.amount == Decimal("500.00") and grant.state == GrantState.SUBMITTED
    assert grant.town_id == world.town_a.pk and grant.org_path == world.union_a.path
    assert WorkflowEvent.objects.filter(object_id=str(grant.pk), action="created").exists()


def test_an_amount_over_the_cap_is_refused(world):
    prog = program(world, standard_amount=None, cap_amount=Decimal("500"))
    with pytest.raises(ApplicationError) as err:
        apply(world, prog, amount="800")
    assert err.value.message == "金额 800.00 元超过每人上限 500.00 元。"
    assert err.value.field == "amount"


def test_a_hardship_program_refuses_who_has_no_file_and_says_why(world):
    prog = program(world, eligibility=Eligibility.HARDSHIP_FILE, hardship_categories=["deep"])
    ric = new_ric()
    with pytest.raises(ApplicationError, match="没有在档的困难职工档案"):
        apply(world, prog, name="李四", ric=ric)
    make_file(world.union_a, name="李四", ric=ric, category="relative")
    with pytest.raises(ApplicationError, match="困难类别为「相对困难」"):
        apply(world, prog, name="李四", ric=ric)
    other = new_ric()
    file = make_file(world.union_a, name="赵六", ric=other)
    grant = apply(world, prog, name="赵六", ric=other)
    assert grant.hardship_file_id == file.pk
    # a file still being decided is not 在档
    pending = new_ric()
    make_file(world.union_a, name="钱七", ric=pending, state=FileState.SUBMITTED)
    with pytest.raises(ApplicationError, match="没有在档"):
        apply(world, prog, name="钱七", ric=pending)


def test_model_worker_programs_read_the_member_record(world):
    prog = program(world, eligibility=Eligibility.MODEL_WORKER)
    plain = make_member(world.union_a, name="孙八")
    with pytest.raises(ApplicationError, match="不是登记在册的劳模"):
        apply(world, prog, member=plain)
    model = make_member(world.union_a, name="周九", is_model_worker=True)
    assert apply(world, prog, member=model).member_id == model.pk


def test_school_aid_needs_the_admission_letter_among_the_documents(world):
    prog = program(world, eligibility=Eligibility.SCHOOL_ADMISSION, code="school_aid")
    with pytest.raises(ApplicationError, match="缺少录取通知书"):
        apply(world, prog, child_name="李小明", admission_year=prog.year)
    letter = SimpleUploadedFile("通知书.pdf", PDF)
    grant = apply(
        world,
        prog,
        child_name="李小明",
        school="番禺中学",
        admission_year=prog.year,
        documents=[(DocumentKind.ADMISSION_LETTER, letter)],
    )
    assert grant.documents.get().kind == DocumentKind.ADMISSION_LETTER
    with pytest.raises(ApplicationError, match="不是允许的文件类型"):
        apply(
            world,
            prog,
            child_name="李小明",
            admission_year=prog.year,
            documents=[(DocumentKind.ADMISSION_LETTER, SimpleUploadedFile("a.pdf", b"<html>"))],
        )


def test_a_second_application_in_a_once_per_person_program_links_the_first(world):
    prog = program(world)
    ric = new_ric()
    first = apply(world, prog, name="王五", ric=ric)
    with pytest.raises(ApplicationError) as err:
        apply(world, prog, name="王五", ric=ric, actor=world.admin, union=world.union_b)
    assert first.number in err.value.message
    assert err.value.extra["link"] == f"/assistance/grants/{first.pk}/"
    # a program one may receive twice takes it
    twice = program(world, once_per_person=False)
    apply(world, twice, name="王五", ric=ric)
    apply(world, twice, name="王五", ric=ric)


def test_a_union_out_of_scope_or_a_closed_program_is_refused(world):
    prog = program(world)
    with pytest.raises(Http404):
        apply(world, prog, union=world.union_b)
    town_b_program = make_program(world.town_b, year=year(), standard_amount=Decimal("100"))
    with pytest.raises(Http404):
        apply(world, town_b_program)
    closed = program(world, is_open=False)
    with pytest.raises(ApplicationError, match="已停止接受申报"):
        apply(world, closed)


# ---- approval --------------------------------------------------------------------------------


def test_approval_within_the_town_budget_and_over_it_by_how_much(world):
    prog = program(world, budget="1000")
    make_budget(prog, world.town_a, "800")
    first = reviewed(world, prog, amount="500", submitted_by=world.chair_a)
    second = reviewed(world, prog, amount="500")
    done = services.grant_approve(actor=world.admin, grant=first, version=first.version)
    assert done.state == GrantState.APPROVED and done.once_key == first.ric_hash
    assert Notification.objects.filter(recipient=world.chair_a, target_id=str(first.pk)).exists()
    with pytest.raises(ApplicationError) as err:
        services.grant_approve(actor=world.admin, grant=second, version=second.version)
    assert err.value.message.startswith("批准后将超出市桥街道总工会的预算 200.00 元")
    second.refresh_from_db()
    assert second.state == GrantState.REVIEWED


def test_a_union_under_the_district_draws_on_the_programs_own_rest(world):
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.tests.factories import make_org

    direct = make_org(world.district, OrgKind.GRASSROOTS, "区直机关工会")
    prog = program(world, budget="1000")
    make_budget(prog, world.town_a, "700")
    grant = make_grant(prog, direct, "400", state=GrantState.REVIEWED)
    assert grant.town_id is None
    with pytest.raises(ApplicationError, match="超出项目本级（未分配到镇街部分）的预算 100.00 元"):
        services.grant_approve(actor=world.admin, grant=grant, version=grant.version)


def test_one_person_is_never_paid_twice_in_a_program(world):
    prog = program(world)
    ric = new_ric()
    paid = reviewed(world, prog, ric=ric)
    services.grant_approve(actor=world.admin, grant=paid, version=paid.version)
    again = reviewed(world, prog, union=world.union_b, ric=ric)
    with pytest.raises(ApplicationError) as err:
        services.grant_approve(actor=world.admin, grant=again, version=again.version)
    assert (
        paid.number in err.value.message and f"/assistance/grants/{paid.pk}/" in err.value.message
    )


def test_the_unique_key_turns_a_missed_check_into_the_same_refusal(world, monkeypatch):
    prog = program(world)
    ric = new_ric()
    paid = reviewed(world, prog, ric=ric)
    services.grant_approve(actor=world.admin, grant=paid, version=paid.version)
    again = reviewed(world, prog, union=world.union_b, ric=ric)
    monkeypatch.setattr(services, "_paid_elsewhere", lambda *a: None)  # as a race would
    with pytest.raises(ApplicationError, match=paid.number):
        services.grant_approve(actor=world.admin, grant=again, version=again.version)
    again.refresh_from_db()
    assert again.state == GrantState.REVIEWED and again.once_key is None


def test_review_reject_and_reissue(world):
    prog = program(world)
    grant = make_grant(prog, world.union_a, "500", submitted_by=world.chair_a)
    with pytest.raises(PermissionDenied):
        services.grant_review(actor=world.chair_a, grant=grant, version=grant.version)
    grant = services.grant_review(actor=world.town_a_user, grant=grant, version=grant.version)
    assert grant.state == GrantState.REVIEWED and grant.reviewed_on == today()
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=world.town_a_user, grant=grant, version=grant.version)
    with pytest.raises(ApplicationError, match="请填写不予批准的理由"):
        services.grant_reject(actor=world.admin, grant=grant, version=grant.version, reason=" ")
    rejected = services.grant_reject(
        actor=world.admin, grant=grant, version=grant.version, reason="不符合条件"
    )
    assert rejected.state == GrantState.REJECTED
    assert Notification.objects.filter(recipient=world.chair_a, message__contains="不符合条件")
    failed = make_grant(prog, world.union_a, "500", state=GrantState.PAYMENT_FAILED)
    with pytest.raises(ApplicationError, match="银行账号应为8至30位数字"):
        services.grant_reissue(
            actor=world.admin,
            grant=failed,
            version=failed.version,
            bank_name="工行",
            account="12ab",
        )
    done = services.grant_reissue(
        actor=world.admin,
        grant=failed,
        version=failed.version,
        bank_name="工行",
        account="6222 0202 0011 2233",
    )
    assert done.state == GrantState.APPROVED and done.account_last4 == "2233"
    assert done.account == "6222020200112233" and done.once_key == done.ric_hash


def test_town_b_grant_is_not_found_for_town_a(world):
    prog = program(world)
    grant = make_grant(prog, world.union_b, "500", state=GrantState.SUBMITTED)
    with pytest.raises(Http404):
        services.grant_review(actor=world.town_a_user, grant=grant, version=grant.version)


# ---- batch approval --------------------------------------------------------------------------


def test_a_batch_approves_exactly_within_the_budget_and_once_per_person(world):
    prog = program(world, budget="10000")
    make_budget(prog, world.town_a, "1500")
    twice = new_ric()
    grants = [reviewed(world, prog, submitted_by=world.chair_a) for _ in range(3)]
    same = reviewed(world, prog, ric=twice)
    again = reviewed(world, prog, ric=twice)
    over = reviewed(world, prog)
    b_grant = reviewed(world, prog, union=world.union_b)  # the rest: 8,500
    not_yet = make_grant(prog, world.union_a, "500")
    ids = [g.pk for g in [*grants, same, again, over, b_grant, not_yet]] + [10**22]
    preview = services.grants_approve_batch(actor=world.admin, grant_ids=ids, dry_run=True)
    assert Grant.objects.filter(state=GrantState.APPROVED).count() == 0
    result = services.grants_approve_batch(actor=world.admin, grant_ids=ids)
    assert (preview.approved, preview.total) == (result.approved, result.total)
    assert result.approved == 4 and result.total == Decimal("2000.00")
    reasons = {r.grant_id: r.reason for r in result.refused}
    assert reasons[same.pk].startswith("批准后将超出市桥街道总工会的预算 500.00 元")
    assert "每人限领一次" not in reasons[same.pk]
    assert "当前状态为「待镇街审核」" in reasons[not_yet.pk]
    assert reasons[10**22] == "该申请不存在或不在您的管理范围内。"
    approved = set(Grant.objects.filter(state=GrantState.APPROVED).values_list("pk", flat=True))
    assert approved == {*(g.pk for g in grants), b_grant.pk}
    assert WorkflowEvent.objects.filter(action="approve").count() == 4
    assert AuditEntry.objects.filter(action="assistance.grant.approve").count() == 4
    assert Notification.objects.filter(recipient=world.chair_a, message__contains="3笔").exists()


def test_a_batch_refuses_a_second_payment_with_its_link(world):
    prog = program(world, budget="10000")
    ric = new_ric()
    paid = reviewed(world, prog, ric=ric)
    services.grant_approve(actor=world.admin, grant=paid, version=paid.version)
    same_batch = new_ric()
    a, b = reviewed(world, prog, ric=same_batch), reviewed(world, prog, ric=same_batch)
    again = reviewed(world, prog, union=world.union_b, ric=ric)
    result = services.grants_approve_batch(actor=world.admin, grant_ids=[a.pk, b.pk, again.pk])
    assert result.approved == 1
    refused = {r.grant_id: r for r in result.refused}
    assert refused[again.pk].link == f"/assistance/grants/{paid.pk}/"
    assert a.number in refused[b.pk].reason


def test_a_batch_is_for_the_district_and_within_scope(world):
    prog = program(world)
    grant = reviewed(world, prog, union=world.union_b)
    with pytest.raises(PermissionDenied):
        services.grants_approve_batch(actor=world.town_a_user, grant_ids=[grant.pk])
    with pytest.raises(ApplicationError, match="请选择要批准的申请"):
        services.grants_approve_batch(actor=world.admin, grant_ids=[])


def test_builtin_kinds_exist(db):
    assert ProgramKind.objects.filter(builtin=True, code="school_aid").exists()


def test_the_builtin_kinds_come_back_in_an_emptied_database(world):
    # A flushed database (a browser test's) has no migration rows: the demo needs them.
    from gonghui.assistance.choices import BUILTIN_PROGRAM_KINDS
    from gonghui.assistance.models import ProgramKind
    from gonghui.assistance.services.grants import program_kinds_builtin

    ProgramKind.objects.all().delete()
    kinds = program_kinds_builtin()
    assert set(kinds) == {code for code, _, _ in BUILTIN_PROGRAM_KINDS}
    assert program_kinds_builtin() == kinds and ProgramKind.objects.count() == len(kinds)
