"""Pure rules of honors (MERIT-1, domain-rules §11): the category-share check of a round's
nominees, the public notice's closing working day, and a nominee's own checks."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gonghui.core.notice import notice_period, notice_until  # noqa: F401 (shared count)

from ..choices import Bound, Category, Subject


@dataclass(frozen=True)
class ShareRule:
    category: str
    bound: str  # Bound.AT_LEAST / Bound.AT_MOST
    percent: int


@dataclass(frozen=True)
class ShareResult:
    """One share checked: `required` is the count the bound asks for (at least / at most),
    `shortfall` how many more nominees of the category are needed (at least) or how many
    too many there are (at most); 0 when met."""

    category: str
    bound: str
    percent: int
    total: int
    actual: int
    required: int
    actual_percent: float
    shortfall: int

    @property
    def met(self) -> bool:
        return self.shortfall == 0

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""

    @property
    def text(self) -> str:
        """What the page says of it, in words."""
        head = f"{self.category_label}{Bound(self.bound).label}{self.percent}%"
        now = f"现有{self.actual}/{self.total}（{self.actual_percent:g}%）"
        if self.met:
            return f"{head}：应{'≥' if self.bound == Bound.AT_LEAST else '≤'}{self.required}人，{now}，符合"
        if self.bound == Bound.AT_LEAST:
            return f"{head}：应至少{self.required}人，{now}，还差{self.shortfall}人"
        return f"{head}：应至多{self.required}人，{now}，超出{self.shortfall}人"


def required_count(bound: str, percent: int, total: int) -> int:
    """At least p % of n rounds up (35 % of 10 is 4 when 3.5 would fall short); at most p %
    rounds down. Integer arithmetic, no float edge."""
    if bound == Bound.AT_LEAST:
        return -(-percent * total // 100)
    return percent * total // 100


def check_share(rule: ShareRule, categories: Sequence[Iterable[str]]) -> ShareResult:
    total = len(categories)
    actual = sum(1 for cats in categories if rule.category in set(cats))
    required = required_count(rule.bound, rule.percent, total)
    if rule.bound == Bound.AT_LEAST:
        shortfall = max(required - actual, 0)
    else:
        shortfall = max(actual - required, 0)
    percent_now = round(actual * 100 / total, 1) if total else 0.0
    return ShareResult(
        category=rule.category,
        bound=rule.bound,
        percent=rule.percent,
        total=total,
        actual=actual,
        required=required,
        actual_percent=percent_now,
        shortfall=shortfall,
    )


def check_shares(
    rules: Iterable[ShareRule], categories: Sequence[Iterable[str]]
) -> list[ShareResult]:
    """Each share of the type against the nominees' categories (one list per nominee)."""
    nominees = [list(c) for c in categories]
    return [check_share(rule, nominees) for rule in rules]


@dataclass(frozen=True)
class Nominee:
    subject: str
    name: str
    has_member: bool
    has_employer: bool
    has_organization: bool
    categories: tuple[str, ...]


def nominee_errors(nominee: Nominee) -> dict[str, str]:
    """What is missing or wrong, field -> Chinese message (empty: fine). A person needs a
    name and an employer or a member; a team a name and its employer; an organization an
    organization or an employer."""
    errors: dict[str, str] = {}
    name = (nominee.name or "").strip()
    if nominee.subject == Subject.PERSON:
        if not name and not nominee.has_member:
            errors["name"] = "请填写被推荐人姓名或选择会员。"
        if not (nominee.has_member or nominee.has_employer):
            errors["employer"] = "请选择会员，或填写被推荐人的所在单位。"
    elif nominee.subject == Subject.TEAM:
        if not name:
            errors["name"] = "请填写集体（班组、岗位）名称。"
        if not nominee.has_employer:
            errors["employer"] = "请选择集体所在单位。"
    elif nominee.subject == Subject.ORGANIZATION:
        if not (nominee.has_organization or nominee.has_employer):
            errors["organization"] = "请选择被推荐的工会或单位。"
    else:
        errors["subject"] = "授予对象不正确。"
    wrong = [c for c in nominee.categories if c not in Category.values]
    if wrong:
        errors["categories"] = f"类别「{'、'.join(map(str, wrong))}」不正确。"
    return errors


def duplicate_person(member_ids: Iterable[int | None], member_id: int | None) -> bool:
    """A person is nominated once per round: whether `member_id` is already among them."""
    return member_id is not None and member_id in set(member_ids)
