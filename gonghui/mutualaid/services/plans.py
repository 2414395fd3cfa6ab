"""Writes of plan years (CARE-3): create one with its benefit items and listed diseases, edit
it, copy it to the next year, open and close its enrollment (the plan workflow).

A claim is computed by its own plan year's rows and keeps its calculation (ClaimBenefit), and
the rows a committed claim (approved, paid, payment failed) was computed by never change:
once a year has one, its figures, items and diseases are frozen (name, note and the demo
label may still change; opening and closing still work). Next year is a copy with its own
rows, so editing it never touches this year's.

Every write needs `mutualaid.plans.manage` (district staff), is scoped through `core.scope`
and audited; a plan year's own rows (items, diseases) are changed under a lock on it and bump
its version, so a page read before the change gets the conflict message.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.audit import audit_record, diff, snapshot
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError
from gonghui.core.money import parse_money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import BenefitKind, PlanState
from ..models import BenefitItem, Claim, ClaimBenefit, CriticalDisease, PlanYear
from ..queries.plans import committed_claims
from ..rules import plans as rules
from ..workflow import PLAN_WORKFLOW

MANAGE = "mutualaid.plans.manage"
VIEW = "mutualaid.view"

PLAN_FIELDS = (
    "year",
    "name",
    "starts_on",
    "ends_on",
    "enroll_closes_on",
    "contribution",
    "age_limit_male",
    "age_limit_female",
    "waiting_days",
    "claim_window_days",
    "counted_when",
    "is_demo",
    "note",
)
ITEM_FIELDS = ("name", *rules.ITEM_FIGURES)
# What a copy takes over from its source (the year, name and period are moved on).
COPIED_FIELDS = tuple(f for f in PLAN_FIELDS if f not in ("year", "name", "starts_on", "ends_on"))

ItemsIn = dict[str, dict[str, Any] | None]


def _raise_first(problems: list[rules.Problem]) -> None:
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)


def _organizer(actor: Any) -> Organization:
    organization = getattr(actor, "organization", None)
    if organization is None or organization.kind != OrgKind.DISTRICT:
        raise ApplicationError("医疗互助计划年度由区总工会设置。")
    return organization


def _refuse_if_frozen(plan: PlanYear) -> None:
    if committed := committed_claims(plan):
        raise ApplicationError(rules.frozen_message(committed))


# ---- the plan year's own values --------------------------------------------------------------


def _money_or_none(value: Any, field: str) -> Any:
    return None if value in (None, "") else parse_money(value, field=field)


def _clean_plan(plan: PlanYear) -> None:
    """The plan year's rules, one year per calendar year, and periods that never overlap
    (`queries.plans.plan_for_day` finds one year for a day)."""
    plan.contribution = _money_or_none(plan.contribution, "contribution")
    plan.name = (plan.name or "").strip()
    _raise_first(rules.plan_problems(plan))
    others = PlanYear.objects.exclude(pk=plan.pk) if plan.pk else PlanYear.objects.all()
    same_year = others.filter(year=plan.year).first()
    if same_year is not None:
        raise ApplicationError(
            f"{plan.year}年度已有计划「{same_year}」，每年只能有一个计划年度。", field="year"
        )
    overlapping = (
        others.filter(starts_on__lte=plan.ends_on, ends_on__gte=plan.starts_on)
        .order_by("starts_on")
        .first()
    )
    if overlapping is not None:
        message = rules.overlap_message(
            overlapping.year, overlapping.starts_on, overlapping.ends_on
        )
        raise ApplicationError(message, field="starts_on")


def _save_new(plan: PlanYear) -> None:
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # the same year saved at the same moment
        raise ApplicationError(f"{plan.year}年度已有计划。", field="year") from exc


def _plan_audit_fields() -> list[str]:
    return [*PLAN_FIELDS, "state", "previous_id"]


# ---- benefit items and diseases --------------------------------------------------------------


def _ratio(value: Any, kind: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as exc:
        raise ApplicationError("资助比例应为数字。", field=f"{kind}_ratio") from exc


def item_values(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """An item's values from what a page or the API gave: money parsed, the figures a kind's
    formula does not use cleared (critical illness: only the listed lump sums and a yearly
    cap), the rules checked. Fields not given keep the kind's defaults."""
    if kind not in BenefitKind.values:
        raise ApplicationError(f"互助项目「{kind}」不正确。", field="items")
    unknown = set(given) - {*ITEM_FIELDS, "diseases"}
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")
    values = rules.item_defaults(kind) | {k: v for k, v in given.items() if k != "diseases"}
    values["name"] = (values["name"] or "").strip()
    values["deductible"] = parse_money(values["deductible"] or 0, field=f"{kind}_deductible")
    for name in ("per_claim_cap", "yearly_cap"):
        values[name] = _money_or_none(values[name], f"{kind}_{name}")
    values["ratio"] = _ratio(values["ratio"], kind)
    values["waiting_applies"] = bool(values["waiting_applies"])
    if kind == BenefitKind.CRITICAL:
        values.update(deductible=Decimal("0.00"), ratio=Decimal(0), per_claim_cap=None)
    _raise_first(rules.item_problems(kind, SimpleNamespace(**values)))
    return values


def _item_changes(item: BenefitItem, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(item, k) != v}


def _audit_item(actor: Any, plan: PlanYear, item: BenefitItem, action: str, data: dict) -> None:
    audit_record(actor=actor, action=action, target=item, org_path=plan.org_path, data=data)


def _item_create(actor: Any, plan: PlanYear, kind: str, values: dict[str, Any]) -> BenefitItem:
    item = BenefitItem.objects.create(plan=plan, kind=kind, order=rules.KIND_ORDER[kind], **values)
    _audit_item(
        actor, plan, item, "mutualaid.benefit_item.created", snapshot(item, ["kind", *ITEM_FIELDS])
    )
    return item


def _item_remove(actor: Any, plan: PlanYear, item: BenefitItem) -> None:
    if (
        ClaimBenefit.objects.filter(item=item).exists()
        or Claim.objects.filter(disease__item=item).exists()
    ):
        raise ApplicationError(
            f"「{item.name}」已用于互助金申请的计算，不能删除（可将其金额改为 0）。",
            field=f"{item.kind}_included",
        )
    _audit_item(
        actor, plan, item, "mutualaid.benefit_item.removed", snapshot(item, ["kind", *ITEM_FIELDS])
    )
    item.delete()


def _disease_in_use(disease: CriticalDisease) -> None:
    if Claim.objects.filter(disease=disease).exists():
        raise ApplicationError(
            f"已有互助金申请选了病种「{disease.name}」，不能删除。", field="disease_name"
        )


def _check_disease(item: BenefitItem, name: str, code: str, amount: Any, exclude: int | None):
    others = [d for d in item.diseases.all() if d.pk != exclude]
    problems = rules.disease_problems(
        name, code, amount, names={d.name for d in others}, codes={d.code for d in others}
    )
    _raise_first(problems)


def _free_code(item: BenefitItem) -> str:
    taken = set(item.diseases.values_list("code", flat=True))
    n = len(taken) + 1
    while f"d{n}" in taken:
        n += 1
    return f"d{n}"


def _disease_add(actor: Any, plan: PlanYear, item: BenefitItem, values: dict) -> CriticalDisease:
    name, code = (values.get("name") or "").strip(), (values.get("code") or "").strip()
    amount = parse_money(values.get("amount"), field="disease_amount")
    _check_disease(item, name, code, amount, None)
    disease = CriticalDisease.objects.create(
        item=item, code=code or _free_code(item), name=name, amount=amount
    )
    audit_record(
        actor=actor,
        action="mutualaid.disease.added",
        target=disease,
        org_path=plan.org_path,
        data=snapshot(disease, ["code", "name", "amount"]),
    )
    return disease


def _disease_update(actor: Any, plan: PlanYear, disease: CriticalDisease, values: dict) -> None:
    name = (values.get("name") or "").strip()
    amount = parse_money(values.get("amount"), field="disease_amount")
    _check_disease(disease.item, name, disease.code, amount, disease.pk)
    before = snapshot(disease, ["name", "amount"])
    disease.name, disease.amount = name, amount
    after = snapshot(disease, ["name", "amount"])
    if before != after:
        disease.save(update_fields=["name", "amount", "updated_at"])
        audit_record(
            actor=actor,
            action="mutualaid.disease.updated",
            target=disease,
            org_path=plan.org_path,
            data=diff(before, after),
        )


def _disease_remove(actor: Any, plan: PlanYear, disease: CriticalDisease) -> None:
    _disease_in_use(disease)
    audit_record(
        actor=actor,
        action="mutualaid.disease.removed",
        target=disease,
        org_path=plan.org_path,
        data=snapshot(disease, ["code", "name", "amount"]),
    )
    disease.delete()


def _match(given: dict, diseases: list[CriticalDisease]) -> CriticalDisease | None:
    code, name = (given.get("code") or "").strip(), (given.get("name") or "").strip()
    for disease in diseases:
        if (code and disease.code == code) or (not code and disease.name == name):
            return disease
    return None


def _disease_ops(item: BenefitItem | None, given: list[dict] | None) -> list[tuple]:
    """What makes the item's diseases exactly `given` (None: leave them): matched by code,
    or by name when no code is given."""
    if given is None:
        return []
    current = list(item.diseases.all()) if item is not None else []
    ops: list[tuple] = []
    kept = set()
    for entry in given:
        found = _match(entry, current)
        if found is None:
            ops.append(("add", None, entry))
            continue
        kept.add(found.pk)
        if found.name != (entry.get("name") or "").strip() or found.amount != parse_money(
            entry.get("amount"), field="disease_amount"
        ):
            ops.append(("update", found, entry))
    ops += [("remove", d, None) for d in current if d.pk not in kept]
    return ops


def _apply_disease_ops(actor: Any, plan: PlanYear, item: BenefitItem, ops: list[tuple]) -> None:
    # Removals first, so a name or code given up can be taken by a new disease.
    for op, disease, _ in ops:
        if op == "remove":
            _disease_remove(actor, plan, disease)
    for op, disease, entry in ops:
        if op == "update":
            _disease_update(actor, plan, disease, entry)
        elif op == "add":
            _disease_add(actor, plan, item, entry)


def _items_plan(plan: PlanYear, items: ItemsIn) -> list[tuple]:
    """The changes that make the plan's items what `items` says (a kind left out: as is;
    None: no such item), as (kind, item or None, values or None, changes, disease ops)."""
    current = {i.kind: i for i in plan.items.prefetch_related("diseases")}
    steps = []
    for kind, given in items.items():
        item = current.get(kind)
        if given is None:
            if item is not None:
                steps.append((kind, item, None, {}, []))
            continue
        values = item_values(kind, given)
        if given.get("diseases") is not None and kind != BenefitKind.CRITICAL:
            raise ApplicationError("只有重大疾病互助可以列出病种。", field=f"{kind}_name")
        changes = _item_changes(item, values) if item is not None else values
        ops = _disease_ops(item, given.get("diseases"))
        if item is None or changes or ops:
            steps.append((kind, item, values, changes, ops))
    return steps


def _apply_items(actor: Any, plan: PlanYear, steps: list[tuple]) -> None:
    for kind, item, values, changes, ops in steps:
        if values is None:
            _item_remove(actor, plan, item)
            continue
        if item is None:
            item = _item_create(actor, plan, kind, values)
        elif changes:
            before = snapshot(item, list(changes))
            for name, value in changes.items():
                setattr(item, name, value)
            item.save(update_fields=[*changes, "updated_at"])
            _audit_item(
                actor,
                plan,
                item,
                "mutualaid.benefit_item.updated",
                diff(before, snapshot(item, list(changes))),
            )
        _apply_disease_ops(actor, plan, item, ops)


# ---- create, edit, copy ----------------------------------------------------------------------


def plan_create(*, actor: Any, items: ItemsIn | None = None, **fields: Any) -> PlanYear:
    """A new plan year (草拟) of the actor's district, with the items given: `items` maps a
    BenefitKind to its values (`name`, `deductible`, `ratio` 0–1, `per_claim_cap`,
    `yearly_cap`, `waiting_applies`, and for critical illness `diseases`: [{name, amount,
    code}])."""
    require(actor, MANAGE)
    organizer = _organizer(actor)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    with transaction.atomic():
        plan = PlanYear(organizer=organizer, org_path=organizer.path, created_by=actor, **fields)
        plan.state = PlanState.DRAFT
        _clean_plan(plan)
        steps = [
            (kind, None, item_values(kind, given), {}, _disease_ops(None, given.get("diseases")))
            for kind, given in (items or {}).items()
            if given is not None
        ]
        _save_new(plan)
        audit_record(
            actor=actor,
            action="mutualaid.plan.created",
            target=plan,
            data=snapshot(plan, _plan_audit_fields()),
        )
        _apply_items(actor, plan, steps)
        PLAN_WORKFLOW.record_start(plan, actor=actor)
    return plan


def _figure_changes(plan: PlanYear, changes: dict[str, Any]) -> list[str]:
    changed = []
    for name in rules.PLAN_FIGURES:
        if name not in changes:
            continue
        value = changes[name]
        if name == "contribution":
            value = _money_or_none(value, "contribution")
        if value != getattr(plan, name):
            changed.append(name)
    return changed


def plan_update(
    *,
    actor: Any,
    plan: PlanYear,
    version: int | None,
    items: ItemsIn | None = None,
    **changes: Any,
) -> PlanYear:
    """Edit a plan year and (with `items`, as in plan_create; a kind left out stays as it is,
    a kind given None is removed) its items. Refused when a figure would change and the year
    has a committed claim."""
    require(actor, MANAGE)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock(PlanYear, actor, plan.pk, MANAGE)
        check_version(locked, version)
        steps = _items_plan(locked, items or {})
        if _figure_changes(locked, changes) or steps:
            _refuse_if_frozen(locked)
        saved = edit(
            PlanYear,
            locked,
            actor=actor,
            version=version,
            permission=MANAGE,
            changes=changes,
            editable=PLAN_FIELDS,
            clean=_clean_plan,
            action="mutualaid.plan.updated",
        )
        _apply_items(actor, saved, steps)
    return saved


def _copy_items(source: PlanYear, copy: PlanYear) -> None:
    for item in source.items.prefetch_related("diseases"):
        new = BenefitItem.objects.create(
            plan=copy,
            kind=item.kind,
            order=item.order,
            **{name: getattr(item, name) for name in ITEM_FIELDS},
        )
        CriticalDisease.objects.bulk_create(
            CriticalDisease(item=new, code=d.code, name=d.name, amount=d.amount)
            for d in item.diseases.all()
        )


def plan_copy(*, actor: Any, plan: PlanYear, version: int | None = None) -> PlanYear:
    """The next year's plan (草拟): every figure, item and disease of `plan`, the period a year
    later, `previous` the source (so the enrollment part knows a renewal). Edit it after."""
    require(actor, MANAGE)
    with transaction.atomic():
        source = lock(PlanYear, actor, plan.pk, MANAGE)
        check_version(source, version)
        year = source.year + 1
        existing = PlanYear.objects.filter(year=year).first()
        if existing is not None:
            raise ApplicationError(
                f"{year}年度已有计划「{existing}」，不能再复制（可直接修改该年度）。",
                field="year",
            )
        copy = PlanYear(
            year=year,
            name=rules.next_name(source.name, source.year),
            starts_on=rules.shift_year(source.starts_on),
            ends_on=rules.shift_year(source.ends_on),
            organizer=source.organizer,
            org_path=source.org_path,
            previous=source,
            created_by=actor,
            state=PlanState.DRAFT,
            **{name: getattr(source, name) for name in COPIED_FIELDS},
        )
        if copy.enroll_closes_on is not None:
            copy.enroll_closes_on = rules.shift_year(copy.enroll_closes_on)
        _clean_plan(copy)
        _save_new(copy)
        _copy_items(source, copy)
        audit_record(
            actor=actor,
            action="mutualaid.plan.copied",
            target=copy,
            data={
                "from": source.pk,
                "from_year": source.year,
                **snapshot(copy, _plan_audit_fields()),
            },
        )
        PLAN_WORKFLOW.record_start(copy, actor=actor, note=f"由{source.year}年度复制")
    return copy


# ---- diseases one by one (the plan page) -----------------------------------------------------


def _on_critical_item(
    actor: Any, plan: PlanYear, version: int | None, change: Callable[[PlanYear, BenefitItem], Any]
) -> Any:
    """Run `change` on the plan's critical-illness item under a lock on the plan (frozen and
    version checked), then bump the plan's version."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock(PlanYear, actor, plan.pk, MANAGE)
        check_version(locked, version)
        _refuse_if_frozen(locked)
        item = locked.items.filter(kind=BenefitKind.CRITICAL).first()
        if item is None:
            raise ApplicationError(
                "本年度没有设重大疾病互助，请先在修改计划中加入该项目。", field="disease_name"
            )
        result = change(locked, item)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
    return result


def disease_add(
    *,
    actor: Any,
    plan: PlanYear,
    name: str,
    amount: Any,
    code: str = "",
    version: int | None = None,
) -> CriticalDisease:
    """List a disease under the plan year's critical-illness item, with its lump sum."""
    values = {"name": name, "amount": amount, "code": code}
    return _on_critical_item(
        actor, plan, version, lambda p, item: _disease_add(actor, p, item, values)
    )


def _own_disease(item: BenefitItem, disease: CriticalDisease) -> CriticalDisease:
    found = item.diseases.filter(pk=disease.pk).first()
    if found is None:
        raise ApplicationError("该病种不属于本年度。", field="disease_name")
    return found


def disease_update(
    *,
    actor: Any,
    plan: PlanYear,
    disease: CriticalDisease,
    name: str,
    amount: Any,
    version: int | None = None,
) -> CriticalDisease:
    def change(p: PlanYear, item: BenefitItem) -> CriticalDisease:
        own = _own_disease(item, disease)
        _disease_update(actor, p, own, {"name": name, "amount": amount})
        return own

    return _on_critical_item(actor, plan, version, change)


def disease_remove(
    *, actor: Any, plan: PlanYear, disease: CriticalDisease, version: int | None = None
) -> None:
    _on_critical_item(
        actor, plan, version, lambda p, item: _disease_remove(actor, p, _own_disease(item, disease))
    )


# ---- the plan workflow (workflow.PLAN_WORKFLOW) ----------------------------------------------


def plan_open(*, actor: Any, plan: PlanYear, version: int | None) -> PlanYear:
    """草拟 → 接受参保, once it has items (and critical illness its diseases)."""
    ensure_visible(actor, plan, MANAGE)
    with transaction.atomic():
        kinds = list(plan.items.values_list("kind", flat=True))
        diseases = CriticalDisease.objects.filter(item__plan=plan).count()
        if problems := rules.open_problems(kinds, diseases):
            raise ApplicationError(problems[0])
        return PLAN_WORKFLOW.transition(plan, "open", actor=actor, version=version)


def plan_close(*, actor: Any, plan: PlanYear, version: int | None) -> PlanYear:
    ensure_visible(actor, plan, MANAGE)
    return PLAN_WORKFLOW.transition(plan, "close", actor=actor, version=version)


def plan_reopen(*, actor: Any, plan: PlanYear, version: int | None) -> PlanYear:
    ensure_visible(actor, plan, MANAGE)
    return PLAN_WORKFLOW.transition(plan, "reopen", actor=actor, version=version)
