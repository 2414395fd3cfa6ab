"""Files that hold personal information are encrypted at rest (issue #12, PIPL Art. 51).

An uploaded roster, an import's error report and an export file hold RICs and phones. Each
is sealed as soon as it is written, with the field key (core.crypto's FIELD_ENCRYPTION_KEYS,
so one key is kept and rotated): AES-256-GCM over chunks of 64 KiB, in constant memory
whatever the file's size.

    header  = b"GHF1" | len(key id) | key id | 16 random bytes (the file's id)
    chunk   = 12-byte nonce | 4-byte length of what follows | ciphertext and tag

Each chunk's associated data is the header, the chunk's number and whether it is the last,
so chunks cannot be reordered, dropped, moved to another file, or the file cut short
without `FileSealError`. A file without the header is read as it is (files written before
sealing existed, and what tests put in place).

Reading: `open_unsealed(path)` streams the clear bytes (downloads); `unsealed_copy(path)`
gives a clear temporary copy for readers that need a path (python-calamine, zipfile), deleted
when the block ends.
"""

import contextlib
import io
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag

from .crypto import current_key_id, key_by_id

MAGIC = b"GHF1"
CHUNK = 64 * 1024
_NONCE = 12
_TAG = 16
_FILE_ID = 16


class FileSealError(Exception):
    """A sealed file that cannot be opened: another key, or changed or cut short."""


def is_sealed(path: Path) -> bool:
    with Path(path).open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def seal_file(path: Path) -> None:
    """Encrypt the file in place (through a sibling file, so it is never half-sealed)."""
    path = Path(path)
    if is_sealed(path):
        return
    kid = current_key_id().encode()
    key = key_by_id(kid.decode())
    header = MAGIC + bytes([len(kid)]) + kid + os.urandom(_FILE_ID)
    partial = path.with_name(path.name + ".sealing")
    with path.open("rb") as clear, partial.open("wb") as out:
        out.write(header)
        index = 0
        chunk = clear.read(CHUNK)
        while True:
            following = clear.read(CHUNK)
            last = not following
            nonce = os.urandom(_NONCE)
            sealed = key.encrypt(nonce, chunk, _associated(header, index, last))
            out.write(nonce + struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            chunk, index = following, index + 1
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def _associated(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def iter_unsealed(path: Path) -> Iterator[bytes]:
    """The clear bytes of a file, sealed or not, chunk by chunk."""
    with Path(path).open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            handle.seek(0)
            while block := handle.read(CHUNK):
                yield block
            return
        yield from _chunks(handle)


def _chunks(handle: io.BufferedReader) -> Iterator[bytes]:
    size = handle.read(1)
    kid = handle.read(size[0] if size else 0)
    header = MAGIC + size + kid + handle.read(_FILE_ID)
    try:
        key = key_by_id(kid.decode())
    except (KeyError, UnicodeDecodeError) as exc:
        raise FileSealError(f"没有可以打开该文件的密钥（{kid!r}）。") from exc
    index = 0
    while True:
        head = handle.read(_NONCE + 4)
        if len(head) < _NONCE + 4:
            raise FileSealError("文件不完整（被截断）。")
        length = struct.unpack(">I", head[_NONCE:])[0]
        body = handle.read(length)
        if len(body) < length or length < _TAG:
            raise FileSealError("文件不完整（被截断）。")
        last = handle.peek(1)[:1] == b""  # a BufferedReader: nothing after this chunk
        try:
            yield key.decrypt(head[:_NONCE], body, _associated(header, index, last))
        except InvalidTag as exc:
            raise FileSealError("文件已被改动或不完整，无法解密。") from exc
        if last:
            return
        index += 1


def unsealed_bytes(path: Path) -> bytes:
    """The whole clear content (small files and tests)."""
    return b"".join(iter_unsealed(path))


@contextlib.contextmanager
def unsealed_copy(path: Path) -> Iterator[Path]:
    """A path holding the clear content, for readers that open files by name; a file that
    is not sealed is given as it is. The copy is private (0600) and deleted afterwards."""
    path = Path(path)
    if not is_sealed(path):
        yield path
        return
    handle, name = tempfile.mkstemp(prefix="gonghui-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            for block in iter_unsealed(path):
                out.write(block)
        yield Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
