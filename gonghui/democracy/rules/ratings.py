"""Pure rules of the harmonious-relations rating (DEMO-3, domain-rules §11): the default
scoring sheet, a record-read criterion's points, the level a total reaches, the public
notice's last working day and a rating's validity."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from gonghui.core.notice import notice_period, notice_until  # noqa: F401 (shared count)

from ..choices import CriterionSource, RatingLevel

# The levels from the lowest up: a total reaches a level by the round's minimum scores.
LEVELS = (RatingLevel.A, RatingLevel.AA, RatingLevel.AAA)

# The sheet a new round starts from (editable before it opens): 100 points, six criteria
# read from records and four scored by the reviewer.
DEFAULT_SHEET: tuple[tuple[str, int, str], ...] = (
    ("依法建立工会组织", 10, CriterionSource.UNION),
    ("签订工资专项集体合同并在有效期内", 15, CriterionSource.WAGE_CONTRACT),
    ("本年度召开职工代表大会（职工大会）", 10, CriterionSource.CONGRESS),
    ("本年度实行厂务公开", 10, CriterionSource.OPEN_AFFAIRS),
    ("工会“两亮”：亮牌子、亮身份", 5, CriterionSource.DUAL_DISPLAY),
    ("本年度无拖欠工资引发的劳动争议", 10, CriterionSource.NO_ARREARS_DISPUTE),
    ("依法签订劳动合同、按时足额支付工资", 15, CriterionSource.MANUAL),
    ("依法缴纳社会保险、落实劳动安全卫生", 10, CriterionSource.MANUAL),
    ("建立劳动争议调解组织、畅通职工诉求渠道", 10, CriterionSource.MANUAL),
    ("关爱职工、开展职工文体和帮扶活动", 5, CriterionSource.MANUAL),
)


@dataclass(frozen=True)
class Thresholds:
    """The lowest total for each level (A < 2A < 3A)."""

    a: int
    aa: int
    aaa: int

    def by_level(self) -> dict[str, int]:
        return {RatingLevel.A: self.a, RatingLevel.AA: self.aa, RatingLevel.AAA: self.aaa}


def threshold_errors(thresholds: Thresholds, sheet_total: int) -> dict[str, str]:
    """What is wrong with a round's minimum scores against its sheet (field -> message)."""
    errors: dict[str, str] = {}
    if not 0 < thresholds.a < thresholds.aa < thresholds.aaa:
        errors["min_score_a"] = "最低分应满足 A级 < 2A级 < 3A级，且均大于0。"
    elif thresholds.aaa > sheet_total:
        errors["min_score_aaa"] = f"3A级最低分{thresholds.aaa}分超过评分标准总分{sheet_total}分。"
    return errors


def level_for(total: int, thresholds: Thresholds, applied: str) -> str:
    """The highest level whose minimum the total reaches, never above the level applied
    for; "" when below A."""
    reached = ""
    for level in LEVELS:
        if total >= thresholds.by_level()[level]:
            reached = level
    if not reached or applied not in LEVELS:
        return reached
    return LEVELS[min(LEVELS.index(reached), LEVELS.index(applied))]


@dataclass(frozen=True)
class Facts:
    """What the records say of one employer in the round's year."""

    has_union: bool = False
    wage_contract: bool = False
    congress: bool = False
    open_affairs: bool = False
    dual_display: bool = False
    arrears_disputes: int = 0


NOTES = {
    CriterionSource.UNION: ("已建立工会", "未建立工会"),
    CriterionSource.WAGE_CONTRACT: ("工资专项集体合同在有效期内", "无有效的工资专项集体合同"),
    CriterionSource.CONGRESS: ("本年度已召开职代会（职工大会）", "本年度未登记职代会"),
    CriterionSource.OPEN_AFFAIRS: ("本年度已登记厂务公开", "本年度未登记厂务公开"),
    CriterionSource.DUAL_DISPLAY: ("工会已亮牌子、亮身份", "工会未完成“两亮”"),
}


def record_score(source: str, max_points: int, facts: Facts) -> tuple[int, str]:
    """A record-read criterion's points (all or none) and the note saying what the
    records show."""
    if source == CriterionSource.NO_ARREARS_DISPUTE:
        if facts.arrears_disputes:
            return 0, f"本年度有{facts.arrears_disputes}宗欠薪劳动争议（维权案件）"
        return max_points, "本年度无欠薪劳动争议（维权案件）"
    met = {
        CriterionSource.UNION: facts.has_union,
        CriterionSource.WAGE_CONTRACT: facts.wage_contract,
        CriterionSource.CONGRESS: facts.congress,
        CriterionSource.OPEN_AFFAIRS: facts.open_affairs,
        CriterionSource.DUAL_DISPLAY: facts.dual_display,
    }[source]
    yes, no = NOTES[source]
    return (max_points, f"系统记录：{yes}") if met else (0, f"系统记录：{no}")


def total_score(points: Iterable[int]) -> int:
    return sum(int(p) for p in points)


def valid_until(decided_on: datetime.date, years: int) -> datetime.date:
    """A rating decided on a day holds `years` years: to the day before its anniversary
    (decided 2013-12-20 for 3 years: valid until 2016-12-19; a 29 February counts from 1
    March)."""
    try:
        anniversary = decided_on.replace(year=decided_on.year + years)
    except ValueError:  # 29 February into a common year
        anniversary = datetime.date(decided_on.year + years, 3, 1)
    return anniversary - datetime.timedelta(days=1)
