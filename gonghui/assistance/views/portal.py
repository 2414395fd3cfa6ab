"""The worker's phone pages (/m/assistance/): no login, CSRF on, rate-limited; the number
and RIC are posted, never put in a URL."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError

from ..forms.portal import GrantLookupForm
from ..queries.portal import worker_grants


@require_http_methods(["GET", "POST"])
def my_grants(request):
    form = GrantLookupForm(request.POST or None)
    grants = None
    if request.method == "POST" and form.is_valid():
        try:
            grants = list(worker_grants(ip=current_ip.get(), **form.cleaned_data)[:100])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    if request.method == "POST":
        # The RIC is not written back into the page (a shared phone, the browser's cache).
        form.data = form.data.copy()
        form.data["ric"] = ""
    return render(request, "assistance/portal/my_grants.html", {"form": form, "grants": grants})


urlpatterns = [path("m/assistance/", my_grants, name="portal_grants")]
