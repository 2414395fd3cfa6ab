"""The model-worker flag on a member comes from the registry, not a checkbox: the member
form, the member API and the roster import no longer write it (a flag given is ignored and
a standing flag stays); the member list still filters and shows it."""

import json

import pytest

from gonghui.core.tests.importing.helpers import HEADER, person, run_import, xlsx_bytes
from gonghui.members.forms import MemberForm
from gonghui.members.importers import COLUMNS, MemberImporter
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.merit.services import workers as services
from gonghui.merit.tests.factories import make_model_worker

pytestmark = pytest.mark.django_db


def flag(pk) -> bool:
    return Member.objects.get(pk=pk).is_model_worker


def test_the_member_form_has_no_model_worker_checkbox(world, client_for):
    assert "is_model_worker" not in MemberForm(user=world.admin).fields
    client = client_for(world.town_a_user)
    data = {
        "name": "赵六",
        "ric": new_ric(),
        "union": "甲公司工会委员会",
        "joined_on": "2025-01-01",
    }
    assert client.post("/members/new/", {**data, "is_model_worker": "on"}).status_code == 302
    created = Member.objects.get(name="赵六")
    assert not created.is_model_worker
    assert (
        'name="is_model_worker"' not in client.get(f"/members/{created.pk}/edit/").content.decode()
    )


def test_an_edit_keeps_the_flag_the_registry_set(world, client_for):
    member = make_member(world.union_a, name="劳模甲")
    make_model_worker(world.union_a, member.name, member=member)
    services.sync_member_flag(member.pk)
    client = client_for(world.town_a_user)
    data = {"name": "劳模甲", "joined_on": "2020-01-01", "version": member.version}
    assert client.post(f"/members/{member.pk}/edit/", data).status_code == 302
    assert flag(member.pk)  # not unticked by a form without the box


def test_the_member_api_ignores_the_flag(world, client_for):
    client = client_for(world.town_a_user)
    data = {"union_id": world.union_a.pk, "name": "钱七", "ric": new_ric(),
            "joined_on": "2025-01-01", "is_model_worker": True}  # fmt: skip
    created = client.post("/api/v1/members", json.dumps(data), content_type="application/json")
    assert created.status_code == 201 and created.json()["is_model_worker"] is False
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/v1/members/{pk}",
        json.dumps({"version": 1, "is_model_worker": True}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and not flag(pk)
    listed = client.get("/api/v1/members?is_model_worker=false").json()["items"]
    assert pk in [m["id"] for m in listed]  # still a filter and an output


def test_the_roster_import_has_no_model_worker_column(world, django_capture_on_commit_callbacks):
    assert "is_model_worker" not in [c.key for c in COLUMNS]
    assert "is_model_worker" not in MemberImporter.example
    member = make_member(world.union_a, ric=person(1)[1], name=person(1)[0])
    make_model_worker(world.union_a, member.name, member=member)
    services.sync_member_flag(member.pk)
    rows = [[*person(1), "否"], [*person(2), "是"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.chair_a,
        xlsx_bytes(rows, header=[*HEADER, "劳模"]),
        union=world.union_a,
    )
    assert run.created == 1
    flags = dict(Member.objects.values_list("ric", "is_model_worker"))
    assert flags == {person(1)[1]: True, person(2)[1]: False}


def test_the_member_list_still_filters_by_the_flag(world, client_for):
    member = make_member(world.union_a, name="劳模乙")
    make_model_worker(world.union_a, member.name, member=member)
    services.sync_member_flag(member.pk)
    make_member(world.union_a, name="普通丙")
    page = client_for(world.admin).get("/members/?is_model_worker=yes")
    assert [m.name for m in page.context["page"]] == ["劳模乙"]
