"""The democracy app's choices (DEMO-1, DEMO-2, DEMO-3; domain-rules §7, §8)."""

from django.db import models

# shared with every public notice (core.notice)
from gonghui.core.notice import Channel, ObjectionState  # noqa: F401


class ContractKind(models.TextChoices):
    """domain-rules §7, rule 42."""

    GENERAL = "general", "综合集体合同"
    WAGE = "wage", "工资专项集体合同"
    WOMEN = "women", "女职工权益保护专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"


class ContractScope(models.TextChoices):
    """Whom a contract covers: one employer, or every employer of an industry or an area."""

    EMPLOYER = "employer", "单位"
    INDUSTRY = "industry", "行业性"
    AREA = "area", "区域性"


class ContractState(models.TextChoices):
    """rule 39: 签订 → 报送 → (审查意见书 within 15 days ? 修改后重新报送 : 生效); 终止 early."""

    SIGNED = "signed", "已签订"
    SUBMITTED = "submitted", "已报送审查"
    OBJECTED = "objected", "审查有意见"
    EFFECTIVE = "effective", "已生效"
    TERMINATED = "terminated", "已终止"


class OfferAnswer(models.TextChoices):
    """The employer's answer to a written offer to bargain (要约; 20 days, §7)."""

    PENDING = "", "待回应"
    ACCEPTED = "accepted", "同意协商"
    REFUSED = "refused", "拒绝协商"
    NO_REPLY = "no_reply", "逾期未回应"


class OfferOutcome(models.TextChoices):
    OPEN = "", "进行中"
    SIGNED = "signed", "已签订合同"
    FAILED = "failed", "未达成"


class CampaignState(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class CongressForm(models.TextChoices):
    """§8: fewer than 100 workers usually hold an all-worker assembly instead."""

    CONGRESS = "congress", "职工代表大会"
    ASSEMBLY = "assembly", "职工大会"


class DisclosureItem(models.TextChoices):
    """The nine items of 厂务公开 (domain-rules §8, rule 45)."""

    OPERATIONS = "operations", "生产经营状况"
    HIRING = "hiring", "招聘用工和劳动合同"
    CONTRACT = "contract", "集体合同和规章制度"
    DISCIPLINE = "discipline", "奖惩和单方解除劳动合同"
    SAFETY = "safety", "劳动安全卫生标准和事故"
    INSURANCE = "insurance", "社会保险和企业年金缴纳"
    EDUCATION_FUND = "education_fund", "职工教育经费"
    EVALUATION = "evaluation", "职代会民主评议管理人员"
    OTHER = "other", "法律法规规定的其他事项"


class DisclosureMethod(models.TextChoices):
    BOARD = "board", "厂务公开栏"
    CONGRESS = "congress", "职代会"
    MEETING = "meeting", "职工大会或班组会"
    INTRANET = "intranet", "内部网站或信息平台"
    DOCUMENT = "document", "文件或简报"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"
    AS_NEEDED = "as_needed", "随时"


class RatingLevel(models.TextChoices):
    """和谐劳动关系企业 A / 2A / 3A (the report's 208 / 14 / 8)."""

    A = "A", "A级"
    AA = "AA", "2A级"
    AAA = "AAA", "3A级"


class RatingRoundState(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "申报中"
    REVIEWING = "reviewing", "评审中"
    NOTICE = "notice", "公示中"
    CLOSED = "closed", "已公布"


class ApplicationState(models.TextChoices):
    APPLIED = "applied", "已申报"
    TOWN_REVIEWED = "town_reviewed", "镇街已审核"
    APPROVED = "approved", "评审通过"
    NOTICE = "notice", "公示中"
    RATED = "rated", "已评定"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class CriterionSource(models.TextChoices):
    """Where a criterion of the scoring sheet is read from records (else scored by staff)."""

    MANUAL = "", "人工评分"
    UNION = "union", "已建立工会"
    WAGE_CONTRACT = "wage_contract", "工资集体合同在有效期内"
    CONGRESS = "congress", "本年度召开职代会"
    OPEN_AFFAIRS = "open_affairs", "本年度实行厂务公开"
    DUAL_DISPLAY = "dual_display", "“两亮”（亮牌子、亮身份）"
    NO_ARREARS_DISPUTE = "no_arrears_dispute", "本年度无欠薪劳动争议"


class AwardKind(models.TextChoices):
    """The awards named in the same round (the report's 89 and 195)."""

    CARING_EMPLOYER = "caring_employer", "关爱员工的优秀企业家"
    DEVOTED_EMPLOYEE = "devoted_employee", "热爱企业的优秀员工"


class AwardState(models.TextChoices):
    NOMINATED = "nominated", "已推荐"
    APPROVED = "approved", "评审通过"
    AWARDED = "awarded", "已表扬"
    REJECTED = "rejected", "未通过"
