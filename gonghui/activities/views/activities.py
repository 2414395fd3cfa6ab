"""Staff pages of activities (MERIT-4): the list, the form, an activity's page with its
counts and actions, the union's registration of its members, the registrations list, the
check-in desk (a phone in the hand: search by name or the phone's last 4, one tap) and the
results. Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..choices import RegistrationState
from ..forms import activities as forms
from ..queries import activities as queries
from ..rules import activities as rules
from ..services import activities as services

SECTION = "activities"


@login_required
def activity_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.ActivityFilterForm(request.GET or None, user=request.user)
    qs = queries.activity_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "activities/activities/activity_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_manage": request.user.can(queries.MANAGE),
            "section": SECTION,
        },
    )


@login_required
def activity_form(request, pk: int | None = None):
    require(request.user, queries.MANAGE)
    activity = queries.activity_get(user=request.user, pk=pk) if pk else None
    if activity is not None and not queries.may_manage(request.user, activity):
        raise Http404("未找到该记录。")
    form = forms.ActivityForm(
        request.POST or None, user=request.user, initial=forms.activity_initial(activity)
    )
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if activity is None:
                return services.activity_create(actor=request.user, **data)
            return services.activity_update(
                actor=request.user,
                activity=activity,
                version=form.cleaned_data["version"],
                **data,
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("activities:activity_detail", saved.pk)
    return render(
        request,
        "activities/activities/activity_form.html",
        {"form": form, "activity": activity, "section": SECTION},
    )


def _actions(activity) -> list[dict]:
    """The state actions open from the activity's state, each with its form."""
    out = []
    for action, label in rules.ACTION_LABELS.items():
        if rules.transition_problem(action, activity.state) is None:
            form = forms.TransitionForm(initial={"version": activity.version}, prefix=action)
            if action != "cancel":
                del form.fields["reason"]
            out.append({"action": action, "label": label, "form": form})
    return out


@login_required
def activity_detail(request, pk: int):
    activity = queries.activity_get(user=request.user, pk=pk)
    manages = queries.may_manage(request.user, activity)
    rows = queries.registration_list(user=request.user, filters={"activity": activity.pk})
    return render(
        request,
        "activities/activities/activity_detail.html",
        {
            "activity": activity,
            "may_manage": manages,
            "may_register": request.user.can(queries.REGISTER)
            and rules.window_problem(
                activity.state,
                activity.registration_opens_on,
                activity.registration_closes_on,
                today(),
            )
            is None,
            "actions": _actions(activity) if manages else [],
            "rows": rows.exclude(state=RegistrationState.CANCELLED)[:20],
            "shown_count": rows.exclude(state=RegistrationState.CANCELLED).count(),
            "section": SECTION,
        },
    )


@login_required
@require_POST
def activity_transition(request, pk: int, action: str):
    if action not in rules.TRANSITIONS:
        raise Http404("没有这种操作。")
    activity = queries.activity_get(user=request.user, pk=pk, action=queries.MANAGE)
    form = forms.TransitionForm(request.POST, prefix=action)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.activity_transition(
                actor=request.user,
                activity=activity,
                action=action,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
            ),
        )
        if done:
            messages.success(request, f"已{rules.ACTION_LABELS[action]}。")
    form_errors_to_messages(request, form)
    return redirect("activities:activity_detail", pk)


@login_required
def register(request, pk: int):
    require(request.user, queries.REGISTER)
    activity = queries.activity_get(user=request.user, pk=pk, action=queries.REGISTER)
    form = forms.RegisterMembersForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            form,
            lambda: services.register_members(
                actor=request.user, activity=activity, members=form.members()
            ),
        )
        if made:
            confirmed = [r.member.name for r in made if r.state == RegistrationState.CONFIRMED]
            waiting = [r.member.name for r in made if r.state == RegistrationState.WAITLISTED]
            if confirmed:
                messages.success(request, f"已确认报名：{'、'.join(confirmed)}。")
            if waiting:
                messages.warning(request, f"名额已满，进入候补：{'、'.join(waiting)}。")
            return redirect("activities:activity_detail", pk)
    return render(
        request,
        "activities/activities/register.html",
        {"activity": activity, "form": form, "section": SECTION},
    )


@login_required
def registration_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.RegistrationFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    activity = None
    if filters.get("activity"):
        activity = queries.activity_get(user=request.user, pk=filters["activity"])
    qs = queries.registration_list(user=request.user, filters=filters)
    return render(
        request,
        "activities/activities/registration_list.html",
        {
            "filter_form": filter_form,
            "activity": activity,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_register": request.user.can(queries.REGISTER),
            "section": SECTION,
        },
    )


@login_required
@require_POST
def registration_cancel(request, pk: int):
    row = queries.registration_get(user=request.user, pk=pk)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.registration_cancel(
                actor=request.user, registration=row, version=form.cleaned_data["version"]
            ),
        )
        if done:
            messages.success(request, f"已取消{row.member.name}的报名。")
    form_errors_to_messages(request, form)
    back = request.POST.get("next") or ""
    if back.startswith("/activities/"):
        return redirect(back)
    return redirect("activities:activity_detail", row.activity_id)


def _managed(request, pk: int):
    activity = queries.activity_get(user=request.user, pk=pk, action=queries.MANAGE)
    if not queries.may_manage(request.user, activity):
        raise Http404("未找到该记录。")
    return activity


@login_required
def checkin(request, pk: int):
    activity = _managed(request, pk)
    q = (request.GET.get("q") or "").strip()[:30]
    if request.method == "POST":
        row = queries.registration_get(
            user=request.user, pk=request.POST.get("registration"), action=queries.MANAGE
        )
        if row.activity_id != activity.pk:
            raise Http404("未找到该记录。")
        try:
            services.check_in(actor=request.user, registration=row)
            messages.success(request, f"{row.member.name} 签到成功。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        back = reverse("activities:checkin", args=[pk])
        return redirect(f"{back}?q={q}" if q else back)
    rows = queries.checkin_rows(user=request.user, activity=activity, q=q)
    return render(
        request,
        "activities/activities/checkin.html",
        {
            "activity": activity,
            "q": q,
            "rows": rows[:50],
            "section": SECTION,
        },
    )


@login_required
def results(request, pk: int):
    activity = _managed(request, pk)
    if request.method == "POST":
        row = queries.registration_get(
            user=request.user, pk=request.POST.get("registration"), action=queries.MANAGE
        )
        if row.activity_id != activity.pk:
            raise Http404("未找到该记录。")
        form = forms.ResultForm(request.POST, prefix=f"r{row.pk}")
        if form.is_valid() and run_service(
            form,
            lambda: services.record_result(
                actor=request.user,
                registration=row,
                version=form.cleaned_data["version"],
                result=form.cleaned_data["result"],
                prize=form.cleaned_data["prize"],
            ),
        ):
            messages.success(request, f"已登记{row.member.name}的成绩。")
        form_errors_to_messages(request, form)
        return redirect("activities:results", pk)
    rows = queries.registration_list(
        user=request.user, filters={"activity": activity.pk, "state": RegistrationState.CONFIRMED}
    )
    page = paginate(request, rows)
    entries = [
        {
            "row": r,
            "form": forms.ResultForm(
                initial={"version": r.version, "result": r.result, "prize": r.prize},
                prefix=f"r{r.pk}",
            ),
        }
        for r in page
    ]
    return render(
        request,
        "activities/activities/results.html",
        {"activity": activity, "page": page, "entries": entries, "section": SECTION},
    )


urlpatterns = [
    path("activities/", activity_list, name="activity_list"),
    path("activities/new/", activity_form, name="activity_create"),
    path("activities/registrations/", registration_list, name="registration_list"),
    path(
        "activities/registrations/<int:pk>/cancel/",
        registration_cancel,
        name="registration_cancel",
    ),
    path("activities/<int:pk>/", activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_form, name="activity_edit"),
    path("activities/<int:pk>/register/", register, name="register"),
    path("activities/<int:pk>/checkin/", checkin, name="checkin"),
    path("activities/<int:pk>/results/", results, name="results"),
    path("activities/<int:pk>/do/<slug:action>/", activity_transition, name="activity_transition"),
]
