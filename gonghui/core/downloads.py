"""Every file download, and the file types an upload may be (issue #12).

A file is served by what it is, never by the name it came with: a GIF whose bytes are also
an HTML page, uploaded as `x.html`, is an image/gif named `x.gif`. `file_download` (a file
under MEDIA_ROOT) and `content_download` (bytes made for the request) are the only ways a
view hands out a file; both give

- the content type found from the content (`sniff`), application/octet-stream when unknown;
- `Content-Disposition: attachment` with a safe name (`safe_filename`: no folder, no control
  or quoting characters, the extension of the content; Chinese names go as RFC 5987
  `filename*`, which Django writes for a name that is not ASCII);
- `X-Content-Type-Options: nosniff` and a sandboxing CSP, so no browser renders it as a page
  of this site whatever it holds.

`ATTACHMENT_TYPES` is what a person may upload as an attachment (images, PDF, Office
documents); `sniff` tells them apart by their first bytes, an Office file by what its zip
or compound file holds.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from .filecrypt import unsealed_copy


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str  # with its dot
    label: str  # what a person calls it, in messages


JPEG = FileType("image/jpeg", ".jpg", "JPG图片")
PNG = FileType("image/png", ".png", "PNG图片")
GIF = FileType("image/gif", ".gif", "GIF图片")
WEBP = FileType("image/webp", ".webp", "WEBP图片")
PDF = FileType("application/pdf", ".pdf", "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PPT"
)
DOC = FileType("application/msword", ".doc", "Word")
XLS = FileType("application/vnd.ms-excel", ".xls", "Excel")
PPT = FileType("application/vnd.ms-powerpoint", ".ppt", "PPT")
ZIP = FileType("application/zip", ".zip", "ZIP压缩包")
UNKNOWN = FileType("application/octet-stream", ".bin", "未知类型")

ATTACHMENT_TYPES = frozenset({JPEG, PNG, GIF, WEBP, PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT})
ATTACHMENT_TYPES_TEXT = "JPG、PNG、GIF、WEBP图片，PDF，或Word、Excel、PPT文档"

_MAGIC: list[tuple[bytes, FileType]] = [
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"%PDF-", PDF),
]
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OOXML package is told by its main part's folder.
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
# A compound file (the old Office formats) by its main stream's name (UTF-16LE in the
# directory sectors, which the small files people attach hold within their first megabytes).
_OLE2_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
)
_OLE2_SCAN_BYTES = 8 * 1024 * 1024
_HEAD_BYTES = 64


def sniff(content: bytes | Path) -> FileType:
    """The type of a file (bytes, or a path) by its content; UNKNOWN when none here."""
    path = content if isinstance(content, Path) else None
    head = _head(content)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(_ZIP_MAGIC):
        return _zip_type(path if path is not None else io.BytesIO(content))
    if head.startswith(_OLE2_MAGIC):
        return _ole2_type(path.read_bytes()[:_OLE2_SCAN_BYTES] if path else content)
    return UNKNOWN


def _head(content: bytes | Path) -> bytes:
    if isinstance(content, Path):
        with content.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    return content[:_HEAD_BYTES]


def _zip_type(source: Path | io.BytesIO) -> FileType:
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return UNKNOWN
    if "[Content_Types].xml" in names:
        for folder, kind in _OOXML_PARTS:
            if any(name.startswith(folder) for name in names):
                return kind
    return ZIP


def _ole2_type(content: bytes) -> FileType:
    for stream, kind in _OLE2_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in content:
            return kind
    return UNKNOWN


# Folders, control characters and what would end or quote the header's value.
_UNSAFE = re.compile(r'[\\/:*?"<>|;\x00-\x1f\x7f]')
_NAME_MAX = 100  # characters before the extension


def safe_filename(name: str, kind: FileType, *, fallback: str = "下载") -> str:
    """`name` as a download's file name: its last path part, without control, format or
    quoting characters, at most _NAME_MAX characters, ending in the content's extension
    (whatever it ended in)."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = _UNSAFE.sub("_", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" ._")[:_NAME_MAX] or fallback
    return f"{stem}{kind.extension}"


def _protected(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in a tab anyway, it runs nothing and reaches nothing of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def stored_path(relative: str) -> Path:
    """The file `relative` names under MEDIA_ROOT; Http404 when missing or outside it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve() if relative else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise Http404("文件不存在。")
    return path


def file_download(path: Path | str, *, name: str) -> FileResponse:
    """A file under MEDIA_ROOT (a path, or its name relative to MEDIA_ROOT) as a download
    named after `name`."""
    path = stored_path(str(path))
    # Sealed at rest (core.filecrypt): served from a clear private copy, whose name is gone
    # as soon as it is open (the open file stays readable until the response is sent).
    with unsealed_copy(path) as clear:
        kind = sniff(clear)
        handle = clear.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(name, kind),
        content_type=kind.content_type,
    )
    return _protected(response)


def content_download(content: bytes, *, name: str) -> FileResponse:
    """Bytes made for this request (a template) as a download named after `name`."""
    kind = sniff(content)
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=safe_filename(name, kind),
        content_type=kind.content_type,
    )
    return _protected(response)
