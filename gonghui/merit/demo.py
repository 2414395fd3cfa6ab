"""The merit part of the demo district (MERIT-1…3): the honor types as data, calendar 2013 as
the report's, the model-worker registry behind the members' 劳模 flag, and the current
year's live work (a round in its public notice today, a running competition).

2013 (whenever `as_of` is after it), at every scale unless said:
- 王锐祥 of 广州市番禺锐丰音响科技股份有限公司: 全国五一劳动奖章 (recommended by the district,
  awarded above); 东塑石油钻采 (广州东塑石油钻采专用设备有限公司)'s 技术研发中心: 广东省工人先锋号;
  12 teams: 广州市巾帼文明岗. The two employers are the demo's largest manufacturers with a
  single union, renamed (the demo's names are drawn; these two are the report's).
- The district's commendations through closed rounds (each nomination awarded, a few not
  passed): 15 模范职工之家, 85 先进职工之家 (unions: at the tiny scale's 40 a union may be
  both), 14 优秀工会之友, 80 优秀工会工作者, 101 工会积极分子.
- 2 innovation studios founded (王锐祥's and another model worker's), older ones before.
- A skills competition of the four trades, 290 contestants, 3 sent on (provincial and city
  contests), 1 provincial champion; four industry competitions (建设, 教育, 卫生, 旅游); the
  Ankang Cup, whose entries and workers are the district's in proportion to the scale
  (`ankang_2013`: 2,046 employers or teams and 45,380 workers at district scale).

Model workers: every member the members part flagged 劳模 gets an honor of an earlier year
(1995–2012) of a type that confers the title (national, provincial, city), entered through
`services.workers.enroll_from_honor`, so the flag and the registry agree.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.core.calendar import is_workday
from gonghui.core.pinyin import name_initials
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo.context import DEMO_ACTOR, DemoContext, Scale
from gonghui.demo.numbers import person_name
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from .choices import (
    BenefitKind,
    Bound,
    Category,
    Channel,
    CompetitionKind,
    CompetitionState,
    Level,
    NominationState,
    ObjectionState,
    ResultKind,
    RoundState,
    Subject,
    UpwardOutcome,
)
from .models import (
    Competition,
    CompetitionEntry,
    CompetitionEvent,
    Contestant,
    Honor,
    HonorRound,
    HonorShare,
    HonorType,
    InnovationStudio,
    ModelWorkerBenefit,
    Nomination,
    Objection,
    StudioResult,
)
from .rules.honors import notice_period
from .services.workers import enroll_from_honor

YEAR = 2013
RUIFENG = "广州市番禺锐丰音响科技股份有限公司"
DONGSU = "广州东塑石油钻采专用设备有限公司"
WANG = "王锐祥"
PIONEER_TEAM = "技术研发中心"
WOMEN_POSTS = 12
COMMENDED = {  # the 2013 commendations (通报表扬) by type name
    "番禺区模范职工之家": 15,
    "番禺区先进职工之家": 85,
    "番禺区优秀工会之友": 14,
    "番禺区优秀工会工作者": 80,
    "番禺区工会积极分子": 101,
}
NOT_PASSED = 2  # nominations of each 2013 commendation round that did not pass
TRADES = {"养老护理员": 62, "家政服务员": 58, "焊工": 96, "数控机床装调维修工": 74}  # 290
INDUSTRY_COMPETITIONS = (
    ("2013年番禺区建设系统“安全优质”劳动竞赛", "E", "番禺区住房和建设局", None),
    ("2013年番禺区教育系统教职工岗位练兵劳动竞赛", "P", "番禺区教育局", "番禺区教育系统工会"),
    ("2013年番禺区卫生系统“三好一满意”劳动竞赛", "Q", "番禺区卫生局", "番禺区卫生系统工会"),
    ("2013年番禺区旅游行业服务技能劳动竞赛", "H", "番禺区旅游局", None),
)
# The Ankang Cup at district scale ("2000多个企业（班组）、4.5万多名员工参与"), in proportion.
ANKANG_ENTRIES, ANKANG_WORKERS = 2_046, 45_380
STUDIOS_2013 = 2
# (name, level, subject, conferred by, confers the title, commendation, notice days)
TYPES: Sequence[tuple[str, str, str, str, bool, bool]] = (
    ("全国五一劳动奖章", Level.NATIONAL, Subject.PERSON, "中华全国总工会", True, False),
    ("全国劳动模范", Level.NATIONAL, Subject.PERSON, "国务院", True, False),
    ("全国工人先锋号", Level.NATIONAL, Subject.TEAM, "中华全国总工会", False, False),
    ("广东省劳动模范", Level.PROVINCIAL, Subject.PERSON, "广东省人民政府", True, False),
    ("广东省五一劳动奖章", Level.PROVINCIAL, Subject.PERSON, "广东省总工会", False, False),
    ("广东省工人先锋号", Level.PROVINCIAL, Subject.TEAM, "广东省总工会", False, False),
    ("广州市劳动模范", Level.CITY, Subject.PERSON, "广州市人民政府", True, False),
    ("广州市五一劳动奖章", Level.CITY, Subject.PERSON, "广州市总工会", False, False),
    ("广州市巾帼文明岗", Level.CITY, Subject.TEAM, "广州市妇女联合会", False, False),
    ("番禺区模范职工之家", Level.DISTRICT, Subject.ORGANIZATION, "番禺区总工会", False, True),
    ("番禺区先进职工之家", Level.DISTRICT, Subject.ORGANIZATION, "番禺区总工会", False, True),
    ("番禺区优秀工会之友", Level.DISTRICT, Subject.PERSON, "番禺区总工会", False, True),
    ("番禺区优秀工会工作者", Level.DISTRICT, Subject.PERSON, "番禺区总工会", False, True),
    ("番禺区工会积极分子", Level.DISTRICT, Subject.PERSON, "番禺区总工会", False, True),
)
MODEL_WORKER_TYPES = (("全国劳动模范", 1), ("广东省劳动模范", 3), ("广州市劳动模范", 8))
BENEFITS = (  # demo values (domain-rules §11: the amounts are settings)
    (Level.NATIONAL, BenefitKind.ALLOWANCE, "500.00", None, None),
    (Level.PROVINCIAL, BenefitKind.ALLOWANCE, "300.00", None, None),
    (Level.CITY, BenefitKind.ALLOWANCE, "200.00", None, None),
    (Level.NATIONAL, BenefitKind.PENSION, None, "15.00", None),
    (Level.PROVINCIAL, BenefitKind.PENSION, None, "10.00", None),
    (Level.NATIONAL, BenefitKind.HEALTH_CHECK, None, None, 1),
    (Level.PROVINCIAL, BenefitKind.HEALTH_CHECK, None, None, 1),
    (Level.CITY, BenefitKind.HEALTH_CHECK, None, None, 1),
    (Level.CITY, BenefitKind.CONDOLENCE, "1500.00", None, 1),
)
CURRENT_ROUND = "番禺区优秀工会工作者"  # the type whose current-year round is in its notice


def ankang_2013(scale: Scale) -> tuple[int, int]:
    """The Ankang Cup's 2013 entries and workers at a scale (the district's in proportion to
    its employers and its members); at least one entry."""
    district_employers, district_members = 50_000, 400_000
    entries = max(1, round(ANKANG_ENTRIES * scale.employers / district_employers))
    return entries, round(ANKANG_WORKERS * scale.members / district_members)


def report_2013(scale: Scale) -> dict[str, int]:
    """The 2013 figures the demo gives at a scale, by indicator code."""
    entries, workers = ankang_2013(scale)
    return {
        "merit.honors.national": 1,
        "merit.honors.provincial": 1,
        "merit.honors.city": WOMEN_POSTS,
        "merit.honors.may_day_medal": 1,
        "merit.honors.workers_pioneer": 1,
        "merit.honors.women_post": WOMEN_POSTS,
        "merit.commendations.total": sum(COMMENDED.values()),
        "merit.commendations.model_home": 15,
        "merit.commendations.advanced_home": 85,
        "merit.commendations.union_friend": 14,
        "merit.commendations.union_worker": 80,
        "merit.commendations.activist": 101,
        "merit.studios.new": STUDIOS_2013,
        "merit.competitions.skills": 1,
        "merit.competitions.industry": len(INDUSTRY_COMPETITIONS),
        "merit.competitions.ankang": 1,
        "merit.skills.contestants": sum(TRADES.values()),
        "merit.skills.trades": len(TRADES),
        "merit.skills.sent_on": 3,
        "merit.skills.next_champions": 1,
        "merit.ankang.entries": entries,
        "merit.ankang.workers": workers,
    }


@dataclass(frozen=True)
class Person:
    member: Member | None
    name: str
    employer: Employer | None
    union: Organization


class MeritBuilder:
    def __init__(self, context: DemoContext):
        self.context = context
        self.as_of = context.as_of
        self.rng = random.Random(context.seed * 53 + 18)
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        grassroots = Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
        self.union_by_pk = {u.pk: u for u in grassroots}
        self.unions = [u for u in self.union_by_pk.values() if u.is_active]
        self.employers = list(
            Employer.objects.filter(union__in=self.unions).order_by("pk").select_related("union")
        )
        self.employer_of = {}
        for e in self.employers:
            self.employer_of.setdefault(e.union_id, e)
        self.members = (
            list(
                Member.objects.filter(status=MemberStatus.ACTIVE, union__in=self.unions)
                .order_by("pk")
                .values_list("pk", "joined_on")
            )
            if context.members
            else []
        )
        self.types: dict[str, HonorType] = {}

    # -- helpers -------------------------------------------------------------------------------
    def day(self, year: int, first: tuple[int, int], last: tuple[int, int]) -> datetime.date:
        start, end = datetime.date(year, *first), datetime.date(year, *last)
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def people(self, n: int, by: datetime.date) -> list[Person]:
        """`n` different people: the unions' members who had joined by `by` where the run
        has members, else a name of an employer's staff (a union's employer)."""
        if self.members:
            joined = [pk for pk, on in self.members if on <= by]
            picked = self.rng.sample(joined, min(n, len(joined)))
            found = Member.objects.select_related("employer").in_bulk(picked)
            return [
                Person(m, m.name, m.employer, self.union_by_pk[m.union_id])
                for m in (found[pk] for pk in picked)
            ]
        found = []
        for _ in range(n):
            employer = self.rng.choice(self.employers)
            name = person_name(self.rng.choice, female=self.rng.random() < 0.45)
            found.append(Person(None, name, employer, employer.union))
        return found

    # -- types ---------------------------------------------------------------------------------
    def build_types(self) -> None:
        rows = [
            HonorType(
                name=name,
                level=level,
                subject=subject,
                conferred_by=by,
                confers_model_worker=title,
                is_commendation=commendation,
                criteria=f"{by}《{name}评选办法》（演示）。",
                order=10 * (i + 1),
            )
            for i, (name, level, subject, by, title, commendation) in enumerate(TYPES)
        ]
        self.types = {t.name: t for t in HonorType.objects.bulk_create(rows)}
        # domain-rules §11: the May Day medal's and the model workers' category shares
        shares = [
            (Category.NON_PUBLIC, 35),
            (Category.INDUSTRIAL, 35),
            (Category.FRONTLINE, 20),
            (Category.MIGRANT, 10),
        ]
        HonorShare.objects.bulk_create(
            HonorShare(honor_type=t, category=c, bound=Bound.AT_LEAST, percent=p)
            for t in self.types.values()
            if t.confers_model_worker
            for c, p in shares
        )
        HonorShare.objects.bulk_create(
            [
                HonorShare(
                    honor_type=self.types["广东省劳动模范"],
                    category=Category.HEAD,
                    bound=Bound.AT_MOST,
                    percent=15,
                )
            ]
        )
        ModelWorkerBenefit.objects.bulk_create(
            ModelWorkerBenefit(
                level=level,
                kind=kind,
                amount=amount,
                percent=percent,
                times_a_year=times,
                effective_from=datetime.date(2010, 1, 1),
                note="演示数据：金额、比例为虚构。",
            )
            for level, kind, amount, percent, times in BENEFITS
        )

    # -- the report's employers ----------------------------------------------------------------
    def rename(self, employer: Employer, name: str) -> Employer:
        """The report's employer in a drawn one's place (its single union renamed with it)."""
        employer.name = name
        employer.name_initials = name_initials(name)
        employer.save(update_fields=["name", "name_initials"])
        union = employer.union
        union.name = f"{name}工会委员会"
        union.name_initials = name_initials(union.name)
        union.save(update_fields=["name", "name_initials"])
        return employer

    def report_employers(self) -> tuple[Employer, Employer]:
        """The two largest manufacturers that are their union's only employer (any
        employer alone in its union where the district has too few)."""
        covered: dict[int, int] = {}
        for e in self.employers:
            covered[e.union_id] = covered.get(e.union_id, 0) + 1
        alone = [e for e in self.employers if covered[e.union_id] == 1]
        ranked = sorted(alone, key=lambda e: (e.industry != "C", -e.headcount, e.pk))
        return self.rename(ranked[0], RUIFENG), self.rename(ranked[1], DONGSU)

    # -- honors --------------------------------------------------------------------------------
    def honor(self, kind: HonorType, year: int, on: datetime.date, **fields: Any) -> Honor:
        union = fields["union"]
        return Honor(honor_type=kind, year=year, awarded_on=on, org_path=union.path, **fields)

    def upward(self, kind: HonorType, subject: Person, on: datetime.date) -> Honor:
        """A title the district recommended and the level above conferred."""
        round_ = HonorRound.objects.create(
            honor_type=kind,
            year=YEAR,
            name=f"{YEAR}年{kind.name}推荐",
            organizer=self.root,
            quota=1,
            state=RoundState.CLOSED,
            nominations_close_on=on - datetime.timedelta(days=60),
            awarded_on=on,
            org_path=self.root.path,
        )
        nomination = Nomination.objects.create(
            round=round_,
            union=subject.union,
            member=subject.member,
            name=subject.name,
            employer=subject.employer,
            categories=[Category.NON_PUBLIC, Category.FRONTLINE],
            deeds="长期扎根生产一线，带领团队攻克关键技术，成果转化效益显著。",
            state=NominationState.RECOMMENDED,
            upward_outcome=UpwardOutcome.AWARDED,
            org_path=subject.union.path,
        )
        return self.honor(
            kind,
            YEAR,
            on,
            nomination=nomination,
            member=subject.member,
            name=subject.name,
            employer=subject.employer,
            union=subject.union,
            document_no=f"{kind.conferred_by}〔{YEAR}〕{self.rng.randint(10, 99)}号",
        )

    def build_2013_honors(self, ruifeng: Employer, dongsu: Employer) -> list[Honor]:
        medal = self.upward(
            self.types["全国五一劳动奖章"],
            Person(None, WANG, ruifeng, ruifeng.union),
            datetime.date(YEAR, 4, 28),
        )
        pioneer = self.upward(
            self.types["广东省工人先锋号"],
            Person(None, PIONEER_TEAM, dongsu, dongsu.union),
            datetime.date(YEAR, 4, 26),
        )
        posts = []
        teams = ["客户服务中心", "护理部", "财务部", "质检班组", "营业厅", "收费站", "检验科"]
        chosen = self.rng.sample(self.employers, min(WOMEN_POSTS, len(self.employers)))
        while len(chosen) < WOMEN_POSTS:  # a tiny district: an employer's second team
            chosen.append(self.rng.choice(self.employers))
        for i, employer in enumerate(chosen):
            posts.append(
                self.honor(
                    self.types["广州市巾帼文明岗"],
                    YEAR,
                    datetime.date(YEAR, 3, 6),
                    name=f"{teams[i % len(teams)]}（{i + 1}）" if i >= len(teams) else teams[i],
                    employer=employer,
                    union=employer.union,
                    document_no=f"穗妇〔{YEAR}〕8号",
                )
            )
        return [medal, pioneer, *posts]

    def commendation_round(self, kind: HonorType, n: int) -> list[Honor]:
        awarded_on = datetime.date(YEAR, 12, 20)
        notice_from = datetime.date(YEAR, 12, 2)
        round_ = HonorRound.objects.create(
            honor_type=kind,
            year=YEAR,
            name=f"{YEAR}年度{kind.name}评选",
            organizer=self.root,
            quota=n,
            nominations_close_on=datetime.date(YEAR, 11, 15),
            state=RoundState.CLOSED,
            notice_from=notice_from,
            notice_until=notice_period(notice_from, kind.notice_workdays),
            awarded_on=awarded_on,
            document_no=f"番工〔{YEAR + 1}〕{self.rng.randint(1, 30)}号",
            org_path=self.root.path,
        )
        if kind.subject == Subject.ORGANIZATION:
            homes = self.rng.sample(self.unions, min(n + NOT_PASSED, len(self.unions)))
            while len(homes) < n + NOT_PASSED:  # the tiny district: fewer unions than homes
                homes.append(self.rng.choice(self.unions))
            subjects = [Person(None, u.name, self.employer_of.get(u.pk), u) for u in homes]
        else:
            subjects = self.people(n + NOT_PASSED, awarded_on)
        nominations = Nomination.objects.bulk_create(
            Nomination(
                round=round_,
                union=s.union,
                member=s.member,
                name=s.name,
                employer=s.employer,
                organization=s.union if kind.subject == Subject.ORGANIZATION else None,
                categories=[Category.FRONTLINE] if s.member else [],
                deeds="热心工会工作，积极维护职工合法权益，组织开展职工文体活动。",
                state=NominationState.AWARDED if i < n else NominationState.REJECTED,
                decision_note="" if i < n else "事迹材料不充分，本年度未通过评审。",
                org_path=s.union.path,
            )
            for i, s in enumerate(subjects)
        )
        return [
            self.honor(
                kind,
                YEAR,
                awarded_on,
                nomination=nom,
                member=nom.member,
                name=nom.name,
                employer=nom.employer,
                organization=nom.organization,
                union=nom.union,
                document_no=round_.document_no,
            )
            for nom in nominations
            if nom.state == NominationState.AWARDED
        ]

    def build_model_workers(self) -> None:
        """A registry row for each member flagged 劳模, from an honor of an earlier year."""
        flagged = Member.objects.filter(is_model_worker=True).order_by("pk")
        names, weights = zip(*MODEL_WORKER_TYPES, strict=True)
        honors = []
        for m in flagged.select_related("employer"):
            union = self.union_by_pk[m.union_id]
            kind = self.types[self.rng.choices(names, weights)[0]]
            year = self.rng.randint(1995, YEAR - 1)
            honors.append(
                self.honor(
                    kind,
                    year,
                    datetime.date(year, 4, 28),
                    member=m,
                    name=m.name,
                    employer=m.employer,
                    union=union,
                    document_no=f"{kind.conferred_by}〔{year}〕{self.rng.randint(1, 60)}号",
                )
            )
        for honor in Honor.objects.bulk_create(honors):
            enroll_from_honor(actor=DEMO_ACTOR, honor=honor)

    # -- studios -------------------------------------------------------------------------------
    def build_studios(self, ruifeng: Employer, medal: Honor) -> None:
        wang = enroll_from_honor(actor=DEMO_ACTOR, honor=medal)
        others = list(
            Honor.objects.filter(model_worker__isnull=False, year__lt=YEAR)
            .exclude(pk=medal.pk)
            .select_related("model_worker", "employer")
            .order_by("pk")[:3]
        )
        specs = [
            (f"{WANG}劳模创新工作室", ruifeng, wang, WANG, datetime.date(YEAR, 5, 18), "专业音响"),
        ]
        fields = ["数控加工工艺", "节能降耗", "电气自动化"]
        for i, h in enumerate(others):
            employer = h.employer or self.employer_of.get(h.union_id) or ruifeng
            founded = datetime.date(YEAR, 9, 26) if i == 0 else datetime.date(2011 - i, 6, 1)
            specs.append(
                (f"{h.name}劳模创新工作室", employer, h.model_worker, h.name, founded, fields[i])
            )
        if len(specs) < STUDIOS_2013:  # no member model workers: a named leader
            specs.append(
                ("东塑石油钻采技术创新工作室", ruifeng, None, "李建华", datetime.date(YEAR, 9, 26),
                 "钻采装备"),
            )  # fmt: skip
        for name, employer, leader, leader_name, founded, field in specs:
            union = employer.union or self.root
            studio = InnovationStudio.objects.create(
                name=name,
                level=Level.DISTRICT,
                employer=employer,
                union=union,
                leader=leader,
                leader_name=leader_name,
                founded_on=founded,
                field=field,
                org_path=union.path,
            )
            StudioResult.objects.bulk_create(
                StudioResult(
                    studio=studio,
                    kind=kind,
                    title=f"{field}{title}",
                    achieved_on=min(self.as_of, founded + datetime.timedelta(days=200 * (k + 1))),
                    benefit="120000.00" if kind == ResultKind.TECHNIQUE else None,
                    org_path=union.path,
                )
                for k, (kind, title) in enumerate(
                    ((ResultKind.TECHNIQUE, "工艺改进"), (ResultKind.PATENT, "实用新型专利"))
                )
            )

    # -- competitions --------------------------------------------------------------------------
    def competition(self, kind: str, name: str, organizer: Organization, **fields: Any):
        return Competition.objects.create(
            kind=kind, name=name, organizer=organizer, org_path=organizer.path, **fields
        )

    def build_skills(self) -> None:
        comp = self.competition(
            CompetitionKind.SKILLS,
            f"{YEAR}年番禺区职工职业技能竞赛",
            self.root,
            year=YEAR,
            co_organizers="番禺区人力资源和社会保障局",
            starts_on=datetime.date(YEAR, 9, 10),
            ends_on=datetime.date(YEAR, 10, 25),
            state=CompetitionState.FINISHED,
            next_level="广东省职业技能大赛、广州市职业技能大赛",
        )
        events = CompetitionEvent.objects.bulk_create(
            CompetitionEvent(competition=comp, name=t) for t in TRADES
        )
        people = self.people(sum(TRADES.values()), comp.starts_on)
        rows, at = [], 0
        # the three sent on: the winners of three trades; one became the province's champion
        next_results = {
            "焊工": ("广东省职业技能大赛焊工决赛冠军", 1),
            "数控机床装调维修工": ("广州市职业技能大赛第二名", 2),
            "养老护理员": ("广州市职业技能大赛优秀奖", 6),
        }
        for event, n in zip(events, TRADES.values(), strict=True):
            scores = sorted((round(self.rng.uniform(55, 98), 2) for _ in range(n)), reverse=True)
            for rank, score in enumerate(scores, start=1):
                p = people[at % len(people)]
                at += 1
                sent = rank == 1 and event.name in next_results
                result, next_rank = next_results[event.name] if sent else ("", None)
                rows.append(
                    Contestant(
                        competition=comp,
                        event=event,
                        member=p.member,
                        name=p.name,
                        employer=p.employer,
                        union=p.union,
                        score=Decimal(str(score)),
                        rank=rank,
                        prize=_prize(rank),
                        sent_on=sent,
                        next_result=result,
                        next_rank=next_rank,
                        org_path=p.union.path,
                    )
                )  # fmt: skip
        Contestant.objects.bulk_create(rows)

    def build_industry(self) -> None:
        sectors = {
            o.name: o
            for o in Organization.objects.filter(
                name__in=[s for *_, s in INDUSTRY_COMPETITIONS if s]
            )
        }
        for i, (name, industry, co, sector) in enumerate(INDUSTRY_COMPETITIONS):
            organizer = sectors.get(sector, self.root) if sector else self.root
            comp = self.competition(
                CompetitionKind.INDUSTRY,
                name,
                organizer,
                year=YEAR,
                industry={"E": "建设", "P": "教育", "Q": "卫生", "H": "旅游"}[industry],
                co_organizers=co,
                starts_on=datetime.date(YEAR, 3 + 2 * i, 1),
                ends_on=datetime.date(YEAR, 11, 30),
                state=CompetitionState.FINISHED,
            )
            pool = [e for e in self.employers if e.industry == industry] or self.employers
            picked = self.rng.sample(pool, min(len(pool), 8))
            CompetitionEntry.objects.bulk_create(
                CompetitionEntry(
                    competition=comp,
                    employer=e,
                    workers=max(1, round(e.headcount * 0.6)),
                    result="先进单位" if k < 2 else "",
                    org_path=e.union.path,
                )
                for k, e in enumerate(picked)
            )

    def build_ankang(self) -> None:
        entries, workers = ankang_2013(self.context.scale)
        comp = self.competition(
            CompetitionKind.ANKANG,
            f"{YEAR}年全国“安康杯”竞赛（番禺区）",
            self.root,
            year=YEAR,
            level=Level.NATIONAL,
            co_organizers="番禺区安全生产监督管理局",
            starts_on=datetime.date(YEAR, 4, 1),
            ends_on=datetime.date(YEAR, 12, 31),
            state=CompetitionState.FINISHED,
        )
        # employers first, then a team of each (班组) when the district has fewer employers
        ranked = sorted(self.employers, key=lambda e: (-e.headcount, e.pk))
        slots = [(e, "") for e in ranked[:entries]]
        team = 1
        while len(slots) < entries:
            slots += [(e, f"第{team}班组") for e in ranked[: entries - len(slots)]]
            team += 1
        weights = [max(1, e.headcount) for e, _ in slots]
        shares = _shares(workers, weights)
        CompetitionEntry.objects.bulk_create(
            (
                CompetitionEntry(
                    competition=comp,
                    employer=e,
                    team=t,
                    workers=w,
                    result="优胜单位" if k % 40 == 0 else "",
                    org_path=e.union.path,
                )
                for k, ((e, t), w) in enumerate(zip(slots, shares, strict=True))
            ),
            batch_size=2000,
        )

    # -- the current year ----------------------------------------------------------------------
    def build_current(self) -> None:
        year = self.as_of.year
        kind = self.types[CURRENT_ROUND]
        # the notice began the working day before today (or today), so today is inside it
        start = self.as_of - datetime.timedelta(days=1)
        while not is_workday(start) and start > self.as_of - datetime.timedelta(days=10):
            start -= datetime.timedelta(days=1)
        round_ = HonorRound.objects.create(
            honor_type=kind,
            year=year,
            name=f"{year}年度{kind.name}评选",
            organizer=self.root,
            quota=10,
            nominations_close_on=start - datetime.timedelta(days=20),
            state=RoundState.NOTICE,
            notice_from=start,
            notice_until=notice_period(start, kind.notice_workdays),
            org_path=self.root.path,
            note="公示期间如有异议，请以实名方式向区总工会反映。",
        )
        people = self.people(12, start)
        nominations = Nomination.objects.bulk_create(
            Nomination(
                round=round_,
                union=p.union,
                member=p.member,
                name=p.name,
                employer=p.employer,
                categories=[Category.FRONTLINE, Category.NON_PUBLIC][: 1 + i % 2],
                deeds="带领基层工会规范化建设，推动工资集体协商，服务职工成效明显。",
                state=NominationState.NOTICE if i < 10 else NominationState.REJECTED,
                org_path=p.union.path,
            )
            for i, p in enumerate(people)
        )
        Objection.objects.create(
            nomination=nominations[0],
            channel=Channel.PHONE,
            received_on=start,
            person_name="陈志明",
            content="反映该同志所在单位工会近两年未按期换届，请核实。",
            state=ObjectionState.OPEN,
            org_path=nominations[0].org_path,
        )
        running = self.competition(
            CompetitionKind.SKILLS,
            f"{year}年番禺区职工职业技能竞赛",
            self.root,
            year=year,
            starts_on=max(datetime.date(year, 1, 2), self.as_of - datetime.timedelta(days=30)),
            ends_on=self.as_of + datetime.timedelta(days=30),
            state=CompetitionState.RUNNING,
            next_level="广州市职业技能大赛",
        )
        events = CompetitionEvent.objects.bulk_create(
            CompetitionEvent(competition=running, name=t) for t in ("电工", "焊工", "茶艺师")
        )
        Contestant.objects.bulk_create(
            Contestant(
                competition=running,
                event=events[i % 3],
                member=p.member,
                name=p.name,
                employer=p.employer,
                union=p.union,
                org_path=p.union.path,
            )
            for i, p in enumerate(self.people(24, running.starts_on))
        )

    def build(self) -> None:
        self.build_types()
        ruifeng, dongsu = self.report_employers()
        if self.as_of.year > YEAR:
            honors = Honor.objects.bulk_create(self.build_2013_honors(ruifeng, dongsu))
            for name, n in COMMENDED.items():
                Honor.objects.bulk_create(self.commendation_round(self.types[name], n))
        self.build_model_workers()
        if self.as_of.year > YEAR:
            self.build_studios(ruifeng, honors[0])
            self.build_skills()
            self.build_industry()
            self.build_ankang()
        self.build_current()


def _prize(rank: int) -> str:
    return "一等奖" if rank == 1 else "二等奖" if rank <= 3 else "三等奖" if rank <= 8 else ""


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` split by `weights` exactly (largest remainders), each at least 1 when it
    can be."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    found = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (found[i] - raw[i], i))
    for i in order[: total - sum(found)]:
        found[i] += 1
    return found


def build(context: DemoContext) -> None:
    MeritBuilder(context).build()


register_demo_builder(
    DemoBuilder(
        "merit",
        build,
        after=("orgs", "members"),
        label="荣誉类型、2013年表彰与竞赛、劳模名册、本年度公示",
    )
)
