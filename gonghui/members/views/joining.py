"""Staff queue of online joining applications (MEM-4): list and detail.

Approve and reject are the generic workflow action (`core.workflow_views`, mounted in urls.py).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.core.views_utils import paginate, query_without_page, require
from gonghui.core.workflow_views import workflow_actions

from .. import queries
from ..choices import JoiningState
from ..forms import JoiningFilterForm
from ..workflow import JOINING_WORKFLOW


@login_required
def joining_list(request):
    require(request.user, "members.approve_joining")
    # The queue opens on what waits (审核中), also on its next pages; "全部状态" is `state=`.
    data = request.GET.copy()
    data.setdefault("state", JoiningState.SUBMITTED)
    filter_form = JoiningFilterForm(data, user=request.user)
    qs = queries.joining_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "members/joining_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "joining",
        },
    )


@login_required
def joining_detail(request, pk: int):
    application = queries.joining_get(user=request.user, pk=pk)
    actions = workflow_actions(
        JOINING_WORKFLOW, application, request.user, "members:joining_transition"
    )
    return render(
        request,
        "members/joining_detail.html",
        {
            "application": application,
            "events": JOINING_WORKFLOW.events(application),
            "checks": queries.joining_checks(user=request.user, application=application),
            "actions": actions,
            "section": "joining",
        },
    )
