"""The API of programs and grants: programs CRUD and budgets, grants list/get/apply, the
workflow's actions and the batch approval; scope and permission as on the pages."""

import base64
from decimal import Decimal

import pytest

from gonghui.assistance.choices import GrantState
from gonghui.assistance.models import Grant
from gonghui.assistance.tests.factories import kind as kind_of
from gonghui.assistance.tests.factories import make_budget, make_grant, make_program
from gonghui.core.clock import today
from gonghui.members.tests.factories import new_ric

pytestmark = pytest.mark.django_db
API = "/api/v1/assistance"


def program(world, organizer=None, **extra):
    extra.setdefault("standard_amount", Decimal("500"))
    return make_program(organizer or world.district, year=today().year, **extra)


def test_programs_crud_and_budgets(world, client_for):
    client = client_for(world.admin)
    kind = kind_of("living_aid")
    body = {
        "kind_id": kind.pk,
        "name": "生活救助",
        "year": 2026,
        "organizer_id": world.district.pk,
        "budget": "1000.00",
        "cap_amount": "800.00",
    }
    created = client.post(f"{API}/programs", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["cap_amount"] == "800.00" and data["kind_code"] == "living_aid"
    pk = data["id"]
    changed = client.put(
        f"{API}/programs/{pk}",
        {**body, "budget": "2000.00", "version": data["version"]},
        content_type="application/json",
    )
    assert changed.json()["budget"] == "2000.00"
    stale = client.put(
        f"{API}/programs/{pk}",
        {**body, "version": data["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    version = changed.json()["version"]
    over = client.put(
        f"{API}/programs/{pk}/budgets",
        {"version": version, "shares": [{"town_id": world.town_a.pk, "amount": "2500.00"}]},
        content_type="application/json",
    )
    assert over.status_code == 400 and "超出项目预算 2,000.00 元 500.00 元" in over.json()["detail"]
    ok = client.put(
        f"{API}/programs/{pk}/budgets",
        {"version": version, "shares": [{"town_id": world.town_a.pk, "amount": "1500.00"}]},
        content_type="application/json",
    )
    assert ok.status_code == 200
    rows = {r["town_name"]: r for r in ok.json()}
    assert rows["市桥街道总工会"]["budget"] == "1500.00" and rows["项目本级"]["left"] == "500.00"
    assert client.get(f"{API}/programs/{pk}/budgets/proposal").status_code == 200
    assert client.get(f"{API}/programs?year=2026").json()["count"] == 1
    denied = client_for(world.town_a_user).post(
        f"{API}/programs", body, content_type="application/json"
    )
    assert denied.status_code == 403


def test_apply_list_get_and_actions(world, client_for):
    prog = program(world, cap_amount=Decimal("600"))
    chair = client_for(world.chair_a)
    body = {"program_id": prog.pk, "name": "王五", "ric": new_ric(), "amount": "800.00"}
    over = chair.post(f"{API}/grants", body, content_type="application/json")
    assert (
        over.status_code == 400
        and over.json()["detail"] == "金额 800.00 元超过每人上限 600.00 元。"
    )
    body["amount"] = "600.00"
    made = chair.post(f"{API}/grants", body, content_type="application/json")
    assert made.status_code == 201, made.content
    grant = made.json()
    assert grant["number"].startswith(f"ZJ{prog.year}") and grant["union_id"] == world.union_a.pk
    assert chair.get(f"{API}/grants?state=submitted").json()["count"] == 1
    again = chair.post(f"{API}/grants", body, content_type="application/json")
    assert (
        again.status_code == 400 and f"/assistance/grants/{grant['id']}/" in again.json()["detail"]
    )
    town = client_for(world.town_a_user)
    reviewed = town.post(
        f"{API}/grants/{grant['id']}/actions",
        {"action": "review", "version": grant["version"]},
        content_type="application/json",
    )
    assert reviewed.json()["state"] == "reviewed"
    rejected = client_for(world.admin).post(
        f"{API}/grants/{grant['id']}/actions",
        {"action": "reject", "version": reviewed.json()["version"], "reason": "材料不全"},
        content_type="application/json",
    )
    assert rejected.json()["state"] == "rejected"


def test_school_aid_with_a_document_in_base64(world, client_for):
    prog = program(world, code="school_aid", eligibility="school_admission")
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
    body = {
        "program_id": prog.pk,
        "name": "王五",
        "ric": new_ric(),
        "child_name": "王小五",
        "school": "番禺中学",
        "admission_year": prog.year,
        "documents": [{"kind": "admission_letter", "name": "通知书.pdf", "content": pdf}],
    }
    made = client_for(world.chair_a).post(f"{API}/grants", body, content_type="application/json")
    assert made.status_code == 201, made.content


def test_scope_in_the_api(world, client_for):
    prog = program(world, organizer=world.town_b)
    grant = make_grant(prog, world.union_b, "500")
    client = client_for(world.town_a_user)
    assert client.get(f"{API}/grants/{grant.pk}").status_code == 404
    assert client.get(f"{API}/programs/{prog.pk}").status_code == 404
    assert client.get(f"{API}/grants").json()["count"] == 0
    mine = program(world)
    wrong_union = client.post(
        f"{API}/grants",
        {"program_id": mine.pk, "union_id": world.union_b.pk, "name": "王五", "ric": new_ric()},
        content_type="application/json",
    )
    assert wrong_union.status_code == 404 and "union_id" in wrong_union.json()["detail"]


def test_batch_approve(world, client_for):
    prog = program(world, budget="10000")
    make_budget(prog, world.town_a, "1000")
    grants = [make_grant(prog, world.union_a, "600", state=GrantState.REVIEWED) for _ in range(2)]
    client = client_for(world.admin)
    body = {"grant_ids": [g.pk for g in grants], "dry_run": True}
    preview = client.post(
        f"{API}/grants/approve-batch", body, content_type="application/json"
    ).json()
    assert preview["approved"] == 1 and preview["total"] == "600.00" and preview["dry_run"]
    assert "超出市桥街道总工会的预算 200.00 元" in preview["refused"][0]["reason"]
    done = client.post(
        f"{API}/grants/approve-batch",
        {"grant_ids": body["grant_ids"]},
        content_type="application/json",
    ).json()
    assert done["approved"] == 1
    assert Grant.objects.filter(state=GrantState.APPROVED).count() == 1
    huge = client.post(
        f"{API}/grants/approve-batch", {"grant_ids": [10**22]}, content_type="application/json"
    )
    assert huge.status_code in (200, 422)
