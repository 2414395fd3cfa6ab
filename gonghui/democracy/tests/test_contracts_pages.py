"""Contract pages (DEMO-1): the list in scope with its filters and export, the form (entry
to the rate it moves), a contract's page with its workflow buttons, coverage and renewal,
the expiring page per town, the rate page with its lists, campaigns and offers; the panel
on the employer's and the union's page; the to-do."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.registry import todos_for
from gonghui.democracy.choices import ContractState, OfferAnswer
from gonghui.democracy.models import BargainingCampaign, CollectiveContract
from gonghui.democracy.tests.factories_contracts import make_contract

pytestmark = pytest.mark.django_db
LIST = "/democracy/contracts/"
RATES = "/democracy/contracts/rates/"


def days(n):
    return today() + datetime.timedelta(days=n)


def titles(response) -> list[str]:
    return [c.title for c in response.context["page"]]


def test_the_list_in_scope_and_its_filters(world, client_for):
    make_contract(world.employer_a, signed_on=datetime.date(2013, 3, 1), title="甲工资")
    make_contract(world.employer_b, signed_on=days(-300), kind="women", title="乙女职工")
    admin = client_for(world.admin)
    assert titles(admin.get(LIST)) == ["乙女职工", "甲工资"]
    assert titles(admin.get(f"{LIST}?kind=wage")) == ["甲工资"]
    assert titles(admin.get(f"{LIST}?year=2013")) == ["甲工资"]
    assert titles(admin.get(f"{LIST}?ending=yes")) == ["乙女职工"]
    assert titles(admin.get(f"{LIST}?expired=yes")) == ["甲工资"]
    assert titles(admin.get(f"{LIST}?town={world.town_b.pk}")) == ["乙女职工"]
    assert titles(client_for(world.town_a_user).get(LIST)) == ["甲工资"]
    bad = client_for(world.admin).get(f"{LIST}?year=abc")
    assert "签订年份须为四位数字年份" in bad.content.decode() and len(titles(bad)) == 2
    assert client_for(world.lawyer_a).get(LIST).status_code == 403


def test_entry_from_the_form_moves_the_rate(world, client_for):
    client = client_for(world.town_a_user)
    before = client.get(f"{RATES}?kind=wage&list=uncovered")
    assert before.context["rate"].numerator == 0
    assert world.employer_a in list(before.context["page"])
    form = client.get(f"{LIST}new/").content.decode()
    assert 'data-picker="/suggest/employers/"' in form
    data = {"kind": "wage", "scope": "employer", "employer": world.employer_a.pk,
            "signed_on": days(-40).isoformat(), "term_years": "1", "wage_increase_pct": "8",
            "workers_covered": "100", "women_covered": "40", "negotiators_worker_side": "5",
            "women_negotiators": "1", "vote_total": "30", "vote_attended": "25",
            "vote_for": "20"}  # fmt: skip
    response = client.post(f"{LIST}new/", {**data, "vote_attended": "15", "vote_for": "15"})
    assert "三分之二" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "employer": world.employer_b.pk})
    assert "所选单位不存在或不在您的管理范围内" in response.content.decode()
    response = client.post(f"{LIST}new/", {**data, "signed_on": "昨天"})
    assert "签订日期应为日期" in response.content.decode()
    assert not CollectiveContract.objects.exists()
    response = client.post(f"{LIST}new/", data)
    contract = CollectiveContract.objects.get()
    assert response.url == f"{LIST}{contract.pk}/"
    page = client.get(response.url).content.decode()
    assert 'id="action-submit"' in page and 'id="action-terminate"' in page
    client.post(
        f"{LIST}{contract.pk}/submit/", {"version": 1, "submitted_on": days(-38).isoformat()}
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.SUBMITTED
    page = client.get(f"{LIST}{contract.pk}/").content.decode()
    assert 'id="take_effect"' in page  # 38 days: the review is over
    client.post(f"{LIST}{contract.pk}/take_effect/", {"version": contract.version})
    contract.refresh_from_db()
    assert contract.state == ContractState.EFFECTIVE
    after = client.get(f"{RATES}?kind=wage&list=uncovered")
    assert after.context["rate"].numerator == 1 and after.context["rate"].value == 100
    assert world.employer_a not in list(after.context["page"])
    covered = client.get(f"{RATES}?kind=wage&list=covered")
    assert list(covered.context["page"]) == [world.employer_a]


def test_the_contract_page_renewal_and_panels(world, client_for):
    old = make_contract(world.employer_a, signed_on=days(-300), title="甲旧合同")
    client = client_for(world.town_a_user)
    page = client.get(f"{LIST}{old.pk}/").content.decode()
    assert 'id="contract-renew"' in page and "甲电子有限公司" in page
    response = client.post(
        f"{LIST}{old.pk}/renew/",
        {"signed_on": days(0).isoformat(), "starts_on": (old.ends_on + datetime.timedelta(1)).isoformat(),
         "term_years": "1", "wage_increase_pct": "6", "negotiators_worker_side": "3",
         "women_negotiators": "1", "vote_total": "9", "vote_attended": "9", "vote_for": "9"},
    )  # fmt: skip
    renewal = CollectiveContract.objects.get(renews=old)
    assert response.url == f"{LIST}{renewal.pk}/"
    assert 'id="renewal-link"' in client.get(f"{LIST}{old.pk}/").content.decode()
    employer_page = client.get(f"/employers/{world.employer_a.pk}/").content.decode()
    assert "甲旧合同" in employer_page and "contracts-panel" in employer_page
    union_page = client.get(f"/orgs/{world.union_a.pk}/").content.decode()
    assert "甲旧合同" in union_page
    assert client.get(f"{LIST}{make_contract(world.employer_b).pk}/").status_code == 404


def test_expiring_page_and_the_todo(world, client_for):
    make_contract(world.employer_a, signed_on=days(-300), title="甲将到期")
    make_contract(world.employer_b, signed_on=days(-400), title="乙已过期")
    page = client_for(world.admin).get("/democracy/contracts/expiring/")
    towns = {t["town"]: (t["ending"], t["expired"]) for t in page.context["towns"]}
    assert towns == {"市桥街道总工会": (1, 0), "南村镇总工会": (0, 1)}
    todo = {t.name: n for t, n, _ in todos_for(world.town_a_user)}
    assert todo["democracy.contracts_ending"] == 1
    assert "democracy.contracts_ending" not in {t.name for t, _, _ in todos_for(world.town_b_user)}


def test_the_rate_page_filters_and_bad_input(world, client_for):
    make_contract(world.employer_a, signed_on=datetime.date(2013, 3, 1))
    admin = client_for(world.admin)
    page = admin.get(f"{RATES}?on=2013-12-31&kind=wage")
    assert (page.context["rate"].numerator, page.context["rate"].denominator) == (1, 2)
    page = admin.get(f"{RATES}?on=2013-12-31&town={world.town_b.pk}&list=all")
    assert list(page.context["page"]) == [world.employer_b]
    bad = admin.get(f"{RATES}?on=去年&kind=galaxy")
    assert bad.status_code == 200 and "统计日期应为日期" in bad.content.decode()
    assert client_for(world.chair_a).get(RATES).status_code == 403


def test_a_campaign_from_the_page_and_its_offers(world, client_for):
    client = client_for(world.town_a_user)
    response = client.post(
        "/democracy/campaigns/new/",
        {"name": "2026年要约行动", "organizer": world.town_a.pk, "kind": "wage",
         "started_on": days(-25).isoformat()},
    )  # fmt: skip
    campaign = BargainingCampaign.objects.get()
    assert response.url == f"/democracy/campaigns/{campaign.pk}/"
    offer = campaign.offers.get()
    page = client.get(response.url)
    assert page.context["counts"].offers == 1
    assert f'id="offer-answer-{offer.pk}"' in page.content.decode()
    client.post(f"/democracy/offers/{offer.pk}/answer/",
                {"version": offer.version, "answer": "accepted", "answered_on": days(-10).isoformat()})  # fmt: skip
    offer.refresh_from_db()
    assert offer.answer == OfferAnswer.ACCEPTED
    page = client.get(f"{response.url}?answer=accepted")
    assert [o.pk for o in page.context["page"]] == [offer.pk]
    assert client_for(world.town_b_user).get(response.url).status_code == 404
    bad = client_for(world.town_a_user).post(
        "/democracy/campaigns/new/", {"name": "", "organizer": world.town_b.pk, "started_on": "x"}
    )
    assert "所选组织不存在或不在您的管理范围内" in bad.content.decode()
