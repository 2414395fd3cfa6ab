"""Worker pages (RIGHTS-3), phone first, no account. A case is shown only to someone who
has both its tracking code and its contact phone, and only its public parts."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import run_service

from .. import forms
from ..choices import CaseState, NoteKind
from ..services import portal


def _ip(request) -> str:
    return client_ip(request) or ""


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = forms.ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        case = run_service(
            form,
            lambda: portal.case_submit_online(
                kind=d["kind"],
                subject=d["subject"],
                summary=d["summary"],
                employer_name=d["employer_name"],
                amount_claimed=d["amount_claimed"],
                contact_name=d["contact_name"],
                phone=d["phone"],
                ric=d["ric"],
                files=request.FILES.getlist("attachments"),
                ip=_ip(request),
                consent=d["consent"],
            ),
        )
        if case:
            return render(request, "rights/portal/submitted.html", {"case": case})
    return render(request, "rights/portal/complaint_form.html", {"form": form})


def _public(case) -> dict:
    return {
        "case": case,
        "replies": case.notes.filter(kind=NoteKind.REPLY),
        "can_feedback": case.state == CaseState.CONCLUDED,
    }


@require_http_methods(["GET", "POST"])
def complaint_track(request):
    form = forms.TrackForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = portal.case_track(code=d["code"], phone=d["phone"], ip=_ip(request))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            case = None
        else:
            if case is None:
                form.add_error(None, "查询码或手机号不正确。")
        if case is not None:
            context |= _public(case)
            context["feedback_form"] = forms.FeedbackForm(
                initial={"code": d["code"], "phone": d["phone"]}
            )
    return render(request, "rights/portal/track.html", context)


@require_http_methods(["POST"])
def complaint_feedback(request):
    form = forms.FeedbackForm(request.POST)
    context = {"form": forms.TrackForm(request.POST)}
    if form.is_valid():
        d = form.cleaned_data
        try:
            case = portal.case_track(code=d["code"], phone=d["phone"], ip=_ip(request))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            case = None
        if case is not None and run_service(
            form,
            lambda: portal.case_worker_feedback(
                case=case, satisfied=d["satisfied"], text=d["text"]
            ),
        ):
            case.refresh_from_db()
            context |= _public(case) | {"thanks": True}
        elif case is None and not form.errors:
            form.add_error(None, "查询码或手机号不正确。")
    context["feedback_form"] = form
    return render(request, "rights/portal/track.html", context)
