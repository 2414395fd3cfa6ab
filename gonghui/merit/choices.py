from django.db import models

# shared with every public notice (core.notice)
from gonghui.core.notice import Channel, ObjectionState  # noqa: F401


class Level(models.TextChoices):
    """Who confers an honor or runs a competition."""

    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    DISTRICT = "district", "区级"
    TOWN = "town", "镇街级"


class Subject(models.TextChoices):
    """Who an honor goes to (domain-rules §11: a medal to a person, a Pioneer to a team, a
    certificate or a workers' home to a unit)."""

    PERSON = "person", "个人"
    TEAM = "team", "集体（班组、岗位）"
    ORGANIZATION = "organization", "单位或工会"


class Category(models.TextChoices):
    """A nominee's categories, checked against a type's shares (domain-rules §11)."""

    NON_PUBLIC = "non_public", "非公有制企业"
    INDUSTRIAL = "industrial", "产业工人"
    FRONTLINE = "frontline", "其他一线职工和专业技术人员"
    SCIENCE = "science", "科教人员"
    MIGRANT = "migrant", "农民工"
    HEAD = "head", "企业负责人"
    WOMAN = "woman", "女性"


class Bound(models.TextChoices):
    AT_LEAST = "min", "不少于"
    AT_MOST = "max", "不超过"


class RoundState(models.TextChoices):
    DRAFT = "draft", "筹备中"
    OPEN = "open", "接受推荐"
    REVIEWING = "reviewing", "评审中"
    NOTICE = "notice", "公示中"
    CLOSED = "closed", "已表彰"


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", "已推荐"
    TOWN_REVIEWED = "town_reviewed", "镇街已审核"
    APPROVED = "approved", "区总工会评审通过"
    NOTICE = "notice", "公示中"
    AWARDED = "awarded", "已表彰"
    RECOMMENDED = "recommended", "已向上级推荐"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class UpwardOutcome(models.TextChoices):
    """What the level above decided on a nominee the district recommended."""

    PENDING = "pending", "待上级评定"
    AWARDED = "awarded", "获评"
    NOT_AWARDED = "not_awarded", "未获评"


class BenefitKind(models.TextChoices):
    """What a model worker is entitled to (domain-rules §11, figures as settings)."""

    ALLOWANCE = "allowance", "荣誉津贴（每月）"
    PENSION = "pension", "退休养老金加发（%）"
    HEALTH_CHECK = "health_check", "年度健康体检"
    RECUPERATION = "recuperation", "疗休养"
    HARDSHIP = "hardship", "困难帮扶"
    CONDOLENCE = "condolence", "节日慰问"


class ModelWorkerState(models.TextChoices):
    ACTIVE = "active", "在册"
    RETIRED = "retired", "已退休（仍在册）"
    DECEASED = "deceased", "已故"
    REVOKED = "revoked", "已撤销称号"


class ResultKind(models.TextChoices):
    """An innovation studio's result."""

    PATENT = "patent", "专利"
    TECHNIQUE = "technique", "技术革新、工艺改进"
    AWARD = "award", "科技或创新奖项"
    TRAINING = "training", "带徒传技"
    STANDARD = "standard", "标准、工法"


class CompetitionKind(models.TextChoices):
    LABOR = "labor", "劳动竞赛"
    SKILLS = "skills", "职业技能竞赛"
    ANKANG = "ankang", "安康杯竞赛"
    INDUSTRY = "industry", "行业劳动竞赛"


class CompetitionState(models.TextChoices):
    PLANNED = "planned", "筹备中"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"
