"""The targets pages (REPORT-2, issue #13): a year's targets of an organization and of its
children against their actuals, behind target first; one target's trend through the year;
setting, changing and removing a target (reports.services decides who may)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.clock import today
from gonghui.core.forms import VersionForm
from gonghui.core.views_utils import is_htmx, require, run_service

from . import queries, services
from .forms import TargetChangeForm, TargetFilterForm, TargetForm
from .models import Target
from .queries import TARGETS_VIEW

PAGE = "reports/targets/list.html"
DETAIL = "reports/targets/detail.html"


def _list_url(year: int, org) -> str:
    query = {"year": year, **({"org": org.pk} if org is not None else {})}
    return f"{reverse('reports:targets')}?{urlencode(query)}"


def _done(request, url: str):
    """After a write: back to the page (htmx follows HX-Redirect, a plain form the 302)."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _set_form(request, year: int, org):
    """The form for a new target, offering the organizations the user may set one for."""
    if org is None or not request.user.can(services.SET):
        return None
    candidates = queries.target_organizations(user=request.user, org=org)
    settable = [o.pk for o in candidates if services.target_settable(request.user, o)]
    if not settable:
        return None
    data = request.POST if request.method == "POST" else None
    return TargetForm(
        data,
        user=request.user,
        organizations=candidates.filter(pk__in=settable),
        initial={"year": year},
    )


def _set_target(request, form, org):
    """The set form posted: back to the page when set; the form again (htmx) when not."""
    require(request.user, services.SET)
    if form is None:
        messages.error(request, "您不能设定该组织及其下级组织的目标。")
        return None
    if form.is_valid():
        data = form.cleaned_data
        target = run_service(form, lambda: services.target_set(actor=request.user, **data))
        if target is not None:
            name = target.organization.name
            messages.success(request, f"已设定「{name}」{target.year}年的目标。")
            return _done(request, _list_url(target.year, org))
    if is_htmx(request):
        return render(request, "reports/targets/partials/set_form.html", {"form": form})
    return None


@login_required
def targets(request):
    """GET: the page. POST: set a target (new, or a new value for the one there is)."""
    require(request.user, TARGETS_VIEW)
    shown = {"year": today().year, "org": request.user.organization_id}  # the defaults, shown
    filter_form = TargetFilterForm(request.GET or None, user=request.user, initial=shown)
    year, org = filter_form.year_and_org()
    form = _set_form(request, year, org)
    if request.method == "POST":
        answer = _set_target(request, form, org)
        if answer is not None:
            return answer
    lines = queries.target_lines(user=request.user, year=year, org=org) if org else []
    context = {
        "filter_form": filter_form,
        "form": form,
        "year": year,
        "org": org,
        "lines": lines,
        "behind": sum(1 for line in lines if line.status == queries.TargetStatus.BEHIND),
        "pace": queries.year_gone(year),
        "years": (year - 1, year + 1),
        "section": "targets",
    }
    return render(request, PAGE, context)


def _detail(request, target: Target, change_form=None, status: int = 200):
    line = queries.target_judged(user=request.user, target=target)
    trend = []
    if line.indicator is not None:
        trend = queries.target_trend(user=request.user, target=target, ind=line.indicator)
    settable = services.target_settable(request.user, target.organization)
    value = target.value
    plain = int(value) if value == value.to_integral_value() else value.normalize()  # 80, 80.5
    initial = {"value": plain, "comparison": target.comparison, "note": target.note}
    if change_form is None and settable:
        change_form = TargetChangeForm(initial={**initial, "version": target.version})
    context = {
        "line": line,
        "target": target,
        "trend": trend,
        "chart": _chart(line, trend),
        "change_form": change_form if settable and line.indicator is not None else None,
        "settable": settable,
        "back": _list_url(target.year, _listed_under(request.user, target)),
        "section": "targets",
    }
    return render(request, DETAIL, context, status=status)


def _listed_under(user, target: Target):
    """The organization whose page lists this target: its parent, or itself if the parent
    is outside the user's scope."""
    parent = target.organization.parent
    scope = getattr(user.organization, "path", None)
    if parent is not None and scope and parent.path.startswith(scope):
        return parent
    return target.organization


def _chart(line, trend) -> dict:
    """What static/js/target_trend.js draws: the monthly actuals against the target line."""
    actual = [None if p.figure.value is None else str(p.figure.value) for p in trend]
    return {
        "title": line.indicator.title if line.indicator else line.target.code,
        "unit": line.indicator.unit if line.indicator else "",
        "months": [f"{month}月" for month in range(1, 13)],
        "actual": actual + [None] * (12 - len(actual)),  # the months still to come: no point
        "target": str(line.target.value),
    }


@login_required
def target_detail(request, pk: int):
    return _detail(request, queries.target_get(user=request.user, pk=pk))


@login_required
@require_POST
def target_change(request, pk: int):
    target = queries.target_get(user=request.user, pk=pk)
    require(request.user, services.SET)
    form = TargetChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        changed = run_service(
            form,
            lambda: services.target_set(
                actor=request.user,
                code=target.code,
                year=target.year,
                organization=target.organization,
                **data,
            ),
        )
        if changed is not None:
            messages.success(request, "目标已修改。")
            return _done(request, reverse("reports:target_detail", args=[changed.pk]))
    return _detail(request, target, change_form=form, status=400)


@login_required
@require_POST
def target_remove(request, pk: int):
    target = queries.target_get(user=request.user, pk=pk)
    require(request.user, services.SET)
    form = VersionForm(request.POST)
    back = _list_url(target.year, _listed_under(request.user, target))
    if form.is_valid():
        version = form.cleaned_data["version"]
        done = run_service(
            form,
            lambda: (
                services.target_remove(actor=request.user, target=target, version=version) or True
            ),
        )
        if done:
            messages.success(
                request, f"已删除「{target.organization.name}」{target.year}年的目标。"
            )
            return _done(request, back)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(reverse("reports:target_detail", args=[target.pk]))
