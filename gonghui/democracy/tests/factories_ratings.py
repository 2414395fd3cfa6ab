"""What the ratings tests share: a district round (default sheet) taken to any state, an
application of employer A through its union, the records the sheet reads (a wage contract,
a congress session, open affairs, the two displays, an arrears case), and moving
core.clock's "today"."""

import datetime
import itertools
import time

from gonghui.core import clock
from gonghui.democracy.choices import ContractKind, ContractState, Frequency, RatingLevel
from gonghui.democracy.models import (
    CollectiveContract,
    CongressSession,
    ContractEmployer,
    OpenAffairsRecord,
)
from gonghui.democracy.rules.congress import REQUIRED_ITEMS
from gonghui.democracy.services import ratings as services
from gonghui.rights.choices import CaseKind, CaseState, Channel
from gonghui.rights.choices import Subject as CaseSubject
from gonghui.rights.models import Case

# A notice started on 2026-09-29 (a Tuesday before National Day): 9-29, 9-30, 10-8, 10-9 and
# 10-10 (a Saturday worked in lieu) are its 5 working days.
NOTICE_START = datetime.date(2026, 9, 29)
NOTICE_END = datetime.date(2026, 10, 10)
YEAR = 2026
_numbers = itertools.count(1)


def set_today(day: datetime.date) -> None:
    """core.clock's "today" for the whole process (the live server's thread too) for an
    hour; `clock.forget()` goes back to the real date."""
    clock._TODAY[:] = [time.time() + 3600, day]


def draft_round(world, **extra):
    return services.round_create(
        actor=world.district_staff, year=YEAR, organizer=world.district, **extra
    )


def open_round(world, **extra):
    set_today(datetime.date(YEAR, 9, 1))
    round = draft_round(world, **extra)
    return services.round_open(actor=world.district_staff, round=round, version=round.version)


def apply(world, round, employer=None, level=RatingLevel.AAA, **extra):
    return services.application_create(
        actor=world.chair_a,
        round=round,
        employer=employer or world.employer_a,
        level_applied=level,
        **extra,
    )


def manual(application) -> dict[int, int]:
    """Full points on every reviewer's criterion."""
    return {
        s.criterion_id: s.criterion.max_points
        for s in application.scores.select_related("criterion")
        if not s.criterion.source
    }


def approved(world, round, employer=None, level=RatingLevel.AAA, points=None):
    """An application of union A scored by the district, reviewed by town A, approved."""
    a = apply(world, round, employer, level)
    a = services.application_score(
        actor=world.district_staff,
        application=a,
        version=a.version,
        points=manual(a) if points is None else points,
    )
    a = services.application_town_review(actor=world.town_a_user, application=a, version=a.version)
    a.refresh_from_db()
    return services.application_approve(
        actor=world.district_staff, application=a, version=a.version
    )


def in_notice(world, round, **extra):
    a = approved(world, round, **extra)
    round.refresh_from_db()
    round = services.round_review(actor=world.district_staff, round=round, version=round.version)
    set_today(NOTICE_START)
    round = services.round_notice(actor=world.district_staff, round=round, version=round.version)
    a.refresh_from_db()
    return round, a


# ---- the records the sheet reads ------------------------------------------------------------


def wage_contract(
    employer, *, starts_on=datetime.date(2025, 1, 1), years=3, state=ContractState.EFFECTIVE
):
    contract = CollectiveContract.objects.create(
        kind=ContractKind.WAGE,
        union=employer.union,
        employer=employer,
        title=f"{employer.name}工资专项集体合同",
        signed_on=starts_on,
        starts_on=starts_on,
        ends_on=starts_on.replace(year=starts_on.year + years) - datetime.timedelta(days=1),
        state=state,
        effective_on=starts_on if state == ContractState.EFFECTIVE else None,
        org_path=employer.union.path,
    )
    ContractEmployer.objects.create(contract=contract, employer=employer)
    return contract


def congress(employer, held_on=datetime.date(YEAR, 3, 18)):
    return CongressSession.objects.create(
        employer=employer,
        union=employer.union,
        held_on=held_on,
        delegates_total=50,
        delegates_attended=45,
        agenda="审议工资调整方案",
        org_path=employer.union.path,
    )


def open_affairs(employer, year=YEAR):
    return OpenAffairsRecord.objects.create(
        employer=employer,
        union=employer.union,
        year=year,
        items=[str(i) for i in REQUIRED_ITEMS],
        methods=["board"],
        frequency=Frequency.QUARTERLY,
        org_path=employer.union.path,
    )


def dual_display(union):
    union.signboard_displayed = union.chair_identity_displayed = True
    union.save(update_fields=["signboard_displayed", "chair_identity_displayed"])


def arrears_case(employer, received_on=datetime.date(YEAR, 5, 6), kind=CaseKind.LABOR_DISPUTE,
                 subject=CaseSubject.OTHER):  # fmt: skip
    n = next(_numbers)
    return Case.objects.create(
        number=f"WQT{n:06d}",
        kind=kind,
        subject=subject,
        channel=Channel.VISIT,
        state=CaseState.REGISTERED,
        received_on=received_on,
        town=employer.town,
        employer=employer,
        employer_name=employer.name,
        contact_name="张三",
        summary="拖欠工资",
        org_path=employer.town.path,
    )
