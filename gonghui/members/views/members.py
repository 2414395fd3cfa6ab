"""Staff pages for members: list, export, detail with reveal and history, create/edit.

The status steps (retain, leave, restore) are the generic workflow action
(`core.workflow_views`, mounted in urls.py); the detail page shows their buttons.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.errors import ApplicationError
from gonghui.core.ids import ric_address_warning
from gonghui.core.registry import rendered_detail_panels
from gonghui.core.views_utils import paginate, query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions

from .. import queries, services
from ..forms import IdentitySearchForm, MemberFilterForm, MemberForm
from ..workflow import MEMBER_WORKFLOW


@login_required
def member_list(request):
    require(request.user, "members.view")
    search = IdentitySearchForm(request.POST if request.method == "POST" else None)
    if search.is_valid():  # a whole number: on to the list by its hash (issue #12)
        params = request.GET.copy()
        for key in ("page", "ric_hash", "phone_hash"):
            params.pop(key, None)
        params.update(search.hashes())
        return redirect(f"{request.path}?{params.urlencode()}")
    filter_form = MemberFilterForm(request.GET or None, user=request.user)
    qs = queries.member_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "members/member_list.html",
        {
            "filter_form": filter_form,
            "search": search,
            "by_whole_number": bool(request.GET.get("ric_hash") or request.GET.get("phone_hash")),
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "members",
        },
    )


def _detail(request, member, identity=None):
    user = request.user
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "identity": identity,
            "transfers": member.transfers.select_related("from_union", "to_union"),
            "actions": workflow_actions(MEMBER_WORKFLOW, member, user, "members:member_transition"),
            "events": queries.member_events(member=member),
            "history": queries.member_history(member=member),
            "source_run": queries.member_source_run(user=user, member=member),
            "detail_panels": rendered_detail_panels("members.Member", member, user),
            "section": "members",
        },
    )


@login_required
def member_detail(request, pk: int):
    return _detail(request, queries.member_get(user=request.user, pk=pk))


@login_required
@require_POST
def member_reveal(request, pk: int):
    """Shows the full RIC and phone on this one response; the look is audited."""
    member = queries.member_get(user=request.user, pk=pk)
    try:
        identity = services.member_reveal_identity(actor=request.user, member=member)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("members:member_detail", member.pk)
    return _detail(request, member, identity)


def _data(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    for key in ("ric", "phone"):  # on edit, blank means "unchanged": never prefilled in clear
        if key in data and not data[key] and "union" not in form.fields:
            del data[key]
    return data


def _warn_of_ric(request, number: str) -> None:
    """A RIC whose address code was not in use in its birth year is valid (issue #10) but
    worth a second look: said once, when the number is typed in."""
    warning = ric_address_warning(number)
    if warning:
        messages.warning(request, warning)


@login_required
def member_create(request):
    require(request.user, "members.edit")
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        member = run_service(
            form,
            lambda: services.member_create(
                actor=request.user, union=data.pop("union"), ric=data.pop("ric"), **data
            ),
        )
        if member:
            messages.success(request, f"已新增会员「{member.name}」。")
            _warn_of_ric(request, member.ric)
            return redirect("members:member_detail", member.pk)
    return render(request, "members/member_form.html", {"form": form, "section": "members"})


@login_required
def member_edit(request, pk: int):
    member = queries.member_get(user=request.user, pk=pk)
    require(request.user, "members.edit")
    initial = {f: getattr(member, f) for f in services.MEMBER_FIELDS if f != "employer"}
    initial |= {
        "employer": member.employer.name if member.employer else "",
        "version": member.version,
    }
    form = MemberForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        saved = run_service(
            form,
            lambda: services.member_update(
                actor=request.user, member=member, version=form.cleaned_data["version"], **data
            ),
        )
        if saved:
            messages.success(request, "已保存。")
            if data.get("ric"):
                _warn_of_ric(request, saved.ric)
            return redirect("members:member_detail", member.pk)
    return render(
        request, "members/member_form.html", {"form": form, "member": member, "section": "members"}
    )
