from django.db import models


class ActivityKind(models.TextChoices):
    SPORTS = "sports", "体育活动"
    CULTURE = "culture", "文化活动"
    READING = "reading", "读书活动"
    MIXER = "mixer", "交友联谊"
    EXERCISE = "exercise", "广播体操、工间操比赛"
    TRAINING = "training", "技能培训"


class ActivityState(models.TextChoices):
    DRAFT = "draft", "筹备中"
    OPEN = "open", "报名中"
    CLOSED = "closed", "报名截止"
    FINISHED = "finished", "已结束"
    CANCELLED = "cancelled", "已取消"


class RegistrationSource(models.TextChoices):
    PHONE = "phone", "会员手机报名"
    UNION = "union", "工会代为报名"


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", "已确认"
    WAITLISTED = "waitlisted", "候补"
    CANCELLED = "cancelled", "已取消"


class SubmissionState(models.TextChoices):
    RECEIVED = "received", "已收到"
    ACCEPTED = "accepted", "已采用"
    REJECTED = "rejected", "未采用"


class SubmissionSource(models.TextChoices):
    PHONE = "phone", "会员手机投稿"
    UNION = "union", "工会代为录入"
