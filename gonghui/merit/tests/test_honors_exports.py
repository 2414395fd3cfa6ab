"""The honors exports: 荣誉名录 as filtered and in scope; the nominations with the RIC masked
unless the user holds merit.view_full_id and asks."""

import pytest

from gonghui.core.models import Job
from gonghui.members.tests.factories import make_member
from gonghui.merit.choices import Level
from gonghui.merit.services import honors as services
from gonghui.merit.tests.factories import make_honor, make_honor_type
from gonghui.merit.tests.honors_helpers import district_type, open_round
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db

RIC = "36042419900517003X"


def export(client, name: str, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_honor_export_in_scope_and_filtered(world, client_for, django_capture_on_commit_callbacks):
    medal = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL)
    make_honor(medal, world.union_a, "王锐祥", year=2013, document_no="总工发〔2013〕5号")
    make_honor(district_type(), world.union_b, "乙某", year=2013)
    town = client_for(world.town_a_user)
    assert 'data-export="merit.honors"' in town.get("/merit/honors/").content.decode()
    header, *body = export(town, "merit.honors", {}, django_capture_on_commit_callbacks)
    assert [r[header.index("获得者")] for r in body] == ["王锐祥"]
    assert body[0][header.index("文号")] == "总工发〔2013〕5号"
    admin = client_for(world.admin)
    header, *body = export(
        admin, "merit.honors", {"level": "district"}, django_capture_on_commit_callbacks
    )
    assert [r[header.index("获得者")] for r in body] == ["乙某"]


def test_nomination_export_masks_the_ric(world, client_for, django_capture_on_commit_callbacks):
    round = open_round(world)
    services.nomination_create(
        actor=world.chair_a, round=round, name="非会员某", ric=RIC, employer=world.employer_a,
        deeds="好。",
    )  # fmt: skip
    services.nomination_create(
        actor=world.admin, round=round, union=world.union_b,
        member=make_member(world.union_b, "乙某", employer=world.employer_b), deeds="好。",
    )  # fmt: skip
    header, *body = export(
        client_for(world.town_a_user),
        "merit.nominations",
        {"full": "1"},
        django_capture_on_commit_callbacks,
    )
    assert [r[header.index("被推荐对象")] for r in body] == ["非会员某"]
    assert body[0][header.index("身份证号")] == "****" + RIC[-4:]
    header, *body = export(
        client_for(world.admin), "merit.nominations", {"full": "1", "name": "非会员"},
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert body[0][header.index("身份证号")] == RIC
