"""Collective contracts for tests, made directly (the services are tested apart)."""

import datetime
from typing import Any

from gonghui.democracy.choices import ContractKind, ContractScope, ContractState
from gonghui.democracy.models import CollectiveContract, ContractEmployer
from gonghui.democracy.rules.contracts import effective_date, term_end
from gonghui.orgs.models import Employer, Organization


def make_contract(
    employer: Employer | None = None,
    *,
    kind: str = ContractKind.WAGE,
    signed_on: datetime.date = datetime.date(2013, 3, 1),
    years: int = 1,
    state: str = ContractState.EFFECTIVE,
    union: Organization | None = None,
    covers: list[Employer] | None = None,
    **extra: Any,
) -> CollectiveContract:
    """An employer's own contract (or, with `union` and `covers`, an industry one) in force
    from its signing (submitted the next day, effective at filing + 15 days)."""
    union = union or employer.union
    covers = covers if covers is not None else [employer]
    submitted = signed_on + datetime.timedelta(days=1)
    fields = {
        "kind": kind,
        "scope": ContractScope.EMPLOYER if employer else ContractScope.INDUSTRY,
        "union": union,
        "employer": employer,
        "title": f"{employer.name if employer else union.name}{ContractKind(kind).label}",
        "signed_on": signed_on,
        "starts_on": signed_on,
        "ends_on": term_end(signed_on, years),
        "state": state,
        "org_path": union.path,
        "women_negotiators": 1,
        "negotiators_worker_side": 3,
    }
    if state != ContractState.SIGNED:
        fields["submitted_on"] = submitted
    if state in (ContractState.EFFECTIVE, ContractState.TERMINATED):
        fields["effective_on"] = effective_date(submitted)
    contract = CollectiveContract.objects.create(**{**fields, **extra})
    ContractEmployer.objects.bulk_create(
        [ContractEmployer(contract=contract, employer=e) for e in covers]
    )
    return contract
