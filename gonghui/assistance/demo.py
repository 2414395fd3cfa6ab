"""The assistance part of the demo district (CARE-1, CARE-2, CARE-4): living standards per
town, hardship files over the years, the district's programs with budgets split to towns,
grants paid through disbursement lists, and service records; the report's year 2013 closed,
the current year live.

2013 gives the figures of the report's services paragraph exactly, at every scale (they are
the district's programs and do not depend on its size; REPORT_2013, docs/demo.md): 67
school-aid children and 121,600.00 元 ("12万多元"), 403,800.00 元 of living aid, holiday and
model-worker condolence ("40多万元"), 18,236 free health checks ("1.8万多名"), 48 work-injured
workers visited with 29,400.00 元 ("近3万元"), 1,103,500.00 元 of education and skills
subsidies ("110多万元"), 305,000.00 元 of periodicals to grassroots unions ("30多万元"), and the
cooling and spring employment campaigns. Each year after has its programs paid; the current
year up to `as_of` is live: open files (some visits due, reviews overdue, one in exit
notice), applications submitted and reviewed, an approved batch not yet on a list.

A file's category is what `rules.files.judge` finds from its figures with the standard in
force on its judgement day, so the stored per-head figure, standard and category agree.
A file's or grant's worker is a demo member of the union (same name and RIC) where the run
has members, else a worker identified by a RIC. Rows are bulk-inserted with explicit keys
(like rights/demo.py), each checked by core.storable first.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Max

from gonghui.core.calendar import add_workdays
from gonghui.core.crypto import blind_index
from gonghui.core.identity import identity_values, set_identity
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.core.storable import check_storable
from gonghui.demo import numbers
from gonghui.demo.context import DemoContext
from gonghui.demo.sequences import reset_sequences
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from .choices import (
    AccidentEvent,
    DisbursementState,
    Eligibility,
    FileState,
    GrantState,
    HardshipCategory,
    HardshipCause,
    Recipient,
    Relation,
    ServiceKind,
    VisitKind,
)
from .models import (
    Disbursement,
    Grant,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    LivingStandard,
    Program,
    ProgramBudget,
    ServiceBeneficiary,
    ServiceRecord,
)
from .rules.files import FOLLOW_UP_MONTHS, REVIEW_MONTHS, VISIT_MONTHS, add_months, judge
from .services.grants import program_kinds_builtin

D = Decimal
CLOSED_YEAR = 2013

# The report's services paragraph for 2013, as the indicators name them (docs/demo.md).
REPORT_2013: dict[str, Any] = {
    "assistance.school_aid.people": 67,  # 为67名困难职工子女资助
    "assistance.school_aid.amount": D("121600.00"),  # 共计12万多元
    "assistance.living_condolence.amount": D("403800.00"),  # 生活救助、节日慰问40多万元
    "assistance.health_checks.people": 18_236,  # 1.8万多名企业职工提供免费体检
    "assistance.injury_visits.people": 48,  # 上门慰问因工受伤职工48人
    "assistance.injury_visits.amount": D("29400.00"),  # 发放近3万元慰问金
    "assistance.training_subsidy.amount": D("1103500.00"),  # 筹集110多万元
    "assistance.periodicals.value": D("305000.00"),  # 拨出30多万元赠阅工会报刊
}
# How 2013's figures are made up: (grants, total) per program kind; the three of
# "生活救助、节日慰问" add up to the report's 403,800.00.
GRANTS_2013 = {
    "school_aid": (67, D("121600.00")),
    "living_aid": (120, D("180000.00")),
    "holiday_condolence": (182, D("163800.00")),
    "model_worker_condolence": (40, D("60000.00")),
    "training_subsidy": (460, D("1103500.00")),
}
SERVICES_2013 = {
    "health_checks": (24, 18_236),  # records, head count
    "injury_visits": 16,  # records (the 48 workers named among them)
    "periodicals": 61,  # deliveries to grassroots unions
    "cooling": (30, 4_860, D("97200.00")),  # construction sites, head count, value
    "guidance": (12, 1_260),
    "referrals": (8, 430),
    "mixers": (3, 286),
}
# Guangzhou's minimum living standard (元/月), from the day it took effect.
STANDARDS = [
    (datetime.date(2013, 1, 1), D("600.00")),
    (datetime.date(2014, 7, 1), D("650.00")),
    (datetime.date(2015, 7, 1), D("705.00")),
    (datetime.date(2016, 7, 1), D("840.00")),
    (datetime.date(2017, 7, 1), D("900.00")),
    (datetime.date(2018, 7, 1), D("950.00")),
    (datetime.date(2019, 7, 1), D("1010.00")),
    (datetime.date(2020, 7, 1), D("1080.00")),
    (datetime.date(2021, 7, 1), D("1120.00")),
    (datetime.date(2024, 7, 1), D("1200.00")),
]
FILES_2013 = 230  # opened in the first half of 2013
FILES_A_YEAR = 28  # opened in each year after
PROGRAM_NAMES = {
    "spring_jobs": "春风行动",
    "summer_cooling": "夏送清凉",
    "school_aid": "金秋助学",
    "winter_warmth": "冬送温暖",
    "living_aid": "特困职工生活救助",
    "holiday_condolence": "困难职工节日慰问",
    "model_worker_condolence": "困难劳模慰问",
    "training_subsidy": "优秀职工学历提升和职业技能培训资助",
    "periodicals": "为基层工会赠阅工会报刊",
}
ELIGIBILITY = {
    "school_aid": Eligibility.SCHOOL_ADMISSION,
    "winter_warmth": Eligibility.HARDSHIP_FILE,
    "living_aid": Eligibility.HARDSHIP_FILE,
    "holiday_condolence": Eligibility.HARDSHIP_FILE,
    "model_worker_condolence": Eligibility.MODEL_WORKER,
}
SCHOOLS = ["广州大学", "华南理工大学", "广东工业大学", "番禺中学", "广州番禺职业技术学院"]
PERIODICALS = ["《工人日报》", "《南方工报》", "《广州日报》", "《中国职工教育》"]
BANK = "中国工商银行广州番禺支行"


def _split(rng: random.Random, total: Decimal, n: int, low: int, high: int, step: int = 100):
    """`n` amounts, multiples of `step` between `low` and `high` yuan, summing to `total`."""
    units, lo, hi = int(total) // step, low // step, high // step
    if not lo * n <= units <= hi * n:
        raise ValueError(f"{total} cannot be split into {n} amounts of {low}–{high}")
    parts = [lo] * n
    left = units - lo * n
    while left:  # a random share of what is left to each in turn, up to its ceiling
        for i in rng.sample(range(n), n):
            add = min(hi - parts[i], left, rng.randint(0, max(1, 2 * left // n)))
            parts[i] += add
            left -= add
            if not left:
                break
    return [D(p * step).quantize(D("0.01")) for p in parts]


def _counts(rng: random.Random, total: int, n: int) -> list[int]:
    """`n` head counts of at least 1 summing to `total` (some large, most middling)."""
    raw = [rng.uniform(0.4, 1.6) for _ in range(n)]
    sizes = [max(1, int(total * r / sum(raw))) for r in raw]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


class Person:
    """A worker: a demo member where there is one, else a name and a RIC."""

    def __init__(self, name, ric, union, member=None, female=False, model_worker=False):
        self.name, self.ric, self.union, self.member = name, ric, union, member
        self.female, self.model_worker = female, model_worker


class AssistanceBuilder:
    def __init__(self, *, seed: int, as_of: datetime.date):
        self.rng = random.Random(seed * 13 + 14)
        self.as_of = as_of
        self.year = as_of.year
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.towns = list(Organization.objects.filter(kind=OrgKind.TOWN).order_by("pk"))
        self.by_pk = {t.pk: t for t in self.towns}
        unions = Organization.objects.filter(
            kind=OrgKind.GRASSROOTS, is_active=True, town__isnull=False
        ).order_by("pk")
        self.unions = list(unions.only("id", "name", "path", "town_id", "member_count"))
        for u in self.unions:
            u.town = self.by_pk.get(u.town_id)
        self.unions = [u for u in self.unions if u.town is not None]
        self.employers: dict[int, list[Employer]] = defaultdict(list)
        for e in Employer.objects.only("id", "name", "town_id"):
            self.employers[e.town_id].append(e)
        self.rics: set[str] = set()
        self.members_of: dict[int, list[Member]] = {}
        self.used_members: set[int] = set()
        self.has_members = Member.objects.exists()
        self.keys = {
            m: (m.objects.aggregate(k=Max("pk"))["k"] or 0)
            for m in (
                LivingStandard,
                HardshipFile,
                HomeVisit,
                HouseholdMember,
                Program,
                ProgramBudget,
                Disbursement,
                Grant,
                ServiceRecord,
                ServiceBeneficiary,
            )
        }
        self.rows: dict[type, list] = defaultdict(list)
        self.kinds = program_kinds_builtin()

    # -- helpers ---------------------------------------------------------------------------
    def _add(self, obj):
        model = type(obj)
        self.keys[model] += 1
        obj.pk = self.keys[model]
        self.rows[model].append(obj)
        return obj

    def _day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        end = min(end, self.as_of)
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _ric(self, *, female: bool, born: int | None = None) -> str:
        rng = self.rng
        while True:
            birth = datetime.date(
                born or rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28)
            )
            ric = numbers.ric(rng, birth, rng.randint(0, 499), male=not female)
            if ric not in self.rics:
                self.rics.add(ric)
                return ric

    def _union(self) -> Organization:
        return self.rng.choice(self.unions)

    def _members(self, union: Organization) -> list[Member]:
        if union.pk not in self.members_of:
            found = Member.objects.filter(union_id=union.pk, status=MemberStatus.ACTIVE)
            self.members_of[union.pk] = list(
                found.only("id", "name", "ric", "sex", "is_model_worker").order_by("pk")[:60]
            )
        return self.members_of[union.pk]

    def person(self, union: Organization | None = None, *, model_worker: bool = False) -> Person:
        """A member of `union` (a random union) not used yet, else a worker by RIC."""
        rng = self.rng
        union = union or self._union()
        if self.has_members and rng.random() < 0.85:
            pool = [
                m
                for m in self._members(union)
                if m.pk not in self.used_members and (m.is_model_worker or not model_worker)
            ]
            if pool:
                m = rng.choice(pool)
                self.used_members.add(m.pk)
                self.rics.add(m.ric)
                return Person(m.name, m.ric, union, m, m.sex == "F", m.is_model_worker)
        female = rng.random() < 0.45
        name = numbers.person_name(rng.choice, female=female)
        return Person(name, self._ric(female=female), union, None, female, model_worker)

    def _account(self) -> dict[str, str]:
        acct = "6222" + "".join(str(self.rng.randint(0, 9)) for _ in range(15))
        return {
            "account": acct,
            "account_hash": blind_index(acct, purpose="account"),
            "account_last4": acct[-4:],
        }

    def _phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 999_999_999):09d}"

    # -- living standards ------------------------------------------------------------------
    def build_standards(self) -> None:
        for town in self.towns:
            for since, amount in STANDARDS:
                if since <= self.as_of:
                    self._add(
                        LivingStandard(
                            town=town,
                            effective_from=since,
                            monthly_amount=amount,
                            note="广州市最低生活保障标准",
                            org_path=town.path,
                        )
                    )

    @staticmethod
    def standard_on(day: datetime.date) -> Decimal:
        return max((s for s in STANDARDS if s[0] <= day), key=lambda s: s[0])[1]

    # -- hardship files --------------------------------------------------------------------
    def _figures(self, file: HardshipFile, category: str, day: datetime.date) -> None:
        """Figures that put the household in `category` by the standard in force on `day`
        (clearly inside the band), and the judgement the rules give them."""
        rng = self.rng
        standard = self.standard_on(day)
        size = file.household_size
        share = {
            HardshipCategory.DEEP: rng.uniform(0.3, 0.92),
            HardshipCategory.RELATIVE: rng.uniform(1.08, 1.9),
            HardshipCategory.ACCIDENT: rng.uniform(2.1, 3.5),
        }[category]
        per_head = int(standard * D(share))  # whole yuan: the division is exact
        expenses = D(rng.randint(10, 60) * 500)
        income = D(per_head * 12 * size) + expenses
        file.annual_income, file.essential_expenses = income, expenses
        if category == HardshipCategory.ACCIDENT:
            if rng.random() < 0.4:
                file.accident_event = rng.choice([AccidentEvent.SAFETY, AccidentEvent.DISASTER])
                file.cause = HardshipCause.ACCIDENT
            else:
                file.hardship_costs = (income * D(rng.uniform(0.85, 1.4))).quantize(D("1"))
                file.cause = HardshipCause.ILLNESS
        judged = judge(
            annual_income=income,
            essential_expenses=expenses,
            household_size=size,
            standard=standard,
            hardship_costs=file.hardship_costs,
            accident_event=file.accident_event,
        )
        assert judged.category == category, (category, judged)
        file.per_head_monthly, file.living_standard = judged.per_head, judged.standard
        file.category, file.judged_on = category, day

    def _household(self, file: HardshipFile, *, child_born: int | None) -> None:
        rng = self.rng
        relations = [Relation.SPOUSE, Relation.CHILD, Relation.PARENT, Relation.CHILD]
        if child_born is not None:
            relations = [Relation.CHILD, Relation.SPOUSE, Relation.PARENT, Relation.CHILD]
        for i in range(file.household_size - 1):
            relation = relations[i % len(relations)]
            born = (
                child_born
                if relation == Relation.CHILD and i == 0 and child_born
                else rng.randint(1945, 2012)
            )
            self._add(
                HouseholdMember(
                    file=file,
                    name=numbers.person_name(rng.choice, female=rng.random() < 0.5),
                    relation=relation,
                    birth_year=born,
                    situation=rng.choice(["在读", "患病", "无业", "务工", ""]),
                )
            )

    def open_file(
        self,
        opened: datetime.date,
        *,
        person: Person | None = None,
        previous: HardshipFile | None = None,
        category: str | None = None,
        child_born: int | None = None,
    ) -> HardshipFile:
        rng = self.rng
        p = person or self.person(self._union() if rng.random() < 0.85 else None)
        # a town union opens the file of a worker of a small employer without a union
        union = p.union if rng.random() < 0.85 or p.member else p.union.town
        town = union if union.kind == OrgKind.TOWN else union.town
        category = category or rng.choices(list(HardshipCategory), [40, 45, 15])[0]
        size = rng.randint(2, 5) if child_born else rng.randint(1, 5)
        employers = self.employers.get(town.pk) or [None]
        employer = rng.choice(employers)
        migrant = rng.random() < 0.3
        file = HardshipFile(
            number=f"KN{opened.year}{self.keys[HardshipFile] + 1:06d}",
            union=union,
            town=town,
            member=p.member,
            name=p.name,
            employer_name=employer.name if employer else "",
            is_migrant_worker=migrant,
            employed_since=opened - datetime.timedelta(days=rng.randint(400, 4000)),
            household_size=size,
            cause=rng.choice(
                [
                    HardshipCause.ILLNESS,
                    HardshipCause.LOW_INCOME,
                    HardshipCause.UNEMPLOYMENT,
                    HardshipCause.DISABILITY,
                    HardshipCause.SCHOOLING,
                ]
            ),  # fmt: skip
            situation="家庭收入低，生活困难。",
            opened_on=opened,
            contact_name=numbers.person_name(rng.choice, female=rng.random() < 0.6),
            contact_phone=self._phone(),
            previous=previous,
            org_path=union.path,
            state=FileState.SUBMITTED,
            **identity_values(ric=p.ric, phone=self._phone()),
        )
        self._figures(file, category, opened)
        self._add(file)
        self._household(file, child_born=child_born)
        file.person = p  # the builder's: who the worker is, for the grants
        reviewed = opened + datetime.timedelta(days=rng.randint(3, 10))
        approved = reviewed + datetime.timedelta(days=rng.randint(3, 15))
        if reviewed <= self.as_of:
            file.state, file.reviewed_on = FileState.REVIEWED, reviewed
        if approved <= self.as_of:
            file.state, file.approved_on = FileState.APPROVED, approved
            file.last_visit_on = approved  # the visit the file was opened on
            file.visit_due = add_months(approved, VISIT_MONTHS)
            file.review_due = add_months(approved, REVIEW_MONTHS)
        return file

    def _visit(self, file, kind, day, note="入户了解家庭生活情况，宣传帮扶政策。"):
        self._add(
            HomeVisit(
                file=file,
                kind=kind,
                visited_on=day,
                visitor=file.contact_name,
                note=note,
                org_path=file.org_path,
            )
        )

    def live(self, file: HardshipFile, *, exit_on: datetime.date | None, lapse: str = "") -> None:
        """Visits every six months and yearly reviews from the approval up to the exit's
        notice (or `as_of`); `lapse` stops the visits ("visit") or skips the last review
        ("review") so that it is due."""
        if file.approved_on is None:
            return
        end = exit_on or self.as_of
        rng = self.rng
        visit, review = file.visit_due, file.review_due
        stop_visits = add_months(self.as_of, -rng.randint(7, 10)) if lapse == "visit" else None
        while True:
            day = visit - datetime.timedelta(days=rng.randint(0, 40))
            if day > end or (stop_visits and day > stop_visits):
                break
            self._visit(file, VisitKind.VISIT, day)
            file.last_visit_on, file.visit_due = day, add_months(day, VISIT_MONTHS)
            visit = file.visit_due
        while True:
            day = review - datetime.timedelta(days=rng.randint(0, 30))
            last_due = review < self.as_of - datetime.timedelta(days=10)
            if lapse == "review" and last_due and add_months(review, REVIEW_MONTHS) > self.as_of:
                break  # the last review is not done: overdue
            if day > end:
                break
            self._visit(file, VisitKind.REVIEW, day, note="年度复核：家庭收支情况核实，继续帮扶。")
            file.review_due = add_months(day, REVIEW_MONTHS)
            review = file.review_due
            # judged again by the standard in force, the household's figures as found then
            self._figures(file, file.category, day)
        if exit_on is not None:
            self.exit(file, exit_on)

    def exit(self, file: HardshipFile, notice_from: datetime.date, *, finish: bool = True) -> None:
        rng = self.rng
        file.state = FileState.EXIT_NOTICE
        file.exit_reason = rng.choice(
            [
                "家庭成员就业，收入已超过标准。",
                "病情好转，家庭收入稳定。",
                "子女毕业参加工作，家庭脱困。",
            ]
        )
        file.exit_notice_from = notice_from
        file.exit_notice_until = add_workdays(notice_from, 5)
        exited = file.exit_notice_until + datetime.timedelta(days=rng.randint(1, 10))
        if not finish or exited > self.as_of:
            return
        file.state, file.exited_on = FileState.EXITED, exited
        file.follow_up_until = add_months(exited, FOLLOW_UP_MONTHS)
        day = add_months(exited, 3)
        while day <= min(file.follow_up_until, self.as_of):
            self._visit(file, VisitKind.FOLLOW_UP, day, note="退档回访：家庭生活稳定。")
            day = add_months(day, 3)

    def build_files(self) -> list[HardshipFile]:
        """2013's files (opened in its first half, the school-aid families with a child
        admitted that year), then a few a year up to `as_of`: some exit each year after a
        notice and follow-up, a few fall back and are registered again."""
        rng = self.rng
        files: list[HardshipFile] = []
        self.school_families: list[HardshipFile] = []
        if self.as_of.year > CLOSED_YEAR:
            for i in range(FILES_2013):
                child = 1995 if i < GRANTS_2013["school_aid"][0] else None
                opened = self._day(datetime.date(2013, 1, 5), datetime.date(2013, 6, 20))
                f = self.open_file(opened, child_born=child)
                files.append(f)
                if child:
                    self.school_families.append(f)
        for year in range(CLOSED_YEAR + 1, self.year + 1):
            for _ in range(FILES_A_YEAR):
                last = datetime.date(year, 12, 31)
                files.append(self.open_file(self._day(datetime.date(year, 1, 5), last)))
        # this year's applications in hand: submitted and reviewed, not yet approved
        for days in (1, 2, 4, 6, 9):
            files.append(self.open_file(self.as_of - datetime.timedelta(days=days)))
        fell_back = []
        for f in list(files):
            if f.approved_on is None:
                continue
            stays = rng.random() < 0.5 or f.opened_on.year == self.year
            exit_on = None
            if not stays:
                earliest = add_months(f.approved_on, 14)
                if earliest < add_months(self.as_of, -1):
                    exit_on = self._day(earliest, add_months(self.as_of, -1))
            lapse = ""
            if exit_on is None and f.opened_on.year < self.year:
                lapse = rng.choices(["", "visit", "review"], [70, 18, 12])[0]
            self.live(f, exit_on=exit_on, lapse=lapse)
            if (
                f.state == FileState.EXITED
                and rng.random() < 0.12
                and add_months(f.follow_up_until, 2) < self.as_of
            ):
                fell_back.append(f)
        for old in fell_back:
            again = self._day(add_months(old.follow_up_until, 1), self.as_of)
            if again + datetime.timedelta(days=30) > self.as_of:
                continue
            f = self.open_file(again, person=old.person, previous=old)
            f.situation = f"曾于{old.exited_on:%Y年%m月}脱困退档，家庭再次陷入困难，重新建档。"
            self.live(f, exit_on=None)
            files.append(f)
        # one open file this year in its exit notice
        candidates = [
            f for f in files if f.state == FileState.APPROVED and f.opened_on.year < self.year
        ]
        if candidates:
            self.exit(rng.choice(candidates), self.as_of - datetime.timedelta(days=2), finish=False)
        self.files = files
        return files

    def open_on(self, day: datetime.date) -> list[HardshipFile]:
        return [
            f
            for f in self.files
            if f.approved_on and f.approved_on <= day and (f.exited_on is None or f.exited_on > day)
        ]

    # -- programs and grants ---------------------------------------------------------------
    def program(self, code: str, year: int, **extra) -> Program:
        p = self._add(
            Program(
                kind=self.kinds[code],
                name=f"{year}年{PROGRAM_NAMES[code]}",
                year=year,
                organizer=self.root,
                eligibility=ELIGIBILITY.get(code, Eligibility.ANY_MEMBER),
                once_per_person=True,
                opens_on=datetime.date(year, 1, 1),
                closes_on=datetime.date(year, 12, 31),
                is_open=year == self.year,
                description=f"区总工会{year}年{PROGRAM_NAMES[code]}项目。",
                org_path=self.root.path,
                **extra,
            )
        )
        if code in ("living_aid", "holiday_condolence", "winter_warmth"):
            p.hardship_categories = []  # every category of an open file
        p.committed = defaultdict(lambda: D("0.00"))  # the builder's: per town
        return p

    def grant(self, program: Program, person: Person, amount: Decimal, state: str, day, *,
              file: HardshipFile | None = None, **extra) -> Grant:  # fmt: skip
        rng = self.rng
        union = file.union if file else person.union
        town = union if union.kind == OrgKind.TOWN else union.town
        submitted = day
        g = Grant(
            number=f"ZJ{program.year}{self.keys[Grant] + 1:07d}",
            program=program,
            union=union,
            town=town,
            member=person.member,
            hardship_file=file,
            name=person.name,
            amount=amount,
            reason="家庭生活困难，申请帮扶。" if file else "",
            bank_name=BANK,
            state=GrantState.SUBMITTED,
            submitted_on=submitted,
            org_path=union.path,
            **identity_values(ric=person.ric, phone=self._phone()),
            **self._account(),
            **extra,
        )
        steps = [GrantState.REVIEWED, GrantState.APPROVED, GrantState.PAID]
        day = submitted
        for step, field in zip(steps, ("reviewed_on", "approved_on", "paid_on"), strict=True):
            if state == GrantState.SUBMITTED:
                break
            day = day + datetime.timedelta(days=rng.randint(2, 8))
            setattr(g, field, min(day, self.as_of))
            g.state = step
            if step == state:
                break
        if g.state in (GrantState.APPROVED, GrantState.PAID):
            if program.once_per_person:
                g.once_key = g.ric_hash
            program.committed[town.pk] += amount
        return self._add(g)

    def pay(self, program: Program, grants: list[Grant], day: datetime.date) -> None:
        """Disbursement lists by town, returned on `day`: the grants paid that day."""
        by_town: dict[int, list[Grant]] = defaultdict(list)
        for g in grants:
            by_town[g.town_id].append(g)
        for town_pk, rows in sorted(by_town.items()):
            town = self.by_pk[town_pk]
            issued = day - datetime.timedelta(days=self.rng.randint(3, 7))
            d = self._add(
                Disbursement(
                    number=f"FF{program.year}{self.keys[Disbursement] + 1:06d}",
                    program=program,
                    town=town,
                    state=DisbursementState.RETURNED,
                    grant_count=len(rows),
                    total=sum((g.amount for g in rows), D("0.00")),
                    paid_count=len(rows),
                    issued_on=issued,
                    returned_on=day,
                    org_path=town.path,
                )
            )
            for g in rows:
                g.disbursement, g.state, g.paid_on = d, GrantState.PAID, day
                g.approved_on = min(g.approved_on or issued, issued)
                g.reviewed_on = min(g.reviewed_on or g.approved_on, g.approved_on)
                g.submitted_on = min(g.submitted_on, g.reviewed_on)

    def budgets(self, program: Program, headroom: float = 1.15) -> None:
        """The program's budget split to the towns: each town's committed grants and room."""
        total = D("0.00")
        for town in self.towns:
            committed = program.committed.get(town.pk, D("0.00"))
            share = D(int(float(committed) * headroom / 1000 + 1) * 1000).quantize(D("0.01"))
            self._add(ProgramBudget(program=program, town=town, amount=share, org_path=town.path))
            total += share
        program.budget = total

    def _paid_year(self, year: int, sizes: dict[str, tuple[int, Decimal]], live: bool = False):
        """A year's money programs, each paid on its season's day (up to `as_of`)."""
        rng = self.rng
        seasons = {
            "winter_warmth": datetime.date(year, 1, 20),
            "holiday_condolence": datetime.date(year, 9, 25),  # 中秋、国庆
            "living_aid": datetime.date(year, 6, 18),
            "model_worker_condolence": datetime.date(year, 4, 28),
            "training_subsidy": datetime.date(year, 11, 15),
            "school_aid": datetime.date(year, 9, 10),
        }
        for code, (n, total) in sizes.items():
            pay_day = seasons[code]
            low, high = {
                "school_aid": (1000, 3000),
                "living_aid": (1000, 2000),
                "holiday_condolence": (900, 900),
                "model_worker_condolence": (1500, 1500),
                "training_subsidy": (1500, 3000),
                "winter_warmth": (500, 800),
            }[code]
            amounts = _split(rng, total, n, low, high)
            extra = {"standard_amount": D(low)} if low == high else {"cap_amount": D(high)}
            program = self.program(code, year, **extra)
            people = self._recipients(code, year, n, pay_day)
            apply_from = pay_day - datetime.timedelta(days=60)
            paid = []
            # this year's last applications are still in hand (all when not yet paid)
            in_hand = round(len(people) * 0.25) if live else 0
            if pay_day > self.as_of:
                in_hand = len(people) if live else 0
            for i, ((person, file, child), amount) in enumerate(zip(people, amounts, strict=False)):
                kids = (
                    {"child_name": child, "school": rng.choice(SCHOOLS), "admission_year": year}
                    if code == "school_aid"
                    else {}
                )
                if i >= len(people) - in_hand:
                    self._live_grant(
                        program, person, amount, file, kids, first=i == len(people) - in_hand
                    )
                elif pay_day <= self.as_of:
                    day = self._day(apply_from, pay_day - datetime.timedelta(days=25))
                    g = self.grant(
                        program, person, amount, GrantState.APPROVED, day, file=file, **kids
                    )
                    paid.append(g)
            if paid:
                self.pay(program, paid, pay_day)
            self.budgets(program)

    def _live_grant(self, program, person, amount, file, kids, *, first: bool) -> None:
        """An application of this year's program not paid yet: submitted, reviewed, or
        approved in a batch that is on no disbursement list yet (the first of each)."""
        state = self.rng.choices(
            [GrantState.SUBMITTED, GrantState.REVIEWED, GrantState.APPROVED], [4, 3, 3]
        )[0]
        if first:
            state = GrantState.APPROVED
        day = self.as_of - datetime.timedelta(days=self.rng.randint(12, 40))
        if state == GrantState.SUBMITTED:
            day = self.as_of - datetime.timedelta(days=self.rng.randint(0, 10))
        self.grant(program, person, amount, state, day, file=file, **kids)

    def _recipients(self, code: str, year: int, n: int, day: datetime.date):
        """(person, hardship file or None, child's name) for `n` grants of the program."""
        rng = self.rng
        if code in ("winter_warmth", "holiday_condolence", "living_aid", "school_aid"):
            on = min(day, self.as_of)
            if code == "school_aid" and year == CLOSED_YEAR:
                pool = self.school_families
            else:
                pool = self.open_on(on)
            found = []
            for f in rng.sample(pool, min(n, len(pool))):  # only open files: maybe fewer
                child = numbers.person_name(rng.choice, female=rng.random() < 0.5)
                child = f.person.name[0] + child[1:]  # the family's surname
                found.append((f.person, f, child if code == "school_aid" else ""))
            return found
        model = code == "model_worker_condolence"
        return [(self.person(model_worker=model), None, "") for _ in range(n)]

    def build_grants(self) -> None:
        """2013 as the report's; each year after smaller (the report's year is the one with
        figures to show), the per-head amounts growing a little; the current year partly live."""
        if self.as_of.year > CLOSED_YEAR:
            self._paid_year(CLOSED_YEAR, GRANTS_2013)
        rng = self.rng
        for year in range(CLOSED_YEAR + 1, self.year + 1):
            grow = 1 + (year - CLOSED_YEAR) * 0.03
            each = {
                "winter_warmth": (rng.randint(60, 90), 600),
                "holiday_condolence": (rng.randint(60, 90), 900),
                "living_aid": (rng.randint(35, 60), min(1900, round(15 * grow) * 100)),
                "school_aid": (rng.randint(30, 50), min(2800, round(18 * grow) * 100)),
                "model_worker_condolence": (rng.randint(15, 25), 1500),
                "training_subsidy": (rng.randint(80, 150), min(2900, round(23 * grow) * 100)),
            }
            sizes = {code: (n, D(n * amount)) for code, (n, amount) in each.items()}
            self._paid_year(year, sizes, live=year == self.year)

    # -- services ----------------------------------------------------------------------------
    def record(self, kind: str, day: datetime.date, organizer: Organization, title: str, **extra):
        return self._add(
            ServiceRecord(
                number=f"FW{day.year}{self.keys[ServiceRecord] + 1:07d}",
                kind=kind,
                title=title,
                held_on=day,
                organizer=organizer,
                org_path=organizer.path,
                **extra,
            )
        )

    def _town(self) -> Organization:
        return self.rng.choice(self.towns)

    def _services_year(self, year: int, sizes: dict[str, Any], share: float = 1.0) -> None:
        """A year's service records and in-kind deliveries (of `share` of its campaigns)."""
        rng = self.rng
        start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), self.as_of)
        if end < start:
            return
        records, people = sizes["health_checks"]
        for n in _counts(rng, people, records):
            town = self._town()
            employers = self.employers.get(town.pk) or [None]
            employer = rng.choice(employers)
            self.record(
                ServiceKind.HEALTH_CHECK, self._day(start, end), town, "送健康、送服务：企业职工免费体检",
                head_count=n, employer=employer, recipient=Recipient.PEOPLE,
                note=f"{employer.name if employer else '辖区企业'}职工体检{n}人。",
            )  # fmt: skip
        # condolence visits to work-injured workers, each named
        visits = sizes["injury_visits"]
        workers = sizes.get("injury_people", visits * 3)
        money = sizes.get("injury_amount") or D(workers * 600)
        amounts = _split(rng, money, workers, 400, 1000)
        per_record = _counts(rng, workers, visits)
        at = 0
        for n in per_record:
            town = self._town()
            rec = self.record(
                ServiceKind.INJURY_VISIT, self._day(start, end), town, "上门慰问因工受伤职工",
                head_count=n, recipient=Recipient.PEOPLE,
            )  # fmt: skip
            rec.named = True
            rec.amount = D("0.00")
            for amount in amounts[at : at + n]:
                union = rng.choice([u for u in self.unions if u.town_id == town.pk] or self.unions)
                p = self.person(union)
                b = ServiceBeneficiary(
                    record=rec, member=p.member, name=p.name, amount=amount,
                    note="工伤住院慰问", org_path=rec.org_path,
                )  # fmt: skip
                set_identity(b, ric=p.ric)
                self._add(b)
                rec.amount += amount
            at += n
        # the in-kind programs: periodicals to grassroots unions, cooling to sites
        periodicals = self.program("periodicals", year)
        n = sizes["periodicals"]
        values = _split(rng, sizes.get("periodicals_value") or D(n * 4800), n, 2000, 9000)
        for value in values:
            union = self._union()
            item = rng.choice(PERIODICALS)
            self.record(
                ServiceKind.IN_KIND, self._day(start, end), self.root, f"赠阅{item}",
                program=periodicals, recipient=Recipient.UNION, recipient_union=union,
                item=item, quantity=int(value / 200), value=value,
            )  # fmt: skip
        periodicals.budget = sum(values, D("0.00"))
        cooling = self.program("summer_cooling", year)
        sites, people, value = sizes["cooling"]
        cooling_day = datetime.date(year, 7, 15)
        if cooling_day <= self.as_of:
            values = _split(rng, value, sites, 1000, 6000)
            for n, v in zip(_counts(rng, people, sites), values, strict=True):
                town = self._town()
                employers = self.employers.get(town.pk) or [None]
                employer = rng.choice(employers)
                self.record(
                    ServiceKind.IN_KIND, self._day(cooling_day, datetime.date(year, 8, 31)), town,
                    "夏送清凉：向建筑工地工人派发防暑降温用品", program=cooling,
                    recipient=Recipient.SITE, employer=employer,
                    site=f"{town.name.removesuffix('总工会')}建筑工地",
                    item="防暑降温用品（凉茶、藿香正气水、毛巾）", quantity=n, value=v, head_count=n,
                )  # fmt: skip
            cooling.budget = value
        spring = self.program("spring_jobs", year)
        for kind, key, title in (
            (ServiceKind.EMPLOYMENT_GUIDANCE, "guidance", "春风行动：困难职工家庭子女就业指导"),
            (ServiceKind.JOB_REFERRAL, "referrals", "春风行动：困难职工家庭子女就业推荐"),
        ):
            records, people = sizes[key]
            for n in _counts(rng, people, records):
                day = self._day(datetime.date(year, 2, 10), datetime.date(year, 4, 30))
                if day < start or day > end:
                    continue
                self.record(kind, day, self._town(), title, program=spring, head_count=n)
        records, people = sizes["mixers"]
        for n in _counts(rng, people, records):
            self.record(
                ServiceKind.SOCIAL_MIXER, self._day(start, end), self.root,
                "职工交友联谊活动：为单身职工牵线搭桥", head_count=n,
            )  # fmt: skip

    def build_services(self) -> None:
        if self.as_of.year > CLOSED_YEAR:
            sizes = dict(SERVICES_2013)
            sizes["injury_people"] = REPORT_2013["assistance.injury_visits.people"]
            sizes["injury_amount"] = REPORT_2013["assistance.injury_visits.amount"]
            sizes["periodicals_value"] = REPORT_2013["assistance.periodicals.value"]
            self._services_year(CLOSED_YEAR, sizes)
        for year in range(CLOSED_YEAR + 1, self.year + 1):
            gone = 1.0
            if year == self.year:
                gone = max(30, (self.as_of - datetime.date(year, 1, 1)).days) / 365
            sizes = {
                "health_checks": (max(1, round(20 * gone)), max(20, round(16_000 * gone))),
                "injury_visits": max(1, round(12 * gone)),
                "periodicals": max(1, round(50 * gone)),
                "cooling": (20, 3_000, D("60000.00")),
                "guidance": (8, 800),
                "referrals": (5, 300),
                "mixers": (max(1, round(2 * gone)), max(2, round(200 * gone))),
            }
            self._services_year(year, sizes)

    # -- insert --------------------------------------------------------------------------------
    def insert(self) -> None:
        order = [LivingStandard, HardshipFile, HouseholdMember, HomeVisit, Program,
                 ProgramBudget, Disbursement, Grant, ServiceRecord, ServiceBeneficiary]  # fmt: skip
        files = self.rows[HardshipFile]
        # a file's `previous` is inserted before it (explicit keys, in order)
        for model in order:
            rows = self.rows[model]
            for row in rows:
                check_storable(row)
            if model is HardshipFile:
                rows.sort(key=lambda f: f.pk)
                assert all(f.previous is None or f.previous.pk < f.pk for f in files)
            model.objects.bulk_create(rows, batch_size=1000)
        reset_sequences(*order)


def post_disbursement_expenses(grants: list[Grant]) -> None:
    """Each disbursement list's grants paid on one day as the finance ledger's expense, as the
    bank return's hook posts them (importers: the same source, so never twice)."""
    from gonghui.finance.choices import Program as FinanceProgram
    from gonghui.finance.services.expenses import post_expense

    paid: dict[tuple[Any, datetime.date], list[Grant]] = defaultdict(list)
    for g in grants:
        if g.state == GrantState.PAID and g.disbursement is not None:
            paid[(g.disbursement, g.paid_on)].append(g)
    for (d, day), rows in sorted(paid.items(), key=lambda k: (k[0][1], k[0][0].pk)):
        post_expense(
            actor=None,
            org=d.program.organizer,
            program=FinanceProgram.ASSISTANCE,
            amount=sum((g.amount for g in rows), D("0.00")),
            paid_on=day,
            source=f"assistance.disbursement:{d.pk}:{min(g.pk for g in rows)}",
            memo=f"{d.program}：发放名单{d.number}，{len(rows)}笔（{day:%Y-%m-%d}）",
        )


def build(context: DemoContext) -> int:
    if context.as_of < datetime.date(CLOSED_YEAR, 2, 1):
        return 0  # the assistance history begins with 2013's first standard and files
    builder = AssistanceBuilder(seed=context.seed, as_of=context.as_of)
    builder.build_standards()
    builder.build_files()
    builder.build_grants()
    builder.build_services()
    builder.insert()
    post_disbursement_expenses(builder.rows[Grant])
    context.built["assistance"] = {m.__name__: len(rows) for m, rows in builder.rows.items()}
    return len(builder.rows[Grant])


# After members: a file's or grant's worker is a demo member where the run has members.
register_demo_builder(
    DemoBuilder(
        "assistance",
        build,
        after=("orgs", "members"),
        label="服务职工：低保标准、困难职工档案、2013年与本年帮扶项目和服务记录",
    )
)
