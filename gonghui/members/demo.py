"""The members' part of the demo district (MEM-1): one row per member of each union.

Each grassroots union gets exactly `member_count` active members (`female_member_count` of
them women), plus a few retained and former members, so the organization figures and the
member rows agree. Calendar 2013 is the work report's closed year (issue #13): exactly
`new_in_closed_year(scale)` members joined in it ("新发展会员3万多人": 31,264 at district
scale), most of them in the unions founded that year, and exactly `standing_at_close(scale)`
were on the roll at its end ("全区40多万会员": 403,000); members leave over the years, so the
district is 40多万 today too. The current year has live joins, fewer than 2013's; nobody
joined before their union was founded (`JoinPlan`). Rows are built in Python with their
stored (encrypted) identity columns and inserted in large batches
(`core.importing.bulk.bulk_insert`): the district's 454,000 rows take under a minute on
SQLite. Only generated when the run asks for members (`--members`). `roster_rows()` yields
the same kind of people as spreadsheet rows (the import benchmark).
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
JOIN_SOON = 180  # days: the mean wait from a window's start (a union's founding) to joining

# The work report's year (issue #13), at district scale; in proportion at the others (by the
# scale's members). "新发展会员3万多人": of the members of a union founded that year, this
# share joined in it (founding members); the rest of the figure joined older unions.
CLOSED_YEAR = 2013
NEW_IN_CLOSED_YEAR = 31_264
FOUNDING_SHARE = 0.8
# "沙湾镇工会主席华跃生代表全区40多万会员" (autumn 2013): the members on the roll at 2013's end.
# The unions founded since and the members who joined since are matched by members who
# left since (the older unions' rolls shrank), so the district is 40多万 then and now.
STANDING_AT_CLOSE = 403_000
# Of an older union's members today, this share joined after 2013 in a leaver's place.
REPLACED_SHARE = 0.04
# The current year's joins up to `as_of`, against the closed year's for a whole year (a
# share of it by the part of the year gone): live work, smaller than the report's year.
LIVE_SHARE = 0.3
CLOSED_DAYS = (datetime.date(CLOSED_YEAR, 1, 1), datetime.date(CLOSED_YEAR, 12, 31))
AFTER_CLOSE = CLOSED_DAYS[1] + datetime.timedelta(days=1)
BEFORE_CLOSE = CLOSED_DAYS[0] - datetime.timedelta(days=1)


def _in_proportion(figure: int, scale: Scale) -> int:
    return round(figure * scale.members / SCALES["district"].members)


def new_in_closed_year(scale: Scale) -> int:
    """The members who joined in 2013 at this scale (31,264 at district scale)."""
    return _in_proportion(NEW_IN_CLOSED_YEAR, scale)


def standing_at_close(scale: Scale) -> int:
    """The members on the roll at 2013's end at this scale (403,000 at district scale)."""
    return _in_proportion(STANDING_AT_CLOSE, scale)


@dataclass(frozen=True)
class Window:
    """The dates a member may have joined on: `lo`..`hi`; `early` leans the draw to the
    window's start (most members join a union soon after it is founded: spread evenly, the
    recent years would outweigh the old, as every union older than them adds its share)."""

    lo: datetime.date
    hi: datetime.date
    early: bool = False


class Deal:
    """Exactly `counts[c]` rows of each category `c`, dealt in one pass over their total:
    each row's category is drawn by the counts still to deal (every order equally likely)."""

    def __init__(self, rng: random.Random, counts: dict[str, int]):
        self.rng, self.counts = rng, {c: n for c, n in counts.items() if n > 0}
        self.total = sum(self.counts.values())

    def next(self) -> str:
        if self.total <= 0:
            raise RuntimeError("dealt more rows than counted")
        pick, chosen = self.rng.random() * self.total, ""
        for category, n in self.counts.items():
            if n:
                chosen = category  # the last one left, should rounding carry `pick` past it
                if pick < n:
                    break
                pick -= n
        self.counts[chosen] -= 1
        self.total -= 1
        return chosen


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, rounded on the running sum (exact total)."""
    whole, out, running = sum(weights), [], 0
    for w in weights:
        before = round(total * running / whole) if whole else 0
        running += w
        out.append((round(total * running / whole) if whole else 0) - before)
    return out


class JoinPlan:
    """When each member of a union joined (and a former member left), the union's kind
    deciding: founded before 2013 ("older"), in it ("founded"), between it and the current
    year ("later"), in the current year ("new"). Exact counts are dealt per kind and status
    (`Deal`): 2013's joins; the current year's; the older unions' members who joined after
    2013 (`REPLACED_SHARE`); and so many older unions' former members, all on the roll at
    2013's end and gone since, that `standing` members stood then. Rows are asked for union
    by union in the order the unions were given, each union's statuses in `statuses` order."""

    def __init__(
        self,
        rng: random.Random,
        as_of: datetime.date,
        unions: list[dict],
        fraction: float = 1.0,
        new_in_closed: int | None = None,
        standing: int | None = None,
    ):
        self.as_of, self.fraction = as_of, fraction
        self.this_year = datetime.date(as_of.year, 1, 1)
        self.last_year_end = self.this_year - datetime.timedelta(days=1)
        # Without a figure asked (no scale), or a whole year between the closed year and the
        # current one, joins are spread from the union's founding to `as_of`.
        self.on = new_in_closed is not None and as_of.year > CLOSED_YEAR + 1
        self.left: dict[int, int] = {}  # a union's former members (rows)
        if self.on:
            self._deal(rng, unions, new_in_closed or 0, standing or 0)

    def kind(self, established: datetime.date | None) -> str:
        if established is None or established < CLOSED_DAYS[0]:
            return "older"
        if established <= CLOSED_DAYS[1]:
            return "founded"
        return "later" if established < self.this_year else "new"

    def _active(self, union: dict) -> int:
        return round(union["member_count"] * self.fraction)

    def _current(self, union: dict) -> int:
        """A union's members today: active and retained."""
        return self._active(union) + round(self._active(union) * RETAINED_SHARE)

    def _deal(self, rng: random.Random, unions: list[dict], closed: int, standing: int) -> None:
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for union in unions:
            by_kind[self.kind(union["established_on"])].append(union)
        now = {k: sum(map(self._current, by_kind[k])) for k in ("older", "founded", "later", "new")}
        # 2013: the founding members of its unions, the rest in older unions
        founding = min(round(FOUNDING_SHARE * now["founded"]), closed)
        live_old, live_founded, live_later = self._live(closed, now, founding)
        replaced = min(round(REPLACED_SHARE * now["older"]), now["older"] - live_old)
        before = now["older"] - live_old - replaced  # the older unions' members on the roll
        # the older unions' former members: as many as 2013's roll needs beyond today's
        gone = max(standing - before - founding, 0) if by_kind["older"] else 0
        older = by_kind["older"]
        shares = _shares(gone, [self._current(u) for u in older])
        self.left.update(zip((u["id"] for u in older), shares, strict=True))
        for union in by_kind["later"]:
            self.left[union["id"]] = round(self._active(union) * LEFT_SHARE)
        in_older = min(closed - founding, before + gone)
        in_gone = round(in_older * gone / (before + gone)) if before + gone else 0
        counts = {
            ("older", "current"): {
                "closed": in_older - in_gone,
                "live": live_old,
                "after": replaced,
                "before": before - (in_older - in_gone),
            },
            ("older", "left"): {"closed": in_gone, "before": gone - in_gone},
            ("founded", "current"): {
                "closed": founding,
                "live": live_founded,
                "after": now["founded"] - founding - live_founded,
            },
            ("later", "current"): {"live": live_later, "after": now["later"] - live_later},
            ("later", "left"): {"after": sum(self.left[u["id"]] for u in by_kind["later"])},
            ("new", "current"): {"live": now["new"]},
        }
        self.deals = {group: Deal(rng, n) for group, n in counts.items()}

    def _live(self, closed: int, now: dict[str, int], founding: int) -> list[int]:
        """The current year's joins up to `as_of`: the new unions' members, then the older,
        2013's and later unions' members in proportion to theirs (those not 2013's)."""
        year = (self.as_of - self.this_year).days + 1
        days = (datetime.date(self.as_of.year, 12, 31) - self.this_year).days + 1
        pools = [now["older"], now["founded"] - founding, now["later"]]
        live = max(round(closed * LIVE_SHARE * year / days) - now["new"], 0)
        return _shares(min(live, sum(pools)), pools)

    def statuses(self, union: dict) -> list[str]:
        active = self._active(union)
        left = self.left.get(union["id"], 0) if self.on else round(active * LEFT_SHARE)
        return (
            [MemberStatus.ACTIVE] * active
            + [MemberStatus.RETAINED] * round(active * RETAINED_SHARE)
            + [MemberStatus.LEFT] * left
        )

    def window(
        self, established: datetime.date | None, status: str
    ) -> tuple[Window, datetime.date]:
        """The window a member joined in, and the first day they may have left on."""
        lo = max(established or EARLIEST_JOIN, EARLIEST_JOIN)
        if not self.on:
            return Window(lo, self.as_of), lo
        kind = self.kind(established)
        category = self.deals[kind, "left" if status == MemberStatus.LEFT else "current"].next()
        if category == "before":
            window = Window(lo, BEFORE_CLOSE, early=True)
        elif category == "closed":
            window = Window(max(lo, CLOSED_DAYS[0]), CLOSED_DAYS[1])
        elif category == "live":
            window = Window(max(lo, self.this_year), self.as_of)
        else:  # after 2013, before this year: a replacement is hired any year, growth early
            window = Window(max(lo, AFTER_CLOSE), self.last_year_end, early=kind != "older")
        # the older unions' former members were on the roll at 2013's end
        return window, AFTER_CLOSE if kind == "older" else window.lo


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

    def ric(self, *, female: bool, joined: datetime.date) -> tuple[str, datetime.date]:
        """Born 1966 to 2004, 19 to 45 years before the year of joining (18 or older then)."""
        rnd = self.rng.random
        first = max(1966, joined.year - 45)
        years = max(min(joined.year - 19, 2004) - first + 1, 1)
        while True:
            year, month, day = first + int(rnd() * years), 1 + int(rnd() * 12), 1 + int(rnd() * 28)
            seq = int(rnd() * 500) * 2 + (0 if female else 1)
            code = self._pick(_codes(year))
            number = ric_with_check(f"{code}{year:04d}{month:02d}{day:02d}{seq:03d}")
            if number not in self.used:
                self.used.add(number)
                return number, datetime.date(year, month, day)

    def phone(self) -> str:
        return f"1{self._pick('35789')}{int(self.rng.random() * 10**9):09d}"

    def joined_on(self, window: Window) -> datetime.date:
        """A day of the window (the person is born to fit it: `ric`)."""
        span = max((window.hi - window.lo).days + 1, 1)
        u = self.rng.random()
        # Early: most join within a couple of years of the start (founding members, then
        # the staff hired soon after); a draw past the window's end wraps into it.
        days = int(-JOIN_SOON * math.log(1.0 - u)) % span if window.early else int(u * span)
        return window.lo + datetime.timedelta(days=days)

    def person(self, *, female: bool, window: Window | None = None) -> dict[str, Any]:
        rnd = self.rng.random
        joined = self.joined_on(window or Window(EARLIEST_JOIN, self.as_of))
        ric, birth = self.ric(female=female, joined=joined)
        return {
            "name": self.name(female=female),  # fits the sex the RIC encodes
            "ric": ric,
            "birth_date": birth,
            "sex": Sex.FEMALE if female else Sex.MALE,
            "phone": self.phone() if rnd() < 0.95 else "",
            "joined_on": joined,
            "education": self.rng.choices(self.educations, self.edu_weights)[0],
            "ethnicity": self._pick(ETHNICITIES),
            "is_migrant_worker": rnd() < 0.35,
            "is_dispatched": rnd() < 0.05,
            "is_new_form_worker": rnd() < 0.04,
            "is_model_worker": rnd() < 0.002,
        }


def _row(
    maker: PersonMaker,
    person: dict[str, Any],
    union: dict,
    employer_id: int | None,
    status: str,
    left_from: datetime.date,
) -> dict:
    row = dict(person)
    row.update(identity_values(ric=row.pop("ric"), phone=row.pop("phone"), encrypted=True))
    row.update(union_id=union["id"], org_path=union["path"], employer_id=employer_id, status=status)
    if status == MemberStatus.RETAINED:
        row["retained_reason"] = RetainedReason.RETIRED
    elif status == MemberStatus.LEFT:
        # Left some day from `left_from` (joining, or the day after 2013 for a member the
        # plan counts on the roll then) to today: a former member stood at earlier year-ends.
        first = max(row["joined_on"], left_from)
        span = (maker.as_of - first).days
        row["left_on"] = first + datetime.timedelta(days=int(maker.rng.random() * span))
    return row


def _union_rows(
    maker: PersonMaker, plan: JoinPlan, union: dict, employers: list[int], fraction: float
):
    active = round(union["member_count"] * fraction)
    female = round(union["female_member_count"] * fraction)
    for i, status in enumerate(plan.statuses(union)):
        window, left_from = plan.window(union["established_on"], status)
        person = maker.person(
            female=i < female or (i >= active and maker.rng.random() < 0.5), window=window
        )
        employer = maker.rng.choice(employers) if employers else None
        yield _row(maker, person, union, employer, status, left_from)


def generate_members(
    *,
    seed: int,
    scale_fraction: float = 1.0,
    as_of: datetime.date | None = None,
    scale: Scale | None = None,
) -> int:
    """Members for every grassroots union; returns how many rows were inserted. With a
    `scale`, `new_in_closed_year(scale)` of them (times `scale_fraction`) joined in 2013 and
    `standing_at_close(scale)` (times it) were on the roll at 2013's end."""
    maker = PersonMaker(seed, as_of or today())
    employers: dict[int, list[int]] = defaultdict(list)
    for pk, union_id in Employer.objects.filter(union__isnull=False).values_list("id", "union"):
        employers[union_id].append(pk)
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
    fields = ("id", "path", "member_count", "female_member_count", "established_on")
    rows = list(unions.values(*fields))
    plan = JoinPlan(
        maker.rng,
        maker.as_of,
        rows,
        scale_fraction,
        new_in_closed=round(new_in_closed_year(scale) * scale_fraction) if scale else None,
        standing=round(standing_at_close(scale) * scale_fraction) if scale else None,
    )
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
