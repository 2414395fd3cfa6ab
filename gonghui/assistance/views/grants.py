"""Staff pages of programs and grants (CARE-2): programs (list, detail with budget, committed
and left per town, form, budget split, kinds), grants (list, apply, detail with the
workflow's buttons, batch approval). Thin: forms, queries, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from gonghui.core.audit import audit_record
from gonghui.core.downloads import file_download
from gonghui.core.money import money_text
from gonghui.core.views_utils import paginate, query_without_page, require, run_service
from gonghui.core.workflow_views import workflow_actions, workflow_urls

from ..forms import grants as forms
from ..queries import grants as queries
from ..services import grants as services
from ..services.files import document_path
from ..workflow import GRANT_WORKFLOW

SECTION_GRANTS = "care_grants"
PREFILL = ("union", "member", "name", "reason")  # what a link may prefill on grant_apply
SECTION_PROGRAMS = "care_programs"


# ---- programs --------------------------------------------------------------------------------


@login_required
def program_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.ProgramFilterForm(request.GET or None, user=request.user)
    qs = queries.program_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "assistance/programs/program_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": SECTION_PROGRAMS,
        },
    )


@login_required
def program_detail(request, pk: int):
    program = queries.program_get(user=request.user, pk=pk)
    rows = queries.program_budget_rows(user=request.user, program=program)
    return render(
        request,
        "assistance/programs/program_detail.html",
        {
            "program": program,
            "rows": rows,
            "may_manage": request.user.can(services.MANAGE),
            "may_apply": request.user.can(services.APPLY),
            "section": SECTION_PROGRAMS,
        },
    )


def _program_initial(program) -> dict:
    initial = {name: getattr(program, name) for name in services.PROGRAM_FIELDS}
    initial["version"] = program.version
    return initial


@login_required
def program_form(request, pk: int | None = None):
    require(request.user, services.MANAGE)
    program = queries.program_get(user=request.user, pk=pk) if pk else None
    initial = _program_initial(program) if program else {"organizer": request.user.organization}
    form = forms.ProgramForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            data = form.service_kwargs()
            if program is None:
                organizer = data.pop("organizer")
                return services.program_create(actor=request.user, organizer=organizer, **data)
            return services.program_update(
                actor=request.user, program=program, version=form.cleaned_data["version"], **data
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, f"已保存项目「{saved}」。")
            return redirect("assistance:program_detail", saved.pk)
    return render(
        request,
        "assistance/programs/program_form.html",
        {"form": form, "program": program, "section": SECTION_PROGRAMS},
    )


@login_required
def program_budgets(request, pk: int):
    require(request.user, services.MANAGE)
    program = queries.program_get(user=request.user, pk=pk)
    towns = list(queries.towns_for_split(user=request.user, program=program))
    current = {b.town_id: b.amount for b in program.budgets.all()}
    proposal = services.budget_proposal(program, towns)
    if request.GET.get("propose"):
        values = {f"town_{t.pk}": proposal[t.pk] for t in towns}
    else:
        values = {f"town_{t.pk}": current[t.pk] for t in towns if t.pk in current}
    form = forms.BudgetSplitForm(
        request.POST or None, towns=towns, initial={"version": program.version, **values}
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.program_budgets_set(
                actor=request.user,
                program=program,
                version=form.cleaned_data["version"],
                shares=form.shares(),
            ),
        )
        if saved:
            messages.success(request, "已保存预算分配。")
            return redirect("assistance:program_detail", program.pk)
    counts = services.town_member_counts(towns)
    return render(
        request,
        "assistance/programs/program_budgets.html",
        {
            "program": program,
            "form": form,
            "proposal": [(t, n, proposal[t.pk]) for t, n in zip(towns, counts, strict=True)],
            "section": SECTION_PROGRAMS,
        },
    )


@login_required
def program_kinds(request):
    require(request.user, queries.VIEW)
    may_manage = request.user.can(services.MANAGE)
    form = forms.ProgramKindForm(request.POST or None, user=request.user, initial={"order": 100})
    if request.method == "POST":
        require(request.user, services.MANAGE)
        if form.is_valid():
            kind = run_service(
                form, lambda: services.program_kind_create(actor=request.user, **form.cleaned_data)
            )
            if kind:
                messages.success(request, f"已添加项目类别「{kind.name}」。")
                return redirect("assistance:program_kinds")
    return render(
        request,
        "assistance/programs/program_kinds.html",
        {
            "kinds": queries.program_kinds(),
            "form": form if may_manage else None,
            "section": SECTION_PROGRAMS,
        },
    )


# ---- grants ----------------------------------------------------------------------------------


@login_required
def grant_list(request):
    require(request.user, queries.VIEW)
    filter_form = forms.GrantFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    qs = queries.grant_list(user=request.user, filters=filters)
    may_batch = (
        request.user.can(services.APPROVE)
        and filters.get("program")
        and filters.get("state") == "reviewed"
    )
    return render(
        request,
        "assistance/grants/grant_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "may_batch": may_batch,
            "section": SECTION_GRANTS,
        },
    )


@login_required
def grant_apply(request, pk: int):
    require(request.user, services.APPLY)
    program = queries.program_get(user=request.user, pk=pk)
    initial = {}
    if request.user.organization and request.user.organization.kind == "grassroots":
        initial["union"] = request.user.organization_id
    # Prefilled from a link (the model-worker registry's "登记慰问/体检"): ids and a name only,
    # never a RIC in a URL; the picker fields resolve the ids within the user's scope.
    for name in PREFILL:
        if value := request.GET.get(name, "").strip()[:100]:
            initial[name] = value
    form = forms.ApplyForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        program=program,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        grant = run_service(
            form,
            lambda: services.grant_apply(
                actor=request.user, program=program, **form.service_kwargs()
            ),
        )
        if grant:
            messages.success(request, f"已提交申请 {grant.number}。")
            return redirect("assistance:grant_detail", grant.pk)
    return render(
        request,
        "assistance/grants/grant_form.html",
        {"form": form, "program": program, "section": SECTION_GRANTS},
    )


@login_required
def grant_detail(request, pk: int):
    grant = queries.grant_get(user=request.user, pk=pk)
    return render(
        request,
        "assistance/grants/grant_detail.html",
        {
            "grant": grant,
            "events": GRANT_WORKFLOW.events(grant),
            "actions": workflow_actions(
                GRANT_WORKFLOW, grant, request.user, "assistance:grant_transition"
            ),
            "documents": grant.documents.all(),
            "section": SECTION_GRANTS,
        },
    )


@login_required
def grant_document(request, pk: int, document_pk: int):
    grant = queries.grant_get(user=request.user, pk=pk)
    document = grant.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404("未找到该记录。")
    stored = document_path(document)
    if not stored.exists():
        raise Http404("文件不存在。")
    audit_record(
        actor=request.user,
        action="assistance.document.viewed",
        target=grant,
        data={"document": document.pk, "kind": document.kind},
    )
    return file_download(stored, name=document.original_name)


@login_required
def grant_batch(request):
    """Approve the reviewed grants the list's filters show (a program's), after a confirm
    step that says how many, how much, and which would be refused and why."""
    require(request.user, services.APPROVE)
    source = request.POST if request.method == "POST" else request.GET
    filter_form = forms.GrantFilterForm(source, user=request.user)
    filters = filter_form.filters()
    if not filters.get("program"):
        messages.error(request, "请先在资金列表中选择一个项目，再批量批准其待审批的申请。")
        return redirect("assistance:grant_list")
    qs = queries.batch_candidates(user=request.user, filters=filters)
    ids = list(qs.values_list("pk", flat=True)[: services.BATCH_MAX])
    form = forms.BatchForm(request.POST or None)
    result = None
    if ids:
        if request.method == "POST" and form.is_valid():
            result = run_service(
                form,
                lambda: services.grants_approve_batch(
                    actor=request.user, grant_ids=ids, note=form.cleaned_data["note"]
                ),
            )
            if result:
                messages.success(
                    request,
                    f"已批准 {result.approved} 笔，合计 {money_text(result.total)} 元；"
                    f"未批准 {len(result.refused)} 笔。",
                )
                if not result.refused:
                    return redirect(f"{_list_url()}?program={filters['program']}&state=approved")
        else:
            result = services.grants_approve_batch(actor=request.user, grant_ids=ids, dry_run=True)
    return render(
        request,
        "assistance/grants/grant_batch.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "form": form,
            "result": result,
            "count": len(ids),
            "section": SECTION_GRANTS,
        },
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("assistance:grant_list")


urlpatterns = [
    path("assistance/programs/", program_list, name="program_list"),
    path("assistance/programs/new/", program_form, name="program_create"),
    path("assistance/programs/kinds/", program_kinds, name="program_kinds"),
    path("assistance/programs/<int:pk>/", program_detail, name="program_detail"),
    path("assistance/programs/<int:pk>/edit/", program_form, name="program_edit"),
    path("assistance/programs/<int:pk>/budgets/", program_budgets, name="program_budgets"),
    path("assistance/programs/<int:pk>/apply/", grant_apply, name="grant_apply"),
    path("assistance/grants/", grant_list, name="grant_list"),
    path("assistance/grants/batch/", grant_batch, name="grant_batch"),
    path("assistance/grants/<int:pk>/", grant_detail, name="grant_detail"),
    path(
        "assistance/grants/<int:pk>/documents/<int:document_pk>/",
        grant_document,
        name="grant_document",
    ),
    *workflow_urls(GRANT_WORKFLOW, "assistance/grants/", "grant_transition"),
]
