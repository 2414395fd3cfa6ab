"""The worker's side: online submission, attachments by content, rate limits, tracking."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gonghui.core.actors import ActorKind, portal_actor
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.filecrypt import is_sealed, unsealed_bytes
from gonghui.core.models import WorkflowEvent
from gonghui.rights.models import Case, CaseAttachment
from gonghui.rights.services import handling, portal, registration
from gonghui.rights.workflow import CASE_WORKFLOW

from .conftest import to_in_progress

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


def submit(**kw) -> Case:
    fields = {
        "kind": "complaint",
        "summary": "老板欠我两个月工资",
        "contact_name": "刘小红",
        "phone": "13912345678",
        "subject": "wages",
        "amount_claimed": Decimal("8000"),
        "ip": "10.0.0.1",
        "consent": True,
    }
    return portal.case_submit_online(**(fields | kw))


def test_a_complaint_needs_the_workers_consent_and_records_when(world):
    # given a worker who has not agreed to the personal-information notice (issue #10)
    with pytest.raises(ApplicationError, match="请阅读并同意个人信息处理告知") as exc:
        submit(consent=False)
    # then nothing is kept, and the refusal is on the consent box
    assert exc.value.field == "consent" and not Case.objects.exists()
    # with consent the case records when it was given
    case = submit()
    assert case.consent_at is not None
    assert Case.objects.get(pk=case.pk).consent_at == case.consent_at


def test_online_case_is_routed_to_the_employers_town(world):
    case = submit(employer_name=world.employer_a.name)
    assert case.channel == "online" and case.state == "registered"
    assert case.org_path == world.town_a.path and case.employer == world.employer_a
    assert len(case.tracking_code) == 10
    # and town A staff see it in their queue
    assert case in Case.objects.visible_to(world.town_a_user)


def test_online_case_with_unknown_employer_goes_to_the_district(world):
    case = submit(employer_name="不存在的公司")
    assert case.org_path == world.district.path
    assert case.employer is None and case.employer_name == "不存在的公司"
    assert case not in Case.objects.visible_to(world.town_a_user)
    assert case in Case.objects.visible_to(world.district_staff)


def test_only_complaints_and_consultations_online(world):
    with pytest.raises(ApplicationError, match="投诉或咨询"):
        submit(kind="petition")


def test_attachments_checked_by_content_and_stored_outside_web_root(world):
    # given a real PDF named .txt and a PNG named .exe
    files = [SimpleUploadedFile("证据.txt", PDF), SimpleUploadedFile("照片.exe", PNG)]
    case = submit(files=files)
    rows = list(case.attachments.all())
    assert [r.content_type for r in rows] == ["application/pdf", "image/png"]
    for row in rows:
        path = Path(settings.MEDIA_ROOT) / "attachments" / row.stored_name
        assert unsealed_bytes(path) in (PDF, PNG) and is_sealed(path)  # sealed at rest
        assert row.stored_name != row.original_name and len(row.stored_name) == 32
        assert not str(path).startswith(str(settings.STATIC_ROOT))


def test_a_fake_image_is_refused_and_nothing_is_saved(world):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg")
    with pytest.raises(ApplicationError, match="不是允许的文件类型") as exc:
        submit(files=[SimpleUploadedFile("a.pdf", PDF), fake])
    assert exc.value.field == "attachments"
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


@override_settings(RIGHTS_ATTACHMENT_MAX_BYTES=50)
def test_too_big_attachment_is_refused(world):
    with pytest.raises(ApplicationError, match="超过"):
        submit(files=[SimpleUploadedFile("a.pdf", PDF)])


@override_settings(RIGHTS_ATTACHMENT_MAX_FILES=1)
def test_too_many_attachments_are_refused(world):
    with pytest.raises(ApplicationError, match="最多上传1个"):
        submit(files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)])


@override_settings(RIGHTS_PORTAL_MAX_PER_IP=2, RIGHTS_PORTAL_MAX_PER_PHONE=5)
def test_rate_limit_per_ip(world):
    submit(phone="13900000001")
    submit(phone="13900000002")
    with pytest.raises(ApplicationError, match="频繁"):
        submit(phone="13900000003")
    submit(phone="13900000004", ip="10.0.0.2")  # another address is fine


@override_settings(RIGHTS_PORTAL_MAX_PER_IP=50, RIGHTS_PORTAL_MAX_PER_PHONE=2)
def test_rate_limit_per_phone(world):
    submit(ip="1.1.1.1")
    submit(ip="1.1.1.2")
    with pytest.raises(ApplicationError, match="该手机号") as exc:
        submit(ip="1.1.1.3")
    assert exc.value.field == "phone"


def test_tracking_needs_code_and_the_same_phone(world):
    case = submit()
    assert portal.case_track(code=case.tracking_code.lower(), phone="13912345678") == case
    assert portal.case_track(code=case.tracking_code, phone="13912345679") is None
    assert portal.case_track(code="WRONGCODE1", phone="13912345678") is None
    assert portal.case_track(code=case.tracking_code, phone="bad") is None


@override_settings(RIGHTS_PORTAL_MAX_LOOKUPS_PER_IP=3)
def test_lookups_are_rate_limited(world):
    for _ in range(3):
        portal.case_track(code="X", phone="13912345678", ip="9.9.9.9")
    with pytest.raises(ApplicationError, match="频繁"):
        portal.case_track(code="X", phone="13912345678", ip="9.9.9.9")


def test_worker_page_shows_replies_but_never_staff_notes(rw, client):
    case = to_in_progress(rw)
    case.tracking_code = "ABCDEFGH23"
    case.save(update_fields=["tracking_code"])
    registration.case_note_add(
        actor=rw.world.lawyer_a, case=case, kind="note", text="内部：企业老板难沟通"
    )
    registration.case_note_add(
        actor=rw.world.lawyer_a, case=case, kind="reply", text="已联系企业，请耐心等待"
    )
    response = client.post("/m/complaint/track/", {"code": "ABCDEFGH23", "phone": "13800138000"})
    body = response.content.decode()
    assert "已联系企业，请耐心等待" in body and "办理中" in body
    assert "内部：企业老板难沟通" not in body
    wrong = client.post("/m/complaint/track/", {"code": "ABCDEFGH23", "phone": "13800138001"})
    assert "已联系企业" not in wrong.content.decode()
    assert "查询码或手机号不正确" in wrong.content.decode()


def test_worker_feedback_closes_a_concluded_case(rw, client):
    case = to_in_progress(rw)
    case = handling.case_conclude(
        actor=rw.world.lawyer_a,
        case=case,
        version=case.version,
        outcome="mediated",
        conclusion="企业已支付",
    )
    case.tracking_code = "FEEDBACK23"
    case.save(update_fields=["tracking_code"])
    response = client.post(
        "/m/complaint/feedback/",
        {"code": "FEEDBACK23", "phone": "13800138000", "satisfied": "1", "text": "谢谢"},
    )
    assert "感谢您的评价" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "closed" and case.satisfied is True and case.feedback == "谢谢"
    # the worker portal closed it, holding no staff permission
    event = WorkflowEvent.objects.get(object_id=str(case.pk), action="feedback")
    assert (event.actor_kind, event.actor_id) == (ActorKind.PORTAL, None)
    assert event.actor_name == "职工（网上投诉）"
    assert not portal.PORTAL_ACTOR.grants


def test_only_the_worker_portal_gives_feedback(rw):
    case = to_in_progress(rw)
    case = handling.case_conclude(
        actor=rw.world.lawyer_a, case=case, version=case.version, outcome="mediated", conclusion="x"
    )
    # staff may close, but not speak for the worker
    assert "feedback" not in [t.name for t in CASE_WORKFLOW.available(case, rw.world.admin)]
    with pytest.raises(PermissionDenied):
        CASE_WORKFLOW.transition(case, "feedback", actor=rw.world.admin, version=case.version)
    joining = portal_actor("members.joining", "网上入会")
    with pytest.raises(PermissionDenied):
        CASE_WORKFLOW.transition(case, "feedback", actor=joining, version=case.version)
    assert Case.objects.get(pk=case.pk).state == "concluded"


def test_submit_page_end_to_end(world, client):
    # the form accepts the upload and shows the tracking code
    response = client.post(
        "/m/complaint/",
        {
            "kind": "complaint",
            "subject": "wages",
            "summary": "欠薪",
            "employer_name": world.employer_b.name,
            "amount_claimed": "3000",
            "contact_name": "周工",
            "phone": "13700000000",
            "consent": "on",
            "attachments": [SimpleUploadedFile("a.png", PNG)],
        },
    )
    case = Case.objects.get()
    assert case.tracking_code in response.content.decode()
    assert case.org_path == world.town_b.path and case.attachments.count() == 1
    bad = client.post(
        "/m/complaint/",
        {
            "kind": "complaint",
            "summary": "x",
            "contact_name": "a",
            "phone": "123",
            "subject": "wages",
            "consent": "on",
        },
    )
    assert "手机号应为11位" in bad.content.decode()


def test_the_complaint_page_tells_and_asks_before_it_takes_ric_and_phone(world, client):
    # the page shows the notice and a consent box, as the joining page does
    form = client.get("/m/complaint/").content.decode()
    assert 'id="privacy-notice"' in form and "个人信息处理告知" in form
    assert 'name="consent"' in form and "身份证号和手机号属于敏感个人信息" in form
    # without the box ticked the form says so and nothing is saved
    data = {
        "kind": "complaint",
        "subject": "wages",
        "summary": "欠薪",
        "contact_name": "周工",
        "phone": "13700000000",
        "ric": "440113198506150029",
    }
    refused = client.post("/m/complaint/", data).content.decode()
    assert "请阅读并同意个人信息处理告知" in refused and not Case.objects.exists()
    # ticked, the case is received with the time of consent
    client.post("/m/complaint/", {**data, "consent": "on"})
    assert Case.objects.get().consent_at is not None


def test_attachment_download_is_staff_only_and_scoped(world, client):
    case = submit(employer_name=world.employer_a.name, files=[SimpleUploadedFile("a.pdf", PDF)])
    att = case.attachments.get()
    url = f"/rights/cases/{case.pk}/attachments/{att.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(world.town_b_user)
    assert client.get(url).status_code == 404
    client.force_login(world.town_a_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
