"""The list APIs filter as their pages do (issue #10): the member, transfer and joining
lists take the page's filters (year, flags, town, state, direction, deciding union) and
answer the rows the page shows for them, within the scope."""

import pytest

pytestmark = pytest.mark.django_db


def api_ids(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def page_ids(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"]}


@pytest.mark.parametrize(
    ("page_query", "api_query", "expected"),
    [
        ("joined_year=2019", "joined_year=2019", {"普通甲"}),
        ("sex=F", "sex=F", {"女工乙"}),
        ("is_model_worker=yes", "is_model_worker=true", {"劳模丙"}),
        ("is_migrant_worker=yes", "is_migrant_worker=true", {"农民工丁"}),
        ("is_new_form_worker=yes", "is_new_form_worker=true", {"骑手戊"}),
        ("is_dispatched=yes", "is_dispatched=true", {"派遣己"}),
        (
            "is_model_worker=no&is_dispatched=no&is_migrant_worker=no&is_new_form_worker=no&sex=M",
            "is_model_worker=false&is_dispatched=false&is_migrant_worker=false"
            "&is_new_form_worker=false&sex=M",
            {"普通甲"},
        ),
    ],
)
def test_the_member_api_filters_as_the_page_does(
    world, roster, client_for, page_query, api_query, expected
):
    client = client_for(world.town_a_user)
    shown = api_ids(client, f"/api/v1/members?{api_query}")
    assert shown == page_ids(client, f"/members/?{page_query}")
    assert shown == {roster[key].pk for key, m in roster.items() if m.name in expected}


def test_the_member_api_filters_by_town_within_the_scope(world, roster, client_for):
    admin = client_for(world.admin)
    assert api_ids(admin, f"/api/v1/members?town={world.town_b.pk}") == {roster["other_town"].pk}
    # a town's staff naming another town get nothing of it
    town = client_for(world.town_a_user)
    assert api_ids(town, f"/api/v1/members?town={world.town_b.pk}") == set()


@pytest.mark.parametrize("query", ["joined_year=abc", "joined_year=1850", "is_model_worker=maybe"])
def test_a_bad_member_api_filter_is_a_chinese_422_on_its_field(world, roster, client_for, query):
    response = client_for(world.town_a_user).get(f"/api/v1/members?{query}")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == query.split("=")[0]
    assert "Input should" not in error["message"] and error["message"].endswith("。")


def test_the_transfer_api_filters_as_the_page_does(world, transfers, client_for):
    town_a = client_for(world.town_a_user)
    for query in ("direction=out", "direction=in", "year=2024", "state=requested"):
        assert api_ids(town_a, f"/api/v1/transfers?{query}") == page_ids(
            town_a, f"/members/transfers/?{query}"
        )
    assert api_ids(town_a, "/api/v1/transfers?direction=out") == {transfers["out"].pk}
    assert api_ids(town_a, "/api/v1/transfers?year=2024") == {transfers["in"].pk}
    # decide: those waiting for this user's decision (the home page's to-do)
    assert api_ids(town_a, "/api/v1/transfers?decide=true") == page_ids(
        town_a, "/members/transfers/?decide=on"
    )
    admin = client_for(world.admin)
    url = f"/api/v1/transfers?town={world.town_b.pk}&direction=out"
    assert api_ids(admin, url) == {transfers["in"].pk, transfers["inside_b"].pk}


def test_the_joining_api_filters_as_the_page_does(world, applications, client_for):
    town_a = client_for(world.town_a_user)
    assert api_ids(town_a, "/api/v1/joining?year=2024") == page_ids(
        town_a, "/members/joining/?state=&year=2024"
    )
    assert api_ids(town_a, "/api/v1/joining?state=rejected") == page_ids(
        town_a, "/members/joining/?state=rejected"
    )
    assert api_ids(town_a, "/api/v1/joining?union=乙公司") == set()
    admin = client_for(world.admin)
    assert api_ids(admin, f"/api/v1/joining?town={world.town_b.pk}&state=") == page_ids(
        admin, f"/members/joining/?town={world.town_b.pk}&state="
    )
    assert len(api_ids(admin, f"/api/v1/joining?town={world.town_b.pk}")) == 1
