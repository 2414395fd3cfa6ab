"""Uploaded files that hold personal information (a worker's attachments, a hardship
file's documents): checked by their content, then stored sealed.

- `check_uploads(files, ...)` reads every upload before anything is written (all or
  nothing): at most `max_files`, each at most `max_bytes`, and of a type its bytes say it is
  (core.downloads.sniff: images, PDF, Office documents only), kept under a safe name with
  that type's extension. Limits are passed in, else settings UPLOAD_MAX_FILES /
  UPLOAD_MAX_BYTES.
- `store_sealed(folder, checked)` writes one under MEDIA_ROOT/<folder>/ with a random name,
  sealed with the field key (core.filecrypt); it is read back only through
  core.downloads.file_download.
"""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from .downloads import ATTACHMENT_TYPES, ATTACHMENT_TYPES_TEXT, safe_filename, sniff
from .errors import ApplicationError
from .filecrypt import seal_file

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_FILES = 10


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its safe name, bytes and type."""

    name: str
    content: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _megabytes(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return f"{mb:g}MB" if mb >= 1 else f"{limit}字节"


def check_upload(
    upload: Any, *, max_bytes: int | None = None, field: str = "attachments", what: str = "附件"
) -> CheckedFile:
    """One upload, checked (ApplicationError on `field`, naming the file)."""
    limit = max_bytes or getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    name = Path(getattr(upload, "name", "") or what).name[:200]
    too_big = f"{what}「{name}」超过{_megabytes(limit)}。"
    if (getattr(upload, "size", 0) or 0) > limit:
        raise ApplicationError(too_big, field=field)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ApplicationError(too_big, field=field)
    kind = sniff(content)
    if kind not in ATTACHMENT_TYPES:
        raise ApplicationError(
            f"{what}「{name}」不是允许的文件类型（按文件内容判断，与文件名无关），"
            f"只能上传{ATTACHMENT_TYPES_TEXT}。",
            field=field,
        )
    # Kept and downloaded under a name that says what it is: a GIF named x.html is x.gif.
    return CheckedFile(
        name=safe_filename(name, kind, fallback=what),
        content=content,
        content_type=kind.content_type,
    )


def check_uploads(
    files: Iterable[Any],
    *,
    max_files: int | None = None,
    max_bytes: int | None = None,
    field: str = "attachments",
    what: str = "附件",
) -> list[CheckedFile]:
    """Every upload checked before anything is written (all or nothing)."""
    files = list(files)
    most = max_files or getattr(settings, "UPLOAD_MAX_FILES", DEFAULT_MAX_FILES)
    if len(files) > most:
        raise ApplicationError(f"最多上传{most}个{what}。", field=field)
    return [check_upload(f, max_bytes=max_bytes, field=field, what=what) for f in files]


def folder_path(folder: str) -> Path:
    """MEDIA_ROOT/<folder>: outside the web root, served only by core.downloads."""
    return Path(settings.MEDIA_ROOT) / folder


def store_sealed(folder: str, checked: CheckedFile) -> str:
    """Write one checked file sealed under MEDIA_ROOT/<folder>/; its stored name (32 hex)."""
    directory = folder_path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    (directory / stored).write_bytes(checked.content)
    seal_file(directory / stored)  # scans of ID cards, contracts, bills: sealed at rest
    return stored


def stored_file(folder: str, stored_name: str) -> Path:
    return folder_path(folder) / stored_name
