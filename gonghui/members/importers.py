"""Roster import (MEM-2): column specs and upsert on the RIC hash, each row into its union.

A row goes into the grassroots union its 工会 column names (full name or USCC, among the
unions of the uploader's scope), so a town or the district imports many unions at once; or
into the union chosen on upload, which a 工会 cell may then only repeat. A row keeps the same
rules as `member_create` (`members.rules`): the cells are read by the columns' clean
functions, then `MemberImporter.check` runs the row rules with the context of the row's
union (one per union, loaded once per run); a chosen union is held to the union rule on
upload (`union_for_import`) and again when the job starts. A member the import creates
records its run (`source_run`); one it updates gets an audit entry of its own
(`members.member.imported`). What the file does not give stays empty (no 民族 is "", not
"汉族"); the join date, which the model requires, is a required column.
"""

import datetime
import random
import re
from typing import Any

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gonghui.core.actors import actor_kind, actor_label, actor_user
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.identity import identity_values, normalize_phone
from gonghui.core.ids import mask_phone, mask_ric, normalize_code, ric_validate
from gonghui.core.importing.bulk import date_text, existing_values, insert_plan, insert_rows
from gonghui.core.importing.normalize import (
    choice_by_label,
    clean_text,
    parse_bool,
    parse_date,
    pure_clean,
)
from gonghui.core.importing.readers import cell_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid
from gonghui.core.models import AuditEntry
from gonghui.core.scope import covers
from gonghui.demo import numbers
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.rules import ambiguous_union

from . import rules
from .choices import Education, MemberStatus, Sex
from .models import Member

_NAME_RE = rules.NAME_PATTERN
# A name already as clean_name returns it (no spaces, nothing for clean_text to change).
_PLAIN_NAME_RE = re.compile(r"[\u3400-\u9fffA-Za-z·•.\-]{2,50}")
_SPACED_HAN_RE = re.compile(r"[\u3400-\u9fff ]+")
# A mobile number as normalize_phone returns it: cleaning it would change nothing.
_PLAIN_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_SEX_ALIASES = {"男性": Sex.MALE, "女性": Sex.FEMALE}
_EDUCATION_ALIASES = {
    "小学": Education.PRIMARY,
    "初中及以下": Education.JUNIOR,
    "高中": Education.SENIOR,
    "中专": Education.SENIOR,
    "技校": Education.SENIOR,
    "职高": Education.SENIOR,
    "大学专科": Education.COLLEGE,
    "专科": Education.COLLEGE,
    "大学本科": Education.BACHELOR,
    "大学": Education.BACHELOR,
    "硕士": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE,
    "博士研究生": Education.POSTGRADUATE,
}
_LOOKUP_CHUNK = 500
# Not is_model_worker: that flag follows the model-worker registry (merit), never a sheet.
FLAG_FIELDS = ("is_migrant_worker", "is_dispatched", "is_new_form_worker")
_CARRIED = ("joined_on", "education", "ethnicity", "phone", *FLAG_FIELDS)  # as given, if given


def clean_name(raw: Any) -> str:  # not pure_clean: names rarely repeat, remembering costs
    if raw.__class__ is str and _PLAIN_NAME_RE.fullmatch(raw):
        return raw
    name = clean_text(raw)
    if _SPACED_HAN_RE.fullmatch(name):
        name = name.replace(" ", "")  # "张 三" is 张三; spaces only matter in foreign names
    if not _NAME_RE.match(name):
        raise ApplicationError("姓名应为2至50个汉字或字母。")
    return name


def clean_ric(raw: Any) -> Any:
    if raw.__class__ is not str and isinstance(raw, int | float) and not isinstance(raw, bool):
        raise ApplicationError(
            "身份证号被表格存成了数字，后几位已丢失；请把该列设为文本后重新录入。"
        )
    return ric_validate(raw)


@pure_clean
def clean_sex(raw: Any) -> str:
    return choice_by_label(Sex, raw, _SEX_ALIASES)


@pure_clean
def clean_education(raw: Any) -> str:
    return choice_by_label(Education, raw, _EDUCATION_ALIASES)


def clean_phone(raw: Any) -> str:
    if raw.__class__ is str and _PLAIN_MOBILE_RE.fullmatch(raw):
        return raw
    return normalize_phone(cell_text(raw))


COLUMNS = [
    Column("name", "姓名", ("会员姓名", "职工姓名", "名字"), required=True, clean=clean_name),
    Column(
        "ric",
        "身份证号",
        ("身份证号码", "公民身份号码", "身份证", "居民身份证号", "证件号码"),
        required=True,
        clean=clean_ric,
        text=True,
        mask=mask_ric,
    ),
    Column("sex", "性别", (), clean=clean_sex),
    Column("birth_date", "出生日期", ("出生年月日", "生日"), clean=parse_date),
    Column(
        "phone",
        "手机号",
        ("手机号码", "手机", "联系电话", "电话"),
        clean=clean_phone,
        text=True,
        mask=mask_phone,
    ),
    # Required: the model needs it, and today's date in its place would make every
    # long-standing member of the roster a member who joined this year.
    Column("joined_on", "入会日期", ("入会时间",), required=True, clean=parse_date),
    Column(
        "education",
        "学历",
        ("文化程度",),
        clean=clean_education,
    ),
    Column("ethnicity", "民族", (), clean=clean_text),
    Column(
        "union",
        "工会",
        ("所属工会", "基层工会", "所属基层工会", "工会名称", "会员所在工会"),
        clean=clean_text,
    ),
    Column("employer", "工作单位", ("单位名称", "所在单位", "用人单位"), clean=clean_text),
    Column("is_migrant_worker", "农民工", ("是否农民工",), clean=parse_bool),
    Column("is_dispatched", "劳务派遣工", ("是否劳务派遣",), clean=parse_bool),
    Column("is_new_form_worker", "新就业形态劳动者", ("新就业形态",), clean=parse_bool),
]
# Compared with the stored row to tell "updated" from "unchanged" (only when given; the
# phone is compared by its hash).
COMPARED = (
    "name",
    "birth_date",
    "sex",
    "employer_id",
    "joined_on",
    "education",
    "ethnicity",
    *FLAG_FIELDS,
)


TRANSFER_URL_NAME = "members:transfer_in"


def transfer_request_url() -> str:
    """Hook: the receiving side's transfer request page (会籍接转, 转入) of the members app.

    The RIC is not put in the link (no identity numbers in URLs or logs); the page asks for
    it. Returns "" when the members app has no such page: the row is then reported with the
    other union's name only.
    """
    try:
        return reverse(TRANSFER_URL_NAME)
    except NoReverseMatch:
        return ""


# The column a rule's field is shown under in the error report ("" for the whole row).
_FIELD_LABELS = {column.key: column.label for column in COLUMNS}
# A row whose union is unknown keeps the other rules (the employer rule compares with it).
_RULES_WITHOUT_UNION = tuple(r for r in rules.ROW_RULES if r is not rules.employer_rule)
_NO_UNION_COLUMN = (
    "表中没有“工会”列，上传时也没有选择导入到的基层工会：请在表中加一列“工会”，"
    "填写每人所属基层工会的全称或统一社会信用代码；或在上传时选择导入到哪个基层工会。"
)
_NO_UNION_CELL = "没有选择导入到的基层工会时，每行都要填写所属基层工会的全称或统一社会信用代码。"
_REF_MEMO_LIMIT = 10_000  # distinct 工会 cells remembered (a file names a few unions)
PERMISSION = "imports.members"


def _example_ric() -> str:
    """A valid RIC for the template (check character, birth date and sex agree)."""
    return numbers.ric(random.Random(1), datetime.date(1990, 3, 15), 1, male=True)


class MemberImporter(Importer):
    kind = "members"
    columns = COLUMNS
    check_apart = True
    example = {
        "name": "张三",
        "ric": _example_ric(),
        "sex": "男",
        "birth_date": "1990-03-15",
        "phone": "13800138000",
        "joined_on": "2020-01-05",
        "education": "本科",
        "ethnicity": "汉族",
        **dict.fromkeys(FLAG_FIELDS, False),
    }

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self._load(self._check_state_from_db())
        self.touched: set[int] = set()  # the unions this run created or updated members in

    def _check_state_from_db(self) -> dict[str, Any]:
        """What checking a row needs, read once: the unions a row may name (the chosen one,
        or every grassroots union of the uploader's scope), by name and USCC, and the
        employers."""
        if self.run.target_id is not None:
            target = Organization.objects.get(pk=self.run.target_id)
            # The union may have changed since the upload: the run keeps the union rule too.
            union_check(target)
            unions = [target]
        else:
            target = None
            unions = list(
                Organization.objects.visible_to(self.actor, PERMISSION)
                .filter(kind=OrgKind.GRASSROOTS)
                .select_related("parent")
                .only("name", "uscc", "kind", "is_active", "path", "parent__name")
            )
        return {
            "run": self.run.pk,
            "target": target.pk if target is not None else None,
            "employers": rules.employer_index(self._employers()),
            **_union_index(unions),
        }

    def _employers(self) -> list[tuple[int, int | None, str, str]]:
        """The employers a row may name: those the importer may see."""
        rows = Employer.objects.visible_to(self.actor, "employers.view")
        return list(rows.values_list("id", "union_id", "name", "uscc"))

    def _load(self, state: dict[str, Any]) -> None:
        """Set up checking from its state (here, or in the child that checks)."""
        self.state = state
        self.target: int | None = state["target"]
        self.unions: dict[int, dict[str, Any]] = state["unions"]
        now = today()
        self.contexts = {
            pk: rules.MemberContext(
                union=rules.UnionFacts(pk, u["name"], u["kind"], u["is_active"]),
                today=now,
                employers=state["employers"],
            )
            for pk, u in self.unions.items()
        }
        self.nowhere = rules.MemberContext(
            union=rules.UnionFacts(pk=0), today=now, employers=state["employers"]
        )
        self._refs: dict[str, tuple[int | None, str]] = {}
        self._templates: dict[int, dict[str, Any]] = {}

    def check_state(self) -> dict[str, Any]:
        return self.state

    def load_check_state(self, state: dict[str, Any]) -> None:
        self._load(state)

    def map_headers(self, header: list[Any]) -> dict[str, int]:
        found = super().map_headers(header)
        if self.target is None and "union" not in found:
            raise ApplicationError(_NO_UNION_COLUMN, field="file")
        return found

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        """The cleaned cells are the rules' record (the RIC already read), checked in the
        context of the row's union; every problem of the row is reported under its column."""
        ref = values.get("union")
        if ref is None and self.target is not None:  # the usual roster of one union
            union, trouble = self.target, ""
        else:
            union, trouble = self._union_of(ref)
        if union is None:
            context, row_rules = self.nowhere, _RULES_WITHOUT_UNION
        else:
            context, row_rules = self.contexts[union], rules.ROW_RULES
        problems = rules.problems(values, context, row_rules)
        if trouble:
            problems.insert(0, ("union", trouble))
        if problems:
            raise RowInvalid([(_FIELD_LABELS.get(f, ""), message) for f, message in problems])
        facts = values["ric"]
        record: dict[str, Any] = {
            "ric": facts.number,
            "name": values["name"],
            "birth_date": facts.birth_date,
            "sex": facts.sex,
        }
        if employer := values.get("employer"):
            record["employer_id"] = context.employer(employer)[0]
        for key in _CARRIED:
            if (value := values.get(key)) is not None:
                record[key] = value
        record["_union"] = union
        return record

    def _union_of(self, ref: str | None) -> tuple[int | None, str]:
        """The row's union and what is wrong with its 工会 cell ("" if nothing)."""
        if ref is None:  # no 工会 column, or an empty cell
            return (self.target, "") if self.target is not None else (None, _NO_UNION_CELL)
        found = self._refs.get(ref)
        if found is None:
            found = self._lookup(ref)
            if len(self._refs) < _REF_MEMO_LIMIT:
                self._refs[ref] = found
        return found

    def _lookup(self, ref: str) -> tuple[int | None, str]:
        state = self.state
        pk = state["usccs"].get(normalize_code(ref)) or state["names"].get(ref)
        if self.target is not None:
            if pk is None:  # the row is checked against the chosen union all the same
                chosen = self.unions[self.target]["name"]
                return self.target, (
                    f"所填工会「{ref}」不是上传时选择的「{chosen}」；"
                    f"要按“工会”列导入到多个工会，上传时请不要选择基层工会。"
                )
            return pk, ""
        if pk is None:
            if ref in state["ambiguous"]:
                return None, state["ambiguous"][ref]
            return None, f"在您的管理范围内没有名称或统一社会信用代码为「{ref}」的基层工会。"
        if broken := rules.union_rule({}, self.contexts[pk]):
            return pk, f"「{self.unions[pk]['name']}」：{broken[0][1]}"
        return pk, ""

    def prepare(self, record: dict[str, Any]) -> None:
        """Leave only what the writing process needs: the row as stored, which fields the
        sheet gave (compared with an existing member) and the clear phone (to update it).
        A lean record is cheap to hand over from the child process that checks."""
        union = record.pop("_union")
        phone = record.get("phone")
        identity = identity_values(ric=record["ric"], phone=phone or "", encrypted=True)
        lean = {
            "ric_hash": identity["ric_hash"],
            "_given": _given(record),
            "_insert": self._insert_row(record, identity, union),
        }
        if phone:
            lean["phone"] = phone
        record.clear()
        record.update(lean)

    def key(self, record: dict[str, Any]) -> bytes:
        # The hash as 32 bytes: the pipeline keeps one key per person of the file (400,000
        # keys are 19 MB smaller than as hex text).
        return bytes.fromhex(record["ric_hash"])

    def _existing(self, hashes: list[str]) -> dict[str, dict[str, Any]]:
        # Most rows of a roster are new: find which exist in one cheap pass first.
        known = list(existing_values(Member, "ric_hash", hashes))
        found = {}
        for start in range(0, len(known), _LOOKUP_CHUNK):
            chunk = known[start : start + _LOOKUP_CHUNK]
            rows = Member.objects.filter(ric_hash__in=chunk).values(
                "id",
                "ric_hash",
                "union_id",
                "union__name",
                "org_path",
                "phone_hash",
                "phone_last4",
                *COMPARED,
            )
            found.update({row["ric_hash"]: row for row in rows})
        return found

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        existing = self._existing([r["ric_hash"] for r in records])
        at = insert_plan(Member).index["union_id"]
        creates, updates = [], []
        for record in records:
            current = existing.get(record["ric_hash"])
            union = record["_insert"][at]
            if current is None:
                creates.append(record)
            elif current["union_id"] != union:
                outcome.rejected.append(self._elsewhere(record, current, union))
            elif changes := _changes(record, current):
                updates.append((current, changes))
            else:
                outcome.unchanged += 1
        outcome.created, outcome.updated = len(creates), len(updates)
        # Also when not writing: a resumed run re-reads its committed batches that way, and
        # their unions are recounted at the end all the same.
        self.touched.update(r["_insert"][at] for r in creates)
        self.touched.update(current["union_id"] for current, _ in updates)
        if write:
            insert_rows(Member, [r["_insert"] for r in creates])
            now = timezone.now()
            for current, changes in updates:
                Member.objects.filter(pk=current["id"]).update(
                    **changes, version=F("version") + 1, updated_at=now
                )
            # In the batch's transaction: a member is changed and audited, or neither.
            AuditEntry.objects.bulk_create([self._audit(c, ch) for c, ch in updates])
        return outcome

    def _audit(self, current: dict[str, Any], changes: dict[str, Any]) -> AuditEntry:
        """The entry of one member this run updated: what changed, and the run."""
        return AuditEntry(
            actor=actor_user(self.actor),
            actor_kind=actor_kind(self.actor),
            actor_name=actor_label(self.actor),
            action="members.member.imported",
            target_type=Member._meta.label_lower,
            target_id=str(current["id"]),
            target_repr=current["name"][:255],
            org_path=current["org_path"],
            data={"run": self.run.pk, **_diff(current, changes)},
        )

    def _elsewhere(self, record: dict[str, Any], current: dict[str, Any], union: int) -> tuple:
        """A person who is a member of another union is reported, not moved. The other
        union is named only to someone whose scope covers it (issue #12)."""
        link = transfer_request_url()
        if covers(self.actor, current["org_path"]):
            where = f"「{current['union__name']}」"
        else:
            where = "其他工会"
        into = self.unions[union]["name"]
        reason = f"此人已是{where}的会员，未导入；如需转入「{into}」，请办理会员转移。"
        return record, "身份证号", reason, link

    def _insert_row(self, record: dict[str, Any], identity: dict[str, str], union: int) -> list:
        """The row as `insert_rows` takes it (made while checking, off the writing process)."""
        plan = insert_plan(Member)
        template = self._templates.get(union)
        if template is None:
            template = self._templates[union] = plan.template(self._shared(union))
        record.update(identity)  # the stored RIC and phone over the clear ones
        if plan.sqlite:
            _stored_for_sqlite(record)
        return plan.stored_row(template, record)

    def _shared(self, union: int) -> dict[str, Any]:
        """What every new member of one union shares. 民族 is "" unless the row gives it:
        the model's default "汉族" would say what the file does not."""
        return {
            "union_id": union,
            "org_path": self.unions[union]["path"],
            "source_run_id": self.state["run"],
            "status": MemberStatus.ACTIVE,
            "ethnicity": "",
        }

    def finish(self) -> None:
        from .services import union_recount

        for union in Organization.objects.filter(pk__in=sorted(self.touched)):
            union_recount(union)


def _union_index(unions: list[Organization]) -> dict[str, Any]:
    """The unions a 工会 cell may name, as plain data (handed to the checking child): facts by
    pk, unique names, names several unions share (with what to say), and USCCs."""
    by_name: dict[str, list[Organization]] = {}
    for union in unions:
        by_name.setdefault(union.name, []).append(union)
    return {
        "unions": {
            u.pk: {
                "name": u.name,
                "kind": str(u.kind),
                "is_active": u.is_active,
                "path": u.path,
            }
            for u in unions
        },
        "names": {name: found[0].pk for name, found in by_name.items() if len(found) == 1},
        "ambiguous": {
            name: ambiguous_union(name, found) for name, found in by_name.items() if len(found) > 1
        },
        "usccs": {u.uscc: u.pk for u in unions if u.uscc},
    }


def union_check(union: Organization) -> None:
    """The union rule, once for a whole run into a chosen union."""
    rules.ensure({}, rules.context_for(union), (rules.union_rule,))


# The COMPARED fields a row gave, by the keys of its checked record (few distinct ones per
# import), as one shared tuple each: it is pickled once per chunk.
_GIVEN: dict[tuple[str, ...], tuple[str, ...]] = {}
_GIVEN_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _given(record: dict[str, Any]) -> tuple[str, ...]:
    keys = tuple(record)
    given = _GIVEN.get(keys)
    if given is None:
        given = tuple(k for k in COMPARED if k in record)
        given = _GIVEN[keys] = _GIVEN_SHARED.setdefault(given, given)
    return given


def _stored_for_sqlite(record: dict[str, Any]) -> None:
    """The dates and flags of a checked record as InsertPlan.stored makes them on SQLite,
    without testing every value: the others already are plain str, int or None."""
    for name in _DATES:
        if (value := record.get(name)).__class__ is datetime.date:
            record[name] = date_text(value)
    for name in FLAG_FIELDS:
        if (flag := record.get(name)).__class__ is bool:
            record[name] = 1 if flag else 0


_DATES = ("birth_date", "joined_on")


def _changes(record: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Fields given in the row that differ from the stored member (phone via its hash)."""
    row, index = record["_insert"], insert_plan(Member).index
    changes = {}
    for key in record["_given"]:
        value = row[index[key]]  # on SQLite a date is already its text here
        if _comparable(value) != _comparable(current[key]):
            changes[key] = value
    phone_hash = row[index["phone_hash"]]
    if "phone" in record and phone_hash != current["phone_hash"]:
        phone = record["phone"]  # clear: the model field encrypts it on update
        changes.update(phone=phone, phone_hash=phone_hash, phone_last4=phone[-4:])
    return changes


def _comparable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _diff(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} as the audit log keeps it: dates as text, flags as booleans,
    the phone by its last 4 (never the number)."""
    diff = {}
    for key, value in changes.items():
        if key in ("phone", "phone_hash"):
            continue
        if key in FLAG_FIELDS:
            value = bool(value)
        diff[key] = [_comparable(current[key]), _comparable(value)]
    return diff


def union_choices(user: Any) -> Any:
    """The unions the upload page offers: active grassroots unions of the user's subtree."""
    from gonghui.orgs.choices import OrgKind

    return Organization.objects.visible_to(user, "imports.members").filter(
        kind=OrgKind.GRASSROOTS, is_active=True
    )


def union_for_import(user: Any, pk: Any) -> Organization:
    """The chosen union, through the scope (404), held to the member rules' union rule."""
    from gonghui.core.scope import access

    union = access(Organization, user, pk, "imports.members")
    union_check(union)
    return union
