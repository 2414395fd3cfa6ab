"""Choices of worker assistance (CARE-1, CARE-2, CARE-4); names from docs/glossary."""

from django.db import models


class HardshipCategory(models.TextChoices):
    """domain-rules §9: decided by `rules.hardship_category`, never typed."""

    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", "本人或家庭成员患重病"
    DISABILITY = "disability", "残疾"
    ACCIDENT = "accident", "意外事故"
    DISASTER = "disaster", "自然灾害"
    UNEMPLOYMENT = "unemployment", "失业或下岗"
    LOW_INCOME = "low_income", "收入低"
    SCHOOLING = "schooling", "子女就学"
    OTHER = "other", "其他"


class AccidentEvent(models.TextChoices):
    """The events of 意外致困's first branch (domain-rules §9)."""

    NONE = "", "无"
    DISASTER = "disaster", "自然灾害"
    SAFETY = "safety", "重大安全事故"
    EPIDEMIC = "epidemic", "重大疫情"
    SOCIAL = "social", "重大社会安全事件"


class FileState(models.TextChoices):
    SUBMITTED = "submitted", "待镇街审核"
    REVIEWED = "reviewed", "待区总工会审批"
    APPROVED = "approved", "在档"
    REJECTED = "rejected", "未通过"
    EXIT_NOTICE = "exit_notice", "退档公示中"
    EXITED = "exited", "已退档"


# A file in these states is the person's one open file (a second is refused).
OPEN_FILE_STATES = (
    FileState.SUBMITTED,
    FileState.REVIEWED,
    FileState.APPROVED,
    FileState.EXIT_NOTICE,
)


class DocumentKind(models.TextChoices):
    """What an application is proven by (domain-rules §9)."""

    ID_CARD = "id_card", "身份证"
    HOUSEHOLD_REGISTER = "household_register", "户口簿"
    INCOME_PROOF = "income_proof", "收入证明"
    MEDICAL = "medical", "诊断证明或医疗票据"
    ADMISSION_LETTER = "admission_letter", "录取通知书"
    LABOR_CONTRACT = "labor_contract", "劳动合同（一年以上）"
    MEMBERSHIP_PROOF = "membership_proof", "会员证明"
    INJURY_DETERMINATION = "injury_determination", "工伤认定书"
    OTHER = "other", "其他材料"


class Relation(models.TextChoices):
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    SIBLING = "sibling", "兄弟姐妹"
    OTHER = "other", "其他"


class GrantState(models.TextChoices):
    SUBMITTED = "submitted", "待镇街审核"
    REVIEWED = "reviewed", "待区总工会审批"
    APPROVED = "approved", "已批准待发放"
    REJECTED = "rejected", "未批准"
    PAID = "paid", "已发放"
    PAYMENT_FAILED = "payment_failed", "发放失败"


# A grant in these states counts against the budget and against a second payment.
COMMITTED_GRANT_STATES = (GrantState.APPROVED, GrantState.PAID)


class Eligibility(models.TextChoices):
    """Who a program is for: data on the program, checked by `rules.ineligibility`."""

    ANY_MEMBER = "any", "本辖区职工"
    HARDSHIP_FILE = "hardship_file", "在档困难职工"
    SCHOOL_ADMISSION = "school_admission", "当年子女入学（凭录取通知书）"
    MODEL_WORKER = "model_worker", "劳模"
    WORK_INJURY = "work_injury", "因工受伤职工"


class ServiceKind(models.TextChoices):
    """A recorded service (CARE-4) or an in-kind delivery under a program (CARE-2)."""

    HEALTH_CHECK = "health_check", "免费体检"
    INJURY_VISIT = "injury_visit", "慰问因工受伤职工"
    EMPLOYMENT_GUIDANCE = "employment_guidance", "就业指导"
    JOB_REFERRAL = "job_referral", "就业推荐"
    SOCIAL_MIXER = "social_mixer", "交友联谊"
    IN_KIND = "in_kind", "实物发放"


class Recipient(models.TextChoices):
    """Whom an in-kind delivery went to."""

    PEOPLE = "people", "职工个人"
    EMPLOYER = "employer", "用人单位"
    SITE = "site", "工地或场所"
    UNION = "union", "基层工会"


class DisbursementState(models.TextChoices):
    ISSUED = "issued", "已生成待银行回盘"
    RETURNED = "returned", "已回盘"


class VisitKind(models.TextChoices):
    VISIT = "visit", "入户走访"
    REVIEW = "review", "年度复核"
    FOLLOW_UP = "follow_up", "退档回访"


# The report's program kinds (ProgramKind rows with these codes, made by migration 0002):
# the indicators name them by code; staff add other kinds as rows.
BUILTIN_PROGRAM_KINDS = (
    ("spring_jobs", "春送岗位（春风行动）", 10),
    ("summer_cooling", "夏送清凉", 20),
    ("school_aid", "金秋助学", 30),
    ("winter_warmth", "冬送温暖", 40),
    ("living_aid", "生活救助", 50),
    ("holiday_condolence", "节日慰问", 60),
    ("model_worker_condolence", "劳模慰问", 70),
    ("training_subsidy", "学历提升与技能培训资助", 80),
    ("periodicals", "赠阅工会报刊", 90),
)
