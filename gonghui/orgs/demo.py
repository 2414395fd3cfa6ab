"""The organizations' part of the demo district (PLAT-7): the union tree, employers,
grassroots unions and their terms. The demo logins are the accounts app's part
(`accounts/demo.py`), members the members app's (docs/demo.md).

Calendar year 2013 is the work report's closed year (issue #13), whatever `as_of`: its
unions give the report's figures at the district scale — 845 new unions, 97 of them
("近100家") of dispatched-labor employers, the four federations it names — and the smaller
scales the same in proportion to their unions; non-public enterprises' unions show the two
displays at 50% ("目前，非公企业“双亮”达到50%"). The year of `as_of` is live work: fewer new
unions, founded up to `as_of`; each year between has fewer still, and most unions, the large
employers' first, were founded from 1990 to 2012, so that the district's "40多万会员" stood
at 2013's end (members/demo.py). Member counts are fitted to the scale's `members`.

Rows are bulk-inserted with explicit primary keys so paths are known up front; this is
set-up data, not user work, so it is not audited row by row (`build_demo`'s run is).
"""

import datetime
import random
from dataclasses import dataclass, field

from gonghui.core.pinyin import name_initials
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo import data, numbers
from gonghui.demo.context import SCALES, DemoContext, DemoDataExists, Scale
from gonghui.demo.sequences import reset_sequences
from gonghui.orgs.choices import OrgKind, Ownership, UnionForm, WomenOrg
from gonghui.orgs.models import Employer, Organization, Term
from gonghui.orgs.services import term_end

# The work report's 2013 (issue #13), at the district scale (10,000 unions); a smaller scale
# has them in proportion to its unions (`Report2013.at`).
CLOSED_YEAR = 2013
NEW_UNIONS_2013 = 845  # "全年新组建工会845家"
DISPATCH_UNIONIZED_2013 = 97  # "近100家劳务派遣企业成立了工会"
FEDERATIONS_2013 = (  # "成立了区民办教育机构行业工会联合会、…和东环街番山创业中心工会联合会"
    "番禺区民办教育机构行业工会联合会",
    "番禺区社会组织工会工作委员会",
    "桥南街纸类行业工会联合会",
    "东环街番山创业中心工会联合会",
)
NON_PUBLIC_DUAL_SHARE = 0.5  # "目前，非公企业“双亮”达到50%"
THIS_YEAR_SHARE = 1 / 3  # the live year's new unions, against 2013's
# Each year between 2013 and the live year: fewer new unions than 2013 (drawn in this range
# of 2013's); the other unions, most of them, were founded from 1990 to 2012.
LATER_SHARE = (0.06, 0.12)
EARLIEST_FOUNDING = datetime.date(1990, 1, 1)
MAX_UNIONIZED = 0.97  # of a union's staff, when a small scale's member counts are raised


@dataclass(frozen=True)
class Report2013:
    """How many of the scale's unions are founded in 2013 and in the live year."""

    new_unions: int
    dispatch: int
    this_year: int

    @classmethod
    def at(cls, unions: int) -> "Report2013":
        share = unions / SCALES["district"].unions
        new = round(NEW_UNIONS_2013 * share)
        return cls(
            new_unions=new,
            dispatch=max(1, round(DISPATCH_UNIONIZED_2013 * share)),
            this_year=max(1, round(new * THIS_YEAR_SHARE)),
        )


@dataclass
class Built:
    """What the orgs builder leaves in `context.built["orgs"]` (rows as inserted)."""

    orgs: list[Organization] = field(default_factory=list)
    employers: list[Employer] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


class DistrictBuilder:
    def __init__(self, *, seed: int, scale: Scale, as_of: datetime.date):
        self.rng = random.Random(seed)
        self.scale = scale
        self.as_of = as_of
        self.built = Built()
        self._next_org = 1
        self._covered: dict[int, list[Employer]] = {}  # a union's employers
        if as_of.year <= CLOSED_YEAR:
            raise ValueError(f"演示数据的基准日须晚于{CLOSED_YEAR}年（报告年度须已结束）。")

    # -- tree ---------------------------------------------------------------------------------
    def _org(self, parent: Organization | None, kind: str, name: str, **extra) -> Organization:
        pk = self._next_org
        self._next_org += 1
        path = f"{parent.path if parent else '/'}{pk}/"
        org = Organization(
            id=pk,
            parent=parent,
            kind=kind,
            name=name,
            path=path,
            depth=(parent.depth + 1) if parent else 0,
            **extra,
        )
        if kind == OrgKind.TOWN:
            org.town = org
        elif parent is not None:
            org.town = parent if parent.kind == OrgKind.TOWN else parent.town
        self.built.orgs.append(org)
        return org

    def build_tree(self) -> None:
        self.root = self._org(
            None, OrgKind.DISTRICT, "番禺区总工会", division_code="440113", chair_name="苏治邦"
        )
        self.towns = []
        for name, _pinyin, code, weight in data.TOWNS:
            town = self._org(
                self.root,
                OrgKind.TOWN,
                f"{name}总工会",
                division_code=code,
                chair_name=self._person_name(),
            )
            town.weight = weight
            town.coverage = self.rng.uniform(0.55, 1.0)
            town.dual_rate = self.rng.uniform(0.3, 0.75)
            self.towns.append(town)
        self.sectors = {
            name: self._org(self.root, kind, name, established_on=self._founded_above(name))
            for kind, name in data.SECTORS
        }
        by_name = {t.name.removesuffix("总工会"): t for t in self.towns}
        self.federations = {
            name: self._org(by_name[town], kind, name, established_on=self._founded_above(name))
            for town, kind, name in data.TOWN_FEDERATIONS
        }

    def _founded_above(self, name: str) -> datetime.date:
        """A sector union's or federation's founding: the report's four in 2013, the others
        long before."""
        if name in FEDERATIONS_2013:
            return self._day_of(CLOSED_YEAR)
        return datetime.date(self.rng.randint(1985, CLOSED_YEAR - 3), 1, 1) + datetime.timedelta(
            days=self.rng.randint(0, 364)
        )

    def _day_of(self, year: int, until: datetime.date | None = None) -> datetime.date:
        first = datetime.date(year, 1, 1)
        last = until or datetime.date(year, 12, 31)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def _person_name(self) -> str:
        given = "".join(self.rng.choice(data.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(data.SURNAMES) + given

    # -- employers ----------------------------------------------------------------------------
    def build_employers(self) -> None:
        weights = [t.weight for t in self.towns]
        industries, ind_w = zip(*data.INDUSTRY_WEIGHTS.items(), strict=True)
        ownerships, own_w = zip(*data.OWNERSHIP_WEIGHTS.items(), strict=True)
        used_names: set[str] = set()
        for i in range(self.scale.employers):
            town = self.rng.choices(self.towns, weights)[0]
            ownership = self.rng.choices(ownerships, own_w)[0]
            industry = {"institution": self.rng.choice("PQ"), "agency": "S"}.get(
                ownership, self.rng.choices(industries, ind_w)[0]
            )
            name = self._employer_name(town, industry, ownership, used_names)
            headcount = min(20000, int(self.rng.lognormvariate(3.2, 1.15)) + 3)
            prefix = data.USCC_PREFIX.get(ownership, "91")
            self.built.employers.append(
                Employer(
                    id=i + 1,
                    name=name,
                    uscc=numbers.uscc(prefix, "440113", i + 1),
                    ownership=ownership,
                    industry=industry,
                    headcount=headcount,
                    town=town,
                    address=f"广州市番禺区{town.name.removesuffix('总工会')}{self.rng.randint(1, 300)}号",
                    is_labor_dispatch=industry == "L" and self.rng.random() < 0.5,
                    # the rng drawn as before (the rest of the district unchanged); the
                    # second clause, rng-free, gives every scale some (none reaches 1000)
                    is_fortune500=ownership == "foreign"
                    and (
                        (headcount > 1000 and self.rng.random() < 0.3)
                        or (headcount > 500 and (i + 1) % 2 == 0)
                    ),
                    org_path=town.path,
                )
            )

    def _employer_name(self, town, industry: str, ownership: str, used: set[str]) -> str:
        place = town.name.removesuffix("总工会").removesuffix("街道").removesuffix("镇")
        for attempt in range(1000):
            brand = "".join(self.rng.sample(data.BRAND, 2))
            word = self.rng.choice(data.INDUSTRY_WORDS[industry])
            if ownership in ("institution", "agency"):
                name = f"番禺区{place}{brand}{word}"
            elif ownership == "social":
                name = f"番禺区{brand}{word}协会"
            else:
                suffix = "股份有限公司" if self.rng.random() < 0.1 else "有限公司"
                name = f"广州市番禺区{brand}{word}{suffix}"
            if name not in used:
                used.add(name)
                return name
            name += f"（{place}第{attempt + 1}分部）"
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("ran out of demo employer names")

    # -- unions -------------------------------------------------------------------------------
    def _union_parent(self, employer: Employer) -> Organization:
        if employer.ownership in ("institution", "agency"):
            key = {"P": "番禺区教育系统工会", "Q": "番禺区卫生系统工会"}.get(
                employer.industry, "番禺区直属机关工会工作委员会"
            )
            return self.sectors[key]
        if employer.ownership == "social":
            return self.sectors["番禺区社会组织工会工作委员会"]
        if employer.industry == "P":
            return self.sectors["番禺区民办教育机构行业工会联合会"]
        town_name = employer.town.name
        if town_name.startswith("桥南") and "纸" in employer.name:
            return self.federations["桥南街纸类行业工会联合会"]
        if town_name.startswith("东环") and employer.industry in ("I", "M"):
            return self.federations["东环街番山创业中心工会联合会"]
        return employer.town

    def build_unions(self) -> None:
        """About one union in twelve is a joint union of 2-4 small employers of one town;
        the rest are single unions, likelier at large employers and in well-covered towns."""
        rng = self.rng
        pool = {e.pk: e for e in self.built.employers}
        small_by_town: dict[int, list[Employer]] = {}
        for e in self.built.employers:
            if e.headcount < 25:
                small_by_town.setdefault(e.town.pk, []).append(e)
        seq = 0
        smalls = [e for group in small_by_town.values() for e in group]
        rng.shuffle(smalls)
        for employer in smalls:
            if seq >= self.scale.unions // 12:
                break
            town_smalls = small_by_town[employer.town.pk]
            mates = [m for m in town_smalls[:50] if m.pk in pool and m is not employer]
            mates = mates[: rng.randint(1, 3)]
            if employer.pk not in pool or not mates:
                continue
            for e in (employer, *mates):
                pool.pop(e.pk)
            seq += 1
            self._make_union(employer, [employer, *mates], UnionForm.JOINT, seq)
        ranked = sorted(
            pool.values(),
            key=lambda e: (
                -(e.town.coverage * min(1.0, (e.headcount + 10) / 90) + rng.random() * 0.6)
            ),
        )
        for employer in ranked[: self.scale.unions - seq]:
            seq += 1
            self._make_union(employer, [employer], UnionForm.SINGLE, seq)

    def fit_members(self) -> None:
        """Scale member counts so the district has about `scale.members` members (and never
        more): unions cover large employers, whose whole staff would overshoot the report's
        "40多万会员"; a small scale's unions fall short of its share. No union has more
        members than `MAX_UNIONIZED` of its staff."""
        unions = [o for o in self.built.orgs if o.kind == OrgKind.GRASSROOTS]
        drawn = {u.pk: u.member_count for u in unions}
        cap = {
            u.pk: max(1, int(MAX_UNIONIZED * sum(e.headcount for e in self._covered[u.pk])))
            for u in unions
        }

        def fitted(factor: float) -> dict[int, int]:
            return {pk: min(cap[pk], max(1, round(n * factor))) for pk, n in drawn.items()}

        low, high = 0.0, 2.0 * self.scale.members / sum(drawn.values())
        for _ in range(40):  # the largest factor whose total is still within the scale's
            middle = (low + high) / 2
            low, high = (
                (middle, high)
                if sum(fitted(middle).values()) <= self.scale.members
                else (low, middle)
            )
        counts = fitted(low)
        for union in unions:
            share = union.female_member_count / union.member_count
            union.member_count = counts[union.pk]
            union.female_member_count = round(union.member_count * share)

    def _make_union(self, employer: Employer, covered: list[Employer], form: str, seq: int) -> None:
        rng = self.rng
        staff = sum(e.headcount for e in covered)
        members = max(1, round(staff * rng.uniform(0.62, 0.97)))
        if form == UnionForm.SINGLE and members < 25 and rng.random() < 0.3:
            form = UnionForm.ORGANIZER
        name = employer.name + ("联合工会委员会" if form == UnionForm.JOINT else "工会委员会")
        union = self._org(
            self._union_parent(employer),
            OrgKind.GRASSROOTS,
            name,
            form=form,
            uscc=numbers.uscc("81", "440113", seq, lead="MC"),
            chair_name=self._person_name(),
            member_count=members,
            female_member_count=round(members * rng.uniform(0.3, 0.6)),
            signboard_displayed=rng.random() < employer.town.dual_rate + 0.15,
            chair_identity_displayed=rng.random() < employer.town.dual_rate + 0.1,
            women_org=rng.choices(
                [WomenOrg.COMMITTEE, WomenOrg.COMMISSIONER, WomenOrg.NONE], [55, 25, 20]
            )[0],
        )
        for e in covered:
            e.union = union
            e.org_path = union.path
        self._covered[union.pk] = covered

    # -- the report's year and the live one (issue #13) ---------------------------------------
    def date_unions(self) -> None:
        """Found exactly `Report2013.at(...)`'s unions in 2013 and in the live year, the
        dispatch ones among 2013's single unions of one dispatched-labor employer (each counts
        one employer); each year between them fewer than 2013 (`LATER_SHARE`); the rest, most
        of the district, before 2013 (`_earlier_day`). The unions of 2013 and after lean to
        the small: the large employers were unionized first. Then each union's current term,
        from its founding."""
        rng, target = self.rng, Report2013.at(self.scale.unions)
        unions = [o for o in self.built.orgs if o.kind == OrgKind.GRASSROOTS]
        # weighted sampling without replacement (Efraimidis-Spirakis, as in tune_displays):
        # a union of m members is drawn for a recent year with weight 1 / m
        key = {u.pk: rng.random() ** u.member_count for u in unions}
        left = sorted(unions, key=lambda u: -key[u.pk])  # the likeliest young first

        def take(n: int, fits=lambda u: True) -> list[Organization]:
            chosen = [u for u in left if fits(u)][:n]
            taken = {u.pk for u in chosen}
            left[:] = [u for u in left if u.pk not in taken]
            return chosen

        closed = take(target.dispatch, lambda u: self._only_dispatch(u))
        closed += take(target.new_unions - len(closed), lambda u: not self._dispatch_employers(u))
        for union in closed:
            union.established_on = self._day_of(CLOSED_YEAR)
        for union in take(target.this_year):
            union.established_on = self._day_of(self.as_of.year, until=self.as_of)
        for year, count in self._later_counts(target.new_unions).items():
            for union in take(count):
                union.established_on = self._day_of(year)
        for union in left:
            union.established_on = self._earlier_day()
        for union in unions:
            self._make_term(union, union.established_on)

    def _only_dispatch(self, union: Organization) -> bool:
        return [e.is_labor_dispatch for e in self._covered[union.pk]] == [True]

    def _dispatch_employers(self, union: Organization) -> int:
        return sum(1 for e in self._covered[union.pk] if e.is_labor_dispatch)

    def _later_counts(self, closed: int) -> dict[int, int]:
        """New unions in each year between 2013 and the live year: a share of 2013's drawn
        from `LATER_SHARE` each year, rounded on the running total (so a small scale has one
        every few years rather than none)."""
        counts, running = {}, 0.0
        for year in range(CLOSED_YEAR + 1, self.as_of.year):
            before = round(running)
            running += closed * self.rng.uniform(*LATER_SHARE)
            counts[year] = round(running) - before
        return counts

    def _earlier_day(self) -> datetime.date:
        """A day of 1990-2012, any equally likely (so that no year's joins outweigh 2013's)."""
        first, last = EARLIEST_FOUNDING, datetime.date(CLOSED_YEAR - 1, 12, 31)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def tune_displays(self) -> None:
        """Exactly half the non-public enterprises' unions (an employer of theirs is
        non-public: queries.of_ownership) show both displays today, likelier in the towns of
        a higher `dual_rate`; the rest keep at most one of their draws."""
        rng, non_public = self.rng, set(Ownership.non_public())
        unions = [
            u
            for u in self.built.orgs
            if u.kind == OrgKind.GRASSROOTS
            and any(e.ownership in non_public for e in self._covered[u.pk])
        ]
        # weighted sampling without replacement (Efraimidis-Spirakis): key = u ** (1 / w)
        # (a union's town: its first employer's; a sector union's unions have no town above)
        weight = {u.pk: self._covered[u.pk][0].town.dual_rate for u in unions}
        ranked = sorted(unions, key=lambda u: -(rng.random() ** (1 / weight[u.pk])))
        shown = round(len(unions) * NON_PUBLIC_DUAL_SHARE)
        for union in ranked[:shown]:
            union.signboard_displayed = union.chair_identity_displayed = True
        for union in ranked[shown:]:
            if union.signboard_displayed and union.chair_identity_displayed:
                if rng.random() < 0.5:
                    union.signboard_displayed = False
                else:
                    union.chair_identity_displayed = False

    def _make_term(self, union: Organization, established: datetime.date) -> None:
        years = 5 if self.rng.random() < 0.8 else 3
        # Spread term ends so that some are overdue and some fall due within 90 days.
        ends = self.as_of + datetime.timedelta(days=self.rng.randint(-300, years * 365 - 30))
        try:
            anniversary = ends.replace(year=ends.year - years)
        except ValueError:  # 29 February
            anniversary = ends.replace(year=ends.year - years, day=28)
        starts = max(established, anniversary + datetime.timedelta(days=1))
        number = max(1, (starts.year - established.year) // years + 1)
        self.built.terms.append(
            Term(
                organization=union,
                org_path=union.path,
                number=number,
                term_years=years,
                starts_on=starts,
                ends_on=term_end(starts, years),
                is_current=True,
            )
        )


def build(context: DemoContext) -> Built:
    """Insert the tree, employers, unions and terms: the part every other builder runs after."""
    if Organization.objects.exists():
        raise DemoDataExists("数据库中已有组织数据；演示数据只能装入空库。")
    builder = DistrictBuilder(seed=context.seed, scale=context.scale, as_of=context.as_of)
    builder.build_tree()
    builder.build_employers()
    builder.build_unions()
    builder.date_unions()
    builder.tune_displays()
    builder.fit_members()
    for row in (*builder.built.orgs, *builder.built.employers):
        row.name_initials = name_initials(row.name)  # as the services set it (pickers)
    _insert_orgs(builder.built.orgs)  # inside build_demo's transaction, like every builder
    Employer.objects.bulk_create(builder.built.employers, batch_size=2000)
    Term.objects.bulk_create(builder.built.terms, batch_size=2000)
    reset_sequences(Organization, Employer)
    context.built["orgs"] = builder.built
    context.count("orgs", "组织", len(builder.built.orgs))
    context.count("employers", "单位", len(builder.built.employers))
    return builder.built


def _insert_orgs(orgs: list[Organization]) -> None:
    """Insert parents before children; `town` points at rows of the same batch, so set it after."""
    towns = {o.pk: o.town_id for o in orgs}
    for org in orgs:
        org.town = None
    Organization.objects.bulk_create(orgs, batch_size=2000)
    for org in orgs:
        org.town_id = towns[org.pk]
    Organization.objects.bulk_update([o for o in orgs if o.town_id], ["town"], batch_size=2000)


register_demo_builder(DemoBuilder("orgs", build, label="组织树、单位、基层工会、任期"))


# ---- formation (ORG-3) and legal-person certificates (ORG-4) ----------------------------------
# The targets exist already (employers of 25 staff or more without a union). Each union of
# 2013 and of the live year was founded from its (first) employer: its Founding, dated as the
# union. The live year's targets carry contacts; most unions hold a certificate issued over
# the past years (some expiring within 90 days, some expired), a few requests wait.

CERTIFIED_SHARE = 0.85
EXPIRING_SHARE = 0.04  # of the certified: validity ending within the 90 days after as_of
EXPIRED_SHARE = 0.06  # of the certified: validity ended, not renewed
CONTACTED_SHARE = 0.3  # of the live year's targets
CERTIFICATE_YEARS = 5


def build_formation(context: DemoContext) -> None:
    from gonghui.orgs.choices import ContactMethod, ContactOutcome
    from gonghui.orgs.models import FormationContact, Founding, LegalPersonCertificate

    built: Built = context.built["orgs"]
    rng = random.Random(context.seed * 7 + 3)
    as_of = context.as_of
    first_employer: dict[int, Employer] = {}
    for e in built.employers:
        if e.union is not None:
            first_employer.setdefault(e.union.pk, e)
    unions = [o for o in built.orgs if o.kind == OrgKind.GRASSROOTS]
    foundings = [
        Founding(
            union=u,
            employer=first_employer[u.pk],
            org_path=u.path,
            founded_on=u.established_on,
            first_chair=u.chair_name or "未登记",
            founding_members=max(1, u.member_count),
        )
        for u in unions
        if u.established_on
        and u.established_on.year in (CLOSED_YEAR, as_of.year)
        and u.pk in first_employer
    ]
    Founding.objects.bulk_create(foundings, batch_size=2000)
    contacts = []
    targets = [e for e in built.employers if e.union is None and e.headcount >= 25]
    year_start = datetime.date(as_of.year, 1, 1)
    for e in targets:
        if rng.random() >= CONTACTED_SHARE:
            continue
        for _ in range(rng.randint(1, 2)):
            contacts.append(
                FormationContact(
                    employer=e,
                    org_path=e.org_path,
                    contacted_on=year_start
                    + datetime.timedelta(days=rng.randint(0, (as_of - year_start).days)),
                    method=rng.choice(ContactMethod.values),
                    outcome=rng.choices(ContactOutcome.values, [25, 40, 25, 10])[0],
                    contact_person=data_name(rng),
                )
            )
    FormationContact.objects.bulk_create(contacts, batch_size=2000)
    certificates, uncertified = [], []
    for seq, u in enumerate(unions, start=1):
        if not u.uscc or rng.random() >= CERTIFIED_SHARE:
            uncertified.append(u)
            continue
        certificates.append(_demo_certificate(rng, u, seq, as_of, first_employer.get(u.pk)))
    LegalPersonCertificate.objects.bulk_create(certificates, batch_size=2000)
    waiting = _demo_requests(rng, uncertified, as_of, max(2, len(unions) // 400))
    context.count("foundings", "组建记录", len(foundings))
    context.count("certificates", "法人资格证书", len(certificates))
    context.count("certificate_requests", "待审核办证申请", waiting)


def data_name(rng: random.Random) -> str:
    return rng.choice(data.SURNAMES) + rng.choice(data.GIVEN)


def _demo_certificate(rng, union, seq, as_of, employer):
    from gonghui.orgs.models import LegalPersonCertificate

    roll = rng.random()
    span = datetime.timedelta(days=CERTIFICATE_YEARS * 365)
    if roll < EXPIRING_SHARE:  # ends within 90 days
        valid_until = as_of + datetime.timedelta(days=rng.randint(1, 89))
        issued = valid_until - span
    elif roll < EXPIRING_SHARE + EXPIRED_SHARE:  # ended, not renewed
        valid_until = as_of - datetime.timedelta(days=rng.randint(1, 700))
        issued = valid_until - span
    else:  # issued within the last five years, ending after the 90 days
        issued = as_of - datetime.timedelta(days=rng.randint(0, CERTIFICATE_YEARS * 365 - 120))
        valid_until = issued + span
    issued = max(issued, union.established_on or issued)
    valid_until = max(valid_until, issued + datetime.timedelta(days=1))
    return LegalPersonCertificate(
        organization=union,
        org_path=union.path,
        number=f"番工法证字{issued.year}第{seq:05d}号",
        uscc=union.uscc,
        representative=union.chair_name or "未登记",
        address=(employer.address if employer and employer.address else union.name[:-5]),
        issued_on=issued,
        valid_until=valid_until,
    )


def _demo_requests(rng, unions, as_of, n) -> int:
    """New-certificate requests waiting to be checked, each with its application form."""
    from gonghui.core.uploads import CheckedFile, store_sealed
    from gonghui.orgs.models import CertificateDocument, CertificateRequest
    from gonghui.orgs.services_certificates import FOLDER

    form = CheckedFile("工会法人资格登记申请表.pdf", b"%PDF-1.4\n%demo\n", "application/pdf")
    made = 0
    for union in rng.sample(unions, min(n, len(unions))):
        request = CertificateRequest.objects.create(
            organization=union,
            org_path=union.path,
            kind="new",
            submitted_on=as_of - datetime.timedelta(days=rng.randint(0, 10)),
            representative=union.chair_name or "未登记",
            address=union.name[:-5] or union.name,
        )
        CertificateDocument.objects.create(
            request=request,
            kind="application",
            stored_name=store_sealed(FOLDER, form),
            original_name=form.name,
            content_type=form.content_type,
            size=form.size,
            sha256=form.sha256,
        )
        made += 1
    return made


register_demo_builder(
    DemoBuilder(
        "orgs_formation",
        build_formation,
        after=("orgs",),
        label="组建记录、联系记录、法人资格证书",
    )
)
