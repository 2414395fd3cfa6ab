"""Writes of legal-person certificates (ORG-4): a union's online request with its
documents, and the staff's check (workflow_certificates) that issues, changes or cancels the
certificate. A certificate's changes are its audit entries (`orgs.certificate.*`)."""

import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, register_actions, snapshot
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.ids import InvalidID, uscc_validate
from gonghui.core.notify import notify
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.core.storable import check_storable
from gonghui.core.uploads import CheckedFile, check_uploads, folder_path, store_sealed

from .choices import CertificateDocumentKind, CertificateRequestKind, CertificateState, OrgKind
from .choices import CertificateRequestState as S
from .models import CertificateDocument, CertificateRequest, LegalPersonCertificate, Organization
from .queries_certificates import VIEW
from .workflow_certificates import APPLY, CHECK
from .workflow_certificates import CERTIFICATE_REQUEST_WORKFLOW as FLOW

FOLDER = "certificates"
MAX_FILES = 10
MAX_BYTES = 10 * 1024 * 1024
# A union's USCC begins 81: registered by a trade union (8), as a grassroots union (1).
UNION_USCC_PREFIX = "81"
CERTIFICATE_FIELDS = ["number", "uscc", "representative", "address", "issued_on", "valid_until"]

register_actions(
    {
        "orgs.certificate_request.submitted": "提交法人资格证书申请",
        "orgs.certificate_request.documents_added": "补充法人资格证书申请材料",
        "orgs.certificate.issued": "发放工会法人资格证书",
        "orgs.certificate.changed": "变更工会法人资格证书",
        "orgs.certificate.cancelled": "注销工会法人资格证书",
        "orgs.certificate_document.viewed": "查看法人资格证书申请材料",
    }
)

OPEN = (S.SUBMITTED, S.RETURNED)


def union_uscc_clean(raw: str, *, organization: Organization) -> str:
    """A union's USCC: 18 characters, a valid check digit, beginning 81, held by no other
    organization (unique on `Organization.uscc`)."""
    try:
        number = uscc_validate(raw, union=True)
    except InvalidID as exc:
        raise ApplicationError(exc.message, field="uscc") from exc
    if not number.startswith(UNION_USCC_PREFIX):
        raise ApplicationError("基层工会的统一社会信用代码应以81开头。", field="uscc")
    clash = Organization.objects.filter(uscc=number).exclude(pk=organization.pk).first()
    if clash:
        raise ApplicationError(f"统一社会信用代码已被「{clash.name}」使用。", field="uscc")
    return number


def valid_certificate_of(organization: Organization) -> LegalPersonCertificate | None:
    return LegalPersonCertificate.objects.filter(
        organization=organization, state=CertificateState.VALID
    ).first()


# ---- documents ----------------------------------------------------------------------------


def check_documents(documents: list[tuple[str, Any]]) -> list[tuple[str, CheckedFile]]:
    """Every (kind, upload) read and checked before anything is written (all or nothing)."""
    for kind, _upload in documents:
        if kind not in CertificateDocumentKind.values:
            raise ApplicationError(f"未知的材料类别「{kind}」。", field="documents")
    checked = check_uploads(
        [upload for _kind, upload in documents],
        max_files=MAX_FILES,
        max_bytes=MAX_BYTES,
        field="documents",
        what="申请材料",
    )
    return [(kind, f) for (kind, _u), f in zip(documents, checked, strict=True)]


def _store(request: CertificateRequest, files: list[tuple[str, CheckedFile]]) -> list:
    return [
        CertificateDocument.objects.create(
            request=request,
            kind=kind,
            stored_name=store_sealed(FOLDER, f),
            original_name=f.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
        )
        for kind, f in files
    ]


def document_path(document: CertificateDocument) -> Path:
    return folder_path(FOLDER) / document.stored_name


def _may_apply(actor: Any, organization: Organization) -> None:
    ensure_visible(actor, organization, APPLY)
    if actor.organization_id != organization.pk and not actor.can(CHECK):
        raise PermissionDenied("只有本工会或其上级工会可以为该工会申请办证。")


# ---- the request --------------------------------------------------------------------------


def _check_request_fields(
    kind: str, organization: Organization, representative: str, address: str, reason: str
) -> LegalPersonCertificate | None:
    if organization.kind != OrgKind.GRASSROOTS:
        raise ApplicationError("只有基层工会办理法人资格证书。", field="organization")
    if kind not in CertificateRequestKind.values:
        raise ApplicationError("请选择办理事项（申领、变更或注销）。", field="kind")
    current = valid_certificate_of(organization)
    if kind == CertificateRequestKind.NEW:
        if current is not None:
            raise ApplicationError(
                f"该工会已有有效的法人资格证书（{current.number}），请申请变更。", field="kind"
            )
        if not representative:
            raise ApplicationError("请填写法定代表人。", field="representative")
        if not address:
            raise ApplicationError("请填写住所。", field="address")
        return None
    if current is None:
        raise ApplicationError("该工会没有有效的法人资格证书，请先申领。", field="kind")
    if kind == CertificateRequestKind.CHANGE:
        if (representative or current.representative) == current.representative and (
            address or current.address
        ) == current.address:
            raise ApplicationError(
                "请填写变更后的法定代表人或住所（至少一项与现证书不同）。",
                field="representative",
            )
    elif not reason:
        raise ApplicationError("请填写注销事由。", field="reason")
    return current


@transaction.atomic
def certificate_request_submit(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    representative: str = "",
    address: str = "",
    reason: str = "",
    documents: list[tuple[str, Any]] | None = None,
) -> CertificateRequest:
    """A union's request, with its documents (a new certificate needs the application form)."""
    _may_apply(actor, organization)
    representative, address, reason = (
        (representative or "").strip(),
        (address or "").strip(),
        (reason or "").strip(),
    )
    current = _check_request_fields(kind, organization, representative, address, reason)
    open_request = organization.certificate_requests.filter(state__in=OPEN).first()
    if open_request is not None:
        raise ApplicationError(
            f"该工会已有办理中的申请（{open_request.get_kind_display()}，"
            f"{open_request.get_state_display()}），请先办结或撤回。",
            field="kind",
        )
    files = check_documents(documents or [])
    if kind == CertificateRequestKind.NEW and not any(
        k == CertificateDocumentKind.APPLICATION for k, _f in files
    ):
        raise ApplicationError("申领证书须上传工会法人资格登记申请表。", field="documents")
    request = CertificateRequest(
        organization=organization,
        org_path=organization.path,
        kind=kind,
        certificate=current,
        submitted_on=today(),
        representative=representative,
        address=address,
        reason=reason,
        created_by=actor_user(actor),
    )
    check_storable(request)
    request.save()
    stored = _store(request, files)
    FLOW.record_start(request, actor=actor)
    audit_record(
        actor=actor,
        action="orgs.certificate_request.submitted",
        target=request,
        data={
            "kind": kind,
            "representative": representative,
            "address": address,
            "documents": [d.original_name for d in stored],
        },
    )
    return request


@transaction.atomic
def certificate_request_add_documents(
    *, actor: Any, certificate_request: CertificateRequest, documents: list[tuple[str, Any]]
) -> list[CertificateDocument]:
    """More documents for a request still open (the correction a return asked for)."""
    _may_apply(actor, certificate_request.organization)
    if certificate_request.state not in OPEN:
        raise ApplicationError("该申请已办结，不能再补充材料。", field="documents")
    if not documents:
        raise ApplicationError("请选择要上传的材料。", field="documents")
    already = certificate_request.documents.count()
    files = check_documents(documents)
    if already + len(files) > MAX_FILES:
        raise ApplicationError(f"每份申请最多{MAX_FILES}个材料。", field="documents")
    stored = _store(certificate_request, files)
    audit_record(
        actor=actor,
        action="orgs.certificate_request.documents_added",
        target=certificate_request,
        data={"documents": [d.original_name for d in stored]},
    )
    return stored


# ---- the check (workflow transitions) -----------------------------------------------------


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ApplicationError("请填写审核意见（退回或不予办理的原因）。", field="note")
    return note


def certificate_request_return(
    *, actor: Any, certificate_request: CertificateRequest, version: int | None, note: str
) -> CertificateRequest:
    ensure_visible(actor, certificate_request)
    note = _note(note)
    return FLOW.transition(
        certificate_request,
        "return",
        actor=actor,
        version=version,
        note=note,
        changes={"check_note": note},
    )


def certificate_request_reject(
    *, actor: Any, certificate_request: CertificateRequest, version: int | None, note: str
) -> CertificateRequest:
    ensure_visible(actor, certificate_request)
    note = _note(note)
    return FLOW.transition(
        certificate_request,
        "reject",
        actor=actor,
        version=version,
        note=note,
        changes={"check_note": note, "decided_on": today()},
    )


def certificate_request_resubmit(
    *,
    actor: Any,
    certificate_request: CertificateRequest,
    version: int | None,
    representative: str = "",
    address: str = "",
    reason: str = "",
) -> CertificateRequest:
    """The corrected request, submitted again (its documents are added beside it)."""
    ensure_visible(actor, certificate_request)
    req = certificate_request
    representative = (representative or "").strip() or req.representative
    address = (address or "").strip() or req.address
    reason = (reason or "").strip() or req.reason
    _check_request_fields(req.kind, req.organization, representative, address, reason)
    return FLOW.transition(
        req,
        "resubmit",
        actor=actor,
        version=version,
        changes={
            "representative": representative,
            "address": address,
            "reason": reason,
            "submitted_on": today(),
        },
    )


def certificate_request_withdraw(
    *, actor: Any, certificate_request: CertificateRequest, version: int | None
) -> CertificateRequest:
    ensure_visible(actor, certificate_request)
    return FLOW.transition(
        certificate_request,
        "withdraw",
        actor=actor,
        version=version,
        changes={"decided_on": today()},
    )


@transaction.atomic
def certificate_request_issue(
    *,
    actor: Any,
    certificate_request: CertificateRequest,
    version: int | None,
    number: str,
    uscc: str,
    issued_on: datetime.date,
    valid_until: datetime.date,
) -> CertificateRequest:
    """Approve a new certificate: its number, the union's USCC (also set on the union),
    the representative and address asked for, and its validity."""
    ensure_visible(actor, certificate_request)
    req = certificate_request
    union = Organization.objects.select_for_update().get(pk=req.organization_id)
    number = (number or "").strip()
    if not number:
        raise ApplicationError("请填写证书编号。", field="number")
    if LegalPersonCertificate.objects.filter(number=number).exists():
        raise ApplicationError(f"证书编号「{number}」已被使用。", field="number")
    uscc = union_uscc_clean(uscc, organization=union)
    if issued_on is None or issued_on > today():
        raise ApplicationError("发证日期应填写，且不能晚于今天。", field="issued_on")
    if valid_until is None or valid_until <= issued_on:
        raise ApplicationError("有效期至应晚于发证日期。", field="valid_until")
    if valid_certificate_of(union) is not None:
        raise ApplicationError("该工会已有有效的法人资格证书，不能再发新证。", field="number")
    done = FLOW.transition(
        req, "issue", actor=actor, version=version, changes={"decided_on": today()}
    )
    certificate = LegalPersonCertificate(
        organization=union,
        org_path=union.path,
        number=number,
        uscc=uscc,
        representative=req.representative,
        address=req.address,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    check_storable(certificate)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:  # a second approval racing this one
        raise ApplicationError("该工会已有有效的法人资格证书，或证书编号已被使用。") from exc
    CertificateRequest.objects.filter(pk=done.pk).update(certificate=certificate)
    Organization.objects.filter(pk=union.pk).update(uscc=uscc)
    audit_record(
        actor=actor,
        action="orgs.certificate.issued",
        target=certificate,
        data={"request": req.pk, **snapshot(certificate, CERTIFICATE_FIELDS)},
    )
    done.certificate = certificate
    return done


def _locked_certificate(req: CertificateRequest) -> LegalPersonCertificate:
    certificate = (
        LegalPersonCertificate.objects.select_for_update()
        .filter(organization_id=req.organization_id, state=CertificateState.VALID)
        .first()
    )
    if certificate is None:
        raise ApplicationError("该工会没有有效的法人资格证书，不能办理变更或注销。")
    return certificate


@transaction.atomic
def certificate_request_change(
    *, actor: Any, certificate_request: CertificateRequest, version: int | None
) -> CertificateRequest:
    """Apply a change: the certificate's representative and address become those asked
    for; what it was is kept in the audit entry (the certificate's history)."""
    ensure_visible(actor, certificate_request)
    req = certificate_request
    certificate = _locked_certificate(req)
    before = snapshot(certificate, ["representative", "address"])
    done = FLOW.transition(
        req, "change", actor=actor, version=version, changes={"decided_on": today()}
    )
    certificate.representative = req.representative or certificate.representative
    certificate.address = req.address or certificate.address
    certificate.version += 1
    certificate.save(update_fields=["representative", "address", "version"])
    after = snapshot(certificate, ["representative", "address"])
    audit_record(
        actor=actor,
        action="orgs.certificate.changed",
        target=certificate,
        data={
            "request": req.pk,
            **{k: [before[k], after[k]] for k in after if before[k] != after[k]},
        },
    )
    if req.representative:
        Organization.objects.filter(pk=req.organization_id).update(chair_name=req.representative)
    return done


@transaction.atomic
def certificate_request_cancel(
    *, actor: Any, certificate_request: CertificateRequest, version: int | None
) -> CertificateRequest:
    ensure_visible(actor, certificate_request)
    req = certificate_request
    certificate = _locked_certificate(req)
    done = FLOW.transition(
        req, "cancel", actor=actor, version=version, changes={"decided_on": today()}
    )
    certificate.state = CertificateState.CANCELLED
    certificate.cancelled_on = today()
    certificate.cancel_reason = req.reason[:200]
    certificate.version += 1
    certificate.save(update_fields=["state", "cancelled_on", "cancel_reason", "version"])
    audit_record(
        actor=actor,
        action="orgs.certificate.cancelled",
        target=certificate,
        data={"request": req.pk, "state": ["valid", "cancelled"], "reason": req.reason},
    )
    return done


def document_viewed(*, actor: Any, document: CertificateDocument) -> None:
    require(actor, VIEW)
    audit_record(
        actor=actor,
        action="orgs.certificate_document.viewed",
        target=document.request,
        data={"document": document.pk},
    )


def certificates_notify_expiring(*, actor: Any, on: datetime.date) -> dict[str, int]:
    """The periodic notice: each union whose certificate expires within the alert days, and
    its town, are told once per validity (core.notify)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from .queries_certificates import certificates_to_notify

    require(actor, VIEW)
    users = get_user_model().objects.filter(is_active=True)
    told = 0
    for certificate in certificates_to_notify(on):
        union = certificate.organization
        places = [union.pk, *([union.town_id] if union.town_id else [])]
        recipients = [u for u in users.filter(organization_id__in=places) if u.can(VIEW)]
        days = (certificate.valid_until - on).days
        rows = notify(
            recipients=recipients,
            message=(
                f"「{union.name}」的工会法人资格证书（{certificate.number}）将于"
                f"{certificate.valid_until}到期（还有{days}天），请及时办理换证。"
            ),
            target=certificate,
            url=reverse("orgs:organization_detail", args=[union.pk]),
        )
        told += len(rows)
    return {"notified": told}
