"""One list mechanism for every list page and list API (issue #10: lists stay fast).

An exact COUNT(*) over a town's 50,000 members on every page cost more than the page
itself. A list counts at most LIST_COUNT_CAP + 1 rows: up to the cap the total is exact
("共 523 条"); past it the list says "共 1,000+ 条" and pages on without knowing the end.
A page fetches one row more than it shows, so "下一页" is known from the rows themselves.

- `CappedPaginator` / `paginate(request, qs)` for pages (`core.views_utils.paginate`);
  the page keeps Django's Page interface (`page.number`, `page.has_next`,
  `page.paginator.count`), plus `page.paginator.total_label` and `.capped`;
- `CappedPagination` for the ninja list APIs: `count` is exact up to the cap and the cap
  past it, with `count_capped` true; `next` is the next page's number or null.

The count and the rows are only fast when the list's ordering is served by an index; the
indexes that serve each list's ordering are in each app's migrations (docs/benchmarks.md).
"""

import math
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


def count_cap() -> int:
    return settings.LIST_COUNT_CAP


def capped_count(rows: Any, cap: int) -> int:
    """How many rows, counting at most `cap + 1` of them (cap + 1 means "more than cap").

    The ordering is dropped: any cap + 1 rows tell as much as the first ones, and an
    ordering no index serves would sort the whole scope before the LIMIT."""
    if isinstance(rows, QuerySet):
        return rows.order_by()[: cap + 1].count()
    return min(len(rows), cap + 1)


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

    def validate_number(self, number: Any) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("页码必须是整数。") from exc
        if number < 1:
            raise EmptyPage("页码不能小于 1。")
        # Past the cap the last page is not known: any page may hold rows.
        if number > self.num_pages and not self.capped:
            raise EmptyPage("没有这一页。")
        return number

    def page(self, number: Any) -> CappedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def get_page(self, number: Any) -> CappedPage:
        """Like Django's: page 1 for a bad number, the last page past the end (past the
        cap, where the end is unknown, the page asked for, empty if nothing is there)."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


def paginate(request: HttpRequest, qs: Any, per_page: int = 50) -> CappedPage:
    """The page of `qs` that `?page=` asks for; the partial `partials/pagination.html`
    renders its links."""
    return CappedPaginator(qs, per_page).get_page(request.GET.get("page"))


class CappedPagination(PageNumberPagination):
    """PageNumberPagination with the capped count (every list API: `@paginate(CappedPagination)`)."""

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
        rows = list(queryset[offset : offset + size + 1])
        cap = count_cap()
        count = capped_count(queryset, cap)
        return {
            "items": rows[:size],
            "count": min(count, cap),
            "count_capped": count > cap,
            "next": pagination.page + 1 if len(rows) > size else None,
        }
