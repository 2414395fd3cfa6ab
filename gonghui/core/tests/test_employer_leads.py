"""The registry's employer leads: a named subquery of employer pks an app above orgs
registers (finance: preparation-fund payers) and orgs' formation targets put first."""

import pytest

from gonghui.core.registry import EmployerLead, employer_leads, register_employer_lead, registry
from gonghui.orgs.models import Employer

pytestmark = pytest.mark.django_db


def test_leads_are_registered_in_order_and_stay_subqueries(world):
    names = [lead.name for lead in employer_leads()]
    assert "finance.preparation_payers" in names  # finance/leads.py, from its registrations
    register_employer_lead(
        EmployerLead(
            "test.first",
            "测试",
            lambda: Employer.objects.filter(pk=world.employer_a.pk).values("pk"),
            order=1,
        )
    )
    try:
        leads = employer_leads()
        assert leads[0].name == "test.first"
        ids = leads[0].employer_ids()
        assert list(ids) == [{"pk": world.employer_a.pk}]
        assert list(Employer.objects.filter(pk__in=ids)) == [world.employer_a]
    finally:
        del registry["employer_leads"]["test.first"]
