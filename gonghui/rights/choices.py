from django.db import models


class CaseKind(models.TextChoices):
    PETITION = "petition", "信访"
    CONSULTATION = "consultation", "法律咨询"
    COMPLAINT = "complaint", "投诉"
    LEGAL_AID = "legal_aid", "法律援助"
    LABOR_DISPUTE = "labor_dispute", "劳动争议"


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"
    CALL = "call", "来电"
    ONLINE = "online", "网上"
    FAX = "fax", "传真"
    REFERRAL = "referral", "转办"


class Subject(models.TextChoices):
    WAGES = "wages", "拖欠工资"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    INJURY = "injury", "工伤"
    CONTRACT = "contract", "劳动合同"
    DISMISSAL = "dismissal", "解除劳动关系"
    OTHER = "other", "其他"


class CaseState(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    ASSIGNED = "assigned", "已交办"
    IN_PROGRESS = "in_progress", "办理中"
    CONCLUDED = "concluded", "已办结"
    CLOSED = "closed", "已结案"


# States in which the case still has a running time limit.
OPEN_STATES = (
    CaseState.REGISTERED,
    CaseState.ACCEPTED,
    CaseState.ASSIGNED,
    CaseState.IN_PROGRESS,
)


class ReviewLevel(models.IntegerChoices):
    """信访 review chain (rule 30): the original, 复查 one level up, 复核 (final)."""

    ORIGINAL = 0, "初次信访"
    REVIEW = 1, "复查"
    RE_REVIEW = 2, "复核"


class Outcome(models.TextChoices):
    MEDIATED = "mediated", "调解成功"
    ARBITRATION = "arbitration", "引导申请仲裁"
    COURT = "court", "引导诉讼"
    WITHDRAWN = "withdrawn", "撤回"
    EXPLAINED = "explained", "解释说明"


class NoteKind(models.TextChoices):
    NOTE = "note", "办理记录"
    CONTACT = "contact", "联系当事人"
    MEDIATION = "mediation", "调解"
    REPLY = "reply", "答复职工"


class EventKind(models.TextChoices):
    PUBLICITY = "publicity", "普法宣传"
    CONSULTATION = "consultation", "咨询会"
    LECTURE = "lecture", "法律讲座"
    OTHER = "other", "其他"
