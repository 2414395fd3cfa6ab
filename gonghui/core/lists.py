"""One list mechanism for every list page and list API (issue #10: lists stay fast).

An exact COUNT(*) over a town's 50,000 members on every page cost more than the page
itself. A list counts at most LIST_COUNT_CAP + 1 rows: up to the cap the total is exact
("共 523 条"); past it the list says "共 1,000+ 条" and pages on without knowing the end,
unless the person asks for the exact total (`?count=exact`, a link on the pager).
A page fetches one row more than it shows, so "下一页" is known from the rows themselves.

- `CappedPaginator` / `paginate(request, qs)` for pages (`core.views_utils.paginate`);
  the page keeps Django's Page interface (`page.number`, `page.has_next`,
  `page.paginator.count`), plus `page.paginator.total_label` and `.capped`;
- `CappedPagination` for the ninja list APIs: `count` is exact up to the cap and the cap
  past it, with `count_capped` true; `next` is the next page's number or null.

The count and the rows are only fast when the list's ordering is served by an index; the
indexes that serve each list's ordering are in each app's migrations (docs/benchmarks.md).
A page's rows are fetched in two steps (`page_rows`): the keys of the page in the list's
order, which an index holding the scope and the ordering column answers without reading a
row (a town's 50,000 members sorted by name: 7 ms, against 80-700 ms sorting whole rows
with their joins), then those rows by key.
"""

import math
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.http import HttpRequest
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_MAX = 100_000  # pages of any list (5,000,000 rows at 50 a page)


def count_cap() -> int:
    return settings.LIST_COUNT_CAP


def capped_count(rows: Any, cap: int) -> int:
    """How many rows, counting at most `cap + 1` of them (cap + 1 means "more than cap").

    The ordering is dropped: any cap + 1 rows tell as much as the first ones, and an
    ordering no index serves would sort the whole scope before the LIMIT."""
    if isinstance(rows, QuerySet):
        return rows.order_by()[: cap + 1].count()
    return min(len(rows), cap + 1)


def page_rows(rows: Any, offset: int, limit: int) -> list:
    """Rows `offset` to `offset + limit` of `rows` in their order: for a queryset of model
    rows, the keys first (a narrow sort an index can serve), then the rows by key with
    their select_related joins (see the module docstring)."""
    plain = (
        not isinstance(rows, QuerySet)
        or rows._iterable_class is not ModelIterable  # values() rows, no model keys
        or rows.query.combinator  # union(): cannot be filtered by key
        or rows.query.distinct
    )
    if plain:
        return list(rows[offset : offset + limit])
    keys = list(rows.values_list("pk", flat=True)[offset : offset + limit])
    by_key = {row.pk: row for row in rows.order_by().filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


def total_label(count: int, cap: int) -> str:
    return f"{cap:,}+" if count > cap else f"{count:,}"


class CappedPage(Page):
    """A page that knows whether another follows from its own extra row."""

    def __init__(self, object_list: list, number: int, paginator: Any, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class CappedPaginator(Paginator):
    """Django's Paginator with the total counted up to a cap (see the module docstring)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None):
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.cap = count_cap() if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The rows up to the cap; cap + 1 when there are more."""
        return capped_count(self.object_list, self.cap)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def total_label(self) -> str:
        return total_label(self.count, self.cap)

    @property
    def cap_label(self) -> str:
        return f"{self.cap:,}"

    @cached_property
    def num_pages(self) -> int:
        """The pages of the rows counted (past the cap, more may follow)."""
        return max(1, math.ceil(self.count / self.per_page))

    def validate_number(self, number: Any, *, counting: bool = True) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("页码必须是整数。") from exc
        if number < 1:
            raise EmptyPage("页码不能小于 1。")
        if not counting:
            return number
        if number > PAGE_MAX:  # an offset past any table (10**25 crashed SQLite, issue #11)
            raise EmptyPage("没有这一页。")
        # Past the cap the last page is not known: any page may hold rows.
        if number > self.num_pages and not self.capped:
            raise EmptyPage("没有这一页。")
        return number

    def page(self, number: Any) -> CappedPage:
        number = self.validate_number(number, counting=False)
        bottom = (number - 1) * self.per_page
        rows = page_rows(self.object_list, bottom, self.per_page + 1)
        has_more = len(rows) > self.per_page
        if not has_more and (rows or number == 1):
            # the last page: the total is known without counting (a search that matches
            # a few rows scans as long to count them as to find them)
            self.__dict__["count"] = min(bottom + len(rows), self.cap + 1)
        else:
            self.validate_number(number)  # past the end: EmptyPage from the (capped) count
        return CappedPage(rows[: self.per_page], number, self, has_more)

    def get_page(self, number: Any) -> CappedPage:
        """Like Django's: page 1 for a bad number, the last page past the end (past the
        cap, where the end is unknown, the page asked for, empty if nothing is there)."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


# `?count=exact`: the person asked for the whole total (the pager's link past the cap, and
# an indicator's drill-down, whose list must say exactly as many rows as the figure).
EXACT = "exact"
NO_CAP = 10**12


def paginate(request: HttpRequest, qs: Any, per_page: int = 50) -> CappedPage:
    """The page of `qs` that `?page=` asks for; the partial `partials/pagination.html`
    renders its links. With `?count=exact` the total is counted whatever its size."""
    cap = NO_CAP if request.GET.get("count") == EXACT else None
    return CappedPaginator(qs, per_page, cap=cap).get_page(request.GET.get("page"))


class CappedPagination(PageNumberPagination):
    """PageNumberPagination with the capped count (every list API: `@paginate(CappedPagination)`)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=PAGE_MAX, description=f"页码（1 至 {PAGE_MAX}）")

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description="行数：不超过上限（LIST_COUNT_CAP，默认 1000）时为准确数；"
            "超过时为上限本身，且 count_capped 为 true"
        )
        count_capped: bool = Field(description="true：实际行数超过 count，未精确统计")
        next: int | None = Field(description="下一页的页码；没有下一页时为 null")

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params):
        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        rows = page_rows(queryset, offset, size + 1)
        cap = count_cap()
        if len(rows) <= size and (rows or pagination.page == 1):
            count = min(offset + len(rows), cap + 1)  # the last page: no count needed
        else:
            count = capped_count(queryset, cap)
        return {
            "items": rows[:size],
            "count": min(count, cap),
            "count_capped": count > cap,
            "next": pagination.page + 1 if len(rows) > size else None,
        }
