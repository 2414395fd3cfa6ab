"""The members' part of the demo district (MEM-1): one row per member of each union.

Each grassroots union gets exactly `member_count` active members (`female_member_count` of
them women), plus a few retained and former members, so the organization figures and the
member rows agree. Calendar 2013 is the work report's closed year (issue #13): exactly
`new_in_closed_year(scale)` members joined in it ("新发展会员3万多人": 31,264 at district
scale), most of them in the unions founded that year; the current year has live joins,
fewer than 2013's; nobody joined before their union was founded (`JoinPlan`). Rows are
built in Python with their stored (encrypted) identity columns and inserted in large batches
(`core.importing.bulk.bulk_insert`): 400,000 members take well under two minutes on SQLite. Only generated when the run asks for members (`--members`).
`roster_rows()` yields the same kind of people as spreadsheet rows (the import benchmark).
"""

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q

from gonghui.core.clock import today
from gonghui.core.identity import identity_values
from gonghui.core.ids import address_in_use, ric_with_check
from gonghui.core.importing.bulk import bulk_insert
from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo import data
from gonghui.demo.context import SCALES, DemoContext, Scale
from gonghui.demo.numbers import person_name
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from .choices import Education, MemberStatus, RetainedReason, Sex
from .models import Member

BATCH = 20_000
EDUCATION_WEIGHTS = {
    Education.PRIMARY: 4,
    Education.JUNIOR: 22,
    Education.SENIOR: 30,
    Education.COLLEGE: 22,
    Education.BACHELOR: 19,
    Education.POSTGRADUATE: 3,
}
ETHNICITIES = ["汉族"] * 95 + ["壮族", "回族", "土家族", "苗族", "瑶族"]
RETAINED_SHARE, LEFT_SHARE = 0.03, 0.02
EARLIEST_JOIN = datetime.date(1990, 1, 1)
JOIN_SOON = 180  # days: the mean wait from a union's founding (or turning 18) to joining

# The work report's year (issue #13): "新发展会员3万多人" at district scale, in proportion at
# the others (by the scale's members). Of the members of a union founded that year, this
# share joined in it (founding members); the rest of the figure joined older unions.
CLOSED_YEAR = 2013
NEW_IN_CLOSED_YEAR = 31_264
FOUNDING_SHARE = 0.75
# The current year's joins up to `as_of`, against the closed year's for a whole year (a
# share of it by the part of the year gone): live work, smaller than the report's year.
LIVE_SHARE = 0.6
CLOSED_DAYS = (datetime.date(CLOSED_YEAR, 1, 1), datetime.date(CLOSED_YEAR, 12, 31))


def new_in_closed_year(scale: Scale) -> int:
    """The members who joined in 2013 at this scale (31,264 at district scale)."""
    return round(NEW_IN_CLOSED_YEAR * scale.members / SCALES["district"].members)


@dataclass(frozen=True)
class Window:
    """The dates a member may have joined on: `lo`..`hi`, without the closed year when
    `skip_closed`; `early` leans the draw to the window's start (most members join a union
    soon after it is founded: spread evenly, the recent years would outweigh the old, as
    every union older than them adds its share)."""

    lo: datetime.date
    hi: datetime.date
    skip_closed: bool = False
    early: bool = False


class Quota:
    """Exactly `wanted` of `pool` rows taken, each with the same chance, in one pass
    (selection sampling): take() is asked once per row of the pool."""

    def __init__(self, rng: random.Random, wanted: int, pool: int):
        self.rng, self.wanted, self.pool = rng, min(wanted, pool), pool

    def take(self) -> bool:
        taken = self.pool > 0 and self.rng.random() * self.pool < self.wanted
        self.pool -= 1
        self.wanted -= taken
        return taken


class JoinPlan:
    """When each member of a union joined: in the closed year (quota), in the current year
    (quota), or some other year after their union was founded. Rows are asked for in the
    order their counts were given (`rows` per union's founding date)."""

    def __init__(
        self,
        rng: random.Random,
        as_of: datetime.date,
        founded: list[tuple[datetime.date | None, int]],
        new_in_closed: int | None,
    ):
        self.as_of = as_of
        self.closed = CLOSED_DAYS
        self.this_year = datetime.date(as_of.year, 1, 1)
        self.last_year_end = self.this_year - datetime.timedelta(days=1)
        # Without a figure asked (no scale), or a whole year between the closed year and the
        # current one, joins are spread from the union's founding to `as_of`.
        self.on = new_in_closed is not None and as_of.year > CLOSED_YEAR + 1
        counts = defaultdict(int)
        for established, rows in founded:
            counts[self.kind(established)] += rows
        wanted = new_in_closed if self.on and new_in_closed else 0
        in_year = min(counts["founded"], wanted)
        in_year = min(
            in_year, max(round(FOUNDING_SHARE * counts["founded"]), wanted - counts["older"])
        )
        self.closed_founded = Quota(rng, in_year, counts["founded"])
        self.closed_older = Quota(rng, wanted - in_year, counts["older"])
        taken = self.closed_founded.wanted + self.closed_older.wanted
        year = (as_of - self.this_year).days + 1
        days = (datetime.date(as_of.year, 12, 31) - self.this_year).days + 1
        live = round(wanted * LIVE_SHARE * year / days) - counts["new"] if self.on else 0
        pool = counts["founded"] + counts["older"] + counts["later"] - taken
        self.live = Quota(rng, max(live, 0), pool)

    def kind(self, established: datetime.date | None) -> str:
        if established is None or established < self.closed[0]:
            return "older"
        if established <= self.closed[1]:
            return "founded"
        return "later" if established < self.this_year else "new"

    def window(self, established: datetime.date | None) -> Window:
        lo = max(established or EARLIEST_JOIN, EARLIEST_JOIN)
        if not self.on:
            return Window(lo, self.as_of)
        kind = self.kind(established)
        if kind == "new":  # founded this year: its members joined this year
            return Window(lo, self.as_of)
        closed = self.closed_founded if kind == "founded" else self.closed_older
        if kind != "later" and closed.take():
            return Window(max(lo, self.closed[0]), self.closed[1])
        if self.live.take():
            return Window(self.this_year, self.as_of)
        if kind == "founded":
            lo = self.closed[1] + datetime.timedelta(days=1)
        return Window(lo, self.last_year_end, skip_closed=kind == "older", early=True)


@lru_cache(maxsize=128)
def _codes(year: int) -> tuple[str, ...]:
    return tuple(c for c in data.HOME_CODES if address_in_use(c, year))


class PersonMaker:
    """Random but valid people: unique RICs, plausible dates, Chinese names of their sex.

    Draws use `int(random() * n)` rather than randrange/choice: a fifth of the cost, and
    this loop runs once per demo member (about a million at district scale).
    """

    def __init__(self, seed: int, as_of: datetime.date):
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.used: set[str] = set()
        self.educations = list(EDUCATION_WEIGHTS)
        self.edu_weights = list(EDUCATION_WEIGHTS.values())

    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def name(self, *, female: bool) -> str:
        return person_name(self._pick, female=female)

    def ric(self, *, female: bool, born_by: int = 2004) -> tuple[str, datetime.date]:
        """Born 1966 to `born_by` (a year old enough to have joined by a window's end)."""
        rnd = self.rng.random
        years = max(min(born_by, 2004) - 1966 + 1, 1)
        while True:
            year, month, day = 1966 + int(rnd() * years), 1 + int(rnd() * 12), 1 + int(rnd() * 28)
            seq = int(rnd() * 500) * 2 + (0 if female else 1)
            code = self._pick(_codes(year))
            number = ric_with_check(f"{code}{year:04d}{month:02d}{day:02d}{seq:03d}")
            if number not in self.used:
                self.used.add(number)
                return number, datetime.date(year, month, day)

    def phone(self) -> str:
        return f"1{self._pick('35789')}{int(self.rng.random() * 10**9):09d}"

    def joined_on(self, birth: datetime.date, window: Window) -> datetime.date:
        """A day of the window, at 18 or older (`ric` was told the window's end)."""
        start = max(birth.replace(year=birth.year + 18), window.lo)
        first, last = CLOSED_DAYS
        skip = 0
        if window.skip_closed and start <= last <= window.hi:
            if start >= first:
                start = last + datetime.timedelta(days=1)
            else:
                skip = (last - first).days + 1
        span = max((window.hi - start).days + 1 - skip, 1)
        u = self.rng.random()
        # Early: most join within a couple of years of the start (founding members, then
        # the staff hired soon after); a draw past the window's end wraps into it.
        days = int(-JOIN_SOON * math.log(1.0 - u)) % span if window.early else int(u * span)
        joined = start + datetime.timedelta(days=days)
        if skip and joined >= first:
            joined += datetime.timedelta(days=skip)
        return joined

    def person(self, *, female: bool, window: Window | None = None) -> dict[str, Any]:
        rnd = self.rng.random
        window = window or Window(EARLIEST_JOIN, self.as_of)
        ric, birth = self.ric(female=female, born_by=window.hi.year - 19)
        return {
            "name": self.name(female=female),  # fits the sex the RIC encodes
            "ric": ric,
            "birth_date": birth,
            "sex": Sex.FEMALE if female else Sex.MALE,
            "phone": self.phone() if rnd() < 0.95 else "",
            "joined_on": self.joined_on(birth, window),
            "education": self.rng.choices(self.educations, self.edu_weights)[0],
            "ethnicity": self._pick(ETHNICITIES),
            "is_migrant_worker": rnd() < 0.35,
            "is_dispatched": rnd() < 0.05,
            "is_new_form_worker": rnd() < 0.04,
            "is_model_worker": rnd() < 0.002,
        }


def _row(
    maker: PersonMaker, person: dict[str, Any], union: dict, employer_id: int | None, status: str
) -> dict:
    row = dict(person)
    row.update(identity_values(ric=row.pop("ric"), phone=row.pop("phone"), encrypted=True))
    row.update(union_id=union["id"], org_path=union["path"], employer_id=employer_id, status=status)
    if status == MemberStatus.RETAINED:
        row["retained_reason"] = RetainedReason.RETIRED
    elif status == MemberStatus.LEFT:
        # Left some day between joining and today: a former member stood at earlier year-ends.
        span = (maker.as_of - row["joined_on"]).days
        row["left_on"] = row["joined_on"] + datetime.timedelta(days=int(maker.rng.random() * span))
    return row


def _statuses(union: dict, fraction: float) -> list[str]:
    active = round(union["member_count"] * fraction)
    others = [MemberStatus.RETAINED] * round(active * RETAINED_SHARE)
    others += [MemberStatus.LEFT] * round(active * LEFT_SHARE)
    return [MemberStatus.ACTIVE] * active + others


def _union_rows(
    maker: PersonMaker, plan: JoinPlan, union: dict, employers: list[int], fraction: float
):
    active = round(union["member_count"] * fraction)
    female = round(union["female_member_count"] * fraction)
    for i, status in enumerate(_statuses(union, fraction)):
        person = maker.person(
            female=i < female or (i >= active and maker.rng.random() < 0.5),
            window=plan.window(union["established_on"]),
        )
        employer = maker.rng.choice(employers) if employers else None
        yield _row(maker, person, union, employer, status)


def generate_members(
    *,
    seed: int,
    scale_fraction: float = 1.0,
    as_of: datetime.date | None = None,
    scale: Scale | None = None,
) -> int:
    """Members for every grassroots union; returns how many rows were inserted. With a
    `scale`, `new_in_closed_year(scale)` of them (times `scale_fraction`) joined in 2013."""
    maker = PersonMaker(seed, as_of or today())
    employers: dict[int, list[int]] = defaultdict(list)
    for pk, union_id in Employer.objects.filter(union__isnull=False).values_list("id", "union"):
        employers[union_id].append(pk)
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
    fields = ("id", "path", "member_count", "female_member_count", "established_on")
    rows = list(unions.values(*fields))
    closed = round(new_in_closed_year(scale) * scale_fraction) if scale else None
    founded = [(u["established_on"], len(_statuses(u, scale_fraction))) for u in rows]
    plan = JoinPlan(maker.rng, maker.as_of, founded, closed)
    total, batch = 0, []
    _big_cache_for_bulk_load()
    with transaction.atomic():
        for union in rows:
            batch.extend(_union_rows(maker, plan, union, employers[union["id"]], scale_fraction))
            if len(batch) >= BATCH:
                total += bulk_insert(Member, batch)
                batch = []
        total += bulk_insert(Member, batch)
        if scale_fraction != 1.0:
            recount_all_unions()
    return total


def _big_cache_for_bulk_load() -> None:
    """SQLite's default 2 MB page cache makes 400,000 inserts into four random-order
    indexes spill pages to the WAL again and again (minutes instead of seconds)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # KiB: up to 1 GB, this connection


def recount_all_unions() -> None:
    """Set every union's figures from its member rows (union_recount, for all at once)."""
    counts = {
        row["union"]: row
        for row in Member.objects.filter(status=MemberStatus.ACTIVE)
        .values("union")
        .annotate(n=Count("id"), female=Count("id", filter=Q(sex=Sex.FEMALE)))
    }
    unions = list(Organization.objects.filter(kind=OrgKind.GRASSROOTS).only("id"))
    for union in unions:
        found = counts.get(union.pk, {"n": 0, "female": 0})
        union.member_count, union.female_member_count = found["n"], found["female"]
    Organization.objects.bulk_update(
        unions, ["member_count", "female_member_count"], batch_size=2000
    )


def roster_rows(
    *, seed: int, count: int, union_name: str, as_of: datetime.date | None = None
) -> Iterator[dict[str, str]]:
    """Rows of a union's roster as a spreadsheet has them (Chinese headers, text cells).

    `union_name` only seeds the people so that two unions' rosters differ; the rows carry
    no union or employer column (the importer imports a roster into one chosen union).
    """
    maker = PersonMaker(seed, as_of or today())
    maker.rng.seed(f"{seed}:{union_name}")  # str seeds are stable across processes
    for _ in range(count):
        p = maker.person(female=maker.rng.random() < 0.45)
        yield {
            "姓名": p["name"],
            "身份证号": p["ric"],
            "性别": Sex(p["sex"]).label,
            "出生日期": f"{p['birth_date']:%Y-%m-%d}",
            "手机号": p["phone"],
            "入会日期": f"{p['joined_on']:%Y-%m-%d}",
            "学历": Education(p["education"]).label,
            "民族": p["ethnicity"],
            "农民工": "是" if p["is_migrant_worker"] else "否",
            "劳务派遣工": "是" if p["is_dispatched"] else "否",
            "新就业形态劳动者": "是" if p["is_new_form_worker"] else "否",
            "劳模": "是" if p["is_model_worker"] else "否",
        }


def build(context: DemoContext) -> int:
    """Members for the unions the orgs builder made, when the run asks for them."""
    rows = (
        generate_members(seed=context.seed, as_of=context.as_of, scale=context.scale)
        if context.members
        else 0
    )
    context.built["members"] = rows
    context.count("members", "会员", rows)  # the command's summary says 会员 0 without them
    return rows


register_demo_builder(DemoBuilder("members", build, after=("orgs",), label="会员（--members）"))
