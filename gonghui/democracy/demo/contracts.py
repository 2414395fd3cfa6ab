"""The demo district's collective contracts and bargaining offers (DEMO-1).

Calendar 2013 gives the report's figures on 2013-12-31 (`report_2013`), at every scale: the
wage establishment rate 85% ("全区工资集体协商建制率达85%"), 100% for state, collective and
Fortune 500 unionized employers ("其中国有和集体企业、世界500强企业工资集体协商100%签订"),
women's special contracts near full coverage ("基本实现两个覆盖", 96%) and general contracts
at 90%. "Unionized" is the orgs indicators' (a union founded by the day): the builder reads
the employers the orgs builder made, chooses exactly round(p × N) of them to cover (every
state, collective and Fortune 500 one first for wage), and covers them with contracts in
force that day — each the employer's own, except a town's 餐饮 (住宿和餐饮业) industry wage
contract covering its unionized employers of that industry and an area general contract of
an industrial park. Contracts are signed 2011–2013 with 1–3 year terms: some wage
contracts of 2011 ended in 2013 and were renewed (`renews`).

The current year (`as_of`) carries live work: wage contracts of the last two years, some
ending within 90 days, some expired and not renewed, one submitted and waiting for its
review, and a town's offer campaign (要约行动) with offers accepted, refused, overdue (逾期未
回应) and one that led to a contract.

Each contract has the history its workflow would have written (gonghui.demo.history): signed,
submitted on its filing day, in force 15 days later, each event on its day.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo.context import DemoContext, Scale
from gonghui.demo.history import demo_event, save_history
from gonghui.demo.sequences import reset_sequences
from gonghui.orgs.choices import Industry, OrgKind, Ownership
from gonghui.orgs.models import Employer, Organization

from ..choices import (
    ContractKind,
    ContractScope,
    ContractState,
    OfferAnswer,
    OfferOutcome,
)
from ..models import BargainingCampaign, BargainingOffer, CollectiveContract, ContractEmployer
from ..queries.contracts import unionized_employers
from ..rules import contracts as rules

YEAR = 2013
ON = datetime.date(YEAR, 12, 31)
RATES_2013 = {  # kind: the share of unionized employers covered on 2013-12-31 (percent)
    ContractKind.WAGE: 85,
    ContractKind.GENERAL: 90,
    ContractKind.WOMEN: 96,
}
FULL_GROUPS = ("state", "collective", "fortune500")  # 100% for the wage contract
# signed by 2013-11-30, so that filing + 15 days falls before the year's end
LAST_SIGNING = datetime.date(YEAR, 11, 30)
RESTAURANT_TOWN = 0  # the first town (by id) signs the 餐饮 industry wage contract
PARK_TOWN = 1  # the second signs the industrial park's area general contract
PARK_EMPLOYERS = 12
CAMPAIGN_OFFERS = 24


def report_2013(scale: Scale) -> dict[str, int]:
    """The 2013 figures (percent, rounded) the demo gives at any scale, by indicator code."""
    return {
        "democracy.wage_bargaining.rate": RATES_2013[ContractKind.WAGE],
        "democracy.general_contract.rate": RATES_2013[ContractKind.GENERAL],
        "democracy.women_contract.rate": RATES_2013[ContractKind.WOMEN],
        **{f"democracy.wage_bargaining.rate.{group}": 100 for group in FULL_GROUPS},
    }


class ContractBuilder:
    def __init__(self, context: DemoContext):
        self.rng = random.Random(context.seed + 17)
        self.as_of = context.as_of
        self.contracts: list[CollectiveContract] = []
        self.coverage: list[ContractEmployer] = []
        start = CollectiveContract.objects.order_by("-pk").values_list("pk", flat=True).first()
        self._next = (start or 0) + 1
        self.towns = list(Organization.objects.filter(kind=OrgKind.TOWN).order_by("pk"))

    # -- one contract --------------------------------------------------------------------------
    def add(
        self,
        *,
        kind: str,
        union: Any,
        employers: list[Employer],
        signed_on: datetime.date,
        years: int,
        scope: str = ContractScope.EMPLOYER,
        state: str = ContractState.EFFECTIVE,
        renews: CollectiveContract | None = None,
        title: str = "",
        **extra: Any,
    ) -> CollectiveContract:
        rng = self.rng
        submitted = signed_on + datetime.timedelta(days=rng.randint(1, rules.filing_days(kind)))
        workers = sum(e.headcount for e in employers)
        women = round(workers * rng.uniform(0.3, 0.55))
        side = rng.randint(3, 10)
        total = max(30, workers // 20) if workers >= 100 else max(1, workers)
        attended = total - rng.randint(0, total // 4)
        own = employers[0] if scope == ContractScope.EMPLOYER else None
        values = {
            "kind": kind,
            "scope": scope,
            "union_id": union if isinstance(union, int) else union.pk,
            "employer": own,
            "title": (title or f"{own.name if own else ''}{ContractKind(kind).label}")[:150],
            "signed_on": signed_on,
            "starts_on": signed_on,
            "ends_on": rules.term_end(signed_on, years),
            "submitted_on": submitted if state != ContractState.SIGNED else None,
            "effective_on": rules.effective_date(submitted)
            if state in (ContractState.EFFECTIVE, ContractState.TERMINATED)
            else None,
            "state": state,
            "wage_increase_pct": Decimal(rng.randint(50, 140)) / 10
            if kind == ContractKind.WAGE
            else None,
            "workers_covered": workers,
            "women_covered": min(women, workers),
            "negotiators_worker_side": side,
            "women_negotiators": rng.randint(1, max(1, side // 2)),
            "vote_total": total,
            "vote_attended": attended,
            "vote_for": attended - rng.randint(0, max(0, attended - total // 2 - 1)),
            "renews": renews,
            **extra,
        }
        contract = CollectiveContract(id=self._next, **values)
        self._next += 1
        self.contracts.append(contract)
        self.coverage.extend(ContractEmployer(contract=contract, employer=e) for e in employers)
        return contract

    def signing_day(self, employer: Employer, first: datetime.date) -> datetime.date:
        """A day in [first, LAST_SIGNING] after the employer's union was founded."""
        founded = employer.union.established_on
        low = max(first, founded + datetime.timedelta(days=1)) if founded else first
        low = min(low, LAST_SIGNING)
        return low + datetime.timedelta(days=self.rng.randint(0, (LAST_SIGNING - low).days))

    # -- 2013 ----------------------------------------------------------------------------------
    def choose(self, rows: list[Employer], share: int, first: list[Employer]) -> list[Employer]:
        """Exactly round(share% × n) of `rows`: `first` (must be covered) and then at random
        among those whose union was founded in time to sign by LAST_SIGNING."""
        want = round(share * len(rows) / 100)
        chosen = {e.pk: e for e in first}
        late = datetime.date(YEAR, 11, 1)
        rest = [
            e
            for e in rows
            if e.pk not in chosen
            and (e.union.established_on is None or e.union.established_on < late)
        ]
        self.rng.shuffle(rest)
        for e in rest[: max(0, want - len(chosen))]:
            chosen[e.pk] = e
        if len(chosen) != want:
            raise ValueError(f"演示数据无法覆盖{want}家单位（可选{len(chosen)}家）。")
        return sorted(chosen.values(), key=lambda e: e.pk)

    def build_2013(self) -> dict[str, int]:
        rows = list(unionized_employers(ON).select_related("union").order_by("pk"))
        full = [
            e
            for e in rows
            if e.ownership in (Ownership.STATE, Ownership.COLLECTIVE) or e.is_fortune500
        ]
        restaurant = self._town_rows(rows, RESTAURANT_TOWN, industry=Industry.HOSPITALITY)
        wage = self.choose(rows, RATES_2013[ContractKind.WAGE], [*full, *restaurant])
        park = self._town_rows(rows, PARK_TOWN)[:PARK_EMPLOYERS]
        general = self.choose(rows, RATES_2013[ContractKind.GENERAL], park)
        women = self.choose(rows, RATES_2013[ContractKind.WOMEN], [])
        if restaurant:
            town = self.towns[RESTAURANT_TOWN]
            self.add(
                kind=ContractKind.WAGE,
                union=town,
                employers=restaurant,
                signed_on=datetime.date(YEAR, 3, 15),
                years=3,
                scope=ContractScope.INDUSTRY,
                industry=Industry.HOSPITALITY,
                title=f"{town.name.removesuffix('总工会')}餐饮行业工资专项集体合同",
                org_path=town.path,
            )
        if park:
            town = self.towns[PARK_TOWN]
            place = town.name.removesuffix("总工会")
            self.add(
                kind=ContractKind.GENERAL,
                union=town,
                employers=park,
                signed_on=datetime.date(YEAR, 4, 20),
                years=3,
                scope=ContractScope.AREA,
                area=f"{place}工业园区",
                title=f"{place}工业园区区域性集体合同",
                org_path=town.path,
            )
        own_wage = [e for e in wage if e.pk not in {r.pk for r in restaurant}]
        renewed = 0
        for e in own_wage:
            # a third renewed in 2013 a two-year contract of 2011 that ended this year
            if self.rng.random() < 0.33 and self._founded_by(e, datetime.date(2011, 1, 1)):
                first = datetime.date(2011, 1, 1) + datetime.timedelta(
                    days=self.rng.randint(0, 150)
                )
                old = self.add(kind=ContractKind.WAGE, union=e.union, employers=[e],
                               signed_on=first, years=2, org_path=e.org_path)  # fmt: skip
                renewal_day = old.ends_on + datetime.timedelta(days=1)
                self.add(kind=ContractKind.WAGE, union=e.union, employers=[e],
                         signed_on=renewal_day, years=1, renews=old, org_path=e.org_path)  # fmt: skip
                renewed += 1
            else:
                self.add(kind=ContractKind.WAGE, union=e.union, employers=[e],
                         signed_on=self.signing_day(e, datetime.date(YEAR, 1, 2)), years=1,
                         org_path=e.org_path)  # fmt: skip
        park_ids = {e.pk for e in park}
        for kind, chosen in ((ContractKind.GENERAL, general), (ContractKind.WOMEN, women)):
            for e in chosen:
                if kind == ContractKind.GENERAL and e.pk in park_ids:
                    continue
                years = self.rng.choice((2, 3, 3))
                first = datetime.date(YEAR + 1 - years, 1, 2)
                self.add(kind=kind, union=e.union, employers=[e], years=years,
                         signed_on=self.signing_day(e, first), org_path=e.org_path)  # fmt: skip
        return {"unionized": len(rows), "wage": len(wage), "renewed": renewed}

    def _founded_by(self, e: Employer, day: datetime.date) -> bool:
        return e.union.established_on is None or e.union.established_on < day

    def _town_rows(self, rows: list[Employer], index: int, industry: str = "") -> list[Employer]:
        if index >= len(self.towns):
            return []
        path = self.towns[index].path
        late = datetime.date(YEAR, 3, 1)  # unionized before the town signed
        return [
            e
            for e in rows
            if e.org_path.startswith(path)
            and (not industry or e.industry == industry)
            and (e.union.established_on is None or e.union.established_on < late)
        ]

    # -- the current year ----------------------------------------------------------------------
    def build_live(self) -> None:
        """Wage contracts of the last two years for the employers unionized now: ending
        within 90 days, expired and not renewed, one submitted and waiting, the rest in force."""
        as_of, rng = self.as_of, self.rng
        earliest = max(datetime.date(YEAR + 1, 1, 1), as_of - datetime.timedelta(days=700))
        rows = list(unionized_employers(as_of).select_related("union").order_by("pk"))
        rng.shuffle(rows)
        sample = rows[: max(8, len(rows) // 3)]
        for i, e in enumerate(sample):
            founded = e.union.established_on
            low = max(earliest, founded + datetime.timedelta(days=1)) if founded else earliest
            if low > as_of - datetime.timedelta(days=20):
                continue
            if i == 0:  # one submitted last week, waiting for its review
                signed = as_of - datetime.timedelta(days=8)
                self.add(kind=ContractKind.WAGE, union=e.union, employers=[e], signed_on=signed,
                         years=1, state=ContractState.SUBMITTED, org_path=e.org_path)  # fmt: skip
                continue
            if i % 5 == 1:  # ending within 90 days
                ends = as_of + datetime.timedelta(days=rng.randint(5, 85))
                signed = rules.add_years(ends + datetime.timedelta(days=1), -1)
            elif i % 5 == 2:  # ended in the last months, not renewed
                ends = as_of - datetime.timedelta(days=rng.randint(5, 120))
                signed = rules.add_years(ends + datetime.timedelta(days=1), -1)
            else:
                signed = low + datetime.timedelta(days=rng.randint(0, (as_of - low).days - 20))
                if rules.term_end(signed, 1) < as_of:
                    signed = max(low, as_of - datetime.timedelta(days=rng.randint(20, 300)))
            if signed < low or signed > as_of - datetime.timedelta(days=20):
                continue
            self.add(kind=ContractKind.WAGE, union=e.union, employers=[e], signed_on=signed,
                     years=1, org_path=e.org_path)  # fmt: skip

    def build_campaign(self) -> None:
        """A town's wage offer campaign started 25 days ago: answers due 5 days ago."""
        if not self.towns:
            return
        town, rng = self.towns[0], self.rng
        started = self.as_of - datetime.timedelta(days=25)
        covered = {c.employer.pk for c in self.contracts if c.employer and c.kind == ContractKind.WAGE
                   and c.state == ContractState.EFFECTIVE and c.starts_on <= started <= c.ends_on}  # fmt: skip
        targets = [
            e
            for e in unionized_employers(started).within(town.path).select_related("union")
            if e.pk not in covered
        ][:CAMPAIGN_OFFERS]
        if not targets:
            return
        campaign = BargainingCampaign.objects.create(
            name=f"{self.as_of.year}年{town.name.removesuffix('总工会')}工资集体协商要约行动",
            year=self.as_of.year,
            organizer=town,
            kind=ContractKind.WAGE,
            started_on=started,
            note="向辖内已建会、尚无有效工资专项集体合同的单位发出书面协商要约。",
            org_path=town.path,
        )
        offers = []
        for i, e in enumerate(targets):
            offer = BargainingOffer(
                campaign=campaign, employer=e, union=e.union, sent_on=started,
                answer_due=rules.answer_due(started), org_path=e.org_path,
            )  # fmt: skip
            if i % 3 == 0:
                offer.answer, offer.answered_on = (
                    OfferAnswer.ACCEPTED,
                    started + datetime.timedelta(days=rng.randint(3, 18)),
                )
            elif i % 3 == 1 and i % 2 == 0:
                offer.answer, offer.answered_on = (
                    OfferAnswer.REFUSED,
                    started + datetime.timedelta(days=rng.randint(3, 18)),
                )
                offer.outcome = OfferOutcome.FAILED
            else:
                offer.answer = OfferAnswer.NO_REPLY  # 20 days past: the daily job's mark
            offers.append(offer)
        first = offers[0]  # accepted, and signed in the days after
        signed = first.answered_on + datetime.timedelta(days=1)
        if signed <= self.as_of - datetime.timedelta(days=1):
            contract = self.add(kind=ContractKind.WAGE, union=first.employer.union,
                                employers=[first.employer], signed_on=signed, years=1,
                                state=ContractState.SIGNED, org_path=first.employer.org_path)  # fmt: skip
            first.outcome, first.contract = OfferOutcome.SIGNED, contract
            self.pending_offer_contract = contract
        self.offers = offers

    def save(self) -> None:
        CollectiveContract.objects.bulk_create(
            [c for c in self.contracts if c.renews is None], batch_size=2000
        )
        CollectiveContract.objects.bulk_create(
            [c for c in self.contracts if c.renews is not None], batch_size=2000
        )
        ContractEmployer.objects.bulk_create(self.coverage, batch_size=5000)
        if getattr(self, "offers", None):
            BargainingOffer.objects.bulk_create(self.offers, batch_size=2000)
        reset_sequences(CollectiveContract)
        save_history(e for c in self.contracts for e in contract_history(c))


def contract_history(c: CollectiveContract) -> list[Any]:
    """The events CONTRACT_WORKFLOW would have recorded for `c`, as far as its state."""
    flow = "democracy.contract"
    events = [demo_event(flow, c.pk, c.signed_on, action="created", to_state=ContractState.SIGNED)]
    if c.submitted_on:
        events.append(demo_event(flow, c.pk, c.submitted_on, action="submit",
                                 from_state=ContractState.SIGNED, to_state=ContractState.SUBMITTED))  # fmt: skip
    if c.effective_on:
        events.append(demo_event(flow, c.pk, c.effective_on, action="take_effect",
                                 from_state=ContractState.SUBMITTED, to_state=ContractState.EFFECTIVE))  # fmt: skip
    if c.terminated_on:
        events.append(demo_event(flow, c.pk, c.terminated_on, action="terminate",
                                 from_state=ContractState.EFFECTIVE, to_state=ContractState.TERMINATED))  # fmt: skip
    return events


def build(context: DemoContext) -> dict[str, int]:
    builder = ContractBuilder(context)
    figures = builder.build_2013()
    builder.build_live()
    builder.build_campaign()
    builder.save()
    context.built["democracy.contracts"] = figures
    context.count("contracts", "集体合同", len(builder.contracts))
    return figures


register_demo_builder(
    DemoBuilder(
        "democracy.contracts",
        build,
        after=("orgs",),
        label="2013年集体合同（建制率85%）、本年度到期与要约行动",
    )
)
