"""The employers finance knows orgs should reach first (core.registry.employer_leads):
those that paid the union preparation fund (工会筹备金), which the tax bureau collects from an
employer without a union. orgs' formation targets put them first and flag them."""

from django.db.models import QuerySet

from gonghui.core.registry import EmployerLead, register_employer_lead

from .choices import FundKind
from .models import Collection
from .services.collections import STANDING

PREPARATION_PAYERS = "finance.preparation_payers"


def preparation_payer_ids() -> QuerySet:
    """Pks of employers with a standing preparation-fund collection (a subquery)."""
    return (
        Collection.objects.filter(STANDING, fund_kind=FundKind.PREPARATION, employer__isnull=False)
        .values("employer_id")
        .distinct()
    )


def register() -> None:
    register_employer_lead(
        EmployerLead(
            name=PREPARATION_PAYERS,
            label="缴纳工会筹备金",
            employer_ids=preparation_payer_ids,
            order=10,
        )
    )
