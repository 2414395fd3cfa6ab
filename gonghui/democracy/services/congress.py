"""Writes of the workers' congress and open affairs (DEMO-2). A session or a record belongs
to an employer that has a union and sits under that union (its scope); the rules of §8
(`rules.congress`) refuse what they forbid, naming the field. Sessions and records have no
states: they are entered, and edited with the version read (core.edit's check)."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.orgs.models import Employer

from ..models import CongressSession, OpenAffairsRecord
from ..rules import congress as rules

MANAGE = "democracy.congress.manage"
TEXT_MAX = 3000
NOTE_MAX = 2000
EARLIEST = datetime.date(1980, 1, 1)
COUNT_MAX = 1_000_000

register_actions(
    {
        "democracy.congress.created": "登记职代会",
        "democracy.congress.updated": "修改职代会",
        "democracy.open_affairs.created": "登记厂务公开",
        "democracy.open_affairs.updated": "修改厂务公开",
        "democracy.congress_sessions.exported": "导出职代会列表",
        "democracy.open_affairs.exported": "导出厂务公开列表",
        "democracy.congress_employers.exported": "导出职代会和厂务公开建制单位",
    }
)
SESSION_FIELDS = [
    "employer_id",
    "union_id",
    "form",
    "term_number",
    "session_number",
    "held_on",
    "workers_total",
    "delegates_total",
    "delegates_attended",
    "frontline_delegates",
    "manager_delegates",
    "women_delegates",
    "agenda",
    "resolutions",
    "note",
]
RECORD_FIELDS = [
    "employer_id",
    "union_id",
    "year",
    "items",
    "methods",
    "frequency",
    "has_supervision_group",
    "last_disclosed_on",
    "note",
]
COUNTS = (
    ("workers_total", "职工总数"),
    ("delegates_total", "应到代表（职工）人数"),
    ("delegates_attended", "实到人数"),
    ("frontline_delegates", "一线职工代表人数"),
    ("manager_delegates", "中高层管理人员代表人数"),
    ("women_delegates", "女职工代表人数"),
)


def _employer(actor: Any, employer: Employer | None) -> Employer:
    if employer is None:
        raise ApplicationError("请选择用人单位。", field="employer")
    ensure_visible(actor, employer)
    if employer.union_id is None:
        raise ApplicationError(
            f"「{employer}」尚未建立工会，职代会和厂务公开登记在已建会的单位。", field="employer"
        )
    return employer


def _text(data: dict[str, Any], field: str, label: str, limit: int, required: bool) -> str:
    text = str(data.get(field) or "").strip()
    if required and not text:
        raise ApplicationError(f"请填写{label}。", field=field)
    if len(text) > limit:
        raise ApplicationError(f"{label}不能超过{limit}个字。", field=field)
    return text


def _count(data: dict[str, Any], field: str, label: str) -> int:
    value = data.get(field)
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(f"{label}应为整数。", field=field)
    if not 0 <= value <= COUNT_MAX:
        raise ApplicationError(f"{label}应在0至{COUNT_MAX:,}之间。", field=field)
    return value


def _number(data: dict[str, Any], field: str, label: str) -> int | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise ApplicationError(f"{label}应为1至100的整数。", field=field)
    return value


def _day(value: Any, field: str, label: str, *, required: bool) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        raise ApplicationError(f"请填写{label}。", field=field)
    if value > today():
        raise ApplicationError(f"{label}不能晚于今天。", field=field)
    if value < EARLIEST:
        raise ApplicationError(f"{label}不能早于{EARLIEST:%Y-%m-%d}。", field=field)
    return value


def clean_session(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The session's columns from what was given; ApplicationError naming the field."""
    employer = _employer(actor, data.get("employer"))
    counts = {field: _count(data, field, label) for field, label in COUNTS}
    form = str(data.get("form") or "")
    errors = rules.session_errors(
        rules.Session(
            form=form,
            workers=counts["workers_total"],
            due=counts["delegates_total"],
            attended=counts["delegates_attended"],
            frontline=counts["frontline_delegates"],
            managers=counts["manager_delegates"],
            women=counts["women_delegates"],
        )
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    union = employer.union
    return {
        "employer": employer,
        "union": union,
        "org_path": union.path,
        "form": form,
        "term_number": _number(data, "term_number", "届次"),
        "session_number": _number(data, "session_number", "会次"),
        "held_on": _day(data.get("held_on"), "held_on", "召开日期", required=True),
        **counts,
        "agenda": _text(data, "agenda", "审议事项", TEXT_MAX, required=True),
        "resolutions": _text(data, "resolutions", "决议", TEXT_MAX, required=False),
        "note": _text(data, "note", "备注", NOTE_MAX, required=False),
    }


@transaction.atomic
def session_create(*, actor: Any, **data: Any) -> CongressSession:
    require(actor, MANAGE)
    values = clean_session(actor, data)
    session = CongressSession.objects.create(**values, created_by=_user(actor))
    audit_record(
        actor=actor,
        action="democracy.congress.created",
        target=session,
        data=snapshot(session, SESSION_FIELDS),
    )
    return session


@transaction.atomic
def session_update(
    *, actor: Any, session: CongressSession, version: int | None, **data: Any
) -> CongressSession:
    """The whole session as read, with the version read."""
    locked = lock(CongressSession, actor, session.pk, MANAGE)
    check_version(locked, version)
    before = snapshot(locked, SESSION_FIELDS)
    for name, value in clean_session(actor, data).items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    after = snapshot(locked, SESSION_FIELDS)
    changes = {k: [before[k], after[k]] for k in SESSION_FIELDS if before[k] != after[k]}
    audit_record(actor=actor, action="democracy.congress.updated", target=locked, data=changes)
    return locked


def _codes(values: Any, field: str, label: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ApplicationError(f"{label}应为列表。", field=field)
    return list(dict.fromkeys(str(v) for v in values))


def clean_record(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    employer = _employer(actor, data.get("employer"))
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ApplicationError("请填写年度。", field="year")
    if not EARLIEST.year <= year <= today().year:
        raise ApplicationError(f"年度应在{EARLIEST.year}至{today().year}年之间。", field="year")
    items = _codes(data.get("items"), "items", "公开事项")
    methods = _codes(data.get("methods"), "methods", "公开形式")
    frequency = str(data.get("frequency") or "")
    errors = rules.open_affairs_errors(items, methods, frequency)
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    last = _day(data.get("last_disclosed_on"), "last_disclosed_on", "最近一次公开日期",
                required=False)  # fmt: skip
    if last is not None and last.year != year:
        raise ApplicationError(f"最近一次公开日期应在{year}年内。", field="last_disclosed_on")
    union = employer.union
    order = {code: i for i, code in enumerate(rules.DisclosureItem.values)}
    return {
        "employer": employer,
        "union": union,
        "org_path": union.path,
        "year": year,
        "items": sorted(items, key=order.__getitem__),
        "methods": methods,
        "frequency": frequency,
        "has_supervision_group": bool(data.get("has_supervision_group")),
        "last_disclosed_on": last,
        "note": _text(data, "note", "备注", NOTE_MAX, required=False),
    }


def _once_a_year(values: dict[str, Any], pk: int | None = None) -> None:
    same = OpenAffairsRecord.objects.filter(employer=values["employer"], year=values["year"])
    if same.exclude(pk=pk).exists():
        raise ApplicationError(
            f"「{values['employer']}」{values['year']}年的厂务公开已登记，请修改该记录。",
            field="year",
        )


@transaction.atomic
def record_create(*, actor: Any, **data: Any) -> OpenAffairsRecord:
    require(actor, MANAGE)
    values = clean_record(actor, data)
    _once_a_year(values)
    try:
        with transaction.atomic():
            record = OpenAffairsRecord.objects.create(**values)
    except IntegrityError as exc:  # the same year entered at the same moment
        raise ApplicationError("该单位该年度的厂务公开已登记。", field="year") from exc
    audit_record(
        actor=actor,
        action="democracy.open_affairs.created",
        target=record,
        data=snapshot(record, RECORD_FIELDS),
    )
    return record


@transaction.atomic
def record_update(
    *, actor: Any, record: OpenAffairsRecord, version: int | None, **data: Any
) -> OpenAffairsRecord:
    locked = lock(OpenAffairsRecord, actor, record.pk, MANAGE)
    check_version(locked, version)
    before = snapshot(locked, RECORD_FIELDS)
    values = clean_record(actor, data)
    _once_a_year(values, locked.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    after = snapshot(locked, RECORD_FIELDS)
    changes = {k: [before[k], after[k]] for k in RECORD_FIELDS if before[k] != after[k]}
    audit_record(actor=actor, action="democracy.open_affairs.updated", target=locked, data=changes)
    return locked


def _user(actor: Any) -> Any:
    from gonghui.accounts.models import User

    return actor if isinstance(actor, User) else None
