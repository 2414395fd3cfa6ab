"""Legal-person certificate API (ORG-4): certificates, unions without one, requests with
their documents (multipart), the check's workflow endpoint, a document's download."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.downloads import file_download
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.core.workflow_api import add_action_endpoint

from . import queries_certificates as queries
from . import services_certificates as services
from .choices import CertificateDocumentKind
from .models import Organization
from .schemas_certificates import (
    CertificateFilters,
    CertificateOut,
    CertificateRequestOut,
    DocumentOut,
    RequestFilters,
    UnionOut,
    WithoutFilters,
)
from .workflow_certificates import CERTIFICATE_REQUEST_WORKFLOW

router = Router(tags=["法人资格证书"])


@router.get("/certificates", response=list[CertificateOut])
@paginate(CappedPagination, page_size=100)
def list_certificates(request, filters: Query[CertificateFilters]):
    require(request.user, queries.VIEW)
    return queries.certificate_list(user=request.user, filters=filters.dict())


@router.get("/certificates/without", response=list[UnionOut])
@paginate(CappedPagination, page_size=100)
def list_without(request, filters: Query[WithoutFilters]):
    require(request.user, queries.VIEW)
    return queries.unions_without_certificate(user=request.user, filters=filters.dict())


@router.get("/certificates/requests", response=list[CertificateRequestOut])
@paginate(CappedPagination, page_size=100)
def list_requests(request, filters: Query[RequestFilters]):
    require(request.user, queries.VIEW)
    return queries.certificate_requests(user=request.user, filters=filters.dict()).prefetch_related(
        "documents"
    )


@router.get("/certificates/requests/{request_id}", response=CertificateRequestOut)
def get_request(request, request_id: int):
    return queries.certificate_request_get(user=request.user, pk=request_id)


@router.get("/certificates/{certificate_id}", response=CertificateOut)
def get_certificate(request, certificate_id: int):
    return queries.certificate_get(user=request.user, pk=certificate_id)


def _documents(request) -> list[tuple[str, object]]:
    """Files posted as `doc_<kind>` (doc_application, doc_approval, …)."""
    return [
        (kind, request.FILES[f"doc_{kind}"])
        for kind in CertificateDocumentKind.values
        if f"doc_{kind}" in request.FILES
    ]


@router.post(
    "/orgs/{org_id}/certificate/requests",
    response={201: CertificateRequestOut},
    summary="提交法人资格证书申请（multipart：kind、representative、address、reason 及 doc_<材料类别> 文件）",
)
def submit_request(
    request,
    org_id: int,
    kind: Form[str],
    representative: Form[str] = "",
    address: Form[str] = "",
    reason: Form[str] = "",
):
    org = access(Organization, request.user, org_id)
    done = services.certificate_request_submit(
        actor=request.user,
        organization=org,
        kind=kind,
        representative=representative,
        address=address,
        reason=reason,
        documents=_documents(request),
    )
    return 201, done


@router.post("/certificates/requests/{request_id}/documents", response={201: list[DocumentOut]})
def add_documents(request, request_id: int, file: File[list[UploadedFile]] = None):
    req = queries.certificate_request_get(user=request.user, pk=request_id)
    kind = request.POST.get("kind", CertificateDocumentKind.OTHER)
    documents = [(kind, f) for f in request.FILES.getlist("file")] or _documents(request)
    return 201, services.certificate_request_add_documents(
        actor=request.user, certificate_request=req, documents=documents
    )


@router.get("/certificates/requests/{request_id}/documents/{document_id}")
def download_document(request, request_id: int, document_id: int):
    req = queries.certificate_request_get(user=request.user, pk=request_id)
    document = get_object_or_404(req.documents, pk=document_id)
    path = services.document_path(document)
    if not path.exists():
        raise Http404("材料文件不存在。")
    services.document_viewed(actor=request.user, document=document)
    return file_download(path, name=document.original_name)


add_action_endpoint(
    router,
    "/certificates/requests/{pk}/actions",
    CERTIFICATE_REQUEST_WORKFLOW,
    CertificateRequestOut,
)
