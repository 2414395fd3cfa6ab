"""Scope-walk rows (contracts) for tests/scope_walk.py: one of each scoped model of town B,
marked — an own wage contract of town B's employer, a campaign of town B with an offer."""

import datetime


def foreign_contracts_rows(world) -> list:
    from gonghui.democracy.choices import ContractKind, ContractState
    from gonghui.democracy.models import (
        BargainingCampaign,
        BargainingOffer,
        CollectiveContract,
        ContractEmployer,
    )
    from tests.scope_walk import MARKER, next_pk

    town, union, employer = world.town_b, world.union_b, world.employer_b
    contract = CollectiveContract.objects.create(
        id=next_pk(CollectiveContract),
        kind=ContractKind.WAGE,
        union=union,
        employer=employer,
        title=f"{MARKER}工资专项集体合同",
        signed_on=datetime.date(2013, 3, 1),
        starts_on=datetime.date(2013, 3, 1),
        ends_on=datetime.date(2014, 2, 28),
        submitted_on=datetime.date(2013, 3, 2),
        effective_on=datetime.date(2013, 3, 17),
        state=ContractState.EFFECTIVE,
        note=f"{MARKER}备注",
        org_path=union.path,
    )
    ContractEmployer.objects.create(contract=contract, employer=employer)
    campaign = BargainingCampaign.objects.create(
        id=next_pk(BargainingCampaign),
        name=f"{MARKER}要约行动",
        year=2013,
        organizer=town,
        started_on=datetime.date(2013, 4, 1),
        org_path=town.path,
    )
    offer = BargainingOffer.objects.create(
        id=next_pk(BargainingOffer),
        campaign=campaign,
        employer=employer,
        union=union,
        sent_on=datetime.date(2013, 4, 1),
        answer_due=datetime.date(2013, 4, 21),
        note=f"{MARKER}要约",
        org_path=employer.org_path,
    )
    return [contract, campaign, offer]
