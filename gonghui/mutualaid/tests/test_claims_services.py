"""Claims through the services (services/claims.py): filing with the benefit computed at
once, refusals registered at 0 with their reasons, the town's review and the district's
approval computing again against what is committed (caps, once per disease), rejection,
corrections before the review, notifications, permissions and scope."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, Notification, WorkflowEvent
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import BenefitKind, ClaimState, DocumentKind, EventKind
from gonghui.mutualaid.models import Claim, ClaimBenefit
from gonghui.mutualaid.services import claims as services
from gonghui.mutualaid.tests.claims_helpers import (
    ACCOUNT,
    PDF,
    claim_fields,
    current_plan,
    days_ago,
    documents,
    enrolled,
    file_claim,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return current_plan(world)


@pytest.fixture
def enrollment(world, plan):
    return enrolled(world, plan)


def review(world, claim, **kw):
    claim.refresh_from_db()
    return services.claim_review(actor=world.town_a_user, claim=claim, version=claim.version, **kw)


def approve(world, claim, **kw):
    claim.refresh_from_db()
    return services.claim_approve(actor=world.admin, claim=claim, version=claim.version, **kw)


# ---- filing ----------------------------------------------------------------------------------


def test_a_claim_is_filed_with_its_benefit_computed_and_kept(world, plan, enrollment):
    claim = file_claim(world, enrollment)
    assert claim.number == f"HZ{plan.year}{claim.pk:06d}"
    assert claim.plan == plan and claim.enrollment == enrollment
    assert claim.union == world.union_a and claim.town == world.town_a
    assert claim.org_path == world.union_a.path and claim.state == ClaimState.SUBMITTED
    assert claim.amount == Decimal("4500.00") and claim.reasons == []
    [benefit] = claim.benefits.all()
    assert benefit.kind == BenefitKind.INPATIENT and benefit.amount == Decimal("4500.00")
    assert benefit.lines[0] == (
        "自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00，本年已领 0.00，年度上限 30,000.00"
    )
    assert benefit.once_key is None
    # the account stored encrypted with its hash and last 4
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.account == ACCOUNT and stored.account_last4 == "3445" and stored.account_hash
    kinds = sorted(claim.documents.values_list("kind", flat=True))
    assert kinds == sorted([DocumentKind.DISCHARGE, DocumentKind.INVOICE])
    assert AuditEntry.objects.filter(action="mutualaid.claim.created").count() == 1
    assert WorkflowEvent.objects.filter(workflow="mutualaid.claim", action="created").count() == 1


def test_own_cost_defaults_to_total_less_insurance(world, enrollment):
    claim = file_claim(world, enrollment, own_cost="")
    assert claim.own_cost == Decimal("8000.00")


def test_critical_illness_adds_the_lump_sum(world, enrollment):
    claim = file_claim(world, enrollment, disease="cancer", diagnosis="肺癌")
    by_kind = {b.kind: b.amount for b in claim.benefits.all()}
    assert by_kind == {
        BenefitKind.INPATIENT: Decimal("4500.00"),
        BenefitKind.CRITICAL: Decimal("15000.00"),
    }
    assert claim.amount == Decimal("19500.00")


def test_an_accident_gets_accident_aid_even_in_the_waiting_period(world, plan):
    enrollment = enrolled(world, plan, waiting_until=days_ago(-10))
    claim = file_claim(
        world,
        enrollment,
        event_kind=EventKind.ACCIDENT,
        admitted_on=None,
        discharged_on=None,
        total_cost="3000",
        insurance_paid="0",
        own_cost="3000",
        disease="cancer",
    )
    assert claim.disease is None
    assert [(b.kind, b.amount) for b in claim.benefits.all()] == [
        (BenefitKind.ACCIDENT, Decimal("2400.00"))
    ]


def test_a_refused_claim_is_registered_at_zero_with_its_reasons(world, plan):
    enrollment = enrolled(world, plan, waiting_until=days_ago(-10))
    claim = file_claim(world, enrollment)
    assert claim.amount == Decimal("0.00")
    assert claim.reasons == [
        f"住院医疗互助：在观察期内：新参保观察期至 {days_ago(-10).isoformat()}，"
        f"发病于 {days_ago(30).isoformat()}"
    ]
    assert claim.benefits.get().lines[0].startswith("不予资助：在观察期内")


@pytest.mark.parametrize(
    "extra, field, text",
    [
        ({"documents": []}, "documents", "请上传出院小结或诊断证明、医疗费用票据"),
        ({"account": "12ab"}, "account", "银行账号应为8至30位数字"),
        ({"account": ""}, "account", "请填写银行账号"),
        ({"hospital": " "}, "hospital", "请填写医院"),
        ({"total_cost": "1.005"}, "total_cost", "最多两位小数"),
        ({"discharged_on": None}, "discharged_on", "同时填写入院日期和出院日期"),
        ({"event_on": days_ago(400), "admitted_on": None, "discharged_on": None}, "event_on",
         "没有保障期包含"),
        ({"disease": "flu"}, "disease", "没有所选的重大疾病病种"),
    ],
)  # fmt: skip
def test_what_cannot_be_filed_says_why(world, enrollment, extra, field, text):
    with pytest.raises(ApplicationError, match=text) as caught:
        file_claim(world, enrollment, **extra)
    assert caught.value.field == field
    assert not Claim.objects.exists()


def test_a_document_is_checked_by_its_content(world, enrollment):
    fake = [
        (DocumentKind.DISCHARGE, SimpleUploadedFile("出院小结.pdf", b"<html>not a pdf")),
        (DocumentKind.INVOICE, SimpleUploadedFile("发票.pdf", PDF)),
    ]
    with pytest.raises(ApplicationError, match="不是允许的文件类型"):
        file_claim(world, enrollment, documents=fake)


def test_a_member_not_enrolled_cannot_claim(world, enrollment):
    fields = {**claim_fields(enrollment), "member": make_member(world.union_a, "王五")}
    with pytest.raises(ApplicationError, match="没有参加.*年度医疗互助") as caught:
        services.claim_create(actor=world.chair_a, documents=documents(), **fields)
    assert caught.value.field == "member"


def test_permission_and_scope_when_filing(world, plan):
    other = enrolled(world, plan, union=world.union_b, name="赵六")
    with pytest.raises(Http404):
        file_claim(world, other, actor=world.chair_a)
    mine = enrolled(world, plan)
    with pytest.raises(PermissionDenied):
        file_claim(world, mine, actor=world.auditor)


def test_the_quote_computes_without_saving(world, enrollment):
    fields = claim_fields(enrollment, disease="uremia")
    claim, result = services.claim_quote(actor=world.chair_a, **fields)
    assert claim.pk is None and result.amount == Decimal("14500.00")
    assert not Claim.objects.exists()


# ---- review, approval, rejection -------------------------------------------------------------


def test_review_and_approve_notify_the_union_and_commit(world, enrollment):
    claim = file_claim(world, enrollment)
    claim = review(world, claim, note="材料齐全")
    assert claim.state == ClaimState.REVIEWED and claim.reviewed_on
    claim = approve(world, claim, note="同意")
    assert claim.state == ClaimState.APPROVED and claim.approved_on
    assert claim.decision_note == "同意" and claim.amount == Decimal("4500.00")
    messages = list(
        Notification.objects.filter(recipient=world.chair_a).values_list("message", flat=True)
    )
    assert any("已通过镇街审核" in m for m in messages)
    assert any("已获批准，核定金额 4,500.00 元" in m for m in messages)
    notes = list(
        WorkflowEvent.objects.filter(object_id=str(claim.pk)).values_list("note", flat=True)
    )
    assert "调整为" not in "".join(notes)


def test_approval_computes_again_and_the_yearly_cap_holds(world, enrollment):
    # four claims of one member, each computed alone: 10,000 + 10,000 + 3,000 + 10,000
    big = {"total_cost": "40000", "insurance_paid": "20000", "own_cost": "20000"}
    a, b, c = (file_claim(world, enrollment, **big) for _ in range(3))
    small = file_claim(world, enrollment, total_cost="5500", insurance_paid="0", own_cost="5500")
    assert [x.amount for x in (a, b, c, small)] == [Decimal("10000.00")] * 3 + [Decimal("3000.00")]
    for x in (a, b, c, small):
        review(world, x)
    for x in (a, b, small):
        approve(world, x)
    c = approve(world, c)
    # 30,000 − 23,000 left: reduced, said in the history and the reasons
    assert c.amount == Decimal("7000.00")
    assert c.benefits.get().amount == Decimal("7000.00")
    assert "住院医疗互助超过年度上限 30,000.00（本年已领 23,000.00）" in c.reasons
    event = WorkflowEvent.objects.get(object_id=str(c.pk), action="approve")
    assert "核定金额由 10,000.00 元调整为 7,000.00 元" in event.note
    total = sum(b.amount for b in ClaimBenefit.objects.filter(member=enrollment.member))
    assert total == Decimal("30000.00")
    # a fifth: nothing left, so it cannot be approved, only rejected
    d = file_claim(world, enrollment, **big)
    assert d.amount == Decimal("0.00")
    with pytest.raises(ApplicationError, match="核定金额为 0"):
        review(world, d)


def test_a_disease_is_paid_once_per_plan_year(world, enrollment):
    first = file_claim(world, enrollment, disease="cancer")
    second = file_claim(world, enrollment, disease="cancer")
    assert second.amount == Decimal("19500.00")  # nothing committed yet
    review(world, first), review(world, second)
    first = approve(world, first)
    critical = first.benefits.get(kind=BenefitKind.CRITICAL)
    assert critical.once_key == f"{enrollment.member_id}:cancer"
    second = approve(world, second)
    by_kind = {b.kind: b for b in second.benefits.all()}
    assert by_kind[BenefitKind.CRITICAL].amount == Decimal("0.00")
    assert by_kind[BenefitKind.CRITICAL].once_key is None
    assert f"已由 {first.number} 获得重大疾病互助" in "".join(second.reasons)
    assert second.amount == Decimal("4500.00")
    # and the database holds it too
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimBenefit.objects.filter(pk=by_kind[BenefitKind.CRITICAL].pk).update(
            once_key=critical.once_key
        )


def test_another_disease_is_paid_as_well(world, enrollment):
    first = file_claim(world, enrollment, disease="cancer")
    second = file_claim(world, enrollment, disease="uremia")
    for x in (first, second):
        review(world, x)
        approve(world, x)
    second.refresh_from_db()
    assert second.benefits.get(kind=BenefitKind.CRITICAL).amount == Decimal("10000.00")


def test_reject_needs_a_reason_and_tells_the_union(world, enrollment):
    claim = file_claim(world, enrollment)
    with pytest.raises(ApplicationError, match="请填写不予资助的理由"):
        services.claim_reject(
            actor=world.town_a_user, claim=claim, version=claim.version, reason=" "
        )
    done = services.claim_reject(
        actor=world.town_a_user, claim=claim, version=claim.version, reason="材料不实"
    )
    assert done.state == ClaimState.REJECTED and done.decision_note == "材料不实"
    assert Notification.objects.filter(
        recipient=world.chair_a, message__contains="不予资助：材料不实"
    ).exists()


def test_who_may_review_and_approve(world, plan, enrollment):
    claim = file_claim(world, enrollment)
    with pytest.raises(PermissionDenied):
        services.claim_review(actor=world.chair_a, claim=claim, version=claim.version)
    with pytest.raises(Http404):
        services.claim_review(actor=world.town_b_user, claim=claim, version=claim.version)
    claim = review(world, claim)
    with pytest.raises(PermissionDenied):
        services.claim_approve(actor=world.town_a_user, claim=claim, version=claim.version)
    with pytest.raises(ConflictError):
        services.claim_approve(actor=world.admin, claim=claim, version=claim.version - 1)


# ---- corrections -----------------------------------------------------------------------------


def test_the_applicant_corrects_before_the_review(world, enrollment):
    claim = file_claim(world, enrollment)
    claim = services.claim_update(
        actor=world.chair_a,
        claim=claim,
        version=claim.version,
        own_cost="6500.00",
        account="6222 0202 0011 9999",
    )
    assert claim.amount == Decimal("3600.00")
    assert claim.benefits.get().amount == Decimal("3600.00")
    assert claim.account_last4 == "9999"
    entry = AuditEntry.objects.get(action="mutualaid.claim.updated")
    assert "own_cost" in str(entry.data) and "6222" not in str(entry.data)
    with pytest.raises(ConflictError):
        services.claim_update(
            actor=world.chair_a, claim=claim, version=claim.version - 1, own_cost="1"
        )
    services.claim_document_add(
        actor=world.chair_a,
        claim=claim,
        version=claim.version,
        kind=DocumentKind.SETTLEMENT,
        upload=SimpleUploadedFile("结算单.pdf", PDF),
    )
    assert claim.documents.count() == 3
    review(world, claim)
    claim.refresh_from_db()
    with pytest.raises(ApplicationError, match="镇街审核后不能再修改"):
        services.claim_update(actor=world.chair_a, claim=claim, version=claim.version, own_cost="1")
