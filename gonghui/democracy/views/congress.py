"""Pages of the workers' congress and open affairs (DEMO-2): sessions and records (lists,
forms, detail with the soft rules' warnings), the employers' work list of a year, the rates
page. Thin: forms, queries, one service call."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.downloads import file_download
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.orgs.models import Employer

from ..choices import DisclosureItem, DisclosureMethod
from ..forms import congress as forms
from ..queries import congress as queries
from ..rules import congress as rules
from ..services import congress as services
from ..services import evidence as evidence_services

SECTION = "democracy_congress"
OPEN_AFFAIRS = "democracy_open_affairs"


def _list(request, template: str, form, rows, export: str, **extra):
    return render(
        request,
        template,
        {
            "filter_form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_manage": request.user.can(queries.MANAGE),
            "export": export,
            "section": SECTION,
            **extra,
        },
    )


@login_required
def session_list(request):
    require(request.user, queries.VIEW)
    form = forms.SessionFilterForm(request.GET or None, user=request.user)
    rows = queries.session_list(user=request.user, filters=form.filters())
    return _list(request, "democracy/congress/session_list.html", form, rows,
                 "democracy.congress_sessions")  # fmt: skip


def _session_warnings(session) -> list[str]:
    return rules.session_warnings(queries.session_rule(session))


@login_required
def session_detail(request, pk: int):
    session = queries.session_get(user=request.user, pk=pk)
    facts = queries.session_rule(session)
    return render(
        request,
        "democracy/congress/session_detail.html",
        {
            "session": session,
            "quorate": rules.is_quorate(facts.due, facts.attended),
            "required": rules.delegates_required(facts.workers),
            "women_share": rules.women_share(facts),
            "manager_share": rules.share(facts.managers, facts.due),
            "frontline_share": rules.share(facts.frontline, facts.due),
            "warnings": _session_warnings(session),
            "may_manage": request.user.can(queries.MANAGE),
            "section": SECTION,
        },
    )


def _employer_initial(request) -> dict:
    """?employer=<pk> (the employer page's link): the employer picked already."""
    pk = request.GET.get("employer", "")
    found = Employer.objects.visible_to(request.user).filter(pk=int(pk)) if pk.isdigit() else []
    return {"employer": found[0]} if found else {}


@login_required
@require_http_methods(["GET", "POST"])
def session_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    session = queries.session_get(user=request.user, pk=pk) if pk else None
    initial = _employer_initial(request)
    if session is not None:
        initial = {name: getattr(session, name) for name in forms.SessionForm.base_fields
                   if name != "version"}  # fmt: skip
        initial["version"] = session.version
    form = forms.SessionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if session is None:
                return services.session_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.session_update(
                actor=request.user, session=session, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            for warning in _session_warnings(saved):
                messages.warning(request, warning)
            return redirect("democracy:congress_detail", saved.pk)
    return render(
        request,
        "democracy/congress/session_form.html",
        {"form": form, "session": session, "section": SECTION},
    )


# ---- open affairs ----------------------------------------------------------------------------


def _record_warnings(record) -> list[str]:
    return rules.open_affairs_warnings(record.items, record.methods, record.has_supervision_group)


@login_required
def record_list(request):
    require(request.user, queries.VIEW)
    form = forms.RecordFilterForm(request.GET or None, user=request.user)
    rows = queries.record_list(user=request.user, filters=form.filters())
    return _list(request, "democracy/congress/record_list.html", form, rows,
                 "democracy.open_affairs", section=OPEN_AFFAIRS)  # fmt: skip


@login_required
def record_detail(request, pk: int):
    record = queries.record_get(user=request.user, pk=pk)
    have = set(record.items)
    checklist = [
        (label, code in have, code in rules.REQUIRED_ITEMS)
        for code, label in DisclosureItem.choices
    ]
    methods = [label for code, label in DisclosureMethod.choices if code in record.methods]
    return render(
        request,
        "democracy/congress/record_detail.html",
        {
            "record": record,
            "checklist": checklist,
            "methods": methods,
            "established": rules.open_affairs_established(record.items, record.methods),
            "warnings": _record_warnings(record),
            "may_manage": request.user.can(queries.MANAGE),
            "evidence": record.evidence.all(),
            "evidence_form": forms.EvidenceForm() if request.user.can(queries.MANAGE) else None,
            "section": OPEN_AFFAIRS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    record = queries.record_get(user=request.user, pk=pk) if pk else None
    initial = _employer_initial(request)
    if record is not None:
        initial = {name: getattr(record, name) for name in forms.RecordForm.base_fields
                   if name != "version"}  # fmt: skip
        initial["version"] = record.version
    form = forms.RecordForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if record is None:
                return services.record_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.record_update(
                actor=request.user, record=record, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            for warning in _record_warnings(saved):
                messages.warning(request, warning)
            return redirect("democracy:open_affairs_detail", saved.pk)
    return render(
        request,
        "democracy/congress/record_form.html",
        {"form": form, "record": record, "section": OPEN_AFFAIRS},
    )


# ---- the employers' work list and the rates --------------------------------------------------


@login_required
def employer_list(request):
    require(request.user, queries.VIEW)
    form = forms.EmployerFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    start, end = queries.period_of(filters)
    rows = queries.employer_rows(user=request.user, filters=filters)
    return _list(request, "democracy/congress/employer_list.html", form, rows,
                 "democracy.congress_employers", start=start, end=end)  # fmt: skip


@login_required
def rates(request):
    require(request.user, queries.STATS)
    form = forms.RatesForm(request.GET or None, user=request.user)
    year = form.year_value()
    town = form.filters().get("town")
    groups = queries.rates(user=request.user, year=year, town=town)
    base = {"year": year, **({"town": town} if town else {})}

    def link(**params) -> str:
        return "?" + urlencode({**base, **params})

    for group in groups:
        for what in ("open_affairs", "congress"):
            rate = group["rates"][what]
            rate["numerator_url"] = link(ownership=group["group"], **{what: "yes"})
            rate["denominator_url"] = link(ownership=group["group"])
            rate["missing_url"] = link(ownership=group["group"], **{what: "no"})
    return render(
        request,
        "democracy/congress/rates.html",
        {"form": form, "year": year, "groups": groups, "section": "democracy_congress_rates"},
    )


@login_required
@require_POST
def evidence_add(request, pk: int):
    require(request.user, queries.MANAGE)
    record = queries.record_get(user=request.user, pk=pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    done = form.is_valid() and run_service(
        form,
        lambda: evidence_services.evidence_add(
            actor=request.user, record=record, files=form.cleaned_data["evidence"]
        ),
    )
    if done:
        messages.success(request, f"已上传{len(done)}个佐证材料。")
    else:
        form_errors_to_messages(request, form)
    return redirect("democracy:open_affairs_detail", record.pk)


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    """Only through the record's scope; never a public URL; each view audited."""
    record = queries.record_get(user=request.user, pk=pk)
    path, name = evidence_services.evidence_to_send(
        actor=request.user, record=record, pk=evidence_pk
    )
    return file_download(path, name=name)


urlpatterns = [
    path("democracy/congress/", session_list, name="congress_list"),
    path("democracy/congress/new/", session_form, name="congress_create"),
    path("democracy/congress/<int:pk>/", session_detail, name="congress_detail"),
    path("democracy/congress/<int:pk>/edit/", session_form, name="congress_edit"),
    path("democracy/congress/employers/", employer_list, name="congress_employers"),
    path("democracy/congress/rates/", rates, name="congress_rates"),
    path("democracy/open-affairs/", record_list, name="open_affairs_list"),
    path("democracy/open-affairs/new/", record_form, name="open_affairs_create"),
    path("democracy/open-affairs/<int:pk>/", record_detail, name="open_affairs_detail"),
    path("democracy/open-affairs/<int:pk>/edit/", record_form, name="open_affairs_edit"),
    path(
        "democracy/open-affairs/<int:pk>/evidence/", evidence_add, name="open_affairs_evidence_add"
    ),
    path(
        "democracy/open-affairs/<int:pk>/evidence/<int:evidence_pk>/",
        evidence_download,
        name="open_affairs_evidence",
    ),
]
