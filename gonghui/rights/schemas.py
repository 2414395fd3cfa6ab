"""API inputs of the case workflow's transitions (named in rights/workflow.py).

`POST /api/v1/rights/cases/{pk}/actions` takes one of these, told apart by "action"
(core.workflow_api). Ids become rows through the data scope (404 when out of scope).
"""

import datetime
from typing import Any

from ninja import Field

from gonghui.core.money import ZERO, Money
from gonghui.core.scope import access
from gonghui.core.workflow_api import VersionIn
from gonghui.orgs.models import Organization

from .models import Lawyer, Station


class AcceptIn(VersionIn):
    accepted_on: datetime.date | None = None


class ReasonIn(VersionIn):
    reason: str = Field("", max_length=300)


class AssignIn(VersionIn):
    station_id: int | None = None
    lawyer_id: int | None = None
    org_id: int | None = None
    note: str = Field("", max_length=300)

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        def row(model: type, pk: int | None, field: str) -> Any:
            return access(model, user, pk, field=field) if pk else None

        return {
            "version": self.version,
            "station": row(Station, self.station_id, "station_id"),
            "lawyer": row(Lawyer, self.lawyer_id, "lawyer_id"),
            "org": row(Organization, self.org_id, "org_id"),
            "note": self.note,
        }


class ExtendIn(VersionIn):
    days: int = 0
    reason: str = Field("", max_length=300)


class ConcludeIn(VersionIn):
    outcome: str = ""
    conclusion: str = ""
    amount_recovered: Money = ZERO


class CloseIn(VersionIn):
    note: str = Field("", max_length=300)
