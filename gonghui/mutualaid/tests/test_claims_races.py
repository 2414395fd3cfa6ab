"""Two approvals of one member's claims at the same moment (CARE-3): each claim is under the
yearly cap alone but the two together are over it. The approval locks the member's
enrollment row and computes again inside its transaction, so whichever comes second is
reduced to what is left of the cap: the member's total is the cap, never more. Threads
with their own connections; on PostgreSQL (CI runs the suite there with DATABASE_URL) and
on SQLite when its test database is a file the threads can share."""

from decimal import Decimal

import pytest

from gonghui.mutualaid.choices import COMMITTED_CLAIM_STATES, ClaimState
from gonghui.mutualaid.models import BenefitItem, Claim, ClaimBenefit
from gonghui.mutualaid.services import claims as services
from gonghui.mutualaid.tests.claims_helpers import current_plan, enrolled, file_claim
from tests.races import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


def _approve(world, claim):
    return lambda: services.claim_approve(actor=world.admin, claim=claim, version=claim.version)


def test_two_approvals_of_one_member_never_pass_the_yearly_cap(world):
    plan = current_plan(world)
    # one claim alone is 6,000 (no per-claim cap), two would be 12,000 against 10,000 a year
    BenefitItem.objects.filter(plan=plan, kind="inpatient").update(
        per_claim_cap=None, yearly_cap=Decimal("10000.00")
    )
    for round_ in range(ROUNDS):
        enrollment = enrolled(world, plan, name=f"会员{round_}")
        bills = {"total_cost": "10500", "insurance_paid": "0", "own_cost": "10500"}
        a, b = (file_claim(world, enrollment, **bills) for _ in range(2))
        for claim in (a, b):
            assert claim.amount == Decimal("6000.00")
            claim.refresh_from_db()
            services.claim_review(actor=world.town_a_user, claim=claim, version=claim.version)
            claim.refresh_from_db()
        outcomes = race([_approve(world, a), _approve(world, b)], "approved")
        assert outcomes == ["approved", "approved"], outcomes
        committed = Claim.objects.filter(
            enrollment=enrollment, state__in=COMMITTED_CLAIM_STATES
        ).order_by("approved_on", "pk")
        amounts = sorted(c.amount for c in committed)
        assert amounts == [Decimal("4000.00"), Decimal("6000.00")]
        total = sum(
            b.amount
            for b in ClaimBenefit.objects.filter(
                member=enrollment.member, claim__state=ClaimState.APPROVED
            )
        )
        assert total == Decimal("10000.00")
        reduced = committed.get(amount=Decimal("4000.00"))
        assert "超过年度上限 10,000.00（本年已领 6,000.00）" in "".join(reduced.reasons)
