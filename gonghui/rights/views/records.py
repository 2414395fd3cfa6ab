"""Stations, law firms, lawyers (set-up, rights.manage) and legal-service events (RIGHTS-4).

A row is looked up through the scope first (404 when the user may not see it), then the
edit permission is required (403): the page tells a town's staff they may not edit the
station they can see, and tells nobody anything about rows they cannot see.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from .. import forms, queries
from ..models import LawFirm, Lawyer, LegalEvent, Station
from ..services import records


@login_required
def panel(request):
    """Stations, firms and lawyers on one page."""
    require(request.user, "rights.view")
    return render(
        request,
        "rights/panel.html",
        {
            "stations": queries.station_list(user=request.user),
            "firms": queries.firm_list(user=request.user),
            "lawyers": queries.lawyer_list(user=request.user),
            "can_manage": request.user.can("rights.manage"),
            "section": "rights",
        },
    )


def _form_page(request, form, title: str):
    return render(
        request, "rights/simple_form.html", {"form": form, "title": title, "section": "rights"}
    )


def _create(request, form, call, title: str):
    if request.method == "POST" and form.is_valid():
        row = run_service(form, lambda: call(actor=request.user, **form.cleaned_data))
        if row:
            messages.success(request, f"已新建「{row}」。")
            return redirect("rights:panel")
    return _form_page(request, form, title)


@login_required
def station_create(request):
    require(request.user, "rights.manage")
    form = forms.StationForm(request.POST or None, user=request.user)
    return _create(request, form, records.station_create, "新建法律援助工作站")


@login_required
def firm_create(request):
    require(request.user, "rights.manage")
    return _create(
        request, forms.FirmForm(request.POST or None), records.firm_create, "新建律师事务所"
    )


@login_required
def lawyer_create(request):
    require(request.user, "rights.manage")
    form = forms.LawyerForm(request.POST or None, user=request.user)
    return _create(request, form, records.lawyer_create, "登记律师")


def _initial(row, names: list[str]) -> dict:
    return {n: getattr(row, n) for n in names} | {"version": row.version}


def _edit(request, form, call, title: str, *, detail: str | None = None):
    """Save with the version the form carried (core.edit: a stale form is a conflict);
    then back to the panel, or to the row's `detail` page."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = run_service(form, lambda: call(actor=request.user, version=version, **data))
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect(detail, saved.pk) if detail else redirect("rights:panel")
    return _form_page(request, form, title)


@login_required
def station_edit(request, pk: int):
    station = queries.row_get(Station, user=request.user, pk=pk)
    require(request.user, "rights.manage")
    initial = _initial(station, records.STATION_FIELDS)
    form = forms.StationEditForm(request.POST or None, initial=initial)
    return _edit(
        request,
        form,
        lambda **kw: records.station_update(station=station, **kw),
        f"修改工作站：{station}",
    )


@login_required
def firm_edit(request, pk: int):
    firm = queries.row_get(LawFirm, user=request.user, pk=pk)
    require(request.user, "rights.manage")
    form = forms.FirmEditForm(request.POST or None, initial=_initial(firm, records.FIRM_FIELDS))
    return _edit(
        request,
        form,
        lambda **kw: records.firm_update(firm=firm, **kw),
        f"修改律师事务所：{firm}",
    )


@login_required
def lawyer_edit(request, pk: int):
    lawyer = queries.row_get(Lawyer, user=request.user, pk=pk)
    require(request.user, "rights.manage")
    form = forms.LawyerEditForm(
        request.POST or None, user=request.user, initial=_initial(lawyer, records.LAWYER_FIELDS)
    )
    return _edit(
        request,
        form,
        lambda **kw: records.lawyer_update(lawyer=lawyer, **kw),
        f"修改律师：{lawyer}",
    )


@login_required
def event_list(request):
    require(request.user, "rights.view")
    filter_form = forms.EventFilterForm(request.GET or None, user=request.user)
    qs = queries.event_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "rights/event_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "rights",
        },
    )


@login_required
def event_create(request):
    require(request.user, "rights.register")
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = run_service(
            form, lambda: records.event_create(actor=request.user, **form.cleaned_data)
        )
        if event:
            messages.success(request, "已登记活动。")
            return redirect("rights:event_detail", event.pk)
    return _form_page(request, form, "登记法律服务活动")


@login_required
def event_detail(request, pk: int):
    event = queries.row_get(LegalEvent.objects.select_related("town"), user=request.user, pk=pk)
    return render(request, "rights/event_detail.html", {"event": event, "section": "rights"})


@login_required
def event_edit(request, pk: int):
    event = queries.row_get(LegalEvent, user=request.user, pk=pk)
    require(request.user, "rights.register")
    initial = _initial(event, records.EVENT_FIELDS)
    form = forms.EventEditForm(request.POST or None, user=request.user, initial=initial)
    return _edit(
        request,
        form,
        lambda **kw: records.event_update(event=event, **kw),
        "修改活动",
        detail="rights:event_detail",
    )
