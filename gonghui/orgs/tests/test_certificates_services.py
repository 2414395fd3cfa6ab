"""Legal-person certificates (ORG-4): a union's request with its documents, the check
(return, reject, issue, change, cancel), the USCC rule, one valid certificate per union, the
lists and the expiry notice."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404

from gonghui.core.actors import system_actor
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from gonghui.core.models import AuditEntry, Notification
from gonghui.orgs import queries_certificates, services_certificates
from gonghui.orgs.choices import CertificateRequestState as S
from gonghui.orgs.choices import CertificateState
from gonghui.orgs.models import CertificateRequest, LegalPersonCertificate
from gonghui.orgs.tests.certificates_helpers import PNG, issue, pdf, submit_new, union_uscc
from gonghui.orgs.workflow_certificates import CERTIFICATE_REQUEST_WORKFLOW as FLOW

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _certificate(world, org=None, **extra):
    """Union a's (its chair applies, its town checks) or another's (the district does both)."""
    if org is None:
        return issue(world, submit_new(world), **extra).certificate
    req = submit_new(world, actor=world.district_staff, org=org)
    return issue(world, req, actor=world.admin, **extra).certificate


def test_submit_stores_documents_sealed_and_audits(world):
    req = submit_new(
        world, documents=[("application", pdf()), ("chair_id", pdf("身份证.png", PNG))]
    )
    assert req.state == S.SUBMITTED and req.org_path == world.union_a.path
    docs = list(req.documents.order_by("pk"))
    assert [d.kind for d in docs] == ["application", "chair_id"]
    assert docs[1].original_name.endswith(".png") and docs[1].content_type == "image/png"
    stored = Path(settings.MEDIA_ROOT) / "certificates" / docs[0].stored_name
    assert stored.exists() and stored.read_bytes() != pdf().read()  # sealed at rest
    assert AuditEntry.objects.filter(action="orgs.certificate_request.submitted").exists()
    assert FLOW.events(req).count() == 1


def test_submit_refuses_bad_documents_and_missing_fields(world):
    fake = pdf("申请表.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ApplicationError) as exc:
        submit_new(world, documents=[("application", fake)])
    assert exc.value.field == "documents" and "申请表.pdf" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        submit_new(world, documents=[("chair_id", pdf())])
    assert "登记申请表" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        submit_new(world, representative="")
    assert exc.value.field == "representative"
    assert not CertificateRequest.objects.exists()


def test_a_chair_applies_only_for_its_own_union(world):
    with pytest.raises(Http404):
        submit_new(world, actor=world.chair_a, org=world.union_b)
    with pytest.raises(PermissionDenied):
        submit_new(world, actor=world.auditor)
    assert submit_new(world, actor=world.town_b_user, org=world.union_b).pk


def test_one_open_request_per_union(world):
    submit_new(world)
    with pytest.raises(ApplicationError) as exc:
        submit_new(world)
    assert "办理中" in exc.value.message


def test_issue_records_the_certificate_and_the_union_uscc(world):
    req = submit_new(world)
    code = union_uscc()
    done = issue(world, req, uscc=code, number="番工法证001")
    assert done.state == S.APPROVED and done.decided_on == today()
    cert = done.certificate
    assert cert.number == "番工法证001" and cert.uscc == code
    assert cert.representative == "张三" and cert.org_path == world.union_a.path
    world.union_a.refresh_from_db()
    assert world.union_a.uscc == code
    assert AuditEntry.objects.filter(action="orgs.certificate.issued").exists()


def _code(prefix: str) -> str:
    from gonghui.core.ids import uscc_with_check

    return uscc_with_check(prefix + "440113MA1234567")


@pytest.mark.parametrize(
    "code, says",
    [
        ("81440113MA5", "18位"),
        (_code("91"), "以8开头"),
        (_code("82"), "以81开头"),
        (_code("81")[:-1] + "X", "校验位"),
    ],
)
def test_uscc_is_validated(world, code, says):
    req = submit_new(world)
    with pytest.raises(ApplicationError) as exc:
        issue(world, req, uscc=code)
    assert exc.value.field == "uscc" and says in exc.value.message
    req.refresh_from_db()
    assert req.state == S.SUBMITTED and not LegalPersonCertificate.objects.exists()


def test_uscc_unique_among_organizations(world):
    code = union_uscc()
    world.union_b.uscc = code
    world.union_b.save(update_fields=["uscc"])
    with pytest.raises(ApplicationError) as exc:
        issue(world, submit_new(world), uscc=code)
    assert exc.value.field == "uscc" and "乙公司工会委员会" in exc.value.message


def test_one_valid_certificate_per_union(world):
    cert = _certificate(world)
    with pytest.raises(ApplicationError) as exc:
        submit_new(world)
    assert exc.value.field == "kind"
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalPersonCertificate.objects.create(
            organization=world.union_a,
            org_path=world.union_a.path,
            number="另一张",
            uscc=cert.uscc,
            representative="x",
            address="y",
            issued_on=today(),
            valid_until=today() + DAY,
        )


def test_the_union_cannot_check_its_own_request_and_a_town_not_anothers(world):
    req = submit_new(world)
    assert [t.name for t in FLOW.available(req, world.chair_a)] == ["withdraw"]
    names = {t.name for t in FLOW.available(req, world.town_a_user)}
    assert names == {"return", "issue", "reject", "withdraw"}
    with pytest.raises(Http404):
        issue(world, req, actor=world.town_b_user)
    assert list(queries_certificates.requests_to_check(user=world.town_b_user)) == []
    assert list(queries_certificates.requests_to_check(user=world.town_a_user)) == [req]
    assert list(queries_certificates.requests_to_check(user=world.chair_a)) == []


def test_return_resubmit_reject(world):
    req = submit_new(world)
    with pytest.raises(ApplicationError) as exc:
        services_certificates.certificate_request_return(
            actor=world.town_a_user, certificate_request=req, version=req.version, note=" "
        )
    assert exc.value.field == "note"
    req = services_certificates.certificate_request_return(
        actor=world.town_a_user, certificate_request=req, version=req.version, note="缺主席身份证明"
    )
    assert req.state == S.RETURNED and req.check_note == "缺主席身份证明"
    services_certificates.certificate_request_add_documents(
        actor=world.chair_a, certificate_request=req, documents=[("chair_id", pdf("证明.pdf"))]
    )
    req = services_certificates.certificate_request_resubmit(
        actor=world.chair_a, certificate_request=req, version=req.version, address="新地址"
    )
    assert req.state == S.SUBMITTED and req.address == "新地址" and req.documents.count() == 2
    req = services_certificates.certificate_request_reject(
        actor=world.district_staff, certificate_request=req, version=req.version, note="材料不实"
    )
    assert req.state == S.REJECTED
    with pytest.raises(TransitionNotAllowed):
        issue(world, req)
    with pytest.raises(ApplicationError):
        services_certificates.certificate_request_add_documents(
            actor=world.chair_a, certificate_request=req, documents=[("other", pdf())]
        )


def test_change_updates_the_certificate_with_its_history_in_the_audit(world):
    cert = _certificate(world)
    req = services_certificates.certificate_request_submit(
        actor=world.chair_a, organization=world.union_a, kind="change", representative="李四"
    )
    assert req.certificate == cert
    assert {t.name for t in FLOW.available(req, world.town_a_user)} == {
        "return",
        "change",
        "reject",
        "withdraw",
    }
    services_certificates.certificate_request_change(
        actor=world.town_a_user, certificate_request=req, version=req.version
    )
    cert.refresh_from_db()
    assert cert.representative == "李四" and cert.version == 2
    history = queries_certificates.certificate_history(user=world.admin, certificate=cert)
    assert history[0]["changes"] == ["法定代表人：张三 → 李四"]
    with pytest.raises(ApplicationError) as exc:
        services_certificates.certificate_request_submit(
            actor=world.chair_a, organization=world.union_a, kind="change", representative="李四"
        )
    assert "至少一项" in exc.value.message


def test_cancel_cancels_and_the_union_has_no_valid_certificate(world):
    cert = _certificate(world)
    with pytest.raises(ApplicationError) as exc:
        services_certificates.certificate_request_submit(
            actor=world.chair_a, organization=world.union_a, kind="cancel"
        )
    assert exc.value.field == "reason"
    req = services_certificates.certificate_request_submit(
        actor=world.chair_a, organization=world.union_a, kind="cancel", reason="企业注销"
    )
    services_certificates.certificate_request_cancel(
        actor=world.town_a_user, certificate_request=req, version=req.version
    )
    cert.refresh_from_db()
    assert cert.state == CertificateState.CANCELLED and cert.cancel_reason == "企业注销"
    without = queries_certificates.unions_without_certificate(user=world.admin)
    assert world.union_a in without
    # a new one may be applied for once the old one is cancelled
    assert submit_new(world).kind == "new"


def test_lists_valid_without_expiring(world):
    cert = _certificate(world, valid_until=today() + 30 * DAY)
    _certificate(world, org=world.union_b, valid_until=today() + 400 * DAY)
    expiring = queries_certificates.certificate_list(user=world.admin, filters={"due": "expiring"})
    assert list(expiring) == [cert]
    assert list(queries_certificates.certificate_list(user=world.town_b_user)) != [cert]
    assert world.union_a not in queries_certificates.unions_without_certificate(user=world.admin)
    LegalPersonCertificate.objects.filter(pk=cert.pk).update(valid_until=today() - DAY)
    assert world.union_a in queries_certificates.unions_without_certificate(user=world.admin)
    expired = queries_certificates.certificate_list(user=world.admin, filters={"state": "expired"})
    assert [c.pk for c in expired] == [cert.pk]


def test_expiry_notice_goes_to_the_union_and_its_town_once(world):
    cert = _certificate(world, valid_until=today() + 60 * DAY)
    _certificate(world, org=world.union_b, valid_until=today() + 200 * DAY)
    actor = system_actor("orgs.certificates_expiring", "到期提醒", ("certificates.view",))
    result = services_certificates.certificates_notify_expiring(actor=actor, on=today())
    told = Notification.objects.filter(target_id=str(cert.pk))
    assert {n.recipient for n in told} == {world.chair_a, world.town_a_user}
    assert result == {"notified": 2} and "60天" in told.first().message
    again = services_certificates.certificates_notify_expiring(actor=actor, on=today())
    assert again == {"notified": 0}
