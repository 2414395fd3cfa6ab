"""Writes of the reports app: targets (REPORT-2, issue #13). Figures are never written: they
are computed from records (core.indicators)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core.actors import actor_kind, actor_label, actor_user
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.edit import check_version, edit
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.indicators import Indicator, Kind, UnknownIndicator, indicator
from gonghui.core.locks import hold
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .models import Comparison, Target
from .queries import YEAR_MAX, YEAR_MIN

SET = "reports.targets.set"
AUDITED = ["code", "year", "organization_id", "value", "comparison", "note"]
GONE = "该目标已被他人删除，请刷新页面后重新设定。"


def target_settable(actor: Any, organization: Organization) -> bool:
    """The level rule: the district sets targets for itself and for any organization under
    it; any other organization (a town) only for those strictly under it (its grassroots
    unions), never for itself or above. The pages ask it to offer the forms."""
    own = getattr(actor, "organization", None)
    if own is None or not actor.can(SET):
        return False
    if not organization.path.startswith(own.path):
        return False
    return own.kind == OrgKind.DISTRICT or organization.pk != own.pk


def _check_level(actor: Any, organization: Organization) -> None:
    if not target_settable(actor, organization):
        raise PermissionDenied(
            f"不能设定「{organization.name}」的目标：区总工会设定本级和下级组织的目标，"
            "镇街工会只能设定其下基层工会的目标。",
            field="organization",
        )


def _registered(actor: Any, code: str) -> Indicator:
    try:
        found = indicator(code)
    except UnknownIndicator as exc:
        raise ApplicationError(f"指标：没有代码为「{code}」的指标。", field="code") from exc
    if not actor.can(found.permission):
        raise PermissionDenied(f"您无权查看指标「{found.title}」，不能为其设定目标。", field="code")
    return found


def _clean_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(f"年度应为{YEAR_MIN}–{YEAR_MAX}之间的年份。", field="year")
    return year


def _clean_value(ind: Indicator, value: Any) -> Decimal:
    """A rate's target is a percentage (0–100); a count's a whole number; nothing negative."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ApplicationError("目标值应为数字，例如 80。", field="value")
    if number < 0:
        raise ApplicationError("目标值不能为负数。", field="value")
    if ind.kind == Kind.RATE and number > 100:
        raise ApplicationError(
            f"「{ind.title}」是比率，目标值为百分数，应在0–100之间。", field="value"
        )
    counted = ind.kind != Kind.RATE and ind.measure is not None and ind.measure.value is None
    if counted and number != number.to_integral_value():
        raise ApplicationError(f"「{ind.title}」以{ind.unit}计，目标值应为整数。", field="value")
    if number.as_tuple().exponent < -2:
        raise ApplicationError("目标值最多保留两位小数。", field="value")
    return number


def _clean_comparison(comparison: Any) -> str:
    if comparison not in Comparison.values:
        raise ApplicationError("要求应为「不低于」或「不高于」。", field="comparison")
    return comparison


def _setter(actor: Any) -> dict[str, Any]:
    return {
        "set_by": actor_user(actor),
        "set_by_kind": actor_kind(actor),
        "set_by_name": actor_label(actor),
        "set_at": timezone.now(),
    }


def target_set(
    *,
    actor: Any,
    code: str,
    year: int,
    organization: Organization,
    value: Any,
    comparison: str = Comparison.AT_LEAST,
    note: str = "",
    version: int | None = None,
) -> Target:
    """Set the organization's target for the indicator and year: a new row, or a change of
    the one there is (optimistic lock with `version`, the version the person read)."""
    require(actor, SET)
    ensure_visible(actor, organization)  # out of scope: 404, as if it did not exist
    _check_level(actor, organization)
    ind = _registered(actor, code)
    fields = {
        "value": _clean_value(ind, value),
        "comparison": _clean_comparison(comparison),
        "note": (note or "").strip(),
    }
    year = _clean_year(year)
    with transaction.atomic():
        # one row per (code, year, organization): two people setting it at once queue here
        hold(f"reports.target:{code}:{year}:{organization.pk}")
        found = Target.objects.filter(code=code, year=year, organization=organization).first()
        if found is None:
            if version is not None:
                raise ConflictError(GONE)
            return _create(actor, code=code, year=year, organization=organization, **fields)
        return edit(
            Target,
            found,
            actor=actor,
            version=version,
            changes={**fields, **_setter(actor)},
            editable=[*fields, "set_by", "set_by_kind", "set_by_name", "set_at"],
            action="reports.target.changed",
            permission=SET,
            audited=AUDITED,
        )


def _create(actor: Any, *, organization: Organization, **fields: Any) -> Target:
    target = Target(organization=organization, org_path=organization.path, **fields)
    for name, value in _setter(actor).items():
        setattr(target, name, value)
    target.save()
    audit_record(
        actor=actor, action="reports.target.set", target=target, data=snapshot(target, AUDITED)
    )
    return target


@transaction.atomic
def target_remove(*, actor: Any, target: Target, version: int | None = None) -> None:
    """Remove a target (the level rule as for setting it); the audit entry keeps what it was."""
    locked = lock(Target, actor, target.pk, SET)
    _check_level(actor, locked.organization)
    check_version(locked, version)
    audit_record(
        actor=actor,
        action="reports.target.removed",
        target=locked,
        data=snapshot(locked, AUDITED),
    )
    locked.delete()
