"""API bodies of the payout part: the reissue's (the claim workflow's `reissue`)."""

from ninja import Field

from gonghui.core.workflow_api import VersionIn


class AccountIn(VersionIn):
    bank_name: str = Field(..., min_length=1, max_length=60)
    account: str = Field(..., min_length=1, max_length=30)
