"""API inputs of the orgs workflows (the election's transitions, core.workflow_api)."""

import datetime

from ninja import Field

from gonghui.core.workflow_api import VersionIn


class ElectionResultIn(VersionIn):
    elected_on: datetime.date
    chair_name: str = Field(max_length=50)


class ElectionApproveIn(VersionIn):
    approval_doc_no: str = Field(max_length=60)
    approved_on: datetime.date


class ElectionRejectIn(VersionIn):
    reason: str = Field(max_length=500)
