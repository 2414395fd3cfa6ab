"""Worker attachments: checked and stored sealed by the kernel (core.uploads: type by
content, size and count limits, a safe name, a random stored name outside web root), with
the rights app's limits (RIGHTS_ATTACHMENT_MAX_FILES / _BYTES)."""

from pathlib import Path

from django.conf import settings

from gonghui.core.uploads import CheckedFile, check_uploads, folder_path, store_sealed

from ..models import Case, CaseAttachment

FOLDER = "attachments"

__all__ = ["CheckedFile", "attachments_dir", "check_files", "path_of", "store"]


def attachments_dir() -> Path:
    return folder_path(FOLDER)


def check_files(files: list) -> list[CheckedFile]:
    """Read and check every upload before anything is written (all or nothing)."""
    return check_uploads(
        files,
        max_files=settings.RIGHTS_ATTACHMENT_MAX_FILES,
        max_bytes=settings.RIGHTS_ATTACHMENT_MAX_BYTES,
        field="attachments",
        what="附件",
    )


def store(case: Case, files: list[CheckedFile]) -> list[CaseAttachment]:
    return [
        CaseAttachment.objects.create(
            case=case,
            stored_name=store_sealed(FOLDER, f),
            original_name=f.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
        )
        for f in files
    ]


def path_of(attachment: CaseAttachment) -> Path:
    return attachments_dir() / attachment.stored_name
