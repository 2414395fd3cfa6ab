"""Members for tests: valid RICs and phones, identity columns set like the services do."""

import datetime
import itertools
import random

from gonghui.core.identity import identity_values
from gonghui.demo.numbers import ric as demo_ric
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

_seq = itertools.count(1)
_rng = random.Random(7)


def new_ric(*, male: bool = True, birth: datetime.date = datetime.date(1990, 5, 17)) -> str:
    return demo_ric(_rng, birth, next(_seq), male=male)


def new_phone() -> str:
    return f"138{next(_seq):08d}"


def make_member(union: Organization, name: str = "张三", pk: int | None = None, **extra) -> Member:
    """A member saved straight through the ORM (fixtures only; real writes use services)."""
    male = extra.pop("male", True)
    ric = extra.pop("ric", None) or new_ric(male=male)
    phone = extra.pop("phone", None) or new_phone()
    from gonghui.core.ids import ric_validate

    facts = ric_validate(ric)
    member = Member(
        id=pk,
        name=name,
        union=union,
        org_path=union.path,
        birth_date=facts.birth_date,
        sex=facts.sex,
        joined_on=extra.pop("joined_on", datetime.date(2020, 1, 1)),
        **identity_values(ric=ric, phone=phone),
        **extra,
    )
    member.save()
    return member
