"""Pages of the model-worker registry (MERIT-2): the list, one model worker (the honor, the
person's other honors, benefits of the level in force, studios led, care received as
assistance grants, state history), a model worker of earlier years, the employer and note,
a state change (confirmed), benefits as data, the picker's endpoint. Thin: forms, queries,
one service call."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.audit import action_label
from gonghui.core.clock import today
from gonghui.core.suggest import SUGGEST_LIMIT, Suggestion, matching, query_text, suggestions
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)

from ..choices import Level
from ..forms import workers as forms
from ..models import ModelWorker
from ..queries import studios as studio_queries
from ..queries import workers as queries
from ..rules import workers as rules
from ..services import workers as services

SECTION = "merit_model_workers"


@login_required
def model_worker_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.ModelWorkerFilterForm(request.GET or None, user=request.user)
    rows = queries.model_worker_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "merit/workers/model_worker_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


def _apply_links(worker: ModelWorker, programs: list) -> list[dict]:
    """The assistance application of each open program, prefilled for this person (the RIC
    is never put in a URL: a worker who is not a member has it typed on that page)."""
    params = {"union": worker.union_id, "reason": f"{worker.get_level_display()}劳模{worker.name}"}
    if worker.member_id:
        params["member"] = worker.member_id
    else:
        params["name"] = worker.name
    query = urlencode(params)
    return [
        {"program": p, "url": reverse("assistance:grant_apply", args=[p.pk]) + "?" + query}
        for p in programs
    ]


def _history(worker: ModelWorker) -> list[dict]:
    return [
        {"entry": e, "label": action_label(e.action), "data": e.data}
        for e in queries.state_history(worker)
    ]


@login_required
def model_worker_detail(request, pk: int):
    worker = queries.model_worker_get(user=request.user, pk=pk)
    may_manage = request.user.can(services.MANAGE)
    benefits = queries.benefits_in_force(worker.level)
    final = not rules.NEXT_STATES.get(worker.state)
    return render(
        request,
        "merit/workers/model_worker_detail.html",
        {
            "worker": worker,
            "honor": worker.honor,
            "other_honors": queries.other_honors(request.user, worker),
            "benefits": [{"row": b, "text": rules.benefit_text(b)} for b in benefits],
            "standing": rules.is_standing(worker.state),
            "studios": studio_queries.studios_led(request.user, worker),
            "grants": queries.care_grants(request.user, worker)[:100],
            "may_see_grants": request.user.can(queries.GRANTS_VIEW),
            "apply_links": _apply_links(worker, queries.care_programs(request.user))
            if rules.is_standing(worker.state)
            else [],
            "history": _history(worker),
            "edit_form": forms.ModelWorkerEditForm(
                initial={
                    "version": worker.version,
                    "employer": worker.employer,
                    "note": worker.note,
                },
                user=request.user,
                auto_id="edit_%s",
            )
            if may_manage
            else None,
            "state_form": forms.StateForm(
                initial={"version": worker.version}, current=worker.state, auto_id="state_%s"
            )
            if may_manage and not final
            else None,
            "state_confirm": f"确定变更{worker.name}的劳模状态吗？已故、撤销称号后不能恢复；"
            "撤销称号同时撤销其荣誉，会员的劳模标识随之更新。",
            "section": SECTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_worker_create(request):
    require(request.user, services.MANAGE)
    form = forms.ModelWorkerRecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        worker = run_service(
            form, lambda: services.model_worker_record(actor=request.user, **form.cleaned_data)
        )
        if worker:
            messages.success(request, f"已登记{worker.year}年劳模{worker.name}。")
            return redirect("merit:model_worker_detail", worker.pk)
    return render(
        request, "merit/workers/model_worker_form.html", {"form": form, "section": SECTION}
    )


@login_required
@require_POST
def model_worker_edit(request, pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    worker = queries.model_worker_get(user=request.user, pk=pk)
    form = forms.ModelWorkerEditForm(request.POST, user=request.user, auto_id="edit_%s")
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        done = run_service(
            form,
            lambda: services.model_worker_update(
                actor=request.user, worker=worker, version=version, **data
            ),
        )
        if done:
            messages.success(request, "已保存。")
    form_errors_to_messages(request, form)
    return redirect("merit:model_worker_detail", worker.pk)


@login_required
@require_POST
def model_worker_state(request, pk: int):
    require(request.user, services.MANAGE)  # 403 whatever the pk, before the lookup
    worker = queries.model_worker_get(user=request.user, pk=pk)
    form = forms.StateForm(request.POST, current=worker.state, auto_id="state_%s")
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.model_worker_set_state(
                actor=request.user,
                worker=worker,
                state=data["state"],
                version=data["version"],
                reason=data["reason"],
            ),
        )
        if done:
            messages.success(request, f"{done.name}的状态已改为“{done.get_state_display()}”。")
    form_errors_to_messages(request, form)
    return redirect("merit:model_worker_detail", worker.pk)


@login_required
def suggest_model_workers(request):
    """Standing model workers of the user's scope by name, each with their union."""
    require(request.user, queries.VIEW)
    rows = ModelWorker.objects.visible_to(request.user, queries.VIEW).filter(
        state__in=rules.STANDING
    )
    found = matching(rows, query_text(request), code_field=None).select_related("union")
    return suggestions(
        Suggestion(w.pk, w.name, w.union.name, f"{w.year}年{w.get_level_display()}")
        for w in found[:SUGGEST_LIMIT]
    )


# ---- benefits ----------------------------------------------------------------------------


@login_required
def benefit_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.BenefitFilterForm(request.GET or None, user=request.user)
    rows = queries.benefit_list(user=request.user, filters=filter_form.filters())
    in_force = {b.pk for level in Level.values for b in queries.benefits_in_force(level)}
    page = paginate(request, rows)
    day = today()
    shown = [
        {
            "b": b,
            "text": rules.benefit_text(b),
            "status": "现行"
            if b.pk in in_force
            else "未生效"
            if b.effective_from > day
            else "已调整",
        }
        for b in page
    ]
    return render(
        request,
        "merit/workers/benefit_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": shown,
            "query": query_without_page(request),
            "may_manage": request.user.can(services.MANAGE),
            "section": SECTION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def benefit_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    benefit = queries.benefit_get(user=request.user, pk=pk) if pk else None
    initial = {}
    if benefit is not None:
        initial = {name: getattr(benefit, name) for name in services.BENEFIT_FIELDS}
        initial["version"] = benefit.version
    form = forms.BenefitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if benefit is None:
                return services.benefit_create(actor=request.user, **data)
            version = form.cleaned_data["version"]
            return services.benefit_update(
                actor=request.user, benefit=benefit, version=version, **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存{saved}（{saved.effective_from:%Y-%m-%d}起）。")
            return redirect(reverse("merit:benefit_list") + f"?level={saved.level}")
    return render(
        request,
        "merit/workers/benefit_form.html",
        {"form": form, "benefit": benefit, "section": SECTION},
    )


urlpatterns = [
    path("merit/model-workers/", model_worker_list, name="model_worker_list"),
    path("merit/model-workers/new/", model_worker_create, name="model_worker_create"),
    path("merit/model-workers/<int:pk>/", model_worker_detail, name="model_worker_detail"),
    path("merit/model-workers/<int:pk>/edit/", model_worker_edit, name="model_worker_edit"),
    path("merit/model-workers/<int:pk>/state/", model_worker_state, name="model_worker_state"),
    path("merit/benefits/", benefit_list, name="benefit_list"),
    path("merit/benefits/new/", benefit_form, name="benefit_create"),
    path("merit/benefits/<int:pk>/edit/", benefit_form, name="benefit_edit"),
    path("merit/suggest/model-workers/", suggest_model_workers, name="suggest_model_workers"),
]
