"""The claim list's export: the list's rows as filtered, in scope, the amount per benefit
item; the bank account masked unless the user holds mutualaid.view_full_id and asks."""

import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.mutualaid.tests.claims_helpers import ACCOUNT, current_plan, enrolled, file_claim
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def export(client, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post("/exports/mutualaid.claims/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_the_claim_export(world, client_for, django_capture_on_commit_callbacks):
    plan = current_plan(world)
    a = file_claim(world, enrolled(world, plan), disease="cancer")
    b = file_claim(
        world, enrolled(world, plan, union=world.union_b, name="赵六"), actor=world.admin
    )
    town = client_for(world.town_a_user)
    page = town.get("/mutualaid/claims/").content.decode()
    assert 'data-export="mutualaid.claims"' in page
    header, *body = export(town, {"full": "1"}, django_capture_on_commit_callbacks)
    assert [r[0] for r in body] == [a.number]
    account = header.index("银行账号")
    assert body[0][account] == "****3445"
    assert body[0][header.index("重大疾病互助（元）")] == 15000
    assert body[0][header.index("核定金额（元）")] == 19500
    header, *body = export(
        client_for(world.admin),
        {"full": "1", "kind": "critical"},
        django_capture_on_commit_callbacks,
    )
    assert [r[0] for r in body] == [a.number] and body[0][account] == ACCOUNT
    assert b.number not in {r[0] for r in body}
    assert AuditEntry.objects.filter(action="mutualaid.claim.exported").count() == 2
