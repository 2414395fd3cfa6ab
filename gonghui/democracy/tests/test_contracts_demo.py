"""The demo's contracts (DEMO-1): calendar 2013 gives the report's rates through the
indicator catalog at any scale (85%; 100% for state, collective and Fortune 500; women's
special contracts near full), some industry and area contracts and renewals exist, and the
current year carries contracts ending, expired, one waiting for its review and a campaign."""

import datetime
import time

import pytest

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.core.models import WorkflowEvent
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.democracy.choices import ContractScope, ContractState, OfferAnswer, OfferOutcome
from gonghui.democracy.demo.contracts import report_2013
from gonghui.democracy.models import BargainingCampaign, CollectiveContract
from gonghui.democracy.queries.contracts import expired_q, expiring_q
from gonghui.democracy.workflow.contracts import CONTRACT_WORKFLOW
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)


Y2013 = Period.year(2013)


def _figure(code, period=Y2013):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path)


def test_the_small_demo():
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["accounts", "democracy.contracts"])
    print(f"small demo with contracts: {time.perf_counter() - t0:.1f} s")
    _2013_gives_the_reports_figures()
    _industry_area_and_renewals_exist()
    _the_current_year_is_live()
    _each_contract_has_its_dated_history()


def _2013_gives_the_reports_figures():
    expected = report_2013(SCALES["small"])
    got = {code: _figure(code) for code in expected}
    assert {code: round(f.value) for code, f in got.items()} == expected
    wage = got["democracy.wage_bargaining.rate"]
    assert wage.denominator > 100 and wage.numerator == round(0.85 * wage.denominator)
    for group in ("state", "collective", "fortune500"):
        assert got[f"democracy.wage_bargaining.rate.{group}"].denominator > 0


def _each_contract_has_its_dated_history():
    flow = CONTRACT_WORKFLOW
    effective = CollectiveContract.objects.filter(state=ContractState.EFFECTIVE).first()
    steps = [(e.action, e.to_state, e.at.astimezone().date()) for e in flow.events(effective)]
    assert steps == [
        ("created", ContractState.SIGNED, effective.signed_on),
        ("submit", ContractState.SUBMITTED, effective.submitted_on),
        ("take_effect", ContractState.EFFECTIVE, effective.effective_on),
    ]
    waiting = CollectiveContract.objects.get(state=ContractState.SUBMITTED)
    assert [e.action for e in flow.events(waiting).order_by("at")] == ["created", "submit"]
    assert (
        WorkflowEvent.objects.filter(workflow=flow.name)
        .values("object_id")
        .distinct()
        .order_by()
        .count()
        == CollectiveContract.objects.count()
    )


def _industry_area_and_renewals_exist():
    industry = CollectiveContract.objects.get(scope=ContractScope.INDUSTRY, signed_on__year=2013)
    assert "餐饮" in industry.title and industry.coverage.count() >= 1
    assert industry.union.kind == OrgKind.TOWN
    assert CollectiveContract.objects.filter(scope=ContractScope.AREA).count() == 1
    renewals = CollectiveContract.objects.filter(renews__isnull=False, signed_on__year=2013)
    assert renewals.exists()
    years = {
        c.signed_on.year for c in CollectiveContract.objects.filter(signed_on__lte="2013-12-31")
    }
    assert years == {2011, 2012, 2013}


def _the_current_year_is_live():
    assert CollectiveContract.objects.filter(expiring_q(AS_OF)).count() >= 3
    assert CollectiveContract.objects.filter(expired_q(AS_OF)).count() >= 3
    waiting = CollectiveContract.objects.filter(state=ContractState.SUBMITTED)
    assert waiting.count() == 1 and waiting[0].submitted_on <= AS_OF
    campaign = BargainingCampaign.objects.get(year=AS_OF.year)
    answers = set(campaign.offers.values_list("answer", flat=True))
    assert {OfferAnswer.ACCEPTED, OfferAnswer.NO_REPLY} <= answers
    assert campaign.offers.filter(outcome=OfferOutcome.SIGNED, contract__isnull=False).exists()


def test_report_2013_is_the_same_at_every_scale():
    assert report_2013(SCALES["district"]) == report_2013(SCALES["tiny"])
    assert report_2013(SCALES["small"])["democracy.wage_bargaining.rate"] == 85
