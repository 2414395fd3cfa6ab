"""A roster for the enrollment tests: members of union A (town A) and union B (town B) with
one of each refusal kind, and plan years of this year and the last (the renewals)."""

import datetime
from dataclasses import dataclass

from gonghui.core.clock import today
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.mutualaid.models import PlanYear
from gonghui.mutualaid.tests.factories import make_enrollment, make_plan


def years_ago(years: int, days: int = 0) -> datetime.date:
    day = today()
    try:
        born = day.replace(year=day.year - years)
    except ValueError:
        born = datetime.date(day.year - years, 2, 28)
    return born + datetime.timedelta(days=days)


def member(union, name: str, *, born: datetime.date | None = None, male: bool = True, **extra):
    born = born or years_ago(35)
    return make_member(union, name=name, ric=new_ric(male=male, birth=born), male=male, **extra)


@dataclass
class Roster:
    plan: PlanYear
    last: PlanYear
    fresh: Member  # active, 35: new enrollee
    renewing: Member  # enrolled last year: a renewal
    lapsed: Member  # enrolled last year but cancelled: new again
    left: Member  # 已离会
    old_man: Member  # 60 today
    young_man: Member  # 60 tomorrow: still under the limit
    old_woman: Member  # 50
    other_town: Member  # union B


def roster(world, **plan_extra) -> Roster:
    year = today().year
    last = make_plan(world.district, year - 1, state="closed")
    plan = make_plan(world.district, year, previous=last, **plan_extra)
    fresh = member(world.union_a, "新会员甲")
    renewing = member(world.union_a, "续保乙")
    lapsed = member(world.union_a, "退保丙")
    make_enrollment(renewing, last)
    make_enrollment(lapsed, last, state="cancelled", cancelled_on=last.starts_on)
    left = member(world.union_a, "离会丁", status=MemberStatus.LEFT, left_on=today())
    old_man = member(world.union_a, "老职工戊", born=years_ago(60))
    young_man = member(world.union_a, "将满己", born=years_ago(60, days=1))
    old_woman = member(world.union_a, "女职工庚", born=years_ago(50), male=False)
    other_town = member(world.union_b, "外镇辛")
    return Roster(
        plan, last, fresh, renewing, lapsed, left, old_man, young_man, old_woman, other_town
    )
