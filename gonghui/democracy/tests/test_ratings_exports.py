"""The rating's exports (.xlsx through the export job): rounds, applications, the valid
ratings and the awards, as filtered and in the exporter's scope."""

import datetime

import pytest

from gonghui.core import clock
from gonghui.core.models import Job
from gonghui.democracy.choices import AwardKind, RatingLevel
from gonghui.democracy.services import ratings as services
from gonghui.democracy.tests.factories_ratings import (
    NOTICE_END,
    congress,
    dual_display,
    in_notice,
    open_affairs,
    open_round,
    set_today,
    wage_contract,
)
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.forget()


def export(client, name: str, data: dict, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    return list(stored_workbook(job.result_file).active.values)


def test_exports_in_scope_and_filtered(world, client_for, django_capture_on_commit_callbacks):
    wage_contract(world.employer_a)
    congress(world.employer_a)
    open_affairs(world.employer_a)
    dual_display(world.union_a)
    round = open_round(world)
    services.application_create(
        actor=world.district_staff,
        round=round,
        employer=world.employer_b,
        level_applied=RatingLevel.A,
    )
    services.award_create(
        actor=world.chair_a, round=round, kind=AwardKind.DEVOTED_EMPLOYEE,
        employer=world.employer_a, name="李四", position="班长", deeds="爱岗敬业。",
    )  # fmt: skip
    round, _a = in_notice(world, round)
    set_today(NOTICE_END + datetime.timedelta(days=1))
    services.round_close(
        actor=world.district_staff,
        round=round,
        version=round.version,
        document_no="番工〔2026〕4号",
    )
    cap = django_capture_on_commit_callbacks
    town = client_for(world.town_a_user)
    header, *body = export(town, "democracy.rating_applications", {}, cap)
    assert [r[header.index("单位")] for r in body] == ["甲电子有限公司"]
    assert body[0][header.index("评定等级")] == "3A级" and body[0][header.index("总分")] == 100
    admin = client_for(world.admin)
    header, *body = export(admin, "democracy.rating_applications", {"state": "applied"}, cap)
    assert [r[header.index("单位")] for r in body] == ["乙五金有限公司"]
    header, *body = export(admin, "democracy.rated_employers", {}, cap)
    assert [(r[header.index("单位")], r[header.index("文号")]) for r in body] == [
        ("甲电子有限公司", "番工〔2026〕4号")
    ]
    header, *body = export(admin, "democracy.awards", {"kind": "devoted_employee"}, cap)
    assert [(r[header.index("姓名")], r[header.index("状态")]) for r in body] == [
        ("李四", "已推荐")
    ]
    header, *body = export(admin, "democracy.rating_rounds", {"year": "2026"}, cap)
    assert [(r[header.index("年度")], r[header.index("状态")]) for r in body] == [(2026, "已公布")]
