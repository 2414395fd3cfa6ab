"""Staff pages for 会籍接转: list, request (either side), detail.

Approve, reject and cancel are the generic workflow action (`core.workflow_views`, mounted in
urls.py); the detail page shows the buttons the user may press (the `allowed` guards).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.ids import normalize_code
from gonghui.core.views_utils import paginate, query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions

from .. import queries, services
from ..forms import TransferFilterForm, TransferInForm, TransferOutForm
from ..workflow import TRANSFER_WORKFLOW


@login_required
def transfer_list(request):
    require(request.user, "members.view")
    filter_form = TransferFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    qs = queries.transfer_list(user=request.user, filters=filters)
    return render(
        request,
        "members/transfer_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "decide": bool(filters.get("decide")),  # the home page's to-do: waiting for me
            "section": "transfers",
        },
    )


def _request(form, actor, member, to_union, to_employer, reason):
    return run_service(
        form,
        lambda: services.transfer_request(
            actor=actor, member=member, to_union=to_union, to_employer=to_employer, reason=reason
        ),
    )


@login_required
def transfer_out(request, pk: int):
    """The sending side picks one of its members and names the receiving union."""
    member = queries.member_get(user=request.user, pk=pk)
    require(request.user, "members.transfer")
    form = TransferOutForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        to_union = form.cleaned_data["to_union"]
        if transfer := _request(
            form, request.user, member, to_union, None, form.cleaned_data["reason"]
        ):
            messages.success(request, "已提出会籍接转申请，等待转入工会审批。")
            return redirect("members:transfer_detail", transfer.pk)
    return render(
        request,
        "members/transfer_form.html",
        {"form": form, "member": member, "title": "会籍转出", "section": "transfers"},
    )


@login_required
def transfer_in(request):
    """The receiving side names a member of another union by full RIC."""
    require(request.user, "members.transfer")
    form = TransferInForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = queries.member_by_ric(normalize_code(data["ric"]))
        if member is None:
            form.add_error("ric", "没有该身份证号的会员；新入会请直接新增会员。")
        elif transfer := _request(
            form, request.user, member, data["to_union"], data["to_employer"], data["reason"]
        ):
            messages.success(request, "已提出会籍接转申请，等待转出工会审批。")
            return redirect("members:transfer_detail", transfer.pk)
    return render(
        request,
        "members/transfer_form.html",
        {"form": form, "title": "会籍转入", "section": "transfers"},
    )


@login_required
def transfer_detail(request, pk: int):
    transfer = queries.transfer_get(user=request.user, pk=pk)
    actions = workflow_actions(
        TRANSFER_WORKFLOW, transfer, request.user, "members:transfer_transition"
    )
    return render(
        request,
        "members/transfer_detail.html",
        {
            "transfer": transfer,
            "events": TRANSFER_WORKFLOW.events(transfer),
            "actions": actions,
            "section": "transfers",
        },
    )
