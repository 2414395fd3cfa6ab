"""What the honors tests share: a district round of a type with shares, a member of union A,
a nominee taken through the reviews, and moving core.clock's "today"."""

import datetime
import time

from gonghui.core import clock
from gonghui.members.tests.factories import make_member
from gonghui.merit.choices import Bound, Category, Level, RoundState, Subject
from gonghui.merit.models import HonorShare
from gonghui.merit.services import honors as services
from gonghui.merit.tests.factories import make_honor_type, make_round

# A notice started on 2026-09-30 (a Wednesday before National Day): 9-30, 10-8, 10-9,
# 10-10 (a Saturday worked in lieu) and 10-12 are its 5 working days.
NOTICE_START = datetime.date(2026, 9, 30)
NOTICE_END = datetime.date(2026, 10, 12)


def set_today(day: datetime.date) -> None:
    """core.clock's "today" for the whole process (the live server's thread too) for an
    hour; `clock.forget()` goes back to the real date."""
    clock._TODAY[:] = [time.time() + 3600, day]


def district_type(**extra):
    fields = {
        "name": "区优秀工会积极分子",
        "level": Level.DISTRICT,
        "subject": Subject.PERSON,
        "confers_model_worker": False,
        **extra,
    }
    honor_type = make_honor_type(**fields)
    HonorShare.objects.create(
        honor_type=honor_type, category=Category.NON_PUBLIC, bound=Bound.AT_LEAST, percent=35
    )
    return honor_type


def open_round(world, **extra):
    honor_type = extra.pop("honor_type", None) or district_type()
    return make_round(world.district, honor_type, year=2026, state=RoundState.OPEN, **extra)


def member_a(world, name: str = "王锐祥"):
    return make_member(world.union_a, name, employer=world.employer_a)


def nominate(world, round, member=None, **extra):
    member = member or member_a(world)
    fields = {"deeds": "技术革新成果突出，带徒20余人。", "categories": ["non_public"], **extra}
    return services.nomination_create(actor=world.chair_a, round=round, member=member, **fields)


def approved(world, round, member=None, **extra):
    """A nominee of union A reviewed by town A and approved by the district."""
    n = nominate(world, round, member, **extra)
    n = services.nomination_town_review(actor=world.town_a_user, nomination=n, version=n.version)
    return services.nomination_approve(actor=world.district_staff, nomination=n, version=n.version)


def in_notice(world, round, member=None, **extra):
    n = approved(world, round, member, **extra)
    round.refresh_from_db()
    round = services.round_review(actor=world.district_staff, round=round, version=round.version)
    set_today(NOTICE_START)
    round = services.round_notice(actor=world.district_staff, round=round, version=round.version)
    n.refresh_from_db()
    return round, n
