"""Competitions (MERIT-3): labor, skills, Ankang Cup and industry competitions, their trades
or events, the employers and teams taking part, the contestants with their scores, ranks,
prizes, and how those sent on did at the next level.

- `competition_create` / `competition_update`: by whoever manages competitions
  (merit.competitions.manage) for an organizer of their scope; the events as a list (an event
  with contestants is never removed). `competition_move`: planned → running → finished.
- `entry_add` / `entry_update` / `entry_remove`, `contestant_add` / `contestant_update` /
  `contestant_remove`: by a manager of the competition, or by whoever may enter
  (merit.competitions.enter: a chair, a town) into a *running* competition organized at
  or above their organization, for the employers and members of their own scope only; the
  results (score, rank, prize, sent on and the next level's result) are the organizer's.
- `ranks_compute`: each event's ranks from the scores (rules.ranks: "1, 2, 2, 4").

Every write is one transaction, audited; edits go through core.edit (version-checked where
the row has a version)."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.edit import edit
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.identity import identity_values, ric_checked
from gonghui.core.permissions import require
from gonghui.core.scope import covers, ensure_visible, lock
from gonghui.orgs.models import Employer, Organization

from ..choices import CompetitionState
from ..models import Competition, CompetitionEntry, CompetitionEvent, Contestant
from ..rules import competitions as rules

MANAGE = "merit.competitions.manage"
ENTER = "merit.competitions.enter"
VIEW = "merit.view"
EMPLOYERS = "employers.view"
MEMBERS = "members.view"

COMPETITION_FIELDS = (
    "kind",
    "name",
    "year",
    "level",
    "organizer",
    "co_organizers",
    "industry",
    "starts_on",
    "ends_on",
    "next_level",
    "note",
)
ENTRY_FIELDS = ("employer", "team", "workers", "result")
RESULT_FIELDS = ("score", "rank", "prize", "sent_on", "next_result", "next_rank")
PERSON_FIELDS = ("event", "member", "name", "employer", "union")


def _raise(problems: rules.Problems) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)


def _facts(values: dict[str, Any], events: list[str]) -> rules.CompetitionFacts:
    return rules.CompetitionFacts(
        kind=str(values.get("kind") or ""),
        name=values.get("name") or "",
        year=values.get("year"),
        starts_on=values.get("starts_on"),
        ends_on=values.get("ends_on"),
        industry=values.get("industry") or "",
        co_organizers=values.get("co_organizers") or "",
        events=tuple(events),
    )


# ---- the competition ----------------------------------------------------------------------------


@transaction.atomic
def competition_create(
    *,
    actor: Any,
    organizer: Organization,
    kind: str,
    name: str,
    year: int,
    starts_on: Any,
    level: str = "district",
    ends_on: Any = None,
    co_organizers: str = "",
    industry: str = "",
    events: Iterable[str] | str = (),
    next_level: str = "",
    note: str = "",
) -> Competition:
    """A competition of `organizer` (the actor's organization or one below it)."""
    require(actor, MANAGE)
    ensure_visible(actor, organizer)
    names = rules.split_events(events)
    values = {
        "kind": kind,
        "name": (name or "").strip(),
        "year": year,
        "level": level,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "co_organizers": (co_organizers or "").strip(),
        "industry": (industry or "").strip(),
        "next_level": (next_level or "").strip(),
        "note": note or "",
    }
    _raise(rules.competition_problems(_facts(values, names)))
    made = Competition.objects.create(organizer=organizer, org_path=organizer.path, **values)
    CompetitionEvent.objects.bulk_create(
        [CompetitionEvent(competition=made, name=n) for n in names]
    )
    audit_record(
        actor=actor,
        action="merit.competition.created",
        target=made,
        data={"kind": kind, "year": year, "organizer": organizer.pk, "events": names},
    )
    return made


def competition_update(
    *,
    actor: Any,
    competition: Competition,
    version: int | None,
    events: Iterable[str] | str | None = None,
    **changes: Any,
) -> Competition:
    """The competition's fields (version-checked) and, when given, its whole list of events."""
    require(actor, MANAGE)
    names = rules.split_events(events) if events is not None else None
    if "organizer" in changes:
        ensure_visible(actor, changes["organizer"])
    with transaction.atomic():

        def clean(row: Competition) -> None:
            row.name = row.name.strip()
            current = (
                names if names is not None else list(row.events.values_list("name", flat=True))
            )
            _raise(rules.competition_problems(_facts(row.__dict__, current)))
            row.org_path = row.organizer.path

        saved = edit(
            Competition,
            competition,
            actor=actor,
            version=version,
            changes=changes,
            editable=COMPETITION_FIELDS,
            permission=MANAGE,
            clean=clean,
            action="merit.competition.updated",
        )
        if names is not None:
            _events_set(actor, saved, names)
    return saved


def _events_set(actor: Any, competition: Competition, names: list[str]) -> None:
    current = {e.name: e for e in competition.events.all()}
    removed = [n for n in current if n not in names]
    used = CompetitionEvent.objects.filter(
        competition=competition, name__in=removed, contestants__isnull=False
    ).values_list("name", flat=True)
    if problem := rules.removed_events_problem(removed, used):
        raise ApplicationError(problem, field="events")
    added = [n for n in names if n not in current]
    CompetitionEvent.objects.filter(competition=competition, name__in=removed).delete()
    CompetitionEvent.objects.bulk_create(
        [CompetitionEvent(competition=competition, name=n) for n in added]
    )
    if added or removed:
        audit_record(
            actor=actor,
            action="merit.competition.events_changed",
            target=competition,
            data={"added": added, "removed": removed},
        )


def competition_move(
    *, actor: Any, competition: Competition, version: int | None, state: str
) -> Competition:
    """planned → running → finished (running back to planned, finished reopened)."""
    require(actor, MANAGE)

    def clean(row: Competition) -> None:
        # the row is locked and already changed: its stored state is the one moved from
        stored = Competition.objects.filter(pk=row.pk).values_list("state", flat=True).get()
        if problem := rules.move_problem(stored, state):
            raise ApplicationError(problem, field="state")

    return edit(
        Competition,
        competition,
        actor=actor,
        version=version,
        changes={"state": state},
        editable=("state",),
        permission=MANAGE,
        clean=clean,
        action="merit.competition.state_changed",
    )


# ---- who may enter ------------------------------------------------------------------------------


def manages(actor: Any, competition: Competition) -> bool:
    """The actor manages competitions and the competition is in their scope."""
    return actor.can(MANAGE) and covers(actor, competition.org_path)


def may_enter(actor: Any, competition: Competition) -> bool:
    """An organizer's manager, or someone who may enter into a running competition
    organized at or above their own organization (a district's for a chair)."""
    if manages(actor, competition):
        return True
    own = getattr(getattr(actor, "organization", None), "path", "")
    return (
        actor.can(ENTER)
        and competition.state == CompetitionState.RUNNING
        and bool(own)
        and own.startswith(competition.org_path)
    )


def _check_enter(actor: Any, competition: Competition) -> None:
    if manages(actor, competition):
        return
    require(actor, ENTER)
    if not may_enter(actor, competition):
        if competition.state != CompetitionState.RUNNING:
            raise ApplicationError(
                f"「{competition}」{competition.get_state_display()}，只有进行中的竞赛才能报名。"
            )
        raise PermissionDenied("您不能为该竞赛报名。")


def _check_results(actor: Any, competition: Competition, values: dict[str, Any]) -> None:
    """Scores, ranks, prizes and who is sent on are the organizer's to record."""
    if manages(actor, competition):
        return
    given = {k for k in RESULT_FIELDS if values.get(k) not in (None, "", False)}
    if given:
        raise PermissionDenied("成绩、名次、获奖和选送情况由竞赛主办单位登记。")


def _employer(actor: Any, employer: Employer | None) -> Employer | None:
    if employer is None:
        return None
    if not Employer.objects.visible_to(actor, EMPLOYERS).filter(pk=employer.pk).exists():
        raise ApplicationError("所选单位不存在或不在您的管理范围内。", field="employer")
    return employer


def _employer_path(employer: Employer) -> str:
    return employer.union.path if employer.union_id else employer.org_path


# ---- entries ------------------------------------------------------------------------------------


def _entry_values(values: dict[str, Any]) -> dict[str, Any]:
    employer = values.get("employer")
    row = rules.EntryRow(
        employer_id=employer.pk if employer is not None else None,
        team=(values.get("team") or "").strip(),
        workers=values.get("workers") if values.get("workers") is not None else 0,
        result=(values.get("result") or "").strip(),
    )
    _raise(rules.entry_problems(row))
    return {"employer": employer, "team": row.team, "workers": row.workers, "result": row.result}


def _entry_duplicate(competition: Competition, values: dict[str, Any], pk: Any = None) -> None:
    same = CompetitionEntry.objects.filter(
        competition=competition, employer=values["employer"], team=values["team"]
    ).exclude(pk=pk)
    if same.exists():
        team = f"的「{values['team']}」" if values["team"] else ""
        raise ApplicationError(
            f"「{values['employer']}」{team}已报名本竞赛。", field="team" if team else "employer"
        )


def check_entry(actor: Any, competition: Competition, employer: Employer, fields: dict) -> None:
    """What `entry_add` would refuse, without writing (an import's dry run)."""
    _check_enter(actor, competition)
    values = _entry_values({"employer": employer, "team": "", "workers": 0, **fields})
    if fields.get("result"):
        _check_results(actor, competition, {"score": values["result"]})
    _employer(actor, employer)


@transaction.atomic
def entry_add(
    *,
    actor: Any,
    competition: Competition,
    employer: Employer,
    team: str = "",
    workers: int = 0,
    result: str = "",
    run: Any = None,
) -> CompetitionEntry:
    """An employer (or one of its teams) taking part, with how many of its workers."""
    _check_enter(actor, competition)
    values = _entry_values(
        {"employer": employer, "team": team, "workers": workers, "result": result}
    )
    _check_results(actor, competition, {"score": values["result"]})
    _employer(actor, employer)
    Competition.objects.select_for_update().filter(pk=competition.pk).first()
    _entry_duplicate(competition, values)
    made = CompetitionEntry.objects.create(
        competition=competition, org_path=_employer_path(employer), **values
    )
    audit_record(
        actor=actor,
        action="merit.entry.added",
        target=made,
        data={
            "competition": competition.pk,
            "employer": employer.pk,
            "team": made.team,
            "workers": made.workers,
            "run": getattr(run, "pk", None),
        },
    )
    return made


def entry_update(*, actor: Any, entry: CompetitionEntry, **changes: Any) -> CompetitionEntry:
    competition = entry.competition
    _check_enter(actor, competition)
    current = {k: getattr(entry, k) for k in ENTRY_FIELDS}
    values = _entry_values({**current, **changes})
    if values["result"] != entry.result:
        _check_results(actor, competition, {"score": values["result"]})
    _employer(actor, values["employer"])
    with transaction.atomic():
        _entry_duplicate(competition, values, entry.pk)

        def clean(row: CompetitionEntry) -> None:
            row.org_path = _employer_path(row.employer)

        return edit(
            CompetitionEntry,
            entry,
            actor=actor,
            version=None,
            changes=values,
            editable=ENTRY_FIELDS,
            clean=clean,
            action="merit.entry.updated",
        )


@transaction.atomic
def entry_remove(*, actor: Any, entry: CompetitionEntry) -> None:
    _check_enter(actor, entry.competition)
    locked = lock(CompetitionEntry, actor, entry.pk)
    audit_record(
        actor=actor,
        action="merit.entry.removed",
        target=locked,
        data={"competition": locked.competition_id, "employer": locked.employer_id},
    )
    locked.delete()


# ---- contestants --------------------------------------------------------------------------------


def _event(competition: Competition, event: Any) -> CompetitionEvent:
    """The event by row or name, of this competition."""
    name = event.name if isinstance(event, CompetitionEvent) else str(event or "").strip()
    found = competition.events.filter(name=name).first()
    if found is None or (
        isinstance(event, CompetitionEvent) and event.competition_id != competition.pk
    ):
        names = list(competition.events.values_list("name", flat=True))
        context = rules.ContestantContext(events=frozenset(names))
        _raise(rules.contestant_problems(rules.ContestantRow(event=name, name="-"), context))
    return found


def _person(actor: Any, competition: Competition, values: dict[str, Any]) -> dict[str, Any]:
    """Member or name + RIC + employer; the union from the member or the employer."""
    member = values.get("member")
    employer = values.get("employer")
    ric = (values.get("ric") or "").strip()
    name = (values.get("name") or "").strip()
    if member is not None:
        ensure_visible(actor, member, MEMBERS)
        name = name or member.name
        if name != member.name:
            raise ApplicationError(
                f"所选会员姓名为「{member.name}」，与所填姓名「{name}」不一致。", field="name"
            )
        employer = employer or member.employer
        ric = member.ric
        union = member.union
    else:
        union = employer.union if employer is not None and employer.union_id else None
    if employer is not None and member is None:
        _employer(actor, employer)
    number = ric_checked(ric, field="ric").number if ric else ""
    path = (
        union.path
        if union is not None
        else (employer.org_path if employer is not None else competition.org_path)
    )
    if not covers(actor, path):
        raise ApplicationError("选手须为您管理范围内的会员或单位的职工。", field="employer")
    return {
        "member": member,
        "name": name,
        "employer": employer,
        "union": union,
        "org_path": path,
        **identity_values(ric=number),
    }


def _contestant_check(
    competition: Competition, values: dict[str, Any], event_name: str, ric: str
) -> None:
    names = frozenset(competition.events.values_list("name", flat=True))
    row = rules.ContestantRow(
        event=event_name,
        name=values.get("name") or "",
        ric=ric,
        score=values.get("score"),
        rank=values.get("rank"),
        prize=values.get("prize") or "",
        sent_on=bool(values.get("sent_on")),
        next_result=values.get("next_result") or "",
        next_rank=values.get("next_rank"),
    )
    _raise(rules.contestant_problems(row, rules.ContestantContext(events=names)))


def _results(values: dict[str, Any]) -> dict[str, Any]:
    score = values.get("score")
    return {
        "score": Decimal(score) if score not in (None, "") else None,
        "rank": values.get("rank"),
        "prize": (values.get("prize") or "").strip(),
        "sent_on": bool(values.get("sent_on")),
        "next_result": (values.get("next_result") or "").strip(),
        "next_rank": values.get("next_rank"),
    }


def _same_person(competition: Competition, event: CompetitionEvent, person: dict, pk: Any = None):
    rows = Contestant.objects.filter(competition=competition, event=event).exclude(pk=pk)
    if person["ric_hash"]:
        rows = rows.filter(ric_hash=person["ric_hash"])
    else:
        rows = rows.filter(name=person["name"], employer=person["employer"], ric_hash="")
    if rows.exists():
        raise ApplicationError(f"「{person['name']}」已是「{event}」的参赛选手。", field="name")


@transaction.atomic
def contestant_add(
    *,
    actor: Any,
    competition: Competition,
    event: Any,
    member: Any = None,
    name: str = "",
    ric: str = "",
    employer: Employer | None = None,
    run: Any = None,
    **results: Any,
) -> Contestant:
    """A contestant of an event: a member (picked), or a worker by name, RIC and employer."""
    _check_enter(actor, competition)
    _check_results(actor, competition, results)
    row_event = _event(competition, event)
    if member is None and not (name or "").strip():
        raise ApplicationError("请选择会员，或填写选手姓名。", field="name")
    person = _person(
        actor, competition, {"member": member, "name": name, "ric": ric, "employer": employer}
    )
    result_values = _results(results)
    _contestant_check(competition, {**person, **result_values}, row_event.name, person["ric"])
    Competition.objects.select_for_update().filter(pk=competition.pk).first()
    _same_person(competition, row_event, person)
    made = Contestant.objects.create(
        competition=competition, event=row_event, run=run, **person, **result_values
    )
    audit_record(
        actor=actor,
        action="merit.contestant.added",
        target=made,
        data={
            "competition": competition.pk,
            "event": row_event.name,
            "member": getattr(member, "pk", None),
            "employer": getattr(person["employer"], "pk", None),
            "ric_last4": made.ric_last4,
            **{k: _plain(v) for k, v in result_values.items()},
        },
    )
    return made


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def contestant_update(*, actor: Any, contestant: Contestant, **changes: Any) -> Contestant:
    """A contestant's event, person or results (the results by a manager only)."""
    competition = contestant.competition
    _check_enter(actor, competition)
    current_results = {k: getattr(contestant, k) for k in RESULT_FIELDS}
    result_values = _results(
        {**current_results, **{k: v for k, v in changes.items() if k in RESULT_FIELDS}}
    )
    if result_values != _results(current_results) and not manages(actor, competition):
        raise PermissionDenied("成绩、名次、获奖和选送情况由竞赛主办单位登记。")
    row_event = _event(competition, changes.get("event", contestant.event))
    values: dict[str, Any] = {"event": row_event, **result_values}
    if any(k in changes for k in ("member", "name", "ric", "employer")):
        given = {
            "member": changes.get("member", contestant.member),
            "name": changes.get("name", contestant.name),
            "ric": changes.get("ric", contestant.ric),
            "employer": changes.get("employer", contestant.employer),
        }
        values.update(_person(actor, competition, given))
    ric = values.get("ric", contestant.ric)
    _contestant_check(
        competition,
        {"name": values.get("name", contestant.name), **result_values},
        row_event.name,
        ric,
    )
    person = {
        "name": values.get("name", contestant.name),
        "employer": values.get("employer", contestant.employer),
        "ric_hash": values.get("ric_hash", contestant.ric_hash),
    }
    with transaction.atomic():
        _same_person(competition, row_event, person, contestant.pk)
        editable = (*RESULT_FIELDS, *PERSON_FIELDS, "org_path", "ric", "ric_hash", "ric_last4")
        return edit(
            Contestant,
            contestant,
            actor=actor,
            version=None,
            changes=values,
            editable=editable,
            action="merit.contestant.updated",
            audited=[
                "event",
                "member",
                "name",
                "employer",
                "ric_last4",
                *RESULT_FIELDS,
            ],
        )


@transaction.atomic
def contestant_remove(*, actor: Any, contestant: Contestant) -> None:
    _check_enter(actor, contestant.competition)
    locked = lock(Contestant, actor, contestant.pk)
    if locked.rank is not None and not manages(actor, contestant.competition):
        raise PermissionDenied("已有名次的选手只能由竞赛主办单位删除。")
    audit_record(
        actor=actor,
        action="merit.contestant.removed",
        target=locked,
        data={"competition": locked.competition_id, "event": locked.event.name},
    )
    locked.delete()


# ---- ranks --------------------------------------------------------------------------------------


@transaction.atomic
def ranks_compute(
    *, actor: Any, competition: Competition, events: Iterable[int] | None = None
) -> int:
    """Each event's ranks from its scores (higher first; ties share, the next skips);
    returns how many contestants' ranks changed. A contestant without a score loses any
    rank, since a rank without a score would contradict the others'."""
    ensure_visible(actor, competition, MANAGE)
    Competition.objects.select_for_update().filter(pk=competition.pk).first()
    rows = Contestant.objects.filter(competition=competition).order_by("event_id", "id")
    if events is not None:
        rows = rows.filter(event_id__in=list(events))
    by_event: dict[int, list[Contestant]] = {}
    for row in rows:
        by_event.setdefault(row.event_id, []).append(row)
    changed: list[Contestant] = []
    for members in by_event.values():
        for row, rank in zip(members, rules.ranks([m.score for m in members]), strict=True):
            if row.rank != rank:
                row.rank = rank
                changed.append(row)
    Contestant.objects.bulk_update(changed, ["rank"], batch_size=500)
    audit_record(
        actor=actor,
        action="merit.competition.ranked",
        target=competition,
        data={"events": len(by_event), "changed": len(changed)},
    )
    return len(changed)
