"""The members app's picker endpoints (issue #10; core.suggest): members of the user's
scope (`members`, for every form that names a member: assistance, later domains), and the
transfer-out union (`transfer_unions`).


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

from ..models import Member

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


@login_required
def members(request: HttpRequest) -> JsonResponse:
    """Members of the user's scope by name, or the RIC's last 4 characters; each shown with their union and 尾号."""
    require(request.user, "members.view")
    q = query_text(request)
    rows = Member.objects.visible_to(request.user, "members.view")
    if q.isdigit() or (len(q) == 4 and q[:3].isdigit()):
        found = rows.filter(ric_last4=q.upper()).order_by("name", "pk")
    else:
        found = matching(rows, q, code_field=None)
    found = found.select_related("union")[:SUGGEST_LIMIT]
    return suggestions(Suggestion(m.pk, m.name, m.union.name, f"尾号{m.ric_last4}") for m in found)
