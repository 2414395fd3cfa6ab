"""Field encryption for sensitive personal information (domain-rules §12, PIPL Art. 51).

Values are encrypted with AES-256-GCM under a key from the settings; the stored text is
"<key id>:<base64(nonce | ciphertext | tag)>" so keys can be rotated: new writes use the
first key of FIELD_ENCRYPTION_KEYS, reads find the key by its id, and
`manage.py rotate_field_keys` re-encrypts old rows. Exact lookup and uniqueness use a keyed
HMAC-SHA256 (`blind_index`), never the clear value; a database dump alone reveals neither.
"""

import base64
import binascii
import hashlib
import os
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# LazySettings keeps each setting it has read in its own __dict__ and drops it when the
# setting changes (override_settings, assignment). Reading that dict directly is the same
# value without LazyObject.__getattribute__, which costs as much as a hash on a roster
# (encrypt and blind_index read it inline: a call per value costs too).
_SETTINGS_READ: dict[str, Any] = object.__getattribute__(settings, "__dict__")
_MISSING = object()


@lru_cache(maxsize=8)
def _keys(config: tuple[str, ...]) -> dict[str, AESGCM]:
    keys = {}
    for entry in config:
        kid, _, material = entry.partition(":")
        raw = base64.urlsafe_b64decode(material + "=" * (-len(material) % 4))
        if not kid or len(raw) != 32:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS entries are '<id>:<urlsafe base64 of 32 bytes>'."
            )
        keys[kid] = AESGCM(raw)
    return keys


def _config() -> tuple[str, ...]:
    config = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not config:
        raise ImproperlyConfigured("Set GONGHUI_FIELD_ENCRYPTION_KEYS.")
    return config


def current_key_id() -> str:
    return _config()[0].partition(":")[0]


def key_by_id(kid: str) -> AESGCM:
    """The key with this id (KeyError if FIELD_ENCRYPTION_KEYS has none): core.filecrypt."""
    return _keys(_config())[kid]


# An import encrypts two values per row, so what encrypt needs is worked out once per
# FIELD_ENCRYPTION_KEYS value: (a copy of that value, "<kid>:", the key, the kid as associated
# data). The copy is compared with the setting as it is (a list equal to it, or the tuple):
# no tuple to build per value, and a list changed in place is still seen.
_Sealer = tuple[list[str] | tuple[str, ...], str, AESGCM, bytes]
_SEALER: _Sealer | None = None


def _sealer(setting: Any) -> _Sealer:
    global _SEALER
    config = tuple(setting)
    if not config:
        raise ImproperlyConfigured("Set GONGHUI_FIELD_ENCRYPTION_KEYS.")
    kid = config[0].partition(":")[0]
    saved = list(setting) if isinstance(setting, list) else config
    _SEALER = sealer = (saved, f"{kid}:", _keys(config)[kid], kid.encode())
    return sealer


# Nonces are taken from one os.urandom call per 256 (a syscall per value is a good part of
# encrypting a short value): each is still 12 fresh random bytes used once. list.pop is
# atomic, so threads never share one, and a forked child drops the parent's unused ones.
_NONCE_BLOCK = 12 * 256
_NONCES: list[bytes] = []
os.register_at_fork(after_in_child=_NONCES.clear)


def _refill_nonces() -> bytes:
    block = os.urandom(_NONCE_BLOCK)
    _NONCES.extend([block[i : i + 12] for i in range(12, _NONCE_BLOCK, 12)])
    return block[:12]


def encrypt(value: str) -> str:
    if value == "":
        return ""
    setting = _SETTINGS_READ.get("FIELD_ENCRYPTION_KEYS", _MISSING)
    if setting is _MISSING:
        setting = settings.FIELD_ENCRYPTION_KEYS
    sealer = _SEALER
    if sealer is None or sealer[0] != setting:
        sealer = _sealer(setting)
    _, prefix, key, kid = sealer
    try:
        nonce = _NONCES.pop()
    except IndexError:
        nonce = _refill_nonces()
    sealed = nonce + key.encrypt(nonce, value.encode(), kid)
    # Same text as base64.b64encode(...).decode(), without its wrapper's overhead.
    return prefix + binascii.b2a_base64(sealed, newline=False).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    kid, _, body = token.partition(":")
    try:
        key = _keys(_config())[kid]
    except KeyError as exc:
        raise ImproperlyConfigured(f"No field encryption key with id {kid!r}.") from exc
    raw = base64.b64decode(body)
    return key.decrypt(raw[:12], raw[12:], kid.encode()).decode()


def key_id_of(token: str) -> str:
    return token.partition(":")[0]


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


@lru_cache(maxsize=4)
def _hmac_pads(key: str) -> tuple["hashlib._Hash", "hashlib._Hash"]:
    """SHA-256 states after the inner and outer padded key of HMAC (RFC 2104), as
    hmac.new(key, digestmod=sha256) computes them, so each value costs two hash copies."""
    raw = key.encode()
    if len(raw) > 64:  # the block size of SHA-256
        raw = hashlib.sha256(raw).digest()
    raw = raw.ljust(64, b"\0")
    return hashlib.sha256(raw.translate(_IPAD)), hashlib.sha256(raw.translate(_OPAD))


# (BLIND_INDEX_KEY, its _hmac_pads) of the last call: comparing the key costs less than the
# lru_cache lookup.
_PADS: tuple[Any, Any] = (_MISSING, None)


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash for exact lookup and uniqueness; `purpose` keeps RIC and phone hashes apart.

    HMAC-SHA256(BLIND_INDEX_KEY, f"{purpose}:{value}") as hex, from the keyed states
    computed once per key (hmac.HMAC's own copy() costs more than the hashing)."""
    global _PADS
    key = _SETTINGS_READ.get("BLIND_INDEX_KEY", _MISSING)
    if key is _MISSING:
        key = settings.BLIND_INDEX_KEY
    saved, pads = _PADS
    if saved != key:
        pads = _hmac_pads(key)
        _PADS = (key, pads)
    inner = pads[0].copy()
    inner.update(f"{purpose}:{value}".encode())
    outer = pads[1].copy()
    outer.update(inner.digest())
    return outer.hexdigest()


class EncryptedTextField(models.TextField):
    """Stores `encrypt(value)`; Python code always sees the clear text."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
