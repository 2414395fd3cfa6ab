"""The home page's to-dos for hardship files (each counts the list it opens) and the kernel's
upload check (core.uploads), which rights' attachments and the files' documents share."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.choices import FileState
from gonghui.assistance.tests.factories import make_file
from gonghui.core.errors import ApplicationError
from gonghui.core.filecrypt import is_sealed, unsealed_bytes
from gonghui.core.registry import registry
from gonghui.core.uploads import check_uploads, store_sealed, stored_file

from .files_helpers import PDF, PNG

pytestmark = pytest.mark.django_db


def count(name: str, user) -> int:
    return registry["todos"][f"assistance.{name}"].count(user)


def test_todos_count_what_waits_for_each_role(world):
    today = datetime.date.today()
    make_file(world.union_a, state=FileState.SUBMITTED)
    make_file(world.union_b, state=FileState.SUBMITTED)
    make_file(world.union_a, state=FileState.REVIEWED)
    make_file(
        world.union_a,
        visit_due=today - datetime.timedelta(days=1),
        review_due=today - datetime.timedelta(days=1),
    )
    assert count("files_to_review", world.town_a_user) == 1  # town B's is not theirs
    assert count("files_to_review", world.district_staff) == 0  # the district approves
    assert count("files_to_approve", world.district_staff) == 1
    assert count("files_to_approve", world.town_a_user) == 0
    assert count("files_visit_due", world.chair_a) == 1
    assert count("files_review_overdue", world.town_b_user) == 0
    assert count("files_review_overdue", world.town_a_user) == 1
    assert (
        registry["todos"]["assistance.files_review_overdue"].url
        == "assistance:file_list?due=review"
    )


def test_uploads_are_checked_by_content_and_stored_sealed(settings):
    checked = check_uploads([SimpleUploadedFile("证.txt", PDF), SimpleUploadedFile("x.exe", PNG)])
    assert [(c.name, c.content_type) for c in checked] == [
        ("证.pdf", "application/pdf"),
        ("x.png", "image/png"),
    ]
    stored = store_sealed("somewhere", checked[0])
    path = stored_file("somewhere", stored)
    assert is_sealed(path) and unsealed_bytes(path) == PDF and len(stored) == 32
    with pytest.raises(ApplicationError, match="最多上传1个材料") as exc:
        check_uploads(
            [SimpleUploadedFile("a.pdf", PDF)] * 2, max_files=1, what="材料", field="docs"
        )
    assert exc.value.field == "docs"
    with pytest.raises(ApplicationError, match="超过"):
        check_uploads([SimpleUploadedFile("a.pdf", PDF)], max_bytes=10)
    settings.UPLOAD_MAX_BYTES = 10  # the default limit comes from settings
    with pytest.raises(ApplicationError, match="超过"):
        check_uploads([SimpleUploadedFile("a.pdf", PDF)])
