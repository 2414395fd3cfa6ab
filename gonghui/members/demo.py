"""The members' part of the demo district (MEM-1): one row per member of each union.

Each grassroots union gets exactly `member_count` active members (`female_member_count` of
them women), plus a few retained and former members, so the organization figures and the
member rows agree. Rows are built in Python with their stored (encrypted) identity columns
and inserted in large batches (`core.importing.bulk.bulk_insert`): 400,000 members take well
under two minutes on SQLite. Only generated when the run asks for members (`--members`).
`roster_rows()` yields the same kind of people as spreadsheet rows (the import benchmark).
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
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
from gonghui.demo.context import DemoContext
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

    def ric(self, *, female: bool) -> tuple[str, datetime.date]:
        rnd = self.rng.random
        while True:
            year, month, day = 1966 + int(rnd() * 39), 1 + int(rnd() * 12), 1 + int(rnd() * 28)
            seq = int(rnd() * 500) * 2 + (0 if female else 1)
            code = self._pick(_codes(year))
            number = ric_with_check(f"{code}{year:04d}{month:02d}{day:02d}{seq:03d}")
            if number not in self.used:
                self.used.add(number)
                return number, datetime.date(year, month, day)

    def phone(self) -> str:
        return f"1{self._pick('35789')}{int(self.rng.random() * 10**9):09d}"

    def joined_on(self, birth: datetime.date, earliest: datetime.date | None) -> datetime.date:
        start = max(birth.replace(year=birth.year + 18), earliest or datetime.date(1990, 1, 1))
        span = max((self.as_of - start).days, 0)
        return start + datetime.timedelta(days=int(self.rng.random() * (span + 1)))

    def person(self, *, female: bool, earliest: datetime.date | None = None) -> dict[str, Any]:
        rnd = self.rng.random
        ric, birth = self.ric(female=female)
        return {
            "name": self.name(female=female),  # fits the sex the RIC encodes
            "ric": ric,
            "birth_date": birth,
            "sex": Sex.FEMALE if female else Sex.MALE,
            "phone": self.phone() if rnd() < 0.95 else "",
            "joined_on": self.joined_on(birth, earliest),
            "education": self.rng.choices(self.educations, self.edu_weights)[0],
            "ethnicity": self._pick(ETHNICITIES),
            "is_migrant_worker": rnd() < 0.35,
            "is_dispatched": rnd() < 0.05,
            "is_new_form_worker": rnd() < 0.04,
            "is_model_worker": rnd() < 0.002,
        }


def _row(person: dict[str, Any], union: dict, employer_id: int | None, status: str) -> dict:
    row = dict(person)
    row.update(identity_values(ric=row.pop("ric"), phone=row.pop("phone"), encrypted=True))
    row.update(union_id=union["id"], org_path=union["path"], employer_id=employer_id, status=status)
    if status == MemberStatus.RETAINED:
        row["retained_reason"] = RetainedReason.RETIRED
    elif status == MemberStatus.LEFT:
        row["left_on"] = row["joined_on"]
    return row


def _union_rows(maker: PersonMaker, union: dict, employers: list[int], fraction: float):
    active = round(union["member_count"] * fraction)
    female = round(union["female_member_count"] * fraction)
    others = [MemberStatus.RETAINED] * round(active * RETAINED_SHARE)
    others += [MemberStatus.LEFT] * round(active * LEFT_SHARE)
    statuses = [MemberStatus.ACTIVE] * active + others
    for i, status in enumerate(statuses):
        person = maker.person(
            female=i < female or (i >= active and maker.rng.random() < 0.5),
            earliest=union["established_on"],
        )
        employer = maker.rng.choice(employers) if employers else None
        yield _row(person, union, employer, status)


def generate_members(
    *, seed: int, scale_fraction: float = 1.0, as_of: datetime.date | None = None
) -> int:
    """Members for every grassroots union; returns how many rows were inserted."""
    maker = PersonMaker(seed, as_of or today())
    employers: dict[int, list[int]] = defaultdict(list)
    for pk, union_id in Employer.objects.filter(union__isnull=False).values_list("id", "union"):
        employers[union_id].append(pk)
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
    fields = ("id", "path", "member_count", "female_member_count", "established_on")
    total, batch = 0, []
    _big_cache_for_bulk_load()
    with transaction.atomic():
        for union in unions.values(*fields):
            batch.extend(_union_rows(maker, union, employers[union["id"]], scale_fraction))
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
    rows = generate_members(seed=context.seed, as_of=context.as_of) if context.members else 0
    context.built["members"] = rows
    context.count("members", "会员", rows)  # the command's summary says 会员 0 without them
    return rows


register_demo_builder(DemoBuilder("members", build, after=("orgs",), label="会员（--members）"))
