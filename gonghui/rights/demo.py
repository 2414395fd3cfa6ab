"""The rights' part of the demo district: a station per town, the lawyer panel (5 firms,
16 lawyers with logins lawyer01…lawyer16), the cases and legal-service events of the
report's closed year 2013, and the current year's live work.

2013 gives the work report's figures exactly, at every scale (they do not depend on the
district's size; REPORT_2013, docs/demo.md): 15 visit batches with 50 person-visits and 8
letters, 583 workers involved in those, 973 calls, 215 petitions (the 23 visits and letters
among them: all are petitions to the district office), 872 labor disputes involving 9,536
workers (referred or online, so no visit, letter or call), and 52 legal-service events
attended by 41,286. Every 2013 case is closed, its limits those of rights.deadlines (a few
concluded late, as the in-time share shows). The current year, up to `as_of`, is live work
with its own smaller figures (LIVE_YEAR, in proportion to the part of the year gone): the
recent cases open, some near or past their limit (the to-dos and the overdue page).

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

# The report's year: its figures, as rights.queries names them (CASE_FIGURES, EVENT_FIGURES).
CLOSED_YEAR = 2013
REPORT_2013 = {
    "batches": 15,
    "person_visits": 50,
    "letters": 8,
    "visits_letters_workers": 583,  # 涉及职工580多人
    "calls": 973,  # 来电970多宗
    "petitions": 215,
    "disputes": 872,  # 劳动争议870余宗
    "dispute_workers": 9_536,  # 涉及人数9500多人
    "online": 140,  # the online platform's complaints, consultations, legal-aid requests
    "events": 52,  # 50多场次
    "attendance": 41_286,  # 4万多人
}
# The current year's live work, for a whole year (it is cut to the part gone by `as_of`).
LIVE_YEAR = {
    "batches": 9,
    "person_visits": 27,
    "letters": 4,
    "visits_letters_workers": 260,
    "calls": 520,
    "petitions": 110,
    "disputes": 430,
    "dispute_workers": 4_300,
    "online": 90,
    "events": 26,
}
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
    def _closed_day(self) -> datetime.date:
        return datetime.date(CLOSED_YEAR, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 364))

    def _live_day(self) -> datetime.date:
        """A day of the current year up to `as_of`."""
        gone = (self.as_of - datetime.date(self.as_of.year, 1, 1)).days
        return self.as_of - datetime.timedelta(days=self.rng.randint(0, gone))

    def _case(self, *, kind, channel, town, received, closed, visitors=1, workers=1, subject=None):
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
        self._progress(case, closed=closed)
        self.cases.append(case)
        return case

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(10))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _progress(self, case: Case, *, closed: bool) -> None:
        """State by age: old cases concluded (mostly in time) and closed, recent ones open;
        every case of the closed year closed."""
        rng = self.rng
        age = (self.as_of - case.received_on).days
        if closed:
            state = CaseState.CLOSED
        elif age < 20:
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
        # accepted within its limit (rights.deadlines), and not after as_of
        window = (case.accept_due - case.received_on).days
        delay = 0 if case.channel == Channel.CALL else rng.randint(0, min(5, window))
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
        if not case.concluded_in_time:
            # the daily check marked it the day after its limit (services.overdue)
            case.overdue_since = case.conclude_due + datetime.timedelta(days=1)
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
        """The closed year (when `as_of` is past it), then the current year's live work."""
        if self.as_of.year > CLOSED_YEAR:
            self._cases_of_a_year(REPORT_2013, self._closed_day, closed=True)
        self._cases_of_a_year(self.live_sizes(), self._live_day, closed=False)

    def live_sizes(self) -> dict[str, int]:
        """LIVE_YEAR in proportion to the part of the year gone by `as_of` (a month at least,
        so that early January still has work in hand)."""
        gone = (self.as_of - datetime.date(self.as_of.year, 1, 1)).days + 1
        share = min(max(gone, 30), 365) / 365
        n = {k: max(1, round(v * share)) for k, v in LIVE_YEAR.items()}
        # as the report's figures relate: visitors and workers at least one per case
        n["person_visits"] = max(n["person_visits"], n["batches"])
        n["petitions"] = max(n["petitions"], n["batches"] + n["letters"])
        n["visits_letters_workers"] = max(
            n["visits_letters_workers"], n["person_visits"] + n["letters"]
        )
        n["dispute_workers"] = max(n["dispute_workers"], n["disputes"])
        return n

    def _cases_of_a_year(self, n: dict[str, int], day, *, closed: bool) -> None:
        """Cases whose figures are exactly `n`'s (rights.queries.CASE_FIGURES' names)."""
        rng = self.rng
        # the district office: visit batches with their person-visits, and letters; all
        # petitions, their workers involved at least the visitors
        visits, letters = n["batches"], n["letters"]
        visitors = _partition(rng, n["person_visits"], visits)
        beyond = n["visits_letters_workers"] - n["person_visits"] - letters
        workers = _partition(rng, beyond, visits + letters, minimum=0)
        for i in range(visits + letters):
            v = visitors[i] if i < visits else 1
            self._case(
                kind=CaseKind.PETITION,
                channel=Channel.VISIT if i < visits else Channel.LETTER,
                town=None if i % 3 == 0 else self._town(),
                received=day(),
                closed=closed,
                visitors=v,
                workers=v + workers[i],
            )
        # the 12351 hotline: consultations and complaints, none a petition
        for _ in range(n["calls"]):
            kind = rng.choices([CaseKind.CONSULTATION, CaseKind.COMPLAINT], [8, 2])[0]
            self._case(kind=kind, channel=Channel.CALL, town=None, received=day(), closed=closed)
        # the towns' petitions, referred or online: the petitions with the district's
        for _ in range(n["petitions"] - visits - letters):
            channel = rng.choices([Channel.REFERRAL, Channel.ONLINE], [7, 3])[0]
            self._case(
                kind=CaseKind.PETITION,
                channel=channel,
                town=self._town(),
                received=day(),
                closed=closed,
                workers=rng.randint(1, 12),
            )
        # labor disputes, referred or online
        for size in _scaled(rng, n["dispute_workers"], n["disputes"]):
            channel = rng.choices([Channel.REFERRAL, Channel.ONLINE], [8, 2])[0]
            self._case(
                kind=CaseKind.LABOR_DISPUTE,
                channel=channel,
                town=self._town(),
                received=day(),
                closed=closed,
                workers=size,
            )
        # the online platform's complaints, consultations and legal-aid requests
        for _ in range(n["online"]):
            kind = rng.choices(
                [CaseKind.COMPLAINT, CaseKind.CONSULTATION, CaseKind.LEGAL_AID], [5, 4, 1]
            )[0]
            self._case(
                kind=kind, channel=Channel.ONLINE, town=self._town(), received=day(), closed=closed
            )

    def build_events(self) -> list[LegalEvent]:
        """The closed year's 52 events attended by 41,286 in all, then the current year's."""
        self.events: list[LegalEvent] = []
        if self.as_of.year > CLOSED_YEAR:
            for attendance in _partition(
                self.rng, REPORT_2013["attendance"], REPORT_2013["events"], minimum=150
            ):
                self._event(self._closed_day(), attendance)
        for _ in range(self.live_sizes()["events"]):
            self._event(self._live_day(), self.rng.randint(30, 1500))
        return self.events

    def _event(self, held_on: datetime.date, attendance: int) -> None:
        town = self._town()
        kind = self.rng.choice(list(EVENT_TITLES))
        self.events.append(
            LegalEvent(
                id=len(self.events) + 1,
                kind=kind,
                title=self.rng.choice(EVENT_TITLES[kind]),
                held_on=held_on,
                town=town,
                place=f"{self._place(town)}文化广场",
                organizers=f"{town.name}、{self.rng.choice(FIRMS)}",
                attendance=attendance,
                org_path=town.path,
            )
        )


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
    DemoBuilder(
        "rights", build, after=("orgs", "accounts"), label="维权：工作站、律师、2013年与本年案件"
    )
)
