"""Mutual-aid pages: enrollments (the list, one, 退保), the roster enrollment (a preview, then
confirm), one member, the summary by town and union, batches (the list, one, a payment).
Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.clock import today
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..forms import enrollments as forms
from ..queries import enrollments as queries
from ..services import enrollments as services

SECTION = "mutualaid_enrollments"


@login_required
def enrollment_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.EnrollmentFilterForm(request.GET or None, user=request.user)
    rows = queries.enrollment_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "mutualaid/enrollments/enrollment_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_enroll": request.user.can(services.ENROLL),
            "section": SECTION,
        },
    )


@login_required
def enrollment_detail(request, pk: int):
    enrollment = queries.enrollment_get(user=request.user, pk=pk)
    may_cancel = request.user.can(services.ENROLL) and enrollment.state != "cancelled"
    return render(
        request,
        "mutualaid/enrollments/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "cancel_form": forms.CancelForm() if may_cancel else None,
            "section": SECTION,
        },
    )


@login_required
@require_POST
def enrollment_cancel(request, pk: int):
    enrollment = queries.enrollment_get(user=request.user, pk=pk)
    require(request.user, services.ENROLL)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.enrollment_cancel(
                actor=request.user, enrollment=enrollment, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(request, f"已退保，自{done.cancelled_on:%Y-%m-%d}起不再计入参保。")
    form_errors_to_messages(request, form)
    return redirect("mutualaid:enrollment_detail", enrollment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def enroll(request):
    """Step 1: the form; step 2 (POST): the preview (how many go in, renewals, refusals and
    why); step 3 (POST with confirm): the run, inline when small, else a job."""
    require(request.user, services.ENROLL)
    form = forms.RosterEnrollForm(request.POST or None, user=request.user)
    context = {"form": form, "section": SECTION}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = form.roster_filters()
        preview = run_service(
            form,
            lambda: services.roster_enroll(
                actor=request.user, plan=data["plan"], org=data["org"], filters=filters, write=False
            ),
        )
        if preview is not None and request.POST.get("confirm") == "1" and preview.enrolled:
            result = run_service(
                form,
                lambda: services.roster_enroll_start(
                    actor=request.user,
                    plan=data["plan"],
                    org=data["org"],
                    filters=filters,
                    expected=preview.enrolled,
                    return_url=reverse("mutualaid:batch_list") + f"?plan={data['plan'].pk}",
                ),
            )
            if isinstance(result, services.Outcome):
                messages.success(request, result.message())
                return redirect(reverse("mutualaid:batch_list") + f"?plan={data['plan'].pk}")
            if result is not None:
                return redirect("core:job_detail", result.pk)
        context["preview"] = preview
        context["confirm_data"] = _confirm_data(request, form)
    return render(request, "mutualaid/enrollments/enroll.html", context)


def _confirm_data(request, form) -> dict:
    """What the confirm button posts again: the form as given, the picked rows by their id
    (a name typed into a picker could name another row by then)."""
    data = {k: v for k, v in request.POST.items() if k in form.fields and v}
    for name in ("org", "employer"):
        if form.cleaned_data.get(name) is not None:
            data[name] = form.cleaned_data[name].pk
    return data


@login_required
@require_http_methods(["GET", "POST"])
def enroll_single(request):
    require(request.user, services.ENROLL)
    form = forms.SingleEnrollForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            form,
            lambda: services.enrollment_single(
                actor=request.user,
                plan=form.cleaned_data["plan"],
                member=form.cleaned_data["member"],
            ),
        )
        if made:
            kind = "续保" if made.is_renewal else "新参保"
            messages.success(
                request, f"{made.member.name}已登记参加{made.plan.year}年度计划（{kind}）。"
            )
            return redirect("mutualaid:enrollment_detail", made.pk)
    return render(
        request, "mutualaid/enrollments/enroll_single.html", {"form": form, "section": SECTION}
    )


@login_required
def enrollment_summary(request):
    require(request.user, queries.VIEW)
    form = forms.SummaryForm(request.GET or None, user=request.user)
    f = form.filters()
    plan = queries.summary_plan(request.user, f.get("plan"))
    day = queries.as_date(f.get("standing_on")) or today()
    if plan is not None and not f.get("standing_on"):
        day = min(max(day, plan.starts_on), plan.ends_on)
    by = f.get("by") or "town"
    rows = (
        queries.summary_rows(user=request.user, plan=plan, day=day, by=by, org=f.get("org"))
        if plan is not None
        else []
    )
    return render(
        request,
        "mutualaid/enrollments/summary.html",
        {
            "filter_form": form,
            "plan": plan,
            "day": day,
            "by": by,
            "rows": rows,
            "section": SECTION,
        },
    )


# ---- batches -----------------------------------------------------------------------------------


@login_required
def batch_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.BatchFilterForm(request.GET or None, user=request.user)
    rows = queries.batch_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "mutualaid/enrollments/batch_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "totals": queries.batch_totals(rows),
            "query": query_without_page(request),
            "may_record": request.user.can(services.RECORD),
            "section": SECTION,
        },
    )


@login_required
def batch_detail(request, pk: int):
    batch = queries.batch_get(user=request.user, pk=pk)
    enrollments = queries.enrollment_list(user=request.user, filters={"batch": batch.pk})
    may_record = request.user.can(services.RECORD)
    return render(
        request,
        "mutualaid/enrollments/batch_detail.html",
        {
            "batch": batch,
            "outstanding": batch.amount_due - batch.amount_paid,
            "page": paginate(request, enrollments),
            "payments": list(queries.batch_payments(user=request.user, batch=batch)),
            "payment_form": forms.PaymentForm(initial={"paid_on": today()})
            if may_record and batch.amount_paid < batch.amount_due
            else None,
            "section": SECTION,
        },
    )


@login_required
@require_POST
def batch_payment(request, pk: int):
    batch = queries.batch_get(user=request.user, pk=pk)
    require(request.user, services.RECORD)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        paid = run_service(
            form,
            lambda: services.payment_record(actor=request.user, batch=batch, **form.cleaned_data),
        )
        if paid:
            messages.success(request, f"已登记缴费{paid.amount:,.2f}元。")
    form_errors_to_messages(request, form)
    return redirect("mutualaid:batch_detail", batch.pk)


urlpatterns = [
    path("mutualaid/enrollments/", enrollment_list, name="enrollment_list"),
    path("mutualaid/enrollments/enroll/", enroll, name="enroll"),
    path("mutualaid/enrollments/enroll/one/", enroll_single, name="enroll_single"),
    path("mutualaid/enrollments/summary/", enrollment_summary, name="enrollment_summary"),
    path("mutualaid/enrollments/<int:pk>/", enrollment_detail, name="enrollment_detail"),
    path("mutualaid/enrollments/<int:pk>/cancel/", enrollment_cancel, name="enrollment_cancel"),
    path("mutualaid/batches/", batch_list, name="batch_list"),
    path("mutualaid/batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("mutualaid/batches/<int:pk>/payments/", batch_payment, name="batch_payment"),
]
