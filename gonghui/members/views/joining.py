"""Staff queue of online joining applications (MEM-4): list, detail, approve, reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import form_errors_to_messages, paginate, query_without_page, require

from .. import queries, services
from ..choices import JoiningState
from ..forms import JoiningApproveForm, RejectForm


@login_required
def joining_list(request):
    require(request.user, "members.approve_joining")
    state = request.GET.get("state", JoiningState.SUBMITTED)
    qs = queries.joining_list(user=request.user, state=state)
    return render(
        request,
        "members/joining_list.html",
        {
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "state": state,
            "states": JoiningState.choices,
            "section": "joining",
        },
    )


@login_required
def joining_detail(request, pk: int):
    application = queries.joining_get(user=request.user, pk=pk)
    require(request.user, "members.approve_joining")
    initial = {"version": application.version}
    return render(
        request,
        "members/joining_detail.html",
        {
            "application": application,
            "events": services.JOINING_WORKFLOW.events(application),
            "approve_form": JoiningApproveForm(initial=initial, user=request.user),
            "reject_form": RejectForm(initial=initial),
            "section": "joining",
        },
    )


def _decide(request, pk: int, form, call):
    application = queries.joining_get(user=request.user, pk=pk)
    require(request.user, "members.approve_joining")
    try:
        done = form.is_valid() and call(application, form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        done = None
    if done:
        messages.success(request, f"申请{done.number}{done.get_state_display()}。")
    else:
        form_errors_to_messages(request, form)
    return redirect("members:joining_detail", application.pk)


@login_required
@require_POST
def joining_approve(request, pk: int):
    return _decide(
        request,
        pk,
        JoiningApproveForm(request.POST, user=request.user),
        lambda a, d: services.joining_approve(
            actor=request.user, application=a, version=d["version"], union=d["union"]
        ),
    )


@login_required
@require_POST
def joining_reject(request, pk: int):
    return _decide(
        request,
        pk,
        RejectForm(request.POST),
        lambda a, d: services.joining_reject(
            actor=request.user, application=a, version=d["version"], reason=d["reason"]
        ),
    )
