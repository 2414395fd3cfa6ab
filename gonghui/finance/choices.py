from django.db import models


class FundKind(models.TextChoices):
    """What the tax bureau collected: the union fund of an employer with a union, or the
    preparation fund of one without (domain-rules §3)."""

    UNION_FUND = "union_fund", "工会经费"
    PREPARATION = "preparation", "工会筹备金"


class Part(models.TextChoices):
    """The parts one collection is allocated into (an `Allocation`'s columns)."""

    UNION = "union", "缴费单位工会留成"
    TOWN = "town", "镇街（系统）工会"
    DISTRICT = "district", "区总工会"
    TOWN_RETAINED = "town_retained", "区级留成分给镇街（系统）工会"
    EXTRA_REFUND = "extra_refund", "区级留成额外返还缴费单位"
    CITY = "city", "市总工会"
    PROVINCE = "province", "省总工会"
    NATIONAL = "national", "全国总工会"


class UpperLevel(models.TextChoices):
    """Federations above the district, outside the tree: the district remits their shares."""

    CITY = "city", "市总工会"
    PROVINCE = "province", "省总工会"
    NATIONAL = "national", "全国总工会"


class AccountKind(models.TextChoices):
    """The ledger's accounts (科目); each is held by one organization."""

    CASH = "cash", "银行存款"
    UNALLOCATED = "unallocated", "代收经费待分配"
    UNMATCHED = "unmatched", "代收经费待认领（未匹配单位）"
    REFUND_PAYABLE = "refund_payable", "应返拨基层工会经费"
    PREPARATION_HELD = "preparation_held", "代管工会筹备金"
    INCOME = "income", "工会经费收入"
    UPPER_PAYABLE = "upper_payable", "应上解上级工会经费"
    EXPENSE = "expense", "经费支出"


class EntryKind(models.TextChoices):
    """What a voucher (`LedgerEntry`) records."""

    COLLECTION = "collection", "税务代收到账"
    MATCH = "match", "代收经费认领"
    ALLOCATION = "allocation", "经费分配"
    REFUND = "refund", "经费返拨"
    EXPENSE = "expense", "经费支出"
    REVERSAL = "reversal", "冲销"


class Program(models.TextChoices):
    """What an expense paid for (FUND-3: the district's spending on each program)."""

    ASSISTANCE = "assistance", "困难职工帮扶"
    MUTUAL_AID = "mutualaid", "医疗互助金"
    PERIODICALS = "periodicals", "报刊订阅补贴"
    TRAINING = "training", "培训补贴"
    OTHER = "other", "其他支出"


class CollectionState(models.TextChoices):
    UNMATCHED = "unmatched", "待匹配单位"
    MATCHED = "matched", "已匹配"
    REVERSED = "reversed", "已冲销"


class RefundBatchState(models.TextChoices):
    ISSUED = "issued", "已生成待回盘"
    RETURNED = "returned", "已回盘"


class RefundState(models.TextChoices):
    WAITING = "waiting", "待返拨"
    PAID = "paid", "已返拨"
    FAILED = "failed", "返拨失败"
