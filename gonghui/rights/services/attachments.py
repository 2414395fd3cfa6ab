"""Worker attachments: type by content (core.downloads: images, PDF, Office documents only),
size limit, a safe name with the content's extension, a random stored name outside web root."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gonghui.core.downloads import ATTACHMENT_TYPES, ATTACHMENT_TYPES_TEXT, safe_filename, sniff
from gonghui.core.errors import ApplicationError
from gonghui.core.filecrypt import seal_file

from ..models import Case, CaseAttachment


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str


def attachments_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "attachments"


def check_files(files: list) -> list[CheckedFile]:
    """Read and check every upload before anything is written (all or nothing)."""
    if len(files) > settings.RIGHTS_ATTACHMENT_MAX_FILES:
        raise ApplicationError(
            f"最多上传{settings.RIGHTS_ATTACHMENT_MAX_FILES}个附件。", field="attachments"
        )
    limit = settings.RIGHTS_ATTACHMENT_MAX_BYTES
    checked = []
    for upload in files:
        name = Path(getattr(upload, "name", "") or "附件").name[:200]
        if upload.size > limit:
            raise ApplicationError(
                f"附件「{name}」超过{limit // (1024 * 1024)}MB。", field="attachments"
            )
        content = upload.read(limit + 1)
        if len(content) > limit:
            raise ApplicationError(
                f"附件「{name}」超过{limit // (1024 * 1024)}MB。", field="attachments"
            )
        kind = sniff(content)
        if kind not in ATTACHMENT_TYPES:
            raise ApplicationError(
                f"附件「{name}」不是允许的文件类型（按文件内容判断，与文件名无关），"
                f"只能上传{ATTACHMENT_TYPES_TEXT}。",
                field="attachments",
            )
        # Kept and downloaded under a name that says what it is: a GIF named x.html is x.gif.
        name = safe_filename(name, kind, fallback="附件")
        checked.append(CheckedFile(name=name, content=content, content_type=kind.content_type))
    return checked


def store(case: Case, files: list[CheckedFile]) -> list[CaseAttachment]:
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for f in files:
        stored = secrets.token_hex(16)
        (folder / stored).write_bytes(f.content)
        seal_file(folder / stored)  # scans of ID cards, contracts: at rest, sealed
        rows.append(
            CaseAttachment.objects.create(
                case=case,
                stored_name=stored,
                original_name=f.name,
                content_type=f.content_type,
                size=len(f.content),
                sha256=hashlib.sha256(f.content).hexdigest(),
            )
        )
    return rows


def path_of(attachment: CaseAttachment) -> Path:
    return attachments_dir() / attachment.stored_name
