"""Reads for organizations, employers and terms. Every function starts from the user's scope."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from gonghui.core.audit import action_label
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import as_flag, as_int, flag_q
from gonghui.core.ids import normalize_code
from gonghui.core.importing.models import ImportRun
from gonghui.core.importing.queries import import_run_get
from gonghui.core.models import AuditEntry
from gonghui.core.scope import access, user_scope_path
from gonghui.core.search import name_q

from . import rules
from .choices import HeadcountBand, OrgKind, Ownership, WomenOrg
from .models import Employer, EmployerImportChange, Organization, Term
from .rules import EmployerContext

VIEW = "orgs.view"

# ---- shared definitions: the lists, the coverage page and the indicators (issue #13) count
# the same rows, so a figure and the list it drills down to agree.

# The kind filter's groups: "federations" is every union between a town and the grassroots
# (行业、区域性工会联合会 and 系统工会, the working committees 工委 among them).
KIND_GROUPS = {
    "federations": (OrgKind.SECTOR, OrgKind.INDUSTRY_FEDERATION, OrgKind.AREA_FEDERATION),
}
KIND_GROUP_CHOICES = [("federations", "工会联合会及系统工会（含工委）")]
NON_PUBLIC = "non_public"  # the ownership filter's group: Ownership.non_public()
DUAL_DISPLAY = Q(signboard_displayed=True, chair_identity_displayed=True)
HAS_WOMEN_ORG = ~Q(women_org=WomenOrg.NONE)


def grassroots_active() -> QuerySet[Organization]:
    """The unions every count of unions counts (ORG-1, ORG-6): active grassroots unions."""
    return Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True)


def founded_by(field: str, on: datetime.date) -> Q:
    """Established on or before `on`, or undated (an undated union exists: it counts)."""
    return Q(**{f"{field}__lte": on}) | Q(**{field: None})


def of_ownership(qs: QuerySet[Organization], ownership: str) -> QuerySet[Organization]:
    """The unions of `qs` with an employer of `ownership` (or of any non-public one, for
    NON_PUBLIC): a union is a 非公企业工会 when an employer it covers is non-public."""
    kinds = Ownership.non_public() if ownership == NON_PUBLIC else [ownership]
    employers = Employer.objects.filter(ownership__in=kinds, union__isnull=False)
    return qs.filter(pk__in=employers.values("union_id"))


def within_organization(qs: QuerySet, pk: Any) -> QuerySet:
    """The rows of `qs` in the subtree of organization `pk` (itself included)."""
    path = Organization.objects.filter(pk=as_int(pk)).values_list("path", flat=True).first()
    return qs.within(path) if path else qs.none()


def current_terms() -> QuerySet[Term]:
    """The terms the terms-due lists walk: current terms of organizations not revoked (a
    revoked union holds no re-election)."""
    return Term.objects.filter(is_current=True, organization__is_active=True)


def organization_list(
    *,
    user: Any,
    q: str = "",
    kind: str = "",
    town: str = "",
    parent: str = "",
    filters: dict[str, Any] | None = None,
) -> QuerySet[Organization]:
    """The organizations of the user's scope; `filters` (OrganizationFilterForm.filters(), the
    page's and the export's) add to and override the keyword filters the API passes."""
    f = {"q": q, "kind": kind, "town": town, "parent": parent, **(filters or {})}
    q, kind, town, parent = (str(f[k] or "") for k in ("q", "kind", "town", "parent"))
    qs = Organization.objects.visible_to(user, VIEW).select_related("parent", "town")
    qs = _organization_conditions(qs, f)
    if str(parent).isdigit():
        qs = qs.filter(parent_id=parent)
    if q:
        # core.search; the USCC exact (stored normalized): its unique index serves the OR
        qs = qs.filter(name_q(qs, "name", q) | Q(uscc=normalize_code(q)))
    if kind:
        qs = qs.filter(kind__in=KIND_GROUPS.get(kind, [kind]))
    if str(town).isdigit():
        qs = qs.filter(town_id=town)
    return qs


def _organization_conditions(qs: QuerySet[Organization], f: dict[str, Any]) -> QuerySet:
    """The organization list's date, flag, ownership and subtree filters (issue #10,
    Lists; the indicators' drill-downs, issue #13)."""
    if (year := as_int(f.get("established_year"))) is not None:
        qs = qs.filter(established_on__year=year)
    qs = _date_range(qs, "established_on", f.get("established_from"), f.get("established_to"))
    if f.get("founded_by"):
        qs = qs.filter(founded_by("established_on", f["founded_by"]))
    if f.get("ownership"):
        qs = of_ownership(qs, f["ownership"])
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    women = as_flag(f.get("women_org"))
    if women is not None:
        qs = qs.filter(HAS_WOMEN_ORG if women else ~HAS_WOMEN_ORG)
    return qs.filter(
        flag_q("is_active", f.get("active")),
        flag_q("signboard_displayed", f.get("signboard")),
        flag_q("chair_identity_displayed", f.get("chair_identity")),
    )


def _date_range(qs: QuerySet, field: str, start: Any, end: Any) -> QuerySet:
    """`field` from `start` to `end`, both included (dates, or ISO text from an export job)."""
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def organization_get(*, user: Any, pk: Any) -> Organization:
    return access(Organization.objects.select_related("parent", "town"), user, pk, VIEW)


def sibling_named(
    *, parent: Organization, name: str, exclude_pk: int | None = None
) -> Organization | None:
    """The child of `parent` called `name` (another than `exclude_pk`), if there is one."""
    return Organization.objects.filter(parent=parent, name=name).exclude(pk=exclude_pk).first()


def grassroots_by_name_or_uscc(
    unions: QuerySet[Organization],
    text: str,
    *,
    field: str = "union",
    missing: str = "在您的管理范围内没有名为「{text}」的基层工会。",
) -> Organization:
    """The one union of `unions` with this full name or USCC; else ApplicationError (on
    `field`) saying whether none or several have it (names are unique only among siblings)."""
    text = text.strip()
    found = list(
        unions.filter(kind=OrgKind.GRASSROOTS)
        .filter(Q(name=text) | Q(uscc=normalize_code(text)))
        .select_related("parent")[:20]
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise ApplicationError(missing.format(text=text), field=field)
    raise ApplicationError(rules.ambiguous_union(text, found), field=field)


def user_root(user: Any) -> Organization:
    return Organization.objects.get(pk=user.organization_id)


def dashboard_counts(user: Any) -> dict[str, Any]:
    """The home page's figures of the user's subtree (the widget needs `orgs.view`)."""
    root = access(Organization, user, user.organization_id, "orgs.view")
    towns = town_counts(user=user)
    top = max((c.grassroots for _, c in towns), default=0) or 1
    return {"root": root, "counts": subtree_counts(root), "towns": towns, "top": top}


@dataclass
class SubtreeCounts:
    grassroots: int
    employers: int
    employers_with_union: int
    members: int
    # When the figures were counted (the page says "统计于 10:32"): they may come from the cache.
    counted_at: datetime.datetime = field(default_factory=timezone.now, compare=False)


# ---- cached counts (issue #10: per-town counts were recomputed on every dashboard and tree
# view). Django's cache (settings.CACHES: the database cache, shared by every gunicorn
# worker), keyed by the organization and by a stamp that every write to organizations or
# employers moves: triggers (orgs migration 0006) bump it on any insert, update or delete,
# whichever service, importer or `.update()` wrote, so a write shows in the next view.
# Members change the figures only through Organization.member_count (`union_recount`).

COUNTS_TTL = 600  # seconds: bounds what a figure counted during another's write can miss
T = TypeVar("T")


def counts_stamp() -> int | None:
    """The write stamp (orgs migration 0006); None where there is none (no caching)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT n FROM orgs_counts_stamp WHERE id = 1")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT last_value + is_called::int FROM orgs_counts_stamp")
        else:
            return None
        row = cursor.fetchone()
    return row[0] if row else None


def _cached(key: str, compute: Callable[[], T]) -> T:
    stamp = counts_stamp()  # read before counting: a write after it moves the key on
    if stamp is None:
        return compute()
    full = f"orgs:counts:{key}:{stamp}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, COUNTS_TTL)
    return value


def subtree_counts(org: Organization) -> SubtreeCounts:
    """The figures of `org`'s subtree (cached, see above)."""
    return _cached(f"subtree:{org.pk}", lambda: _subtree_counts(org))


def _subtree_counts(org: Organization) -> SubtreeCounts:
    unions = Organization.objects.within(org.path).filter(kind=OrgKind.GRASSROOTS, is_active=True)
    agg = unions.aggregate(n=Count("id"), members=Sum("member_count"))
    employers = Employer.objects.within(org.path).aggregate(
        n=Count("id"), with_union=Count("id", filter=Q(union__isnull=False))
    )
    return SubtreeCounts(agg["n"], employers["n"], employers["with_union"], agg["members"] or 0)


TREE_PAGE = 200


def _leaf_counts(unions: list[Organization]) -> dict[int, SubtreeCounts]:
    """Counts for grassroots children in two queries, not four per union."""
    rows = Employer.objects.filter(union__in=unions).values("union").annotate(n=Count("id"))
    employers = {r["union"]: r["n"] for r in rows}
    return {
        u.pk: SubtreeCounts(
            1 if u.is_active else 0, employers.get(u.pk, 0), employers.get(u.pk, 0), u.member_count
        )
        for u in unions
    }


def tree_children(*, user: Any, parent: Organization) -> list[tuple[Organization, SubtreeCounts]]:
    """The first TREE_PAGE children (federations before unions) with their subtree counts."""
    children = list(
        Organization.objects.visible_to(user, VIEW)
        .filter(parent=parent)
        .order_by(Case(When(kind=OrgKind.GRASSROOTS, then=1), default=0), "name")[:TREE_PAGE]
    )
    known = _cached(
        f"children:{parent.pk}:{user_scope_path(user)}", lambda: _children_counts(children)
    )
    return [(c, known[c.pk] if c.pk in known else subtree_counts(c)) for c in children]


def _children_counts(children: list[Organization]) -> dict[int, SubtreeCounts]:
    known = _leaf_counts([c for c in children if c.kind == OrgKind.GRASSROOTS])
    towns = _counts_for_towns([c for c in children if c.kind == OrgKind.TOWN])
    known |= {town.pk: counts for town, counts in towns}
    # the others (sector unions, federations): few, each its own two aggregates
    return known | {c.pk: _subtree_counts(c) for c in children if c.pk not in known}


def children_count(*, user: Any, parent: Organization) -> int:
    return Organization.objects.visible_to(user, VIEW).filter(parent=parent).count()


def town_counts(*, user: Any) -> list[tuple[Organization, SubtreeCounts]]:
    """Per-town subtree counts for the dashboard in a few grouped queries.

    An employer is in a town's subtree through its union's town, or, without a union,
    through its own town (that is how `org_path` is set). Cached per scope (see above).
    """
    towns = list(towns_visible(user))
    known = _cached(
        f"towns:{user_scope_path(user)}",
        lambda: {town.pk: counts for town, counts in _counts_for_towns(towns)},
    )
    return [(t, known[t.pk]) for t in towns if t.pk in known]


def _counts_for_towns(towns: list[Organization]) -> list[tuple[Organization, SubtreeCounts]]:
    if not towns:
        return []
    unions = (
        Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True, town__in=towns)
        .values("town")
        .annotate(n=Count("id"), members=Sum("member_count"))
    )
    by_union = (
        Employer.objects.filter(union__town__in=towns).values("union__town").annotate(n=Count("id"))
    )
    without = (
        Employer.objects.filter(union__isnull=True, town__in=towns)
        .values("town")
        .annotate(n=Count("id"))
    )
    u = {r["town"]: r for r in unions}
    e_union = {r["union__town"]: r["n"] for r in by_union}
    e_none = {r["town"]: r["n"] for r in without}
    return [
        (
            t,
            SubtreeCounts(
                u.get(t.pk, {}).get("n", 0),
                e_union.get(t.pk, 0) + e_none.get(t.pk, 0),
                e_union.get(t.pk, 0),
                u.get(t.pk, {}).get("members") or 0,
            ),
        )
        for t in towns
    ]


def employer_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Employer]:
    f = filters or {}
    qs = Employer.objects.visible_to(user, "employers.view").select_related("town", "union")
    if q := (f.get("q") or "").strip():
        # core.search; the USCC exact (stored normalized): its unique index serves the OR
        qs = qs.filter(name_q(qs, "name", q) | Q(uscc=normalize_code(q)))
    if f.get("town"):
        qs = qs.filter(town_id=f["town"])
    if f.get("ownership"):
        qs = qs.filter(ownership=f["ownership"])
    if f.get("industry"):
        qs = qs.filter(industry=f["industry"])
    if f.get("band") in HeadcountBand.values:
        low, high = HeadcountBand(f["band"]).bounds()
        qs = qs.filter(headcount__gte=low)
        if high is not None:
            qs = qs.filter(headcount__lte=high)
    if f.get("has_union") in ("yes", "no"):
        qs = qs.filter(union__isnull=f["has_union"] == "no")
    return _employer_conditions(qs, f)


def _employer_conditions(qs: QuerySet[Employer], f: dict[str, Any]) -> QuerySet[Employer]:
    """The employer list's headcount, flag, union-date and subtree filters (issue #10,
    Lists; the indicators' drill-downs, issue #13)."""
    if (at_least := as_int(f.get("headcount_min"))) is not None:
        qs = qs.filter(headcount__gte=at_least)
    if (year := as_int(f.get("union_year"))) is not None:
        qs = qs.filter(union__established_on__year=year)
    qs = _date_range(qs, "union__established_on", f.get("union_from"), f.get("union_to"))
    if f.get("union_founded_by"):
        qs = qs.filter(union__isnull=False).filter(
            founded_by("union__established_on", f["union_founded_by"])
        )
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.filter(
        flag_q("is_labor_dispatch", f.get("labor_dispatch")),
        flag_q("is_fortune500", f.get("fortune500")),
    )


def employer_get(*, user: Any, pk: Any) -> Employer:
    return access(Employer.objects.select_related("town", "union"), user, pk, "employers.view")


def towns_visible(user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).filter(kind=OrgKind.TOWN).order_by("pk")


def terms_due(
    *,
    user: Any,
    today: datetime.date,
    days: int,
    action: str = VIEW,
    filters: dict[str, Any] | None = None,
) -> dict[str, QuerySet[Term]]:
    """Current terms past their end ("overdue") and ending within `days` ("due_soon"), of
    the town and end year `filters` (TermFilterForm) name, if any."""
    current = _term_conditions(
        current_terms().visible_to(user, action), filters or {}
    ).select_related("organization", "organization__town")
    return {
        "overdue": terms_overdue(current, today),
        "due_soon": current.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)
        ),
    }


def terms_overdue(terms: QuerySet[Term], on: datetime.date) -> QuerySet[Term]:
    """The terms of `terms` past their end on `on` (the day after ends_on: 逾期)."""
    return terms.filter(ends_on__lt=on)


def _term_conditions(qs: QuerySet[Term], f: dict[str, Any]) -> QuerySet[Term]:
    if (town := as_int(f.get("town"))) is not None:
        qs = qs.filter(organization__town_id=town)
    if (year := as_int(f.get("end_year"))) is not None:
        qs = qs.filter(ends_on__year=year)
    if f.get("kind"):
        qs = qs.filter(organization__kind=f["kind"])
    if f.get("ends_before"):
        qs = qs.filter(ends_on__lt=f["ends_before"])
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs


def terms_due_rows(
    *, user: Any, today: datetime.date, days: int, filters: dict[str, Any]
) -> QuerySet[Term]:
    """The terms the page shows for `filters`, in one list (its export): the overdue, the
    ending soon, or both (`due`), by end date."""
    lists = terms_due(user=user, today=today, days=days, filters=filters)
    due = filters.get("due")
    if due == "overdue":
        return lists["overdue"].order_by("ends_on", "pk")
    if due == "soon":
        return lists["due_soon"].order_by("ends_on", "pk")
    return (lists["overdue"] | lists["due_soon"]).order_by("ends_on", "pk")


@dataclass
class Coverage:
    """One row of the ORG-6 table: the active grassroots unions of `unit` (a town, or a sector
    union or federation directly under the district, or the district's own unions)."""

    unit: Organization | None
    unions: int
    dual_display: int
    women_org: int

    @staticmethod
    def rate(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.1f}%" if whole else "—"

    @property
    def direct(self) -> bool:
        """The row of the unions right under the district (no town, no sector union)."""
        return self.unit is not None and self.unit.kind == OrgKind.DISTRICT

    @property
    def dual_display_rate(self) -> str:
        return self.rate(self.dual_display, self.unions)

    @property
    def women_org_rate(self) -> str:
        return self.rate(self.women_org, self.unions)


_COVERAGE = {
    "unions": Count("id"),
    "dual": Count("id", filter=DUAL_DISPLAY),
    "women": Count("id", filter=HAS_WOMEN_ORG),
}


def display_coverage(*, user: Any, filters: dict[str, Any] | None = None) -> list[Coverage]:
    """ORG-6: two-displays and women-workers' organization coverage of every active
    grassroots union the user sees, once each: per town (its whole subtree, federations
    included), then per sector union or federation under the district and the district's
    own unions, which belong to no town (issue #10: these were left out of the totals).
    """
    unions = grassroots_active().visible_to(user, VIEW)
    if (town := as_int((filters or {}).get("town"))) is not None:
        unions = unions.filter(town_id=town)  # that town's row alone (CoverageFilterForm)
    by_town = unions.filter(town__isnull=False).values("town").annotate(**_COVERAGE)
    # A grassroots union outside every town sits right under its sector union, federation
    # or the district itself (ALLOWED_CHILDREN), so its parent is its row.
    by_parent = unions.filter(town__isnull=True).values("parent").annotate(**_COVERAGE)
    rows = [(r["town"], r) for r in by_town] + [(r["parent"], r) for r in by_parent]
    units = Organization.objects.in_bulk([pk for pk, _r in rows])
    result = [Coverage(units[pk], r["unions"], r["dual"], r["women"]) for pk, r in rows]
    return sorted(result, key=lambda c: (c.unit.kind != OrgKind.TOWN, c.direct, c.unit.pk))


def coverage_total(rows: list[Coverage]) -> Coverage:
    return Coverage(
        None,
        sum(r.unions for r in rows),
        sum(r.dual_display for r in rows),
        sum(r.women_org for r in rows),
    )


def employer_rule_context(usccs: list[str], union_ids: list[int | None]) -> EmployerContext:
    """What orgs.rules checks a batch of employer rows against, in two queries."""
    holders = {
        uscc: (pk, name)
        for pk, uscc, name in Employer.objects.filter(uscc__in=usccs).values_list(
            "pk", "uscc", "name"
        )
    }
    covered: dict[int, set[int]] = {}
    unions = [pk for pk in union_ids if pk is not None]
    for pk, union_id in Employer.objects.filter(union_id__in=unions).values_list("pk", "union_id"):
        covered.setdefault(union_id, set()).add(pk)
    return EmployerContext(holders=holders, covered=covered)


# ---- an employer's change history and an import's changes (issue #10) --------------------


@dataclass
class Change:
    """One field of a difference, in words: (column label, before, after)."""

    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    entry: AuditEntry
    label: str
    changes: list[Change]
    run_id: int | None


@dataclass
class ImportChange:
    row: int
    employer: Employer
    changes: list[Change]
    run: Any = None


_ORG_COLUMNS = ("town_id", "union_id")


def _org_names(user: Any, diffs: list[dict[str, Any]]) -> dict[int, str]:
    """Names of the towns and unions a set of differences names, those the user sees."""
    pairs = [d[k] for d in diffs for k in _ORG_COLUMNS if isinstance(d.get(k), list)]
    pks = {v for pair in pairs for v in pair if v is not None}
    return dict(Organization.objects.visible_to(user).filter(pk__in=pks).values_list("pk", "name"))


def _text(column: str, value: Any, org_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "（空）"
    if column in _ORG_COLUMNS:
        return org_names.get(value, "（管理范围外的组织）")
    if isinstance(value, bool):
        return "是" if value else "否"
    choices = dict(Employer._meta.get_field(column).choices or [])
    return str(choices.get(value, value))


def _changes(diff: dict[str, Any], org_names: dict[int, str]) -> list[Change]:
    """The [before, after] pairs of an audit difference (a snapshot's flat values are not)."""
    fields = {f.attname: f for f in Employer._meta.concrete_fields}
    return [
        Change(str(fields[k].verbose_name), _text(k, v[0], org_names), _text(k, v[1], org_names))
        for k, v in diff.items()
        if k in fields and isinstance(v, list) and len(v) == 2
    ]


def employer_history(*, user: Any, employer: Employer) -> list[HistoryEntry]:
    """The audit entries of an employer the user may see (created, edited, imported),
    newest first, each with its label and what it changed."""
    entries = list(
        AuditEntry.objects.filter(
            target_type=Employer._meta.label_lower, target_id=str(employer.pk)
        ).order_by("-at", "-id")
    )
    names = _org_names(user, [e.data for e in entries])
    return [
        HistoryEntry(e, action_label(e.action), _changes(e.data, names), e.data.get("run"))
        for e in entries
    ]


EMPLOYER_IMPORT_KIND = "employers"  # importers.EmployerImporter.kind


def employer_import_run(*, user: Any, pk: Any) -> Any:
    """The employer import `pk` if the user may see it (imports.view and its scope); 404
    alike for a run that is missing, out of scope or of another kind."""
    run = import_run_get(user=user, pk=pk)
    if run.kind != EMPLOYER_IMPORT_KIND:
        raise Http404("该导入不是用人单位导入。")
    return run


def employer_import_change_rows(*, user: Any, filters: dict[str, Any]) -> list[ImportChange]:
    """The changes list's rows (ImportChangeFilterForm): one run's (`run`), else those of
    every employer import the user may see, newest run first; none for a run the user may
    not see (the export job runs later, as the same user)."""
    if filters.get("run") is None:
        return _import_changes(user, employer_import_change_list(user=user))
    try:
        run = employer_import_run(user=user, pk=as_int(filters.get("run")))
    except (Http404, PermissionDenied):
        return []
    return employer_import_changes(user=user, run=run)


def employer_import_change_list(*, user: Any) -> QuerySet[EmployerImportChange]:
    """The changes of every employer import the user may see (imports.view, its scope)."""
    runs = ImportRun.objects.visible_to(user, "imports.view").filter(kind=EMPLOYER_IMPORT_KIND)
    return (
        EmployerImportChange.objects.filter(run__in=runs)
        .select_related("employer", "run")
        .order_by("-run_id", "row", "pk")
    )


def import_changes_of(*, user: Any, rows: Any) -> list[ImportChange]:
    """A page of `employer_import_change_list` in words (field labels, names)."""
    return _import_changes(user, rows)


def _import_changes(user: Any, listed: Any) -> list[ImportChange]:
    listed = list(listed)
    names = _org_names(user, [c.changes for c in listed])
    return [ImportChange(c.row, c.employer, _changes(c.changes, names), c.run) for c in listed]


def employer_import_changes(*, user: Any, run: Any) -> list[ImportChange]:
    """What an employer import (a dry run too) changed in existing employers, by row; for a
    run the user may see (`core.importing.queries.import_run_get`)."""
    listed = EmployerImportChange.objects.filter(run=run).select_related("employer", "run")
    return _import_changes(user, listed)
