"""The demo district's workers' congress and open affairs (DEMO-2).

Calendar 2013 gives the report's figures at every scale (`report_2013`): among the unionized
non-public employers (a union founded by 2013-12-31, as `orgs.indicators` counts them) 70%
practise open affairs and 60% held their congress ("已建工会的非公有制企业厂务公开建制率达到70%、
职代会建制率达到60%"); every unionized state, collective employer and public institution does
both ("实现全覆盖"). The builder reads the employers the orgs builder made and, for each
year, chooses exactly round(p × N) of the year's N unionized non-public employers — those
with the lowest fixed "commitment" draw, so an employer that held its congress keeps doing
so as the rates rise (2011: 50% / 40%, 2012: 60% / 50%, 2013: 70% / 60%, 2014: 82% / 81%,
the 2014 targets of 80% met, later years 85% / 83%).

Rows that do not count are there too, as the rules decide: some employers not chosen held
an inquorate session (fewer than two thirds attended) or kept a record missing a required
item. A session's form follows the headcount (职工大会 below 100 workers), its delegates
the rules' minimum, two thirds or more attending, frontline workers a majority, managers
within 20%.

Years: 2011–2014, the year before `as_of`'s and `as_of`'s own (the years between carry no
records). The current year is part-way: each employer meets about the same day every year,
so the sessions dated after `as_of` are not held yet, and the employers whose last session
was more than 12 months ago are on the overdue list (the to-do).
"""

import datetime
import math
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo.context import DemoContext, Scale
from gonghui.orgs.models import Employer

from ..choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency
from ..models import CongressSession, OpenAffairsEvidence, OpenAffairsRecord
from ..rules import congress as rules

YEAR = 2013
# year: (open affairs %, congress %) among unionized non-public employers
RATES = {2011: (50, 40), 2012: (60, 50), 2013: (70, 60), 2014: (82, 81)}
LATER = (85, 83)
INQUORATE_SHARE = 0.04  # of the employers not chosen: a session short of two thirds
INCOMPLETE_SHARE = 0.10  # of those not chosen: a record missing a required item
EVIDENCE_RECORDS = 12  # this year's records that carry a file (the evidence pages)
AGENDAS = (
    "审议企业年度生产经营情况报告；审议工资集体合同草案",
    "审议职工福利费使用方案；民主评议管理人员",
    "审议劳动安全卫生专项集体合同；审议年度工资调整方案",
    "审议企业规章制度修订草案；听取厂务公开情况报告",
    "审议女职工权益保护专项集体合同；审议职工教育经费使用情况",
)
RESOLUTIONS = (
    "通过工资集体合同，提交劳动行政部门审查。",
    "通过年度工资调整方案，平均增长8%。",
    "通过职工福利费使用方案。",
    "通过规章制度修订稿，自下月起施行。",
)
OTHER_ITEMS = [i for i in DisclosureItem.values if i not in rules.REQUIRED_ITEMS]


def report_2013(scale: Scale) -> dict[str, int]:
    """The 2013 figures (percent, rounded) the demo gives at any scale, by indicator code."""
    open_affairs, congress = RATES[YEAR]
    return {
        "democracy.open_affairs.non_public_rate": open_affairs,
        "democracy.congress.non_public_rate": congress,
        "democracy.open_affairs.public_rate": 100,
        "democracy.congress.public_rate": 100,
    }


def chosen_count(rate: int, whole: int) -> int:
    """round(rate% × whole), half up: the catalog's figure then rounds to `rate`."""
    return int((Decimal(rate) * whole / 100).quantize(Decimal(1), ROUND_HALF_UP))


class CongressBuilder:
    def __init__(self, context: DemoContext):
        self.rng = random.Random(context.seed * 31 + 2)
        self.as_of = context.as_of
        self.sessions: list[CongressSession] = []
        self.records: list[OpenAffairsRecord] = []
        rows = (
            Employer.objects.filter(union__isnull=False)
            .order_by("pk")
            .values_list(
                "pk", "ownership", "headcount", "union_id", "union__path", "union__established_on"
            )  # fmt: skip
        )
        self.employers = [
            {"pk": pk, "ownership": own, "headcount": max(int(heads or 0), 1), "union": union,
             "path": path, "founded": founded,
             # fixed per employer: how committed it is, the day of the year it meets
             "rank": self.rng.random(), "day": self.rng.randint(60, 340)}
            for pk, own, heads, union, path, founded in rows
        ]  # fmt: skip

    def years(self) -> list[int]:
        last = self.as_of.year
        found = [y for y in (2011, 2012, 2013, 2014) if y <= last]
        return found + [y for y in (last - 1, last) if y > 2014]

    def unionized(self, year: int) -> list[dict[str, Any]]:
        end = datetime.date(year, 12, 31)
        return [e for e in self.employers if e["founded"] is None or e["founded"] <= end]

    def build(self) -> None:
        for year in self.years():
            self.build_year(year)
        CongressSession.objects.bulk_create(self.sessions, batch_size=2000)
        OpenAffairsRecord.objects.bulk_create(self.records, batch_size=2000)
        self.evidence = self.attach_evidence()

    def attach_evidence(self) -> int:
        """This year's first complete records carry their minutes as evidence (a page to see
        and download); stored sealed as an upload would be."""
        from gonghui.core.uploads import CheckedFile, store_sealed

        from ..services.evidence import FOLDER

        minutes = CheckedFile("厂务公开会议记录.pdf", b"%PDF-1.4\n%demo\n", "application/pdf")
        now = [r for r in self.records if r.year == self.as_of.year and r.last_disclosed_on]
        rows = [
            OpenAffairsEvidence(
                record=r,
                stored_name=store_sealed(FOLDER, minutes),
                original_name=minutes.name,
                content_type=minutes.content_type,
                size=minutes.size,
                sha256=minutes.sha256,
            )
            for r in now[:EVIDENCE_RECORDS]
        ]
        OpenAffairsEvidence.objects.bulk_create(rows)
        return len(rows)

    def build_year(self, year: int) -> None:
        oa_rate, congress_rate = RATES.get(year, LATER)
        eligible = self.unionized(year)
        public = [e for e in eligible if e["ownership"] in rules.PUBLIC_SECTOR]
        private = sorted(
            (e for e in eligible if e["ownership"] in rules.NON_PUBLIC), key=lambda e: e["rank"]
        )
        congress = public + private[: chosen_count(congress_rate, len(private))]
        open_affairs = public + private[: chosen_count(oa_rate, len(private))]
        held = {e["pk"] for e in congress}
        done = {e["pk"] for e in open_affairs}
        for e in congress:
            self.session(e, year, quorate=True)
        for e in open_affairs:
            self.record(e, year, complete=True)
        for e in private:
            if e["pk"] not in held and self.rng.random() < INQUORATE_SHARE:
                self.session(e, year, quorate=False)
            if e["pk"] not in done and self.rng.random() < INCOMPLETE_SHARE:
                self.record(e, year, complete=False)

    def day_in(self, e: dict[str, Any], year: int) -> datetime.date:
        """About the employer's usual day, after its union's founding, within the year."""
        day = min(max(e["day"] + self.rng.randint(-20, 20), 1), 365)
        on = datetime.date(year, 1, 1) + datetime.timedelta(days=day - 1)
        if e["founded"] is not None and e["founded"] >= on:
            gap = (datetime.date(year, 12, 31) - e["founded"]).days
            on = e["founded"] + datetime.timedelta(days=self.rng.randint(0, gap))
        return on

    def session(self, e: dict[str, Any], year: int, *, quorate: bool) -> None:
        on = self.day_in(e, year)
        if on > self.as_of:  # not held yet this year
            return
        workers = e["headcount"]
        rng = self.rng
        if workers < rules.ASSEMBLY_BELOW:
            form, due = CongressForm.ASSEMBLY, workers
        else:
            form = CongressForm.CONGRESS
            due = min(workers, rules.delegates_required(workers) + rng.randint(0, 8))
        least = math.ceil(due * rules.QUORUM)
        attended = rng.randint(least, due) if quorate else rng.randint(0, max(least - 1, 0))
        managers = math.floor(due * rng.uniform(0.08, 0.2))
        frontline = min(due - managers, due // 2 + 1 + rng.randint(0, max(due // 5, 0)))
        self.sessions.append(
            CongressSession(
                employer_id=e["pk"],
                union_id=e["union"],
                org_path=e["path"],
                form=form,
                term_number=1 + (year - 2008) // 5 if form == CongressForm.CONGRESS else None,
                session_number=1 + (year - 2008) % 5 if form == CongressForm.CONGRESS else None,
                held_on=on,
                workers_total=workers,
                delegates_total=due,
                delegates_attended=attended,
                frontline_delegates=frontline,
                manager_delegates=managers,
                women_delegates=math.floor(due * rng.uniform(0.25, 0.55)),
                agenda=rng.choice(AGENDAS),
                resolutions=rng.choice(RESOLUTIONS) if quorate else "",
            )
        )

    def record(self, e: dict[str, Any], year: int, *, complete: bool) -> None:
        rng = self.rng
        required = list(rules.REQUIRED_ITEMS)
        if not complete:
            required.remove(rng.choice(required))
        extra = rng.sample(OTHER_ITEMS, rng.randint(0, len(OTHER_ITEMS)))
        order = {code: i for i, code in enumerate(DisclosureItem.values)}
        last = self.day_in(e, year)
        if last > self.as_of:
            last = self.as_of if self.as_of.year == year else last
        self.records.append(
            OpenAffairsRecord(
                employer_id=e["pk"],
                union_id=e["union"],
                org_path=e["path"],
                year=year,
                items=sorted({*required, *extra}, key=order.__getitem__),
                methods=rng.sample(DisclosureMethod.values, rng.randint(1, 3)),
                frequency=rng.choice(Frequency.values),
                has_supervision_group=rng.random() < 0.8,
                last_disclosed_on=last if last.year == year else None,
            )
        )


def build(context: DemoContext) -> None:
    builder = CongressBuilder(context)
    builder.build()
    context.count("democracy.congress", "职代会", len(builder.sessions))
    context.count("democracy.open_affairs", "厂务公开", len(builder.records))
    context.count("democracy.open_affairs_evidence", "厂务公开佐证材料", builder.evidence)


register_demo_builder(
    DemoBuilder(
        "democracy.congress",
        build,
        after=("orgs",),
        label="职代会和厂务公开：2011–2014年（2013年按报告）、上年与本年",
    )
)
