"""The member's phone pages for reading campaigns (/m/activities/submissions/): no login,
CSRF on, look-ups limited per IP (services.submissions.member_identify). The member sends a
book review to an open campaign, and sees their own entries' state; name, RIC and phone
are posted, never put in a URL, and the RIC is not written back into the page."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import run_service

from ..forms.submissions import PortalEntryForm, PortalLookupForm
from ..queries import submissions as queries
from ..services import submissions as services


def _forget_ric(request, form) -> None:
    # a shared phone, the browser's cache: the RIC is typed again each time
    if request.method == "POST":
        form.data = form.data.copy()
        form.data["ric"] = ""


@require_http_methods(["GET", "POST"])
def portal_submit(request):
    form = PortalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.submission_submit_online(
                activity=d["activity"],
                name=d["name"],
                ric=d["ric"],
                phone=d["phone"],
                title=d["title"],
                book=d["book"],
                text=d["text"],
                ip=client_ip(request),
            ),
        )
        if saved:
            return render(request, "activities/submissions/portal_done.html", {"saved": saved})
    _forget_ric(request, form)
    return render(
        request,
        "activities/submissions/portal_submit.html",
        {"form": form, "activities": queries.open_activities()},
    )


@require_http_methods(["GET", "POST"])
def portal_mine(request):
    form = PortalLookupForm(request.POST or None)
    entries = None
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_identify(ip=client_ip(request), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            entries = list(queries.member_submissions(member))
    _forget_ric(request, form)
    return render(
        request, "activities/submissions/portal_mine.html", {"form": form, "entries": entries}
    )


urlpatterns = [
    path("m/activities/submissions/", portal_submit, name="portal_submissions"),
    path("m/activities/submissions/mine/", portal_mine, name="portal_my_submissions"),
]
