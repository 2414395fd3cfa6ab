"""The member, transfer and joining lists' filters (issue #10, Lists): each narrows the
list within the scope, and a bad value is a Chinese error on its field (list unfiltered)."""

import pytest

pytestmark = pytest.mark.django_db


def shown(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [str(row) for row in response.context["page"]]


# ---- members ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("joined_year=2019", ["普通甲"]),
        ("sex=F", ["女工乙"]),
        ("is_model_worker=yes", ["劳模丙"]),
        ("is_model_worker=1", ["劳模丙"]),  # the value before FlagField: old links work
        ("is_migrant_worker=1", ["农民工丁"]),
        ("is_new_form_worker=1", ["骑手戊"]),
        ("is_dispatched=1", ["派遣己"]),
        (
            "is_model_worker=no&is_dispatched=no&is_migrant_worker=0&is_new_form_worker=0&sex=M",
            ["普通甲"],
        ),
    ],
)
def test_each_member_filter_narrows_the_list_within_the_town(
    world, roster, client_for, query, expected
):
    # given a town's staff; when they filter; then only their matching members show
    assert shown(client_for(world.town_a_user), f"/members/?{query}") == expected


def test_district_users_filter_members_by_town_and_a_town_has_no_town_select(
    world, roster, client_for
):
    admin = client_for(world.admin)
    assert shown(admin, f"/members/?town={world.town_b.pk}") == ["外镇庚"]
    assert len(shown(admin, f"/members/?town={world.town_a.pk}")) == 6
    assert "全部镇街" in admin.get("/members/").content.decode()
    town = client_for(world.town_a_user)
    assert 'name="town"' not in town.get("/members/").content.decode()
    # a town id typed into the URL is no way out of the scope: the field is not there
    assert "外镇庚" not in shown(town, f"/members/?town={world.town_b.pk}")


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("joined_year=abc", "入会年份须为四位数字年份"),
        ("joined_year=1850", "入会年份须在 1900 至 2100 年之间"),
        ("is_model_worker=maybe", "「劳模」只能选“劳模”或“非劳模”"),
        ("sex=X", "「X」不是可选的性别"),
    ],
)
def test_a_bad_member_filter_is_a_chinese_error_and_the_list_unfiltered(
    world, roster, client_for, query, error
):
    response = client_for(world.town_a_user).get(f"/members/?{query}")
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    assert 'aria-invalid="true"' in page
    assert len(response.context["page"]) == 6  # unfiltered, within the scope


# ---- transfers -------------------------------------------------------------------------


def members_of(client, url: str) -> set[str]:
    return {t.member.name for t in client.get(url).context["page"]}


def test_transfer_direction_is_seen_from_the_users_unions(world, transfers, client_for):
    town_a = client_for(world.town_a_user)
    assert members_of(town_a, "/members/transfers/") == {"转出甲", "转入乙"}
    assert members_of(town_a, "/members/transfers/?direction=out") == {"转出甲"}
    assert members_of(town_a, "/members/transfers/?direction=in") == {"转入乙"}


def test_transfer_filters_by_year_state_and_town(world, transfers, client_for):
    town_a = client_for(world.town_a_user)
    assert members_of(town_a, "/members/transfers/?year=2024") == {"转入乙"}
    assert members_of(town_a, "/members/transfers/?state=requested") == {"转出甲", "转入乙"}
    assert members_of(town_a, "/members/transfers/?state=approved") == set()
    admin = client_for(world.admin)
    assert members_of(admin, f"/members/transfers/?town={world.town_a.pk}") == {"转出甲", "转入乙"}
    # the direction is then seen from the town chosen
    url = f"/members/transfers/?town={world.town_b.pk}&direction=out"
    assert members_of(admin, url) == {"转入乙", "外镇丙"}


def test_a_bad_transfer_filter_is_a_chinese_error(world, transfers, client_for):
    response = client_for(world.town_a_user).get("/members/transfers/?year=abc&direction=up")
    page = response.content.decode()
    assert response.status_code == 200
    assert "申请年份须为四位数字年份" in page and "「up」不是可选的方向" in page
    assert {t.member.name for t in response.context["page"]} == {"转出甲", "转入乙"}


# ---- joining applications ----------------------------------------------------------------


def names_of(client, url: str) -> set[str]:
    return {a.name for a in client.get(url).context["page"]}


def test_joining_list_opens_on_submitted_and_filters_state_year_town_union(
    world, applications, client_for
):
    town_a = client_for(world.town_a_user)
    assert names_of(town_a, "/members/joining/") == {"申请甲"}  # 审核中 by default
    assert names_of(town_a, "/members/joining/?page=1") == {"申请甲"}  # also on its pages
    assert names_of(town_a, "/members/joining/?state=") == {"申请甲", "申请乙"}
    assert names_of(town_a, "/members/joining/?state=rejected") == {"申请乙"}
    assert names_of(town_a, "/members/joining/?state=&year=2024") == {"申请乙"}
    assert names_of(town_a, "/members/joining/?state=&union=乙公司") == set()
    admin = client_for(world.admin)
    assert names_of(admin, f"/members/joining/?town={world.town_b.pk}") == {"外镇丙"}
    assert names_of(admin, "/members/joining/?union=乙公司") == {"外镇丙"}


def test_a_bad_joining_filter_is_a_chinese_error(world, applications, client_for):
    response = client_for(world.town_a_user).get("/members/joining/?state=nope")
    assert response.status_code == 200
    assert "「nope」不是可选的状态" in response.content.decode()
    assert {a.name for a in response.context["page"]} == {"申请甲", "申请乙"}
