"""Reads of legal-person certificates (ORG-4): certificates, unions without a valid one,
certificates expiring, requests to check. A certificate is "valid on d" when its state is
valid, it was issued by d and its validity runs to d or later; the indicators count the same."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.core.clock import today
from gonghui.core.forms import as_date, as_int
from gonghui.core.ids import normalize_code
from gonghui.core.search import name_q

from .choices import CertificateRequestState, CertificateState, OrgKind
from .models import CertificateDocument, CertificateRequest, LegalPersonCertificate, Organization
from .queries import within_organization
from .workflow_certificates import CHECK

VIEW = "certificates.view"


def expiry_days() -> int:
    return getattr(settings, "CERTIFICATE_ALERT_DAYS", 90)


def valid_on(on: datetime.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}state": CertificateState.VALID,
            f"{prefix}issued_on__lte": on,
            f"{prefix}valid_until__gte": on,
        }
    )


def certificates_valid_on(qs: QuerySet[LegalPersonCertificate], on: datetime.date) -> QuerySet:
    """Valid on `on`: issued by then, not expired; a cancellation counts from its date."""
    return qs.filter(
        Q(state=CertificateState.VALID) | Q(cancelled_on__gt=on),
        issued_on__lte=on,
        valid_until__gte=on,
    )


def certificates_expiring(
    qs: QuerySet[LegalPersonCertificate], on: datetime.date, days: int | None = None
) -> QuerySet:
    end = on + datetime.timedelta(days=days if days is not None else expiry_days())
    return qs.filter(state=CertificateState.VALID, valid_until__gte=on, valid_until__lte=end)


def certificate_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[LegalPersonCertificate]:
    """Certificates in scope; `state` (valid, cancelled, expired), `town`, `due`
    ("expiring": within the alert days), `valid_until_to`, `q` (union, number, USCC)."""
    f = filters or {}
    now = today()
    qs = LegalPersonCertificate.objects.visible_to(user, VIEW).select_related("organization__town")
    if q := (f.get("q") or "").strip():
        qs = qs.filter(
            name_q(qs, "organization__name", q) | Q(number=q) | Q(uscc=normalize_code(q))
        )
    state = f.get("state")
    if state == "expired":
        qs = qs.filter(state=CertificateState.VALID, valid_until__lt=now)
    elif state == CertificateState.VALID:
        qs = qs.filter(state=CertificateState.VALID, valid_until__gte=now)
    elif state in CertificateState.values:
        qs = qs.filter(state=state)
    if f.get("due") == "expiring":
        qs = certificates_expiring(qs, now)
    # an indicator's drill-down: valid, or expiring, as they stood on a day
    if day := as_date(f.get("valid_on")):
        qs = certificates_valid_on(qs, day)
    if day := as_date(f.get("expiring_on")):
        qs = certificates_expiring(qs, day)
    if town := as_int(f.get("town")):
        qs = qs.filter(organization__town_id=town)
    if end := as_date(f.get("valid_until_to")):
        qs = qs.filter(valid_until__lte=end)
    if (year := as_int(f.get("issued_year"))) is not None:
        qs = qs.filter(issued_on__year=year)
    if start := as_date(f.get("issued_from")):
        qs = qs.filter(issued_on__gte=start)
    if end := as_date(f.get("issued_to")):
        qs = qs.filter(issued_on__lte=end)
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.order_by("valid_until", "pk")


def certificate_get(*, user: Any, pk: Any) -> LegalPersonCertificate:
    from gonghui.core.scope import access

    return access(LegalPersonCertificate.objects.select_related("organization"), user, pk, VIEW)


def unions_without_certificate(
    *, user: Any, filters: dict[str, Any] | None = None, on: datetime.date | None = None
) -> QuerySet[Organization]:
    """Active grassroots unions in scope without a certificate valid today (or `on`)."""
    f = filters or {}
    day = on or as_date(f.get("on")) or today()
    valid = certificates_valid_on(
        LegalPersonCertificate.objects.filter(organization=OuterRef("pk")), day
    )
    qs = (
        Organization.objects.visible_to(user, VIEW)
        .filter(kind=OrgKind.GRASSROOTS, is_active=True)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
        .exclude(Exists(valid))
        .select_related("town")
    )
    if town := as_int(f.get("town")):
        qs = qs.filter(town_id=town)
    if q := (f.get("q") or "").strip():
        qs = qs.filter(name_q(qs, "name", q))
    if f.get("org") is not None:
        qs = within_organization(qs, f["org"])
    return qs.order_by("path")


def certificate_of(*, user: Any, organization: Organization) -> LegalPersonCertificate | None:
    """The union's current certificate (valid state, expired or not), else its latest."""
    qs = LegalPersonCertificate.objects.visible_to(user, VIEW).filter(organization=organization)
    return (
        qs.filter(state=CertificateState.VALID).first() or qs.order_by("-issued_on", "-pk").first()
    )


def certificate_requests(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[CertificateRequest]:
    """Requests in scope; `state`, `kind`, `town`, `organization`, `todo` (to check)."""
    f = filters or {}
    qs = CertificateRequest.objects.visible_to(user, VIEW).select_related(
        "organization__town", "certificate"
    )
    if f.get("todo"):
        return requests_to_check(user=user)
    if f.get("state") in CertificateRequestState.values:
        qs = qs.filter(state=f["state"])
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if town := as_int(f.get("town")):
        qs = qs.filter(organization__town_id=town)
    if org := as_int(f.get("organization")):
        qs = qs.filter(organization_id=org)
    return qs.order_by("-submitted_on", "-pk")


def requests_to_check(*, user: Any) -> QuerySet[CertificateRequest]:
    """Submitted requests the user may check: in scope, and not of the user's own union."""
    return (
        CertificateRequest.objects.visible_to(user, CHECK)
        .filter(state=CertificateRequestState.SUBMITTED)
        .exclude(organization_id=user.organization_id)
        .select_related("organization__town")
        .order_by("submitted_on", "pk")
    )


def certificate_request_get(*, user: Any, pk: Any) -> CertificateRequest:
    from gonghui.core.scope import access

    return access(
        CertificateRequest.objects.select_related("organization", "certificate"), user, pk, VIEW
    )


def request_documents(request: CertificateRequest) -> QuerySet[CertificateDocument]:
    return request.documents.order_by("pk")


def certificate_history(*, user: Any, certificate: LegalPersonCertificate) -> list[dict[str, Any]]:
    """The certificate's audit entries (issued, changed, cancelled), newest first, each
    with its label and what changed ("法定代表人：张三 → 李四")."""
    from gonghui.core.audit import action_label
    from gonghui.core.models import AuditEntry

    labels = {"representative": "法定代表人", "address": "住所", "state": "状态", "reason": "原因"}
    entries = AuditEntry.objects.filter(
        target_type="orgs.legalpersoncertificate",
        target_id=str(certificate.pk),
        action__startswith="orgs.certificate.",
    ).order_by("-pk")
    return [
        {
            "at": e.at,
            "label": action_label(e.action),
            "actor": e.actor_name,
            "changes": [
                f"{labels[k]}：{v[0]} → {v[1]}" if isinstance(v, list) else f"{labels[k]}：{v}"
                for k, v in e.data.items()
                if k in labels
            ],
        }
        for e in entries
    ]


def certificates_to_notify(on: datetime.date) -> list[LegalPersonCertificate]:
    """Valid certificates expiring within the alert days whose union and town were not yet
    told of this validity (a certificate renewed to a later date is told again)."""
    from gonghui.core.models import Notification

    expiring = list(
        certificates_expiring(LegalPersonCertificate.objects.all(), on).select_related(
            "organization"
        )
    )
    told = set(
        Notification.objects.filter(
            target_type="orgs.legalpersoncertificate",
            target_id__in=[str(c.pk) for c in expiring],
        ).values_list("target_id", "message")
    )
    return [
        c for c in expiring if not any(t == str(c.pk) and str(c.valid_until) in m for t, m in told)
    ]
