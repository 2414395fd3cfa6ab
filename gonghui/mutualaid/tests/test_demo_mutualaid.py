"""The demo's mutual-aid plan (issue #15): 2013 gives the report's "12.3万多人…134名…201万多元"
through the indicator catalog (the enrolled count in proportion to the scale's members, the
serious-illness figures at every scale), every row as the rules would have it, and the
current plan year in progress."""

import datetime
import random
import time
from collections import Counter, defaultdict

import pytest
from django.db.models import Sum

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES, DemoContext
from gonghui.members.choices import MemberStatus
from gonghui.mutualaid import demo
from gonghui.mutualaid.choices import BenefitKind, ClaimState, EnrollmentState, PayoutState
from gonghui.mutualaid.demo import REPORT_2013, enrolled_2013, report_2013
from gonghui.mutualaid.models import (
    Claim,
    ClaimBenefit,
    ContributionPayment,
    Enrollment,
    EnrollmentBatch,
    Payout,
    PlanYear,
)
from gonghui.mutualaid.rules import enrollments as enrollment_rules
from gonghui.mutualaid.services.claims import compute
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)
THIS_YEAR = Period(datetime.date(2026, 1, 1), AS_OF)


def _value(code, period=Y2013):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def test_the_small_demo():
    """One build of `make run`'s scale (the slow part), then each check."""
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, members=True, only=["accounts", "mutualaid"])
    print(f"small demo with members and mutual aid: {time.perf_counter() - t0:.1f} s")
    _2013_gives_the_reports_figures()
    _every_enrollment_keeps_the_rules()
    _every_claim_is_computed_by_its_years_rules()
    _the_current_year_is_in_progress()


def _2013_gives_the_reports_figures():
    small = SCALES["small"].members
    found = {code: _value(code) for code in report_2013(small)}
    assert (
        found
        == report_2013(small)
        == {
            "mutualaid.enrolled.year": 9_259,  # 123,456 × 30,000 / 400,000
            "mutualaid.serious.people": 134,
            "mutualaid.serious.amount": REPORT_2013["mutualaid.serious.amount"],
        }
    )
    assert 2_010_000 <= REPORT_2013["mutualaid.serious.amount"] < 2_020_000  # 201万多元
    assert enrolled_2013(SCALES["district"].members) == 123_456  # 12.3万多人
    # on the roll at the year's end: the same members (the cancelled ones are not)
    assert _value("mutualaid.enrolled") == 9_259
    assert _value("mutualaid.enrollments.renewed") == 0  # the plan's first year here
    # every 2013 claim paid in 2013, ordinary ones beside the serious ones
    plan = PlanYear.objects.get(year=2013)
    claims = Claim.objects.filter(plan=plan)
    assert set(claims.values_list("state", flat=True)) == {ClaimState.PAID, ClaimState.REJECTED}
    assert not claims.filter(state=ClaimState.PAID, paid_on__year__gt=2013).exists()
    assert _value("mutualaid.claims.inpatient") > 134
    assert _value("mutualaid.claims.accident") > 0
    assert (
        _value("mutualaid.claims.amount")
        == claims.filter(state=ClaimState.PAID).aggregate(s=Sum("amount"))["s"]
    )
    # the plan years are labelled demo values
    for p in PlanYear.objects.all():
        assert p.is_demo and "虚构" in p.note, p  # the pages label a demo year


def _every_enrollment_keeps_the_rules():
    plans = {p.pk: p for p in PlanYear.objects.all()}
    batches = {b.pk: b for b in EnrollmentBatch.objects.all()}
    previous = {}
    for plan in plans.values():
        if plan.previous_id:
            previous[plan.pk] = set(
                Enrollment.objects.filter(
                    plan_id=plan.previous_id, state__in=[EnrollmentState.ACTIVE]
                ).values_list("member_id", flat=True)
            )
    per_batch = Counter()
    rows = Enrollment.objects.select_related("member").order_by("pk")
    for e in rows.iterator(chunk_size=5000):
        plan, batch, m = plans[e.plan_id], batches[e.batch_id], e.member
        per_batch[e.batch_id] += 1
        facts = enrollment_rules.PlanFacts.of(plan)
        assert m.status == MemberStatus.ACTIVE and m.joined_on < e.enrolled_on, e.pk
        why = enrollment_rules.refusal(
            facts, status=m.status, birth_date=m.birth_date, sex=m.sex, day=e.enrolled_on,
            enrolled=False,
        )  # fmt: skip
        assert why is None, (e.pk, why)
        assert (e.union_id, e.org_path, e.batch_id) == (m.union_id, batch.org_path, batch.pk)
        assert e.enrolled_on == batch.enrolled_on and e.contribution == plan.contribution
        assert e.is_renewal == (e.member_id in previous.get(plan.pk, ())), e.pk
        if batch.paid_on is None:
            assert (e.state, e.effective_on, e.waiting_until) == (
                EnrollmentState.PENDING,
                None,
                None,
            )
            continue
        assert e.effective_on == batch.paid_on and plan.starts_on <= e.effective_on <= AS_OF
        assert e.waiting_until == enrollment_rules.waiting_until(
            facts, effective=e.effective_on, renewal=e.is_renewal
        )
        if e.state == EnrollmentState.CANCELLED:
            assert e.effective_on < e.cancelled_on <= min(plan.ends_on, AS_OF)
    for b in batches.values():
        paid = b.payments.aggregate(s=Sum("amount"))["s"] or 0
        assert b.enrolled_count == per_batch[b.pk] and b.amount_paid == paid, b.number
        assert b.amount_due == b.enrolled_count * plans[b.plan_id].contribution, b.number
        assert (b.paid_on is not None) == (paid == b.amount_due), b.number
        assert b.refused_count >= len(b.refusals) and all(r["reason"] for r in b.refusals)


def _every_claim_is_computed_by_its_years_rules():
    claims = list(Claim.objects.select_related("plan", "enrollment", "disease"))
    serious = [c for c in claims if c.disease_id]
    rng = random.Random(1)
    for c in serious + rng.sample(claims, min(150, len(claims))):
        result, _items = compute(c)
        stored = {b.kind: (b.amount, b.lines) for b in c.benefits.all()}
        assert stored == {k: (o.amount, o.lines) for k, o in result.items.items()}, c.number
        assert c.amount == result.amount and c.reasons == result.reasons, c.number
    for c in claims:
        e, plan = c.enrollment, c.plan
        assert (c.member_id, c.union_id, c.org_path) == (e.member_id, e.union_id, e.org_path)
        assert plan.starts_on <= c.event_on <= plan.ends_on and c.submitted_on <= AS_OF
        window = (c.discharged_on or c.event_on) + datetime.timedelta(plan.claim_window_days)
        assert c.submitted_on <= window, c.number
        if c.state == ClaimState.PAID:
            assert c.paid_on == c.payout.returned_on and c.payout.state == PayoutState.RETURNED
    # a committed critical-illness lump sum holds its once key; none else does
    for b in ClaimBenefit.objects.select_related("claim__disease"):
        held = b.kind == BenefitKind.CRITICAL and b.amount > 0 and b.claim.state in (
            ClaimState.APPROVED, ClaimState.PAID, ClaimState.PAYMENT_FAILED
        )  # fmt: skip
        assert b.once_key == (f"{b.member_id}:{b.claim.disease.code}" if held else None)
    for p in Payout.objects.all():
        rows = list(p.claims.all())
        assert p.claim_count == len(rows) and p.total == sum(c.amount for c in rows), p.number
        assert p.paid_count == sum(c.state == ClaimState.PAID for c in rows), p.number
        assert p.failed_count == sum(c.state == ClaimState.PAYMENT_FAILED for c in rows)


def _the_current_year_is_in_progress():
    plan = PlanYear.objects.get(year=AS_OF.year)
    assert plan.previous == PlanYear.objects.get(year=2013)
    states = Counter(Claim.objects.filter(plan=plan).values_list("state", flat=True))
    assert set(states) == set(ClaimState), states  # every state, waiting ones among them
    assert states[ClaimState.PAYMENT_FAILED] == 1
    failed = Payout.objects.get(plan=plan, failed_count=1)
    assert failed.state == PayoutState.RETURNED and failed.paid_count >= 1
    batches = EnrollmentBatch.objects.filter(plan=plan)
    assert batches.filter(paid_on__isnull=False).exists()
    assert batches.filter(paid_on__isnull=True).exists()  # contributions still owed
    assert _value("mutualaid.enrollments.renewed", THIS_YEAR) > 0
    assert _value("mutualaid.enrollments.new", THIS_YEAR) > 0
    assert (
        0
        < _value("mutualaid.contributions.paid", THIS_YEAR)
        < _value("mutualaid.contributions.due", THIS_YEAR)
    )
    assert _value("mutualaid.enrolled", THIS_YEAR) == round(9_259 * 0.97)
    # some refused over the age limit this year (the 2013 members were all young enough)
    assert any(b.refusals for b in batches)
    by_town = defaultdict(int)
    for town_id in Enrollment.objects.filter(plan=plan).values_list("town_id", flat=True):
        by_town[town_id] += 1
    assert len(by_town) > 5  # the towns' unions all enroll


def test_without_members_only_the_plan_years(db):
    build_demo(seed=3, scale="tiny", as_of=AS_OF, only=["mutualaid"])
    assert sorted(PlanYear.objects.values_list("year", flat=True)) == [2013, AS_OF.year]
    assert not Enrollment.objects.exists() and not Claim.objects.exists()
    # the items and diseases are there, the current year's rules its own
    p13, now = PlanYear.objects.get(year=2013), PlanYear.objects.get(year=AS_OF.year)
    assert p13.items.count() == now.items.count() == 3
    assert p13.contribution != now.contribution


def test_the_demo_is_deterministic(db):
    build_demo(seed=3, scale="tiny", as_of=AS_OF, members=True, only=["accounts", "mutualaid"])
    first = _snapshot()
    # the part built again over the same district and members gives the same rows
    for model in (ClaimBenefit, Claim, Payout, Enrollment, ContributionPayment,
                  EnrollmentBatch, PlanYear):  # fmt: skip
        model.objects.all().delete()
    demo.build(DemoContext(seed=3, scale=SCALES["tiny"], as_of=AS_OF, members=True))
    assert _snapshot() == first
    # the tiny district gives the serious-illness figures too
    assert {c: _value(c) for c in REPORT_2013} == REPORT_2013
    assert _value("mutualaid.enrolled.year") == enrolled_2013(SCALES["tiny"].members) == 1_235


def _snapshot():
    return (
        list(Enrollment.objects.order_by("plan__year", "member__ric_hash").values_list(
            "plan__year", "member__ric_hash", "state", "effective_on", "is_renewal"
        )),
        list(Claim.objects.order_by("number").values_list("number", "state", "amount")),
    )  # fmt: skip
