"""Named locks for count-then-insert rules (issue #11: races closed on PostgreSQL).

A rate limit ("3 complaints per phone an hour") counts rows and then inserts one. Under
PostgreSQL's READ COMMITTED two transactions both counted 2 and both inserted: 9 or 10 of
10 simultaneous posts went through. `hold(*names)` takes a transaction-scoped advisory lock
per name (sorted, so two holders of the same names never deadlock); the count and the insert
that follow run one transaction at a time per name. On SQLite every transaction already
takes the write lock when it begins (`transaction_mode: IMMEDIATE` in settings), so it is
nothing there. Call it inside transaction.atomic().
"""

import hashlib

from django.db import connection, transaction


def _key(name: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def hold(*names: str) -> None:
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("core.locks.hold needs a transaction.")
    with connection.cursor() as cursor:
        for name in sorted(set(names)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
