"""API inputs of the members workflows' steps (`members.workflow`, `core.workflow_api`).

A step without its own schema here takes `{"action", "version"}` only.
"""

import datetime
from typing import Any

from ninja import Field

from gonghui.core.scope import access
from gonghui.core.workflow_api import VersionIn
from gonghui.orgs.models import Organization


class RetainIn(VersionIn):
    reason: str = Field(description="retired（退休）/ unemployed（失业）/ unit_closed（单位撤销）")


class LeaveIn(VersionIn):
    left_on: datetime.date | None = Field(None, description="离会日期，不填为今天")


class RejectIn(VersionIn):
    reason: str = Field(max_length=200)


class JoiningApproveIn(VersionIn):
    union_id: int | None = Field(None, description="单位未建会时必填：接收的基层工会")

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        union = (
            access(Organization, user, self.union_id, field="union_id") if self.union_id else None
        )
        return {"version": self.version, "union": union}
