"""What the pickers' JSON endpoints share (issue #10): read the query, match it, answer.

Each app has a small view per kind (`/suggest/unions/?q=`) that starts from
`Model.objects.visible_to(user, action)` (so scope and permission hold), narrows it with
`matching()`, and answers `suggestions()`: at most SUGGEST_LIMIT rows as
{"results": [{"id", "name", "parent", "code"}]} for static/js/pickers.js.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest, JsonResponse

from .ids import normalize_code
from .pinyin import looks_like_initials
from .search import name_q

SUGGEST_LIMIT = 20
QUERY_MAX = 60


@dataclass(frozen=True)
class Suggestion:
    id: int | str
    name: str
    parent: str = ""  # where it sits (its parent union, its town): two of a name differ here
    code: str = ""  # its USCC, when it has one


def query_text(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:QUERY_MAX]


def matching(
    rows: QuerySet, q: str, *, code_field: str | None = "uscc", initials_field: str | None = None
) -> QuerySet:
    """Rows whose name contains `q`, whose code starts with it, or (ASCII letters) whose
    pinyin initials contain it; shorter names first (the closest match), none for no query."""
    if not q:
        return rows.none()
    condition = name_q(rows, "name", q)  # the text index where there is one (core.search)
    if code_field and len(q) >= 2 and q.isascii() and q.isalnum():
        condition |= Q(**{f"{code_field}__startswith": normalize_code(q)})
    if initials_field and looks_like_initials(q):
        condition |= Q(**{f"{initials_field}__contains": q.lower()})
    return rows.filter(condition).order_by(Length("name"), "name", "pk")


def suggestions(items: Iterable[Suggestion]) -> JsonResponse:
    results = [asdict(s) for s in list(items)[:SUGGEST_LIMIT]]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
