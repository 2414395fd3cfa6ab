"""Data scope and permission (PLAT-1): the one place that decides which rows a user may see.

Every scoped row carries the materialized path of its organization (`org_path`, or the
fields a model names in SCOPE_FIELDS; a row of two organizations, such as a transfer, names
both). A user sees the rows whose path starts with the path of their organization, and
only for the actions their role has:

- `Model.objects.visible_to(user, action)`: the rows; none without the permission, so an
  aggregate over it is empty too.
- `access(model, user, pk, action)`: one row; 403 without the permission (whatever the pk),
  404 alike for "missing" and "not yours".
- `ensure_visible(user, obj, action)`: the same for a row already in hand (services).

Roles narrower than their organization's subtree (a station lawyer) are listed in the
registry's `rule_only_roles` by the app that defines roles, and see a model only through a
rule registered with `register_role_rule` by the app that owns the model.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models import Q
from django.http import Http404

from .errors import ApplicationError
from .permissions import require
from .registry import registry
from .storable import id_in_range

M = TypeVar("M", bound=models.Model)
RoleRule = Callable[[models.QuerySet, Any], models.QuerySet]
NOT_FOUND = "未找到该记录。"


def register_role_rule(model: type[models.Model], role: str, rule: RoleRule) -> None:
    registry["role_rules"][(model._meta.label_lower, str(role))] = rule


def register_rule_only_roles(*roles: str) -> None:
    registry["rule_only_roles"].update(str(r) for r in roles)


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


def covers(user: Any, path: str) -> bool:
    """Whether `path` lies in the user's subtree (to word a message, never to fetch rows)."""
    scope = user_scope_path(user)
    return scope is not None and path.startswith(scope)


def _prefix(field: str, path: str, vendor: str) -> Q:
    condition = Q(**{f"{field}__startswith": path})
    if vendor == "sqlite" and path.count("/") > 2:
        # SQLite never serves LIKE from an index; the same prefix as a range it does
        # (a chair's members: 16 s -> 0.01 s among 1,000,000). Paths are digits and "/",
        # so everything under "/1/5/" sorts in ["/1/5/", "/1/50"). The district root
        # matches every row, where a range would only cost.
        condition &= Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
    return condition


def _is_root_path(path: str) -> bool:
    return path.count("/") == 2  # "/1/": one segment, a root of the tree


@functools.cache
def _always_pathed(model: type[models.Model], fields: tuple[str, ...]) -> bool:
    """Whether every row of `model` has a path in one of `fields`: a path field that is
    neither null nor blank, reached through foreign keys that are never null. An audit
    entry (blank path: a failed login) or a user without an organization has none, so the
    district root still sees them only through the condition."""
    for field in fields:
        current, whole = model, True
        *hops, last = field.split("__")
        for hop in hops:
            relation = current._meta.get_field(hop)
            if relation.null:
                whole = False
                break
            current = relation.related_model
        if whole:
            column = current._meta.get_field(last)
            if not column.null and not column.blank:
                return True
    return False


def scope_covers_everything(user: Any) -> bool:
    """Whether the user's scope is the whole tree: their organization is its only root (the
    district federation), so every scoped row's path starts with theirs.

    Then `visible_to` sends no scope condition: a condition true of every row still steers
    the planner, which picked the `(org_path, name)` index over the name index for the
    admin's member search (p99 1.8-2.5 s on PostgreSQL; 96 -> 353 ms on SQLite). Asked once
    per user object (a request's), as a range on the unique path index: is any organization
    outside this subtree? Core knows no organization model but the one a user belongs to.
    """
    path = user_scope_path(user)
    if path is None or not _is_root_path(path):
        return False
    memo = user.__dict__.setdefault("_scope_covers_everything", {})
    if path not in memo:
        outside = Q(path__lt=path) | Q(path__gte=path[:-1] + "0")
        others = type(user.organization)._default_manager.filter(outside)
        memo[path] = not others.exists()
    return memo[path]


class ScopedQuerySet(models.QuerySet):
    """QuerySet with `visible_to(user, action)`; models set SCOPE_FIELDS when not `org_path`."""

    def _scope_fields(self) -> tuple[str, ...]:
        return getattr(self.model, "SCOPE_FIELDS", ("org_path",))

    def _prefix(self, path: str) -> "ScopedQuerySet":
        vendor = connections[self.db].vendor
        condition = Q()
        for field in self._scope_fields():
            condition |= _prefix(field, path, vendor)
        return self.filter(condition)

    def visible_to(self, user: Any, action: str | None = None) -> "ScopedQuerySet":
        """The rows `user` may see; with `action`, none unless the role has it."""
        if action is not None and (user is None or not user.can(action)):
            return self.none()
        path = user_scope_path(user)
        if path is None:
            return self.none()
        # the whole tree: no condition (see scope_covers_everything); `.all()` keeps the
        # queryset a copy, as `filter` would
        everything = _always_pathed(self.model, self._scope_fields()) and (
            scope_covers_everything(user)
        )
        qs = self.all() if everything else self._prefix(path)
        rule = registry["role_rules"].get((self.model._meta.label_lower, user.role))
        if rule is not None:
            return rule(qs, user)
        if user.role in registry["rule_only_roles"]:
            return qs.none()
        return qs

    def within(self, path: str) -> "ScopedQuerySet":
        """Rows of the subtree at `path` (a filter, not a permission)."""
        return self._prefix(path)


def scoped(
    model_or_qs: type[M] | models.QuerySet, user: Any, action: str | None = None
) -> models.QuerySet:
    qs = (
        model_or_qs
        if isinstance(model_or_qs, models.QuerySet)
        else model_or_qs._default_manager.all()
    )
    return qs.visible_to(user, action)


class NotInScope(ApplicationError):
    """A row named in a request's body (`union_id`) that is missing or out of scope."""

    status = 404


def access(
    model_or_qs: type[M] | models.QuerySet,
    user: Any,
    pk: Any,
    action: str | None = None,
    *,
    field: str | None = None,
) -> M:
    """The row with `pk` if `user` may see it (and, with `action`, do it).

    Without the permission: 403, whatever the pk (so it tells nothing of the row). Missing
    and out of scope: 404 alike; with `field` (an id given in a body) the 404 names it.
    """
    if action is not None:
        require(user, action)
    try:
        if not id_in_range(pk):  # 10**22 is no row's id (SQLite raised OverflowError on it)
            raise models.ObjectDoesNotExist(pk)
        return scoped(model_or_qs, user).get(pk=pk)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        if field is not None:
            message = f"{field} 所指的记录不存在或不在您的管理范围内。"
            raise NotInScope(message, field=field) from exc
        raise Http404(NOT_FOUND) from exc


def ensure_visible(user: Any, obj: models.Model, action: str | None = None) -> None:
    """For a row a service was handed: 403 without `action`, 404 when out of scope.

    An EXISTS, not the row again: every write runs this, and loading a whole case (its
    encrypted fields decrypted) a second time was a fifth of a case note's time."""
    if action is not None:
        require(user, action)
    if not id_in_range(obj.pk) or not scoped(type(obj), user).filter(pk=obj.pk).exists():
        raise Http404(NOT_FOUND)


def lock(model: type[M], user: Any, pk: Any, action: str | None = None) -> M:
    """`access` with the row locked for update (inside the caller's transaction)."""
    return access(model._default_manager.select_for_update(of=("self",)), user, pk, action)
