"""Choices of the medical mutual-aid plan (CARE-3); names from docs/glossary."""

from django.db import models


class PlanState(models.TextChoices):
    DRAFT = "draft", "草拟"
    OPEN = "open", "接受参保"
    CLOSED = "closed", "已截止参保"


class CountedWhen(models.TextChoices):
    """When an enrollment starts to count (and its waiting period to run)."""

    PAID = "paid", "缴费到账后生效"
    ENROLLED = "enrolled", "登记即生效"


class BenefitKind(models.TextChoices):
    """Each kind has its own formula in rules.benefits."""

    INPATIENT = "inpatient", "住院医疗互助"
    CRITICAL = "critical", "重大疾病互助"
    ACCIDENT = "accident", "意外伤害互助"


class EventKind(models.TextChoices):
    ILLNESS = "illness", "疾病"
    ACCIDENT = "accident", "意外伤害"


class EnrollmentState(models.TextChoices):
    PENDING = "pending", "待缴费"
    ACTIVE = "active", "有效"
    CANCELLED = "cancelled", "已退保"


class BatchSource(models.TextChoices):
    ROSTER = "roster", "从会员名册选取"
    IMPORT = "import", "导入名单"
    SINGLE = "single", "逐人登记"


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", "待镇街审核"
    REVIEWED = "reviewed", "待区总工会审批"
    APPROVED = "approved", "已批准待发放"
    PAID = "paid", "已发放"
    PAYMENT_FAILED = "payment_failed", "发放失败"
    REJECTED = "rejected", "不予资助"


# Claims in these states hold their amount against the member's yearly cap.
COMMITTED_CLAIM_STATES = (ClaimState.APPROVED, ClaimState.PAID, ClaimState.PAYMENT_FAILED)


class DocumentKind(models.TextChoices):
    DISCHARGE = "discharge", "出院小结或诊断证明"
    INVOICE = "invoice", "医疗费用票据"
    SETTLEMENT = "settlement", "医保结算单"
    ACCIDENT = "accident", "意外事故证明"
    ID_CARD = "id_card", "身份证"
    OTHER = "other", "其他"


class PayoutState(models.TextChoices):
    ISSUED = "issued", "已生成待回盘"
    RETURNED = "returned", "已回盘"
