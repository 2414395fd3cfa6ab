"""Worker attachments: type by content (magic bytes), size limit, random name outside web root."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gonghui.core.errors import ApplicationError

from ..models import Case, CaseAttachment

# Leading bytes -> content type. Only images and PDF are accepted, whatever the file name says.
MAGIC: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


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
        content_type = sniff(content[:16])
        if content_type is None:
            raise ApplicationError(
                f"附件「{name}」不是图片或PDF文件，只能上传JPG、PNG、GIF、WEBP图片或PDF。",
                field="attachments",
            )
        checked.append(CheckedFile(name=name, content=content, content_type=content_type))
    return checked


def store(case: Case, files: list[CheckedFile]) -> list[CaseAttachment]:
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for f in files:
        stored = secrets.token_hex(16)
        (folder / stored).write_bytes(f.content)
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
