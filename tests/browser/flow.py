"""What the browser flow tests share: real small files to upload (a PNG, a JPEG, a PDF), the
width check, logging in and out, a workflow button, a searchable select, a bank's return."""

import io
import struct
import zlib

import openpyxl

from gonghui.accounts.tests.factories import PASSWORD
from gonghui.core.clock import today

from .test_layout import OVERFLOW_JS


def png() -> bytes:
    """A real 1×1 white PNG: signature, IHDR, IDAT and IEND chunks with their CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_file(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png()}


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def fits(page) -> None:
    """Nothing on the page scrolls sideways or sticks out of the window (test_layout)."""
    page.wait_for_selector("#todo-badge-slot", state="detached")
    found = page.evaluate(OVERFLOW_JS)
    where = f"{page.url} at {found['width']} px"
    assert found["scroll"] <= found["width"], f"{where} is {found['scroll']} px wide"
    assert not found["out"], f"{where}: sticks out: {found['out']}"


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar", state="attached")


def logout(page) -> None:
    page.click("header form button")
    page.wait_for_selector("#id_username", state="attached")


def act(page, name: str, fill: dict | None = None) -> None:
    """A workflow button: its dialog opened, filled and sent (as in test_rights_flow). The
    action is waited for first: right after a click that navigates, the old page has none,
    and a dialog left closed would make every fill wait for a hidden field."""
    page.locator(f"#action-{name}").wait_for(state="attached")
    opener = page.locator(f"#action-{name} .action-open")
    if opener.count():
        opener.click()
    for selector, value in (fill or {}).items():
        page.fill(f"#action-{name} {selector}", value)
    page.click(f"#action-{name} button[type=submit]")


def choose(page, field_id: str, typed: str, option: str) -> None:
    """A searchable select (pickers.js on a <select>): click its box, type once its list is
    open (keys typed before the box has the focus are lost), pick with Enter."""
    page.click(f".ts-wrapper:has(#{field_id}-ts-control) .ts-control")
    page.locator(f"#{field_id}-ts-dropdown").wait_for()
    page.keyboard.type(typed)
    page.locator(f"#{field_id}-ts-dropdown .option.active:has-text('{option}')").wait_for()
    page.keyboard.press("Enter")


def bank_return(number: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请编号", "结果", "失败原因", "日期"])
    sheet.append([number, "成功", "", today().isoformat()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def jpeg() -> bytes:
    """A real 8×8 grey baseline JPEG: one quantisation table, one-code Huffman tables and a
    single block whose DC difference is 0 and whose AC coefficients end at once (EOB)."""

    def segment(marker: int, body: bytes) -> bytes:
        return struct.pack(">HH", 0xFF00 | marker, len(body) + 2) + body

    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one code of length 1, for symbol 0
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + b"\x01" * 64)
        + segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
        + segment(0xC4, b"\x00" + one_code + b"\x10" + one_code)
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"  # DC "0", EOB "0", padded with ones
        + b"\xff\xd9"
    )
