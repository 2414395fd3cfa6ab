"""The pickers' JSON endpoints for organizations and employers (issue #10; core.suggest).

Each starts from `visible_to(user, action)`: the user's subtree, and nothing (403 first)
without the permission. At most 20 rows, each with where it sits (its parent, its town).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from gonghui.core.suggest import Suggestion, matching, query_text, suggestions
from gonghui.core.views_utils import require

from ..choices import OrgKind
from ..models import Employer, Organization

SEARCH = {"code_field": "uscc", "initials_field": "name_initials"}


def _organizations(request: HttpRequest, **filters) -> JsonResponse:
    require(request.user, "orgs.view")
    rows = Organization.objects.visible_to(request.user, "orgs.view").filter(**filters)
    found = matching(rows, query_text(request), **SEARCH).select_related("parent")
    return suggestions(
        Suggestion(o.pk, o.name, o.parent.name if o.parent else "", o.uscc or "")
        for o in found[:20]
    )


@login_required
def unions(request: HttpRequest) -> JsonResponse:
    """Active grassroots unions: where members, employers and imports go."""
    return _organizations(request, kind=OrgKind.GRASSROOTS, is_active=True)


@login_required
def organizations(request: HttpRequest) -> JsonResponse:
    """Every organization, of any kind (an account's organization)."""
    return _organizations(request)


@login_required
def employers(request: HttpRequest) -> JsonResponse:
    require(request.user, "employers.view")
    rows = Employer.objects.visible_to(request.user, "employers.view")
    found = matching(rows, query_text(request), **SEARCH).select_related("town", "union")
    return suggestions(Suggestion(e.pk, e.name, _where(e), e.uscc) for e in found[:20])


def _where(employer: Employer) -> str:
    town = employer.town.name if employer.town_id else ""
    return f"{town} · {employer.union.name}" if employer.union_id else f"{town} · 未建会"
