"""The organizations' part of the demo district (PLAT-7): the union tree, employers,
grassroots unions and their terms. The demo logins are the accounts app's part
(`accounts/demo.py`), members the members app's (docs/demo.md).

Rows are bulk-inserted with explicit primary keys so paths are known up front; this is
set-up data, not user work, so it is not audited row by row (`build_demo`'s run is).
"""

import datetime
import random
from dataclasses import dataclass, field

from gonghui.core.pinyin import name_initials
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo import data, numbers
from gonghui.demo.context import DemoContext, DemoDataExists, Scale
from gonghui.demo.sequences import reset_sequences
from gonghui.orgs.choices import OrgKind, UnionForm, WomenOrg
from gonghui.orgs.models import Employer, Organization, Term
from gonghui.orgs.services import term_end


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
        self.sectors = {name: self._org(self.root, kind, name) for kind, name in data.SECTORS}
        by_name = {t.name.removesuffix("总工会"): t for t in self.towns}
        self.federations = {
            name: self._org(by_name[town], kind, name) for town, kind, name in data.TOWN_FEDERATIONS
        }

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
                    is_fortune500=ownership == "foreign"
                    and headcount > 1000
                    and self.rng.random() < 0.3,
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

    def cap_members(self) -> None:
        """Scale member counts down so the district has about `scale.members` members:
        unions cover large employers, whose whole staff would overshoot the report's figure."""
        unions = [o for o in self.built.orgs if o.kind == OrgKind.GRASSROOTS]
        total = sum(u.member_count for u in unions)
        if total <= self.scale.members:
            return
        factor = self.scale.members / total
        for union in unions:
            share = union.female_member_count / union.member_count
            union.member_count = max(1, round(union.member_count * factor))
            union.female_member_count = round(union.member_count * share)

    def _make_union(self, employer: Employer, covered: list[Employer], form: str, seq: int) -> None:
        rng = self.rng
        staff = sum(e.headcount for e in covered)
        members = max(1, round(staff * rng.uniform(0.62, 0.97)))
        if form == UnionForm.SINGLE and members < 25 and rng.random() < 0.3:
            form = UnionForm.ORGANIZER
        name = employer.name + ("联合工会委员会" if form == UnionForm.JOINT else "工会委员会")
        established = self.as_of - datetime.timedelta(days=rng.randint(200, 365 * 25))
        union = self._org(
            self._union_parent(employer),
            OrgKind.GRASSROOTS,
            name,
            form=form,
            uscc=numbers.uscc("81", "440113", seq, lead="MC"),
            chair_name=self._person_name(),
            established_on=established,
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
        self._make_term(union, established)

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
    builder.cap_members()
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
