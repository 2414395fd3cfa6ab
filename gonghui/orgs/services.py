"""Writes for the organization tree, employers and terms (ORG-1, ORG-2, ORG-5, ORG-6)."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from gonghui.core.audit import audit_record, snapshot
from gonghui.core.clock import today
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.ids import InvalidID, uscc_validate
from gonghui.core.models import ScopedModel
from gonghui.core.permissions import require
from gonghui.core.pinyin import name_initials
from gonghui.core.scope import ensure_visible
from gonghui.core.storable import check_storable

from . import rules
from .choices import ALLOWED_CHILDREN, ElectionState, OrgKind, UnionForm
from .locks import lock_tree
from .models import Election, Employer, Organization, OrganizationMove, Term
from .queries import employer_rule_context, sibling_named

ORG_FIELDS = [
    "name",
    "kind",
    "form",
    "division_code",
    "uscc",
    "chair_name",
    "chair_phone",
    "established_on",
    "is_active",
    "signboard_displayed",
    "chair_identity_displayed",
    "women_org",
]
EMPLOYER_FIELDS = [
    "name",
    "uscc",
    "ownership",
    "industry",
    "headcount",
    "town",
    "union",
    "address",
    "is_labor_dispatch",
    "is_fortune500",
]
EMPLOYER_COLUMNS = [f + "_id" if f in ("town", "union") else f for f in EMPLOYER_FIELDS]


# ---- organizations -------------------------------------------------------------------------


def _clean_org(org: Organization) -> None:
    org.name = (org.name or "").strip()
    if not org.name:
        raise ApplicationError("名称不能为空。", field="name")
    org.name_initials = name_initials(org.name)  # the pickers search by it (issue #10)
    if org.established_on and org.established_on > today():
        raise ApplicationError("成立日期不能晚于今天。", field="established_on")
    _check_name_among_siblings(org, org.parent)
    if org.kind != OrgKind.GRASSROOTS:
        org.form = ""
    elif not org.form:
        raise ApplicationError("请选择基层工会的组建形式。", field="form")
    if org.uscc:
        try:
            org.uscc = uscc_validate(org.uscc, union=True)
        except InvalidID as exc:
            raise ApplicationError(exc.message, field="uscc") from exc
        clash = Organization.objects.filter(uscc=org.uscc).exclude(pk=org.pk).first()
        if clash:
            raise ApplicationError(f"统一社会信用代码已被「{clash.name}」使用。", field="uscc")
    else:
        org.uscc = None
    _clean_form_against_size(org)


def _clean_form_against_size(org: Organization) -> None:
    """Art. 11: 25+ members need a committee; an organizer serves only fewer than 25."""
    minimum = settings.UNION_COMMITTEE_MIN_MEMBERS
    if org.form == UnionForm.ORGANIZER and org.member_count >= minimum:
        raise ApplicationError(
            f"会员{org.member_count}人，达到{minimum}人应建立工会委员会，不能只设组织员。",
            field="form",
        )
    if org.form == UnionForm.SINGLE and org.pk and org.employers.count() > 1:
        raise ApplicationError("该工会覆盖多个单位，应为联合基层工会。", field="form")


def _check_name_among_siblings(org: Organization, parent: Organization | None) -> None:
    """Names are unique under one parent (issue #10: two 「甲公司工会委员会」 under one town made
    every lookup by name fail); the database holds it too (`org_name_unique_in_parent`)."""
    if parent is None:
        return
    holder = sibling_named(parent=parent, name=org.name, exclude_pk=org.pk)
    if holder is not None:
        raise ApplicationError(
            f"「{parent.name}」下已有名为「{holder.name}」的{holder.get_kind_display()}，"
            "同一上级组织下的名称不能重复。",
            field="name",
        )


def _check_parent(parent: Organization, kind: str) -> None:
    if kind == OrgKind.DISTRICT:
        raise ApplicationError("区总工会只能有一个，且没有上级。", field="kind")
    if kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
        raise ApplicationError(
            f"「{OrgKind(parent.kind).label}」下不能设立「{OrgKind(kind).label}」。", field="parent"
        )


def _town_for(parent: Organization) -> Organization | None:
    return parent if parent.kind == OrgKind.TOWN else parent.town


@transaction.atomic
def organization_create(*, actor: Any, parent: Organization, **fields: Any) -> Organization:
    ensure_visible(actor, parent, "orgs.edit")
    org = Organization(parent=parent, **{k: v for k, v in fields.items() if k in ORG_FIELDS})
    check_storable(org)  # a kind, form or length no column holds: refused first (issue #11)
    _check_parent(parent, org.kind)
    _clean_org(org)
    org.depth = parent.depth + 1
    org.path = f"{parent.path}new/"  # replaced once the pk is known
    org.town = _town_for(parent)
    org.save()
    org.path = f"{parent.path}{org.pk}/"
    if org.kind == OrgKind.TOWN:
        org.town = org
    org.save(update_fields=["path", "town"])
    audit_record(
        actor=actor, action="orgs.organization.created", target=org, data=snapshot(org, ORG_FIELDS)
    )
    return org


def organization_create_root(*, name: str, division_code: str) -> Organization:
    """The district federation itself; made once by the demo or set-up command."""
    org = Organization.objects.create(
        name=name,
        name_initials=name_initials(name),
        kind=OrgKind.DISTRICT,
        path="root/",
        division_code=division_code,
    )
    org.path = f"/{org.pk}/"
    org.save(update_fields=["path"])
    return org


@transaction.atomic
def organization_update(
    *, actor: Any, org: Organization, version: int | None, **fields: Any
) -> Organization:
    can_edit = actor.can("orgs.edit") or (
        actor.can("orgs.edit_own") and actor.organization_id == org.pk
    )
    if not can_edit:
        raise PermissionDenied("您没有权限修改该组织。")
    return edit(
        Organization,
        org,
        actor=actor,
        version=version,
        changes=fields,
        editable=[f for f in ORG_FIELDS if f != "kind"],
        clean=_clean_org,
        action="orgs.organization.updated",
        audited=ORG_FIELDS,
    )


def scoped_models() -> list[type[ScopedModel]]:
    found, stack = [], list(ScopedModel.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if not model._meta.abstract and not model._meta.proxy:
            found.append(model)
    return found


def _rewrite_prefix(qs: Any, field: str, old: str, new: str) -> int:
    return qs.filter(**{f"{field}__startswith": old}).update(
        **{field: Concat(Value(new), Substr(field, len(old) + 1))}
    )


@transaction.atomic
def organization_move(
    *,
    actor: Any,
    org: Organization,
    new_parent: Organization,
    version: int | None,
    reason: str = "",
) -> Organization:
    """Re-parent `org`; its whole subtree and every scoped row under it follow."""
    require(actor, "orgs.move")
    lock_tree()
    locked = Organization.objects.select_for_update().get(pk=org.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    ensure_visible(actor, locked)
    ensure_visible(actor, new_parent)
    check_version(locked, version)
    if locked.parent_id is None:
        raise ApplicationError("区总工会不能调整上级。", field="parent")
    if new_parent.path.startswith(locked.path):
        raise ApplicationError("不能移到自己或自己的下级组织之下。", field="parent")
    if new_parent.pk == locked.parent_id:
        raise ApplicationError("新的上级与原上级相同。", field="parent")
    _check_parent(new_parent, locked.kind)
    _check_name_among_siblings(locked, new_parent)
    old_path, new_path = locked.path, f"{new_parent.path}{locked.pk}/"
    from_parent = locked.parent
    depth_shift = new_parent.depth + 1 - locked.depth
    _rewrite_prefix(Organization.objects, "path", old_path, new_path)
    Organization.objects.filter(path__startswith=new_path).update(depth=F("depth") + depth_shift)
    if locked.kind != OrgKind.TOWN:
        Organization.objects.filter(path__startswith=new_path).update(town=_town_for(new_parent))
    for model in scoped_models():
        _rewrite_prefix(model._default_manager, "org_path", old_path, new_path)
    Organization.objects.filter(pk=locked.pk).update(parent=new_parent, version=F("version") + 1)
    OrganizationMove.objects.create(
        organization=locked,
        from_parent=from_parent,
        to_parent=new_parent,
        from_path=old_path,
        to_path=new_path,
        moved_by=actor,
        reason=reason,
    )
    locked.refresh_from_db()
    audit_record(
        actor=actor,
        action="orgs.organization.moved",
        target=locked,
        data={
            "parent": [from_parent.pk, new_parent.pk],
            "path": [old_path, new_path],
            "reason": reason,
        },
    )
    return locked


# ---- employers ------------------------------------------------------------------------------


def _employer_row(employer: Employer) -> dict[str, Any]:
    return {
        "pk": employer.pk,
        "name": employer.name,
        "uscc": employer.uscc,
        "town": employer.town,
        "union": employer.union,
    }


def employer_validate(employer: Employer, context: rules.EmployerContext | None = None) -> None:
    """The employer rules (orgs.rules), shared by these services and the employer importer:
    normalizes the name and USCC, raises the first broken rule, sets the scope path."""
    employer.name = (employer.name or "").strip()
    employer.name_initials = name_initials(employer.name)  # the pickers search by it
    employer.uscc, _ = rules.clean_uscc(employer.uscc or "")
    if context is None:
        context = employer_rule_context([employer.uscc], [employer.union_id])
    problems = rules.employer_problems(_employer_row(employer), context)
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)
    employer.org_path = rules.employer_path(employer.union, employer.town)


def _employer_scope_check(actor: Any, employer: Employer) -> None:
    """Where the employer belongs (its union, else its town) must be the actor's."""
    ensure_visible(actor, employer.union if employer.union is not None else employer.town)


@transaction.atomic
def employer_create(*, actor: Any, **fields: Any) -> Employer:
    require(actor, "employers.edit")
    employer = Employer(**{k: v for k, v in fields.items() if k in EMPLOYER_FIELDS})
    employer_validate(employer)
    _employer_scope_check(actor, employer)
    employer.save()
    audit_record(
        actor=actor,
        action="orgs.employer.created",
        target=employer,
        data=snapshot(employer, EMPLOYER_COLUMNS),
    )
    return employer


@transaction.atomic
def employer_update(
    *, actor: Any, employer: Employer, version: int | None, **fields: Any
) -> Employer:
    def clean(locked: Employer) -> None:
        employer_validate(locked)
        _employer_scope_check(actor, locked)

    return edit(
        Employer,
        employer,
        actor=actor,
        version=version,
        changes=fields,
        editable=EMPLOYER_FIELDS,
        clean=clean,
        permission="employers.edit",
        action="orgs.employer.updated",
        audited=EMPLOYER_COLUMNS,
    )


# ---- terms (ORG-5) --------------------------------------------------------------------------


def term_end(starts_on: datetime.date, years: int) -> datetime.date:
    try:
        return starts_on.replace(year=starts_on.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + years, day=28)


def _term_start(
    org: Organization, *, term_years: int, starts_on: datetime.date, approval_doc_no: str
) -> Term:
    """The new current term; the previous current term ends. Who may is the caller's check:
    `term_from_election` (an approved re-election) or `term_record` (district staff)."""
    if term_years not in (3, 5):
        raise ApplicationError("基层工会委员会每届任期为3年或5年。", field="term_years")
    previous = Term.objects.select_for_update().filter(organization=org, is_current=True).first()
    if previous and starts_on <= previous.starts_on:
        raise ApplicationError("新一届任期的开始日期应晚于上一届。", field="starts_on")
    if previous:
        Term.objects.filter(pk=previous.pk).update(is_current=False)
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        term_years=term_years,
        starts_on=starts_on,
        ends_on=term_end(starts_on, term_years),
        approval_doc_no=approval_doc_no,
        number=(previous.number + 1) if previous else 1,
    )


def _term_data(term: Term) -> dict[str, Any]:
    return {
        "starts_on": str(term.starts_on),
        "ends_on": str(term.ends_on),
        "years": term.term_years,
    }


@transaction.atomic
def term_from_election(*, actor: Any, election: Election) -> Term:
    """The term an approved re-election starts (ORG-5): the way a union's term is made.

    Called by `elections.election_approve` in the approval's transaction, after the
    transition (which checked who may approve) moved the election to 上级已批复."""
    ensure_visible(actor, election)
    if election.state != ElectionState.APPROVED:
        raise ApplicationError("只有上级已批复的换届才能产生新一届任期。")
    term = _term_start(
        election.organization,
        term_years=election.term_years,
        starts_on=election.elected_on,
        approval_doc_no=election.approval_doc_no,
    )
    audit_record(
        actor=actor,
        action="orgs.term.elected",
        target=term,
        data={"election": election.pk, **_term_data(term)},
    )
    return term


@transaction.atomic
def term_record(
    *,
    actor: Any,
    org: Organization,
    term_years: int,
    starts_on: datetime.date,
    reason: str,
    approval_doc_no: str = "",
) -> Term:
    """A term recorded directly, without an election in the system: district staff only
    (`orgs.record_term`), with the reason audited — old paper records, a correction.

    Issue #10: a chair registered a new term himself and skipped the upper union's approval,
    which is the point of a re-election (Art. 12); a union's term is otherwise only made by
    its approved election (`term_from_election`).
    """
    ensure_visible(actor, org, "orgs.record_term")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "请填写直接登记任期的原因（例如：补录纸质档案中的换届结果）。", field="reason"
        )
    pending = org.elections.filter(state__in=[ElectionState.PREPARING, ElectionState.ELECTED])
    if election := pending.first():
        raise ApplicationError(
            f"该工会有进行中的换届（{election.get_state_display()}），"
            "新一届任期应由上级批复换届结果产生，不能直接登记。"
        )
    term = _term_start(
        org, term_years=term_years, starts_on=starts_on, approval_doc_no=approval_doc_no.strip()
    )
    audit_record(
        actor=actor,
        action="orgs.term.recorded",
        target=term,
        data={"reason": reason, "approval_doc_no": term.approval_doc_no, **_term_data(term)},
    )
    return term
