"""The one list mechanism (issue #10): a capped total, paging past the cap, the API's fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.lists import CappedPaginator, page_rows
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_members(world):
    return [make_member(world.union_a, name=f"成员{n:02d}") for n in range(12)]


def test_member_list_page_says_capped_total_and_pages_past_the_cap(
    world, client, settings, twelve_members
):
    settings.LIST_COUNT_CAP = 5
    client.force_login(world.town_a_user)
    first = client.get("/members/")
    assert first.status_code == 200
    assert "5+" in first.content.decode() and first.context["page"].paginator.capped
    assert [m.name for m in first.context["page"]] == [f"成员{n:02d}" for n in range(12)]
    # 50 a page: with per_page 5 through the paginator itself, page 3 lies past the cap
    paginator = CappedPaginator(Member.objects.order_by("name", "id"), 5, cap=5)
    page = paginator.page(3)
    assert [m.name for m in page] == ["成员10", "成员11"] and not page.has_next()
    assert paginator.page(2).has_next() and paginator.total_label == "5+"


def test_the_pager_links_to_the_exact_total_and_the_list_counts_it_when_asked(
    world, client, settings, twelve_members
):
    """Past the cap the pager offers the exact total; `?count=exact` counts all rows (an
    indicator's drill-down list says as many rows as its figure), and paging keeps it."""
    settings.LIST_COUNT_CAP = 5
    client.force_login(world.town_a_user)
    capped = client.get("/members/?status=active").content.decode()
    assert 'href="?status=active&count=exact" rel="nofollow">统计准确总数' in capped
    exact = client.get("/members/?status=active&count=exact")
    paginator = exact.context["page"].paginator
    assert not paginator.capped and paginator.total_label == "12"
    assert "共 12 条" in exact.content.decode() and "统计准确总数" not in exact.content.decode()


def test_total_is_exact_up_to_the_cap(world, settings, twelve_members):
    paginator = CappedPaginator(Member.objects.order_by("name", "id"), 5, cap=20)
    assert paginator.total_label == "12" and not paginator.capped and paginator.num_pages == 3


def test_api_count_count_capped_and_next(world, client_for, settings, twelve_members):
    settings.LIST_COUNT_CAP = 5
    client = client_for(world.town_a_user)
    body = client.get("/api/v1/members?page_size=5").json()
    assert (body["count"], body["count_capped"], body["next"]) == (5, True, 2)
    assert len(body["items"]) == 5
    last = client.get("/api/v1/members?page_size=5&page=3").json()
    assert [m["name"] for m in last["items"]] == ["成员10", "成员11"]
    assert last["next"] is None and last["count_capped"] is True
    settings.LIST_COUNT_CAP = 100
    exact = client.get("/api/v1/members?page_size=5").json()
    assert (exact["count"], exact["count_capped"]) == (12, False)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/orgs",
        "/api/v1/employers",
        "/api/v1/transfers",
        "/api/v1/joining",
        "/api/v1/rights/cases",
        "/api/v1/rights/events",
        "/api/v1/audit",
        "/api/v1/imports",
    ],
)
def test_every_list_api_pages_through_core_lists(world, client_for, url):
    body = client_for(world.admin).get(url).json()
    assert {"items", "count", "count_capped", "next"} <= set(body), (url, body)


def test_page_rows_reads_keys_then_rows_in_the_lists_order(world):
    employers = [EmployerFactory(name=f"丁{n}公司", town=world.town_a) for n in range(4)]
    qs = (
        type(employers[0])
        .objects.filter(name__startswith="丁")
        .select_related("town", "union")
        .order_by("-name", "id")
    )
    with CaptureQueriesContext(connection) as queries:
        rows = page_rows(qs, 1, 2)
        assert [r.town.name for r in rows] == [world.town_a.name] * 2  # joined, no query more
    assert [r.name for r in rows] == ["丁2公司", "丁1公司"]
    assert len(queries) == 2  # the keys, then the rows
    # values() rows have no model keys: sliced as they are
    assert page_rows(qs.values("name"), 0, 1) == [{"name": "丁3公司"}]


def test_the_last_page_knows_its_total_without_counting(world, twelve_members):
    paginator = CappedPaginator(Member.objects.order_by("name", "id"), 50, cap=5)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
        assert paginator.total_label == "5+" and not page.has_next() and len(page) == 12
    assert len(queries) == 2  # the keys and the rows: no COUNT
    with CaptureQueriesContext(connection) as queries:
        paginator = CappedPaginator(Member.objects.order_by("name", "id"), 5, cap=100)
        assert paginator.page(1).has_next() and paginator.total_label == "12"
    assert any("COUNT" in q["sql"] for q in queries)
