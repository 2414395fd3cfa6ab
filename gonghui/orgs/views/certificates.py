"""Pages of legal-person certificates (ORG-4): the lists (certificates, unions without a valid
one, requests), a union's application with its documents (a chair does it on a phone), the
request's page with the check's buttons (core.workflow), a document's download in scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.downloads import file_download
from gonghui.core.views_utils import (
    form_errors_to_messages,
    paginate,
    query_without_page,
    require,
    run_service,
)
from gonghui.core.workflow_views import workflow_actions

from .. import queries, queries_certificates, services_certificates
from ..forms_certificates import (
    CertificateFilterForm,
    DocumentsForm,
    RequestFilterForm,
    RequestForm,
    WithoutFilterForm,
)
from ..workflow_certificates import APPLY, CERTIFICATE_REQUEST_WORKFLOW

VIEW = queries_certificates.VIEW


def _list(request, template: str, form_class, rows, **extra):
    filter_form = form_class(request.GET or None, user=request.user)
    return render(
        request,
        template,
        {
            "filter_form": filter_form,
            "page": paginate(request, rows(user=request.user, filters=filter_form.filters())),
            "query": query_without_page(request),
            "section": "certificates",
            **extra,
        },
    )


@login_required
def certificate_list(request):
    require(request.user, VIEW)
    return _list(
        request,
        "orgs/certificates/list.html",
        CertificateFilterForm,
        queries_certificates.certificate_list,
        days=queries_certificates.expiry_days(),
    )


@login_required
def without(request):
    require(request.user, VIEW)
    return _list(
        request,
        "orgs/certificates/without.html",
        WithoutFilterForm,
        queries_certificates.unions_without_certificate,
    )


@login_required
def request_list(request):
    require(request.user, VIEW)
    return _list(
        request,
        "orgs/certificates/requests.html",
        RequestFilterForm,
        queries_certificates.certificate_requests,
    )


@login_required
def certificate_detail(request, pk: int):
    certificate = queries_certificates.certificate_get(user=request.user, pk=pk)
    return render(
        request,
        "orgs/certificates/detail.html",
        {
            "certificate": certificate,
            "history": queries_certificates.certificate_history(
                user=request.user, certificate=certificate
            ),
            "requests": certificate.requests.order_by("-pk"),
            "section": "certificates",
        },
    )


@login_required
def request_create(request, pk: int):
    """A union applies (`orgs/<pk>/certificate/apply/`): its chair, or staff above it."""
    require(request.user, APPLY)
    org = queries.organization_get(user=request.user, pk=pk)
    current = queries_certificates.certificate_of(user=request.user, organization=org)
    initial = {"kind": "change" if current and current.state == "valid" else "new"}
    if current:
        initial.update(representative=current.representative, address=current.address)
    else:
        initial.update(representative=org.chair_name)
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in list(data):
            if key.startswith("doc_"):
                data.pop(key)
        done = run_service(
            form,
            lambda: services_certificates.certificate_request_submit(
                actor=request.user,
                organization=org,
                documents=form.documents(request.FILES),
                **data,
            ),
        )
        if done:
            messages.success(request, f"已提交{done.get_kind_display()}申请，请等待审核。")
            return redirect("orgs:certificate_request_detail", done.pk)
    return render(
        request,
        "orgs/certificates/apply.html",
        {"form": form, "org": org, "current": current, "section": "certificates"},
    )


@login_required
def request_detail(request, pk: int):
    req = queries_certificates.certificate_request_get(user=request.user, pk=pk)
    flow = CERTIFICATE_REQUEST_WORKFLOW
    may_add = req.state in services_certificates.OPEN and request.user.can(APPLY)
    return render(
        request,
        "orgs/certificates/request_detail.html",
        {
            "req": req,
            "documents": queries_certificates.request_documents(req),
            "events": flow.events(req),
            "actions": workflow_actions(
                flow, req, request.user, "orgs:certificate_request_transition"
            ),
            "documents_form": DocumentsForm() if may_add else None,
            "current": queries_certificates.certificate_of(
                user=request.user, organization=req.organization
            ),
            "section": "certificates",
        },
    )


@login_required
@require_POST
def request_documents_add(request, pk: int):
    req = queries_certificates.certificate_request_get(user=request.user, pk=pk)
    form = DocumentsForm(request.POST, request.FILES)
    done = form.is_valid() and run_service(
        form,
        lambda: services_certificates.certificate_request_add_documents(
            actor=request.user, certificate_request=req, documents=form.documents(request.FILES)
        ),
    )
    if done:
        messages.success(request, f"已补充{len(done)}个材料。")
    else:
        form_errors_to_messages(request, form)
    return redirect("orgs:certificate_request_detail", req.pk)


@login_required
def document_download(request, pk: int, document_pk: int):
    """Only through the request's scope; never a public URL; each view audited."""
    req = queries_certificates.certificate_request_get(user=request.user, pk=pk)
    document = get_object_or_404(req.documents, pk=document_pk)
    path = services_certificates.document_path(document)
    if not path.exists():
        raise Http404("材料文件不存在。")
    services_certificates.document_viewed(actor=request.user, document=document)
    return file_download(path, name=document.original_name)
