"""Pages of innovation studios (MERIT-2): the list, the form, a studio with its members and
results (added and removed). Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..forms import studios as forms
from ..queries import studios as queries
from ..services import studios as services

SECTION = "merit_studios"


@login_required
def studio_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.StudioFilterForm(request.GET or None, user=request.user)
    rows = queries.studio_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/workers/studio_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


@login_required
def studio_detail(request, pk: int):
    studio = queries.studio_get(user=request.user, pk=pk)
    may_manage = request.user.can(services.MANAGE)
    return render(
        request,
        "merit/workers/studio_detail.html",
        {
            "studio": studio,
            "members": studio.members.select_related("union").order_by("name", "pk"),
            "results": queries.studio_results(studio),
            "total": queries.results_total(studio),
            "may_manage": may_manage,
            "result_form": forms.ResultForm(auto_id="result_%s") if may_manage else None,
            "member_form": forms.StudioMemberForm(user=request.user, auto_id="member_%s")
            if may_manage
            else None,
            "section": SECTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    studio = queries.studio_get(user=request.user, pk=pk) if pk else None
    initial = {}
    if studio is not None:
        initial = {
            "name": studio.name,
            "level": studio.level,
            "employer": studio.employer,
            "leader": studio.leader,
            "leader_name": "" if studio.leader_id else studio.leader_name,
            "founded_on": studio.founded_on,
            "field": studio.field,
            "is_active": studio.is_active,
            "version": studio.version,
        }
    form = forms.StudioForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if studio is None:
                return services.studio_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.studio_update(
                actor=request.user, studio=studio, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存「{saved}」。")
            return redirect("merit:studio_detail", saved.pk)
    return render(
        request,
        "merit/workers/studio_form.html",
        {"form": form, "studio": studio, "section": SECTION},
    )


@login_required
@require_POST
def result_add(request, pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    studio = queries.studio_get(user=request.user, pk=pk)
    form = forms.ResultForm(request.POST, auto_id="result_%s")
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.result_add(actor=request.user, studio=studio, **form.cleaned_data),
        )
        if done:
            messages.success(request, f"已登记成果「{done.title}」。")
    form_errors_to_messages(request, form)
    return redirect("merit:studio_detail", studio.pk)


@login_required
@require_POST
def result_remove(request, pk: int, result_pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    studio = queries.studio_get(user=request.user, pk=pk)
    result = queries.result_get(studio, result_pk)
    services.result_remove(actor=request.user, studio=studio, result=result)
    messages.success(request, f"已删除成果「{result.title}」。")
    return redirect("merit:studio_detail", studio.pk)


@login_required
@require_POST
def member_add(request, pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    studio = queries.studio_get(user=request.user, pk=pk)
    form = forms.StudioMemberForm(request.POST, user=request.user, auto_id="member_%s")
    if form.is_valid():
        member = form.cleaned_data["member"]
        done = run_service(
            form,
            lambda: (
                services.studio_member_add(actor=request.user, studio=studio, member=member) or True
            ),
        )
        if done:
            messages.success(request, f"已添加成员{member.name}。")
    form_errors_to_messages(request, form)
    return redirect("merit:studio_detail", studio.pk)


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    studio = queries.studio_get(user=request.user, pk=pk)
    member = get_object_or_404(studio.members, pk=member_pk)
    services.studio_member_remove(actor=request.user, studio=studio, member=member)
    messages.success(request, f"已将{member.name}移出工作室。")
    return redirect("merit:studio_detail", studio.pk)


urlpatterns = [
    path("merit/studios/", studio_list, name="studio_list"),
    path("merit/studios/new/", studio_form, name="studio_create"),
    path("merit/studios/<int:pk>/", studio_detail, name="studio_detail"),
    path("merit/studios/<int:pk>/edit/", studio_form, name="studio_edit"),
    path("merit/studios/<int:pk>/results/", result_add, name="studio_result_add"),
    path(
        "merit/studios/<int:pk>/results/<int:result_pk>/remove/",
        result_remove,
        name="studio_result_remove",
    ),
    path("merit/studios/<int:pk>/members/", member_add, name="studio_member_add"),
    path(
        "merit/studios/<int:pk>/members/<int:member_pk>/remove/",
        member_remove,
        name="studio_member_remove",
    ),
]
