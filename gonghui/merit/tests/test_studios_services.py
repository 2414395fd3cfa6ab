"""Innovation studios: created under the employer's union, led by a model worker or a name,
members added and removed, results added and removed; scope, permission, bad input."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.members.tests.factories import make_member
from gonghui.merit.models import InnovationStudio, StudioResult
from gonghui.merit.services import studios as services
from gonghui.merit.tests.factories import make_model_worker, make_studio
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
FOUNDED = datetime.date(2013, 5, 1)


def create(world, actor=None, **extra):
    fields = {
        "name": "王锐祥声学创新工作室",
        "level": "district",
        "employer": world.employer_a,
        "leader_name": "王锐祥",
        "founded_on": FOUNDED,
        "field": "电声技术",
    } | extra
    return services.studio_create(actor=actor or world.town_a_user, **fields)


def test_a_studio_sits_under_its_employers_union_and_takes_the_leaders_name(world):
    leader = make_model_worker(world.union_a, "王锐祥")
    member = make_member(world.union_a, name="徒弟甲")
    studio = create(world, leader=leader, leader_name="别名", members=[member])
    assert (studio.union, studio.org_path, studio.leader_name) == (
        world.union_a, world.union_a.path, "王锐祥",
    )  # fmt: skip
    assert list(studio.members.all()) == [member]


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"name": " "}, "name"),
        ({"leader_name": ""}, "leader"),
        ({"founded_on": datetime.date(2999, 1, 1)}, "founded_on"),
        ({"level": "galaxy"}, "level"),
    ],
)
def test_bad_input_names_the_field(world, extra, field):
    with pytest.raises(ApplicationError) as caught:
        create(world, **extra)
    assert caught.value.field == field and caught.value.message
    assert not InnovationStudio.objects.exists()


def test_an_employer_without_a_union_is_refused(world):
    bare = EmployerFactory(name="无工会公司", town=world.town_a, union=None)
    with pytest.raises(ApplicationError, match="尚未建立工会"):
        create(world, actor=world.admin, employer=bare)


def test_scope_and_permission(world):
    with pytest.raises(Http404):
        create(world, employer=world.employer_b)  # another town's employer
    with pytest.raises(Http404):
        create(world, members=[make_member(world.union_b)])
    with pytest.raises(Http404):
        create(world, leader=make_model_worker(world.union_b))
    for user in (world.chair_a, world.auditor):
        with pytest.raises(PermissionDenied):
            create(world, actor=user)
    assert not InnovationStudio.objects.exists()


def test_update_with_the_version_read(world):
    studio = create(world)
    saved = services.studio_update(
        actor=world.town_a_user, studio=studio, version=studio.version, name="新名称",
        level="city", employer=world.employer_a, leader_name="王锐祥", founded_on=FOUNDED,
        is_active=False,
    )  # fmt: skip
    assert (saved.name, saved.level, saved.is_active) == ("新名称", "city", False)
    with pytest.raises(ConflictError):
        services.studio_update(
            actor=world.town_a_user, studio=studio, version=studio.version, name="x",
            level="city", employer=world.employer_a, leader_name="王", founded_on=FOUNDED,
        )  # fmt: skip
    with pytest.raises(Http404):
        services.studio_update(
            actor=world.town_b_user, studio=studio, version=saved.version, name="x",
            level="city", employer=world.employer_b, leader_name="王", founded_on=FOUNDED,
        )  # fmt: skip


def test_results_added_and_removed(world):
    studio = make_studio(world.employer_a)
    result = services.result_add(
        actor=world.town_a_user, studio=studio, kind="patent", title="一种扬声器",
        achieved_on=datetime.date(2014, 3, 1), benefit=Decimal("120000"),
    )  # fmt: skip
    assert (result.org_path, result.benefit) == (studio.org_path, Decimal("120000.00"))
    with pytest.raises(ApplicationError, match="不能早于工作室创建日期"):
        services.result_add(
            actor=world.town_a_user, studio=studio, kind="patent", title="x",
            achieved_on=datetime.date(2000, 1, 1),
        )  # fmt: skip
    with pytest.raises(ApplicationError) as caught:
        services.result_add(
            actor=world.town_a_user, studio=studio, kind="nonsense", title="x",
            achieved_on=datetime.date(2014, 1, 1),
        )  # fmt: skip
    assert caught.value.field == "kind"
    with pytest.raises(Http404):
        services.result_remove(actor=world.town_b_user, studio=studio, result=result)
    services.result_remove(actor=world.town_a_user, studio=studio, result=result)
    assert not StudioResult.objects.exists()


def test_members_added_once_and_removed(world):
    studio = make_studio(world.employer_a)
    member = make_member(world.union_a)
    services.studio_member_add(actor=world.admin, studio=studio, member=member)
    with pytest.raises(ApplicationError, match="已是该工作室成员"):
        services.studio_member_add(actor=world.admin, studio=studio, member=member)
    with pytest.raises(Http404):
        services.studio_member_add(
            actor=world.town_a_user, studio=studio, member=make_member(world.union_b)
        )
    services.studio_member_remove(actor=world.admin, studio=studio, member=member)
    assert not studio.members.exists()
