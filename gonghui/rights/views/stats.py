"""Statistics page (RIGHTS-5)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.core.clock import today
from gonghui.core.views_utils import require

from .. import forms, queries


@login_required
def stats(request):
    require(request.user, "rights.stats")
    now = today()
    initial = {"start": datetime.date(now.year, 1, 1), "end": now}
    form = forms.StatsForm(request.GET or initial, user=request.user)
    figures = events = None
    if form.is_valid():  # an invalid period shows its error and no figures
        d = form.cleaned_data
        path = d["town"].path if d["town"] else None
        figures = queries.case_figures(user=request.user, start=d["start"], end=d["end"], path=path)
        events = queries.event_figures(user=request.user, start=d["start"], end=d["end"], path=path)
    return render(
        request,
        "rights/stats.html",
        {
            "form": form,
            "filter_form": form,  # the export button posts its values
            "f": figures,
            "events": events,
            "section": "rights",
        },
    )
