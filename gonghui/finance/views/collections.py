"""Collection pages (FUND-1): the list with totals, one row (its chain, allocation and
vouchers; matching, registering its employer, reversing), and the three lists: payers
without a union, unionized non-payers of a month, payroll jumps. Thin: forms, queries,
one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..choices import CollectionState
from ..forms import collections as forms
from ..queries import collections as queries
from ..services import collections as services

SECTION = "finance_collections"


def _link(name: str, pk: int | None) -> str:
    """A page of another part of finance, if it is mounted (allocation, ledger)."""
    if pk is None:
        return ""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


@login_required
def collection_list(request):
    require(request.user, services.VIEW)
    filter_form = forms.CollectionFilterForm(request.GET or None, user=request.user)
    rows = queries.collection_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "finance/collections/collection_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "totals": queries.collection_totals(rows),
            "query": query_without_page(request),
            "may_import": request.user.can(services.IMPORT),
            "unmatched": queries.unmatched_count(request.user)
            if request.user.can(services.MATCH)
            else 0,
            "section": SECTION,
        },
    )


@login_required
def collection_detail(request, pk: int):
    collection = queries.collection_get(user=request.user, pk=pk)
    user = request.user
    may_match = (
        user.can(services.MATCH)
        and collection.state == CollectionState.UNMATCHED
        and collection.reverses_id is None
    )
    may_reverse = (
        user.can(services.MATCH)
        and collection.state != CollectionState.REVERSED
        and collection.reverses_id is None
    )
    allocation = getattr(collection, "allocation", None)
    match_entry = queries.match_entry(collection)
    return render(
        request,
        "finance/collections/collection_detail.html",
        {
            "collection": collection,
            "chain": queries.collection_chain(user=user, collection=collection),
            "allocation": allocation,
            "allocation_url": _link("finance:allocation_detail", allocation and allocation.pk),
            "entry_url": _link("finance:entry_detail", collection.entry_id),
            "match_entry": match_entry,
            "match_entry_url": _link("finance:entry_detail", match_entry and match_entry.pk),
            "same_uscc": queries.same_uscc_unmatched(user=user, collection=collection)
            if may_match
            else [],
            "match_form": forms.MatchForm(user=user) if may_match else None,
            "may_create": may_match and user.can("employers.edit"),
            "reverse_form": forms.ReverseForm() if may_reverse else None,
            "section": SECTION,
        },
    )


@login_required
@require_POST
def collection_match(request, pk: int):
    collection = queries.collection_get(user=request.user, pk=pk)
    require(request.user, services.MATCH)
    form = forms.MatchForm(request.POST, user=request.user)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.collection_match(
                actor=request.user, collection=collection, employer=form.cleaned_data["employer"]
            ),
        )
        if done:
            name = form.cleaned_data["employer"].name
            messages.success(request, f"已将{len(done)}条代收记录匹配到{name}。")
    form_errors_to_messages(request, form)
    return redirect("finance:collection_detail", collection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def collection_employer_new(request, pk: int):
    """Register the employer the row names (its USCC; the name as given), then match."""
    collection = queries.collection_get(user=request.user, pk=pk)
    require(request.user, services.MATCH)
    require(request.user, "employers.edit")
    form = forms.EmployerFromRowForm(
        request.POST or None, user=request.user, initial={"name": collection.employer_name}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.collection_employer_create(
                actor=request.user, collection=collection, **form.cleaned_data
            ),
        )
        if done:
            employer, rows = done
            messages.success(request, f"已登记单位{employer.name}，并匹配{len(rows)}条代收记录。")
            return redirect("finance:collection_detail", collection.pk)
    return render(
        request,
        "finance/collections/employer_new.html",
        {"collection": collection, "form": form, "section": SECTION},
    )


@login_required
@require_POST
def collection_reverse(request, pk: int):
    collection = queries.collection_get(user=request.user, pk=pk)
    require(request.user, services.MATCH)
    form = forms.ReverseForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.collection_reverse(
                actor=request.user, collection=collection, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(request, "已冲销该代收记录。")
            return redirect("finance:collection_detail", done.pk)
    form_errors_to_messages(request, form)
    return redirect("finance:collection_detail", collection.pk)


@login_required
def payers_without_union(request):
    require(request.user, services.VIEW)
    form = forms.PayerFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = paginate(request, queries.payers_without_union(user=request.user, filters=filters))
    months = queries.payer_months(request.user, [row["uscc"] for row in page], filters)
    for row in page:
        row["month_list"] = months.get(row["uscc"], [])
    return render(
        request,
        "finance/collections/payers_without_union.html",
        {"filter_form": form, "page": page, "section": SECTION},
    )


@login_required
def non_payers(request):
    require(request.user, services.VIEW)
    form = forms.NonPayerFilterForm(request.GET or None, user=request.user)
    period, rows = queries.non_payers(user=request.user, filters=form.filters())
    return render(
        request,
        "finance/collections/non_payers.html",
        {
            "filter_form": form,
            "period": period,
            "page": paginate(request, rows),
            "section": SECTION,
        },
    )


@login_required
def payroll_jumps(request):
    require(request.user, services.VIEW)
    form = forms.PayrollJumpFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    rows = queries.payroll_jumps(user=request.user, filters=filters)
    return render(
        request,
        "finance/collections/payroll_jumps.html",
        {
            "filter_form": form,
            "page": paginate(request, rows),
            "threshold": filters.get("threshold") or queries.JUMP_DEFAULT,
            "section": SECTION,
        },
    )


urlpatterns = [
    path("finance/collections/", collection_list, name="collection_list"),
    path("finance/collections/<int:pk>/", collection_detail, name="collection_detail"),
    path("finance/collections/<int:pk>/match/", collection_match, name="collection_match"),
    path(
        "finance/collections/<int:pk>/employer/",
        collection_employer_new,
        name="collection_employer_new",
    ),
    path("finance/collections/<int:pk>/reverse/", collection_reverse, name="collection_reverse"),
    path("finance/payers-without-union/", payers_without_union, name="payers_without_union"),
    path("finance/non-payers/", non_payers, name="non_payers"),
    path("finance/payroll-jumps/", payroll_jumps, name="payroll_jumps"),
]
