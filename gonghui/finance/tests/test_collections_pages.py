"""The collection pages and lists (FUND-1), with scope: a town sees its employers'
collections only; the three lists (payers without a union, non-payers, payroll jumps)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.demo.numbers import uscc
from gonghui.finance.choices import CollectionState, FundKind
from gonghui.finance.models import Collection
from gonghui.finance.queries import collections as queries
from gonghui.finance.services import collections as services
from gonghui.finance.tests.factories import make_collection
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = (datetime.date(2013, m, 1) for m in (1, 2, 3))


@pytest.fixture
def rows(world):
    """Town A: employer A paid January and February (payroll jumps in February) and an
    employer without a union paid the preparation fund; town B: employer B paid January."""
    lead_a = EmployerFactory(name="丙未建会有限公司", town=world.town_a, union=None)
    made = {
        "a_jan": make_collection(world.employer_a, JAN, "1000.00"),
        "a_feb": make_collection(world.employer_a, FEB, "2000.00"),
        "lead_jan": make_collection(lead_a, JAN, "300.00"),
        "lead_feb": make_collection(lead_a, FEB, "200.00"),
        "b_jan": make_collection(world.employer_b, JAN, "700.00"),
        "stray": make_collection(
            None,
            JAN,
            "90.00",
            uscc=uscc("91", "440113", 66, lead="EX"),
            org_path=world.district.path,
        ),
    }
    made["lead"] = lead_a
    return made


def test_the_list_shows_a_town_its_employers_only_with_totals(world, rows, client_for):
    # given: the district sees every row
    page = client_for(world.admin).get(reverse("finance:collection_list"))
    assert page.status_code == 200
    assert page.context["totals"]["count"] == 6
    assert page.context["totals"]["amount"] == Decimal("4290.00")
    # when: town A looks
    page = client_for(world.town_a_user).get(reverse("finance:collection_list"))
    # then
    shown = {c.pk for c in page.context["page"]}
    assert shown == {rows[k].pk for k in ("a_jan", "a_feb", "lead_jan", "lead_feb")}
    assert page.context["totals"]["amount"] == Decimal("3500.00")
    assert "乙五金有限公司" not in page.content.decode()
    other = client_for(world.town_a_user).get(
        reverse("finance:collection_detail", args=[rows["b_jan"].pk])
    )
    assert other.status_code == 404


def test_the_lists_filters(world, rows):
    lists = lambda **f: set(queries.collection_list(user=world.admin, filters=f))  # noqa: E731
    assert lists(state="unmatched") == {rows["stray"]}
    assert lists(fund_kind=FundKind.PREPARATION) == {rows["lead_jan"], rows["lead_feb"]}
    assert lists(period_from="2013-02") == {rows["a_feb"], rows["lead_feb"]}
    assert lists(town=world.town_b.pk) == {rows["b_jan"]}
    assert lists(uscc=world.employer_b.uscc) == {rows["b_jan"]}
    assert lists(employer=world.employer_a.pk, period_to="2013-01-01") == {rows["a_jan"]}
    day = rows["a_jan"].collected_on.isoformat()
    assert rows["a_jan"] in lists(collected_from=day, collected_to=day)


def test_a_detail_page_shows_the_chain_and_offers_matching(world, rows, client_for):
    stray = rows["stray"]
    page = client_for(world.admin).get(reverse("finance:collection_detail", args=[stray.pk]))
    assert page.status_code == 200 and page.context["match_form"] is not None
    assert "按本记录登记新单位" in page.content.decode()
    # matching through the page
    answer = client_for(world.admin).post(
        reverse("finance:collection_match", args=[stray.pk]), {"employer": world.employer_b.pk}
    )
    assert answer.status_code == 302
    stray.refresh_from_db()
    assert stray.employer == world.employer_b and stray.state == CollectionState.MATCHED
    # reversing through the page: the chain shows both rows
    answer = client_for(world.admin).post(
        reverse("finance:collection_reverse", args=[stray.pk]), {"reason": "重复代收"}
    )
    reversal = Collection.objects.get(reverses=stray)
    assert answer.url == reverse("finance:collection_detail", args=[reversal.pk])
    page = client_for(world.admin).get(answer.url)
    assert [c.pk for c in page.context["chain"]] == [stray.pk, reversal.pk]


def test_the_employer_of_a_row_is_registered_from_its_page(world, rows, client_for):
    stray = rows["stray"]
    url = reverse("finance:collection_employer_new", args=[stray.pk])
    assert client_for(world.admin).get(url).status_code == 200
    answer = client_for(world.admin).post(
        url,
        {
            "name": "新登记单位",
            "town": world.town_b.pk,
            "ownership": "private",
            "industry": "C",
            "headcount": 5,
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    stray.refresh_from_db()
    assert stray.employer.name == "新登记单位" and stray.org_path == world.town_b.path
    # a town may not match
    assert client_for(world.town_a_user).get(url).status_code in (403, 404)


def test_payers_without_a_union_are_grouped_per_employer(world, rows, client_for):
    page = client_for(world.admin).get(reverse("finance:payers_without_union"))
    assert page.status_code == 200
    (payer,) = page.context["page"]
    assert payer["employer_id"] == rows["lead"].pk
    assert (payer["total"], payer["months"]) == (Decimal("500.00"), 2)
    assert payer["month_list"] == [JAN, FEB]
    # town B has none
    page = client_for(world.town_b_user).get(reverse("finance:payers_without_union"))
    assert list(page.context["page"]) == []


def test_non_payers_default_to_the_last_month_with_data(world, rows, client_for):
    # February: employer A paid, employer B did not
    page = client_for(world.admin).get(reverse("finance:non_payers"))
    assert page.context["period"] == FEB
    assert [e.pk for e in page.context["page"]] == [world.employer_b.pk]
    assert page.context["page"][0].last_paid == JAN
    page = client_for(world.admin).get(reverse("finance:non_payers"), {"period": "2013-01"})
    assert list(page.context["page"]) == []
    # town A sees its own employers only
    page = client_for(world.town_a_user).get(reverse("finance:non_payers"))
    assert list(page.context["page"]) == []


def test_payroll_jumps_of_at_least_the_threshold(world, rows, client_for):
    # employer A: 50,000 in January (the factory's 50 × amount), 100,000 in February: +100 %
    page = client_for(world.admin).get(reverse("finance:payroll_jumps"))
    found = list(page.context["page"])
    assert [(r["id"], r["percent"]) for r in found] == [(rows["a_feb"].pk, Decimal("100.0"))]
    page = client_for(world.admin).get(reverse("finance:payroll_jumps"), {"threshold": 101})
    assert list(page.context["page"]) == []
    page = client_for(world.admin).get(reverse("finance:payroll_jumps"), {"period_from": "2013-02"})
    assert len(page.context["page"]) == 1  # January is still compared with
    page = client_for(world.town_b_user).get(reverse("finance:payroll_jumps"))
    assert list(page.context["page"]) == []


def test_the_unmatched_to_do(world, rows):
    assert queries.unmatched_count(world.admin) == 1
    assert queries.unmatched_count(world.town_a_user) == 0
    services.collection_match(
        actor=world.admin, collection=rows["stray"], employer=world.employer_a
    )
    assert queries.unmatched_count(world.admin) == 0


def test_a_wrong_filter_is_said_not_a_server_error(world, rows, client_for):
    page = client_for(world.admin).get(
        reverse("finance:collection_list"), {"period_from": "2013-13", "collected_to": "x"}
    )
    assert page.status_code == 200
    assert "所属期「2013-13」不是有效的月份" in page.content.decode()
