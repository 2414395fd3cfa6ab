"""Rows of worker assistance for tests, made directly (the services are tested apart).

Each helper sets `org_path` from its union (or town) like the services do; numbers are
unique per test run."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from gonghui.assistance.choices import FileState, GrantState, HardshipCategory, HardshipCause
from gonghui.assistance.models import (
    HardshipFile,
    LivingStandard,
    Program,
    ProgramBudget,
    ProgramKind,
    ServiceRecord,
)
from gonghui.core.identity import set_identity
from gonghui.members.tests.factories import new_ric
from gonghui.orgs.models import Organization

_seq = itertools.count(1)


def town_of(org: Organization) -> Organization | None:
    return org.town if org.kind != "town" else org


def make_standard(town: Organization, amount: str = "1000", since=datetime.date(2013, 1, 1)):
    return LivingStandard.objects.create(
        town=town, effective_from=since, monthly_amount=Decimal(amount), org_path=town.path
    )


def make_file(union: Organization, name: str = "李四", ric: str | None = None, **extra) -> Any:
    """An approved deep-hardship file of `union` unless `extra` says otherwise."""
    extra.setdefault("state", FileState.APPROVED)
    extra.setdefault("category", HardshipCategory.DEEP)
    extra.setdefault("cause", HardshipCause.ILLNESS)
    extra.setdefault("judged_on", datetime.date(2013, 3, 1))
    extra.setdefault("opened_on", datetime.date(2013, 3, 1))
    file = HardshipFile(
        number=f"KN{next(_seq):08d}",
        union=union,
        town=town_of(union),
        name=name,
        org_path=union.path,
        **extra,
    )
    set_identity(file, ric=ric or new_ric())
    file.save()
    return file


def kind(code: str) -> ProgramKind:
    # made when missing: a transactional test (a race, a browser) empties the tables and
    # takes the migration's rows with it
    from gonghui.assistance.services.grants import program_kinds_builtin

    return program_kinds_builtin()[code]


def make_program(
    organizer: Organization,
    code: str = "winter_warmth",
    year: int = 2013,
    budget: str = "100000",
    **extra,
) -> Program:
    return Program.objects.create(
        kind=kind(code),
        name=extra.pop("name", f"{year}年{kind(code).name}{next(_seq)}"),
        year=year,
        organizer=organizer,
        budget=Decimal(budget),
        org_path=organizer.path,
        **extra,
    )


def make_budget(program: Program, town: Organization, amount: str) -> ProgramBudget:
    return ProgramBudget.objects.create(
        program=program, town=town, amount=Decimal(amount), org_path=town.path
    )


def make_grant(program: Program, union: Organization, amount: str = "500", **extra) -> Any:
    """A grant as an application in `state` (submitted unless told), straight in the table."""
    from gonghui.assistance.models import Grant

    ric = extra.pop("ric", None) or new_ric()
    extra.setdefault("state", GrantState.SUBMITTED)
    extra.setdefault("submitted_on", datetime.date(program.year, 6, 1))
    grant = Grant(
        number=f"ZJ{next(_seq):08d}",
        program=program,
        union=union,
        town=town_of(union),
        name=extra.pop("name", "王五"),
        amount=Decimal(amount),
        org_path=union.path,
        **extra,
    )
    set_identity(grant, ric=ric)
    grant.save()
    return grant


def make_service(organizer: Organization, kind: str = "health_check", **extra) -> ServiceRecord:
    extra.setdefault("held_on", datetime.date(2013, 5, 1))
    extra.setdefault("title", "职工免费体检")
    return ServiceRecord.objects.create(
        number=f"FW{next(_seq):08d}",
        kind=kind,
        organizer=organizer,
        org_path=organizer.path,
        **extra,
    )
