"""Worker phone pages for online joining (/m/join/): no login, CSRF on, rate-limited."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import run_service

from .. import services
from ..forms import JoiningForm, JoiningStatusForm


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoiningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = run_service(
            form, lambda: services.joining_submit(ip=current_ip.get(), **form.cleaned_data)
        )
        if application:
            # The number travels in the session, not the URL, so it stays out of logs.
            request.session["joining_number"] = application.number
            return redirect("members:join_done")
    return render(request, "members/portal/join_form.html", {"form": form})


def join_done(request):
    number = request.session.get("joining_number")
    if not number:
        return redirect("members:join")
    return render(request, "members/portal/join_done.html", {"number": number})


@require_http_methods(["GET", "POST"])
def join_status(request):
    form = JoiningStatusForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        try:
            application = services.joining_status(ip=current_ip.get(), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    return render(
        request, "members/portal/join_status.html", {"form": form, "application": application}
    )
