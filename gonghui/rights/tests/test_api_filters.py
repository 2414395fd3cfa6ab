"""The case and event list APIs filter as their pages do (issue #10): the tracking code,
the year received, station and lawyer, the event's year; within the scope."""

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
    ("query", "expected"),
    [
        ("year=2024", {"injury"}),
        ("code=ABCD2345EF", {"wages"}),
        ("code=abcd-2345ef", {"wages"}),
        ("code=ABCD2345EF&kind=complaint", {"wages"}),  # a code finds its case whatever
        ("code=ZZZZ2345ZZ", set()),  # another town's code finds nothing
        ("kind=complaint&subject=injury", {"injury"}),
        ("state=in_progress", {"assigned"}),
    ],
)
def test_the_case_api_filters_as_the_queue_does(rw, cases, client_for, query, expected):
    client = client_for(rw.world.town_a_user)
    shown = api_ids(client, f"/api/v1/rights/cases?{query}")
    assert shown == page_ids(client, f"/rights/cases/?{query}")
    assert shown == {cases[key].pk for key in expected}


def test_the_case_api_filters_by_station_lawyer_and_town(rw, cases, client_for):
    staff = client_for(rw.world.town_a_user)
    assigned = {cases["assigned"].pk}
    assert api_ids(staff, f"/api/v1/rights/cases?lawyer={rw.lawyer_a.pk}") == assigned
    assert api_ids(staff, f"/api/v1/rights/cases?station={rw.station_a.pk}") == assigned
    assert api_ids(staff, f"/api/v1/rights/cases?station={rw.station_b.pk}") == set()
    admin = client_for(rw.world.admin)
    town_b = f"/api/v1/rights/cases?town={rw.world.town_b.pk}"
    assert api_ids(admin, town_b) == {cases["other_town"].pk}


def test_a_bad_case_api_year_is_a_chinese_422_on_its_field(rw, cases, client_for):
    response = client_for(rw.world.town_a_user).get("/api/v1/rights/cases?year=abc")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["year"]


def test_the_event_api_filters_by_year_kind_and_town(rw, events, client_for):
    town = client_for(rw.world.town_a_user)
    for query in ("year=2024", "kind=publicity", ""):
        assert api_ids(town, f"/api/v1/rights/events?{query}") == page_ids(
            town, f"/rights/events/?{query}"
        )
    assert len(api_ids(town, "/api/v1/rights/events?year=2024")) == 1
    admin = client_for(rw.world.admin)
    url = f"/api/v1/rights/events?town={rw.world.town_b.pk}"
    assert api_ids(admin, url) == page_ids(admin, f"/rights/events/?town={rw.world.town_b.pk}")
    assert len(api_ids(admin, url)) == 1
