"""Open affairs' evidence (DEMO-2): photos or scans of a disclosure, added to a year's
record by whoever may edit it, checked by content and stored sealed (core.uploads), each
download audited."""

from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, register_actions
from gonghui.core.errors import ApplicationError
from gonghui.core.scope import ensure_visible, lock
from gonghui.core.storable import id_in_range
from gonghui.core.uploads import check_uploads, folder_path, store_sealed

from ..models import OpenAffairsEvidence, OpenAffairsRecord
from .congress import MANAGE

FOLDER = "open_affairs"
MAX_FILES = 20  # a record's in all; a year's notice boards and minutes
MAX_BYTES = 10 * 1024 * 1024  # a phone's photo
WHAT = "佐证材料"

register_actions(
    {
        "democracy.open_affairs.evidence_added": "上传厂务公开佐证材料",
        "democracy.open_affairs.evidence_viewed": "查看厂务公开佐证材料",
    }
)


@transaction.atomic
def evidence_add(
    *, actor: Any, record: OpenAffairsRecord, files: list[Any]
) -> list[OpenAffairsEvidence]:
    """Every file checked before any is stored (all or nothing), at most MAX_FILES a record."""
    locked = lock(OpenAffairsRecord, actor, record.pk, MANAGE)
    if not files:
        raise ApplicationError("请选择要上传的佐证材料（照片或PDF）。", field="evidence")
    checked = check_uploads(
        files, max_files=MAX_FILES, max_bytes=MAX_BYTES, field="evidence", what=WHAT
    )
    if locked.evidence.count() + len(checked) > MAX_FILES:
        raise ApplicationError(f"每条厂务公开记录最多{MAX_FILES}个佐证材料。", field="evidence")
    user = actor_user(actor)
    stored = [
        OpenAffairsEvidence.objects.create(
            record=locked,
            stored_name=store_sealed(FOLDER, f),
            original_name=f.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            created_by=user,
        )
        for f in checked
    ]
    audit_record(
        actor=actor,
        action="democracy.open_affairs.evidence_added",
        target=locked,
        data={"files": [e.original_name for e in stored]},
    )
    return stored


def evidence_path(evidence: OpenAffairsEvidence) -> Path:
    return folder_path(FOLDER) / evidence.stored_name


def evidence_to_send(*, actor: Any, record: OpenAffairsRecord, pk: int) -> tuple[Path, str]:
    """A record's file (the page's and the API's download), its view audited: the stored
    path and the name to send it under."""
    ensure_visible(actor, record)
    if not id_in_range(pk):
        raise Http404("材料文件不存在。")
    evidence = get_object_or_404(record.evidence, pk=pk)
    path = evidence_path(evidence)
    if not path.exists():
        raise Http404("材料文件不存在。")
    audit_record(
        actor=actor,
        action="democracy.open_affairs.evidence_viewed",
        target=record,
        data={"evidence": evidence.pk, "file": evidence.original_name},
    )
    return path, evidence.original_name
