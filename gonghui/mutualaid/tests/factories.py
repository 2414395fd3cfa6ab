"""Rows of the mutual-aid plan for tests, made directly (the services are tested apart).

Each helper sets `org_path` like the services do; numbers are unique per test run. The
figures are the demo's kind: invented, as domain-rules §10 says every real one is unknown."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from gonghui.members.models import Member
from gonghui.mutualaid.choices import (
    BatchSource,
    BenefitKind,
    ClaimState,
    EnrollmentState,
    EventKind,
    PlanState,
)
from gonghui.mutualaid.models import (
    BenefitItem,
    Claim,
    CriticalDisease,
    Enrollment,
    EnrollmentBatch,
    PlanYear,
)
from gonghui.orgs.models import Organization

_seq = itertools.count(1)


def town_of(org: Organization) -> Organization | None:
    return org.town if org.kind != "town" else org


def make_plan(organizer: Organization, year: int = 2013, **extra) -> PlanYear:
    """An open plan year (calendar `year`) with the three benefit items and two diseases:
    inpatient (own cost − 500) × 60 %, 10,000 a claim, 30,000 a year; accident × 80 %,
    5,000 a year, no waiting period; critical illness 15,000 / 10,000 once per disease."""
    extra.setdefault("state", PlanState.OPEN)
    plan = PlanYear.objects.create(
        year=year,
        name=extra.pop("name", f"{year}年度职工医疗互助保障计划"),
        organizer=organizer,
        starts_on=extra.pop("starts_on", datetime.date(year, 1, 1)),
        ends_on=extra.pop("ends_on", datetime.date(year, 12, 31)),
        contribution=Decimal(extra.pop("contribution", "30.00")),
        org_path=organizer.path,
        is_demo=True,
        **extra,
    )
    BenefitItem.objects.create(
        plan=plan,
        kind=BenefitKind.INPATIENT,
        name="住院医疗互助",
        deductible=Decimal("500.00"),
        ratio=Decimal("0.6"),
        per_claim_cap=Decimal("10000.00"),
        yearly_cap=Decimal("30000.00"),
        order=1,
    )
    critical = BenefitItem.objects.create(
        plan=plan, kind=BenefitKind.CRITICAL, name="重大疾病互助", order=2
    )
    CriticalDisease.objects.create(
        item=critical, code="cancer", name="恶性肿瘤", amount=Decimal("15000.00")
    )
    CriticalDisease.objects.create(
        item=critical, code="uremia", name="尿毒症", amount=Decimal("10000.00")
    )
    BenefitItem.objects.create(
        plan=plan,
        kind=BenefitKind.ACCIDENT,
        name="意外伤害互助",
        ratio=Decimal("0.8"),
        yearly_cap=Decimal("5000.00"),
        waiting_applies=False,
        order=3,
    )
    return plan


def make_batch(plan: PlanYear, union: Organization, **extra) -> EnrollmentBatch:
    extra.setdefault("enrolled_on", plan.starts_on)
    return EnrollmentBatch.objects.create(
        number=f"CB{next(_seq):08d}",
        plan=plan,
        union=union,
        town=town_of(union),
        source=extra.pop("source", BatchSource.SINGLE),
        org_path=union.path,
        **extra,
    )


def make_enrollment(member: Member, plan: PlanYear, **extra) -> Enrollment:
    """An active enrollment counted from the plan's start, its waiting period run out by
    the plan's start unless `extra` says otherwise."""
    union = member.union
    batch = extra.pop("batch", None) or make_batch(plan, union)
    start = extra.pop("effective_on", plan.starts_on)
    return Enrollment.objects.create(
        plan=plan,
        member=member,
        union=union,
        town=town_of(union),
        batch=batch,
        state=extra.pop("state", EnrollmentState.ACTIVE),
        enrolled_on=extra.pop("enrolled_on", start),
        effective_on=start,
        waiting_until=extra.pop("waiting_until", start),
        contribution=plan.contribution,
        org_path=union.path,
        **extra,
    )


def make_claim(enrollment: Enrollment, **extra: Any) -> Claim:
    """A submitted illness claim: 5 days in hospital, 20,000 total, 12,000 by insurance."""
    plan = enrollment.plan
    day = extra.pop("event_on", plan.starts_on + datetime.timedelta(days=120))
    extra.setdefault("admitted_on", day)
    extra.setdefault("discharged_on", day + datetime.timedelta(days=5))
    extra.setdefault("submitted_on", extra["discharged_on"] + datetime.timedelta(days=10))
    total = Decimal(extra.pop("total_cost", "20000.00"))
    insurance = Decimal(extra.pop("insurance_paid", "12000.00"))
    return Claim.objects.create(
        number=f"HZ{next(_seq):08d}",
        plan=plan,
        enrollment=enrollment,
        member=enrollment.member,
        union=enrollment.union,
        town=enrollment.town,
        name=enrollment.member.name,
        event_kind=extra.pop("event_kind", EventKind.ILLNESS),
        event_on=day,
        hospital=extra.pop("hospital", "番禺区中心医院"),
        diagnosis=extra.pop("diagnosis", "肺炎"),
        total_cost=total,
        insurance_paid=insurance,
        own_cost=Decimal(extra.pop("own_cost", total - insurance)),
        state=extra.pop("state", ClaimState.SUBMITTED),
        org_path=enrollment.union.path,
        **extra,
    )
