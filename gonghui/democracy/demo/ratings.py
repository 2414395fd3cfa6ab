"""The demo district's harmonious-relations ratings (DEMO-3).

- 2013 (whenever `as_of` is after it): the district's closed round, published 2013-12-20
  after its notice of 5 working days from 2013-12-02, with 208 A, 14 2A and 8 3A employers
  and 89 caring-employer and 195 devoted-employee awards at district scale (in proportion
  to the scale's employers, at least 1 each: `report_2013`); a few applications and
  nominations not passed. The rated employers are those the records serve best: a pool of
  unionized employers is scored from the records (`queries.ratings.facts_for`: union, wage
  contract, congress, open affairs, two displays, no arrears dispute in 2013) and ranked;
  the reviewer's criteria make up the rest of each total, inside its level's band.
- The current year (`as_of`'s): the district's round in its public notice today (from the
  last working day before `as_of`, `rules.ratings.notice_period`), its employers in notice
  with their levels, approved awards, one application not passed and one open objection.

2013's sheet is the round's own (criteria are data): the record-read criteria weigh 30
points and the reviewer's 70, so a unionized employer without an arrears dispute can reach
every level from its own records; the current round has the default sheet.
"""

import datetime
import random

from gonghui.core.calendar import is_workday
from gonghui.core.registry import DemoBuilder, register_demo_builder, registry
from gonghui.demo.context import DemoContext, Scale
from gonghui.demo.numbers import person_name
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import (
    ApplicationState,
    AwardKind,
    AwardState,
    Channel,
    CriterionSource,
    ObjectionState,
    RatingLevel,
    RatingRoundState,
)
from ..models import (
    AwardNomination,
    RatingApplication,
    RatingCriterion,
    RatingObjection,
    RatingRound,
    RatingScore,
)
from ..queries.ratings import facts_for
from ..rules import ratings as rules

YEAR = 2013
DISTRICT_EMPLOYERS = 50_000
RATED_2013 = {RatingLevel.A: 208, RatingLevel.AA: 14, RatingLevel.AAA: 8}
AWARDS_2013 = {AwardKind.CARING_EMPLOYER: 89, AwardKind.DEVOTED_EMPLOYEE: 195}
NOT_PASSED = 3  # applications of 2013 not passed (and nominations of each kind)
NOTICE_FROM_2013 = datetime.date(YEAR, 12, 2)
DECIDED_2013 = datetime.date(YEAR, 12, 20)
DOCUMENT_2013 = "番工〔2013〕98号"
# 2013's own sheet: (text, points, source); thresholds A 75, 2A 80, 3A 85.
SHEET_2013 = (
    ("依法建立工会组织", 5, CriterionSource.UNION),
    ("签订工资专项集体合同并在有效期内", 5, CriterionSource.WAGE_CONTRACT),
    ("本年度召开职工代表大会（职工大会）", 5, CriterionSource.CONGRESS),
    ("本年度实行厂务公开", 5, CriterionSource.OPEN_AFFAIRS),
    ("工会“两亮”：亮牌子、亮身份", 5, CriterionSource.DUAL_DISPLAY),
    ("本年度无拖欠工资引发的劳动争议", 5, CriterionSource.NO_ARREARS_DISPUTE),
    ("依法签订劳动合同、按时足额支付工资", 25, CriterionSource.MANUAL),
    ("依法缴纳社会保险、落实劳动安全卫生", 20, CriterionSource.MANUAL),
    ("建立劳动争议调解组织、畅通职工诉求渠道", 15, CriterionSource.MANUAL),
    ("关爱职工、开展职工文体和帮扶活动", 10, CriterionSource.MANUAL),
)
THRESHOLDS_2013 = rules.Thresholds(75, 80, 85)
CURRENT_IN_NOTICE = {RatingLevel.A: 5, RatingLevel.AA: 2, RatingLevel.AAA: 1}
DEEDS = {
    AwardKind.CARING_EMPLOYER: "坚持依法用工，工资按时足额发放并逐年增长，支持工会开展职工关爱活动。",
    AwardKind.DEVOTED_EMPLOYEE: "扎根一线岗位，爱岗敬业、技术过硬，积极参与技术革新和班组建设。",
}
POSITIONS = {
    AwardKind.CARING_EMPLOYER: ("董事长", "总经理", "执行董事"),
    AwardKind.DEVOTED_EMPLOYEE: ("车间班长", "技术员", "质检员", "操作工", "仓管员"),
}


def scaled(n: int, scale: Scale) -> int:
    """A district figure at a scale: in proportion to its employers, at least 1."""
    return max(1, round(n * scale.employers / DISTRICT_EMPLOYERS))


def report_2013(scale: Scale) -> dict[str, int]:
    """The 2013 figures the demo gives at a scale, by indicator code."""
    codes = {RatingLevel.A: "a", RatingLevel.AA: "aa", RatingLevel.AAA: "aaa"}
    figures = {f"democracy.ratings.{codes[k]}": scaled(n, scale) for k, n in RATED_2013.items()}
    figures.update(
        {f"democracy.awards.{k.value}": scaled(n, scale) for k, n in AWARDS_2013.items()}
    )
    return figures


class RatingsBuilder:
    def __init__(self, context: DemoContext):
        self.context = context
        self.as_of = context.as_of
        self.rng = random.Random(context.seed * 71 + 17)
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.employers = list(
            Employer.objects.filter(union__is_active=True, union__kind=OrgKind.GRASSROOTS)
            .select_related("union", "town")
            .order_by("pk")
        )

    # -- helpers -------------------------------------------------------------------------------
    def sheet(self, round_: RatingRound, rows: tuple) -> list[RatingCriterion]:
        return RatingCriterion.objects.bulk_create(
            RatingCriterion(round=round_, order=i, text=t, max_points=p, source=s)
            for i, (t, p, s) in enumerate(rows, start=1)
        )

    def ranked(self, n: int, year: int, exclude: set[int]) -> list[tuple[Employer, rules.Facts]]:
        """`n` employers the records serve best, from a seeded pool of four times as many."""
        free = [e for e in self.employers if e.pk not in exclude]
        pool = self.rng.sample(free, min(len(free), 4 * n))
        facts: dict[int, rules.Facts] = {}
        ids = [e.pk for e in pool]
        for i in range(0, len(ids), 500):  # SQLite's variable limit
            facts.update(facts_for(ids[i : i + 500], year))
        criteria = [(s, p) for _t, p, s in SHEET_2013 if s]

        def points(e: Employer) -> int:
            return sum(rules.record_score(s, p, facts[e.pk])[0] for s, p in criteria)

        pool.sort(key=lambda e: (-points(e), e.pk))
        return [(e, facts[e.pk]) for e in pool[:n]]

    def scores(
        self,
        application: RatingApplication,
        criteria: list[RatingCriterion],
        facts: rules.Facts,
        band: tuple[int, int],
    ) -> list[RatingScore]:
        """The records' points, and the reviewer's spread over the manual criteria so the
        total falls in `band` (as far as the manual criteria allow)."""
        rows, record = [], 0
        for c in criteria:
            if c.source:
                pts, note = rules.record_score(c.source, c.max_points, facts)
                record += pts
                rows.append(RatingScore(application=application, criterion=c, points=pts,
                                        from_records=True, source_note=note))  # fmt: skip
        manual = [c for c in criteria if not c.source]
        room = sum(c.max_points for c in manual)
        want = max(0, min(room, self.rng.randint(*band) - record))
        for c in manual:
            pts = min(c.max_points, want)
            want -= pts
            rows.append(RatingScore(application=application, criterion=c, points=pts))
        return rows

    def people(
        self, n: int, employers: list[Employer]
    ) -> list[tuple[Member | None, str, Employer]]:
        members = []
        if self.context.members:
            members = list(
                Member.objects.filter(
                    status=MemberStatus.ACTIVE, employer__in=employers, joined_on__lte=DECIDED_2013
                )
                .order_by("pk")
                .values_list("pk", "name", "employer_id")[: n * 3]
            )
        by_pk = {e.pk: e for e in employers}
        found = []
        for i in range(n):
            if i < len(members):
                pk, name, employer_id = members[i]
                found.append((Member(pk=pk), name, by_pk[employer_id]))
            else:
                female = self.rng.random() < 0.45
                found.append(
                    (None, person_name(self.rng.choice, female=female), self.rng.choice(employers))
                )
        return found

    def awards(
        self, round_: RatingRound, counts: dict[str, int], state: str, rejected: int
    ) -> list:
        rows = []
        for kind, n in counts.items():
            employers = self.rng.sample(self.employers, min(len(self.employers), n + rejected))
            while len(employers) < n + rejected:
                employers.append(self.rng.choice(self.employers))
            if kind == AwardKind.CARING_EMPLOYER:
                people = [(None, person_name(self.rng.choice, female=self.rng.random() < 0.2), e)
                          for e in employers]  # fmt: skip
            else:
                people = self.people(n + rejected, employers)
            for i, (member, name, employer) in enumerate(people):
                rows.append(
                    AwardNomination(
                        round=round_,
                        kind=kind,
                        union=employer.union,
                        employer=employer,
                        member=member,
                        name=name,
                        position=self.rng.choice(POSITIONS[kind]),
                        deeds=DEEDS[kind],
                        state=state if i < n else AwardState.REJECTED,
                        decision_note="" if i < n else "事迹材料不充分，本年度未通过评审。",
                        org_path=employer.union.path,
                    )
                )
        return AwardNomination.objects.bulk_create(rows, batch_size=2000)

    # -- 2013 ----------------------------------------------------------------------------------
    def build_2013(self) -> set[int]:
        scale = self.context.scale
        round_ = RatingRound.objects.create(
            year=YEAR,
            name=f"{YEAR}年度和谐劳动关系企业评定",
            organizer=self.root,
            state=RatingRoundState.CLOSED,
            applications_close_on=datetime.date(YEAR, 10, 31),
            notice_from=NOTICE_FROM_2013,
            notice_until=rules.notice_period(NOTICE_FROM_2013, 5),
            decided_on=DECIDED_2013,
            document_no=DOCUMENT_2013,
            min_score_a=THRESHOLDS_2013.a,
            min_score_aa=THRESHOLDS_2013.aa,
            min_score_aaa=THRESHOLDS_2013.aaa,
            org_path=self.root.path,
        )
        criteria = self.sheet(round_, SHEET_2013)
        counts = {level: scaled(n, scale) for level, n in RATED_2013.items()}
        wanted = sum(counts.values()) + NOT_PASSED
        ranked = self.ranked(wanted, YEAR, set())
        # the best served take the top levels; the last few did not pass
        plan = (
            [RatingLevel.AAA] * counts[RatingLevel.AAA]
            + [RatingLevel.AA] * counts[RatingLevel.AA]
            + [RatingLevel.A] * counts[RatingLevel.A]
        )
        until = rules.valid_until(DECIDED_2013, round_.valid_years)
        bands = {
            RatingLevel.AAA: (THRESHOLDS_2013.aaa, 100),
            RatingLevel.AA: (THRESHOLDS_2013.aa, THRESHOLDS_2013.aaa - 1),
            RatingLevel.A: (THRESHOLDS_2013.a, THRESHOLDS_2013.aa - 1),
        }
        apps, facts_of = [], {}
        for i, (employer, facts) in enumerate(ranked):
            level = plan[i] if i < len(plan) else ""
            apps.append(
                RatingApplication(
                    round=round_,
                    employer=employer,
                    union=employer.union,
                    level_applied=level or RatingLevel.A,
                    summary="劳动合同签订率100%，工资按时足额支付，依法参加社会保险。",
                    state=ApplicationState.RATED if level else ApplicationState.REJECTED,
                    level=level,
                    valid_until=until if level else None,
                    decision_note="" if level else "总分未达到A级最低分，本年度未通过评定。",
                    org_path=employer.union.path,
                )
            )
            facts_of[employer.pk] = facts
        apps = RatingApplication.objects.bulk_create(apps, batch_size=2000)
        scores = []
        for a in apps:
            band = bands[a.level] if a.level else (40, THRESHOLDS_2013.a - 1)
            rows = self.scores(a, criteria, facts_of[a.employer_id], band)
            a.total_score = sum(s.points for s in rows)
            a.level = (
                rules.level_for(a.total_score, THRESHOLDS_2013, a.level_applied) if a.level else ""
            )
            scores.extend(rows)
        RatingScore.objects.bulk_create(scores, batch_size=5000)
        RatingApplication.objects.bulk_update(apps, ["total_score", "level"], batch_size=2000)
        self.awards(round_, {k: scaled(n, scale) for k, n in AWARDS_2013.items()},
                    AwardState.AWARDED, 2)  # fmt: skip
        return {a.employer_id for a in apps}

    # -- the current year ----------------------------------------------------------------------
    def build_current(self, taken: set[int]) -> None:
        year = self.as_of.year
        # the notice began the working day before today (or today), so today is inside it
        start = self.as_of - datetime.timedelta(days=1)
        while not is_workday(start) and start > self.as_of - datetime.timedelta(days=10):
            start -= datetime.timedelta(days=1)
        round_ = RatingRound.objects.create(
            year=year,
            name=f"{year}年度和谐劳动关系企业评定",
            organizer=self.root,
            state=RatingRoundState.NOTICE,
            applications_close_on=start - datetime.timedelta(days=30),
            notice_from=start,
            notice_until=rules.notice_period(start, 5),
            note="公示期间如有异议，请以实名方式向区总工会反映。",
            org_path=self.root.path,
        )
        criteria = self.sheet(round_, rules.DEFAULT_SHEET)
        thresholds = rules.Thresholds(round_.min_score_a, round_.min_score_aa, round_.min_score_aaa)
        n = sum(CURRENT_IN_NOTICE.values()) + 1
        picked = self.ranked(n, year, taken)
        plan = [lvl for lvl, k in CURRENT_IN_NOTICE.items() for _ in range(k)]
        apps, facts_of = [], {}
        for i, (employer, facts) in enumerate(picked):
            level = plan[i] if i < len(plan) else ""
            apps.append(
                RatingApplication(
                    round=round_,
                    employer=employer,
                    union=employer.union,
                    level_applied=level or RatingLevel.AA,
                    summary="劳动关系和谐稳定，近三年无欠薪和群体性劳动争议。",
                    state=ApplicationState.NOTICE if level else ApplicationState.REJECTED,
                    decision_note="" if level else "总分未达到A级最低分。",
                    org_path=employer.union.path,
                )
            )
            facts_of[employer.pk] = facts
        apps = RatingApplication.objects.bulk_create(apps)
        scores = []
        for a in apps:
            rows = self.scores(a, criteria, facts_of[a.employer_id], (70, 100))
            a.total_score = sum(s.points for s in rows)
            # the level is what the sheet gives (the plan only chose who applies for what)
            a.level = rules.level_for(a.total_score, thresholds, a.level_applied)
            if a.state == ApplicationState.NOTICE and not a.level:
                a.state, a.decision_note = ApplicationState.REJECTED, "总分未达到A级最低分。"
            if a.state == ApplicationState.REJECTED:
                a.level = ""
            scores.extend(rows)
        RatingScore.objects.bulk_create(scores)
        RatingApplication.objects.bulk_update(
            apps, ["total_score", "level", "state", "decision_note"]
        )
        self.awards(round_, {AwardKind.CARING_EMPLOYER: 2, AwardKind.DEVOTED_EMPLOYEE: 4},
                    AwardState.APPROVED, 1)  # fmt: skip
        in_notice = next((a for a in apps if a.state == ApplicationState.NOTICE), None)
        if in_notice is not None:
            RatingObjection.objects.create(
                application=in_notice,
                channel=Channel.PHONE,
                received_on=start,
                person_name="李国强",
                content="反映该企业今年上半年曾延迟发放工资两个月，请核实。",
                state=ObjectionState.OPEN,
                org_path=in_notice.org_path,
            )

    def build(self) -> None:
        taken: set[int] = set()
        if self.as_of.year > YEAR:
            taken = self.build_2013()
        self.build_current(taken)


def build(context: DemoContext) -> None:
    RatingsBuilder(context).build()


def _after() -> tuple[str, ...]:
    # the contracts and congress builders give the records the sheet reads; they are
    # imported before this module (democracy.demo) and waited for once registered
    parts = ("democracy.contracts", "democracy.congress")
    return ("orgs", "members", "rights", *(p for p in parts if p in registry["demo_builders"]))


register_demo_builder(
    DemoBuilder(
        "democracy.ratings",
        build,
        after=_after(),
        label="和谐劳动关系评定：2013年评定与表扬、本年度公示",
    )
)
