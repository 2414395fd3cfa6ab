"""The mutual-aid part of the demo district (CARE-3): the plan years 2013 (closed) and the
current one (in progress), the unions' enrollments and contributions, claims computed by
the year's rules (`rules.benefits.claim_benefits`) and paid through payout lists.

Every figure of the plans is a demo value (domain-rules §10: none is verified): the years
are marked `is_demo` and their names and notes say so.

2013 gives the report's "2013年参加医疗互助保障计划的在册职工达12.3万多人，共为134名患重病职工
资助医疗救助金201万多元" (`REPORT_2013`, docs/demo.md): the enrolled count is the district's
123,456 in proportion to the scale's members (`enrolled_2013`: 9,259 at small scale, 1,235
at tiny), the 134 serious-illness claimants and their 2,013,468.20 元 are the same at every
scale (the district's 2013 claims, like the assistance programs, do not follow the
demo's size). Members are needed: without `--members` only the plan years are made.

The rules hold for every row: a union enrolls its active members (today's and on the roll
on the enrollment day) under the age limit on that day, the over-age ones refused with the
reason (`rules.enrollments.refusal`); an enrollment counts from its batch's payment, its
waiting period that of `rules.enrollments.waiting_until` (none for a renewal: enrolled in
2013, the current plan's `previous`); a claim's event lies in its plan's period, after the
waiting period for illness, it is filed in the claim window, and its benefits are what the
rules compute. Rows are bulk-inserted with explicit keys, each checked by core.storable.
"""

import datetime
import math
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Max

from gonghui.core.crypto import blind_index
from gonghui.core.importing.bulk import bulk_insert
from gonghui.core.money import money
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.core.storable import check_storable
from gonghui.demo.context import DemoContext
from gonghui.demo.sequences import reset_sequences
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .choices import (
    COMMITTED_CLAIM_STATES,
    BatchSource,
    BenefitKind,
    ClaimState,
    CountedWhen,
    EnrollmentState,
    EventKind,
    PayoutState,
    PlanState,
)
from .models import (
    BenefitItem,
    Claim,
    ClaimBenefit,
    ContributionPayment,
    CriticalDisease,
    Enrollment,
    EnrollmentBatch,
    Payout,
    PlanYear,
)
from .rules import benefits as benefit_rules
from .rules import claims as claim_rules
from .rules import enrollments as enrollment_rules
from .services.enrollments import batch_number
from .services.payouts import payout_number

D = Decimal
CLOSED_YEAR = 2013
DISTRICT_MEMBERS = 400_000  # the district scale's members (demo.context.SCALES)
ENROLLED_2013 = 123_456  # "在册职工达12.3万多人", at district scale
SERIOUS_2013 = 134  # "共为134名患重病职工"
SERIOUS_AMOUNT_2013 = D("2013468.20")  # "资助医疗救助金201万多元"
# The report's figures that do not depend on the demo's size, by indicator (docs/demo.md);
# `report_2013(scale)` adds the enrolled count, which does.
REPORT_2013: dict[str, Any] = {
    "mutualaid.serious.people": SERIOUS_2013,
    "mutualaid.serious.amount": SERIOUS_AMOUNT_2013,
}
# The share of the year's enrolled with an ordinary claim (a whole year's).
INPATIENT_RATE, ACCIDENT_RATE = 0.025, 0.004
CURRENT_SHARE = 0.97  # this year's enrollment against 2013's
DEMO_NOTE = "演示数据：缴费标准、年龄上限、观察期和各项互助标准均为虚构，并非真实计划的标准。"

# (code, name, 2013's lump sum, weight): demo values.
DISEASES = [
    ("cancer", "恶性肿瘤", D("10000.00"), 40),
    ("heart_attack", "急性心肌梗塞", D("8000.00"), 12),
    ("stroke", "脑中风后遗症", D("8000.00"), 12),
    ("transplant", "重大器官移植术或造血干细胞移植术", D("15000.00"), 4),
    ("bypass", "冠状动脉搭桥术", D("8000.00"), 6),
    ("uremia", "终末期肾病（尿毒症）", D("10000.00"), 10),
    ("burns", "严重烧伤", D("8000.00"), 3),
    ("aplastic_anemia", "再生障碍性贫血", D("8000.00"), 3),
]
HOSPITALS = [
    "番禺区中心医院",
    "番禺区何贤纪念医院",
    "广州市番禺区第二人民医院",
    "番禺区中医院",
    "中山大学附属第一医院",
    "广东省人民医院",
    "南方医科大学南方医院",
]
DIAGNOSES = ["肺炎", "急性阑尾炎", "胆囊结石", "腰椎间盘突出症", "冠心病", "2型糖尿病", "脑梗死",
             "慢性阻塞性肺疾病", "子宫肌瘤", "肾结石", "高血压病", "甲状腺结节"]  # fmt: skip
INJURIES = ["上下班途中交通事故致骨折", "摔伤致桡骨骨折", "烫伤", "扭伤致踝关节骨折", "割伤"]
BANKS = ["中国工商银行广州番禺支行", "中国农业银行广州番禺支行", "广州农村商业银行番禺支行"]
FAILURE = "账号与户名不符，银行退回"


def scaled(n: int, scale_members: int) -> int:
    return round(n * scale_members / DISTRICT_MEMBERS)


def enrolled_2013(scale_members: int) -> int:
    """2013's active enrollments at a scale: the district's in proportion to its members."""
    return scaled(ENROLLED_2013, scale_members)


def report_2013(scale_members: int) -> dict[str, Any]:
    return {"mutualaid.enrolled.year": enrolled_2013(scale_members), **REPORT_2013}


def _plan_figures(year: int) -> dict[str, Any]:
    """A plan year's figures (demo values): 2013's, and the current year's a little higher
    (a year's rules are its own: changing them never touches another year's claims)."""
    later = year > CLOSED_YEAR
    return {
        "contribution": D("40.00") if later else D("30.00"),
        "items": [
            (
                BenefitKind.INPATIENT,
                "住院医疗互助",
                {
                    "deductible": D("500.00") if later else D("800.00"),
                    "ratio": D("0.6") if later else D("0.5"),
                    "per_claim_cap": D("10000.00") if later else D("8000.00"),
                    "yearly_cap": D("30000.00") if later else D("20000.00"),
                },
            ),
            (BenefitKind.CRITICAL, "重大疾病互助", {}),
            (
                BenefitKind.ACCIDENT,
                "意外伤害互助",
                {
                    "ratio": D("0.7"),
                    "yearly_cap": D("5000.00"),
                    "waiting_applies": False,
                },
            ),
        ],  # fmt: skip
        "bump": D("2000.00") if later else D("0.00"),  # on each disease's lump sum
    }


class Person:
    """A member as the enrollment needs them (read once, as plain values)."""

    __slots__ = ("pk", "union_id", "birth_date", "sex", "joined_on", "name")

    def __init__(self, pk, union_id, birth_date, sex, joined_on, name):
        self.pk, self.union_id, self.birth_date = pk, union_id, birth_date
        self.sex, self.joined_on, self.name = sex, joined_on, name


class Entry:
    """An enrollment before it is inserted (many: plain values, `bulk_insert`ed)."""

    __slots__ = ("plan", "member_id", "union", "town", "batch_id", "state", "is_renewal",
                 "enrolled_on", "effective_on", "waiting_until", "cancelled_on", "person")  # fmt: skip

    def __init__(self, **values):
        self.effective_on = self.waiting_until = self.cancelled_on = None
        for name, value in values.items():
            setattr(self, name, value)

    def values(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan.pk, "member_id": self.member_id, "union_id": self.union.pk,
            "town_id": self.town.pk if self.town else None, "batch_id": self.batch_id,
            "state": self.state, "is_renewal": self.is_renewal, "enrolled_on": self.enrolled_on,
            "effective_on": self.effective_on, "waiting_until": self.waiting_until,
            "cancelled_on": self.cancelled_on, "contribution": self.plan.contribution,
            "org_path": self.union.path,
        }  # fmt: skip


class MutualAidBuilder:
    def __init__(self, *, seed: int, as_of: datetime.date, scale_members: int):
        self.rng = random.Random(seed * 17 + 15)
        self.as_of = as_of
        self.year = as_of.year
        self.scale_members = scale_members
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.towns = {t.pk: t for t in Organization.objects.filter(kind=OrgKind.TOWN)}
        unions = Organization.objects.filter(
            kind=OrgKind.GRASSROOTS, is_active=True, town__isnull=False
        ).only("id", "name", "path", "town_id")
        self.unions = {u.pk: u for u in unions.order_by("pk")}
        self.keys = {
            m: (m.objects.aggregate(k=Max("pk"))["k"] or 0)
            for m in (
                PlanYear,
                BenefitItem,
                CriticalDisease,
                EnrollmentBatch,
                ContributionPayment,
                Enrollment,
                Payout,
                Claim,
                ClaimBenefit,
            )  # fmt: skip
        }
        self.rows: dict[type, list] = defaultdict(list)
        self.batches_in: dict[int, int] = defaultdict(int)  # plan year -> batches numbered
        self.entries: list[Entry] = []
        self.members_of: dict[int, list[Person]] = defaultdict(list)
        found = Member.objects.filter(status=MemberStatus.ACTIVE, union_id__in=list(self.unions))
        for row in found.order_by("pk").values_list(
            "pk", "union_id", "birth_date", "sex", "joined_on", "name"
        ):
            self.members_of[row[1]].append(Person(*row))
        self.enrolled_2013: set[int] = set()  # members active in 2013 (renewals now)

    # -- helpers ---------------------------------------------------------------------------
    def _add(self, obj):
        model = type(obj)
        self.keys[model] += 1
        obj.pk = self.keys[model]
        self.rows[model].append(obj)
        return obj

    def _between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _account(self) -> dict[str, str]:
        acct = "6222" + "".join(str(self.rng.randint(0, 9)) for _ in range(15))
        return {
            "account": acct,
            "account_hash": blind_index(acct, purpose="account"),
            "account_last4": acct[-4:],
        }

    # -- plan years ------------------------------------------------------------------------
    def plan(self, year: int, *, state: str, previous: PlanYear | None = None) -> PlanYear:
        figures = _plan_figures(year)
        plan = self._add(
            PlanYear(
                year=year,
                name=f"{year}年度职工医疗互助保障计划",  # is_demo labels it on every page
                organizer=self.root,
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 12, 31),
                enroll_closes_on=datetime.date(year, 12, 31),
                contribution=figures["contribution"],
                waiting_days=90,
                claim_window_days=365,
                counted_when=CountedWhen.PAID,
                state=state,
                is_demo=True,
                previous=previous,
                note=DEMO_NOTE,
                org_path=self.root.path,
            )
        )
        plan.item_rows, plan.diseases = {}, []
        for order, (kind, name, values) in enumerate(figures["items"], start=1):
            item = self._add(BenefitItem(plan=plan, kind=kind, name=name, order=order, **values))
            plan.item_rows[kind] = item
        critical = plan.item_rows[BenefitKind.CRITICAL]
        for code, name, amount, weight in DISEASES:
            disease = self._add(
                CriticalDisease(
                    item=critical, code=code, name=name, amount=amount + figures["bump"]
                )
            )
            plan.diseases.append((disease, weight))
        plan.facts = enrollment_rules.PlanFacts.of(plan)
        return plan

    # -- enrollment ------------------------------------------------------------------------
    def enroll(
        self,
        plan: PlanYear,
        target: int,
        *,
        first: datetime.date,
        last: datetime.date,
        unpaid: float = 0.0,
        cancelled: float = 0.0,
    ) -> list[Entry]:
        """Unions enroll their active members (joined before the day) until `target` are
        enrolled and counted (paid, not cancelled): each union's whole roster, the last one
        part of it; over-age members refused. `unpaid` of the batches (beyond the target)
        are not paid yet; `cancelled` of the members cancel later in the year."""
        rng = self.rng
        order = list(self.unions)
        rng.shuffle(order)
        if plan.previous is not None:  # the unions of last time first: their renewals
            before = {e.union.pk for e in self.entries if e.plan is plan.previous}
            order.sort(key=lambda pk: (pk not in before, rng.random()))
        counted, found = 0, []
        for union_pk in order:
            if counted >= target:
                break
            day = self._between(first, last)
            pending = rng.random() < unpaid
            people = [p for p in self.members_of[union_pk] if p.joined_on < day]
            if not people:
                continue
            taken, refused = [], []
            for p in people:
                renewal = p.pk in self.enrolled_2013 and plan.previous is not None
                why = enrollment_rules.refusal(
                    plan.facts, status=MemberStatus.ACTIVE, birth_date=p.birth_date,
                    sex=p.sex, day=day, enrolled=False,
                )  # fmt: skip
                if why:
                    refused.append({"member": p.pk, "name": p.name, "reason": why})
                    continue
                taken.append((p, renewal))
                if not pending and len(taken) + counted >= target:
                    break
            if not taken:
                continue
            found += self._batch(plan, union_pk, day, taken, refused, pending, cancelled)
            if not pending:
                counted += sum(1 for e in found[-len(taken) :] if e.state == EnrollmentState.ACTIVE)
        return found

    def _batch(self, plan, union_pk, day, taken, refused, pending, cancelled):
        rng = self.rng
        union = self.unions[union_pk]
        town = self.towns.get(union.town_id)
        whole = len(taken) == len(self.members_of[union_pk]) - len(refused)
        due = money(plan.contribution * len(taken))
        paid_on = None if pending else day + datetime.timedelta(days=rng.randint(5, 30))
        if paid_on is not None and paid_on > self.as_of:
            paid_on, pending = None, True
        self.batches_in[plan.year] += 1
        batch = self._add(
            EnrollmentBatch(
                number=batch_number(plan.year, self.batches_in[plan.year]),
                plan=plan,
                union=union,
                town=town,
                source=BatchSource.ROSTER if whole or rng.random() < 0.7 else BatchSource.IMPORT,
                enrolled_on=day,
                enrolled_count=len(taken),
                renewal_count=sum(1 for _p, r in taken if r),
                refused_count=len(refused),
                refusals=refused[:50],
                amount_due=due,
                amount_paid=D("0.00") if pending else due,
                paid_on=paid_on,
                org_path=union.path,
            )
        )
        if paid_on is not None:
            self._add(
                ContributionPayment(
                    batch=batch,
                    amount=due,
                    paid_on=paid_on,
                    reference=f"YH{paid_on:%Y%m%d}{batch.pk:06d}",
                    org_path=union.path,
                )
            )
        elif rng.random() < 0.3 and len(taken) > 1:  # part paid: the rest still owed
            part = money(plan.contribution * (len(taken) // 2))
            on = min(self.as_of, day + datetime.timedelta(days=rng.randint(5, 20)))
            batch.amount_paid = part
            self._add(ContributionPayment(batch=batch, amount=part, paid_on=on,
                                          reference=f"YH{on:%Y%m%d}{batch.pk:06d}",
                                          org_path=union.path))  # fmt: skip
        rows = []
        for p, renewal in taken:
            e = Entry(
                plan=plan, member_id=p.pk, union=union, town=town, batch_id=batch.pk,
                state=EnrollmentState.PENDING, is_renewal=renewal, enrolled_on=day, person=p,
            )  # fmt: skip
            if paid_on is not None:
                e.state, e.effective_on = EnrollmentState.ACTIVE, paid_on
                e.waiting_until = enrollment_rules.waiting_until(
                    plan.facts, effective=paid_on, renewal=renewal
                )
                end = min(plan.ends_on, self.as_of)
                if rng.random() < cancelled and paid_on + datetime.timedelta(days=30) < end:
                    e.state = EnrollmentState.CANCELLED
                    e.cancelled_on = self._between(paid_on + datetime.timedelta(days=30), end)
            self.entries.append(e)
            rows.append(e)
        return rows

    # -- claims ----------------------------------------------------------------------------
    def _cover(self, e: Entry) -> claim_rules.Cover:
        plan = e.plan
        return claim_rules.Cover(
            plan.starts_on, plan.ends_on, plan.claim_window_days, e.state, e.effective_on,
            e.waiting_until, e.cancelled_on,
        )  # fmt: skip

    def claim(
        self,
        e: Entry,
        *,
        event_on: datetime.date,
        event_kind: str = EventKind.ILLNESS,
        own_cost: Decimal,
        disease: CriticalDisease | None = None,
        stay: bool = True,
    ) -> Claim:
        """A claim as filed: its bills, and its benefits as the rules compute them."""
        rng = self.rng
        admitted = event_on + datetime.timedelta(days=rng.randint(0, 1)) if stay else None
        discharged = admitted + datetime.timedelta(days=rng.randint(3, 20)) if stay else None
        submitted = (discharged or event_on) + datetime.timedelta(days=rng.randint(5, 30))
        own = money(own_cost)
        insurance = money(own * D(rng.randint(100, 250)) / 100)
        facts = claim_rules.ClaimFacts(event_kind, event_on, admitted, discharged, submitted,
                                       own + insurance, insurance, own)  # fmt: skip
        plan = e.plan
        items = {
            kind: benefit_rules.ItemContext(
                terms=benefit_rules.ItemTerms(
                    kind=item.kind,
                    name=item.name,
                    deductible=item.deductible,
                    ratio=item.ratio,
                    per_claim_cap=item.per_claim_cap,
                    yearly_cap=item.yearly_cap,
                    waiting_applies=item.waiting_applies,
                ),
                disease=disease.name if disease and kind == BenefitKind.CRITICAL else "",
                lump_sum=disease.amount if disease and kind == BenefitKind.CRITICAL else D(0),
            )  # fmt: skip
            for kind, item in plan.item_rows.items()
        }
        result = benefit_rules.claim_benefits(
            self._cover(e), facts, items, has_disease=disease is not None, today=submitted
        )
        union = e.union
        c = self._add(
            Claim(
                number=claim_rules.claim_number(plan.year, self.keys[Claim] + 1),
                plan=plan,
                member_id=e.member_id,
                union=union,
                town=e.town,
                name=e.person.name,
                event_kind=event_kind,
                event_on=event_on,
                admitted_on=admitted,
                discharged_on=discharged,
                hospital=rng.choice(HOSPITALS),
                diagnosis=(
                    disease.name
                    if disease
                    else rng.choice(INJURIES if event_kind == EventKind.ACCIDENT else DIAGNOSES)
                ),  # fmt: skip
                disease=disease,
                total_cost=facts.total_cost,
                insurance_paid=insurance,
                own_cost=own,
                bank_name=rng.choice(BANKS),
                state=ClaimState.SUBMITTED,
                submitted_on=submitted,
                amount=result.amount,
                reasons=result.reasons,
                org_path=union.path,
                **self._account(),
            )
        )
        c.outcomes = result.items
        return c

    def benefits(self, c: Claim) -> None:
        """The claim's benefit rows; a committed critical-illness lump sum holds its once key."""
        for kind, out in c.outcomes.items():
            item = c.plan.item_rows[kind]
            committed = c.state in COMMITTED_CLAIM_STATES
            once = (
                f"{c.member_id}:{c.disease.code}"
                if kind == BenefitKind.CRITICAL and committed and out.amount > 0
                else None
            )
            self._add(
                ClaimBenefit(
                    claim=c, item=item, member_id=c.member_id, kind=kind, amount=out.amount,
                    lines=out.lines, once_key=once, org_path=c.org_path,
                )
            )  # fmt: skip

    def decide(self, c: Claim, *, reject: str = "") -> None:
        """Reviewed, approved (or rejected at the review) as far as `as_of` reaches."""
        rng = self.rng
        reviewed = c.submitted_on + datetime.timedelta(days=rng.randint(2, 7))
        approved = reviewed + datetime.timedelta(days=rng.randint(2, 7))
        if reviewed > self.as_of:
            return
        c.reviewed_on = reviewed
        if reject or c.amount == 0:
            c.state = ClaimState.REJECTED
            c.decision_note = reject or "；".join(c.reasons)[:300] or "不符合资助条件"
            return
        c.state = ClaimState.REVIEWED
        c.decision_note = "材料齐全，情况属实"
        if approved <= self.as_of:
            c.state, c.approved_on = ClaimState.APPROVED, approved

    def pay(self, claims: list[Claim], *, fail_one: bool = False) -> None:
        """Approved claims on each town's monthly payout list (issued on the 15th, the
        bank's return on the 20th); a list not back by `as_of` is still issued. With
        `fail_one`, the last returned list with two claims or more has one failed."""
        lists: dict[tuple, list[Claim]] = defaultdict(list)
        for c in claims:
            if c.state != ClaimState.APPROVED:
                continue
            a = c.approved_on + datetime.timedelta(days=1)
            issued = datetime.date(a.year, a.month, 15)
            if issued < a:
                issued = (issued.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)
            if issued > self.as_of or issued > c.plan.ends_on + datetime.timedelta(days=60):
                continue  # approved, on no list yet
            lists[(c.plan.pk, c.town_id, issued)].append(c)
        failed_list = None
        if fail_one:
            returned = [k for k, rows in lists.items()
                        if k[2] + datetime.timedelta(days=5) <= self.as_of and len(rows) > 1]  # fmt: skip
            failed_list = max(returned, key=lambda k: (k[2], k[1])) if returned else None
        for key in sorted(lists):
            rows = lists[key]
            _plan, town_pk, issued = key
            plan, town = rows[0].plan, self.towns[town_pk]
            back = issued + datetime.timedelta(days=5)
            done = back <= self.as_of
            p = self._add(
                Payout(
                    number="",  # below: the service's number needs the pk
                    plan=plan,
                    town=town,
                    state=PayoutState.RETURNED if done else PayoutState.ISSUED,
                    claim_count=len(rows),
                    total=sum((c.amount for c in rows), D("0.00")),
                    issued_on=issued,
                    returned_on=back if done else None,
                    org_path=town.path,
                )
            )
            p.number = payout_number(p)
            for c in rows:
                c.payout = p
                if done:
                    c.state, c.paid_on = ClaimState.PAID, back
            if done and key == failed_list:
                c = rows[-1]
                c.state, c.paid_on, c.failure_reason = ClaimState.PAYMENT_FAILED, None, FAILURE
            p.paid_count = sum(1 for c in rows if c.state == ClaimState.PAID)
            p.failed_count = sum(1 for c in rows if c.state == ClaimState.PAYMENT_FAILED)

    # -- the years -------------------------------------------------------------------------
    def _claimants(self, enrollments, n, *, until, exclude, accident=False):
        """`n` enrollments counted by `until` (an illness: out of its waiting period by
        then), one claim a member in the year."""
        pool = [
            e
            for e in enrollments
            if e.state == EnrollmentState.ACTIVE
            and e.member_id not in exclude
            and (e.effective_on if accident else e.waiting_until) < until
            and (e.cancelled_on is None or e.cancelled_on > until)
        ]
        found = self.rng.sample(pool, min(n, len(pool)))
        exclude.update(e.member_id for e in found)
        return found

    def _event(self, e: Entry, last: datetime.date, accident: bool) -> datetime.date:
        first = e.effective_on if accident else e.waiting_until
        first = max(first, e.plan.starts_on)
        if e.cancelled_on is not None:
            last = min(last, e.cancelled_on - datetime.timedelta(days=1))
        return self._between(first, last)

    def _ordinary(self, enrollments, n_inpatient, n_accident, last, used) -> list[Claim]:
        rng = self.rng
        found = []
        for e in self._claimants(enrollments, n_inpatient, until=last, exclude=used):
            own = D(rng.randint(1_500_00, 40_000_00)) / 100
            found.append(self.claim(e, event_on=self._event(e, last, False), own_cost=own))
        for e in self._claimants(enrollments, n_accident, until=last, exclude=used, accident=True):
            own = D(rng.randint(300_00, 12_000_00)) / 100
            found.append(self.claim(
                e, event_on=self._event(e, last, True), event_kind=EventKind.ACCIDENT,
                own_cost=own, stay=rng.random() < 0.6,
            ))  # fmt: skip
        return found

    def _disease(self, plan: PlanYear) -> CriticalDisease:
        diseases, weights = zip(*plan.diseases, strict=True)
        return self.rng.choices(diseases, weights)[0]

    def _serious(self, enrollments, n, last, used, total: Decimal | None) -> list[Claim]:
        """`n` critical-illness claims (each with its stay's inpatient aid); with `total`,
        their benefits add up to it exactly: each stay's own cost is drawn towards the
        average still to go, the last one's solved for the rest."""
        rng = self.rng
        people = self._claimants(enrollments, n, until=last, exclude=used)
        if len(people) < n:
            raise ValueError(f"only {len(people)} members can claim for a critical illness")
        found, got = [], D("0.00")
        for i, e in enumerate(people):
            plan = e.plan
            inpatient = plan.item_rows[BenefitKind.INPATIENT]
            disease = self._disease(plan)
            if total is None:
                aim = D(rng.randint(2_000, 8_000))
            else:
                left = n - i
                aim = (total - got) / left - disease.amount
                if left == 1:  # pick the disease that leaves an inpatient amount in reach
                    for d, _w in sorted(plan.diseases, key=lambda dw: -dw[0].amount):
                        if D(0) < total - got - d.amount <= inpatient.per_claim_cap:
                            disease, aim = d, total - got - d.amount
                            break
                    else:
                        raise ValueError("the serious-illness total cannot be met")
                else:
                    aim += D(rng.randint(-1500, 1500))
            if total is None or n - i > 1:
                aim = min(max(aim, D("500.00")), inpatient.per_claim_cap)
            # the own cost whose share is `aim` to the fen: (own − deductible) × ratio
            fen = int(money(aim) * 100)
            own = inpatient.deductible + D(math.ceil(fen / inpatient.ratio)) / 100
            c = self.claim(e, event_on=self._event(e, last, False), own_cost=own, disease=disease)
            if total is not None and i == n - 1 and got + c.amount != total:
                raise ValueError(f"the serious-illness total is {got + c.amount}, not {total}")
            got += c.amount
            found.append(c)
        return found

    def build_2013(self) -> PlanYear:
        plan = self.plan(CLOSED_YEAR, state=PlanState.CLOSED)
        target = enrolled_2013(self.scale_members)
        rows = self.enroll(
            plan, target, first=datetime.date(2013, 1, 4), last=datetime.date(2013, 3, 29),
            cancelled=0.002,
        )  # fmt: skip
        self.enrolled_2013 = {e.member_id for e in rows if e.state == EnrollmentState.ACTIVE}
        used: set[int] = set()
        last = datetime.date(2013, 8, 31)  # each paid by the year's end
        claims = self._serious(rows, SERIOUS_2013, last, used, SERIOUS_AMOUNT_2013)
        for c in claims:
            self.decide(c)
        ordinary = self._ordinary(
            rows, round(target * INPATIENT_RATE), max(2, round(target * ACCIDENT_RATE)), last, used
        )
        # a few refused at the town's review: the bills did not come in time
        for c in ordinary:
            self.decide(
                c, reject="申请材料不全，经通知逾期未补正" if self.rng.random() < 0.03 else ""
            )
        claims += ordinary
        self.pay(claims)
        for c in claims:
            self.benefits(c)
        return plan

    def build_current(self, previous: PlanYear) -> None:
        year = self.year
        plan = self.plan(year, state=PlanState.OPEN, previous=previous)
        start = datetime.date(year, 1, 1)
        last_day = min(datetime.date(year, 3, 31), self.as_of)
        if last_day < datetime.date(year, 1, 4):
            return  # the year's enrollment has not begun
        gone = (self.as_of - start).days / 365
        target = round(enrolled_2013(self.scale_members) * CURRENT_SHARE)
        rows = self.enroll(
            plan, target, first=datetime.date(year, 1, 4), last=last_day, unpaid=0.1,
            cancelled=0.002,
        )  # fmt: skip
        last = self.as_of - datetime.timedelta(days=3)
        if last <= start:
            return
        used: set[int] = set()
        n_serious = max(2, round(SERIOUS_2013 * CURRENT_SHARE * gone))
        claims = self._serious(rows, n_serious, last, used, None)
        claims += self._ordinary(
            rows, max(6, round(target * INPATIENT_RATE * gone)),
            max(2, round(target * ACCIDENT_RATE * gone)), last, used,
        )  # fmt: skip
        # one claim of a member in the waiting period: computed as 0 with the reason
        waiting = [e for e in rows if e.state == EnrollmentState.ACTIVE and not e.is_renewal
                   and e.member_id not in used and e.waiting_until > e.effective_on
                   and e.waiting_until <= self.as_of]  # fmt: skip
        if waiting:
            e = self.rng.choice(waiting)
            event = self._between(e.effective_on, e.waiting_until - datetime.timedelta(days=1))
            claims.append(self.claim(e, event_on=event, own_cost=D("6800.00")))
        kept = []
        for c in claims:
            if c.submitted_on > self.as_of:  # not filed yet
                self.rows[Claim].remove(c)
                continue
            self.decide(c)
            kept.append(c)
        self.pay(kept, fail_one=True)
        for c in kept:
            self.benefits(c)

    # -- insert ----------------------------------------------------------------------------
    ORDER = (PlanYear, BenefitItem, CriticalDisease, EnrollmentBatch, ContributionPayment,
             Enrollment, Payout, Claim, ClaimBenefit)  # fmt: skip

    def insert(self) -> None:
        """The rows with their keys; the enrollments (many) in one `bulk_insert`, each
        claim then told its enrollment's key."""
        for model in self.ORDER:
            if model is Enrollment:
                self._insert_enrollments()
                continue
            rows = self.rows[model]
            for row in rows:
                check_storable(row)
            model.objects.bulk_create(rows, batch_size=2000)
        reset_sequences(*self.ORDER)

    def _insert_enrollments(self) -> None:
        if self.entries:  # all made alike: the first one's values stand for their types
            check_storable(Enrollment(**self.entries[0].values()))
        bulk_insert(Enrollment, [e.values() for e in self.entries])
        claims = self.rows[Claim]
        keys = {}
        for plan in {c.plan_id for c in claims}:
            members = [c.member_id for c in claims if c.plan_id == plan]
            found = Enrollment.objects.filter(plan_id=plan, member_id__in=members)
            keys.update({(plan, m): pk for m, pk in found.values_list("member_id", "pk")})
        for c in claims:
            c.enrollment_id = keys[(c.plan_id, c.member_id)]


def post_payout_expenses(claims: list[Claim]) -> None:
    """Each payout's claims paid on one day as the finance ledger's expense, as the bank
    return's hook posts them (importers.payouts: the same source, so never twice)."""
    from gonghui.finance.choices import Program
    from gonghui.finance.services.expenses import post_expense

    paid: dict[tuple[Any, datetime.date], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.state == ClaimState.PAID:
            paid[(c.payout, c.paid_on)].append(c)
    for (payout, day), rows in sorted(paid.items(), key=lambda k: (k[0][1], k[0][0].pk)):
        post_expense(
            actor=None,
            org=payout.plan.organizer,
            program=Program.MUTUAL_AID,
            amount=sum((c.amount for c in rows), D("0.00")),
            paid_on=day,
            source=f"mutualaid.payout:{payout.pk}:{min(c.pk for c in rows)}",
            memo=f"医疗互助金发放：名单{payout.number}，{len(rows)}笔（{day:%Y-%m-%d}）",
        )


def build(context: DemoContext) -> int:
    if context.as_of.year <= CLOSED_YEAR:
        return 0  # the plan's history begins with the closed year 2013
    builder = MutualAidBuilder(
        seed=context.seed, as_of=context.as_of, scale_members=context.scale.members
    )
    has_members = any(builder.members_of.values())
    if has_members:
        closed = builder.build_2013()
        builder.build_current(closed)
    else:  # the plan years only: enrollment is of members
        closed = builder.plan(CLOSED_YEAR, state=PlanState.CLOSED)
        builder.plan(builder.year, state=PlanState.OPEN, previous=closed)
    builder.insert()
    post_payout_expenses(builder.rows[Claim])
    context.built["mutualaid"] = {m.__name__: len(rows) for m, rows in builder.rows.items()}
    return len(builder.entries)


# After members: enrollment is of the unions' demo members.
register_demo_builder(
    DemoBuilder(
        "mutualaid",
        build,
        after=("orgs", "members"),
        label="医疗互助：2013年与本年度计划（演示标准）、参保、缴费、互助金申请与发放",
    )
)
