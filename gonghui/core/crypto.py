"""Field encryption for sensitive personal information (domain-rules §12, PIPL Art. 51).

Values are encrypted with AES-256-GCM under a key from the settings; the stored text is
"<key id>:<base64(nonce | ciphertext | tag)>" so keys can be rotated: new writes use the
first key of FIELD_ENCRYPTION_KEYS, reads find the key by its id, and
`manage.py rotate_field_keys` re-encrypts old rows. Exact lookup and uniqueness use a keyed
HMAC-SHA256 (`blind_index`), never the clear value; a database dump alone reveals neither.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


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


def encrypt(value: str) -> str:
    if value == "":
        return ""
    config = _config()
    kid = config[0].partition(":")[0]
    nonce = os.urandom(12)
    sealed = _keys(config)[kid].encrypt(nonce, value.encode(), kid.encode())
    return f"{kid}:{base64.b64encode(nonce + sealed).decode()}"


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


@lru_cache(maxsize=4)
def _hmac_base(key: str) -> "hmac.HMAC":
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash for exact lookup and uniqueness; `purpose` keeps RIC and phone hashes apart."""
    mac = _hmac_base(settings.BLIND_INDEX_KEY).copy()  # keyed state computed once per key
    mac.update(f"{purpose}:{value}".encode())
    return mac.hexdigest()


class EncryptedTextField(models.TextField):
    """Stores `encrypt(value)`; Python code always sees the clear text."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
