"""Files at rest are sealed with the field key (issue #12): the clear bytes come back whole,
and a changed, cut, reordered or foreign file is refused rather than read wrongly."""

import base64
import os
import struct

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from gonghui.core import filecrypt
from gonghui.core.filecrypt import (
    CHUNK,
    FileSealError,
    is_sealed,
    seal_file,
    unsealed_bytes,
    unsealed_copy,
)


def _key(kid: str) -> str:
    return f"{kid}:" + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


@hsettings(max_examples=25, deadline=None)
@given(content=st.binary(max_size=3 * 1024) | st.sampled_from([b"", b"x" * CHUNK]))
def test_a_sealed_file_reads_back_as_it_was(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("seal") / "a.xlsx"
    path.write_bytes(content)
    seal_file(path)
    assert is_sealed(path)
    assert len(content) < 16 or content not in path.read_bytes()  # not in clear
    assert unsealed_bytes(path) == content


def test_a_large_file_is_sealed_in_chunks_and_copied_clear_for_readers(tmp_path, monkeypatch):
    monkeypatch.setattr(filecrypt, "CHUNK", 1000)
    content = os.urandom(5500)
    path = tmp_path / "big.xlsx"
    path.write_bytes(content)
    seal_file(path)
    seal_file(path)  # twice is once
    with unsealed_copy(path) as clear:
        assert clear != path and clear.read_bytes() == content
        assert oct(clear.stat().st_mode & 0o777) == "0o600"
    assert not clear.exists()


def test_an_unsealed_file_is_read_as_it_is(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"PK\x03\x04 old file")
    assert unsealed_bytes(path) == b"PK\x03\x04 old file"
    with unsealed_copy(path) as clear:
        assert clear == path


def _sealed(tmp_path, monkeypatch, size=3500):
    monkeypatch.setattr(filecrypt, "CHUNK", 1000)
    path = tmp_path / "f.xlsx"
    path.write_bytes(os.urandom(size))
    seal_file(path)
    return path


def _header_length(raw: bytes) -> int:
    return len(filecrypt.MAGIC) + 1 + raw[len(filecrypt.MAGIC)] + 16


def test_a_file_cut_short_after_a_whole_chunk_is_refused(tmp_path, monkeypatch):
    path = _sealed(tmp_path, monkeypatch)
    raw = path.read_bytes()
    first = _header_length(raw)
    length = struct.unpack(">I", raw[first + 12 : first + 16])[0]
    path.write_bytes(raw[: first + 16 + length])  # only the first chunk: not marked last
    with pytest.raises(FileSealError):
        unsealed_bytes(path)


def test_a_changed_byte_is_refused(tmp_path, monkeypatch):
    path = _sealed(tmp_path, monkeypatch)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(FileSealError):
        unsealed_bytes(path)


def test_a_file_sealed_with_a_retired_key_still_opens_and_a_foreign_one_does_not(
    tmp_path, settings
):
    old = _key("k1")
    settings.FIELD_ENCRYPTION_KEYS = [old]
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"roster")
    seal_file(path)
    settings.FIELD_ENCRYPTION_KEYS = [_key("k2"), old]  # rotated: k1 kept for reading
    assert unsealed_bytes(path) == b"roster"
    settings.FIELD_ENCRYPTION_KEYS = [_key("k3")]
    with pytest.raises(FileSealError, match="没有可以打开该文件的密钥"):
        unsealed_bytes(path)
