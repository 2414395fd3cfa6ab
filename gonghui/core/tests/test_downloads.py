"""Every download is served as what its bytes are, as an attachment with a safe name, never
sniffed (issue #12): attachments, error reports, exports, templates."""

import io
import urllib.parse

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import downloads
from gonghui.core.downloads import safe_filename, sniff
from gonghui.core.errors import ApplicationError
from gonghui.core.models import Job
from gonghui.core.tests.importing.helpers import person, run_import, xlsx_bytes
from gonghui.members.tests.factories import make_member
from gonghui.rights.models import CaseAttachment
from gonghui.rights.tests.test_portal import PDF, PNG, submit

pytestmark = pytest.mark.django_db

# A GIF header, then an HTML page: a browser sniffing it would run the script (issue #12).
POLYGLOT = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><script>alert(document.cookie)</script>"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("劳动合同")
    document.save(out)
    return out.getvalue()


def _name(response) -> str:
    """The file name a browser saves under (filename*=utf-8'' or filename=)."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment;"), header
    if "filename*=utf-8''" in header:
        return urllib.parse.unquote(header.split("filename*=utf-8''", 1)[1])
    return header.split('filename="', 1)[1].rstrip('"')


def _served_safely(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_types_are_found_by_content_not_by_name():
    assert sniff(POLYGLOT) is downloads.GIF
    assert sniff(PDF) is downloads.PDF and sniff(PNG) is downloads.PNG
    assert sniff(_docx()) is downloads.DOCX
    assert sniff(xlsx_bytes([])) is downloads.XLSX
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert sniff(ole2 + "WordDocument".encode("utf-16-le") + b"\x00\x00") is downloads.DOC
    assert sniff(ole2 + "Workbook".encode("utf-16-le") + b"\x00\x00") is downloads.XLS
    assert sniff(ole2) is downloads.UNKNOWN  # a compound file of something else
    assert sniff(b"<html><script>alert(1)</script>") is downloads.UNKNOWN
    assert sniff(b"PK\x03\x04 not really a zip") is downloads.UNKNOWN


def test_a_safe_name_has_no_folder_control_or_quote_and_the_contents_extension():
    assert safe_filename("x.html", downloads.GIF) == "x.gif"
    assert safe_filename("../../etc/passwd", downloads.PDF) == "passwd.pdf"
    assert safe_filename("C:\\证据\\合同.docx", downloads.PDF) == "合同.pdf"
    assert safe_filename('a"b;\r\nc:d*.png', downloads.PNG) == "a_b_c_d.png"
    assert safe_filename("\u202egpj.exe", downloads.JPEG) == "gpj.jpg"  # no RTL override
    assert safe_filename("...", downloads.PDF, fallback="附件") == "附件.pdf"
    assert len(safe_filename("长" * 500 + ".pdf", downloads.PDF)) == 104


def test_an_html_polyglot_is_kept_and_served_as_the_gif_it_is(world, client_for):
    # given a GIF/HTML polyglot named x.html attached to a complaint
    case = submit(
        employer_name=world.employer_a.name, files=[SimpleUploadedFile("x.html", POLYGLOT)]
    )
    attachment = case.attachments.get()
    # then it is kept as a GIF under a GIF's name
    assert attachment.content_type == "image/gif" and attachment.original_name == "x.gif"
    response = client_for(world.town_a_user).get(
        f"/rights/cases/{case.pk}/attachments/{attachment.pk}/"
    )
    # and downloaded as one: never a page of this site
    _served_safely(response, "image/gif")
    assert _name(response) == "x.gif"
    assert b"".join(response.streaming_content) == POLYGLOT


def test_office_documents_are_accepted_and_named_for_what_they_are(world, client_for):
    case = submit(
        employer_name=world.employer_a.name,
        files=[SimpleUploadedFile("劳动合同.pdf", _docx()), SimpleUploadedFile("证据.txt", PDF)],
    )
    first, second = case.attachments.order_by("pk")
    assert (first.original_name, first.content_type) == (
        "劳动合同.docx",
        downloads.DOCX.content_type,
    )
    assert second.original_name == "证据.pdf"
    response = client_for(world.town_a_user).get(f"/rights/cases/{case.pk}/attachments/{first.pk}/")
    _served_safely(response, downloads.DOCX.content_type)
    # a Chinese name goes as RFC 5987 filename*
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert _name(response) == "劳动合同.docx"


@pytest.mark.parametrize(
    "content",
    [b"<html><body>hi</body></html>", b"MZ\x90\x00 an exe", b"PK\x03\x04 broken zip"],
)
def test_other_types_are_refused_at_upload(world, content):
    with pytest.raises(ApplicationError, match="不是允许的文件类型") as exc:
        submit(files=[SimpleUploadedFile("x.jpg", content)])
    assert exc.value.field == "attachments" and "Word" in exc.value.message
    assert not CaseAttachment.objects.exists()


def test_an_export_is_downloaded_as_xlsx_with_its_name(
    world, client_for, django_capture_on_commit_callbacks
):
    make_member(world.union_a, name="张三")
    client = client_for(world.town_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/members.members/", {})
    job = Job.objects.get()
    response = client.get(f"/jobs/{job.pk}/download/")
    _served_safely(response, XLSX_TYPE)
    assert _name(response) == "会员名册.xlsx"


def test_an_error_report_and_a_template_are_downloaded_safely(
    world, client_for, django_capture_on_commit_callbacks
):
    bad = person(1)
    bad[1] = "123"
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes([person(2), bad]),
        union=world.union_a,
    )
    client = client_for(world.town_a_user)
    for url in (f"/imports/{run.pk}/report/", f"/api/v1/imports/{run.pk}/report"):
        response = client.get(url)
        _served_safely(response, XLSX_TYPE)
        assert _name(response) == f"导入错误报告-{run.pk}.xlsx"
    template = client.get("/imports/template/members/")
    _served_safely(template, XLSX_TYPE)
    assert _name(template).endswith(".xlsx")


def test_a_file_outside_the_files_folder_is_not_served(settings):
    from django.http import Http404

    with pytest.raises(Http404):
        downloads.file_download("../../etc/passwd", name="x")
    with pytest.raises(Http404):
        downloads.file_download("exports/missing.xlsx", name="x")
