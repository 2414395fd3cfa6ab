"""Reads of collective contracts (DEMO-1)."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.orgs.models import Employer

from ..choices import ContractState
from ..models import ContractEmployer


def in_force_on(on: datetime.date, prefix: str = "contract__") -> Q:
    """A contract in force on a date: effective, begun, not past its end, not terminated."""
    return Q(
        **{
            f"{prefix}state": ContractState.EFFECTIVE,
            f"{prefix}starts_on__lte": on,
            f"{prefix}ends_on__gte": on,
        }
    )


def employers_covered(kind: str, on: datetime.date) -> QuerySet[Employer]:
    """Employers covered on `on` by a contract of `kind` in force: their own, or an industry
    or area contract that lists them (`ContractEmployer`)."""
    cover = ContractEmployer.objects.filter(
        in_force_on(on), employer=OuterRef("pk"), contract__kind=kind
    )
    return Employer.objects.filter(Exists(cover))
