"""Finance rows for tests, made directly (the services are tested apart).

`make_rule` gives the demo's kind of figures (domain-rules §3: the upper levels' shares are
unknown; every one is a setting): 60 % to the paying unit's union, 40 % up."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from gonghui.finance.choices import CollectionState, FundKind
from gonghui.finance.models import AllocationRule, Collection, UnionBankAccount
from gonghui.orgs.models import Employer, Organization

_seq = itertools.count(1)
D = Decimal

# 2013: the district's retained share 40 % kept, 30 % to towns, 30 % extra refund (report).
RULE_2013 = {
    "share_union": D(60),
    "share_town": D(0),
    "share_district": D(20),
    "share_city": D(10),
    "share_province": D(5),
    "share_national": D(5),
    "retained_district": D(40),
    "retained_town": D(30),
    "retained_refund": D(30),
}
# From 2014 for three years: 30 % district, 40 % towns, 30 % extra refund (report).
RULE_2014 = {**RULE_2013, "retained_district": D(30), "retained_town": D(40)}


def make_rule(
    effective_from: datetime.date = datetime.date(2013, 1, 1),
    effective_to: datetime.date | None = None,
    **extra: Any,
) -> AllocationRule:
    figures = RULE_2014 if effective_from.year >= 2014 else RULE_2013
    return AllocationRule.objects.create(
        name=extra.pop("name", f"{effective_from.year}年经费分配方案"),
        effective_from=effective_from,
        effective_to=effective_to,
        **{**figures, **extra},
    )


def make_collection(
    employer: Employer | None,
    period: datetime.date = datetime.date(2013, 1, 1),
    amount: Decimal | str = "1000.00",
    *,
    uscc: str | None = None,
    fund_kind: str | None = None,
    collected_on: datetime.date | None = None,
    **extra: Any,
) -> Collection:
    """A standing collection (matched to `employer`, or unmatched when it is None)."""
    amount = D(amount)
    if employer is not None:
        kind = fund_kind or (FundKind.UNION_FUND if employer.union_id else FundKind.PREPARATION)
    else:
        kind = fund_kind or FundKind.UNION_FUND
    return Collection.objects.create(
        uscc=uscc or (employer.uscc if employer else f"91440113MA{next(_seq):07d}X"),
        employer_name=employer.name if employer else "未登记单位",
        employer=employer,
        fund_kind=kind,
        period=period,
        payroll=amount * 50,
        amount=amount,
        collected_on=collected_on or (period + datetime.timedelta(days=40)),
        state=CollectionState.MATCHED if employer else CollectionState.UNMATCHED,
        org_path=employer.org_path if employer else extra.pop("org_path", "/"),
        **extra,
    )


def make_bank_account(org: Organization, **extra: Any) -> UnionBankAccount:
    from gonghui.core.identity import identity_values

    number = extra.pop("account", f"6222{next(_seq):015d}")
    return UnionBankAccount.objects.create(
        org=org,
        org_path=org.path,
        account_name=extra.pop("account_name", org.name),
        bank_name=extra.pop("bank_name", "中国工商银行番禺支行"),
        **identity_values(account=number),
        **extra,
    )
