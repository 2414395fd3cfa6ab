"""Staff pages of allocation (FUND-2): the rules (list, a rule with its split of 100.00 and
what it allocated, the form, its last day), the allocations (list with totals, one with each
part's account and the voucher), and the run (a period, started as a job). Thin: forms,
queries, one service call."""

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

from ..forms import allocation as forms
from ..queries import allocation as queries
from ..rules import allocation as rules
from ..services import allocation as services

RULES = "finance_rules"
ALLOCATIONS = "finance_allocations"


@login_required
def rule_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.RuleFilterForm(request.GET or None, user=request.user)
    qs = queries.rule_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "finance/allocation/rule_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": RULES,
        },
    )


@login_required
def rule_detail(request, pk: int):
    rule = queries.rule_get(user=request.user, pk=pk)
    may_manage = request.user.can(services.MANAGE)
    return render(
        request,
        "finance/allocation/rule_detail.html",
        {
            "rule": rule,
            "levels": [(rules.SHARE_LABELS[n], getattr(rule, n)) for n in rules.LEVEL_SHARES],
            "retained": [(rules.SHARE_LABELS[n], getattr(rule, n)) for n in rules.RETAINED_SHARES],
            "example": queries.rule_example(rule),
            "figures": queries.rule_figures(user=request.user, rule=rule),
            "used": queries.allocations_count(rule) if may_manage else 0,
            "may_manage": may_manage,
            "close_form": forms.RuleCloseForm(
                initial={"version": rule.version, "effective_to": rule.effective_to},
                auto_id="close_%s",
            ),
            "section": RULES,
        },
    )


@login_required
def rule_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    rule = queries.rule_get(user=request.user, pk=pk) if pk else None
    form = forms.RuleForm(request.POST or None, initial=forms.rule_initial(rule))
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if rule is None:
                return services.rule_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.rule_update(actor=request.user, rule=rule, version=version, **data)

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("finance:rule_detail", saved.pk)
    return render(
        request,
        "finance/allocation/rule_form.html",
        {"form": form, "rule": rule, "section": RULES},
    )


@login_required
@require_POST
def rule_close(request, pk: int):
    require(request.user, services.MANAGE)
    rule = queries.rule_get(user=request.user, pk=pk)
    form = forms.RuleCloseForm(request.POST)
    done = form.is_valid() and run_service(
        form,
        lambda: services.rule_close(
            actor=request.user,
            rule=rule,
            version=form.cleaned_data["version"],
            effective_to=form.cleaned_data["effective_to"],
        ),
    )
    if done:
        messages.success(request, f"已把「{rule}」的截止日期设为 {done.effective_to:%Y-%m-%d}。")
    else:
        form_errors_to_messages(request, form)
    return redirect("finance:rule_detail", rule.pk)


@login_required
def allocation_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.AllocationFilterForm(request.GET or None, user=request.user)
    qs = queries.allocation_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "finance/allocation/allocation_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "totals": queries.allocation_totals(qs),
            "query": query_without_page(request),
            "may_run": request.user.can(services.ALLOCATE),
            "section": ALLOCATIONS,
        },
    )


@login_required
def allocation_detail(request, pk: int):
    allocation = queries.allocation_get(user=request.user, pk=pk)
    return render(
        request,
        "finance/allocation/allocation_detail.html",
        {
            "a": allocation,
            "parts": queries.part_accounts(allocation),
            "section": ALLOCATIONS,
        },
    )


@login_required
def allocation_run(request):
    require(request.user, services.ALLOCATE)
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = run_service(
            form,
            lambda: services.allocation_start(
                actor=request.user,
                period_from=form.cleaned_data["period_from"],
                period_to=form.cleaned_data["period_to"],
                return_url=request.path,
            ),
        )
        if job:
            return redirect("core:job_detail", job.pk)
    running = services.running_job()
    return render(
        request,
        "finance/allocation/allocation_run.html",
        {
            "form": form,
            "pending": queries.pending_count(request.user),
            "cap": queries.TODO_CAP,
            "running": running if running and running.created_by_id == request.user.pk else None,
            "section": ALLOCATIONS,
        },
    )


urlpatterns = [
    path("finance/rules/", rule_list, name="rule_list"),
    path("finance/rules/new/", rule_form, name="rule_create"),
    path("finance/rules/<int:pk>/", rule_detail, name="rule_detail"),
    path("finance/rules/<int:pk>/edit/", rule_form, name="rule_edit"),
    path("finance/rules/<int:pk>/close/", rule_close, name="rule_close"),
    path("finance/allocations/", allocation_list, name="allocation_list"),
    path("finance/allocations/run/", allocation_run, name="allocation_run"),
    path("finance/allocations/<int:pk>/", allocation_detail, name="allocation_detail"),
]
