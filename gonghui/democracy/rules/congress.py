"""The rules of the workers' congress and open affairs (domain-rules §8, rules 43–45), pure:
the services check a session or a record with them, and the counts (queries.congress) build
their conditions from the same constants.

- A session counts (the employer "held its congress" that year) when it is quorate: at
  least two thirds of the delegates due attended (`QUORUM`).
- Delegates: with 100 workers or more, at least max(30, 5% of the workers); managers at
  most 20% of the delegates; frontline workers a majority. These are soft rules: a session
  that breaks them is recorded, with a warning shown on its page.
- Open affairs are established in a year when that year's record discloses every item
  that directly affects workers (`REQUIRED_ITEMS`: hiring and labor contracts, the
  collective contract and workplace rules, rewards and dismissals, labor safety, social
  insurance — the matters 劳动合同法 Art. 4 puts to the workers) by at least one method.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from gonghui.orgs.choices import Ownership

from ..choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency

QUORUM = Fraction(2, 3)  # of the delegates due (§8)
ASSEMBLY_BELOW = 100  # fewer workers: an all-worker assembly is the usual form
DELEGATES_MIN = 30
DELEGATES_SHARE = Fraction(5, 100)
MANAGERS_MAX = Fraction(20, 100)
DUE_MONTHS = 12  # rule 43: flag an employer with no congress in the last 12 months

REQUIRED_ITEMS = (
    DisclosureItem.HIRING,
    DisclosureItem.CONTRACT,
    DisclosureItem.DISCIPLINE,
    DisclosureItem.SAFETY,
    DisclosureItem.INSURANCE,
)

# The report's two groups: non-public employers, and the public sector counted for full
# coverage (state and collective enterprises, their holdings recorded under the same
# ownership, and public institutions 事业单位).
NON_PUBLIC = tuple(Ownership.non_public())
PUBLIC_SECTOR = (Ownership.STATE, Ownership.COLLECTIVE, Ownership.INSTITUTION)
GROUPS = {
    "non_public": ("非公有制企业", NON_PUBLIC),
    "public": ("国有、集体企业和事业单位", PUBLIC_SECTOR),
}


def is_quorate(due: int, attended: int) -> bool:
    """At least two thirds of the delegates due attended (and someone was due)."""
    return (
        due > 0
        and 0 <= attended <= due
        and attended * QUORUM.denominator >= (due * QUORUM.numerator)
    )


def delegates_required(workers: int) -> int | None:
    """The fewest delegates of a congress of `workers` (None below 100: no minimum)."""
    if workers < ASSEMBLY_BELOW:
        return None
    return max(DELEGATES_MIN, math.ceil(workers * DELEGATES_SHARE))


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent, one decimal rounded half up as the catalog's rates
    (core.indicators); None when nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Session:
    """What a session's rules read (the form's, the API's or a row's numbers)."""

    form: str
    workers: int
    due: int
    attended: int
    frontline: int = 0
    managers: int = 0
    women: int = 0


def session_errors(s: Session) -> dict[str, str]:
    """What the rules forbid, by field: the session cannot be recorded so."""
    errors: dict[str, str] = {}
    if s.form not in CongressForm.values:
        errors["form"] = "请选择会议形式（职工代表大会或职工大会）。"
    if s.due < 1:
        errors["delegates_total"] = "应到代表（职工）人数至少为1人。"
    elif s.workers and s.due > s.workers:
        errors["delegates_total"] = f"应到人数（{s.due}）不能多于职工总数（{s.workers}）。"
    if s.attended > s.due >= 1:
        errors["delegates_attended"] = f"实到人数（{s.attended}）不能多于应到人数（{s.due}）。"
    for field, value, label in (
        ("frontline_delegates", s.frontline, "一线职工代表"),
        ("manager_delegates", s.managers, "中高层管理人员代表"),
        ("women_delegates", s.women, "女职工代表"),
    ):
        if value > s.due >= 1:
            errors[field] = f"{label}人数（{value}）不能多于应到人数（{s.due}）。"
    if "frontline_delegates" not in errors and s.frontline + s.managers > s.due >= 1:
        errors["manager_delegates"] = (
            f"一线职工代表与中高层管理人员代表合计（{s.frontline + s.managers}）"
            f"不能多于应到人数（{s.due}）。"
        )
    return errors


def session_warnings(s: Session) -> list[str]:
    """The soft rules a session breaks (shown on its page; the session is still recorded)."""
    said: list[str] = []
    if s.due >= 1 and not is_quorate(s.due, s.attended):
        said.append(
            f"实到{s.attended}人，不足应到{s.due}人的三分之二，会议不符合召开条件，"
            "不计入职代会建制。"
        )
    if s.form == CongressForm.CONGRESS:
        need = delegates_required(s.workers)
        if need is not None and s.due < need:
            said.append(f"职工{s.workers}人，代表应不少于{need}人（职工总数的5%且不少于30人）。")
        if s.workers and s.workers < ASSEMBLY_BELOW:
            said.append(f"职工不足{ASSEMBLY_BELOW}人，一般召开职工大会。")
    elif s.workers >= ASSEMBLY_BELOW:
        said.append(f"职工{s.workers}人（{ASSEMBLY_BELOW}人以上），一般应召开职工代表大会。")
    if s.due >= 1 and s.managers > s.due * MANAGERS_MAX:
        said.append(f"中高层管理人员代表占{share(s.managers, s.due)}%，一般不超过20%。")
    if s.due >= 1 and s.frontline * 2 <= s.due:
        said.append(f"一线职工代表占{share(s.frontline, s.due)}%，应超过半数。")
    return said


def women_share(s: Session) -> Decimal | None:
    return share(s.women, s.due)


def open_affairs_errors(items: list[str], methods: list[str], frequency: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    unknown = [i for i in items if i not in DisclosureItem.values]
    if unknown:
        errors["items"] = f"公开事项「{unknown[0]}」不是可选的事项。"
    wrong = [m for m in methods if m not in DisclosureMethod.values]
    if wrong:
        errors["methods"] = f"公开形式「{wrong[0]}」不是可选的形式。"
    if not items and "items" not in errors:
        errors["items"] = "请至少勾选一项公开事项。"
    if frequency not in Frequency.values:
        errors["frequency"] = "请选择公开频次。"
    return errors


def missing_items(items: list[str]) -> list[str]:
    """The required items a record does not disclose, in the checklist's order."""
    have = set(items)
    return [i for i in REQUIRED_ITEMS if i not in have]


def open_affairs_established(items: list[str], methods: list[str]) -> bool:
    return not missing_items(items) and bool(methods)


def open_affairs_warnings(items: list[str], methods: list[str], supervised: bool) -> list[str]:
    said: list[str] = []
    if missing := missing_items(items):
        names = "、".join(DisclosureItem(i).label for i in missing)
        said.append(f"未公开直接涉及职工切身利益的事项：{names}，不计入厂务公开建制。")
    if not methods:
        said.append("未填写公开形式，不计入厂务公开建制。")
    if not supervised:
        said.append("未设立厂务公开监督小组。")
    return said
