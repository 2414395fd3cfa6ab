"""Pages of collective contracts and bargaining offers (DEMO-1): the contracts list, a
contract (its coverage, workflow buttons, renewal, history), the form, the contracts ending
and expired per town, the establishment rates with their lists, the offer campaigns. Thin:
forms, queries, one service call."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.clock import today
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..choices import CampaignState, ContractKind, ContractState
from ..forms import contracts as forms
from ..queries import contracts as queries
from ..rules import contracts as rules
from ..services import contracts as services
from ..workflow.contracts import CONTRACT_WORKFLOW

SECTIONS = {
    "list": "democracy_contracts",
    "expiring": "democracy_contract_expiring",
    "campaigns": "democracy_campaigns",
    "rates": "democracy_contract_rates",
}


@login_required
def contract_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.ContractFilterForm(request.GET or None, user=request.user)
    rows = queries.contract_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "democracy/contracts/contract_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_manage": request.user.can(queries.MANAGE),
            "section": SECTIONS["list"],
        },
    )


@login_required
def contract_detail(request, pk: int):
    contract = queries.contract_get(user=request.user, pk=pk)
    on = today()
    renewal = queries.renewal_of(contract)
    may_manage = request.user.can(queries.MANAGE)
    return render(
        request,
        "democracy/contracts/contract_detail.html",
        {
            "contract": contract,
            "coverage": paginate(request, queries.coverage_of(contract)),
            "renewal": renewal,
            "actions": workflow_actions(
                CONTRACT_WORKFLOW, contract, request.user, "democracy:contract_transition"
            ),
            "events": CONTRACT_WORKFLOW.events(contract).order_by("at", "pk"),
            "filing_warning": services.filing_warning(contract),
            "filing_deadline": rules.filing_deadline(contract.kind, contract.signed_on),
            "review_ends": rules.review_ends(contract.submitted_on)
            if contract.submitted_on
            else None,
            "in_force": contract.state == ContractState.EFFECTIVE
            and contract.effective_on is not None
            and contract.starts_on <= on <= contract.ends_on
            and contract.effective_on <= on,
            "may_edit": may_manage and contract.state in services.EDITABLE,
            "may_renew": may_manage
            and renewal is None
            and contract.state == ContractState.EFFECTIVE
            and rules.may_renew(contract.ends_on, on),
            "renewal_opens": rules.renewal_opens(contract.ends_on),
            "section": SECTIONS["list"],
        },
    )


def _contract_form(request, *, contract=None, renews=None):
    require(request.user, queries.MANAGE)
    initial = forms.contract_initial(contract) if contract else {}
    if renews is not None:
        initial = {
            "title": renews.title,
            "area": renews.area,
            "term_years": "3" if renews.kind != ContractKind.WAGE else "1",
            "workers_covered": renews.workers_covered,
            "women_covered": renews.women_covered,
            "signed_on": today(),
            "starts_on": renews.ends_on + datetime.timedelta(days=1),
        }
    form = forms.ContractForm(
        request.POST or None, user=request.user, initial=initial, renewal=renews is not None
    )
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if renews is not None:
                return services.contract_renew(actor=request.user, contract=renews, **data)
            if contract is None:
                return services.contract_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.contract_update(
                actor=request.user, contract=contract, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」，覆盖{saved.coverage.count()}家单位。")
            return redirect("democracy:contract_detail", saved.pk)
    return render(
        request,
        "democracy/contracts/contract_form.html",
        {"form": form, "contract": contract, "renews": renews, "section": SECTIONS["list"]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    return _contract_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk: int):
    require(request.user, queries.MANAGE)
    return _contract_form(request, contract=queries.contract_get(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def contract_renew(request, pk: int):
    require(request.user, queries.MANAGE)
    return _contract_form(request, renews=queries.contract_get(user=request.user, pk=pk))


@login_required
def contract_expiring(request):
    """Per town: the contracts ending within 90 days and those expired not renewed."""
    require(request.user, queries.VIEW)
    on = today()
    ending = queries.contract_list(user=request.user, filters={"ending": "yes"})
    expired = queries.contract_list(user=request.user, filters={"expired": "yes"})
    return render(
        request,
        "democracy/contracts/contract_expiring.html",
        {
            "on": on,
            "towns": queries.expiring_by_town(user=request.user, on=on),
            "ending": ending.order_by("ends_on", "pk")[:50],
            "expired": expired.order_by("-ends_on", "pk")[:50],
            "section": SECTIONS["expiring"],
        },
    )


@login_required
def contract_rates(request):
    """The establishment rate of a kind on a day in a subtree, with its lists."""
    require(request.user, queries.STATS)
    filter_form = forms.RateFilterForm(request.GET or None, user=request.user)
    f = queries.rate_page_filters(request.user, filter_form.filters())
    rate = queries.establishment(
        user=request.user,
        kind=f["kind"],
        on=f["on"],
        org_path=f["org_path"],
        ownership=f["ownership"],
    )
    groups = queries.by_ownership(
        user=request.user, kind=f["kind"], on=f["on"], org_path=f["org_path"]
    )
    rows = queries.rate_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "democracy/contracts/contract_rates.html",
        {
            "filter_form": filter_form,
            "f": f,
            "kind_label": ContractKind(f["kind"]).label,
            "rate": rate,
            "groups": [(queries.OWNERSHIP_GROUPS[g.ownership], g) for g in groups],
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "section": SECTIONS["rates"],
        },
    )


# ---- campaigns ----------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.CampaignFilterForm(request.GET or None, user=request.user)
    rows = queries.campaign_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "democracy/contracts/campaign_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "may_manage": request.user.can(queries.OFFERS),
            "section": SECTIONS["campaigns"],
        },
    )


@login_required
def offer_list(request):
    """Every offer in scope (of a campaign with `campaign`), with its export."""
    require(request.user, queries.VIEW)
    filter_form = forms.OfferFilterForm(request.GET or None, user=request.user)
    rows = queries.offer_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "democracy/contracts/offer_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "section": SECTIONS["campaigns"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    require(request.user, queries.OFFERS)
    form = forms.CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, lambda: services.campaign_create(actor=request.user, **form.cleaned_data)
        )
        if saved:
            messages.success(request, f"已发起「{saved}」，发出{saved.offers.count()}份协商要约。")
            return redirect("democracy:campaign_detail", saved.pk)
    return render(
        request,
        "democracy/contracts/campaign_form.html",
        {"form": form, "section": SECTIONS["campaigns"]},
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = queries.campaign_get(user=request.user, pk=pk)
    data = request.GET.copy()
    data["campaign"] = str(campaign.pk)  # the export's rows are this campaign's
    filter_form = forms.OfferFilterForm(data, user=request.user)
    filters = {**filter_form.filters(), "campaign": campaign.pk}
    offers = queries.offers_of(user=request.user, campaign=campaign, filters=filters)
    may_manage = request.user.can(queries.OFFERS)
    page = paginate(request, offers)
    if may_manage:
        for offer in page:
            offer.answer_dialog = f"offer-answer-{offer.pk}"
            offer.outcome_dialog = f"offer-outcome-{offer.pk}"
            offer.answer_form = forms.AnswerForm(
                initial={"version": offer.version}, auto_id=f"answer{offer.pk}_%s"
            )
            offer.outcome_form = forms.OutcomeForm(
                initial={"version": offer.version},
                contracts=queries.contracts_of(user=request.user, employer=offer.employer),
                auto_id=f"outcome{offer.pk}_%s",
            )
    return render(
        request,
        "democracy/contracts/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": queries.campaign_counts(user=request.user, campaign=campaign),
            "filter_form": filter_form,
            "page": page,
            "query": query_without_page(request),
            "may_manage": may_manage,
            "open": campaign.state == CampaignState.OPEN,
            "section": SECTIONS["campaigns"],
        },
    )


@login_required
@require_POST
def campaign_close(request, pk: int):
    require(request.user, queries.OFFERS)
    campaign = queries.campaign_get(user=request.user, pk=pk)
    form = forms.VersionForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.campaign_close(
            actor=request.user, campaign=campaign, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, f"已结束「{campaign}」。")
    form_errors_to_messages(request, form)
    return redirect("democracy:campaign_detail", campaign.pk)


@login_required
@require_POST
def offer_answer(request, pk: int):
    require(request.user, queries.OFFERS)
    offer = queries.offer_get(user=request.user, pk=pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        done = run_service(
            form, lambda: services.offer_answer(actor=request.user, offer=offer, **data)
        )
        if done:
            messages.success(request, f"已登记「{offer.employer}」的答复。")
    form_errors_to_messages(request, form)
    return redirect("democracy:campaign_detail", offer.campaign_id)


@login_required
@require_POST
def offer_outcome(request, pk: int):
    require(request.user, queries.OFFERS)
    offer = queries.offer_get(user=request.user, pk=pk)
    form = forms.OutcomeForm(
        request.POST, contracts=queries.contracts_of(user=request.user, employer=offer.employer)
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        done = run_service(
            form, lambda: services.offer_outcome(actor=request.user, offer=offer, **data)
        )
        if done:
            messages.success(request, f"已登记「{offer.employer}」的结果。")
    form_errors_to_messages(request, form)
    return redirect("democracy:campaign_detail", offer.campaign_id)


urlpatterns: list = [
    path("democracy/contracts/", contract_list, name="contract_list"),
    path("democracy/contracts/new/", contract_create, name="contract_create"),
    path("democracy/contracts/expiring/", contract_expiring, name="contract_expiring"),
    path("democracy/contracts/rates/", contract_rates, name="contract_rates"),
    path("democracy/contracts/<int:pk>/", contract_detail, name="contract_detail"),
    path("democracy/contracts/<int:pk>/edit/", contract_edit, name="contract_edit"),
    path("democracy/contracts/<int:pk>/renew/", contract_renew, name="contract_renew"),
    *workflow_urls(CONTRACT_WORKFLOW, "democracy/contracts/", "contract_transition"),
    path("democracy/campaigns/", campaign_list, name="campaign_list"),
    path("democracy/campaigns/new/", campaign_create, name="campaign_create"),
    path("democracy/campaigns/<int:pk>/", campaign_detail, name="campaign_detail"),
    path("democracy/campaigns/<int:pk>/close/", campaign_close, name="campaign_close"),
    path("democracy/offers/", offer_list, name="offer_list"),
    path("democracy/offers/<int:pk>/answer/", offer_answer, name="offer_answer"),
    path("democracy/offers/<int:pk>/outcome/", offer_outcome, name="offer_outcome"),
]
