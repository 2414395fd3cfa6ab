"""Staff pages of honors (MERIT-1): rounds (list, new, detail with its nominees, the share
check with the shortfall, the notice's dates, objections and the round's actions),
nominations (new, list, detail with the workflow's buttons and history), objections
(recorded by channel, resolved), 荣誉名录 with its export, honors recorded without a round,
and the honor types with their shares. Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..choices import NominationState, RoundState
from ..forms import honors as forms
from ..models import HonorType
from ..queries import honors as queries
from ..services import honors as services
from ..workflow import NOMINATION_WORKFLOW, ROUND_WORKFLOW

VIEW = queries.VIEW


# ---- rounds ----------------------------------------------------------------------------------


@login_required
def round_list(request):
    require(request.user, VIEW)
    filter_form = forms.RoundFilterForm(request.GET or None, user=request.user)
    qs = queries.round_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/honors/round_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_create": request.user.can(services.ROUNDS),
            "section": "merit_rounds",
        },
    )


@login_required
def round_create(request):
    require(request.user, services.ROUNDS)
    form = forms.RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.round_create(actor=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, f"已新建「{done.name}」。")
            return redirect("merit:round_detail", done.pk)
    return render(
        request,
        "merit/honors/simple_form.html",
        {"form": form, "title": "新建评选", "section": "merit_rounds"},
    )


@login_required
def round_detail(request, pk: int):
    round = queries.round_get(user=request.user, pk=pk)
    user = request.user
    nominees = list(queries.round_nominations(user=user, round=round))
    in_notice = [n for n in nominees if n.state == NominationState.NOTICE]
    may_object = user.can(services.OBJECTIONS) and bool(in_notice)
    return render(
        request,
        "merit/honors/round_detail.html",
        {
            "round": round,
            "nominees": nominees,
            "shares": queries.share_check(round),
            "objections": queries.round_objections(user=user, round=round),
            "events": ROUND_WORKFLOW.events(round),
            "actions": workflow_actions(ROUND_WORKFLOW, round, user, "merit:round_transition"),
            "may_nominate": user.can(services.NOMINATE) and round.state == RoundState.OPEN,
            "objection_form": forms.ObjectionForm(nominees=in_notice) if may_object else None,
            "resolve_forms": user.can(services.OBJECTIONS),
            "section": "merit_rounds",
        },
    )


# ---- nominations -----------------------------------------------------------------------------


@login_required
def nomination_create(request, pk: int):
    require(request.user, services.NOMINATE)
    round = queries.round_get(user=request.user, pk=pk)
    form = forms.NominationForm(request.POST or None, user=request.user, round=round)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.nomination_create(
                actor=request.user, round=round, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"已推荐「{done.name}」。")
            return redirect("merit:nomination_detail", done.pk)
    return render(
        request,
        "merit/honors/nomination_form.html",
        {"form": form, "round": round, "section": "merit_nominations"},
    )


@login_required
def nomination_list(request):
    require(request.user, VIEW)
    filter_form = forms.NominationFilterForm(request.GET or None, user=request.user)
    qs = queries.nomination_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/honors/nomination_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "merit_nominations",
        },
    )


@login_required
def nomination_detail(request, pk: int):
    nomination = queries.nomination_get(user=request.user, pk=pk)
    return render(
        request,
        "merit/honors/nomination_detail.html",
        {
            "nomination": nomination,
            "events": NOMINATION_WORKFLOW.events(nomination),
            "actions": workflow_actions(
                NOMINATION_WORKFLOW, nomination, request.user, "merit:nomination_transition"
            ),
            "objections": nomination.objections.all(),
            "honor": getattr(nomination, "honor", None) if nomination.pk else None,
            "section": "merit_nominations",
        },
    )


# ---- objections ------------------------------------------------------------------------------


@login_required
@require_POST
def objection_record(request, pk: int):
    round = queries.round_get(user=request.user, pk=pk)
    require(request.user, services.OBJECTIONS)
    in_notice = list(
        queries.round_nominations(user=request.user, round=round).filter(
            state=NominationState.NOTICE
        )
    )
    form = forms.ObjectionForm(request.POST, nominees=in_notice)
    if form.is_valid():
        data = dict(form.cleaned_data)
        nomination = next(n for n in in_notice if str(n.pk) == data.pop("nomination"))
        done = run_service(
            form,
            lambda: services.objection_record(actor=request.user, nomination=nomination, **data),
        )
        if done:
            messages.success(request, f"已登记对「{nomination.name}」的异议。")
            return redirect("merit:round_detail", round.pk)
    form_errors_to_messages(request, form)
    return redirect("merit:round_detail", round.pk)


@login_required
def objection_list(request):
    require(request.user, VIEW)
    filter_form = forms.ObjectionFilterForm(request.GET or None, user=request.user)
    qs = queries.objection_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/honors/objection_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "resolve_form": forms.ResolveForm if request.user.can(services.OBJECTIONS) else None,
            "section": "merit_rounds",
        },
    )


@login_required
@require_POST
def objection_resolve(request, pk: int):
    objection = queries.objection_get(user=request.user, pk=pk, action=services.OBJECTIONS)
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.objection_resolve(
                actor=request.user, objection=objection, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"已核实：{done.get_state_display()}。")
    form_errors_to_messages(request, form)
    return redirect("merit:round_detail", objection.nomination.round_id)


# ---- honors ----------------------------------------------------------------------------------


@login_required
def honor_list(request):
    require(request.user, VIEW)
    filter_form = forms.HonorFilterForm(request.GET or None, user=request.user)
    qs = queries.honor_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/honors/honor_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_record": request.user.can(services.RECORD),
            "section": "merit_honors",
        },
    )


@login_required
def honor_create(request):
    require(request.user, services.RECORD)
    form = forms.HonorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.honor_record(actor=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, f"已登记{done}。")
            return redirect("merit:honor_list")
    return render(
        request,
        "merit/honors/simple_form.html",
        {
            "form": form,
            "title": "登记荣誉",
            "intro": "登记上级授予或往年获得的荣誉；授予劳模称号的个人荣誉同时记入劳模名册。",
            "section": "merit_honors",
        },
    )


# ---- honor types -----------------------------------------------------------------------------


@login_required
def type_list(request):
    require(request.user, services.TYPES)
    return render(
        request,
        "merit/honors/type_list.html",
        {"types": queries.type_list(), "section": "merit_types"},
    )


def _type_form(request, honor_type: HonorType | None):
    initial = {}
    shares_initial = []
    if honor_type is not None:
        initial = {name: getattr(honor_type, name) for name in services.TYPE_FIELDS}
        initial["version"] = honor_type.version
        shares_initial = [
            {"category": s.category, "bound": s.bound, "percent": s.percent}
            for s in honor_type.shares.all()
        ]
    form = forms.HonorTypeForm(request.POST or None, initial=initial)
    formset = forms.ShareFormSet(request.POST or None, initial=shares_initial, prefix="shares")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        shares = forms.shares_of(formset)
        data = form.service_kwargs()
        if honor_type is None:
            call = lambda: services.type_create(actor=request.user, shares=shares, **data)  # noqa: E731
        else:
            call = lambda: services.type_update(  # noqa: E731
                actor=request.user,
                honor_type=honor_type,
                version=form.cleaned_data["version"],
                shares=shares,
                **data,
            )
        done = run_service(form, call)
        if done:
            messages.success(request, f"已保存「{done.name}」。")
            return redirect("merit:type_list")
    return render(
        request,
        "merit/honors/type_form.html",
        {"form": form, "formset": formset, "honor_type": honor_type, "section": "merit_types"},
    )


@login_required
def type_create(request):
    require(request.user, services.TYPES)
    return _type_form(request, None)


@login_required
def type_edit(request, pk: int):
    require(request.user, services.TYPES)
    honor_type = HonorType.objects.filter(pk=pk).first()
    if honor_type is None:
        from django.http import Http404

        raise Http404("未找到该荣誉类型。")
    return _type_form(request, honor_type)


urlpatterns = [
    path("merit/rounds/", round_list, name="round_list"),
    path("merit/rounds/new/", round_create, name="round_create"),
    path("merit/rounds/<int:pk>/", round_detail, name="round_detail"),
    path("merit/rounds/<int:pk>/nominate/", nomination_create, name="nomination_create"),
    path("merit/rounds/<int:pk>/objections/", objection_record, name="objection_record"),
    *workflow_urls(ROUND_WORKFLOW, "merit/rounds/", "round_transition"),
    path("merit/nominations/", nomination_list, name="nomination_list"),
    path("merit/nominations/<int:pk>/", nomination_detail, name="nomination_detail"),
    *workflow_urls(NOMINATION_WORKFLOW, "merit/nominations/", "nomination_transition"),
    path("merit/objections/", objection_list, name="objection_list"),
    path("merit/objections/<int:pk>/resolve/", objection_resolve, name="objection_resolve"),
    path("merit/honors/", honor_list, name="honor_list"),
    path("merit/honors/new/", honor_create, name="honor_create"),
    path("merit/types/", type_list, name="type_list"),
    path("merit/types/new/", type_create, name="type_create"),
    path("merit/types/<int:pk>/", type_edit, name="type_edit"),
]
