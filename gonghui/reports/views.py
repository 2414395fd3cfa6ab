"""The home page: the widgets the apps registered, each shown only to roles with its permission."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.core.registry import widgets_for


@login_required
def dashboard(request):
    widgets = [(w, w.context(request.user)) for w in widgets_for(request.user)]
    return render(
        request,
        "reports/dashboard.html",
        {"widgets": widgets, "organization": request.user.organization, "section": "dashboard"},
    )
