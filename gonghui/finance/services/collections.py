"""Writes of tax-bureau collections (FUND-1): the import's batches, matching a row to an
employer, a manual reversal. Every booking goes through services.ledger.post.

- A batch of the import (importers.collections) inserts its new rows and the reversals of
  the rows a corrected file replaces, and books them with ONE voucher (`post_collections`),
  in the pipeline's batch transaction: rows and voucher commit together or not at all.
- A row's money columns are never changed (the database refuses it): a correction is a
  reversal row (negative amount and payroll, `reverses` the old row, a reason) and a new
  standing row; the old row's state becomes 已冲销.
- A reversal row whose old row was already allocated stays 已匹配, so that
  services.allocation.allocate_pending allocates it as the exact negation; when the old row
  was never allocated, the pair nets to zero in 待分配/待认领 and the reversal row is 已冲销
  too (nothing to allocate).
- Matching an unmatched row sets its employer, state and scope path and books
  Dr 待认领 / Cr 待分配 (source "match:<collection id>").
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core.audit import audit_record, audit_records, register_actions
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.importing.bulk import insert_plan, insert_rows
from gonghui.core.money import money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Employer, Organization

from ..choices import CollectionState, EntryKind
from ..models import Allocation, Collection, LedgerEntry
from ..rules import collections as rules
from . import ledger

VIEW = "finance.view"
IMPORT = "finance.collections.import"
MATCH = "finance.collections.match"
REASON_MAX = 200
_CHUNK = 900  # ids or codes per IN (): under SQLite's old limit of 999 variables

register_actions(
    {
        "finance.collection.corrected": "代收记录更正（冲销后重录）",
        "finance.collection.described": "代收记录名称、税票号更正",
        "finance.collection.matched": "代收记录匹配单位",
        "finance.collection.reversed": "冲销代收记录",
    }
)

# "Not a reversal" is written as NOT (reverses_id IS NOT NULL), not reverses_id IS NULL:
# SQLite takes IS NULL on the unique index of `reverses` for one row and walks that index
# over every row (0.2 s at district scale), passing over the partial indexes (0003).
NOT_A_REVERSAL = ~Q(reverses__isnull=False)
STANDING = NOT_A_REVERSAL & ~Q(state=CollectionState.REVERSED)
KEY_COLUMNS = ("uscc", "period", "fund_kind")
READ_COLUMNS = (
    "id",
    *KEY_COLUMNS,
    "amount",
    "payroll",
    "collected_on",
    "employer_name",
    "voucher_no",
    "employer_id",
    "state",
    "org_path",
)


def district() -> Organization:
    """The district federation: the tree's root, which holds the collections' accounts."""
    root = (
        Organization.objects.filter(parent__isnull=True, kind=OrgKind.DISTRICT)
        .order_by("pk")
        .first()
    )
    if root is None:
        raise ApplicationError("尚未建立区总工会，不能登记代收经费。")
    return root


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def employers_by_uscc(usccs: Iterable[str]) -> dict[str, tuple[int, str]]:
    """{USCC: (employer id, scope path)} of the registered ones among `usccs`."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(sorted(set(usccs))):
        rows = Employer.objects.filter(uscc__in=chunk).values_list("uscc", "id", "org_path")
        found.update((uscc, (pk, path)) for uscc, pk, path in rows)
    return found


def standing_periods() -> set[datetime.date]:
    """The months that have any standing row: a batch of other months has nothing to compare."""
    rows = Collection.objects.filter(STANDING).order_by()  # no ORDER BY columns in the DISTINCT
    return set(rows.values_list("period", flat=True).distinct())


def standing_by_key(keys: Iterable[tuple[str, datetime.date, str]]) -> dict[tuple, dict]:
    """The standing rows of `keys` ((USCC, period, fund kind)), as dicts of READ_COLUMNS.

    Read with one plain query per chunk of USCCs: a re-imported year is 600,000 rows, and
    the ORM's converters cost ten times the query (SQLite gives dates as text and money as
    numbers; both are read back here as the ORM would)."""
    wanted = set(keys)
    usccs = sorted({k[0] for k in wanted})
    periods: list[Any] = sorted({k[1] for k in wanted})
    if connection.vendor == "sqlite":  # a date is stored as its ISO text there
        periods = [p.isoformat() for p in periods]
    found: dict[tuple, dict] = {}
    table = Collection._meta.db_table
    columns = ", ".join(f'"{c}"' for c in _RAW_COLUMNS)
    with connection.cursor() as cursor:
        for chunk in _chunks(usccs):
            marks = ", ".join(["%s"] * len(chunk))
            months = ", ".join(["%s"] * len(periods))
            cursor.execute(
                f'SELECT {columns} FROM "{table}" WHERE "uscc" IN ({marks}) '
                f'AND "period" IN ({months}) AND "reverses_id" IS NULL AND "state" <> %s',
                [*chunk, *periods, CollectionState.REVERSED.value],
            )
            for values in cursor.fetchall():
                row = dict(zip(_RAW_COLUMNS, values, strict=True))
                row["period"] = _day(row["period"])
                key = (row["uscc"], row["period"], row["fund_kind"])
                if key in wanted:
                    row["collected_on"] = _day(row["collected_on"])
                    row["amount"], row["payroll"] = _money(row["amount"]), _money(row["payroll"])
                    found[key] = row
    return found


_RAW_COLUMNS = READ_COLUMNS  # the column names are the attribute names


def _money(value: Any) -> Decimal:
    return money(str(value) if isinstance(value, float) else value)


def _day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# ---- the voucher ---------------------------------------------------------------------------


def post_amounts(
    *,
    actor: Any,
    pairs: list[tuple[Decimal, bool]],
    booked_on: datetime.date,
    source: str,
    memo: str,
    reason: str = "",
) -> LedgerEntry | None:
    """The collection voucher of rows given as (amount, matched); None when they net to
    nothing (a correction of the date only: the reversal and the new row cancel out)."""
    signed = rules.booked_amounts(pairs)
    if not any(signed.values()):
        return None
    root = district()
    return ledger.post(
        actor=actor,
        kind=EntryKind.COLLECTION,
        org=root,
        booked_on=booked_on,
        memo=memo,
        amounts={ledger.account(root, kind): amount for kind, amount in signed.items()},
        source=source,
        reason=reason,
    )


@transaction.atomic
def post_collections(
    *, actor: Any, rows: list[Collection], source: str, memo: str = "", reason: str = ""
) -> LedgerEntry | None:
    """The ONE voucher of newly saved rows (an import batch's, a reversal's): Dr district 银行
    存款 / Cr 待分配 (rows matched to an employer) or 待认领 (not matched), signed sums, so a
    reversal row books the mirror. Each row records it (`entry`). Posting a source twice
    is refused by the ledger's unique key."""
    if not rows:
        return None
    entry = post_amounts(
        actor=actor,
        pairs=[(row.amount, row.employer_id is not None) for row in rows],
        booked_on=max(row.collected_on for row in rows),
        source=source,
        memo=memo or f"税务代收到账（{len(rows)}笔）",
        reason=reason,
    )
    if entry is not None:
        for chunk in _chunks([row.pk for row in rows if row.pk is not None]):
            Collection.objects.filter(pk__in=chunk).update(entry=entry)
        for row in rows:
            row.entry = entry
    return entry


# ---- an import batch -----------------------------------------------------------------------


def _allocated(ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(
            Allocation.objects.filter(collection_id__in=chunk).values_list(
                "collection_id", flat=True
            )
        )
    return found


def _reversal_of(old: dict[str, Any], allocated: bool, reason: str) -> dict[str, Any]:
    return {
        "uscc": old["uscc"],
        "employer_name": old["employer_name"],
        "employer_id": old["employer_id"],
        "fund_kind": old["fund_kind"],
        "period": old["period"],
        "payroll": -old["payroll"],
        "amount": -old["amount"],
        "collected_on": old["collected_on"],
        "voucher_no": old["voucher_no"],
        # still to be allocated as the negation of the old row's allocation, or out of play
        "state": CollectionState.MATCHED if allocated else CollectionState.REVERSED,
        "org_path": old["org_path"],
        "reverses_id": old["id"],
        "reason": reason,
    }


class RowLayout:
    """A new collection row as `insert_rows` takes it, laid out from a checked file row (in
    the checking child: no database), with the run, its creator and the timestamps; the
    writer sets the employer, state, scope path and voucher by position (`place`)."""

    def __init__(self, *, run: int | None, user: int | None):
        self.plan = insert_plan(Collection)
        self.template = self.plan.template({"run_id": run, "created_by_id": user})
        index = self.plan.index
        self.at = (index["employer_id"], index["state"], index["org_path"], index["entry_id"])

    def row(self, record: dict[str, Any]) -> list[Any]:
        values = {k: record[k] for k in _FILE_COLUMNS}
        values["voucher_no"] = record.get("voucher_no") or ""
        return self.plan.row(self.template, values)

    def place(
        self, row: list[Any], employer: tuple[int, str] | None, root_path: str, entry: int | None
    ) -> list[Any]:
        row = row.copy()
        at_employer, at_state, at_path, at_entry = self.at
        if employer is None:
            row[at_employer], row[at_state], row[at_path] = None, _UNMATCHED, root_path
        else:
            row[at_employer], row[at_state], row[at_path] = employer[0], _MATCHED, employer[1]
        row[at_entry] = entry
        return row


_FILE_COLUMNS = (
    "uscc",
    "employer_name",
    "fund_kind",
    "period",
    "payroll",
    "amount",
    "collected_on",
)
_MATCHED, _UNMATCHED = str(CollectionState.MATCHED.value), str(CollectionState.UNMATCHED.value)


def _placed(
    record: dict[str, Any], employer: tuple[int, str] | None, root_path: str
) -> dict[str, Any]:
    employer_id, path = employer if employer is not None else (None, root_path)
    return {
        "uscc": record["uscc"],
        "employer_name": record["employer_name"],
        "employer_id": employer_id,
        "fund_kind": record["fund_kind"],
        "period": record["period"],
        "payroll": record["payroll"],
        "amount": record["amount"],
        "collected_on": record["collected_on"],
        "voucher_no": record.get("voucher_no") or "",
        "state": CollectionState.MATCHED if employer_id else CollectionState.UNMATCHED,
        "org_path": path,
        "reverses_id": None,
        "reason": "",
    }


def import_batch_write(
    *,
    actor: Any,
    run: Any,
    new: list[dict[str, Any]],
    corrections: list[tuple[dict[str, Any], dict[str, Any]]],
    employers: dict[str, tuple[int, str]],
) -> LedgerEntry | None:
    """Write one batch of the import (in the pipeline's transaction): reverse the standing
    rows that `corrections` ((file row, standing row)) replace, insert the reversals and the
    new standing rows, and book them all with one voucher."""
    require(actor, IMPORT)
    root = district()
    rows: list[dict[str, Any]] = []  # reversals and the rows replacing them
    old_ids = [old["id"] for _r, old in corrections]
    if old_ids:
        for chunk in _chunks(old_ids):  # locked before the allocation is asked (PostgreSQL)
            list(Collection.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
        allocated = _allocated(old_ids)
        now = timezone.now()
        for chunk in _chunks(old_ids):  # before the new standing rows: the key is unique
            Collection.objects.filter(pk__in=chunk).update(
                state=CollectionState.REVERSED, updated_at=now
            )
        for record, old in corrections:
            reason = f"更正导入：第{record['_row']}行"
            rows.append(_reversal_of(old, old["id"] in allocated, reason))
            # the registry's employer, else the one staff matched the old row to
            found = employers.get(record["uscc"])
            if found is None and old["employer_id"] is not None:
                found = (old["employer_id"], old["org_path"])
            rows.append(_placed(record, found, root.path))
    numbers = [r["_row"] for r in new] + [r["_row"] for r, _old in corrections]
    first, last = min(numbers), max(numbers)
    pairs = [(r["amount"], r["employer_id"] is not None) for r in rows]
    pairs += [(r["amount"], r["uscc"] in employers) for r in new]
    days = [r["collected_on"] for r in rows] + [r["collected_on"] for r in new]
    entry = post_amounts(
        actor=actor,
        pairs=pairs,
        booked_on=max(days),
        source=f"collections:{run.pk}:{first}",
        memo=f"税务代收到账（导入批次{run.pk}第{first}至{last}行，{len(pairs)}笔）",
    )
    entry_id = entry.pk if entry is not None else None
    layout = RowLayout(run=run.pk, user=getattr(actor, "pk", None))
    template = {**layout.template, "entry_id": entry_id}
    insert_rows(Collection, [layout.plan.row(template, r) for r in rows])
    place, path = layout.place, root.path
    insert_rows(
        Collection, [place(r["_insert"], employers.get(r["uscc"]), path, entry_id) for r in new]
    )
    if corrections:
        audit_records(
            actor=actor,
            action="finance.collection.corrected",
            target_type=Collection._meta.label_lower,
            targets=[_correction_audit(run, record, old) for record, old in corrections],
        )
    return entry


def _correction_audit(run: Any, record: dict[str, Any], old: dict[str, Any]) -> tuple:
    changed = {
        name: [str(old[name]), str(record[name])]
        for name in ("amount", "payroll", "collected_on")
        if old[name] != record[name]
    }
    text = f"{old['employer_name']} {old['period']:%Y-%m}"
    return old["id"], text, old["org_path"], {"run": run.pk, "row": record["_row"], **changed}


def describe_rows(*, actor: Any, run: Any, changes: list[tuple[dict, dict]]) -> None:
    """A name or 税票号 the tax bureau corrected (not money: changed in place, audited)."""
    for record, old in changes:
        given = {k: record[k] for k in ("employer_name", "voucher_no") if record.get(k)}
        Collection.objects.filter(pk=old["id"]).update(**given, updated_at=timezone.now())
    audit_records(
        actor=actor,
        action="finance.collection.described",
        target_type=Collection._meta.label_lower,
        targets=[
            (
                old["id"],
                f"{old['employer_name']} {old['period']:%Y-%m}",
                old["org_path"],
                {
                    "run": run.pk,
                    **{
                        k: [old[k], record[k]]
                        for k in ("employer_name", "voucher_no")
                        if record.get(k) and record[k] != old[k]
                    },
                },
            )
            for record, old in changes
        ],
    )


# ---- matching ------------------------------------------------------------------------------


def _unmatched_of(collection: Collection, all_of_uscc: bool) -> list[Collection]:
    rows = Collection.objects.select_for_update().filter(STANDING, state=CollectionState.UNMATCHED)
    rows = rows.filter(uscc=collection.uscc) if all_of_uscc else rows.filter(pk=collection.pk)
    return list(rows.order_by("period", "pk"))


@transaction.atomic
def collection_match(
    *, actor: Any, collection: Collection, employer: Employer, all_of_uscc: bool = True
) -> list[Collection]:
    """Match the unmatched row to `employer` (and every other unmatched row of its USCC):
    its employer, state and scope path set, Dr 待认领 / Cr 待分配 booked per row."""
    ensure_visible(actor, collection, MATCH)
    ensure_visible(actor, employer, "employers.view")
    rows = _unmatched_of(collection, all_of_uscc)
    if collection.pk not in {row.pk for row in rows}:
        raise ApplicationError("该代收记录已匹配单位或已冲销，不能再匹配。", field="employer_id")
    root = district()
    waiting = ledger.account(root, "unmatched")
    unallocated = ledger.account(root, "unallocated")
    day = today()
    Collection.objects.filter(pk__in=[row.pk for row in rows]).update(
        employer=employer,
        state=CollectionState.MATCHED,
        org_path=employer.org_path,
        updated_at=timezone.now(),
    )
    for row in rows:
        if row.amount:
            ledger.post(
                actor=actor,
                kind=EntryKind.MATCH,
                org=root,
                booked_on=day,
                memo=f"代收经费认领：{employer.name} {rules.month_label(row.period)}"[:200],
                amounts={waiting: row.amount, unallocated: -row.amount},
                source=f"match:{row.pk}",
            )
        audit_record(
            actor=actor,
            action="finance.collection.matched",
            target=row,
            org_path=employer.org_path,
            data={"employer": employer.pk, "uscc": row.uscc, "amount": str(row.amount)},
        )
        row.employer, row.state, row.org_path = employer, CollectionState.MATCHED, employer.org_path
    return rows


@transaction.atomic
def collection_employer_create(
    *, actor: Any, collection: Collection, **fields: Any
) -> tuple[Employer, list[Collection]]:
    """Register the employer a row names (its USCC, the name as given or corrected) and
    match the row, and the other unmatched rows of its USCC, to it."""
    from gonghui.orgs.services import employer_create

    ensure_visible(actor, collection, MATCH)
    if collection.state != CollectionState.UNMATCHED or collection.reverses_id is not None:
        raise ApplicationError("该代收记录已匹配单位或已冲销，不能再匹配。")
    fields["uscc"] = collection.uscc
    fields.setdefault("name", collection.employer_name)
    employer = employer_create(actor=actor, **fields)
    return employer, collection_match(actor=actor, collection=collection, employer=employer)


# ---- a manual reversal ---------------------------------------------------------------------


@transaction.atomic
def collection_reverse(*, actor: Any, collection: Collection, reason: str) -> Collection:
    """Reverse a standing row with a reason: a reversal row and its own voucher (the mirror
    of the row's booking: Dr 待分配 or 待认领 / Cr 银行存款). An allocated row's reversal is
    allocated as its negation by services.allocation.allocate_pending, not here."""
    ensure_visible(actor, collection, MATCH)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写冲销原因。", field="reason")
    if len(reason) > REASON_MAX:
        raise ApplicationError(f"冲销原因最多{REASON_MAX}个字。", field="reason")
    old = Collection.objects.select_for_update().get(pk=collection.pk)
    if old.reverses_id is not None:
        raise ApplicationError("冲销记录不能再冲销。")
    if old.state == CollectionState.REVERSED:
        raise ApplicationError("该代收记录已冲销，不能重复冲销。")
    allocated = Allocation.objects.filter(collection_id=old.pk).exists()
    Collection.objects.filter(pk=old.pk).update(
        state=CollectionState.REVERSED, updated_at=timezone.now()
    )
    values = _reversal_of({name: getattr(old, name) for name in READ_COLUMNS}, allocated, reason)
    reversal = Collection.objects.create(**values, run=None, created_by=_user(actor))
    post_collections(
        actor=actor,
        rows=[reversal],
        source=f"collection.reverse:{old.pk}",
        memo=f"冲销代收记录：{old.employer_name} {rules.month_label(old.period)}"[:200],
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="finance.collection.reversed",
        target=old,
        org_path=old.org_path,
        data={"reversal": reversal.pk, "reason": reason, "amount": str(old.amount)},
    )
    return reversal


def _user(actor: Any) -> Any:
    from gonghui.core.actors import actor_user

    return actor_user(actor)
