"""The transfer-out picker's JSON endpoint (issue #10; core.suggest).

The receiving union may be any active union of the district, but the district's unions are
not listed: a partial name or initials find the user's own unions only; another town's
union is suggested only when its full name or USCC is typed (as the form accepts it), and
offered by that name or code, not by an id the form would look up in the user's scope.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse

from gonghui.core.ids import normalize_code
from gonghui.core.suggest import SUGGEST_LIMIT, Suggestion, matching, query_text, suggestions
from gonghui.core.views_utils import require
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

UNIONS = {"kind": OrgKind.GRASSROOTS, "is_active": True}


@login_required
def transfer_unions(request: HttpRequest) -> JsonResponse:
    require(request.user, "members.transfer")
    q = query_text(request)
    own = Organization.objects.visible_to(request.user, "members.transfer").filter(**UNIONS)
    found = list(
        matching(own, q, initials_field="name_initials").select_related("parent")[:SUGGEST_LIMIT]
    )
    named = (
        Organization.objects.filter(**UNIONS)
        .filter(Q(name=q) | Q(uscc=normalize_code(q)))
        .exclude(pk__in=[o.pk for o in found])
        .select_related("parent")[:SUGGEST_LIMIT]
        if q
        else []
    )
    return suggestions(
        [Suggestion(o.pk, o.name, o.parent.name if o.parent else "", o.uscc or "") for o in found]
        + [
            Suggestion(o.uscc or o.name, o.name, o.parent.name if o.parent else "", o.uscc or "")
            for o in named
        ]
    )
