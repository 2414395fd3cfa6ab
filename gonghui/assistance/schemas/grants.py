"""API inputs of the grant workflow's transitions (named in workflow.py):
`POST /api/v1/assistance/grants/{pk}/actions` takes one, told apart by "action"."""

from ninja import Field

from gonghui.core.workflow_api import VersionIn


class NoteIn(VersionIn):
    note: str = Field("", max_length=300)


class ReasonIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=300)


class AccountIn(VersionIn):
    bank_name: str = Field(..., min_length=1, max_length=60)
    account: str = Field(..., min_length=1, max_length=30)
