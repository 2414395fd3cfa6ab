"""Writes of delegations to events above the district (MERIT-4: 组织130多名职工健儿参加市第八届
职工运动会13个比赛项目，共获得38项奖励): the delegation, its events, its athletes (members, several
at once, with the events each entered) and the prizes won (per event: an athlete's, or the
team's).

Every write needs `activities.delegations.manage` (the district), goes through the data
scope and is audited. The delegation's own rows (events, athletes, prizes) change under a
lock on it and bump its version, so a page read before a change gets the conflict message.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from gonghui.core.audit import audit_record, snapshot
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.members.models import Member

from ..models import Delegation, DelegationAthlete, DelegationEvent, DelegationPrize
from ..rules import delegations as rules
from ..rules.submissions import clean_text

MANAGE = "activities.delegations.manage"
VIEW = "activities.view"
FIELDS = ("name", "event_name", "host", "year", "starts_on", "ends_on", "note")


def _raise_first(problems: list[rules.Problem]) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field or None)


def _clean(delegation: Delegation) -> None:
    for name in ("name", "event_name", "host"):
        setattr(delegation, name, clean_text(getattr(delegation, name)))
    delegation.note = (delegation.note or "").strip()
    _raise_first(
        rules.delegation_problems(
            name=delegation.name,
            event_name=delegation.event_name,
            host=delegation.host,
            year=delegation.year,
            starts_on=delegation.starts_on,
            ends_on=delegation.ends_on,
        )
    )


def _locked(actor: Any, delegation: Delegation, version: int | None) -> Delegation:
    """The delegation locked for a change of its rows, the version the page read checked,
    and bumped (the page's other forms are then stale, as they should be)."""
    locked = lock(Delegation, actor, delegation.pk, MANAGE)
    check_version(locked, version)
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    return locked


def _audit(actor: Any, delegation: Delegation, action: str, target: Any, data: dict) -> None:
    audit_record(actor=actor, action=action, target=target, org_path=delegation.org_path, data=data)


# ---- the delegation ------------------------------------------------------------------------


def delegation_create(
    *,
    actor: Any,
    name: str,
    event_name: str,
    host: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
    events: Iterable[str] | str = (),
) -> Delegation:
    """A delegation of the actor's organization (the district), with its events if given
    (one a line or a list)."""
    require(actor, MANAGE)
    organizer = actor.organization
    delegation = Delegation(
        name=name,
        event_name=event_name,
        host=host,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        organizer=organizer,
        org_path=organizer.path,
    )
    _clean(delegation)
    names = rules.event_names(events)
    if names:
        _raise_first(rules.events_problems(names))
    with transaction.atomic():
        delegation.save()
        audit_record(
            actor=actor,
            action="activities.delegation.created",
            target=delegation,
            data=snapshot(delegation, list(FIELDS)),
        )
        _events_create(actor, delegation, names)
    return delegation


def delegation_update(
    *, actor: Any, delegation: Delegation, version: int | None, **changes: Any
) -> Delegation:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown delegation fields: {sorted(unknown)}")
    return edit(
        Delegation,
        delegation,
        actor=actor,
        version=version,
        permission=MANAGE,
        changes=changes,
        editable=FIELDS,
        clean=_clean,
        action="activities.delegation.updated",
    )


def delegation_delete(*, actor: Any, delegation: Delegation, version: int | None) -> None:
    """The delegation with its events, athletes and prizes (prizes first: they protect the
    events and athletes they name)."""
    with transaction.atomic():
        locked = lock(Delegation, actor, delegation.pk, MANAGE)
        check_version(locked, version)
        counts = {
            "events": locked.events.count(),
            "athletes": locked.athletes.count(),
            "prizes": locked.prizes.count(),
        }
        audit_record(
            actor=actor,
            action="activities.delegation.deleted",
            target=locked,
            data={**snapshot(locked, list(FIELDS)), **counts},
        )
        locked.prizes.all().delete()
        locked.athletes.all().delete()
        locked.delete()


# ---- events --------------------------------------------------------------------------------


def _events_create(actor: Any, delegation: Delegation, names: list[str]) -> list[DelegationEvent]:
    made = DelegationEvent.objects.bulk_create(
        [DelegationEvent(delegation=delegation, name=n) for n in names]
    )
    if made:
        _audit(
            actor, delegation, "activities.delegation.events_added", delegation, {"events": names}
        )
    return made


def events_add(
    *, actor: Any, delegation: Delegation, version: int | None, names: Iterable[str] | str
) -> list[DelegationEvent]:
    """Events the delegation entered, several at once (one a line, or 、 between)."""
    with transaction.atomic():
        locked = _locked(actor, delegation, version)
        wanted = rules.event_names(names)
        existing = locked.events.values_list("name", flat=True)
        _raise_first(rules.events_problems(wanted, existing))
        return _events_create(actor, locked, wanted)


def event_rename(
    *, actor: Any, event: DelegationEvent, version: int | None, name: str
) -> DelegationEvent:
    with transaction.atomic():
        locked = _locked(actor, event.delegation, version)
        others = locked.events.exclude(pk=event.pk).values_list("name", flat=True)
        _raise_first(rules.rename_problems(name, others))
        before, event.name = event.name, clean_text(name)
        event.save(update_fields=["name"])
        _audit(
            actor,
            locked,
            "activities.delegation.event_renamed",
            event,
            {"name": [before, event.name]},
        )
    return event


def event_remove(*, actor: Any, event: DelegationEvent, version: int | None) -> None:
    """Only an event nobody entered and nothing was won in (else say who and what)."""
    with transaction.atomic():
        locked = _locked(actor, event.delegation, version)
        entered, won = event.athletes.count(), event.prizes.count()
        if entered or won:
            raise ApplicationError(
                f"「{event.name}」已有{entered}名运动员报名、{won}项获奖，不能删除；"
                "请先取消报名和获奖记录。",
                field="events",
            )
        _audit(actor, locked, "activities.delegation.event_removed", event, {"name": event.name})
        event.delete()


def _own_events(delegation: Delegation, events: Iterable[DelegationEvent]) -> list[DelegationEvent]:
    chosen = list(events)
    own = delegation.events.values_list("pk", flat=True)
    _raise_first(rules.athlete_events_problems([e.pk for e in chosen], own))
    return chosen


# ---- athletes ------------------------------------------------------------------------------


def athletes_add(
    *,
    actor: Any,
    delegation: Delegation,
    version: int | None,
    members: Iterable[Member],
    events: Iterable[DelegationEvent] = (),
) -> list[DelegationAthlete]:
    """Members put on the delegation, several at once, each entering `events`. A member
    already on it, or outside the actor's scope, refuses the whole batch (nothing half-made)."""
    members = list(dict.fromkeys(members))
    if not members:
        raise ApplicationError("请至少选择一名会员。", field="members")
    with transaction.atomic():
        locked = _locked(actor, delegation, version)
        chosen = _own_events(locked, events)
        for member in members:
            ensure_visible(actor, member, MANAGE)
        already = locked.athletes.filter(member__in=members).select_related("member")
        if names := [a.member.name for a in already]:
            raise ApplicationError(f"{'、'.join(names)}已在代表团中。", field="members")
        made = []
        for member in members:
            athlete = DelegationAthlete.objects.create(
                delegation=locked, member=member, org_path=member.org_path
            )
            athlete.events.set(chosen)
            made.append(athlete)
        _audit(
            actor,
            locked,
            "activities.delegation.athletes_added",
            locked,
            {"members": [m.pk for m in members], "events": [e.pk for e in chosen]},
        )
    return made


def athlete_set_events(
    *,
    actor: Any,
    athlete: DelegationAthlete,
    version: int | None,
    events: Iterable[DelegationEvent],
) -> DelegationAthlete:
    """The events an athlete entered; one they won a prize in stays."""
    with transaction.atomic():
        locked = _locked(actor, athlete.delegation, version)
        chosen = _own_events(locked, events)
        kept = {e.pk for e in chosen}
        won = athlete.prizes.exclude(event_id__in=kept).select_related("event").first()
        if won is not None:
            raise ApplicationError(
                f"{athlete.member.name}在「{won.event.name}」获得{won.prize}，不能取消该项目的报名。",
                field="events",
            )
        before = sorted(athlete.events.values_list("pk", flat=True))
        athlete.events.set(chosen)
        _audit(
            actor,
            locked,
            "activities.delegation.athlete_events",
            athlete,
            {"events": [before, sorted(kept)]},
        )
    return athlete


def athlete_remove(*, actor: Any, athlete: DelegationAthlete, version: int | None) -> None:
    with transaction.atomic():
        locked = _locked(actor, athlete.delegation, version)
        if athlete.prizes.exists():
            raise ApplicationError(
                f"{athlete.member.name}有获奖记录，不能移出代表团；请先删除其获奖记录。",
                field="athlete",
            )
        _audit(
            actor,
            locked,
            "activities.delegation.athlete_removed",
            athlete,
            {"member": athlete.member_id},
        )
        athlete.delete()


# ---- prizes --------------------------------------------------------------------------------


def prize_add(
    *,
    actor: Any,
    delegation: Delegation,
    version: int | None,
    event: DelegationEvent,
    prize: str,
    athlete: DelegationAthlete | None = None,
) -> DelegationPrize:
    """A prize in one of the delegation's events: an athlete's (who entered that event) or,
    without an athlete, the team's."""
    with transaction.atomic():
        locked = _locked(actor, delegation, version)
        if event.delegation_id != locked.pk or (athlete and athlete.delegation_id != locked.pk):
            raise ApplicationError("所选项目或运动员不属于该代表团。", field="event")
        entered = list(athlete.events.values_list("pk", flat=True)) if athlete else None
        _raise_first(
            rules.prize_problems(
                prize=prize,
                event_id=event.pk,
                athlete_events=entered,
                athlete_name=athlete.member.name if athlete else "",
                event_name=event.name,
            )
        )
        row = DelegationPrize.objects.create(
            delegation=locked,
            event=event,
            athlete=athlete,
            prize=clean_text(prize),
            org_path=athlete.org_path if athlete else locked.org_path,
        )
        _audit(
            actor,
            locked,
            "activities.delegation.prize_added",
            row,
            {"event": event.pk, "athlete": athlete.pk if athlete else None, "prize": row.prize},
        )
    return row


def prize_remove(*, actor: Any, prize: DelegationPrize, version: int | None) -> None:
    with transaction.atomic():
        locked = _locked(actor, prize.delegation, version)
        _audit(
            actor,
            locked,
            "activities.delegation.prize_removed",
            prize,
            {"event": prize.event_id, "athlete": prize.athlete_id, "prize": prize.prize},
        )
        prize.delete()
