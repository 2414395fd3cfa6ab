"""Every write of the members app (MEM-1, MEM-3, MEM-4). The roster importer uses
`union_recount`, `ric_facts_checked` and `ensure_ric_free` from here too."""

from .joining import (
    JOINING_WORKFLOW,
    employer_find,
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
    TRANSFER_WORKFLOW,
    transfer_actions,
    transfer_approve,
    transfer_cancel,
    transfer_reject,
    transfer_request,
)

__all__ = [
    "JOINING_WORKFLOW",
    "MEMBER_FIELDS",
    "TRANSFER_WORKFLOW",
    "employer_find",
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
    "transfer_actions",
    "transfer_approve",
    "transfer_cancel",
    "transfer_reject",
    "transfer_request",
    "union_recount",
]
