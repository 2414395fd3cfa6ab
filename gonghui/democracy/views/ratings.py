"""Staff pages of the harmonious-relations rating (DEMO-3): rounds (list, new, edit, detail
with the scoring sheet, the notice's dates, applications, awards, objections and the round's
actions), applications (new, list, detail with the sheet, the district's scores, the
workflow's buttons and history), the employers holding a valid rating, awards (new, list,
detail), objections (recorded by channel, resolved). Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
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

from ..choices import ApplicationState, RatingRoundState
from ..forms import ratings as forms
from ..queries import ratings as queries
from ..services import ratings as services
from ..workflow.ratings import APPLICATION_WORKFLOW, AWARD_WORKFLOW, ROUND_WORKFLOW, decides

VIEW = queries.VIEW
SECTION = "democracy_ratings"


def _list(request, form_class, query, template: str, section: str, **extra):
    require(request.user, VIEW)
    filter_form = form_class(request.GET or None, user=request.user)
    qs = query(user=request.user, filters=filter_form.filters())
    return render(
        request,
        template,
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": section,
            **extra,
        },
    )


# ---- rounds ----------------------------------------------------------------------------------


@login_required
def round_list(request):
    return _list(
        request,
        forms.RoundFilterForm,
        queries.round_list,
        "democracy/ratings/round_list.html",
        SECTION,
        may_create=request.user.can(services.MANAGE),
    )


@login_required
def round_create(request):
    require(request.user, services.MANAGE)
    form = forms.RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.round_create(actor=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, f"已新建「{done.name}」，评分标准已按默认标准生成。")
            return redirect("democracy:round_detail", done.pk)
    return render(
        request,
        "democracy/ratings/simple_form.html",
        {"form": form, "title": "新建和谐劳动关系评定", "section": SECTION},
    )


@login_required
def round_edit(request, pk: int):
    round = queries.round_get(user=request.user, pk=pk, action=services.MANAGE)
    initial = {name: getattr(round, name) for name in services.ROUND_FIELDS}
    form = forms.RoundEditForm(
        request.POST or None, user=request.user, initial={**initial, "version": round.version}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.round_update(
                actor=request.user,
                round=round,
                version=form.cleaned_data["version"],
                **form.service_kwargs(),
            ),
        )
        if done:
            messages.success(request, f"已保存「{done.name}」。")
            return redirect("democracy:round_detail", done.pk)
    return render(
        request,
        "democracy/ratings/simple_form.html",
        {"form": form, "title": f"修改「{round.name}」", "section": SECTION},
    )


@login_required
def round_detail(request, pk: int):
    user = request.user
    round = queries.round_get(user=user, pk=pk)
    applications = list(queries.round_applications(user=user, round=round))
    in_notice = [a for a in applications if a.state == ApplicationState.NOTICE]
    may_manage = user.can(services.MANAGE)
    is_draft = round.state == RatingRoundState.DRAFT
    is_open = round.state == RatingRoundState.OPEN
    may_object = user.can(services.OBJECTIONS) and bool(in_notice)
    criteria = queries.round_criteria(round)
    return render(
        request,
        "democracy/ratings/round_detail.html",
        {
            "round": round,
            "criteria": criteria,
            "sheet_total": sum(c.max_points for c in criteria),
            "applications": applications,
            "awards": queries.round_awards(user=user, round=round),
            "objections": queries.round_objections(user=user, round=round),
            "events": ROUND_WORKFLOW.events(round),
            "actions": workflow_actions(ROUND_WORKFLOW, round, user, "democracy:round_transition"),
            "may_edit": may_manage
            and round.state in (RatingRoundState.DRAFT, RatingRoundState.OPEN),
            "edit_sheet": may_manage and is_draft,
            "criterion_form": forms.CriterionForm() if may_manage and is_draft else None,
            "may_apply": user.can(services.APPLY) and is_open,
            "objection_form": forms.ObjectionForm(applications=in_notice) if may_object else None,
            "resolve_forms": user.can(services.OBJECTIONS),
            "section": SECTION,
        },
    )


@login_required
@require_POST
def criterion_save(request, pk: int, criterion_id: int | None = None):
    round = queries.round_get(user=request.user, pk=pk, action=services.MANAGE)
    criterion = None
    if criterion_id is not None:
        criterion = round.criteria.filter(pk=criterion_id).first()
        if criterion is None:
            raise Http404("未找到该评分标准。")
    form = forms.CriterionForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.criterion_save(
                actor=request.user, round=round, criterion=criterion, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"已保存评分标准「{done.text}」。")
    form_errors_to_messages(request, form)
    return redirect("democracy:round_detail", round.pk)


@login_required
@require_POST
def criterion_remove(request, pk: int, criterion_id: int):
    round = queries.round_get(user=request.user, pk=pk, action=services.MANAGE)
    criterion = round.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404("未找到该评分标准。")
    from gonghui.core.errors import ApplicationError

    try:
        services.criterion_remove(actor=request.user, round=round, criterion=criterion)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除评分标准「{criterion.text}」。")
    return redirect("democracy:round_detail", round.pk)


# ---- applications ----------------------------------------------------------------------------


@login_required
def application_create(request, pk: int):
    require(request.user, services.APPLY)
    round = queries.round_get(user=request.user, pk=pk)
    initial = {}
    employer = getattr(getattr(request.user, "organization", None), "employers", None)
    if employer is not None and request.method != "POST":
        own = employer.order_by("pk").first()  # a chair applies for its own employer
        if own is not None:
            initial["employer"] = own.pk
    form = forms.ApplicationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.application_create(
                actor=request.user, round=round, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, f"已申报「{done.employer.name}」，评分表已按系统记录预填。")
            return redirect("democracy:application_detail", done.pk)
    return render(
        request,
        "democracy/ratings/application_form.html",
        {
            "form": form,
            "round": round,
            "criteria": queries.round_criteria(round),
            "section": SECTION,
        },
    )


@login_required
def application_list(request):
    return _list(
        request,
        forms.ApplicationFilterForm,
        queries.application_list,
        "democracy/ratings/application_list.html",
        "democracy_rating_applications",
    )


@login_required
def application_detail(request, pk: int):
    user = request.user
    application = queries.application_get(user=user, pk=pk)
    scores = queries.application_scores(application)
    may_score = decides(application.round, user) and application.state in services.SCORABLE
    score_form = (
        forms.ScoreForm(initial={"version": application.version}, scores=scores)
        if may_score
        else None
    )
    return render(
        request,
        "democracy/ratings/application_detail.html",
        {
            "application": application,
            "scores": scores,
            "score_form": score_form,
            "events": APPLICATION_WORKFLOW.events(application),
            "actions": workflow_actions(
                APPLICATION_WORKFLOW, application, user, "democracy:application_transition"
            ),
            "objections": application.objections.all(),
            "section": "democracy_rating_applications",
        },
    )


@login_required
@require_POST
def application_score(request, pk: int):
    application = queries.application_get(user=request.user, pk=pk)  # the service: decides
    form = forms.ScoreForm(request.POST, scores=queries.application_scores(application))
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.application_score(
                actor=request.user, application=application, **form.service_kwargs()
            ),
        )
        if done:
            messages.success(request, f"已保存评分，总分{done.total_score}分。")
    form_errors_to_messages(request, form)
    return redirect("democracy:application_detail", application.pk)


@login_required
def rated_list(request):
    return _list(
        request,
        forms.RatedFilterForm,
        queries.rated_list,
        "democracy/ratings/rated_list.html",
        "democracy_rated",
    )


# ---- awards ----------------------------------------------------------------------------------


@login_required
def award_create(request, pk: int):
    require(request.user, services.APPLY)
    round = queries.round_get(user=request.user, pk=pk)
    form = forms.AwardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.award_create(actor=request.user, round=round, **form.cleaned_data),
        )
        if done:
            messages.success(request, f"已推荐「{done.name}」。")
            return redirect("democracy:award_detail", done.pk)
    return render(
        request,
        "democracy/ratings/simple_form.html",
        {
            "form": form,
            "title": f"推荐优秀企业家或优秀员工 · {round.name}",
            "intro": "“关爱员工的优秀企业家”推荐企业负责人；“热爱企业的优秀员工”推荐一线职工，可选择会员。",
            "section": "democracy_awards",
        },
    )


@login_required
def award_list(request):
    return _list(
        request,
        forms.AwardFilterForm,
        queries.award_list,
        "democracy/ratings/award_list.html",
        "democracy_awards",
    )


@login_required
def award_detail(request, pk: int):
    award = queries.award_get(user=request.user, pk=pk)
    return render(
        request,
        "democracy/ratings/award_detail.html",
        {
            "award": award,
            "events": AWARD_WORKFLOW.events(award),
            "actions": workflow_actions(
                AWARD_WORKFLOW, award, request.user, "democracy:award_transition"
            ),
            "section": "democracy_awards",
        },
    )


# ---- objections ------------------------------------------------------------------------------


@login_required
@require_POST
def objection_record(request, pk: int):
    round = queries.round_get(user=request.user, pk=pk)
    require(request.user, services.OBJECTIONS)
    in_notice = list(
        queries.round_applications(user=request.user, round=round).filter(
            state=ApplicationState.NOTICE
        )
    )
    form = forms.ObjectionForm(request.POST, applications=in_notice)
    if form.is_valid():
        data = dict(form.cleaned_data)
        application = next(a for a in in_notice if str(a.pk) == data.pop("application"))
        done = run_service(
            form,
            lambda: services.objection_record(actor=request.user, application=application, **data),
        )
        if done:
            messages.success(request, f"已登记对「{application.employer.name}」的异议。")
            return redirect("democracy:round_detail", round.pk)
    form_errors_to_messages(request, form)
    return redirect("democracy:round_detail", round.pk)


@login_required
def objection_list(request):
    return _list(
        request,
        forms.ObjectionFilterForm,
        queries.objection_list,
        "democracy/ratings/objection_list.html",
        SECTION,
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
    return redirect("democracy:round_detail", objection.application.round_id)


R = "democracy/ratings/"
A = "democracy/rating-applications/"
W = "democracy/rating-awards/"

urlpatterns = [
    path(R, round_list, name="round_list"),
    path(f"{R}new/", round_create, name="round_create"),
    path(f"{R}<int:pk>/", round_detail, name="round_detail"),
    path(f"{R}<int:pk>/edit/", round_edit, name="round_edit"),
    path(f"{R}<int:pk>/apply/", application_create, name="application_create"),
    path(f"{R}<int:pk>/nominate/", award_create, name="award_create"),
    path(f"{R}<int:pk>/criteria/", criterion_save, name="criterion_add"),
    path(f"{R}<int:pk>/criteria/<int:criterion_id>/", criterion_save, name="criterion_edit"),
    path(
        f"{R}<int:pk>/criteria/<int:criterion_id>/remove/",
        criterion_remove,
        name="criterion_remove",
    ),
    path(f"{R}<int:pk>/objections/", objection_record, name="rating_objection_record"),
    *workflow_urls(ROUND_WORKFLOW, R, "round_transition"),
    path(A, application_list, name="application_list"),
    path(f"{A}<int:pk>/", application_detail, name="application_detail"),
    path(f"{A}<int:pk>/score/", application_score, name="application_score"),
    *workflow_urls(APPLICATION_WORKFLOW, A, "application_transition"),
    path("democracy/rated-employers/", rated_list, name="rated_list"),
    path(W, award_list, name="award_list"),
    path(f"{W}<int:pk>/", award_detail, name="award_detail"),
    *workflow_urls(AWARD_WORKFLOW, W, "award_transition"),
    path("democracy/rating-objections/", objection_list, name="rating_objection_list"),
    path(
        "democracy/rating-objections/<int:pk>/resolve/",
        objection_resolve,
        name="rating_objection_resolve",
    ),
]
