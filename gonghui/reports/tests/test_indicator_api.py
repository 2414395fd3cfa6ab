"""The indicator API (issue #13): catalog, one indicator with its breakdown, the whole
catalog; scoped to the user's subtree, refused without the permission, Chinese errors."""

import datetime

import pytest

from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def founded(world):
    for parent, day in ((world.town_a, 5), (world.town_a, 6), (world.town_b, 7)):
        make_org(parent, OrgKind.GRASSROOTS, established_on=datetime.date(2013, 3, day))


def test_the_catalog_lists_each_indicator_with_its_definition(world, client_for):
    items = client_for(world.admin).get("/api/v1/indicators").json()
    by_code = {i["code"]: i for i in items}
    assert {"orgs.unions.new", "members.members.total"} <= set(by_code)
    assert (
        by_code["orgs.unions.new"]["unit"] == "家"
        and "845" in by_code["orgs.unions.new"]["definition"]
    )
    assert by_code["members.members.total"]["kind"] == "stock"


def test_one_indicator_for_a_year_with_its_towns(world, founded, client_for):
    data = client_for(world.admin).get("/api/v1/indicators/orgs.unions.new", {"year": 2013}).json()
    assert (data["value"], data["org_id"], data["period"]["label"]) == (
        3,
        world.district.pk,
        "2013年",
    )
    assert [(p["name"], p["value"]) for p in data["breakdown"]] == [
        ("市桥街道总工会", 2),
        ("南村镇总工会", 1),
    ]
    ranged = client_for(world.admin).get(
        "/api/v1/indicators/orgs.unions.new", {"start": "2013-03-06", "end": "2013-12-31"}
    )
    assert ranged.json()["value"] == 2


def test_a_town_user_sees_their_subtree_only(world, founded, client_for):
    client = client_for(world.town_a_user)
    mine = client.get("/api/v1/indicators/orgs.unions.new", {"year": 2013}).json()
    assert (mine["value"], mine["org_id"]) == (2, world.town_a.pk)
    other = client.get(
        "/api/v1/indicators/orgs.unions.new", {"year": 2013, "org_id": world.town_b.pk}
    )
    assert other.status_code == 404 and "org_id" in str(other.json())


def test_bad_requests_are_answered_in_chinese(world, client_for):
    client = client_for(world.admin)
    unknown = client.get("/api/v1/indicators/no.such.thing")
    assert unknown.status_code == 404 and "没有代码为" in str(unknown.json())
    half = client.get("/api/v1/indicators/orgs.unions.new", {"start": "2013-01-01"})
    assert half.status_code == 400 and "开始和结束日期都要填写" in str(half.json())
    backwards = client.get(
        "/api/v1/indicators/orgs.unions.new", {"start": "2013-02-01", "end": "2013-01-01"}
    )
    assert backwards.status_code == 400
    assert client.get("/api/v1/indicators/orgs.unions.new", {"year": 1800}).status_code == 422


def test_without_the_permission_the_catalog_is_empty_and_a_figure_refused(world, client_for):

    lawyer = client_for(world.lawyer_a)
    codes = {i["code"] for i in lawyer.get("/api/v1/indicators").json()}
    assert "members.members.total" not in codes
    assert lawyer.get("/api/v1/indicators/members.members.total").status_code == 403


def test_the_whole_catalog_at_once(world, founded, client_for):
    data = client_for(world.admin).get("/api/v1/indicators/values", {"year": 2013}).json()
    values = {i["code"]: i["value"] for i in data["indicators"]}
    assert values["orgs.unions.new"] == 3 and values["orgs.unions.total"] == 5
