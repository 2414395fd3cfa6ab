"""API of competitions (MERIT-3), under /api/v1/merit/competitions: the list (the page's
filters), one competition with its entry summary, create, update (version-checked), the
state; its entries and contestants listed, added, changed (only the fields given) and
removed; the ranks computed from the scores. Same services, queries and scope as the pages."""

import datetime
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..queries import competitions as queries
from ..schemas.competitions import (
    CompetitionDetailOut,
    CompetitionEditIn,
    CompetitionFilters,
    CompetitionIn,
    CompetitionOut,
    ContestantEditIn,
    ContestantIn,
    ContestantOut,
    EntryEditIn,
    EntryIn,
    EntryOut,
    MoveIn,
    RanksOut,
)
from ..services import competitions as services

router = Router()
BASE = "/merit/competitions"


def _detail(request, competition) -> Any:
    entries = queries.entries_of(user=request.user, competition=competition)
    competition.entry_summary = queries.entry_summary(entries).__dict__
    return competition


def _competition_fields(request, payload: CompetitionIn) -> dict[str, Any]:
    data = payload.dict(exclude={"organizer_id", "version"})
    data["organizer"] = access(
        Organization, request.user, payload.organizer_id, field="organizer_id"
    )
    data["kind"], data["level"] = str(payload.kind), str(payload.level)
    return data


def _employer(request, pk: int | None) -> Employer | None:
    if pk is None:
        return None
    return access(Employer, request.user, pk, services.EMPLOYERS, field="employer_id")


class CompetitionListFilters(CompetitionFilters):
    """The list page's filters an indicator's drill-down uses, also here."""

    org: int | None = Field(None, description="组织编号：该组织及其下级主办的竞赛")
    starts_from: datetime.date | None = Field(None, description="开始日期不早于")
    starts_to: datetime.date | None = Field(None, description="开始日期不晚于")


class EntryFilters(Schema):
    org: int | None = Field(None, description="组织编号：该组织及其下级工会的参赛单位")


class ContestantFilters(EntryFilters):
    sent_on: bool | None = Field(None, description="true：已选送上级比赛")
    next_rank: int | None = Field(None, ge=1, description="上级比赛名次")


@router.get(BASE, response=list[CompetitionOut])
@paginate(CappedPagination, page_size=100)
def list_competitions(request, filters: Query[CompetitionListFilters]):
    require(request.user, services.VIEW)
    return queries.competition_list(user=request.user, filters=filters.dict()).prefetch_related(
        "events"
    )


@router.get(BASE + "/{competition_id}", response=CompetitionDetailOut)
def get_competition(request, competition_id: int):
    return _detail(request, queries.competition_get(user=request.user, pk=competition_id))


@router.post(BASE, response={201: CompetitionDetailOut})
def create_competition(request, payload: CompetitionIn):
    require(request.user, services.MANAGE)
    made = services.competition_create(actor=request.user, **_competition_fields(request, payload))
    return 201, _detail(request, made)


@router.put(BASE + "/{competition_id}", response=CompetitionDetailOut)
def update_competition(request, competition_id: int, payload: CompetitionEditIn):
    """The whole competition with the version read (409 when someone saved it since)."""
    require(request.user, services.MANAGE)
    competition = queries.competition_get(user=request.user, pk=competition_id)
    saved = services.competition_update(
        actor=request.user,
        competition=competition,
        version=payload.version,
        **_competition_fields(request, payload),
    )
    return _detail(request, saved)


@router.post(BASE + "/{competition_id}/state", response=CompetitionDetailOut)
def move_competition(request, competition_id: int, payload: MoveIn):
    """planned → running → finished (running back to planned, finished reopened)."""
    competition = queries.competition_get(user=request.user, pk=competition_id)
    saved = services.competition_move(
        actor=request.user,
        competition=competition,
        version=payload.version,
        state=str(payload.state),
    )
    return _detail(request, saved)


@router.post(BASE + "/{competition_id}/ranks", response=RanksOut)
def compute_ranks(request, competition_id: int):
    """Each event's ranks from its scores, higher first; ties share a rank ("1, 2, 2, 4")."""
    competition = queries.competition_get(user=request.user, pk=competition_id)
    return {"changed": services.ranks_compute(actor=request.user, competition=competition)}


# ---- entries ------------------------------------------------------------------------------------


@router.get(BASE + "/{competition_id}/entries", response=list[EntryOut])
@paginate(CappedPagination, page_size=500)
def list_entries(request, competition_id: int, filters: Query[EntryFilters]):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    return queries.entry_rows(user=request.user, competition=competition, filters=filters.dict())


@router.post(BASE + "/{competition_id}/entries", response={201: EntryOut})
def add_entry(request, competition_id: int, payload: EntryIn):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    made = services.entry_add(
        actor=request.user,
        competition=competition,
        employer=_employer(request, payload.employer_id),
        team=payload.team,
        workers=payload.workers,
        result=payload.result,
    )
    return 201, made


@router.patch(BASE + "/{competition_id}/entries/{entry_id}", response=EntryOut)
def update_entry(request, competition_id: int, entry_id: int, payload: EntryEditIn):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    entry = queries.entry_get(user=request.user, competition=competition, pk=entry_id)
    changes = payload.dict(exclude_unset=True)
    if "employer_id" in changes:
        changes["employer"] = _employer(request, changes.pop("employer_id"))
    return services.entry_update(actor=request.user, entry=entry, **changes)


@router.delete(BASE + "/{competition_id}/entries/{entry_id}", response={204: None})
def remove_entry(request, competition_id: int, entry_id: int):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    entry = queries.entry_get(user=request.user, competition=competition, pk=entry_id)
    services.entry_remove(actor=request.user, entry=entry)
    return 204, None


# ---- contestants --------------------------------------------------------------------------------


@router.get(BASE + "/{competition_id}/contestants", response=list[ContestantOut])
@paginate(CappedPagination, page_size=500)
def list_contestants(request, competition_id: int, filters: Query[ContestantFilters]):
    """Ranked per event (no rank last)."""
    competition = queries.competition_get(user=request.user, pk=competition_id)
    return queries.contestant_rows(
        user=request.user, competition=competition, filters=filters.dict()
    )


@router.post(BASE + "/{competition_id}/contestants", response={201: ContestantOut})
def add_contestant(request, competition_id: int, payload: ContestantIn):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    data = payload.dict(exclude={"member_id", "employer_id"})
    member = (
        access(Member, request.user, payload.member_id, services.MEMBERS, field="member_id")
        if payload.member_id is not None
        else None
    )
    made = services.contestant_add(
        actor=request.user,
        competition=competition,
        member=member,
        employer=_employer(request, payload.employer_id),
        **data,
    )
    return 201, made


@router.patch(BASE + "/{competition_id}/contestants/{contestant_id}", response=ContestantOut)
def update_contestant(request, competition_id: int, contestant_id: int, payload: ContestantEditIn):
    """Only the fields given change; results (score, rank, prize, sent on, the next level's
    result) are the organizer's."""
    competition = queries.competition_get(user=request.user, pk=competition_id)
    contestant = queries.contestant_get(
        user=request.user, competition=competition, pk=contestant_id
    )
    changes = payload.dict(exclude_unset=True)
    if "employer_id" in changes:
        changes["employer"] = _employer(request, changes.pop("employer_id"))
    return services.contestant_update(actor=request.user, contestant=contestant, **changes)


@router.delete(BASE + "/{competition_id}/contestants/{contestant_id}", response={204: None})
def remove_contestant(request, competition_id: int, contestant_id: int):
    competition = queries.competition_get(user=request.user, pk=competition_id)
    contestant = queries.contestant_get(
        user=request.user, competition=competition, pk=contestant_id
    )
    services.contestant_remove(actor=request.user, contestant=contestant)
    return 204, None
