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
