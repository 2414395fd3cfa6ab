"""The roster import refuses exactly what the member service refuses (issue #9, item 1).

Each case was imported with the run reported `succeeded` while `member_create` refused it.
"""

import datetime

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.tests.importing.helpers import person, run_import, xlsx_bytes
from gonghui.members.models import Member
from gonghui.members.services import member_create
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import EmployerFactory, make_org

HEADER = ["姓名", "身份证号", "性别", "出生日期", "手机号", "入会日期", "工作单位"]


def _row(seed: int, **overrides) -> list:
    name, ric, sex, birth, phone, joined = person(seed)
    row = {"name": name, "ric": ric, "sex": sex, "birth": birth, "phone": phone}
    row |= {"joined": joined, "employer": ""}
    row.update(overrides)
    return list(row.values())


def test_join_date_before_birth_is_refused_by_both(world, django_capture_on_commit_callbacks):
    # given a person born 1990-03-15 who "joined" in 1980
    row = _row(1, joined="1980-01-01")
    # when the service is asked, then it refuses
    with pytest.raises(ApplicationError, match="入会日期不能早于出生日期"):
        member_create(
            actor=world.admin,
            union=world.union_a,
            ric=row[1],
            name=row[0],
            joined_on=datetime.date(1980, 1, 1),
        )
    # and the import refuses the row with the same words
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes([row], header=HEADER),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (0, 1)
    assert run.errors[0]["column"] == "入会日期"
    assert "入会日期不能早于出生日期" in run.errors[0]["reason"]
    assert not Member.objects.exists()


def test_employer_of_another_union_is_refused_by_both(world, django_capture_on_commit_callbacks):
    # given an employer that belongs to another grassroots union of the same town
    other = make_org(world.town_a, name="丙公司工会委员会")
    foreign_employer = EmployerFactory(name="丙电子有限公司", town=world.town_a, union=other)
    row = _row(2, employer=foreign_employer.name)
    with pytest.raises(ApplicationError, match="属于其他基层工会"):
        member_create(
            actor=world.admin,
            union=world.union_a,
            ric=row[1],
            name=row[0],
            employer=foreign_employer,
        )
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        xlsx_bytes([row], header=HEADER),
        union=world.union_a,
    )
    assert (run.created, run.rejected) == (0, 1)
    assert run.errors[0]["column"] == "工作单位"
    assert "属于其他基层工会" in run.errors[0]["reason"]


def test_inactive_union_takes_no_members_by_either_path(world, django_capture_on_commit_callbacks):
    # given a union that has been deactivated
    Organization.objects.filter(pk=world.union_a.pk).update(is_active=False)
    world.union_a.refresh_from_db()
    row = _row(3)
    with pytest.raises(ApplicationError, match="会员只能属于有效的基层工会"):
        member_create(actor=world.admin, union=world.union_a, ric=row[1], name=row[0])
    # the import is refused when it is started, in the same words, and nothing is queued
    with pytest.raises(ApplicationError, match="会员只能属于有效的基层工会"):
        run_import(
            django_capture_on_commit_callbacks,
            world.admin,
            xlsx_bytes([row], header=HEADER),
            union=world.union_a,
        )
    assert not Member.objects.exists()


def test_union_deactivated_after_upload_rejects_every_row(
    world, django_capture_on_commit_callbacks, settings
):
    # given an import queued while the union was active, run after it was deactivated
    from gonghui.core.importing.jobs import import_run_job  # noqa: F401  (registers the job)
    from gonghui.core.importing.services import import_start
    from gonghui.core.jobs import run_job
    from gonghui.core.tests.importing.helpers import upload

    run = import_start(
        actor=world.admin,
        kind="members",
        upload=upload(xlsx_bytes([_row(4), _row(5)], header=HEADER)),
        union=world.union_a,
    )
    Organization.objects.filter(pk=world.union_a.pk).update(is_active=False)
    run_job(run.job_id)
    run.refresh_from_db()
    # then the run fails with the rule's words and writes nothing
    assert run.status == "failed"
    assert "会员只能属于有效的基层工会" in run.message
    assert not Member.objects.exists()
