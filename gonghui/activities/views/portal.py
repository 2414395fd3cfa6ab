"""The members' phone pages (/m/activities/): no account, CSRF on, rate-limited.

The member says who they are once (name, RIC and phone as their union registered them;
queries.portal.identify_member); the session then remembers the member for 20 minutes, so
they can register and see or cancel their registrations without typing it all again. The
RIC and phone are posted, never put in a URL, and never written back into the page.
"""

import time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.clock import today
from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member

from ..choices import RegistrationState
from ..forms.activities import IdentifyForm
from ..models import Registration
from ..queries import activities as queries
from ..queries.portal import identify_member
from ..rules import activities as rules
from ..services import activities as services

SESSION_KEY = "activities_member"
REMEMBERED_SECONDS = 20 * 60


def _member(request) -> Member | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < time.time():
        return None
    return (
        Member.objects.select_related("union")
        .filter(pk=held.get("id"), status=MemberStatus.ACTIVE)
        .first()
    )


def _remember(request, member: Member) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": member.pk, "until": time.time() + REMEMBERED_SECONDS}


def _identify(request, form: IdentifyForm) -> Member | None:
    """The member of the posted form, remembered; None with the error on the form."""
    if not form.is_valid():
        return None
    try:
        member = identify_member(ip=current_ip.get(), **form.cleaned_data)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
    _remember(request, member)
    return member


def _blank_identity(form: IdentifyForm) -> None:
    # Not written back into the page (a shared phone, the browser's cache).
    if form.is_bound:
        form.data = form.data.copy()
        form.data["ric"] = ""
        form.data["phone"] = ""


def activity_index(request):
    return render(
        request,
        "activities/portal/index.html",
        {"activities": queries.open_for_members()[:50], "member": _member(request)},
    )


@require_http_methods(["GET", "POST"])
def activity_page(request, pk: int):
    activity = queries.public_activity(pk)
    member = _member(request)
    form = IdentifyForm(request.POST or None) if member is None else None
    problem = rules.window_problem(
        activity.state,
        activity.registration_opens_on,
        activity.registration_closes_on,
        today(),
    )
    if not activity.member_registration:
        problem = "本活动由所在工会统一报名，请联系您的工会。"
    if request.method == "POST" and problem is None:
        if member is None:
            member = _identify(request, form)
        if member is not None:
            try:
                row = services.register_by_phone(member=member, activity=activity)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                if row.state == RegistrationState.CONFIRMED:
                    messages.success(request, f"报名成功：您已确认参加「{activity}」。")
                else:
                    rank = rules.waitlist_rank(row.position, queries.waitlisted_positions(activity))
                    messages.warning(
                        request, f"名额已满，您在候补第{rank}位；有人取消时按顺序递补。"
                    )
                return redirect("activities:portal_mine")
    if form is not None:
        _blank_identity(form)
    return render(
        request,
        "activities/portal/activity.html",
        {"activity": activity, "member": member, "form": form, "problem": problem},
    )


@require_http_methods(["GET", "POST"])
def my_registrations(request):
    member = _member(request)
    form = None
    if member is None:
        form = IdentifyForm(request.POST or None)
        if request.method == "POST" and _identify(request, form):
            return redirect("activities:portal_mine")
        _blank_identity(form)
    return render(
        request,
        "activities/portal/mine.html",
        {
            "member": member,
            "form": form,
            "rows": queries.member_registrations(member) if member else [],
        },
    )


@require_POST
def cancel(request, pk: int):
    member = _member(request)
    # only the identified member's own registration is found (none before identifying):
    # the answer says nothing of anyone else's
    row = Registration.objects.filter(pk=pk, member=member).first() if member else None
    if row is None:
        raise Http404("未找到该报名，请先在“我的报名”核对身份。")
    try:
        services.cancel_by_phone(member=member, registration=row)
        messages.success(request, f"已取消「{row.activity}」的报名。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("activities:portal_mine")


@require_POST
def leave(request):
    request.session.pop(SESSION_KEY, None)
    messages.success(request, "已退出。")
    return redirect("activities:portal")


urlpatterns = [
    path("m/activities/", activity_index, name="portal"),
    path("m/activities/mine/", my_registrations, name="portal_mine"),
    path("m/activities/leave/", leave, name="portal_leave"),
    path("m/activities/<int:pk>/", activity_page, name="portal_activity"),
    path("m/activities/registrations/<int:pk>/cancel/", cancel, name="portal_cancel"),
]
