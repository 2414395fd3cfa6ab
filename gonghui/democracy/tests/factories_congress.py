"""Congress rows for tests, made directly (the services are tested apart)."""

import datetime
from typing import Any

from gonghui.democracy.choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency
from gonghui.democracy.models import CongressSession, OpenAffairsRecord
from gonghui.orgs.models import Employer

ALL_ITEMS = list(DisclosureItem.values)


def make_session(
    employer: Employer,
    held_on: datetime.date = datetime.date(2013, 4, 20),
    due: int = 60,
    attended: int = 50,
    **extra: Any,
) -> CongressSession:
    fields = {
        "form": CongressForm.CONGRESS,
        "workers_total": 800,
        "frontline_delegates": 40,
        "manager_delegates": 8,
        "women_delegates": 25,
        "agenda": "审议工资集体合同草案",
        **extra,
    }
    return CongressSession.objects.create(
        employer=employer,
        union=employer.union,
        org_path=employer.union.path,
        held_on=held_on,
        delegates_total=due,
        delegates_attended=attended,
        **fields,
    )


def make_record(
    employer: Employer, year: int = 2013, items: list[str] | None = None, **extra: Any
) -> OpenAffairsRecord:
    fields = {
        "methods": [DisclosureMethod.BOARD],
        "frequency": Frequency.QUARTERLY,
        **extra,
    }
    return OpenAffairsRecord.objects.create(
        employer=employer,
        union=employer.union,
        org_path=employer.union.path,
        year=year,
        items=ALL_ITEMS if items is None else items,
        **fields,
    )
