"""A union's list of applications through the kernel's import pipeline (kind
assistance.grant_applications, target a program): every row checked by the same rules as
one application, bad rows in the report with their reasons, a list imported twice creates
nothing twice, a second application in a once-per-person program refused with its link."""

from decimal import Decimal

import pytest

from gonghui.assistance.choices import Eligibility, GrantState
from gonghui.assistance.importers import GrantApplicationImporter
from gonghui.assistance.models import Grant
from gonghui.assistance.tests.factories import make_file, make_grant, make_program
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.importing.services import import_start
from gonghui.core.models import Job, WorkflowEvent
from gonghui.core.tests.importing.helpers import upload, xlsx_bytes
from gonghui.members.tests.factories import make_member, new_ric

pytestmark = pytest.mark.django_db
KIND = GrantApplicationImporter.kind
HEADER = ["姓名", "身份证号", "工会", "金额", "开户银行", "银行账号"]


def run(capture, actor, program, rows, *, header=HEADER, dry_run=False):
    with capture(execute=True):
        started = import_start(
            actor=actor,
            kind=KIND,
            upload=upload(xlsx_bytes(rows, header=header), "名单.xlsx"),
            target=program.pk,
            dry_run=dry_run,
        )
    started.refresh_from_db()
    return started


def program(world, **extra):
    extra.setdefault("standard_amount", Decimal("500"))
    return make_program(world.district, year=today().year, **extra)


def test_a_list_of_applications_goes_in_submitted(world, django_capture_on_commit_callbacks):
    prog = program(world, cap_amount=Decimal("600"))
    member = make_member(world.union_a, name="王工")
    rows = [
        ["张三", new_ric(), "", "", "工行", "6222020200112233445"],
        ["王工", member.ric, "甲公司工会委员会", "600", "", ""],
    ]
    done = run(django_capture_on_commit_callbacks, world.chair_a, prog, rows)
    assert (done.status, done.created, done.rejected) == (Job.Status.SUCCEEDED, 2, 0), done.errors
    grants = Grant.objects.filter(program=prog).order_by("pk")
    assert [g.amount for g in grants] == [Decimal("500.00"), Decimal("600.00")]
    assert all(g.number == f"ZJ{prog.year}{g.pk:06d}" for g in grants)
    assert grants[0].account_last4 == "3445" and grants[1].member_id == member.pk
    assert {g.state for g in grants} == {GrantState.SUBMITTED}
    assert WorkflowEvent.objects.filter(action="created").count() == 2
    # the same list again creates nothing twice
    again = run(django_capture_on_commit_callbacks, world.chair_a, prog, rows)
    assert (again.created, again.unchanged) == (0, 2)


def test_each_row_is_checked_by_the_rules_and_says_why(world, django_capture_on_commit_callbacks):
    prog = program(
        world,
        eligibility=Eligibility.HARDSHIP_FILE,
        standard_amount=None,
        cap_amount=Decimal("500"),
    )
    filed = new_ric()
    make_file(world.union_a, name="李四", ric=filed)
    earlier = new_ric()
    make_file(world.union_a, name="赵六", ric=earlier)
    first = make_grant(prog, world.union_b, "300", ric=earlier, name="赵六")
    rows = [
        ["李四", filed, "", "400", "", ""],
        ["钱七", new_ric(), "", "400", "", ""],
        ["李四", new_ric(), "", "800", "", "12ab"],
        ["赵六", earlier, "", "300", "", ""],
        ["孙八", new_ric(), "乙公司工会委员会", "300", "", ""],
    ]
    done = run(django_capture_on_commit_callbacks, world.chair_a, prog, rows)
    assert (done.created, done.rejected) == (1, 4), done.errors
    reasons: dict = {}
    for error in done.errors:  # one entry per problem of a row
        reasons[error["row"]] = reasons.get(error["row"], "") + error["reason"]
    assert "没有在档的困难职工档案" in reasons[3]
    assert "金额 800.00 元超过每人上限 500.00 元" in reasons[4]
    assert "银行账号应为8至30位数字" in reasons[4]
    assert first.number in reasons[5]
    assert "没有「乙公司工会委员会」这个工会" in reasons[6]


def test_a_program_out_of_scope_or_closed_is_refused(world):
    town_b_program = make_program(world.town_b, year=today().year, standard_amount=Decimal("1"))
    from django.http import Http404

    with pytest.raises(Http404):
        import_start(
            actor=world.chair_a,
            kind=KIND,
            upload=upload(xlsx_bytes([], header=HEADER), "a.xlsx"),
            target=town_b_program.pk,
        )
    closed = program(world, is_open=False)
    with pytest.raises(ApplicationError, match="已停止接受申报"):
        import_start(
            actor=world.chair_a,
            kind=KIND,
            upload=upload(xlsx_bytes([], header=HEADER), "a.xlsx"),
            target=closed.pk,
        )
