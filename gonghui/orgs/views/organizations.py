from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.core.registry import rendered_detail_panels
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from .. import queries, services
from ..forms import MoveForm, OrganizationFilterForm, OrganizationForm


@login_required
def tree(request):
    require(request.user, "orgs.view")
    root = queries.user_root(request.user)
    return render(
        request,
        "orgs/tree.html",
        {
            "root": root,
            "counts": queries.subtree_counts(root),
            "section": "orgs",
            **_children(request.user, root),
        },
    )


def _children(user, parent) -> dict:
    return {
        "children": queries.tree_children(user=user, parent=parent),
        "parent": parent,
        "children_total": queries.children_count(user=user, parent=parent),
        "page_size": queries.TREE_PAGE,
    }


@login_required
def tree_children(request, pk: int):
    require(request.user, "orgs.view")
    org = queries.organization_get(user=request.user, pk=pk)
    return render(
        request,
        "orgs/partials/tree_children.html",
        _children(request.user, org),
    )


@login_required
def organization_list(request):
    require(request.user, "orgs.view")
    filter_form = OrganizationFilterForm(request.GET or None, user=request.user)
    qs = queries.organization_list(user=request.user, filters=filter_form.filters())
    return render(
        request,
        "orgs/organization_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "section": "orgs",
        },
    )


@login_required
def organization_detail(request, pk: int):
    require(request.user, "orgs.view")
    org = queries.organization_get(user=request.user, pk=pk)
    return render(
        request,
        "orgs/organization_detail.html",
        {
            "org": org,
            "counts": queries.subtree_counts(org),
            "section": "orgs",
            **_children(request.user, org),
            "employers": org.employers.order_by("name")[:50],
            "terms": org.terms.order_by("-starts_on"),
            "elections": org.elections.all()[:10],
            "moves": org.moves.select_related("from_parent", "to_parent", "moved_by"),
            "detail_panels": rendered_detail_panels("orgs.Organization", org, request.user),
        },
    )


@login_required
def organization_create(request, pk: int):
    parent = queries.organization_get(user=request.user, pk=pk)
    require(request.user, "orgs.edit")
    form = OrganizationForm(request.POST or None, parent=parent, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        org = run_service(
            form, lambda: services.organization_create(actor=request.user, parent=parent, **data)
        )
        if org:
            messages.success(request, f"已新建「{org.name}」。")
            return redirect("orgs:organization_detail", org.pk)
    return render(
        request, "orgs/organization_form.html", {"form": form, "parent": parent, "section": "orgs"}
    )


@login_required
def organization_edit(request, pk: int):
    org = queries.organization_get(user=request.user, pk=pk)
    initial = {f: getattr(org, f) for f in services.ORG_FIELDS} | {"version": org.version}
    form = OrganizationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "kind")}
        saved = run_service(
            form,
            lambda: services.organization_update(
                actor=request.user, org=org, version=form.cleaned_data["version"], **data
            ),
        )
        if saved:
            messages.success(request, "已保存。")
            return redirect("orgs:organization_detail", org.pk)
    return render(
        request, "orgs/organization_form.html", {"form": form, "org": org, "section": "orgs"}
    )


@login_required
def organization_move(request, pk: int):
    org = queries.organization_get(user=request.user, pk=pk)
    require(request.user, "orgs.move")
    form = MoveForm(
        request.POST or None, user=request.user, org=org, initial={"version": org.version}
    )
    if request.method == "POST" and form.is_valid():
        moved = run_service(
            form,
            lambda: services.organization_move(
                actor=request.user,
                org=org,
                new_parent=form.cleaned_data["new_parent"],
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if moved:
            messages.success(request, f"「{moved.name}」已调整到「{moved.parent.name}」之下。")
            return redirect("orgs:organization_detail", moved.pk)
    return render(
        request, "orgs/organization_move.html", {"form": form, "org": org, "section": "orgs"}
    )
