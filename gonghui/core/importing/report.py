"""The error report as each reader may see it (issue #12).

The report holds the cells a person uploaded, RICs and phones included, so that they can
correct and upload it again. The uploader reads it as written; anyone else who sees the run
(a colleague in scope) reads a copy with the kind's sensitive columns (`Column.mask`) masked,
unless they hold the kind's `full_permission`. The copy is written once, next to the report,
streaming. Every download is audited with which of the two was given.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404

from gonghui.core.audit import audit_record
from gonghui.core.filecrypt import seal_file, unsealed_copy
from gonghui.core.tabular import write_xlsx

from .kinds import import_kind
from .models import ImportRun
from .readers import SheetReader, cell_text

MASKED_SUFFIX = "-masked"


def may_read_in_full(user: Any, run: ImportRun) -> bool:
    spec = import_kind(run.kind)
    own = run.created_by_id is not None and run.created_by_id == user.pk
    return own or bool(spec.full_permission and user.can(spec.full_permission))


def report_file(*, user: Any, run: ImportRun) -> Path:
    """The report file `user` may download (the run already checked visible to them);
    Http404 when the run has none."""
    path = _stored(run)
    full = may_read_in_full(user, run)
    if not full:
        path = _masked_copy(run, path)
    audit_record(
        actor=user,
        action="importing.report.downloaded",
        target=run,
        data={"masked": not full},
    )
    return path


def _stored(run: ImportRun) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / run.report_path).resolve() if run.report_path else None
    if path is None or not path.is_relative_to(root) or not path.exists():
        raise Http404("没有错误报告。")
    return path


def _masked_copy(run: ImportRun, path: Path) -> Path:
    masked = path.with_name(f"{path.stem}{MASKED_SUFFIX}{path.suffix}")
    if masked.exists():
        return masked
    importer = import_kind(run.kind).importer
    partial = masked.with_suffix(".part")
    with unsealed_copy(path) as clear:
        rows = (cells for _number, cells in SheetReader(clear, "xlsx", stream=True).rows())
        header = [cell_text(c) for c in next(rows, [])]
        found = importer.find_columns(header)
        masks = {found[c.key]: c.mask for c in importer.columns if c.mask and c.key in found}
        write_xlsx(
            partial,
            header,
            (_mask_row(cells, masks) for cells in rows),
            sheet="未导入的行",
            text_columns=sorted(masks),
        )
    seal_file(partial)  # masked, but still names and reasons of people
    partial.replace(masked)  # whole or not at all, should two downloads race
    return masked


def _mask_row(cells: list[Any], masks: dict[int, Any]) -> list[Any]:
    texts = [cell_text(c) for c in cells]
    for index, mask in masks.items():
        if index < len(texts) and texts[index]:
            texts[index] = mask(texts[index])
    return texts
