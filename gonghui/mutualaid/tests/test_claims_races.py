"""Two approvals of one member's claims at the same moment (CARE-3): each claim is under the
yearly cap alone but the two together are over it. The approval locks the member's
enrollment row and computes again inside its transaction, so whichever comes second is
reduced to what is left of the cap: the member's total is the cap, never more. Threads
with their own connections; on PostgreSQL (CI runs the suite there with DATABASE_URL) and
on SQLite when its test database is a file the threads can share."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gonghui.core.errors import ApplicationError
from gonghui.mutualaid.choices import COMMITTED_CLAIM_STATES, ClaimState
from gonghui.mutualaid.models import BenefitItem, Claim, ClaimBenefit
from gonghui.mutualaid.services import claims as services
from gonghui.mutualaid.tests.claims_helpers import current_plan, enrolled, file_claim


def _shared_database() -> bool:
    if connection.vendor == "postgresql":
        return True
    # The test database in memory is shared between threads with table locks, which fail
    # at once ("database table is locked") instead of waiting: only a file will do.
    name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "")
    return bool(name) and ":memory:" not in name and "mode=memory" not in name


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _shared_database(), reason="threads need one shared database"),
]

ROUNDS = 5


def _race(calls) -> list[str]:
    """Run the calls at the same moment, each on its own connection; what each gave."""
    start, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("approved")
        except ApplicationError as exc:
            outcomes.append(exc.message)
        except Exception as exc:  # a server error on the page
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


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
        outcomes = _race([_approve(world, a), _approve(world, b)])
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
