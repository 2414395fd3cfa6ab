"""Read a worksheet of a large .xlsx row by row in flat memory, as python-calamine would.

python-calamine holds the whole sheet, and openpyxl's read-only mode streams at about 3,500
rows/s. Here the sheet XML is inflated in chunks of 256 KB, each cut after a `</row>`, and a
chunk's rows are read with one regular expression: a fast form for the cells Excel, WPS,
openpyxl and xlsxwriter nearly always write (`<c r="A2" s="1" t="s"><v>…</v></c>`, or
`<is><t>…</t></is>`), a general one for the rest (formulas, other attribute orders, text to
unescape, empty cells), and a last alternative taking any other "<". Markup the expressions do
not know therefore shows up instead of being skipped, and its chunk is parsed by ElementTree; a
sheet with comments, CDATA or a non-UTF-8 encoding is parsed by `iterparse` from the start.
Unusual files are slower, never misread. Shared strings are read the same way and kept
compactly as UTF-8.

Values are python-calamine 0.9's (calamine 0.37), checked cell type by cell type against it:
empty cells are "", numbers floats, numbers under a date format date, datetime or time
(timedelta under [h]:mm), booleans bool, error cells "", including its quirks (text in <t> is
trimmed unless xml:space="preserve", _xHHHH_ escapes are decoded up to U+00FF). A cell calamine
rejects with the whole file (a bad number, an unknown error code) raises the same
ApplicationError here, possibly after earlier rows were given.

What a stream cannot know before its end is taken from the sheet's `<dimension>`: the first
column (calamine drops empty leading columns) and the width rows are padded to. They agree with
calamine for files whose dimension spans exactly their values, as the writers above make them;
styled empty cells outside the values only widen the rows with "", a missing dimension leaves
each row as long as its last value, and a value left of the dimension is refused, not dropped.
Rows must come in order (Excel writes them so); calamine sorts them, this reader refuses.
"""

import datetime
import itertools
import math
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple
from xml.etree import ElementTree as ET

from gonghui.core.errors import ApplicationError

BROKEN = "无法读取该 Excel 文件，文件可能已损坏或加密。"
UNORDERED = "Excel 文件中的行顺序异常，请用 Excel 打开该文件另存一次后重新上传。"
OUTSIDE = "Excel 文件记录的表格范围与内容不符，请用 Excel 打开该文件另存一次后重新上传。"

_CHUNK = 1 << 18  # inflated bytes per chunk: per-chunk work is noise, and RSS stays small
_PROLOGUE_MAX = 16 << 20  # bytes before <sheetData>/<sst> read before giving up on chunks
_OTHER, _DATETIME, _TIMEDELTA = 0, 1, 2  # what a number format makes of a number
# calamine 0.37's built-in date formats (27-36 and 50-58 are the CJK locales' dates).
_BUILTIN_KINDS = dict.fromkeys((*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)), _DATETIME)
_BUILTIN_KINDS[46] = _TIMEDELTA
_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_XML_SPACE = " \t\n\r"
_EPOCH = datetime.datetime(1899, 12, 30)
_MS_PER_DAY = 86_400_000.0
# chrono (calamine's dates) handles years -262144..262143; Python's datetime only 1..9999.
_CHRONO_DAYS = 262_143 * 365.2425

_OFFICE_DOCUMENT = "/officeDocument"  # ends of the relationship types that are looked up
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"

# One attribute list, exactly as XML allows it (values hold no "<"); possessive: no backtracking.
_ATTRS = rb"""(?:\s++[^\s=/>]++\s*+=\s*+(?:"[^"<]*+"|'[^'<]*+'))*+\s*+"""
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
# Text to take as it is: no reference to resolve, no CR to normalise, no spaces to trim.
_PLAIN_TEXT = rb"([^<&\s](?:[^<&\r]*[^<&\s])?)"
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_X_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_ISO_DATETIME = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?")


class _Broken(Exception):
    """The file is unreadable the way calamine finds it unreadable."""


class _NeedFullParse(Exception):
    """Markup the chunked reading cannot cut safely (comments, CDATA, other encodings)."""


class Worksheet:
    """The rows of one worksheet of an .xlsx (the `index`-th in workbook order, as calamine's
    get_sheet_by_index): `rows()` as SheetReader gives them.

    `total` (rows the sheet spans, from its dimension) is set before the first row is given.
    """

    def __init__(self, path: Path, index: int = 0) -> None:
        self.path = Path(path)
        self.index = index
        self.total: int | None = None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            with zipfile.ZipFile(self.path) as archive:
                book = _read_book(archive, self.index)
                yield from _SheetRows(archive, book, self).rows()
        except ApplicationError:
            raise
        except Exception as exc:  # zip, zlib, XML and value errors all mean the same here
            raise ApplicationError(BROKEN) from exc


# --- the workbook: which part is the first sheet, its shared strings, styles and epoch ---


class _Book(NamedTuple):
    sheet_path: str
    strings: "_Strings"
    kinds: Sequence[int]  # per cellXfs index (a cell's s="…"): date, duration or neither
    is_1904: bool


def sheet_names(path: Path) -> list[str]:
    """The worksheets' names in workbook order ([] if unreadable: the real read reports it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n.lower(): n for n in archive.namelist()}
            workbook = _parse_part(archive, names, _workbook_path(archive, names))
    except Exception:  # any fault: the real read reports it
        return []
    if workbook is None:
        return []
    return [e.get("name", "") for e in workbook.iter() if _local(e.tag) == "sheet"]


def sheet_rows_declared(path: Path, index: int = 0) -> int | None:
    """The last row number a sheet's <dimension> declares, read from the start of the sheet
    alone (no shared strings): a cheap size before reading. None if not declared or
    unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n.lower(): n for n in archive.namelist()}
            sheet_path = _sheet(archive, names, index)[2]
            with archive.open(names[sheet_path.lower()]) as stream:
                head = _Prologue.read(stream, b"sheetData").head
    except Exception:  # any fault: the real read reports it
        return None
    ref = _dimension_ref(head)
    dimension = _dimension(ref) if ref else None
    return dimension[1][0] if dimension else None


def _dimension_ref(head: bytes) -> str | None:
    """The ref of the <dimension> in a sheet's prologue ('A1:L400001'), if any."""
    found = re.search(rb"<(?:[^\s/>:]+:)?dimension(" + _ATTRS + rb")/?>", head)
    return _attribute(found.group(1), b"ref") if found else None


def _workbook_path(archive: zipfile.ZipFile, names: dict[str, str]) -> str:
    path = _target(archive, names, "_rels/.rels", _OFFICE_DOCUMENT, None)
    return path or "xl/workbook.xml"


def _sheet(
    archive: zipfile.ZipFile, names: dict[str, str], index: int
) -> tuple[str, ET.Element, str]:
    """(workbook part, its root, sheet part) as calamine's get_sheet_by_index(index)."""
    workbook_path = _workbook_path(archive, names)
    workbook = _parse_part(archive, names, workbook_path)
    if workbook is None:
        raise _Broken("no workbook part")
    # calamine's get_sheet_by_index: the <sheet> elements in workbook order, via their r:id.
    sheets = (e for e in workbook.iter() if _local(e.tag) == "sheet")
    sheet = next(itertools.islice(sheets, index, None), None)
    attributes = sheet.attrib if sheet is not None else {}
    rel_id = next(
        (v for k, v in attributes.items() if k.startswith("{") and k.endswith("}id")), None
    )
    if rel_id is None:
        raise _Broken("no sheet")
    base = posixpath.dirname(workbook_path)
    rels = posixpath.join(base, "_rels", posixpath.basename(workbook_path) + ".rels")
    sheet_path = _target(archive, names, rels, None, rel_id)
    if sheet_path is None or sheet_path.lower() not in names:
        raise _Broken("no sheet part")
    return workbook_path, workbook, sheet_path


def _read_book(archive: zipfile.ZipFile, index: int = 0) -> _Book:
    names = {n.lower(): n for n in archive.namelist()}
    workbook_path, workbook, sheet_path = _sheet(archive, names, index)
    base = posixpath.dirname(workbook_path)
    pr = next((e for e in workbook.iter() if _local(e.tag) == "workbookPr"), None)
    is_1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    kinds = _number_format_kinds(_parse_part(archive, names, posixpath.join(base, "styles.xml")))
    strings = _read_strings(archive, names, posixpath.join(base, "sharedStrings.xml"))
    return _Book(names[sheet_path.lower()], strings, kinds, is_1904)


def _target(
    archive: zipfile.ZipFile, names: dict[str, str], rels_path: str, type_end: str | None,
    rel_id: str | None,
) -> str | None:  # fmt: skip
    """The part a relationship (by type ending or by id) points at, as a zip member name."""
    rels = _parse_part(archive, names, rels_path)
    if rels is None:
        return None
    for rel in rels:
        by_type = type_end is not None and rel.get("Type", "").endswith(type_end)
        if by_type or (rel_id is not None and rel.get("Id") == rel_id):
            target = rel.get("Target", "")
            if target.startswith("/"):
                return posixpath.normpath(target.lstrip("/"))
            source_dir = posixpath.dirname(posixpath.dirname(rels_path))
            return posixpath.normpath(posixpath.join(source_dir, target))
    return None


def _parse_part(archive: zipfile.ZipFile, names: dict[str, str], path: str) -> ET.Element | None:
    """A small XML part (zip names compared case-insensitively, as calamine does)."""
    name = names.get(path.lower())
    if name is None:
        return None
    with archive.open(name) as part:
        return ET.parse(part).getroot()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _number_format_kinds(styles: ET.Element | None) -> list[int]:
    """Per cellXfs index: is its number format a date, a duration or neither."""
    if styles is None:
        return []
    custom: dict[str, str] = {}
    kinds: list[int] = []
    for section in styles:
        if _local(section.tag) == "numFmts":
            for fmt in section:
                if fmt.get("formatCode"):
                    custom[fmt.get("numFmtId", "")] = fmt.get("formatCode", "")
        elif _local(section.tag) == "cellXfs":
            for xf in section:
                if _local(xf.tag) != "xf":
                    continue
                fmt_id = xf.get("numFmtId")
                if fmt_id is None:
                    kinds.append(_OTHER)
                elif fmt_id in custom:
                    kinds.append(custom_format_kind(custom[fmt_id]))
                else:
                    kinds.append(_BUILTIN_KINDS.get(int(fmt_id) if fmt_id.isdigit() else -1, 0))
    return kinds


def custom_format_kind(code: str) -> int:
    """calamine's reading of a format code: date tokens (d m y h s, AM/PM) outside quotes,
    escapes and [brackets] make a date; [h], [m] or [s] a duration; only the first section
    (before ";") counts."""
    escaped = in_quote = after_a = False
    brackets = 0
    prev = " "
    hms = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":  # the next character is a literal (skip width, escape, fill)
            escaped = True
        elif in_quote:
            in_quote = ch != '"'
        elif ch == '"':
            in_quote = True
        elif ch == ";":
            return _OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return _TIMEDELTA
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not after_a and brackets == 0:
            after_a = True
        elif brackets == 0 and (ch in "pmPM/" if after_a else ch in "dmhysDMHYS"):
            return _DATETIME  # after an "a" only AM/PM, A/P or m can follow as date parts
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return _OTHER


# --- shared strings ---


class _Strings:
    """Shared strings: the first ones (where repeated values such as 男/女 sit, as Excel numbers
    strings in the order it meets them) as a list, the rest as one UTF-8 buffer cut by offsets:
    a third of the memory of str objects for a roster's hundreds of thousands of names."""

    HEAD = 1 << 16

    def __init__(self) -> None:
        self.head: list[str] = []
        self.data = b""  # the rest, once frozen
        self.bounds = array("q", [0])  # string i of the rest is data[bounds[i]:bounds[i + 1]]
        self.buffer = bytearray()

    def add(self, text: str) -> None:
        if len(self.head) < self.HEAD:
            self.head.append(text)
            return
        self.buffer += text.encode()
        self.bounds.append(len(self.buffer))

    def freeze(self) -> "_Strings":
        self.data, self.buffer = bytes(self.buffer), bytearray()
        return self

    def __getitem__(self, index: int) -> str:
        head = self.head
        if 0 <= index < len(head):
            return head[index]
        index -= len(head)
        if index < 0 or index + 1 >= len(self.bounds):
            raise _Broken("shared string index out of range")
        return self.data[self.bounds[index] : self.bounds[index + 1]].decode()


def _read_strings(archive: zipfile.ZipFile, names: dict[str, str], path: str) -> _Strings:
    strings = _Strings()
    name = names.get(path.lower())
    if name is None:
        return strings.freeze()
    try:
        with archive.open(name) as stream:
            _read_strings_chunked(stream, strings)
    except _NeedFullParse:
        strings = _Strings()
        with archive.open(name) as stream:
            root = None
            for event, element in ET.iterparse(stream, events=("start", "end")):
                if root is None:
                    root = element
                elif event == "end" and _local(element.tag) == "si":
                    strings.add(_rich_text(element))
                    root.clear()  # flat memory: drop the strings' elements once read
    return strings.freeze()


def _read_strings_chunked(stream: IO[bytes], strings: _Strings) -> None:
    head = _Prologue.read(stream, b"sst")
    if head.empty:
        return
    p = head.prefix
    # <si><t>text</t></si>, the form of nearly every string (4 tags each); text without "&",
    # CR or surrounding spaces needs only decoding, so it has a group of its own.
    item = re.compile(
        rb"\s*+<" + p + rb"si>\s*+<" + p + rb"t(?:>" + _PLAIN_TEXT + rb"|(" + _ATTRS
        + rb")>([^<]*+))</" + p + rb"t>\s*+</" + p + rb"si>"
    )  # fmt: skip
    add, first, limit = strings.add, strings.head, strings.HEAD
    buffer, bounds = strings.buffer, strings.bounds
    for chunk in head.chunks(stream, b"si"):
        found = item.findall(chunk)
        if 4 * len(found) != chunk.count(b"<"):  # rich text, phonetic runs …: ElementTree
            for si in head.parse(chunk):
                add(_rich_text(si))
            continue
        for plain, attrs, raw in found:  # once per string: _Strings.add inlined
            if not plain or b"_x" in plain:
                add(_t_text(raw or plain, attrs))
            elif len(first) < limit:
                first.append(plain.decode())
            else:  # already UTF-8 as the buffer keeps it
                buffer += plain
                bounds.append(len(buffer))


def _rich_text(si: ET.Element) -> str:
    """calamine's text of <si>/<is>: every <t> outside phonetic runs (<rPh>), joined."""
    parts: list[str] = []
    for child in si:
        name = _local(child.tag)
        if name == "t":
            parts.append(_element_t(child))
        elif name == "r":
            parts.extend(_element_t(t) for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _element_t(t: ET.Element) -> str:
    text = t.text or ""
    if t.get(_XML_NS + "space") != "preserve":
        text = text.strip(_XML_SPACE)
    return _x_unescape(text) if "_x" in text else text


def _t_text(raw: bytes, attrs: bytes) -> str:
    """A <t>'s raw content as calamine gives it: trimmed unless xml:space="preserve"."""
    text = _xml_text(raw)
    if not _preserves_space(attrs):
        text = text.strip(_XML_SPACE)
    return _x_unescape(text) if "_x" in text else text


def _preserves_space(attrs: bytes) -> bool:
    if not attrs:
        return False
    return any(
        name == b"xml:space" and (dq or sq) == b"preserve" for name, dq, sq in _ATTR.findall(attrs)
    )


def _xml_text(raw: bytes) -> str:
    """Raw character data as an XML parser gives it: line ends normalised, references resolved."""
    text = raw.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


def _entity(match: re.Match[str]) -> str:
    hexa, decimal, name = match.groups()
    if name:
        return _NAMED_ENTITIES[name]
    return chr(int(hexa, 16) if hexa else int(decimal))


def _x_unescape(text: str) -> str:
    """Excel's _xHHHH_ escapes; calamine decodes those up to U+00FF only."""
    return _X_ESCAPE.sub(_x_char, text)


def _x_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code <= 0xFF else match.group(0)


# --- the sheet ---


class _Prologue:
    """The start of a part up to its container element (<sheetData>, <sst>): the namespace
    declarations and element prefix the chunks need, and the text read past it."""

    def __init__(
        self, container: bytes, prefix: bytes, declarations: bytes, rest: bytes, head: bytes,
        empty: bool,
    ) -> None:  # fmt: skip
        self.container = container
        self.prefix = prefix  # b"" or b"x:"
        self.declarations = declarations  # b' xmlns="…" xmlns:x="…"' for parsing a chunk alone
        self.rest = rest
        self.head = head  # everything before the container (for <dimension>)
        self.empty = empty  # a self-closing container: nothing inside

    @classmethod
    def read(cls, stream: IO[bytes], container: bytes) -> "_Prologue":
        pattern = re.compile(rb"<(?:([^\s/>!?:]+):)?" + container + rb"(" + _ATTRS + rb")(/?)>")
        buf = stream.read(1 << 16)
        if not _plain_utf8(buf):
            raise _NeedFullParse
        while (found := pattern.search(buf)) is None:
            more = stream.read(1 << 16)
            if not more:
                raise _Broken(f"no <{container.decode()}>")
            buf += more
            if len(buf) > _PROLOGUE_MAX:  # not a prologue Excel writes: let iterparse try
                raise _NeedFullParse
        head = buf[: found.start()]
        if b"<!" in head:  # a comment could hold markup the expressions would take as real
            raise _NeedFullParse
        prefix = found.group(1) + b":" if found.group(1) else b""
        declarations = {}
        for tag in re.finditer(rb"<[^\s/>!?]+(" + _ATTRS + rb")/?>", head + found.group(0)):
            for name, dq, sq in _ATTR.findall(tag.group(1)):
                if name == b"xmlns" or name.startswith(b"xmlns:"):
                    declarations[name] = dq or sq
        decl = b"".join(b" " + n + b'="' + v + b'"' for n, v in declarations.items())
        return cls(container, prefix, decl, buf[found.end() :], head, bool(found.group(3)))

    def chunks(self, stream: IO[bytes], item: bytes) -> Iterator[bytes]:
        """The container's content in pieces that each end after a whole item element."""
        item_end = b"</" + self.prefix + item
        end_tag = re.compile(rb"</" + self.prefix + item + rb"\s*>")
        container_end = re.compile(rb"</" + self.prefix + self.container + rb"\s*>")
        buf = self.rest
        while True:
            stop = container_end.search(buf)
            limit = stop.start() if stop else len(buf)
            # CDATA, comments or processing instructions could hide a false "</row>".
            if buf.find(b"<!", 0, limit) >= 0 or buf.find(b"<?", 0, limit) >= 0:
                raise _NeedFullParse
            if stop:
                if limit:
                    yield buf[:limit]
                return
            cut = _last_end(buf, item_end, end_tag)
            if cut:
                yield buf[:cut]
                buf = buf[cut:]
            more = stream.read(_CHUNK)
            if not more:
                raise _Broken("the part ends inside its container")
            buf += more

    def parse(self, chunk: bytes) -> ET.Element:
        """One chunk as a standalone element (children: the chunk's items)."""
        return ET.fromstring(b"<_" + self.declarations + b">" + chunk + b"</_>")


def _plain_utf8(head: bytes) -> bool:
    """Only UTF-8 parts are read byte-wise (the XML declaration may name another encoding)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declaration = re.match(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)", head)
    return declaration is None or declaration.group(1).lower().replace(b"-", b"") == b"utf8"


def _last_end(buf: bytes, item_end: bytes, end_tag: re.Pattern[bytes]) -> int:
    """Index just after the last complete `</item>` in buf (0 if none)."""
    at = len(buf)
    while (at := buf.rfind(item_end, 0, at)) >= 0:
        if found := end_tag.match(buf, at):
            return found.end()
    return 0


# A row read from the XML: (1-based number, cells from the first column given on, "" where
# empty). Cells are only placed for values, so no cells means calamine sees no value.
_Row = tuple[int, list[Any]]


class _SheetRows:
    """Turns the worksheet part into SheetReader rows, shaped as calamine's iter_rows: from
    row 1 on, blank rows in gaps, none after the last value, every row padded to the width."""

    def __init__(self, archive: zipfile.ZipFile, book: _Book, owner: Worksheet) -> None:
        self.archive = archive
        self.book = book
        self.owner = owner
        self.start = 0  # first column given (the dimension's)
        self.width = 0  # cells a row is padded to
        self.read_to = 0  # the last row number read from the XML
        self.given_to = 0  # the last row number given out
        self.next_number = 1  # for a <row> without r: calamine counts on

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            with self.archive.open(self.book.sheet_path) as stream:
                yield from self._chunked(stream)
        except _NeedFullParse:
            with self.archive.open(self.book.sheet_path) as stream:
                yield from self._parsed(stream)

    def _use_dimension(self, ref: str | None) -> None:
        dimension = _dimension(ref) if ref else None
        if dimension:
            (_row1, self.start), (last_row, last_col) = dimension
            self.width = last_col - self.start + 1
            self.owner.total = last_row
        else:
            self.owner.total = None

    def _give(self, rows: list[_Row]) -> Iterator[tuple[int, list[Any]]]:
        """Once per row: kept to plain local-variable work."""
        read_to, given_to, width = self.read_to, self.given_to, self.width
        try:
            for number, cells in rows:
                if number <= read_to:
                    raise ApplicationError(UNORDERED)
                read_to = number
                if not cells:
                    continue  # blank: given only if a row with values follows
                while given_to + 1 < number:
                    given_to += 1
                    yield given_to, [""] * width
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                given_to = number
                yield number, cells
        finally:
            self.read_to, self.given_to, self.next_number = read_to, given_to, read_to + 1

    # The fast way: chunks cut at row ends.

    def _chunked(self, stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
        head = _Prologue.read(stream, b"sheetData")
        self._use_dimension(_dimension_ref(head.head))
        if head.empty:
            return
        reader = _ChunkReader(head.prefix, self.book, self.start)
        for chunk in head.chunks(stream, b"row"):
            rows = reader.rows(chunk, self.next_number)
            if rows is None:  # markup the expression does not take: ElementTree reads it
                rows = [self._element_row(e) for e in head.parse(chunk) if _local(e.tag) == "row"]
            yield from self._give(rows)

    # The slow way, for what cannot be cut into chunks: iterparse the whole part.

    def _parsed(self, stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
        done = self.read_to  # rows already given by the fast way before it had to stop
        self.next_number, self.read_to = 1, 0
        container = None
        for event, element in ET.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "sheetData":
                    container = element
            elif name == "dimension" and not done:
                self._use_dimension(element.get("ref"))
            elif name == "row" and container is not None:
                row = self._element_row(element)
                container.clear()  # flat memory: drop the rows read
                if row[0] <= done:  # given before the fast way stopped
                    self.read_to = row[0]
                    continue
                yield from self._give([row])

    def _element_row(self, row: ET.Element) -> _Row:
        number = int(row.get("r") or self.next_number)
        self.next_number = number + 1
        cells: list[Any] = []
        column = -1
        for cell in row:
            if _local(cell.tag) != "c":
                continue
            ref = cell.get("r")
            column = _column(ref) if ref else column + 1
            value = _element_value(cell, self.book)
            if value is None:
                continue
            if column < self.start:
                raise ApplicationError(OUTSIDE)
            at = column - self.start
            if at >= len(cells):
                cells.extend([""] * (at - len(cells)))
                cells.append(value)
            else:
                cells[at] = value
        return number, cells


def _attribute(attrs: bytes, wanted: bytes) -> str | None:
    for name, dq, sq in _ATTR.findall(attrs):
        if name == wanted:
            return _xml_text(dq or sq)
    return None


def _dimension(ref: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """'A1:L400001' -> ((1, 0), (400001, 11)): 1-based rows, 0-based columns."""
    corners = [_REF.fullmatch(part) for part in ref.split(":")]
    if not corners or len(corners) > 2 or not all(corners):
        return None
    (c1, r1), (c2, r2) = (
        (_column_index(m.group(1)), int(m.group(2))) for m in (corners[0], corners[-1])
    )
    if r1 < 1 or r2 < r1 or c2 < c1:
        return None
    return (r1, c1), (r2, c2)


def _column(ref: str) -> int:
    found = _REF.fullmatch(ref)
    if found is None:
        raise _Broken(f"bad cell reference {ref!r}")
    return _column_index(found.group(1))


def _column_index(letters: str | bytes) -> int:
    index = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        index = index * 26 + ord(ch) - 64
    return index - 1


_LETTERS = [chr(65 + i) for i in range(26)]
# b"A" -> 0 … b"ZZ" -> 701 ready; three-letter columns are added as they are met.
_COLUMNS: dict[bytes, int] = {
    name.encode(): i
    for i, name in enumerate([*_LETTERS, *(a + b for a in _LETTERS for b in _LETTERS)])
}


def _column_of(letters: bytes) -> int:
    index = _COLUMNS.get(letters)
    if index is None:
        index = _COLUMNS[letters] = _column_index(letters)
    return index


class _ChunkReader:
    """Reads a chunk's rows with one regular expression (see the module docstring)."""

    def __init__(self, prefix: bytes, book: _Book, start: int) -> None:
        p = re.escape(prefix)
        a = _ATTRS
        # Nearly every cell: r first, then s and t, holding a <v> or an <is><t> whose text has
        # no "&", CR or surrounding spaces (so decoding is all it needs). The few groups keep
        # the expression and the loop over its tuples fast.
        plain = _PLAIN_TEXT
        fast = (
            rb"<" + p + rb'c r="([A-Z]{1,3})[0-9]++"(?: s="([0-9]++)")?(?: t="([A-Za-z]++)")?>'
            rb"(?:<" + p + rb"v>([^<]++)</" + p + rb"v>"
            rb"|<" + p + rb"is><" + p + rb"t>" + plain + rb"</" + p + rb"t></" + p + rb"is>)"
            rb"</" + p + rb"c>"
        )  # fmt: skip
        # Any other cell the reader takes (formulas, empty cells, other attributes, text to
        # unescape) is matched whole, then read by _general_cell. Row tags share that group,
        # and so does any other "<": markup the reader does not know shows up there instead of
        # being skipped, and sends the chunk to ElementTree.
        other = (
            rb"(" + _general_cell_pattern(p) + rb"|<" + p + rb"row" + a + rb"/?>|</" + p + rb"row>|<)"
        )  # fmt: skip
        self.token = re.compile(rb"\s*+(?:" + fast + rb"|" + other + rb")")
        self.general = re.compile(_general_cell_pattern(p, groups=True))
        self.row_start = b"<" + prefix + b"row"
        self.row_end = b"</" + prefix + b"row>"
        self.book = book
        self.start = start
        # Column letters -> index in the row given (relative to the first column given).
        self.columns = {letters: i - start for letters, i in _COLUMNS.items()}
        self.date_kinds: dict[bytes, int | None] = {}  # s="…" -> date kind, filled as met

    def rows(self, chunk: bytes, next_number: int) -> list[_Row] | None:
        """The chunk's rows, or None when its markup is not all of the kinds taken.

        The loop is the reader's hot path (once per cell): the common cases are inlined."""
        strings = self.book.strings
        head, head_len = strings.head, len(strings.head)
        data, bounds, rest_len = strings.data, strings.bounds, len(strings.bounds) - 1
        date_kinds = self.date_kinds
        columns = self.columns
        row_start, row_end = self.row_start, self.row_end
        rows: list[_Row] = []
        cells: list[Any] = []
        in_row = False
        number = column = 0
        value: Any
        for letters, style, kind, v_raw, plain, other in self.token.findall(chunk):
            if other:
                if other == row_end and in_row:
                    rows.append((number, cells))
                    in_row = False
                    continue
                if other.startswith(row_start) and not in_row:
                    number = _row_number(other, next_number)
                    next_number, cells, column = number + 1, [], -1 - self.start
                    if other.endswith(b"/>"):
                        rows.append((number, cells))
                    else:
                        in_row = True
                    continue
                if len(other) == 1 or not in_row:
                    return None  # unknown markup, a row in a row, a cell outside a row
                column, value = self._general_cell(other, column)
                if value is None:
                    continue
            elif not in_row:
                return None  # a cell outside a row
            else:
                column = columns.get(letters, _FAR)
                if column == _FAR:
                    column = _column_of(letters) - self.start
                if plain:
                    value = plain.decode()
                    if "_x" in value:
                        value = _x_unescape(value)
                elif kind == b"s":
                    index = int(v_raw)
                    if 0 <= index < head_len:
                        value = head[index]
                    elif 0 <= (index := index - head_len) < rest_len:  # _Strings, inlined
                        value = data[bounds[index] : bounds[index + 1]].decode()
                    else:
                        raise _Broken("shared string index out of range")
                elif (not kind or kind == b"n") and b"_" not in v_raw:
                    date_kind = date_kinds.get(style, _UNSEEN)
                    if date_kind is _UNSEEN:
                        date_kind = self.date_kind(style)
                    value = None
                    if date_kind is None:  # a plain number, the common case
                        try:  # Rust's float parse takes no spaces or "_"
                            value = float(v_raw) if v_raw.strip() is v_raw else None
                        except ValueError:
                            value = None
                    if value is None:
                        value = self.value(kind, style, v_raw)
                else:
                    value = self.value(kind, style, v_raw)
                if value is None:
                    continue
            size = len(cells)
            if column == size:
                cells.append(value)
            elif column > size:
                cells.extend([""] * (column - size))
                cells.append(value)
            elif column >= 0:
                cells[column] = value
            else:
                return None  # left of the first column given: ElementTree raises about it
        return None if in_row else rows

    def _general_cell(self, markup: bytes, column: int) -> tuple[int, Any]:
        """A cell outside the fast form: its column and value (None: calamine's Empty)."""
        found = self.general.fullmatch(markup)
        if found is None:
            raise _Broken("cell markup")
        attrs, v_tag, v_raw, is_tag, t_attrs, t_raw = found.groups()
        letters, style, kind = _cell_attributes(attrs, b"", b"", b"")
        column = _column_of(letters) - self.start if letters else column + 1
        if v_tag:
            return column, self.value(kind, style, v_raw)
        if is_tag:
            return column, _t_text(t_raw, t_attrs)
        return column, None  # no value (or a formula without its result)

    def value(self, kind: bytes, style: bytes, raw: bytes) -> Any:
        """A <v>'s value by the cell's type and style (None: calamine's Empty)."""
        if kind == b"s":
            if not raw.isdigit():
                raise _Broken("bad shared string index")
            return self.book.strings[int(raw)]
        if not kind or kind == b"n":
            if not raw:
                return None
            date_kind = self.date_kind(style)
            return _number_value(raw, date_kind, kind == b"n", self.book.is_1904)
        return _typed_value(kind.decode(), raw)

    def date_kind(self, style: bytes) -> int | None:
        """The date kind of a cell's s="…" (None for plain numbers), remembered per value."""
        kinds = self.date_kinds
        if style not in kinds:
            kind = None
            if style:  # calamine: an unreadable s is index 0; s="01" is index 1
                kind = _kind_at(self.book, int(style) if style.isdigit() else 0)
            kinds[style] = kind if kind else None
        return kinds[style]


_FAR = -(1 << 30)  # a column-letters miss (three letters)
_UNSEEN: Any = object()


def _general_cell_pattern(p: bytes, groups: bool = False) -> bytes:
    """Any cell the chunked reading takes: an optional formula, then <v> or <is><t> (or
    nothing). With groups: attributes, <v>, its text, <is>, the <t>'s attributes and text."""
    a = _ATTRS
    g = (lambda x: b"(" + x + b")") if groups else (lambda x: x)
    return (
        rb"<" + p + rb"c" + g(a) + rb"(?:/>|>"
        rb"(?:<" + p + rb"f" + a + rb"(?:/>|>[^<]*+</" + p + rb"f>))?"
        rb"(?:" + g(rb"<" + p + rb"v>") + g(rb"[^<]*+") + rb"</" + p + rb"v>"
        rb"|" + g(rb"<" + p + rb"is>") + rb"<" + p + rb"t" + g(a) + rb">" + g(rb"[^<]*+")
        + rb"</" + p + rb"t></" + p + rb"is>)?"
        rb"</" + p + rb"c>)"
    )  # fmt: skip


_ROW_R = re.compile(rb'\sr="([0-9]+)"')


def _row_number(tag: bytes, next_number: int) -> int:
    """The r of a <row …> start tag, or the next number when it has none (calamine counts)."""
    if tag.startswith(b'<row r="'):  # the usual form, read without an expression
        end = tag.find(b'"', 8)
        if end > 8 and tag[8:end].isdigit() and tag[8] != 48:  # 48: "0"
            return int(tag[8:end])
    if found := _ROW_R.search(tag):
        value = found.group(1).decode()
    else:
        value = _attribute(tag[tag.index(b"row") + 3 :].rstrip(b"/>"), b"r")
        if value is None:
            return next_number
    if not value.isdigit() or int(value) < 1:
        raise _Broken(f"bad row number {value!r}")
    return int(value)


def _cell_attributes(
    rest: bytes, letters: bytes, style: bytes, kind: bytes
) -> tuple[bytes, bytes, bytes]:
    """r, s and t from a cell's attributes as written (any order, quotes or spacing)."""
    for name, dq, sq in _ATTR.findall(rest):
        value = dq or sq
        if name == b"r":
            found = _REF.fullmatch(value.decode())
            if found is None:
                raise _Broken(f"bad cell reference {value!r}")
            letters = found.group(1).upper().encode()
        elif name == b"s":
            style = value
        elif name == b"t":
            kind = value
    return letters, style, kind


def _kind_at(book: _Book, index: int) -> int | None:
    return book.kinds[index] if 0 <= index < len(book.kinds) else None


def _element_value(cell: ET.Element, book: _Book) -> Any:
    """A cell read by ElementTree (what the fast expression does not take)."""
    value = None
    kind = cell.get("t") or ""
    for child in cell:
        name = _local(child.tag)
        if name == "is":
            value = _rich_text(child)
        elif name == "f":
            value = None  # calamine: a formula element empties what came before it
        elif name == "v":
            value = _v_value(cell, kind, child.text or "", book)
        else:
            raise _Broken(f"unexpected <{name}> in a cell")
    return value


def _v_value(cell: ET.Element, kind: str, text: str, book: _Book) -> Any:
    if kind == "s":
        if not text.isdigit():
            raise _Broken("bad shared string index")
        return book.strings[int(text)]
    if kind in ("", "n"):
        if not text:
            return None
        style = cell.get("s")  # calamine: no s is General; an unreadable one is index 0
        date_kind = None if style is None else _kind_at(book, int(style) if style.isdigit() else 0)
        return _number_value(text, date_kind, kind == "n", book.is_1904)
    return _typed_value(kind, text)


def _typed_value(kind: str, raw: str | bytes) -> Any:
    """Values of cells typed str, b, e, d (None: calamine's Empty)."""
    if kind == "str":
        text = _xml_text(raw) if isinstance(raw, bytes) else raw
        return _x_unescape(text) if "_x" in text else text
    text = _until_reference(raw)
    if kind == "b":
        lowered = text.lower()
        if lowered in ("1", "true"):
            return True
        if lowered in ("0", "false"):
            return False
        if not text:
            return None
        raise _Broken(f"bad boolean {text!r}")
    if kind == "e":
        if not text:
            return None
        if text in _ERRORS:
            return ""  # python-calamine gives error cells as empty text
        raise _Broken(f"unknown error value {text!r}")
    if kind == "d":
        return _iso_value(text)
    raise _Broken(f"unknown cell type {kind!r}")


def _until_reference(raw: str | bytes) -> str:
    """calamine reads a non-string <v> only up to its first character reference."""
    if isinstance(raw, str):
        return raw
    cut = raw.find(b"&")
    text = (raw if cut < 0 else raw[:cut]).decode()
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _number_value(raw: str | bytes, date_kind: int | None, typed: bool, is_1904: bool) -> Any:
    """A number cell: float, or date/time/datetime/timedelta when its format says so."""
    number = _rust_float(raw)
    if number is None:
        if typed:
            raise _Broken(f"bad number {raw!r}")
        text = _until_reference(raw)
        return text or None  # an untyped <v> that is no number: calamine keeps the text
    if date_kind == _DATETIME:
        return excel_datetime(number, is_1904)
    if date_kind == _TIMEDELTA:
        return _excel_timedelta(number)
    return number


def _rust_float(raw: str | bytes) -> float | None:
    """float() as Rust parses it: no surrounding spaces, no "_" digit separators, ASCII only."""
    if isinstance(raw, bytes) and b"&" in raw:
        raw = raw[: raw.find(b"&")]
    try:
        number = float(raw)
    except ValueError:
        return None
    if raw.strip() is not raw or ("_" in raw if isinstance(raw, str) else b"_" in raw):
        return None
    if isinstance(raw, str) and not raw.isascii():
        return None
    return number


def excel_datetime(serial: float, is_1904: bool) -> Any:
    """An Excel serial under a date format, as python-calamine converts it: time of day below
    1, date when whole, datetime otherwise; the float itself when Python cannot hold it."""
    if math.isnan(serial):
        return _EPOCH  # calamine casts NaN to 0 ms past its epoch
    days = serial + 1462.0 if is_1904 else serial
    if days < 60.0:
        days += 1.0  # Excel's phantom 29 February 1900
    if abs(days) > _CHRONO_DAYS:
        return serial
    millis = _round_half_away(days * _MS_PER_DAY)
    if serial < 1.0:
        return (datetime.datetime.min + datetime.timedelta(milliseconds=millis % 86_400_000)).time()
    try:
        moment = _EPOCH + datetime.timedelta(milliseconds=millis)
    except OverflowError:
        return serial
    if serial == float(int(serial)):
        return moment.date()
    return moment


def _excel_timedelta(serial: float) -> datetime.timedelta:
    if math.isnan(serial):
        return datetime.timedelta(0)  # calamine casts NaN to 0 ms
    try:
        return datetime.timedelta(milliseconds=_round_half_away(serial * _MS_PER_DAY))
    except (OverflowError, ValueError) as exc:
        raise _Broken("duration out of range") from exc


def _round_half_away(value: float) -> int:
    """Rust's f64::round (halves away from zero), not Python's round (halves to even)."""
    return int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))


def _iso_value(text: str) -> Any:
    """t="d" cells (ISO 8601 text): datetime, date or time when it parses, else the text."""
    try:
        if found := _ISO_DATETIME.fullmatch(text):
            y, mo, d, h, mi, s, fraction = found.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            return datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro)
        if found := _ISO_DATE.fullmatch(text):
            return datetime.date(*(int(g) for g in found.groups()))
        if found := _ISO_TIME.fullmatch(text):
            h, mi, s, fraction = found.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            return datetime.time(int(h), int(mi), int(s or 0), micro)
    except ValueError:
        pass
    return text
