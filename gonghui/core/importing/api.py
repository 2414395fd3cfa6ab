"""API for imports (upload, status, error report): the same services, scope and checks as the pages."""

import datetime

from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.downloads import file_download
from gonghui.core.lists import CappedPagination

from . import queries, services
from .report import report_file

router = Router(tags=["数据导入"])


class ImportErrorOut(Schema):
    row: int
    column: str
    reason: str
    link: str = ""


class SkippedRowOut(Schema):
    row: int
    text: str  # a total or note row ("合计 300人"): not a person, neither imported nor rejected


class ImportRunOut(Schema):
    id: int
    kind: str
    status: str
    dry_run: bool
    original_name: str
    target_id: int | None
    target_label: str
    rows_total: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int = 0
    skipped_rows: list[SkippedRowOut] = []
    sheet_name: str = ""  # the workbook's sheet that was read
    last_batch: int
    message: str
    ignored_columns: list[str] = []  # header cells no column took (not imported)
    progress_done: int = 0
    progress_total: int = 0
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    has_report: bool = False

    @staticmethod
    def resolve_progress_done(obj) -> int:
        return obj.job.progress_done if obj.job else 0

    @staticmethod
    def resolve_progress_total(obj) -> int:
        return obj.job.progress_total if obj.job else 0

    @staticmethod
    def resolve_has_report(obj) -> bool:
        return bool(obj.report_path)


class ImportRunDetailOut(ImportRunOut):
    errors: list[ImportErrorOut]


@router.post("/imports", response={201: ImportRunDetailOut})
def import_create(
    request,
    file: File[UploadedFile],
    kind: Form[str],
    target_id: Form[int | None] = None,
    union_id: Form[int | None] = None,
    dry_run: Form[bool] = False,
):
    """`target_id`: the kind's target (for a roster, the grassroots union; `union_id` too)."""
    run = services.import_start(
        actor=request.auth,
        kind=kind,
        upload=file,
        target=target_id if target_id is not None else union_id,
        dry_run=dry_run,
    )
    return 201, queries.import_run_get(user=request.auth, pk=run.pk)


@router.get("/imports", response=list[ImportRunOut])
@paginate(CappedPagination, page_size=50)
def import_list(request):
    return queries.import_run_list(user=request.auth)


@router.get("/imports/{run_id}", response=ImportRunDetailOut)
def import_get(request, run_id: int):
    run = queries.import_run_get(user=request.auth, pk=run_id)
    return services.import_notice_dead_worker(run)


@router.post("/imports/{run_id}/resume", response={202: ImportRunDetailOut})
def import_resume(request, run_id: int):
    """Run an interrupted import again (also one whose worker died): committed batches are
    skipped. 400 unless the run is 中断 (status failed)."""
    run = services.import_resume(
        actor=request.auth, run=queries.import_run_get(user=request.auth, pk=run_id)
    )
    return 202, queries.import_run_get(user=request.auth, pk=run.pk)


@router.get("/imports/{run_id}/report")
def import_report(request, run_id: int):
    run = queries.import_run_get(user=request.auth, pk=run_id)
    path = report_file(user=request.auth, run=run)  # masked for others (issue #12)
    return file_download(path, name=f"导入错误报告-{run.pk}.xlsx")
