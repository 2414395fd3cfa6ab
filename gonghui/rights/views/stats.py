"""Statistics page (RIGHTS-5) and the recipient's notifications."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.views_utils import require

from .. import forms, queries
from ..services.common import today


@login_required
def stats(request):
    require(request.user, "rights.stats")
    now = today()
    initial = {"start": datetime.date(now.year, 1, 1), "end": now}
    form = forms.StatsForm(request.GET or initial, user=request.user)
    figures = events = None
    if form.is_valid():
        d = form.cleaned_data
        path = d["town"].path if d["town"] else None
        figures = queries.case_figures(user=request.user, start=d["start"], end=d["end"], path=path)
        events = queries.event_figures(user=request.user, start=d["start"], end=d["end"], path=path)
    return render(
        request,
        "rights/stats.html",
        {"form": form, "f": figures, "events": events, "section": "rights"},
    )


@login_required
def notifications(request):
    rows = queries.notifications_for(user=request.user)[:200]
    return render(request, "rights/notifications.html", {"rows": rows, "section": "rights"})


@login_required
@require_POST
def notification_read(request, pk: int):
    row = get_object_or_404(queries.notifications_for(user=request.user), pk=pk)
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return redirect("rights:notifications")
