"""The grant list's export: the list's rows as filtered, in scope; RIC and account masked
unless the user holds assistance.view_full_id and asks for them in full."""

from decimal import Decimal

import pytest

from gonghui.assistance.services.grants import account_values
from gonghui.assistance.tests.factories import make_grant, make_program
from gonghui.core.clock import today
from gonghui.core.models import AuditEntry, Job
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def export(client, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post("/exports/assistance.grants/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_the_grant_export_masks_ric_and_account_unless_full(
    world, client_for, django_capture_on_commit_callbacks
):
    prog = make_program(world.district, year=today().year, standard_amount=Decimal("500"))
    a = make_grant(prog, world.union_a, "500", **account_values("6222020200112233445"))
    b = make_grant(prog, world.union_b, "500")
    town = client_for(world.town_a_user)
    page = town.get("/assistance/grants/", {"program": prog.pk}).content.decode()
    assert 'data-export="assistance.grants"' in page
    header, *body = export(
        town, {"program": prog.pk, "full": "1"}, django_capture_on_commit_callbacks
    )
    assert [r[0] for r in body] == [a.number]  # town B's grant in no export of town A's
    ric, account = header.index("身份证号"), header.index("银行账号")
    assert body[0][ric] != a.ric and body[0][ric].endswith(a.ric[-4:])
    assert body[0][account] == "****3445"  # town staff may not have them in full
    admin = client_for(world.admin)
    header, *body = export(
        admin, {"program": prog.pk, "full": "1"}, django_capture_on_commit_callbacks
    )
    row = {r[0]: r for r in body}[a.number]
    assert row[ric] == a.ric and row[account] == "6222020200112233445"
    assert {r[0] for r in body} == {a.number, b.number}
    assert AuditEntry.objects.filter(action="assistance.grant.exported").count() == 2
