"""API of refunds (FUND-3): union bank accounts, refund batches (their bank file and the
bank's return), refunds and what is due and unpaid; the same services, queries and scope as
the pages."""

from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.downloads import content_download
from gonghui.core.importing import queries as import_queries
from gonghui.core.importing.api import ImportRunDetailOut
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access

from ..queries import refunds as queries
from ..schemas.refunds import (
    BankAccountFilters,
    BankAccountIn,
    BankAccountOut,
    BankAccountPatch,
    BatchDetailOut,
    BatchFilters,
    BatchIn,
    BatchOut,
    DueUnpaidFilters,
    DueUnpaidOut,
    RefundFilters,
    RefundOut,
)
from ..services import refunds as services

router = Router()


@router.get("/finance/bank-accounts", response=list[BankAccountOut])
@paginate(CappedPagination, page_size=100)
def list_bank_accounts(request, filters: Query[BankAccountFilters]):
    require(request.user, queries.VIEW)
    return queries.bank_account_list(user=request.user, filters=filters.dict())


@router.post("/finance/bank-accounts", response={201: BankAccountOut})
def create_bank_account(request, payload: BankAccountIn):
    require(request.user, services.ACCOUNTS)
    org = access(queries.unions_visible(request.user), request.user, payload.org_id, field="org_id")
    data = payload.dict(exclude={"org_id"})
    return 201, services.bank_account_create(actor=request.user, org=org, **data)


@router.patch("/finance/bank-accounts/{account_id}", response=BankAccountOut)
def update_bank_account(request, account_id: int, payload: BankAccountPatch):
    require(request.user, services.ACCOUNTS)
    found = queries.bank_account_get(user=request.user, pk=account_id)
    given = payload.dict(exclude_unset=True, exclude={"version"})
    if "account" not in given:  # the stored account stays as it is
        given["account"] = found.account
    return services.bank_account_update(
        actor=request.user,
        bank_account=found,
        version=payload.version,
        account_name=given.get("account_name") or found.account_name,
        bank_name=given.get("bank_name") or found.bank_name,
        account=given["account"],
    )


@router.get("/finance/refund-batches", response=list[BatchOut])
@paginate(CappedPagination, page_size=100)
def list_batches(request, filters: Query[BatchFilters]):
    require(request.user, queries.VIEW)
    return queries.batch_list(user=request.user, filters=filters.dict())


@router.post("/finance/refund-batches", response={201: BatchOut})
def create_batch(request, payload: BatchIn):
    """What is due to each union of the scope for the period onto a new batch; 400 when
    nothing is due."""
    return 201, services.batch_create(actor=request.user, period=payload.period)


@router.get("/finance/refund-batches/{batch_id}", response=BatchDetailOut)
def get_batch(request, batch_id: int):
    """The batch, its lines (the first 1,000 by number) and the unions left out for want of
    a bank account."""
    batch = queries.batch_get(user=request.user, pk=batch_id)
    batch.line_rows = list(queries.batch_lines(user=request.user, batch=batch)[:1000])
    batch.missing_ids = [
        r.union_id for r in queries.missing_accounts(user=request.user, period=batch.period)
    ][:1000]
    return batch


@router.get("/finance/refund-batches/{batch_id}/file")
def download_batch(request, batch_id: int, full: bool = False):
    """The bank's .xlsx; `full=true` gives whole accounts (finance.view_full_id, audited)."""
    batch = queries.batch_get(user=request.user, pk=batch_id)
    content, name = services.batch_file(actor=request.user, batch=batch, full=full)
    return content_download(content, name=name)


@router.post("/finance/refund-batches/{batch_id}/returns", response={201: ImportRunDetailOut})
def import_return(request, batch_id: int, file: File[UploadedFile], dry_run: Form[bool] = False):
    """The bank's return (import kind finance.bank_return); follow it at /imports/{id}."""
    batch = queries.batch_get(user=request.user, pk=batch_id)
    run = services.batch_return_start(actor=request.user, batch=batch, upload=file, dry_run=dry_run)
    return 201, import_queries.import_run_get(user=request.user, pk=run.pk)


@router.get("/finance/refunds", response=list[RefundOut])
@paginate(CappedPagination, page_size=100)
def list_refunds(request, filters: Query[RefundFilters]):
    require(request.user, queries.VIEW)
    given = filters.dict()
    given["overdue"] = "1" if given.get("overdue") else ""
    given["retry"] = "1" if given.get("retry") else ""
    return queries.refund_list(user=request.user, filters=given)


@router.get("/finance/refunds/{refund_id}", response=RefundOut)
def get_refund(request, refund_id: int):
    return queries.refund_get(user=request.user, pk=refund_id)


@router.get("/finance/due-unpaid", response=list[DueUnpaidOut])
@paginate(CappedPagination, page_size=100)
def due_unpaid(request, filters: Query[DueUnpaidFilters]):
    """Per union: allocated (union part + extra refund) − paid, for the periods given."""
    require(request.user, queries.VIEW)
    return queries.due_unpaid(user=request.user, **filters.dict())
