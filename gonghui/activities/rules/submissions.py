"""Rules of reading-campaign submissions (MERIT-4), pure: what an entry must be, which
activities take entries, one entry per member per title per activity, and the review.

Each function returns problems as [(field, Chinese message)], empty when all is well; the
service, the phone page and the API apply the same functions, so none accepts what another
refuses."""

import re
from collections.abc import Iterable

Problem = tuple[str, str]

# Kinds whose activities take entries: a reading campaign's book reviews, a culture contest's
# works. Open means it also takes registrations; closed, finished or cancelled takes nothing.
SUBMISSION_KINDS = ("reading", "culture")
OPEN_STATE = "open"

TITLE_MAX = 150  # Submission.title
BOOK_MAX = 150  # Submission.book
# A micro book review on Weibo is 140 characters; fewer than 10 is no review at all.
TEXT_MIN = 10
TEXT_MAX = 20000  # Submission.text
REASON_MAX = 300  # Submission.review_note
PRIZE_MAX = 60  # Submission.prize
# The phone page: entries one member may send in a day (a stuck button, a script).
PER_MEMBER_PER_DAY = 10

_SPACES = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """Spaces at the ends dropped, runs of spaces inside made one (titles compare so)."""
    return _SPACES.sub(" ", (value or "").strip())


def entry_problems(title: str, book: str, text: str) -> list[Problem]:
    """The entry itself: a title, the book's name within its length, a text neither empty
    nor longer than a page can hold."""
    problems: list[Problem] = []
    title, book, body = clean_text(title), clean_text(book), (text or "").strip()
    if not title:
        problems.append(("title", "请填写题目。"))
    elif len(title) > TITLE_MAX:
        problems.append(("title", f"题目不能超过{TITLE_MAX}个字（现有{len(title)}个字）。"))
    if len(book) > BOOK_MAX:
        problems.append(("book", f"书名不能超过{BOOK_MAX}个字（现有{len(book)}个字）。"))
    if len(body) < TEXT_MIN:
        problems.append(("text", f"正文至少{TEXT_MIN}个字（现有{len(body)}个字）。"))
    elif len(body) > TEXT_MAX:
        problems.append(("text", f"正文不能超过{TEXT_MAX}个字（现有{len(body)}个字）。"))
    return problems


def activity_problems(kind: str, state: str, state_label: str = "") -> list[Problem]:
    """Whether an activity takes entries now: a reading or culture activity that is open."""
    if kind not in SUBMISSION_KINDS:
        return [("activity", "该活动不是读书或文化活动，不接受投稿。")]
    if state != OPEN_STATE:
        said = f"（当前{state_label}）" if state_label else ""
        return [("activity", f"该活动现在不接受投稿{said}。")]
    return []


def duplicate_problems(title: str, taken: Iterable[str]) -> list[Problem]:
    """One entry per member per title per activity: `taken` are the titles the member has
    already sent to this activity (compared as clean_text makes them)."""
    wanted = clean_text(title)
    if wanted and wanted in {clean_text(t) for t in taken}:
        return [("title", f"您已向该活动投过题为「{wanted}」的稿件，同一题目只能投一次。")]
    return []


def daily_problems(sent_today: int) -> list[Problem]:
    if sent_today >= PER_MEMBER_PER_DAY:
        return [("", f"每人每天最多投稿{PER_MEMBER_PER_DAY}篇，请明天再投。")]
    return []


def reject_problems(reason: str) -> list[Problem]:
    reason = clean_text(reason)
    if not reason:
        return [("reason", "请填写未采用的原因。")]
    if len(reason) > REASON_MAX:
        return [("reason", f"原因不能超过{REASON_MAX}个字。")]
    return []


def prize_problems(prize: str) -> list[Problem]:
    """A prize is named (一等奖, 优秀书评) and short; only an accepted entry wins one (the
    workflow's source state)."""
    prize = clean_text(prize)
    if not prize:
        return [("prize", "请填写奖项，例如“一等奖”。")]
    if len(prize) > PRIZE_MAX:
        return [("prize", f"奖项不能超过{PRIZE_MAX}个字。")]
    return []
