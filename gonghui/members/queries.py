"""Reads for members, transfers and joining applications. Every function starts from scope."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.audit import action_label
from gonghui.core.forms import as_date, as_flag, as_int
from gonghui.core.identity import phone_hash, ric_hash
from gonghui.core.ids import normalize_code, ric_address_warning
from gonghui.core.importing.models import ImportRun
from gonghui.core.indicators import standing_q
from gonghui.core.models import AuditEntry, WorkflowEvent
from gonghui.core.scope import access, covers, scope_covers_everything, user_scope_path
from gonghui.core.search import name_contains, short_text_order
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.queries import grassroots_by_name_or_uscc

from .choices import JoiningState, TransferSide, TransferState
from .models import FLAG_FIELDS, JoiningApplication, Member, Transfer
from .workflow import MEMBER_WORKFLOW

VIEW = "members.view"
DECIDE_JOINING = "members.approve_joining"
DECIDE_TRANSFER = "members.transfer"


def _ric_filter(text: str) -> Q:
    """Full RIC through its keyed hash; a shorter tail through the clear last 4."""
    number = normalize_code(text)
    if len(number) == 18:
        return Q(ric_hash=ric_hash(number))
    return Q(ric_last4=number[-4:]) if len(number) >= 4 else Q(ric_last4__endswith=number)


def _phone_filter(text: str) -> Q:
    number = normalize_code(text).removeprefix("+86")
    if len(number) == 11:
        return Q(phone_hash=phone_hash(number))
    return Q(phone_last4=number[-4:]) if len(number) >= 4 else Q(phone_last4__endswith=number)


def member_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Member]:
    f = filters or {}
    qs = Member.objects.visible_to(user, VIEW).select_related("union", "employer")
    if name := (f.get("name") or "").strip():
        qs = name_contains(qs, "name", name)  # a text index (core.search)
    if ric := (f.get("ric") or "").strip():
        qs = qs.filter(_ric_filter(ric))
    if phone := (f.get("phone") or "").strip():
        qs = qs.filter(_phone_filter(phone))
    # A whole number comes as its keyed hash (members.forms.IdentitySearchForm): the number
    # itself is never in a URL, a job's filters or the audit log.
    for key in ("ric_hash", "phone_hash"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if f.get("union_id"):
        qs = qs.filter(union_id=f["union_id"])
    if union := (f.get("union") or "").strip():
        qs = name_contains(qs, "union__name", union)
    if f.get("employer_id"):
        qs = qs.filter(employer_id=f["employer_id"])
    if employer := (f.get("employer") or "").strip():
        qs = name_contains(qs, "employer__name", employer)
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    # 1-2 characters: sorted, not walked, unless the name is the only condition (last, so
    # that it sees every condition)
    return short_text_order(member_facts_filter(qs, f), "name", name)


MEMBER_FLAGS = tuple(FLAG_FIELDS)


def member_facts_filter(qs: QuerySet[Member], f: dict[str, Any]) -> QuerySet[Member]:
    """The list's filters on a member's facts: town, year joined, sex, the four flags; and
    the indicator catalog's drill-down (issue #13): an organization's subtree, joined
    between two days, standing on a day (members.indicators counts the same rows)."""
    if f.get("town"):
        qs = qs.within(town_path(f["town"]))
    if f.get("org"):
        qs = qs.within(organization_path(f["org"]))
    if year := as_int(f.get("joined_year")):
        qs = qs.filter(joined_on__year=year)
    if day := as_date(f.get("joined_from")):
        qs = qs.filter(joined_on__gte=day)
    if day := as_date(f.get("joined_to")):
        qs = qs.filter(joined_on__lte=day)
    if day := as_date(f.get("standing_on")):
        qs = qs.filter(standing_on(day))
    if f.get("sex"):
        qs = qs.filter(sex=f["sex"])
    for flag in MEMBER_FLAGS:
        if (wanted := as_flag(f.get(flag))) is not None:
            qs = qs.filter(**{flag: wanted})
    return qs


# The filters come from a form or back from an export job's JSON (core.exports): a year or
# a town as an int or as text, a flag as "1"/"0" (or a bool from the API).


def standing_on(day: datetime.date) -> Q:
    """A member on the roll on `day`: joined by then and not left by then (a retained
    member is a member); the indicators' definition (core.indicators.standing_q)."""
    return standing_q("joined_on", "left_on", day)


def organization_path(pk: Any) -> str:
    """The path of organization `pk` (any kind) for a filter; a path nothing is under when
    there is no such organization (the scope is applied by the list's own `visible_to`)."""
    text = str(pk or "").strip()
    found = (
        Organization.objects.filter(pk=int(text)).values_list("path", flat=True).first()
        if text.isdigit()
        else None
    )
    return found or "/none/"


def town_path(pk: Any) -> str:
    """The path of town union `pk` for a filter; a path nothing is under when there is no
    such town (the scope is applied by the list's own `visible_to`)."""
    text = str(pk or "").strip()
    found = (
        Organization.objects.filter(pk=int(text), kind=OrgKind.TOWN)
        .values_list("path", flat=True)
        .first()
        if text.isdigit()
        else None
    )
    return found or "/none/"


def member_get(*, user: Any, pk: Any) -> Member:
    return access(Member.objects.select_related("union", "employer"), user, pk, VIEW)


# What a member's history shows: the changes of the row, not who looked at it.
HISTORY_EXCLUDED = ("members.member.identity_viewed",)


def member_history(*, member: Member) -> list[tuple[AuditEntry, str]]:
    """The audit entries of this member (created, updated, imported, transferred, status
    changes), newest first, each with its label. For a member the caller may see."""
    entries = (
        AuditEntry.objects.filter(target_type=Member._meta.label_lower, target_id=str(member.pk))
        .exclude(action__in=HISTORY_EXCLUDED)
        .order_by("-at", "-id")
    )
    return [(entry, action_label(entry.action)) for entry in entries]


def member_events(*, member: Member) -> list[tuple[WorkflowEvent, str, str]]:
    """The member's status changes, oldest first: (event, step label, new status label)."""
    flow = MEMBER_WORKFLOW
    steps = {name: t.label for name, t in flow.transitions.items()}
    return [
        (event, steps.get(event.action, event.action), flow.state_label(event.to_state))
        for event in flow.events(member)
    ]


def member_source_run(*, user: Any, member: Member) -> ImportRun | None:
    """The import that created the member, if the user may open it (imports.view and its
    scope); the page names a run the user may not open by its number only."""
    if member.source_run_id is None:
        return None
    runs = ImportRun.objects.visible_to(user, "imports.view")
    return runs.filter(pk=member.source_run_id).first()


def member_by_ric(ric: str) -> Member | None:
    """Any member with this RIC, whatever the scope: for the receiving side of a transfer."""
    return Member.objects.select_related("union").filter(ric_hash=ric_hash(ric)).first()


def union_by_name_or_uscc(text: str) -> Organization:
    """The receiving union of a transfer, anywhere in the district, by exact name or USCC (no
    listing); ApplicationError on `to_union` when none has it, or several (say which)."""
    return grassroots_by_name_or_uscc(
        Organization.objects.filter(is_active=True),
        text or "",
        field="to_union",
        missing="没有找到名为「{text}」的基层工会，请填写全称或工会统一社会信用代码。",
    )


def transfer_list(
    *,
    user: Any,
    state: str = "",
    decide: bool = False,
    filters: dict[str, Any] | None = None,
) -> QuerySet[Transfer]:
    """The transfers in scope; with `decide`, only those waiting for this user's decision.
    `filters` (the list page's TransferFilterForm): state, decide, direction, year, town."""
    f = {"state": state, "decide": decide} | (filters or {})
    wanted = as_flag(f.get("decide")) or False
    qs = transfers_to_decide(user=user) if wanted else Transfer.objects.visible_to(user, VIEW)
    qs = qs.select_related("member", "from_union", "to_union", "from_employer", "to_employer")
    if f.get("state"):
        qs = qs.filter(state=f["state"])
    if year := as_int(f.get("year")):
        qs = qs.filter(created_at__year=year)
    town = town_path(f["town"]) if f.get("town") else None
    if town:
        qs = qs.within(town)
    return _transfer_direction(qs, f.get("direction"), town or user_scope_path(user))


def _transfer_direction(qs: QuerySet[Transfer], direction: Any, path: str | None):
    """转出: the sending union is under `path` (the town chosen, else the user's own
    organization); 转入: the receiving one is. A transfer between two of the user's unions
    is both."""
    if direction not in ("out", "in") or path is None:
        return qs
    side = "from_union__path" if direction == "out" else "to_union__path"
    return qs.filter(**{f"{side}__startswith": path})


def transfers_to_decide(*, user: Any) -> QuerySet[Transfer]:
    """Requested transfers this user may approve: the side that did not ask is in their
    subtree (both unions when the common parent asked), as the workflow's `allowed` guard
    says (`workflow._other_side_or_parent`), in one query instead of a guard per row.

    The three cases are three keyed subqueries, each on one join (the requested transfers,
    then the union's path on its unique index), united: one WHERE with an OR over both
    joins had the planner walk the town's organizations first (103 ms of the home page
    with no transfer at all). The district root decides on every side: no condition."""
    qs = Transfer.objects.visible_to(user, DECIDE_TRANSFER).filter(state=TransferState.REQUESTED)
    path = user_scope_path(user)
    if path is None:
        return qs.none()
    if scope_covers_everything(user):
        return qs
    mine = Organization.objects.within(path).values("pk")
    requested = Transfer.objects.filter(state=TransferState.REQUESTED).order_by()
    sending = requested.filter(requested_by_side=TransferSide.SENDING, to_union__in=mine)
    receiving = requested.filter(requested_by_side=TransferSide.RECEIVING, from_union__in=mine)
    parent = requested.filter(
        requested_by_side=TransferSide.PARENT, to_union__in=mine, from_union__in=mine
    )
    keys = sending.values("pk").union(receiving.values("pk"), parent.values("pk"))
    return qs.filter(pk__in=keys)


def transfer_get(*, user: Any, pk: Any) -> Transfer:
    return access(
        Transfer.objects.select_related(
            "member", "from_union", "to_union", "from_employer", "to_employer"
        ),
        user,
        pk,
        VIEW,
    )


def joining_list(
    *, user: Any, state: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[JoiningApplication]:
    """The applications the user decides on; `filters` (JoiningFilterForm): state, the
    year submitted, town, part of the deciding union's name."""
    f = {"state": state} | (filters or {})
    qs = JoiningApplication.objects.visible_to(user, DECIDE_JOINING).select_related(
        "employer", "deciding_org", "member"
    )
    if f.get("state"):
        qs = qs.filter(state=f["state"])
    if year := as_int(f.get("year")):
        qs = qs.filter(created_at__year=year)
    if f.get("town"):
        qs = qs.within(town_path(f["town"]))
    if union := str(f.get("union") or "").strip():
        qs = qs.filter(deciding_org__name__icontains=union)
    return qs


def joining_get(*, user: Any, pk: Any) -> JoiningApplication:
    return access(
        JoiningApplication.objects.select_related("employer", "employer__union", "deciding_org"),
        user,
        pk,
        DECIDE_JOINING,
    )


def joining_checks(*, user: Any, application: JoiningApplication) -> list[str]:
    """What the deciding union should know about an applicant before it decides: already a
    member (the union named only where the user may see it), other applications pending, an
    address code not in use in the birth year (core.ids.ric_address_warning).
    The public page says none of this (issue #10); the worker learns it from the decision."""
    if application.state != JoiningState.SUBMITTED:
        return []
    checks = []
    member = Member.objects.select_related("union").filter(ric_hash=application.ric_hash).first()
    if member is not None:
        where = (
            f"「{member.union.name}」的会员" if covers(user, member.org_path) else "其他工会的会员"
        )
        checks.append(
            f"该身份证号已是{where}（{member.get_status_display()}）：不能再批准入会；"
            "请不予批准并写明原因，换了单位的请办理会籍接转。"
        )
    others = JoiningApplication.objects.filter(
        ric_hash=application.ric_hash, state=JoiningState.SUBMITTED
    ).exclude(pk=application.pk)
    seen = list(others.visible_to(user, DECIDE_JOINING).values_list("number", flat=True))
    unseen = others.count() - len(seen)
    if seen:
        checks.append(f"该身份证号另有审核中的申请 {'、'.join(seen)}。")
    if unseen:
        checks.append(f"该身份证号另有{unseen}份审核中的申请在其他工会。")
    warning = ric_address_warning(application.ric)  # valid, but worth a look at the card
    if warning:
        checks.append(warning)
    return checks
