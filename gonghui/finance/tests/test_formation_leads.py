"""Finance's employer lead (finance/leads.py): employers with a standing preparation-fund
collection, for orgs' formation targets; a reversed collection or the union fund is not one."""

import pytest

from gonghui.finance.choices import FundKind
from gonghui.finance.leads import preparation_payer_ids
from gonghui.finance.models import Collection
from gonghui.finance.tests.factories import make_collection
from gonghui.orgs import queries_formation
from gonghui.orgs.models import Employer
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def test_payers_of_the_preparation_fund_lead_the_targets(world):
    payer = EmployerFactory(name="缴费单位", town=world.town_b, headcount=30)
    bigger = EmployerFactory(name="大单位", town=world.town_b, headcount=300)
    reversed_ = EmployerFactory(name="冲销单位", town=world.town_b, headcount=40)
    make_collection(payer, fund_kind=FundKind.PREPARATION)
    make_collection(world.employer_b, fund_kind=FundKind.UNION_FUND)
    make_collection(reversed_, fund_kind=FundKind.PREPARATION)
    Collection.objects.filter(employer=reversed_).update(state="reversed")
    ids = set(Employer.objects.filter(pk__in=preparation_payer_ids()).values_list("pk", flat=True))
    assert ids == {payer.pk}
    rows = list(queries_formation.formation_targets(user=world.town_b_user))
    assert rows[0] == payer and rows[0].is_lead
    assert [r.pk for r in rows[1:]] == [bigger.pk, reversed_.pk]
