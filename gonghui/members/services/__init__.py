"""Every write of the members app (MEM-1, MEM-3, MEM-4). The workflows they take steps in are
`members.workflow`; the rules they keep are `members.rules` (shared with the roster import)."""

from .joining import (
    JOINING_PORTAL,
    employer_find,
    employer_union,
    joining_approve,
    joining_reject,
    joining_status,
    joining_submit,
)
from .members import (
    MEMBER_FIELDS,
    ensure_ric_free,
    member_create,
    member_leave,
    member_restore,
    member_retain,
    member_reveal_identity,
    member_update,
    ric_facts_checked,
    union_recount,
)
from .transfers import (
    transfer_approve,
    transfer_cancel,
    transfer_reject,
    transfer_request,
)

__all__ = [
    "JOINING_PORTAL",
    "MEMBER_FIELDS",
    "employer_find",
    "employer_union",
    "ensure_ric_free",
    "joining_approve",
    "joining_reject",
    "joining_status",
    "joining_submit",
    "member_create",
    "member_leave",
    "member_restore",
    "member_retain",
    "member_reveal_identity",
    "member_update",
    "ric_facts_checked",
    "transfer_approve",
    "transfer_cancel",
    "transfer_reject",
    "transfer_request",
    "union_recount",
]
