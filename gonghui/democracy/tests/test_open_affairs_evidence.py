"""Open affairs' evidence (DEMO-2): a union uploads photos or scans of its disclosure on the
record's page or through the API; files are checked by content before any is stored (all or
nothing), stored sealed outside the web root, downloaded only within the record's scope,
each download audited; errors in Chinese on the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import ApplicationError
from gonghui.core.models import AuditEntry
from gonghui.democracy.models import OpenAffairsEvidence
from gonghui.democracy.services import evidence as services
from gonghui.democracy.tests.factories_ratings import open_affairs

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n" + b"x" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
API = "/api/v1/democracy/open-affairs"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_union_uploads_on_the_page_and_staff_in_scope_download(world, client_for):
    record = open_affairs(world.employer_a)
    chair = client_for(world.chair_a)
    url = f"/democracy/open-affairs/{record.pk}/"
    assert 'id="evidence-form"' in chair.get(url).content.decode()
    # one bad file: nothing stored, the file named
    bad = chair.post(
        f"{url}evidence/",
        {"evidence": [_file("公开栏.jpg", PNG), _file("病毒.pdf", b"MZ\x90\x00" + b"x" * 40)]},
        follow=True,
    )
    assert "佐证材料「病毒.pdf」不是允许的文件类型" in bad.content.decode()
    assert not OpenAffairsEvidence.objects.exists()
    empty = chair.post(f"{url}evidence/", {}, follow=True).content.decode()
    assert "请选择要上传的佐证材料" in empty
    done = chair.post(
        f"{url}evidence/", {"evidence": [_file("公开栏.png", PNG), _file("会议记录.pdf", PDF)]}
    )
    assert done.status_code == 302
    files = list(record.evidence.order_by("pk"))
    assert [f.original_name for f in files] == ["公开栏.png", "会议记录.pdf"]
    stored = services.evidence_path(files[1])
    assert stored.exists() and PDF not in stored.read_bytes()  # sealed, not the plain bytes
    page = client_for(world.town_a_user).get(url).content.decode()
    assert "会议记录.pdf" in page and 'id="open-affairs-evidence"' in page
    download = client_for(world.town_a_user).get(f"{url}evidence/{files[1].pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="democracy.open_affairs.evidence_viewed").count() == 1
    other = client_for(world.town_b_user).get(f"{url}evidence/{files[1].pk}/")
    assert other.status_code == 404
    # the auditor reads the page and the files; uploading is the union's and its staff's
    auditor = client_for(world.auditor)
    assert 'id="evidence-form"' not in auditor.get(url).content.decode()
    assert auditor.post(f"{url}evidence/", {"evidence": [_file("x.png", PNG)]}).status_code == 403


def test_the_api_uploads_lists_and_downloads(world, client_for):
    record = open_affairs(world.employer_a)
    chair = client_for(world.chair_a)
    made = chair.post(f"{API}/{record.pk}/evidence", {"file": [_file("公开栏.png", PNG)]})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body[0]["original_name"] == "公开栏.png" and body[0]["content_type"] == "image/png"
    listed = chair.get(f"{API}/{record.pk}/evidence").json()
    assert [e["id"] for e in listed] == [body[0]["id"]]
    got = chair.get(f"{API}/{record.pk}/evidence/{body[0]['id']}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    refused = chair.post(f"{API}/{record.pk}/evidence", {"file": [_file("a.txt", b"hello")]})
    assert refused.status_code == 400 and refused.json()["field"] == "evidence"
    assert "不是允许的文件类型" in refused.json()["detail"]
    none = chair.post(f"{API}/{record.pk}/evidence", {})
    assert none.status_code == 400 and none.json()["field"] == "evidence"
    assert client_for(world.town_b_user).get(f"{API}/{record.pk}/evidence").status_code == 404
    auditor = client_for(world.auditor)
    assert (
        auditor.post(f"{API}/{record.pk}/evidence", {"file": [_file("x.png", PNG)]}).status_code
        == 403
    )
    assert record.evidence.count() == 1


def test_at_most_twenty_files_a_record(world):
    record = open_affairs(world.employer_a)
    services.evidence_add(
        actor=world.chair_a,
        record=record,
        files=[_file(f"{i}.png", PNG) for i in range(services.MAX_FILES)],
    )
    with pytest.raises(ApplicationError, match="最多20个佐证材料") as e:
        services.evidence_add(actor=world.chair_a, record=record, files=[_file("x.png", PNG)])
    assert e.value.field == "evidence"
    assert record.evidence.count() == services.MAX_FILES
