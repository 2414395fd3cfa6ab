"""The member rules (issue #9; style item 28): one set, used by every path that makes a member.

`member_create` / `member_update` / `insert_member` (the staff pages, the API, online
joining) and the roster import (`MemberImporter.check`, and `union_for_import` for the union)
call these functions, so the import can no longer accept a row the service refuses.

A rule is a pure function `(record, context) -> problems`: a list of (field, Chinese
message), empty when the record keeps the rule. It reads no database and writes nothing.

The record (a dict; a key may be missing):

- `name`: the name;
- `ric`: the RIC, as `core.ids.RicFacts` (already read, e.g. by the import's cell cleaning)
  or as the number typed;
- `birth_date`, `sex`: given beside the RIC (a sheet's columns, a form), or None;
- `joined_on`: the join date; `education`: an `Education` value or "";
- `employer`: an employer's id, or its name or USCC as typed (a roster's 工作单位).

The context (`MemberContext`) carries what the rules look up, loaded once for a batch: the
union's facts, the employers (by id, name and USCC), and today. Fields are the record's keys,
plus "union" for the union rule; the import shows each problem under its column.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.ids import InvalidID, RicFacts, normalize_code, ric_validate
from gonghui.orgs.choices import OrgKind

from .choices import Education, Sex

Problems = list[tuple[str, str]]
Rule = Callable[[dict[str, Any], "MemberContext"], Problems]
# (id, union id or None, name) of an employer
EmployerFacts = tuple[int, int | None, str]

NAME_MAX = 50
# Han characters, letters, and the dots and hyphens of foreign and minority names.
NAME_PATTERN = re.compile(r"^[\u3400-\u9fffA-Za-z·•.\- ]{2,50}$")


@dataclass(frozen=True)
class UnionFacts:
    pk: int
    name: str = ""
    kind: str = ""  # unknown facts break the union rule: never accepted by default
    is_active: bool = False


@dataclass(frozen=True)
class MemberContext:
    """What the rules look up, loaded once (a service call, or one import)."""

    union: UnionFacts
    today: datetime.date
    employers: dict[Any, EmployerFacts] = field(default_factory=dict)

    def employer(self, ref: Any) -> EmployerFacts | None:
        """The employer with this id, or this exact name or USCC."""
        found = self.employers.get(ref)
        if found is None and ref.__class__ is str:
            found = self.employers.get(normalize_code(ref))
        return found


def union_facts(union: Any) -> UnionFacts:
    return UnionFacts(pk=union.pk, name=union.name, kind=union.kind, is_active=union.is_active)


def context_for(union: Any, employers: Iterable[Any] = ()) -> MemberContext:
    """The context of one service call: the union and the employers it names (rows in hand,
    no query)."""
    rows = ((e.pk, e.union_id, e.name, e.uscc) for e in employers if e is not None)
    return MemberContext(union=union_facts(union), today=today(), employers=employer_index(rows))


def employer_index(rows: Iterable[tuple[int, int | None, str, str]]) -> dict[Any, EmployerFacts]:
    """{id, name, USCC: facts} from (id, union id, name, USCC) rows. A name shared by two
    employers names the first; a USCC is unique and wins over a name that looks like it."""
    index: dict[Any, EmployerFacts] = {}
    for pk, union_id, name, uscc in rows:
        facts = (pk, union_id, name)
        index[pk] = facts
        index.setdefault(name, facts)
        if uscc:
            index[uscc] = facts
    return index


# ---- the rules ------------------------------------------------------------------------------


def union_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    """A member belongs to an active grassroots union (the import checks it once per run)."""
    union = context.union
    if union.kind != OrgKind.GRASSROOTS or not union.is_active:
        return [("union", "会员只能属于有效的基层工会。")]
    return []


def name_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    name = (record.get("name") or "").strip()
    if not name:
        return [("name", "姓名不能为空。")]
    if len(name) > NAME_MAX:
        return [("name", f"姓名不能超过{NAME_MAX}个字，现为{len(name)}个字。")]
    if not NAME_PATTERN.match(name):  # the import's check, now every path's (issue #11)
        return [("name", "姓名应为2至50个汉字或字母。")]
    return []


def ric_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    value = record.get("ric")
    if value.__class__ is RicFacts:  # read already (the import's cells): valid
        return []
    if not value:
        return [("ric", "身份证号不能为空。")]
    try:
        ric_validate(value)
    except InvalidID as exc:
        return [("ric", exc.message)]
    return []


def birth_date_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    given = record.get("birth_date")
    if not given:
        return []
    facts = ric_facts(record)
    if facts is not None and given != facts.birth_date:
        return [
            (
                "birth_date",
                f"所填出生日期{given:%Y-%m-%d}与身份证号中的出生日期"
                f"{facts.birth_date:%Y-%m-%d}不一致。",
            )
        ]
    return []


def sex_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    given = record.get("sex")
    if not given:
        return []
    if given not in _SEX_LABELS:
        return [("sex", "性别应为“男”或“女”。")]
    facts = ric_facts(record)
    if facts is not None and given != facts.sex:
        said, ric_says = _SEX_LABELS[given], _SEX_LABELS[facts.sex]
        return [("sex", f"所填性别「{said}」与身份证号中的性别（{ric_says}）不一致。")]
    return []


def joined_on_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    joined = record.get("joined_on")
    if joined is None:  # not given: the service takes today (the import requires the column)
        return []
    if joined > context.today:
        return [("joined_on", "入会日期不能晚于今天。")]
    facts = ric_facts(record)
    if facts is not None and joined < facts.birth_date:
        return [("joined_on", "入会日期不能早于出生日期。")]
    return []


def education_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    value = record.get("education")
    if value and value not in _EDUCATION_VALUES:
        return [("education", f"学历应为{_EDUCATION_LABELS}之一。")]
    return []


def employer_rule(record: dict[str, Any], context: MemberContext) -> Problems:
    """The employer is one the context knows, of the member's union or of none."""
    ref = record.get("employer")
    if ref is None or ref == "":
        return []
    found = context.employer(ref)
    if found is None:
        return [("employer", f"工作单位「{ref}」未找到（请填写已登记的单位名称或信用代码）。")]
    _pk, union_id, name = found
    if union_id is not None and union_id != context.union.pk:
        return [("employer", f"「{name}」属于其他基层工会，不能作为本工会会员的工作单位。")]
    return []


_SEX_LABELS = {value: str(label) for value, label in Sex.choices}
_EDUCATION_VALUES = frozenset(Education.values)
_EDUCATION_LABELS = "、".join(f"「{label}」" for label in Education.labels)

# Every rule a row of a roster keeps; the union rule is the run's (`union_for_import`).
ROW_RULES: tuple[Rule, ...] = (
    name_rule,
    ric_rule,
    birth_date_rule,
    sex_rule,
    joined_on_rule,
    education_rule,
    employer_rule,
)
MEMBER_RULES: tuple[Rule, ...] = (union_rule, *ROW_RULES)
# The rules of a RIC and what is given beside it: they read nothing from the context.
IDENTITY_RULES: tuple[Rule, ...] = (ric_rule, birth_date_rule, sex_rule)


def ric_facts(record: dict[str, Any]) -> RicFacts | None:
    """The RIC's facts, or None when it is missing or invalid (`ric_rule` says why)."""
    value = record.get("ric")
    if value.__class__ is RicFacts:
        return value
    if not value:
        return None
    try:
        return ric_validate(value)
    except InvalidID:
        return None


def problems(
    record: dict[str, Any], context: MemberContext | None, rules: Sequence[Rule] = MEMBER_RULES
) -> Problems:
    """Every problem of the record (the import reports all of a row's at once)."""
    found: Problems = []
    for rule in rules:
        if broken := rule(record, context):
            found += broken
    return found


def ensure(
    record: dict[str, Any], context: MemberContext | None, rules: Sequence[Rule] = MEMBER_RULES
) -> None:
    """ApplicationError with the first problem, on its field (a form shows it there).
    `context` may be None for rules that look nothing up (IDENTITY_RULES)."""
    for rule in rules:
        if broken := rule(record, context):
            field_name, message = broken[0]
            raise ApplicationError(message, field=field_name)
