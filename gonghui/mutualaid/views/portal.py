"""The worker's phone page (/m/mutualaid/): no login, CSRF on, rate-limited; the claim
number and RIC are posted, never put in a URL."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError

from ..forms.portal import ClaimLookupForm
from ..queries.portal import worker_claim


@require_http_methods(["GET", "POST"])
def claim_status(request):
    form = ClaimLookupForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            status = worker_claim(ip=current_ip.get(), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    if request.method == "POST":
        # The RIC is not written back into the page (a shared phone, the browser's cache).
        form.data = form.data.copy()
        form.data["ric"] = ""
    return render(request, "mutualaid/portal/claim_status.html", {"form": form, "status": status})


urlpatterns = [path("m/mutualaid/", claim_status, name="portal_claim")]
