from django.db import models


class OrgKind(models.TextChoices):
    DISTRICT = "district", "区总工会"
    TOWN = "town", "镇街工会"
    SECTOR = "sector", "系统工会"
    INDUSTRY_FEDERATION = "industry_federation", "行业工会联合会"
    AREA_FEDERATION = "area_federation", "区域性工会联合会"
    GRASSROOTS = "grassroots", "基层工会"
    UNION_GROUP = "union_group", "工会小组"


# Which kinds may sit under which (domain-rules §1 Art. 11; the tree of the district).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.DISTRICT: {
        OrgKind.TOWN,
        OrgKind.SECTOR,
        OrgKind.INDUSTRY_FEDERATION,
        OrgKind.AREA_FEDERATION,
        OrgKind.GRASSROOTS,
    },
    OrgKind.TOWN: {OrgKind.INDUSTRY_FEDERATION, OrgKind.AREA_FEDERATION, OrgKind.GRASSROOTS},
    OrgKind.SECTOR: {OrgKind.GRASSROOTS},
    OrgKind.INDUSTRY_FEDERATION: {OrgKind.GRASSROOTS},
    OrgKind.AREA_FEDERATION: {OrgKind.GRASSROOTS},
    OrgKind.GRASSROOTS: {OrgKind.UNION_GROUP},
    OrgKind.UNION_GROUP: set(),
}


class UnionForm(models.TextChoices):
    """How a grassroots union is organized (domain-rules §1 Art. 11, rule 2)."""

    SINGLE = "single", "单独基层工会"
    JOINT = "joint", "联合基层工会"
    ORGANIZER = "organizer", "工会组织员"


class WomenOrg(models.TextChoices):
    NONE = "none", "未建立"
    COMMITTEE = "committee", "女职工委员会"
    COMMISSIONER = "commissioner", "女职工委员"


class Ownership(models.TextChoices):
    STATE = "state", "国有企业"
    COLLECTIVE = "collective", "集体企业"
    PRIVATE = "private", "私营企业"
    FOREIGN = "foreign", "外商投资企业"
    HMT = "hmt", "港澳台投资企业"
    INSTITUTION = "institution", "事业单位"
    AGENCY = "agency", "机关"
    SOCIAL = "social", "社会组织"

    @classmethod
    def non_public(cls) -> list[str]:
        return [cls.PRIVATE, cls.FOREIGN, cls.HMT]


class Industry(models.TextChoices):
    """GB/T 4754 sections that occur in the district."""

    AGRICULTURE = "A", "农、林、牧、渔业"
    MANUFACTURING = "C", "制造业"
    UTILITIES = "D", "电力、热力、燃气及水生产和供应业"
    CONSTRUCTION = "E", "建筑业"
    TRADE = "F", "批发和零售业"
    TRANSPORT = "G", "交通运输、仓储和邮政业"
    HOSPITALITY = "H", "住宿和餐饮业"
    IT = "I", "信息传输、软件和信息技术服务业"
    FINANCE = "J", "金融业"
    REAL_ESTATE = "K", "房地产业"
    BUSINESS_SERVICES = "L", "租赁和商务服务业"
    RESEARCH = "M", "科学研究和技术服务业"
    ENVIRONMENT = "N", "水利、环境和公共设施管理业"
    RESIDENT_SERVICES = "O", "居民服务、修理和其他服务业"
    EDUCATION = "P", "教育"
    HEALTH = "Q", "卫生和社会工作"
    CULTURE = "R", "文化、体育和娱乐业"
    PUBLIC = "S", "公共管理、社会保障和社会组织"


class HeadcountBand(models.TextChoices):
    UNDER_25 = "0-24", "25人以下"
    B25 = "25-99", "25-99人"
    B100 = "100-199", "100-199人"
    B200 = "200-999", "200-999人"
    B1000 = "1000-", "1000人以上"

    def bounds(self) -> tuple[int, int | None]:
        low, _, high = self.value.partition("-")
        return int(low), (int(high) if high else None)


class ElectionState(models.TextChoices):
    PREPARING = "preparing", "筹备中"
    ELECTED = "elected", "已选举"
    APPROVED = "approved", "上级已批复"
    REJECTED = "rejected", "上级未批准"


class ContactMethod(models.TextChoices):
    """How formation staff reached an employer without a union (ORG-3)."""

    VISIT = "visit", "上门走访"
    PHONE = "phone", "电话联系"
    LETTER = "letter", "发函"
    MEETING = "meeting", "座谈会"


class ContactOutcome(models.TextChoices):
    WILLING = "willing", "同意组建"
    CONSIDERING = "considering", "考虑中"
    REFUSED = "refused", "暂不组建"
    UNREACHABLE = "unreachable", "未能联系"


class CertificateState(models.TextChoices):
    """A legal-person certificate (工会法人资格证书, ORG-4)."""

    VALID = "valid", "有效"
    CANCELLED = "cancelled", "已注销"


class CertificateRequestKind(models.TextChoices):
    NEW = "new", "申领"
    CHANGE = "change", "变更"
    CANCEL = "cancel", "注销"


class CertificateRequestState(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回补正"
    APPROVED = "approved", "已办结"
    REJECTED = "rejected", "不予办理"
    WITHDRAWN = "withdrawn", "已撤回"


class CertificateDocumentKind(models.TextChoices):
    APPLICATION = "application", "工会法人资格登记申请表"
    APPROVAL = "approval", "上级工会批准成立文件"
    MINUTES = "minutes", "会员大会或代表大会选举结果"
    CHAIR_ID = "chair_id", "工会主席身份证明"
    PREMISES = "premises", "办公场所证明"
    FUNDS = "funds", "经费来源证明"
    OTHER = "other", "其他材料"
