"""Staff pages of plan years (CARE-3): the list, a year's page (every figure, each item's
formula in words, the diseases, the year's counts, the workflow's buttons), the form with
the items, copy to the next year, the diseases added, changed and removed. Thin: forms,
queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.core.forms import VersionForm
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..choices import BenefitKind
from ..forms import plans as forms
from ..queries import plans as queries
from ..rules import plans as rules
from ..services import plans as services
from ..workflow import PLAN_WORKFLOW

SECTION = "mutualaid_plans"


@login_required
def plan_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.PlanFilterForm(request.GET or None, user=request.user)
    qs = queries.plan_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "mutualaid/plans/plan_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


def _item_rows(plan, items) -> list[dict]:
    return [
        {
            "item": item,
            "formula": rules.formula_text(item),
            "waiting": rules.waiting_text(item, plan.waiting_days),
        }
        for item in items
    ]


def _disease_dialogs(plan, critical, user, frozen: bool) -> list[dict]:
    """A change and a remove form for each listed disease (district staff, while the
    year's figures may change)."""
    if critical is None or frozen or not user.can(services.MANAGE):
        return []
    return [
        {
            "disease": d,
            "edit": forms.DiseaseEditForm(
                initial={"version": plan.version, "name": d.name, "amount": d.amount},
                prefix=f"d{d.pk}",
            ),
            "remove": VersionForm(initial={"version": plan.version}, prefix=f"r{d.pk}"),
        }
        for d in critical.diseases.all()
    ]


@login_required
def plan_detail(request, pk: int):
    plan = queries.plan_get(user=request.user, pk=pk)
    items = queries.plan_items(plan)
    critical = next((i for i in items if i.kind == BenefitKind.CRITICAL), None)
    committed = queries.committed_claims(plan)
    return render(
        request,
        "mutualaid/plans/plan_detail.html",
        {
            "plan": plan,
            "rows": _item_rows(plan, items),
            "critical": critical,
            "diseases": _disease_dialogs(plan, critical, request.user, bool(committed)),
            "figures": queries.plan_figures(user=request.user, plan=plan),
            "frozen_message": rules.frozen_message(committed) if committed else "",
            "may_manage": request.user.can(services.MANAGE),
            "copy_form": VersionForm(initial={"version": plan.version}, auto_id="copy_%s"),
            "copy_confirm": f"确定把「{plan}」的全部标准复制为{plan.year + 1}年度吗？"
            "复制后为草拟状态，可再修改；不影响本年度。",
            "disease_form": forms.DiseaseForm(
                initial={"version": plan.version}, auto_id="disease_%s"
            ),
            "actions": workflow_actions(
                PLAN_WORKFLOW, plan, request.user, "mutualaid:plan_transition"
            ),
            "events": PLAN_WORKFLOW.events(plan),
            "section": SECTION,
        },
    )


@login_required
def plan_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=pk) if pk else None
    initial = forms.plan_initial(plan, queries.plan_items(plan) if plan else [])
    form = forms.PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if plan is None:
                return services.plan_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.plan_update(actor=request.user, plan=plan, version=version, **data)

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("mutualaid:plan_detail", saved.pk)
    return render(
        request,
        "mutualaid/plans/plan_form.html",
        {"form": form, "plan": plan, "section": SECTION},
    )


def _posted(request, form, call, done: str, pk: int):
    """Run a service for a form posted from the plan's page; back to the page."""
    if form.is_valid() and run_service(form, call):
        messages.success(request, done)
    else:
        form_errors_to_messages(request, form)
    return redirect("mutualaid:plan_detail", pk)


@login_required
@require_POST
def plan_copy(request, pk: int):
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=pk)
    form = VersionForm(request.POST)
    copy = form.is_valid() and run_service(
        form,
        lambda: services.plan_copy(
            actor=request.user, plan=plan, version=form.cleaned_data["version"]
        ),
    )
    if copy:
        messages.success(request, f"已复制为「{copy}」（草拟），请核对并修改本年度的标准。")
        return redirect("mutualaid:plan_detail", copy.pk)
    form_errors_to_messages(request, form)
    return redirect("mutualaid:plan_detail", plan.pk)


@login_required
@require_POST
def disease_add(request, pk: int):
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=pk)
    form = forms.DiseaseForm(request.POST)

    def call():
        data = form.cleaned_data
        return services.disease_add(
            actor=request.user,
            plan=plan,
            version=data["version"],
            name=data["name"],
            amount=data["amount"],
            code=data["code"],
        )

    return _posted(request, form, call, "已添加病种。", plan.pk)


@login_required
@require_POST
def disease_edit(request, pk: int, disease_pk: int):
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=pk)
    disease = queries.plan_disease(plan, disease_pk)
    form = forms.DiseaseEditForm(request.POST, prefix=f"d{disease.pk}")

    def call():
        data = form.cleaned_data
        return services.disease_update(
            actor=request.user,
            plan=plan,
            disease=disease,
            version=data["version"],
            name=data["name"],
            amount=data["amount"],
        )

    return _posted(request, form, call, f"已修改病种「{disease.name}」。", plan.pk)


@login_required
@require_POST
def disease_remove(request, pk: int, disease_pk: int):
    require(request.user, services.MANAGE)
    plan = queries.plan_get(user=request.user, pk=pk)
    disease = queries.plan_disease(plan, disease_pk)
    form = VersionForm(request.POST, prefix=f"r{disease.pk}")

    def call():
        services.disease_remove(
            actor=request.user, plan=plan, disease=disease, version=form.cleaned_data["version"]
        )
        return True

    return _posted(request, form, call, f"已删除病种「{disease.name}」。", plan.pk)


urlpatterns = [
    path("mutualaid/plans/", plan_list, name="plan_list"),
    path("mutualaid/plans/new/", plan_form, name="plan_create"),
    path("mutualaid/plans/<int:pk>/", plan_detail, name="plan_detail"),
    # before the workflow's <pk>/<action>/, which would take "edit" for an action
    path("mutualaid/plans/<int:pk>/edit/", plan_form, name="plan_edit"),
    path("mutualaid/plans/<int:pk>/copy/", plan_copy, name="plan_copy"),
    path("mutualaid/plans/<int:pk>/diseases/", disease_add, name="disease_add"),
    path(
        "mutualaid/plans/<int:pk>/diseases/<int:disease_pk>/",
        disease_edit,
        name="disease_edit",
    ),
    path(
        "mutualaid/plans/<int:pk>/diseases/<int:disease_pk>/remove/",
        disease_remove,
        name="disease_remove",
    ),
    *workflow_urls(PLAN_WORKFLOW, "mutualaid/plans/", "plan_transition"),
]
