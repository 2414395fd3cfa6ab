from django.db import models


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    RETAINED = "retained", "保留会籍"
    LEFT = "left", "已离会"


class RetainedReason(models.TextChoices):
    RETIRED = "retired", "退休"
    UNEMPLOYED = "unemployed", "失业"
    UNIT_CLOSED = "unit_closed", "单位撤销"


class Education(models.TextChoices):
    PRIMARY = "primary", "小学及以下"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中/中专/技校"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    POSTGRADUATE = "postgraduate", "研究生"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class TransferState(models.TextChoices):
    """会籍接转 (MEM-3). Graph in docs/members.md; the table of moves is TRANSFER_WORKFLOW."""

    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已接转"
    REJECTED = "rejected", "已驳回"
    CANCELLED = "cancelled", "已撤销"


class TransferSide(models.TextChoices):
    """Which side asked: the approving side is the other one (or the common parent)."""

    SENDING = "sending", "转出工会"
    RECEIVING = "receiving", "转入工会"
    PARENT = "parent", "共同上级工会"


class JoiningState(models.TextChoices):
    """网上入会 (MEM-4): submitted → approved (member created) / rejected (with reason)."""

    SUBMITTED = "submitted", "审核中"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
