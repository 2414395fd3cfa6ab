"""Pages of union formation (ORG-3): the targets, an employer's formation page (contacts and
the founding), the lists of contacts and foundings, and the district's threshold setting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.clock import today
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from .. import queries, queries_formation, services_formation
from ..forms_formation import (
    ContactFilterForm,
    ContactForm,
    FoundingFilterForm,
    FoundingForm,
    SettingForm,
    TargetFilterForm,
)

VIEW = queries_formation.VIEW


def _list(request, template: str, form_class, rows, **extra):
    filter_form = form_class(request.GET or None, user=request.user)
    return render(
        request,
        template,
        {
            "filter_form": filter_form,
            "page": paginate(request, rows(user=request.user, filters=filter_form.filters())),
            "query": query_without_page(request),
            "section": "formation",
            **extra,
        },
    )


@login_required
def targets(request):
    require(request.user, VIEW)
    return _list(
        request,
        "orgs/formation/targets.html",
        TargetFilterForm,
        queries_formation.formation_targets,
        threshold=queries_formation.formation_threshold(),
        lead_labels=queries_formation.formation_target_lead_labels(),
    )


@login_required
def contacts(request):
    require(request.user, VIEW)
    return _list(
        request,
        "orgs/formation/contacts.html",
        ContactFilterForm,
        queries_formation.formation_contacts,
    )


@login_required
def foundings(request):
    require(request.user, VIEW)
    filter_form = FoundingFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    return render(
        request,
        "orgs/formation/foundings.html",
        {
            "filter_form": filter_form,
            "page": paginate(
                request, queries_formation.foundings(user=request.user, filters=filters)
            ),
            "query": query_without_page(request),
            "year": filters.get("year") or today().year,
            "section": "formation",
        },
    )


@login_required
def employer_formation(request, pk: int):
    """The employer's contacts and founding; the forms to add a contact and to found."""
    require(request.user, VIEW)
    employer = queries.employer_get(user=request.user, pk=pk)
    posted = request.POST.get("form") if request.method == "POST" else ""
    if posted:  # a form the user is not shown is refused outright (403), not silently
        require(
            request.user,
            services_formation.FOUND if posted == "founding" else services_formation.CONTACT,
        )
    contact_form = ContactForm(
        request.POST if request.POST.get("form") == "contact" else None,
        initial={"contacted_on": today()},
    )
    founding_form = FoundingForm(
        request.POST if request.POST.get("form") == "founding" else None,
        initial={"founded_on": today(), "name": services_formation.union_name_for(employer)},
    )
    if request.method == "POST" and contact_form.is_bound and contact_form.is_valid():
        done = run_service(
            contact_form,
            lambda: services_formation.formation_contact_record(
                actor=request.user, employer=employer, **contact_form.cleaned_data
            ),
        )
        if done:
            messages.success(request, "已登记组建联系。")
            return redirect("orgs:employer_formation", employer.pk)
    if request.method == "POST" and founding_form.is_bound and founding_form.is_valid():
        founding = run_service(
            founding_form,
            lambda: services_formation.union_found(
                actor=request.user, employer=employer, **founding_form.cleaned_data
            ),
        )
        if founding:
            messages.success(request, f"已组建「{founding.union.name}」，该单位已纳入已建会单位。")
            return redirect("orgs:organization_detail", founding.union_id)
    return render(
        request,
        "orgs/formation/employer.html",
        {
            "employer": employer,
            **queries_formation.employer_formation(user=request.user, employer=employer),
            "contact_form": contact_form,
            "founding_form": founding_form,
            "open_form": request.POST.get("form", ""),
            "section": "formation",
        },
    )


@login_required
def setting(request):
    require(request.user, services_formation.SETTING)
    form = SettingForm(request.POST or None, initial={"effective_from": today()})
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services_formation.formation_setting_set(
                actor=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(
                request,
                f"已设置：自{done.effective_from}起，职工人数{done.min_headcount}人以上未建会单位为组建目标。",
            )
            return redirect("orgs:formation_setting")
    return render(
        request,
        "orgs/formation/setting.html",
        {
            "form": form,
            "settings_list": queries_formation.formation_settings(),
            "threshold": queries_formation.formation_threshold(),
            "default": queries_formation.DEFAULT_MIN_HEADCOUNT,
            "section": "formation",
        },
    )
