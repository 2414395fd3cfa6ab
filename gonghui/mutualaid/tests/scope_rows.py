"""Mutual-aid rows of town B for the scope walk (tests/scope_walk.py): one of each scoped
model, marked, with the ids the walk puts in every URL. The plan year is town B's own (one
organized at or above town A's union would be town A's to see)."""

import datetime
from decimal import Decimal

from gonghui.core.crypto import blind_index
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import (
    BatchSource,
    BenefitKind,
    ClaimState,
    DocumentKind,
    EnrollmentState,
    EventKind,
    PayoutState,
    PlanState,
)
from gonghui.mutualaid.models import (
    BenefitItem,
    Claim,
    ClaimBenefit,
    ClaimDocument,
    ContributionPayment,
    CriticalDisease,
    Enrollment,
    EnrollmentBatch,
    Payout,
    PlanYear,
)

ACCOUNT = "6222020200112233445"


def foreign_mutualaid_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    town, union = world.town_b, world.union_b
    day = datetime.date(2026, 3, 2)
    plan = PlanYear.objects.create(
        id=next_pk(PlanYear),
        year=2031,
        name=f"{MARKER}互助计划",
        organizer=town,
        starts_on=datetime.date(2031, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
        contribution=Decimal("30.00"),
        state=PlanState.OPEN,
        is_demo=True,
        org_path=town.path,
    )
    item = BenefitItem.objects.create(plan=plan, kind=BenefitKind.CRITICAL, name=f"{MARKER}重疾")
    disease = CriticalDisease.objects.create(
        item=item, code="marker", name=f"{MARKER}病种", amount=Decimal("10000.00")
    )
    member = make_member(union, name=f"{MARKER}参保人", pk=next_pk(Member))
    batch = EnrollmentBatch.objects.create(
        id=next_pk(EnrollmentBatch),
        number=f"CB{next_pk()}",
        plan=plan,
        union=union,
        town=town,
        source=BatchSource.SINGLE,
        enrolled_on=day,
        enrolled_count=1,
        amount_due=Decimal("30.00"),
        amount_paid=Decimal("30.00"),
        paid_on=day,
        refusals=[{"member": member.pk, "name": f"{MARKER}未参保", "reason": MARKER}],
        org_path=union.path,
    )
    payment = ContributionPayment.objects.create(
        id=next_pk(ContributionPayment),
        batch=batch,
        amount=Decimal("30.00"),
        paid_on=day,
        reference=MARKER,
        org_path=union.path,
    )
    enrollment = Enrollment.objects.create(
        id=next_pk(Enrollment),
        plan=plan,
        member=member,
        union=union,
        town=town,
        batch=batch,
        state=EnrollmentState.ACTIVE,
        enrolled_on=day,
        effective_on=day,
        waiting_until=day,
        contribution=Decimal("30.00"),
        org_path=union.path,
    )
    payout = Payout.objects.create(
        id=next_pk(Payout),
        number=f"FL{next_pk()}",
        plan=plan,
        town=town,
        state=PayoutState.ISSUED,
        claim_count=1,
        total=Decimal("10000.00"),
        issued_on=day,
        org_path=town.path,
    )
    claim = Claim.objects.create(
        id=next_pk(Claim),
        number=f"HZ{next_pk()}",
        plan=plan,
        enrollment=enrollment,
        member=member,
        union=union,
        town=town,
        name=f"{MARKER}参保人",
        event_kind=EventKind.ILLNESS,
        event_on=day,
        hospital=f"{MARKER}医院",
        diagnosis=MARKER,
        disease=disease,
        total_cost=Decimal("20000.00"),
        insurance_paid=Decimal("12000.00"),
        own_cost=Decimal("8000.00"),
        bank_name=f"{MARKER}银行",
        state=ClaimState.APPROVED,
        submitted_on=day,
        amount=Decimal("10000.00"),
        payout=payout,
        org_path=union.path,
        account=ACCOUNT,
        account_hash=blind_index(ACCOUNT, purpose="account"),
        account_last4=ACCOUNT[-4:],
    )
    benefit = ClaimBenefit.objects.create(
        id=next_pk(ClaimBenefit),
        claim=claim,
        item=item,
        member=member,
        kind=BenefitKind.CRITICAL,
        amount=Decimal("10000.00"),
        lines=[f"「{MARKER}病种」一次性资助 10,000.00", "核定 10,000.00"],
        once_key=f"{member.pk}:marker",
        org_path=union.path,
    )
    document = ClaimDocument.objects.create(
        id=next_pk(ClaimDocument),
        claim=claim,
        kind=DocumentKind.DISCHARGE,
        original_name=f"{MARKER}.pdf",
        stored_name=f"foreign{next_pk()}",
        content_type="application/pdf",
        size=10,
        org_path=union.path,
    )
    return [plan, member, batch, payment, enrollment, payout, claim, benefit, document]
