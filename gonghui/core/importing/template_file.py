"""The downloadable template of an import kind: its columns' headers and one example row."""

import tempfile
from pathlib import Path
from typing import Any

from django.http import Http404

from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import require
from gonghui.core.tabular import write_xlsx

from .kinds import ImportKindSpec, import_kind

REQUIRED_NOTE = "（必填）"  # a note in brackets: the header still maps (normalize.header_key)


def template_headers(spec: ImportKindSpec) -> list[str]:
    return [c.label + (REQUIRED_NOTE if c.required else "") for c in spec.importer.columns]


def template_row(spec: ImportKindSpec) -> list[Any]:
    """The importer's example, column by column ("" where it gives none). Text stays text
    (write_xlsx writes no numbers from text), so an example RIC or USCC keeps every digit."""
    example = spec.importer.example
    return [example.get(c.key, "") for c in spec.importer.columns]


def import_template(*, user: Any, kind: str) -> tuple[str, bytes]:
    """(file name, .xlsx content) of the kind's template, for a user with its permission
    (403 without; 404 for a kind that does not exist)."""
    try:
        spec = import_kind(kind)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    require(user, spec.permission)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        text = [i for i, c in enumerate(spec.importer.columns) if c.text]
        write_xlsx(
            path,
            template_headers(spec),
            [template_row(spec)],
            sheet=spec.label[:31],
            text_columns=text,
        )
        content = path.read_bytes()
    return f"{spec.label}导入模板.xlsx", content
