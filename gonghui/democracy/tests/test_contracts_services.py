"""Writes of collective contracts and offers (DEMO-1): entry with its coverage, the rules'
refusals naming the field, the workflow (submit, objection, resubmit, effective at filing +
15, terminate), renewal within 3 months of expiry, the daily job (effective, expiry notice
once, offers overdue), campaigns in one action; scope, permission, version."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.audit import action_label
from gonghui.core.clock import today
from gonghui.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDenied,
    TransitionNotAllowed,
)
from gonghui.core.models import AuditEntry, Notification, WorkflowEvent
from gonghui.core.periodic import periodic_jobs, run_now
from gonghui.democracy.choices import (
    ContractKind,
    ContractScope,
    ContractState,
    OfferAnswer,
    OfferOutcome,
)
from gonghui.democracy.models import BargainingOffer, CollectiveContract
from gonghui.democracy.queries import contracts as queries
from gonghui.democracy.services import contracts as services
from gonghui.democracy.tests.factories_contracts import make_contract
from gonghui.orgs.choices import Industry
from gonghui.orgs.tests.factories import EmployerFactory, make_org

pytestmark = pytest.mark.django_db


def days(n):
    return today() + datetime.timedelta(days=n)


def create(world, actor=None, **extra):
    fields = {
        "kind": ContractKind.WAGE,
        "scope": ContractScope.EMPLOYER,
        "employer": world.employer_a,
        "signed_on": days(-40),
        "term_years": 1,
        "wage_increase_pct": Decimal("8.5"),
        "workers_covered": 120,
        "women_covered": 50,
        "negotiators_worker_side": 5,
        "women_negotiators": 2,
        "vote_total": 30,
        "vote_attended": 25,
        "vote_for": 20,
    } | extra
    return services.contract_create(actor=actor or world.town_a_user, **fields)


def test_an_own_contract_covers_its_employer_and_is_signed_by_its_union(world):
    contract = create(world)
    assert (contract.union, contract.org_path, contract.state) == (
        world.union_a, world.union_a.path, ContractState.SIGNED,
    )  # fmt: skip
    assert list(queries.coverage_of(contract)) == [world.employer_a]
    assert contract.ends_on == days(-40).replace(year=days(-40).year + 1) - datetime.timedelta(1)
    assert "甲电子有限公司" in contract.title
    entry = AuditEntry.objects.get(action="democracy.contract.created")
    assert entry.data["employers"] == 1 and action_label(entry.action) == "登记集体合同"
    assert WorkflowEvent.objects.filter(workflow="democracy.contract", action="created").exists()


def test_an_industry_contract_covers_the_towns_unionized_employers_of_the_industry(world):
    hotels = [
        EmployerFactory(
            town=world.town_a, union=make_org(world.town_a), industry=Industry.HOSPITALITY
        )
        for _ in range(3)
    ]
    EmployerFactory(town=world.town_a, union=None, industry=Industry.HOSPITALITY)  # no union
    EmployerFactory(town=world.town_b, union=make_org(world.town_b), industry=Industry.HOSPITALITY)
    contract = create(
        world, scope=ContractScope.INDUSTRY, employer=None, union=world.town_a,
        industry=Industry.HOSPITALITY,
    )  # fmt: skip
    assert set(queries.coverage_of(contract)) == set(hotels)
    assert contract.union == world.town_a and contract.employer is None
    with pytest.raises(ApplicationError) as caught:
        create(world, scope=ContractScope.INDUSTRY, employer=None, union=world.union_a,
               industry=Industry.HOSPITALITY)  # fmt: skip
    assert caught.value.field == "union"  # a grassroots union signs only its own


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"kind": "bogus"}, "kind"),
        ({"employer": None}, "employer"),
        ({"term_years": None, "ends_on": None}, "ends_on"),
        ({"term_years": None, "ends_on": days(-40) + datetime.timedelta(days=100)}, "ends_on"),
        ({"term_years": None, "ends_on": days(-40) + datetime.timedelta(days=4 * 365)}, "ends_on"),
        ({"signed_on": days(3)}, "signed_on"),
        ({"vote_attended": 19, "vote_for": 16}, "vote_attended"),
        ({"vote_for": 15}, "vote_for"),
        ({"vote_for": None}, "vote_total"),
        ({"wage_increase_pct": None}, "wage_increase_pct"),
        ({"kind": ContractKind.WOMEN, "women_negotiators": 0, "wage_increase_pct": None},
         "women_negotiators"),
        ({"women_covered": 500}, "women_covered"),
        ({"workers_covered": -1}, "workers_covered"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(world, extra, field):
    with pytest.raises(ApplicationError) as caught:
        create(world, **extra)
    assert caught.value.field == field and caught.value.message
    assert not CollectiveContract.objects.exists()


def test_an_employer_without_a_union_cannot_sign(world):
    bare = EmployerFactory(town=world.town_a, union=None)
    with pytest.raises(ApplicationError, match="尚未建立工会"):
        create(world, employer=bare)


def test_scope_and_permission(world):
    with pytest.raises(Http404):
        create(world, employer=world.employer_b)
    for user in (world.auditor, world.lawyer_a):
        with pytest.raises(PermissionDenied):
            create(world, actor=user)
    assert create(world, actor=world.chair_a).union == world.union_a
    with pytest.raises(Http404):
        create(world, actor=world.chair_a, employer=world.employer_b)


def test_the_review_submit_object_resubmit_effective(world):
    contract = create(world)
    submitted = services.contract_submit(
        actor=world.town_a_user, contract=contract, version=contract.version,
        submitted_on=days(-35),
    )  # fmt: skip
    assert submitted.state == ContractState.SUBMITTED
    event = WorkflowEvent.objects.get(workflow="democracy.contract", action="submit")
    assert event.data["late_days"] == 0 and services.filing_warning(submitted) == ""
    with pytest.raises(ApplicationError, match="15日内"):
        services.contract_object(
            actor=world.town_a_user, contract=submitted, version=submitted.version,
            objection_on=days(-1), objection_note="条款不合法",
        )  # fmt: skip
    objected = services.contract_object(
        actor=world.town_a_user, contract=submitted, version=submitted.version,
        objection_on=days(-30), objection_note="工资条款低于最低工资标准",
    )  # fmt: skip
    assert objected.state == ContractState.OBJECTED
    updated = services.contract_update(
        actor=world.town_a_user, contract=objected, version=objected.version,
        **{"kind": ContractKind.WAGE, "employer": world.employer_a, "signed_on": days(-40),
           "term_years": 1, "wage_increase_pct": Decimal("9"), "negotiators_worker_side": 5,
           "women_negotiators": 1, "vote_total": 9, "vote_attended": 9, "vote_for": 9},
    )  # fmt: skip
    again = services.contract_resubmit(
        actor=world.town_a_user, contract=updated, version=updated.version, submitted_on=days(-5)
    )
    with pytest.raises(ApplicationError, match="审查期未满"):
        services.contract_take_effect(
            actor=world.town_a_user, contract=again, version=again.version
        )
    assert again.submitted_on == days(-5)
    CollectiveContract.objects.filter(pk=again.pk).update(submitted_on=days(-16))
    effective = services.contract_take_effect(
        actor=world.town_a_user, contract=again, version=again.version
    )
    assert (effective.state, effective.effective_on) == (ContractState.EFFECTIVE, days(-1))
    assert queries.establishment(user=world.admin, kind="wage", on=today()).numerator == 1
    with pytest.raises(ApplicationError):  # effective: not editable any more
        services.contract_update(actor=world.town_a_user, contract=effective,
                                 version=effective.version, kind="wage")  # fmt: skip


def test_a_late_filing_is_warned_not_refused(world):
    contract = create(world)
    done = services.contract_submit(
        actor=world.town_a_user, contract=contract, version=contract.version,
        submitted_on=days(-30),
    )  # fmt: skip
    assert "3天" in services.filing_warning(done)  # 10 days after signing, 7 allowed


def test_stale_version_and_wrong_state(world):
    contract = create(world)
    with pytest.raises(ConflictError):
        services.contract_submit(actor=world.town_a_user, contract=contract, version=99,
                                 submitted_on=days(-30))  # fmt: skip
    with pytest.raises(TransitionNotAllowed):
        services.contract_resubmit(actor=world.town_a_user, contract=contract,
                                   version=contract.version, submitted_on=days(-30))  # fmt: skip


def test_terminate_ends_coverage_from_its_day(world):
    contract = make_contract(world.employer_a, signed_on=days(-100))
    done = services.contract_terminate(
        actor=world.town_a_user, contract=contract, version=contract.version,
        terminated_on=days(-10), reason="企业关闭",
    )  # fmt: skip
    assert done.state == ContractState.TERMINATED
    assert queries.establishment(user=world.admin, kind="wage", on=days(-11)).numerator == 1
    assert queries.establishment(user=world.admin, kind="wage", on=days(-10)).numerator == 0
    with pytest.raises(ApplicationError) as caught:
        services.contract_terminate(actor=world.town_a_user, contract=done,
                                    version=done.version, terminated_on=days(-1), reason="")  # fmt: skip
    assert caught.value.field == "reason"


def test_renewal_within_three_months_of_expiry(world):
    early = make_contract(world.employer_a, signed_on=days(-100))  # ends in ~265 days
    renew = {"signed_on": today(), "term_years": 1, "wage_increase_pct": Decimal("7"),
             "negotiators_worker_side": 3, "women_negotiators": 1, "vote_total": 9,
             "vote_attended": 8, "vote_for": 7}  # fmt: skip
    with pytest.raises(ApplicationError, match="3个月"):
        services.contract_renew(actor=world.town_a_user, contract=early, **renew)
    old = make_contract(world.employer_b, signed_on=days(-300))  # ends in ~65 days
    with pytest.raises(Http404):
        services.contract_renew(actor=world.town_a_user, contract=old, **renew)
    renewal = services.contract_renew(
        actor=world.town_b_user,
        contract=old,
        **{**renew, "starts_on": old.ends_on + datetime.timedelta(1)},
    )
    assert renewal.renews == old and renewal.kind == old.kind and renewal.union == old.union
    assert not CollectiveContract.objects.filter(queries.expiring_q(today()), pk=old.pk).exists()
    with pytest.raises(ApplicationError, match="已续签"):
        services.contract_renew(actor=world.town_b_user, contract=old, **renew)


def test_the_daily_job_makes_contracts_effective_and_tells_of_expiry_once(world):
    waiting = make_contract(world.employer_a, signed_on=days(-20), state=ContractState.SUBMITTED)
    CollectiveContract.objects.filter(pk=waiting.pk).update(submitted_on=days(-15))
    ending = make_contract(world.employer_b, signed_on=days(-300))
    job = next(j for j in periodic_jobs() if j.name == "democracy.contracts.daily")
    run = run_now(job)
    assert run.status == "succeeded", run.message
    assert run.result["effective"] == 1 and run.result["contracts"] == 1
    waiting.refresh_from_db()
    assert (waiting.state, waiting.effective_on) == (ContractState.EFFECTIVE, today())
    told = Notification.objects.filter(target_id=str(ending.pk))
    assert {n.recipient for n in told} == {world.town_b_user}
    assert "即将到期" in told[0].message
    run_now(job)
    assert Notification.objects.filter(target_id=str(ending.pk)).count() == 1  # not twice


def test_a_campaign_sends_offers_to_employers_without_a_wage_contract(world):
    covered = EmployerFactory(town=world.town_a, union=make_org(world.town_a))
    make_contract(covered, signed_on=days(-100))
    campaign = services.campaign_create(
        actor=world.town_a_user, name="要约行动", organizer=world.town_a, started_on=days(-25)
    )
    offers = list(campaign.offers.all())
    assert [o.employer for o in offers] == [world.employer_a]  # not the covered, not town B's
    assert offers[0].answer_due == days(-5) and offers[0].org_path == world.employer_a.org_path
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=world.chair_a, name="x", organizer=world.union_a,
                                 started_on=today())  # fmt: skip
    with pytest.raises(Http404):
        services.campaign_create(actor=world.town_a_user, name="x", organizer=world.town_b,
                                 started_on=today())  # fmt: skip
    result = services.offers_mark_overdue(actor=world.admin, on=today())
    assert result == {"overdue": 1}
    offer = BargainingOffer.objects.get()
    assert offer.answer == OfferAnswer.NO_REPLY
    counts = queries.campaign_counts(user=world.town_a_user, campaign=campaign)
    assert (counts.offers, counts.no_reply, counts.pending) == (1, 1, 0)


def test_an_offer_answered_and_its_outcome(world):
    campaign = services.campaign_create(
        actor=world.town_a_user, name="要约行动", organizer=world.town_a, started_on=days(-10)
    )
    offer = campaign.offers.get()
    with pytest.raises(ApplicationError) as caught:
        services.offer_answer(actor=world.town_a_user, offer=offer, version=offer.version,
                              answer=OfferAnswer.NO_REPLY)  # fmt: skip
    assert caught.value.field == "answer"  # not overdue yet
    with pytest.raises(ApplicationError) as caught:
        services.offer_answer(actor=world.town_a_user, offer=offer, version=offer.version,
                              answer=OfferAnswer.ACCEPTED, answered_on=days(-20))  # fmt: skip
    assert caught.value.field == "answered_on"
    offer = services.offer_answer(actor=world.town_a_user, offer=offer, version=offer.version,
                                  answer=OfferAnswer.ACCEPTED, answered_on=days(-3))  # fmt: skip
    other = make_contract(world.employer_b)
    with pytest.raises(Http404):
        services.offer_outcome(actor=world.town_a_user, offer=offer, version=offer.version,
                               outcome=OfferOutcome.SIGNED, contract=other)  # fmt: skip
    wrong = make_contract(EmployerFactory(town=world.town_a, union=make_org(world.town_a)))
    with pytest.raises(ApplicationError) as caught:
        services.offer_outcome(actor=world.town_a_user, offer=offer, version=offer.version,
                               outcome=OfferOutcome.SIGNED, contract=wrong)  # fmt: skip
    assert caught.value.field == "contract"
    signed = make_contract(world.employer_a, state=ContractState.SIGNED)
    done = services.offer_outcome(actor=world.town_a_user, offer=offer, version=offer.version,
                                  outcome=OfferOutcome.SIGNED, contract=signed)  # fmt: skip
    assert (done.outcome, done.contract) == (OfferOutcome.SIGNED, signed)
    counts = queries.campaign_counts(user=world.admin, campaign=campaign)
    assert (counts.accepted, counts.signed) == (1, 1)
