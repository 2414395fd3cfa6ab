"""The pages of programs and grants: lists with their filters, the program's budget per
town, the split, applying with a member picked, the detail's workflow buttons, the batch
approval's confirm step, scope (town B's rows are 404 for town A) and permissions."""

from decimal import Decimal

import pytest

from gonghui.assistance.choices import GrantState
from gonghui.assistance.models import Grant, Program, ProgramBudget
from gonghui.assistance.tests.factories import kind as kind_of
from gonghui.assistance.tests.factories import make_budget, make_grant, make_program
from gonghui.core.clock import today
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db


def program(world, organizer=None, **extra):
    extra.setdefault("standard_amount", Decimal("500"))
    return make_program(organizer or world.district, year=today().year, **extra)


def test_program_list_and_detail_show_budget_committed_and_left(world, client_for):
    prog = program(world, budget="10000")
    make_budget(prog, world.town_a, "3000")
    make_budget(prog, world.town_b, "2000")
    make_grant(prog, world.union_a, "500", state=GrantState.APPROVED)
    make_grant(prog, world.union_a, "300", state=GrantState.REVIEWED)
    client = client_for(world.admin)
    page = client.get("/assistance/programs/").content.decode()
    assert prog.name in page
    page = client.get(f"/assistance/programs/{prog.pk}/").content.decode()
    assert "市桥街道总工会" in page and "3,000.00" in page and "2,500.00" in page
    assert "项目本级" in page and "5,000.00" in page
    # town A sees its own row and not town B's
    page = client_for(world.town_a_user).get(f"/assistance/programs/{prog.pk}/").content.decode()
    assert "市桥街道总工会" in page and "南村镇总工会" not in page


def test_a_town_b_program_and_grant_are_404_for_town_a(world, client_for):
    prog = program(world, organizer=world.town_b)
    grant = make_grant(prog, world.union_b, "500")
    client = client_for(world.town_a_user)
    assert client.get(f"/assistance/programs/{prog.pk}/").status_code == 404
    assert client.get(f"/assistance/grants/{grant.pk}/").status_code == 404
    assert client.get(f"/assistance/programs/{prog.pk}/apply/").status_code == 404
    page = client.get("/assistance/grants/").content.decode()
    assert grant.number not in page
    assert client.post(f"/assistance/grants/{grant.pk}/review/", {"version": 0}).status_code == 404


def test_creating_a_program_and_splitting_its_budget(world, client_for):

    client = client_for(world.admin)
    assert client.get("/assistance/programs/new/").status_code == 200
    kind = kind_of("winter_warmth")
    response = client.post(
        "/assistance/programs/new/",
        {
            "kind": kind.pk,
            "name": "冬送温暖",
            "year": 2026,
            "organizer": world.district.pk,
            "budget": "1000",
            "eligibility": "any",
            "standard_amount": "500",
            "once_per_person": "on",
            "is_open": "on",
        },
    )
    prog = Program.objects.get(name="冬送温暖")
    assert response.status_code == 302
    page = client.get(f"/assistance/programs/{prog.pk}/budgets/?propose=1")
    assert page.status_code == 200
    response = client.post(
        f"/assistance/programs/{prog.pk}/budgets/",
        {
            "version": prog.version,
            f"town_{world.town_a.pk}": "700",
            f"town_{world.town_b.pk}": "400",
        },
    )
    assert "超出项目预算 1,000.00 元 100.00 元" in response.content.decode()
    response = client.post(
        f"/assistance/programs/{prog.pk}/budgets/",
        {
            "version": prog.version,
            f"town_{world.town_a.pk}": "600",
            f"town_{world.town_b.pk}": "400",
        },
    )
    assert response.status_code == 302
    assert ProgramBudget.objects.filter(program=prog).count() == 2
    assert client_for(world.town_a_user).get("/assistance/programs/new/").status_code == 403


def test_kinds_page_adds_a_kind(world, client_for):
    client = client_for(world.admin)
    assert "冬送温暖" in client.get("/assistance/programs/kinds/").content.decode()
    assert (
        client.post("/assistance/programs/kinds/", {"name": "职工书屋", "order": 5}).status_code
        == 302
    )
    assert "职工书屋" in client.get("/assistance/programs/kinds/").content.decode()
    assert (
        client_for(world.chair_a)
        .post("/assistance/programs/kinds/", {"name": "x", "order": 1})
        .status_code
        == 403
    )


def test_a_chair_applies_for_a_member_and_the_town_reviews(world, client_for):
    prog = program(world)
    member = make_member(world.union_a, name="李四")
    client = client_for(world.chair_a)
    assert client.get(f"/assistance/programs/{prog.pk}/apply/").status_code == 200
    response = client.post(
        f"/assistance/programs/{prog.pk}/apply/",
        {
            "union": world.union_a.pk,
            "member": member.pk,
            "bank_name": "工行",
            "account": "6222020200112233445",
        },
    )
    grant = Grant.objects.get(member=member)
    assert response.status_code == 302 and response.url == f"/assistance/grants/{grant.pk}/"
    # the second one says why, with the link to the first
    response = client.post(
        f"/assistance/programs/{prog.pk}/apply/", {"union": world.union_a.pk, "member": member.pk}
    )
    assert f"/assistance/grants/{grant.pk}/" in response.content.decode()
    town = client_for(world.town_a_user)
    page = town.get(f"/assistance/grants/{grant.pk}/").content.decode()
    assert "镇街审核通过" in page and "6222020200112233445" not in page and "尾号3445" in page
    assert (
        town.post(f"/assistance/grants/{grant.pk}/review/", {"version": grant.version}).status_code
        == 302
    )
    grant.refresh_from_db()
    assert grant.state == GrantState.REVIEWED


def test_grant_list_filters_by_the_catalog_names(world, client_for):
    prog = program(world)
    other = program(world, code="school_aid")
    a = make_grant(prog, world.union_a, "500", state=GrantState.PAID)
    b = make_grant(other, world.union_b, "600")
    a.paid_on = today()
    a.save()
    client = client_for(world.admin)
    page = client.get(f"/assistance/grants/?program={prog.pk}").content.decode()
    assert a.number in page and b.number not in page
    page = client.get("/assistance/grants/?kind=school_aid").content.decode()
    assert b.number in page and a.number not in page
    page = client.get(
        f"/assistance/grants/?town={world.town_b.pk}&state=submitted"
    ).content.decode()
    assert b.number in page and a.number not in page
    day = today().isoformat()
    page = client.get(
        f"/assistance/grants/?paid_from={day}&paid_to={day}&year={prog.year}"
    ).content.decode()
    assert a.number in page and b.number not in page
    page = client.get(f"/assistance/grants/?org={world.town_a.pk}").content.decode()
    assert a.number in page and b.number not in page
    page = client.get("/assistance/grants/?paid_from=abc").content.decode()
    assert "发放日期起应为日期" in page
    assert 'data-export="assistance.grants"' in page or "assistance.grants" in page


def test_batch_approval_confirms_count_total_and_refusals(world, client_for):
    prog = program(world, budget="10000")
    make_budget(prog, world.town_a, "1000")
    grants = [make_grant(prog, world.union_a, "400", state=GrantState.REVIEWED) for _ in range(3)]
    client = client_for(world.admin)
    listing = client.get(f"/assistance/grants/?program={prog.pk}&state=reviewed").content.decode()
    assert "批量批准" in listing
    page = client.get(
        f"/assistance/grants/batch/?program={prog.pk}&state=reviewed"
    ).content.decode()
    assert "2 笔，合计 800.00 元" in page and "超出市桥街道总工会的预算 200.00 元" in page
    assert Grant.objects.filter(state=GrantState.APPROVED).count() == 0
    response = client.post(
        "/assistance/grants/batch/", {"program": prog.pk, "state": "reviewed", "confirm": "on"}
    )
    assert response.status_code == 200
    assert Grant.objects.filter(state=GrantState.APPROVED).count() == 2
    assert grants[2].pk in set(
        Grant.objects.filter(state=GrantState.REVIEWED).values_list("pk", flat=True)
    )
    assert (
        client_for(world.town_a_user)
        .get(f"/assistance/grants/batch/?program={prog.pk}")
        .status_code
        == 403
    )


def test_the_todos_count_the_lists_they_open(world, client_for):
    from gonghui.core.registry import todos_for

    prog = program(world)
    make_grant(prog, world.union_a, "500")
    make_grant(prog, world.union_b, "500")
    make_grant(prog, world.union_b, "500", state=GrantState.REVIEWED)

    def mine(user):
        return {
            t.name: (n, url)
            for t, n, url in todos_for(user)
            if t.name.startswith("assistance.grants_to")
        }

    assert mine(world.town_a_user) == {
        "assistance.grants_to_review": (1, "/assistance/grants/?state=submitted")
    }
    assert mine(world.admin) == {
        "assistance.grants_to_approve": (1, "/assistance/grants/?state=reviewed")
    }
    assert mine(world.chair_a) == {}
