"""Activities API: delegations under /api/v1/activities/delegations — the list, one with its
counts, events, athletes and prizes, create, edit (with the version read), delete; its
events, athletes (several members at once) and prizes. Same services, queries and scope as
the pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import NotInScope, access
from gonghui.members.models import Member

from ..queries import delegations as queries
from ..schemas.delegations import (
    AthleteEventsIn,
    AthletesIn,
    DelegationCreateIn,
    DelegationEditIn,
    EventRenameIn,
    EventsIn,
    PrizeIn,
)
from ..services import delegations as services

router = Router()
BASE = "/activities/delegations"


class EventOut(Schema):
    id: int
    name: str


class AthleteOut(Schema):
    id: int
    member_id: int
    name: str
    union_id: int
    event_ids: list[int]

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.member.name

    @staticmethod
    def resolve_union_id(obj) -> int:
        return obj.member.union_id

    @staticmethod
    def resolve_event_ids(obj) -> list[int]:
        return [e.pk for e in obj.events.all()]


class PrizeOut(Schema):
    id: int
    event_id: int
    athlete_id: int | None
    prize: str


class FiguresOut(Schema):
    athletes: int
    events: int
    events_entered: int
    prizes: int
    team_prizes: int
    athlete_prizes: int


class DelegationOut(Schema):
    id: int
    name: str
    event_name: str
    host: str
    year: int
    organizer_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    note: str
    version: int


class DelegationDetailOut(DelegationOut):
    figures: FiguresOut
    events: list[EventOut]
    athletes: list[AthleteOut]
    prizes: list[PrizeOut]

    @staticmethod
    def resolve_figures(obj) -> dict:
        return queries.delegation_figures(obj).__dict__

    @staticmethod
    def resolve_events(obj) -> list:
        return list(queries.events(obj))

    @staticmethod
    def resolve_athletes(obj) -> list:
        return list(queries.athletes(obj))

    @staticmethod
    def resolve_prizes(obj) -> list:
        return list(queries.prizes(obj))


class DelegationFilters(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    q: str = Field("", max_length=60, description="代表团或赛事名称")
    starts_from: datetime.date | None = None
    starts_to: datetime.date | None = None
    org: int | None = Field(None, description="组织编号：该组织组团或有其会员参加的代表团")
    organized_in: int | None = Field(None, description="组织编号：该组织及其下级组团的代表团")


def _managed(request, delegation_id: int):
    return queries.delegation_get(user=request.user, pk=delegation_id, action=services.MANAGE)


def _fresh(request, delegation_id: int):
    return queries.delegation_get(user=request.user, pk=delegation_id)


def _events(delegation, ids: list[int]) -> list:
    found = list(delegation.events.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise NotInScope("event_ids 中有不属于该代表团的比赛项目。", field="event_ids")
    return found


@router.get(BASE, response=list[DelegationOut])
@paginate(CappedPagination, page_size=100)
def list_delegations(request, filters: Query[DelegationFilters]):
    require(request.user, queries.VIEW)
    return queries.delegation_list(user=request.user, filters=filters.dict())


@router.get(BASE + "/{delegation_id}", response=DelegationDetailOut)
def get_delegation(request, delegation_id: int):
    return _fresh(request, delegation_id)


@router.post(BASE, response={201: DelegationDetailOut})
def create_delegation(request, payload: DelegationCreateIn):
    delegation = services.delegation_create(actor=request.user, **payload.dict())
    return 201, delegation


@router.put(BASE + "/{delegation_id}", response=DelegationDetailOut)
def update_delegation(request, delegation_id: int, payload: DelegationEditIn):
    delegation = _managed(request, delegation_id)
    data = payload.dict(exclude={"version"})
    return services.delegation_update(
        actor=request.user, delegation=delegation, version=payload.version, **data
    )


@router.delete(BASE + "/{delegation_id}", response={204: None})
def delete_delegation(request, delegation_id: int, version: int):
    delegation = _managed(request, delegation_id)
    services.delegation_delete(actor=request.user, delegation=delegation, version=version)
    return 204, None


@router.post(BASE + "/{delegation_id}/events", response={201: DelegationDetailOut})
def add_events(request, delegation_id: int, payload: EventsIn):
    delegation = _managed(request, delegation_id)
    services.events_add(
        actor=request.user, delegation=delegation, version=payload.version, names=payload.names
    )
    return 201, _fresh(request, delegation_id)


@router.put(BASE + "/{delegation_id}/events/{event_id}", response=DelegationDetailOut)
def rename_event(request, delegation_id: int, event_id: int, payload: EventRenameIn):
    event = queries.delegation_event(_managed(request, delegation_id), event_id)
    services.event_rename(
        actor=request.user, event=event, version=payload.version, name=payload.name
    )
    return _fresh(request, delegation_id)


@router.delete(BASE + "/{delegation_id}/events/{event_id}", response=DelegationDetailOut)
def remove_event(request, delegation_id: int, event_id: int, version: int | None = None):
    event = queries.delegation_event(_managed(request, delegation_id), event_id)
    services.event_remove(actor=request.user, event=event, version=version)
    return _fresh(request, delegation_id)


@router.post(BASE + "/{delegation_id}/athletes", response={201: DelegationDetailOut})
def add_athletes(request, delegation_id: int, payload: AthletesIn):
    """Several members at once, each entering the events given."""
    delegation = _managed(request, delegation_id)
    members = [access(Member, request.user, pk, field="member_ids") for pk in payload.member_ids]
    services.athletes_add(
        actor=request.user,
        delegation=delegation,
        version=payload.version,
        members=members,
        events=_events(delegation, payload.event_ids),
    )
    return 201, _fresh(request, delegation_id)


@router.put(BASE + "/{delegation_id}/athletes/{athlete_id}", response=DelegationDetailOut)
def set_athlete_events(request, delegation_id: int, athlete_id: int, payload: AthleteEventsIn):
    delegation = _managed(request, delegation_id)
    athlete = queries.delegation_athlete(delegation, athlete_id)
    services.athlete_set_events(
        actor=request.user,
        athlete=athlete,
        version=payload.version,
        events=_events(delegation, payload.event_ids),
    )
    return _fresh(request, delegation_id)


@router.delete(BASE + "/{delegation_id}/athletes/{athlete_id}", response=DelegationDetailOut)
def remove_athlete(request, delegation_id: int, athlete_id: int, version: int | None = None):
    athlete = queries.delegation_athlete(_managed(request, delegation_id), athlete_id)
    services.athlete_remove(actor=request.user, athlete=athlete, version=version)
    return _fresh(request, delegation_id)


@router.post(BASE + "/{delegation_id}/prizes", response={201: DelegationDetailOut})
def add_prize(request, delegation_id: int, payload: PrizeIn):
    """A prize in one of the delegation's events: an athlete's, or (no athlete) the team's."""
    delegation = _managed(request, delegation_id)
    event = delegation.events.filter(pk=payload.event_id).first()
    if event is None:
        raise NotInScope("event_id 所指的比赛项目不属于该代表团。", field="event_id")
    athlete = None
    if payload.athlete_id is not None:
        athlete = delegation.athletes.select_related("member").filter(pk=payload.athlete_id).first()
        if athlete is None:
            raise NotInScope("athlete_id 所指的运动员不在该代表团中。", field="athlete_id")
    services.prize_add(
        actor=request.user,
        delegation=delegation,
        version=payload.version,
        event=event,
        athlete=athlete,
        prize=payload.prize,
    )
    return 201, _fresh(request, delegation_id)


@router.delete(BASE + "/{delegation_id}/prizes/{prize_id}", response=DelegationDetailOut)
def remove_prize(request, delegation_id: int, prize_id: int, version: int | None = None):
    prize = queries.delegation_prize(_managed(request, delegation_id), prize_id)
    services.prize_remove(actor=request.user, prize=prize, version=version)
    return _fresh(request, delegation_id)
