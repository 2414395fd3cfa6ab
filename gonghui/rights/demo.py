"""The rights' part of the demo district: a station per town, the lawyer panel (5 firms,
16 lawyers with logins lawyer01…lawyer16) and a year of cases whose figures look like the
work report's: 15 visit batches / 50 person-visits, 8 letters, ~580 workers involved in
those, ~970 calls, 215 petitions across the district, ~870 labor disputes involving ~9,500
workers.

Bulk-inserted set-up data with explicit keys (like orgs/demo.py); each case gets its
"created" workflow event, by the demo's system actor, so its history is not empty, and its
contact as a party (most with a RIC), named to fit the sex the RIC encodes (issue #10).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.demo import demo_users_insert
from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.actors import ActorKind
from gonghui.core.identity import identity_values, set_identity
from gonghui.core.models import WorkflowEvent
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo import data, numbers
from gonghui.demo.context import DEMO_ACTOR, DemoContext
from gonghui.demo.sequences import reset_sequences
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from . import deadlines
from .choices import CaseKind, CaseState, Channel, EventKind, Outcome, Subject
from .models import Case, CaseParty, LawFirm, Lawyer, LegalEvent, Station
from .services.common import CODE_ALPHABET

FIRMS = [
    "广东番禺正平律师事务所",
    "广东禺山律师事务所",
    "广东粤法律师事务所",
    "广东南粤维民律师事务所",
    "广东沙湾明德律师事务所",
]
NINE = datetime.time(9)  # when a demo worker submits online
EVENT_TITLES = {
    EventKind.PUBLICITY: ["《劳动合同法》进企业", "农民工欠薪维权宣传", "女职工权益保护宣传"],
    EventKind.CONSULTATION: ["职工法律咨询会", "劳动争议调解咨询日", "工伤维权咨询会"],
    EventKind.LECTURE: ["企业劳动用工风险讲座", "工会干部维权能力培训"],
}


def _partition(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """`parts` integers >= minimum summing to `total`."""
    cuts = sorted(rng.sample(range(1, total - parts * (minimum - 1)), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total - parts * (minimum - 1)], strict=True)]
    return [s + minimum - 1 for s in sizes]


def _scaled(rng: random.Random, total: int, parts: int) -> list[int]:
    """Heavy-tailed sizes (most cases one or a few workers, a few collective) summing to total."""
    raw = [rng.lognormvariate(0.6, 1.3) for _ in range(parts)]
    scale = (total - parts) / sum(raw)
    sizes = [1 + int(x * scale) for x in raw]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


class RightsBuilder:
    def __init__(self, *, seed: int, as_of: datetime.date, password: str):
        self.rng = random.Random(seed * 7 + 3)
        self.as_of = as_of
        self.password = password
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.towns = list(Organization.objects.filter(kind=OrgKind.TOWN).order_by("pk"))
        weights = {name.removesuffix("街道").removesuffix("镇"): w for name, *_x, w in data.TOWNS}
        self.weights = [weights.get(self._place(t), 5) for t in self.towns]
        self.employers: dict[int, list[Employer]] = {}
        for e in Employer.objects.only("id", "name", "town_id", "org_path"):
            self.employers.setdefault(e.town_id, []).append(e)
        self.case_pk = (Case.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.codes: set[str] = set()
        self.cases: list[Case] = []
        self.parties: list[CaseParty] = []

    @staticmethod
    def _place(town: Organization) -> str:
        return town.name.removesuffix("总工会").removesuffix("街道").removesuffix("镇")

    def _name(self, *, female: bool) -> str:
        return numbers.person_name(self.rng.choice, female=female)

    def _contact(self, case: Case, phone: str) -> None:
        """The case's contact and its party, as registering makes them (registration.
        party_attach): a name of the person's sex, and for most a RIC that encodes it."""
        rng = self.rng
        female = rng.random() < 0.45
        case.contact_name = self._name(female=female)
        ric = ""
        if rng.random() < 0.7:
            birth = datetime.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
            ric = numbers.ric(rng, birth, case.pk, male=not female)
        party = CaseParty(case=case, name=case.contact_name)
        set_identity(party, ric=ric, phone=phone)
        self.parties.append(party)

    def _phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 999_999_999):09d}"

    # -- panel ----------------------------------------------------------------------------------
    def build_panel(self) -> None:
        self.stations = [
            Station(
                id=i + 1,
                name=f"{self._place(t)}职工法律援助工作站",
                town=t,
                org_path=t.path,
                address=f"广州市番禺区{t.name.removesuffix('总工会')}工会服务站",
                phone=f"020-8{self.rng.randint(1000000, 9999999)}",
            )
            for i, t in enumerate(self.towns)
        ]
        self.firms = [
            LawFirm(
                id=i + 1,
                name=name,
                org_path=self.root.path,
                contract_until=datetime.date(self.as_of.year + 1, 12, 31),
            )
            for i, name in enumerate(FIRMS)
        ]
        hashed = make_password(self.password)
        self.users, self.lawyers = [], []
        for i in range(16):
            station = self.stations[i % len(self.stations)]
            name = self._name(female=self.rng.random() < 0.5)
            user = User(
                username=f"lawyer{i + 1:02d}",
                role=Role.LAWYER,
                organization=station.town,
                display_name=f"{name}律师",
                password=hashed,
                password_changed_at=timezone.now(),
            )
            self.users.append(user)
            self.lawyers.append(
                Lawyer(
                    id=i + 1,
                    user=user,
                    name=name,
                    firm=self.firms[i % len(self.firms)],
                    station=station,
                    org_path=station.org_path,
                    license_no=f"1440120{self.rng.randint(10**9, 10**10 - 1)}",
                )
            )
        self.lawyer_of = {lw.station.town_id: lw for lw in self.lawyers}
        self.station_of = {s.town_id: s for s in self.stations}

    # -- cases ----------------------------------------------------------------------------------
    def _received(self) -> datetime.date:
        return self.as_of - datetime.timedelta(days=self.rng.randint(0, 364))

    def _case(self, *, kind, channel, town, received, visitors=1, workers=1, subject=None):
        rng = self.rng
        employers = self.employers.get(town.pk, []) if town else []
        employer = rng.choice(employers) if employers and rng.random() < 0.8 else None
        phone = self._phone()
        subject = (
            subject
            or rng.choices(
                Subject.values,
                [55, 15, 10, 8, 7, 5]
                if kind != CaseKind.CONSULTATION
                else [30, 20, 15, 15, 10, 10],
            )[0]
        )
        per_worker = Decimal(rng.randint(20, 150) * 100)
        claimed = (
            per_worker * workers
            if subject in (Subject.WAGES, Subject.INJURY, Subject.DISMISSAL)
            else Decimal("0.00")
        )
        case = Case(
            id=self.case_pk,
            number=f"WQ{received.year}-{self.case_pk:06d}",
            kind=kind,
            channel=channel,
            subject=subject,
            received_on=received,
            summary=f"{'集体' if workers >= 10 else ''}反映{Subject(subject).label}问题。",
            town=town,
            employer=employer,
            employer_name=employer.name if employer else "",
            amount_claimed=claimed,
            visitors=visitors,
            workers_involved=workers,
            **identity_values(phone=phone, phone_field="contact_phone"),
            org_path=town.path if town else self.root.path,
            accept_due=deadlines.accept_due(kind, received),
        )
        self._contact(case, phone)
        if channel == Channel.ONLINE:
            case.tracking_code = self._code()
            # the worker agreed to the notice when submitting (the page asks, issue #10)
            case.consent_at = timezone.make_aware(datetime.datetime.combine(received, NINE))
        self.case_pk += 1
        self._progress(case)
        self.cases.append(case)
        return case

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(10))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _progress(self, case: Case) -> None:
        """State by age: old cases concluded (mostly in time) and closed, recent ones open."""
        rng = self.rng
        age = (self.as_of - case.received_on).days
        if age < 20:
            state = rng.choices(
                [
                    CaseState.REGISTERED,
                    CaseState.ACCEPTED,
                    CaseState.ASSIGNED,
                    CaseState.IN_PROGRESS,
                ],
                [3, 2, 2, 3],
            )[0]
        elif age < 75:
            state = rng.choices(
                [CaseState.IN_PROGRESS, CaseState.CONCLUDED, CaseState.CLOSED], [4, 4, 2]
            )[0]
        else:
            state = rng.choices([CaseState.CLOSED, CaseState.DECLINED], [97, 3])[0]
        if case.channel == Channel.CALL and state != CaseState.REGISTERED:
            state = CaseState.CLOSED if age > 0 else CaseState.IN_PROGRESS
        case.state = state
        if state in (CaseState.REGISTERED,):
            return
        if state == CaseState.DECLINED:
            case.decline_reason = "不属于工会受理范围，已告知向有关部门反映。"
            return
        delay = 0 if case.channel == Channel.CALL else rng.randint(0, 5)
        case.accepted_on = min(case.received_on + datetime.timedelta(days=delay), self.as_of)
        case.conclude_due = deadlines.conclude_due(case.kind, case.accepted_on)
        if state == CaseState.ACCEPTED:
            return
        self._assign(case)
        if state in (CaseState.ASSIGNED, CaseState.IN_PROGRESS):
            return
        self._conclude(case, state)

    def _assign(self, case: Case) -> None:
        if case.channel == Channel.CALL or case.town is None:
            case.assigned_org = self.root
            return
        case.station = self.station_of.get(case.town_id)
        if case.kind in (CaseKind.LABOR_DISPUTE, CaseKind.LEGAL_AID):
            case.lawyer = self.lawyer_of.get(case.town_id)

    def _conclude(self, case: Case, state: str) -> None:
        rng = self.rng
        limit = (case.conclude_due - case.accepted_on).days
        if case.channel == Channel.CALL:
            took = 0
        elif rng.random() < 0.04:
            took = limit + rng.randint(1, 20)  # a few late ones
        else:
            took = rng.randint(1, limit)
        case.concluded_on = min(case.accepted_on + datetime.timedelta(days=took), self.as_of)
        case.concluded_in_time = case.concluded_on <= case.conclude_due
        if case.kind == CaseKind.LABOR_DISPUTE:
            case.outcome = rng.choices(Outcome.values, [60, 25, 5, 5, 5])[0]
        elif case.kind == CaseKind.CONSULTATION or case.channel == Channel.CALL:
            case.outcome = Outcome.EXPLAINED
        else:
            case.outcome = rng.choices(Outcome.values, [45, 10, 5, 10, 30])[0]
        if case.outcome == Outcome.MEDIATED and case.amount_claimed:
            case.amount_recovered = (case.amount_claimed * Decimal(rng.uniform(0.6, 1.0))).quantize(
                Decimal("0.01")
            )
        case.conclusion = f"{Outcome(case.outcome).label}，已答复当事人。"
        if state == CaseState.CLOSED:
            case.closed_on = case.concluded_on
            case.satisfied = rng.random() < 0.93
            case.feedback = "满意" if case.satisfied else ""

    def _town(self) -> Organization:
        return self.rng.choices(self.towns, self.weights)[0]

    def build_cases(self) -> None:
        rng = self.rng
        # the district office: 15 visit batches, 50 person-visits; 8 letters; ~580 workers
        visitors = _partition(rng, 50, 15)
        workers = _partition(rng, 585 - 58, 23, minimum=0)
        for i in range(23):
            channel = Channel.VISIT if i < 15 else Channel.LETTER
            v = visitors[i] if i < 15 else 1
            self._case(
                kind=CaseKind.PETITION,
                channel=channel,
                town=None if i % 3 == 0 else self._town(),
                received=self._received(),
                visitors=v,
                workers=v + workers[i],
            )
        # the 12351 hotline: ~970 calls
        for _ in range(973):
            kind = rng.choices([CaseKind.CONSULTATION, CaseKind.COMPLAINT], [8, 2])[0]
            self._case(kind=kind, channel=Channel.CALL, town=None, received=self._received())
        # the towns' petitions: 215 across the district with the district's 23
        for _ in range(215 - 23):
            channel = rng.choices([Channel.REFERRAL, Channel.ONLINE], [7, 3])[0]
            self._case(
                kind=CaseKind.PETITION,
                channel=channel,
                town=self._town(),
                received=self._received(),
                workers=rng.randint(1, 12),
            )
        # labor disputes: ~870 involving ~9,500 workers
        for size in _scaled(rng, 9520, 872):
            channel = rng.choices([Channel.REFERRAL, Channel.ONLINE], [8, 2])[0]
            self._case(
                kind=CaseKind.LABOR_DISPUTE,
                channel=channel,
                town=self._town(),
                received=self._received(),
                workers=size,
            )
        # the online platform's complaints, consultations and legal-aid requests
        for _ in range(140):
            kind = rng.choices(
                [CaseKind.COMPLAINT, CaseKind.CONSULTATION, CaseKind.LEGAL_AID], [5, 4, 1]
            )[0]
            self._case(
                kind=kind, channel=Channel.ONLINE, town=self._town(), received=self._received()
            )

    def build_events(self) -> list[LegalEvent]:
        events, pk = [], 1
        for town in self.towns:
            for _ in range(self.rng.randint(4, 10)):
                kind = self.rng.choice(list(EVENT_TITLES))
                events.append(
                    LegalEvent(
                        id=pk,
                        kind=kind,
                        title=self.rng.choice(EVENT_TITLES[kind]),
                        held_on=self._received(),
                        town=town,
                        place=f"{self._place(town)}文化广场",
                        organizers=f"{town.name}、{self.rng.choice(FIRMS)}",
                        attendance=self.rng.randint(30, 500),
                        org_path=town.path,
                    )
                )
                pk += 1
        return events


def build(context: DemoContext) -> int:
    """Add the rights demo data on top of the tree and the logins; returns the number of cases."""
    builder = RightsBuilder(seed=context.seed, as_of=context.as_of, password=context.password)
    builder.build_panel()
    builder.build_cases()
    events = builder.build_events()
    Station.objects.bulk_create(builder.stations)  # inside build_demo's transaction
    LawFirm.objects.bulk_create(builder.firms)
    by_name = {u.username: u for u in demo_users_insert(builder.users)}
    for lawyer in builder.lawyers:
        lawyer.user = by_name[lawyer.user.username]
    Lawyer.objects.bulk_create(builder.lawyers)
    Case.objects.bulk_create(builder.cases, batch_size=1000)
    CaseParty.objects.bulk_create(builder.parties, batch_size=1000)
    WorkflowEvent.objects.bulk_create(_created_events(builder.cases), batch_size=2000)
    LegalEvent.objects.bulk_create(events, batch_size=1000)
    reset_sequences(Station, LawFirm, Lawyer, Case, LegalEvent)
    context.built["rights"] = len(builder.cases)
    return len(builder.cases)


def _created_events(cases: list[Case]) -> list[WorkflowEvent]:
    """Each case's first history line, by the system (no account: actor stays empty)."""
    return [
        WorkflowEvent(
            workflow="rights.case",
            object_id=str(c.pk),
            to_state=CaseState.REGISTERED,
            action="created",
            actor_kind=ActorKind.SYSTEM,
            actor_name=DEMO_ACTOR.label,
        )
        for c in cases
    ]


# After accounts too: the lawyers' logins follow the staff logins (demo_logins lists by id).
register_demo_builder(
    DemoBuilder("rights", build, after=("orgs", "accounts"), label="维权：工作站、律师、一年案件")
)
