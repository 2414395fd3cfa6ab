"""Competition imports (core.importing), both into one competition (the run's target):

- `ResultImporter` (kind "merit.competition_results", 竞赛成绩): contestants with their
  results: 工种/项目, 姓名, 身份证号, 单位 (name or USCC), 成绩, 名次 (computed from the
  scores of an event whose rows give none), 获奖, 是否选送, 上级比赛成绩, 上级比赛名次. A
  row is the same contestant as one already there when its event and RIC agree (without a
  RIC: its event, name and employer); a row that changes nothing is unchanged.
- `EntryImporter` (kind "merit.competition_entries", 竞赛参赛单位): the employers and teams
  taking part (the Ankang Cup's 2,000 and more): 单位/信用代码, 班组, 参与人数, 成绩. The
  same employer and team again is the same entry.

Rows are written through the same services as the pages (scope, permission, audit); a row
refused gets its column and reason in the error report."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_hash
from gonghui.core.ids import mask_ric, normalize_code
from gonghui.core.importing.normalize import clean_text, parse_bool, parse_int
from gonghui.core.importing.readers import cell_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid
from gonghui.members.importers import clean_name, clean_ric
from gonghui.members.models import Member
from gonghui.orgs.models import Employer

from ..models import Competition, CompetitionEntry, Contestant
from ..queries import competitions as queries
from ..rules import competitions as rules
from ..services import competitions as services

RESULTS = "merit.competition_results"
ENTRIES = "merit.competition_entries"


def _score(raw: Any) -> Decimal:
    text = cell_text(raw) if raw.__class__ is not str else clean_text(raw)
    try:
        value = Decimal(text.removesuffix("分").strip())
    except InvalidOperation as exc:
        raise ApplicationError(f"「{text}」应为数字，例如 92.5。") from exc
    if problem := rules.score_problem(value):
        raise ApplicationError(problem)
    return value


def _rank(raw: Any) -> int:
    text = clean_text(raw) if isinstance(raw, str) else raw
    if isinstance(text, str):
        text = text.removeprefix("第").removesuffix("名").strip()
    number = parse_int(text, minimum=1)
    if problem := rules.rank_problem(number):
        raise ApplicationError(problem)
    return number


def _limited(limit: int):
    def clean(raw: Any) -> str:
        text = clean_text(raw)
        if len(text) > limit:
            raise ApplicationError(f"最多{limit}个字。")
        return text

    return clean


EMPLOYER_COLUMN = Column(
    "employer",
    "单位",
    (
        "单位名称",
        "工作单位",
        "所在单位",
        "参赛单位",
        "信用代码",
        "统一社会信用代码",
        "单位/信用代码",
    ),
    clean=clean_text,
)

RESULT_COLUMNS = [
    Column(
        "event",
        "工种/项目",
        ("工种", "项目", "比赛项目", "竞赛项目", "工种或项目", "竞赛工种"),
        required=True,
        clean=clean_text,
    ),
    Column("name", "姓名", ("选手姓名", "参赛选手", "选手"), required=True, clean=clean_name),
    Column(
        "ric",
        "身份证号",
        ("身份证号码", "公民身份号码", "身份证", "证件号码"),
        clean=clean_ric,
        text=True,
        mask=mask_ric,
    ),
    EMPLOYER_COLUMN,
    Column("score", "成绩", ("得分", "总成绩", "分数", "总分"), clean=_score),
    Column("rank", "名次", ("排名", "名次排名"), clean=_rank),
    Column("prize", "获奖", ("奖项", "获奖情况", "获奖等次"), clean=_limited(rules.PRIZE_MAX)),
    Column("sent_on", "是否选送", ("选送", "选送上级比赛", "是否选送上级比赛"), clean=parse_bool),
    Column(
        "next_result",
        "上级比赛成绩",
        ("上级成绩", "省市比赛成绩", "上级比赛获奖"),
        clean=_limited(rules.RESULT_MAX),
    ),
    Column("next_rank", "上级比赛名次", ("上级名次", "上级排名"), clean=_rank),
]
_LABELS = {c.key: c.label for c in RESULT_COLUMNS}


def _competition(run: Any) -> Competition:
    return Competition.objects.get(pk=run.target_id)


class _Employers:
    """The uploader's employers named in a batch of rows: by USCC or by exact name."""

    def __init__(self, actor: Any):
        self.rows = queries.employers_for(actor).select_related("union")

    def find(self, texts: set[str]) -> dict[str, Employer | str]:
        """text → the employer, or the reason none is taken."""
        codes = {normalize_code(t): t for t in texts}
        found: dict[str, Any] = {}
        by_name: dict[str, list[Employer]] = defaultdict(list)
        rows = self.rows.filter(Q(uscc__in=list(codes)) | Q(name__in=list(texts)))
        for employer in rows:
            if employer.uscc in codes:
                found[codes[employer.uscc]] = employer
            by_name[employer.name].append(employer)
        for text in texts:
            if text in found:
                continue
            named = by_name.get(text, [])
            if len(named) == 1:
                found[text] = named[0]
            elif named:
                found[text] = (
                    f"有{len(named)}个名为「{text}」的单位，请改填该单位的统一社会信用代码。"
                )
            else:
                found[text] = f"在您的管理范围内没有名称或统一社会信用代码为「{text}」的单位。"
        return found


class ResultImporter(Importer):
    kind = RESULTS
    columns = RESULT_COLUMNS
    example = {
        "event": "焊工",
        "name": "张三",
        "ric": "",
        "employer": "示例机械有限公司",
        "score": "92.5",
        "rank": "",
        "prize": "一等奖",
        "sent_on": "是",
        "next_result": "省职业技能大赛冠军",
        "next_rank": "1",
    }

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self.competition = _competition(run)
        self.events = {e.name: e for e in self.competition.events.all()}
        self.context = rules.ContestantContext(events=frozenset(self.events))
        self.employers = _Employers(actor)
        # An event whose rows give no rank has its ranks computed from the scores at the end.
        self.ranked: set[int] = set()
        self.unranked: set[int] = set()

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        facts = values.get("ric")
        number = facts.number if facts is not None else ""
        row = rules.ContestantRow(
            event=values["event"],
            name=values["name"],
            score=values.get("score"),
            rank=values.get("rank"),
            prize=values.get("prize", ""),
            sent_on=values.get("sent_on", False),
            next_result=values.get("next_result", ""),
            next_rank=values.get("next_rank"),
        )
        problems = rules.contestant_problems(row, self.context)
        if problems:
            raise RowInvalid([(_LABELS.get(f, _LABELS["sent_on"]), m) for f, m in problems])
        return {
            **values,
            "ric": number,
            "ric_hash": ric_hash(number) if number else "",
            "employer": values.get("employer", ""),
        }

    def key(self, record: dict[str, Any]) -> tuple:
        if record["ric_hash"]:
            return record["event"], record["ric_hash"]
        return record["event"], record["name"], normalize_code(record["employer"])

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        employers = self.employers.find({r["employer"] for r in records if r["employer"]})
        members = self._members([r["ric_hash"] for r in records if r["ric_hash"]])
        held = self._held()
        for record in records:
            event = self.events[record["event"]]
            (self.ranked if record.get("rank") is not None else self.unranked).add(event.pk)
            try:
                person = self._person(record, employers, members)
                found = self._find(held, event.pk, record, person)
                self._save(record, event, person, found, outcome, write)
            except ApplicationError as exc:
                column = _LABELS.get(exc.field or "", _LABELS["name"])
                if exc.field == "employer":
                    column = EMPLOYER_COLUMN.label
                outcome.rejected.append((record, column, exc.message, ""))
        return outcome

    def _members(self, hashes: list[str]) -> dict[str, Member]:
        if not hashes:
            return {}
        rows = Member.objects.visible_to(self.actor, services.MEMBERS).select_related(
            "union", "employer"
        )
        return {m.ric_hash: m for m in rows.filter(ric_hash__in=hashes)}

    def _held(self) -> dict[tuple, Contestant]:
        held: dict[tuple, Contestant] = {}
        for c in Contestant.objects.filter(competition=self.competition).select_related("employer"):
            if c.ric_hash:
                held[(c.event_id, "ric", c.ric_hash)] = c
            else:
                held[(c.event_id, "name", c.name, c.employer_id)] = c
        return held

    def _person(self, record: dict[str, Any], employers: dict, members: dict) -> dict[str, Any]:
        employer = None
        if record["employer"]:
            employer = employers[record["employer"]]
            if isinstance(employer, str):
                raise ApplicationError(employer, field="employer")
        member = members.get(record["ric_hash"]) if record["ric_hash"] else None
        if member is not None and member.name != record["name"]:
            raise ApplicationError(
                f"该身份证号登记的会员姓名为「{member.name}」，与所填姓名「{record['name']}」不一致，请核对。",
                field="name",
            )
        return {"member": member, "employer": employer or (member.employer if member else None)}

    @staticmethod
    def _find(held: dict, event_id: int, record: dict, person: dict) -> Contestant | None:
        if record["ric_hash"]:
            found = held.get((event_id, "ric", record["ric_hash"]))
            if found is not None and found.ric_hash == record["ric_hash"]:
                return found
            return None
        employer_id = person["employer"].pk if person["employer"] else None
        found = held.get((event_id, "name", record["name"], employer_id))
        return found if found is not None and not found.ric_hash else None

    def _results(self, record: dict[str, Any], found: Contestant | None) -> dict[str, Any]:
        results = {
            "score": record.get("score"),
            "prize": record.get("prize", ""),
            "sent_on": record.get("sent_on", False),
            "next_result": record.get("next_result", ""),
            "next_rank": record.get("next_rank"),
        }
        if record.get("rank") is not None or found is None:
            results["rank"] = record.get("rank")
        return results

    def _save(self, record, event, person, found, outcome: BatchOutcome, write: bool) -> None:
        results = self._results(record, found)
        if found is None:
            if write:
                services.contestant_add(
                    actor=self.actor,
                    competition=self.competition,
                    event=event,
                    member=person["member"],
                    name=record["name"],
                    ric=record["ric"],
                    employer=person["employer"],
                    run=self.run,
                    **results,
                )
            outcome.created += 1
            return
        changes = {k: v for k, v in results.items() if getattr(found, k) != v}
        if found.employer_id != (person["employer"].pk if person["employer"] else None):
            changes["employer"] = person["employer"]
        if not changes:
            outcome.unchanged += 1
            return
        if write:
            services.contestant_update(actor=self.actor, contestant=found, **changes)
        outcome.updated += 1

    def finish(self) -> None:
        events = self.unranked - self.ranked
        if events:
            services.ranks_compute(actor=self.actor, competition=self.competition, events=events)


# ---- entries ------------------------------------------------------------------------------------


ENTRY_COLUMNS = [
    Column(
        EMPLOYER_COLUMN.key,
        "单位/信用代码",
        EMPLOYER_COLUMN.synonyms + ("单位",),
        required=True,
        clean=clean_text,
    ),
    Column(
        "team", "班组", ("参赛班组", "班组名称", "班组（车间）"), clean=_limited(rules.TEAM_MAX)
    ),
    Column(
        "workers",
        "参与人数",
        ("参与职工人数", "参赛人数", "职工人数", "人数"),
        clean=lambda raw: parse_int(raw, minimum=0),
    ),
    Column("result", "成绩", ("成绩或评定", "评定", "结果"), clean=_limited(rules.RESULT_MAX)),
]
_ENTRY_LABELS = {c.key: c.label for c in ENTRY_COLUMNS}


class EntryImporter(Importer):
    kind = ENTRIES
    columns = ENTRY_COLUMNS
    example = {
        "employer": "示例机械有限公司",
        "team": "焊接车间一班",
        "workers": "25",
        "result": "",
    }

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self.competition = _competition(run)
        self.employers = _Employers(actor)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        workers = values.get("workers", 0)
        if workers > rules.WORKERS_MAX:
            raise RowInvalid(
                [(_ENTRY_LABELS["workers"], f"参与人数不能超过{rules.WORKERS_MAX:,}。")]
            )
        return {
            "employer": values["employer"],
            "team": values.get("team", ""),
            "workers": workers,
            "result": values.get("result", ""),
        }

    def key(self, record: dict[str, Any]) -> tuple[str, str]:
        return normalize_code(record["employer"]), record["team"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        employers = self.employers.find({r["employer"] for r in records})
        ids = [e.pk for e in employers.values() if isinstance(e, Employer)]
        held = {
            (e.employer_id, e.team): e
            for e in CompetitionEntry.objects.filter(
                competition=self.competition, employer_id__in=ids
            )
        }
        for record in records:
            employer = employers[record["employer"]]
            if isinstance(employer, str):
                outcome.rejected.append((record, _ENTRY_LABELS["employer"], employer, ""))
                continue
            key = (employer.pk, record["team"])
            found = held.get(key)
            fields = {"workers": record["workers"], "result": record["result"]}
            try:
                if found is None:
                    if write:
                        held[key] = services.entry_add(
                            actor=self.actor,
                            competition=self.competition,
                            employer=employer,
                            team=record["team"],
                            run=self.run,
                            **fields,
                        )
                    else:
                        services.check_entry(self.actor, self.competition, employer, fields)
                    outcome.created += 1
                    continue
                changes = {k: v for k, v in fields.items() if getattr(found, k) != v}
                if not changes:
                    outcome.unchanged += 1
                    continue
                if write:
                    services.entry_update(actor=self.actor, entry=found, **changes)
                else:
                    services.check_entry(self.actor, self.competition, employer, changes)
                outcome.updated += 1
            except ApplicationError as exc:
                column = _ENTRY_LABELS.get(exc.field or "", _ENTRY_LABELS["employer"])
                if exc.field is None and "成绩" in exc.message:
                    column = _ENTRY_LABELS["result"]
                outcome.rejected.append((record, column, exc.message, ""))
        return outcome


# ---- the target: a competition ------------------------------------------------------------------


def competition_choices(user: Any) -> Any:
    return queries.competitions_for_entry(user)


def competition_for_results(user: Any, pk: Any) -> Competition:
    """A competition the uploader manages: the results are the organizer's."""
    competition = queries.competition_get(user=user, pk=pk, field="target_id")
    if not services.manages(user, competition):
        raise ApplicationError("只有竞赛的主办单位才能导入竞赛成绩。", field="target_id")
    return competition


def competition_for_entries(user: Any, pk: Any) -> Any:
    """A competition the uploader may enter into; a chair's run belongs to its own union
    (so it sees it), a manager's to the competition."""
    competition = queries.competition_get(user=user, pk=pk, field="target_id")
    if not services.may_enter(user, competition):
        raise ApplicationError(
            "只能向您主办的竞赛或进行中的上级竞赛导入参赛单位。", field="target_id"
        )
    return EntryUpload(competition, user)


class EntryUpload:
    def __init__(self, competition: Competition, user: Any):
        self.competition, self.pk = competition, competition.pk
        own = user.organization.path
        self.path = own if own.startswith(competition.org_path) else competition.org_path

    def __str__(self) -> str:
        return str(self.competition)
