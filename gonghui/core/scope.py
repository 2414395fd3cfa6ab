"""Data scope (PLAT-1): the one place that decides which rows a user may see.

Every scoped row carries the materialized path of its organization (`org_path`,
or `path` on Organization itself). A user sees the rows whose path starts with the
path of the organization they belong to. Roles whose work is narrower than their
organization's subtree (a station lawyer) get a rule registered here by the app
that owns the model; a role with no rule for a model sees none of it.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections, models
from django.http import Http404

M = TypeVar("M", bound=models.Model)
RoleRule = Callable[[models.QuerySet, Any], models.QuerySet]

# (model label, role) -> rule narrowing the queryset for that role.
_ROLE_RULES: dict[tuple[str, str], RoleRule] = {}
# Roles that see a model only through a registered rule (least privilege).
RULE_ONLY_ROLES: set[str] = {"lawyer"}


def register_role_rule(model: type[models.Model], role: str, rule: RoleRule) -> None:
    _ROLE_RULES[(model._meta.label_lower, role)] = rule


def user_scope_path(user: Any) -> str | None:
    """The path prefix of everything `user` may see, or None for nothing."""
    if user is None:
        return None
    if not user.is_authenticated:
        return None
    if not user.is_active:
        return None
    organization = getattr(user, "organization", None)
    if organization is None:
        return None
    return organization.path


class ScopedQuerySet(models.QuerySet):
    """QuerySet with `visible_to(user)`; models set SCOPE_FIELD when it isn't `org_path`."""

    def _scope_field(self) -> str:
        return getattr(self.model, "SCOPE_FIELD", "org_path")

    def _prefix(self, path: str) -> "ScopedQuerySet":
        field = self._scope_field()
        qs = self.filter(**{f"{field}__startswith": path})
        if connections[self.db].vendor == "sqlite" and path.count("/") > 2:
            # SQLite never serves LIKE from an index; the same prefix as a range it does
            # (a chair's members: 16 s -> 0.01 s among 1,000,000). Paths are digits and "/",
            # so everything under "/1/5/" sorts in ["/1/5/", "/1/50"). The district root
            # matches every row, where a range would only cost.
            qs = qs.filter(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
        return qs

    def visible_to(self, user: Any) -> "ScopedQuerySet":
        path = user_scope_path(user)
        if path is None:
            return self.none()
        qs = self._prefix(path)
        rule = _ROLE_RULES.get((self.model._meta.label_lower, user.role))
        if rule is not None:
            return rule(qs, user)
        if user.role in RULE_ONLY_ROLES:
            return qs.none()
        return qs

    def within(self, path: str) -> "ScopedQuerySet":
        """Rows of the subtree at `path` (a filter, not a permission)."""
        return self._prefix(path)


def scoped(model_or_qs: type[M] | models.QuerySet, user: Any) -> models.QuerySet:
    qs = (
        model_or_qs
        if isinstance(model_or_qs, models.QuerySet)
        else model_or_qs._default_manager.all()
    )
    return qs.visible_to(user)


def access(model_or_qs: type[M] | models.QuerySet, user: Any, pk: Any) -> M:
    """The row with `pk` if `user` may see it; 404 alike for missing and out of scope."""
    try:
        return scoped(model_or_qs, user).get(pk=pk)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录。") from exc
