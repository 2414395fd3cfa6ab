"""Re-encrypt every EncryptedTextField value under the first key of FIELD_ENCRYPTION_KEYS.

Models are found by field introspection, so a new app's encrypted fields are included
without changes here. With --rehash, the keyed hashes (ric_hash, phone_hash) are recomputed
with the BLIND_INDEX_KEY now in the settings. See docs/operations.md "Key rotation".
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from gonghui.core.crypto import EncryptedTextField, current_key_id, decrypt, encrypt, key_id_of
from gonghui.core.identity import phone_hash, ric_hash

BATCH = 2000
# Hash columns recomputed from the clear value of the named encrypted field.
HASHES = {"ric_hash": ("ric", ric_hash), "phone_hash": ("phone", phone_hash)}


def encrypted_fields() -> dict[type, list[str]]:
    found: dict[type, list[str]] = {}
    for model in apps.get_models():
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names and not model._meta.proxy:
            found[model] = names
    return found


def _hash_columns(model: type) -> dict[str, tuple]:
    columns = {f.attname for f in model._meta.concrete_fields}
    return {h: spec for h, spec in HASHES.items() if h in columns and spec[0] in columns}


def rotate_model(model: type, names: list[str], *, rehash: bool) -> int:
    """Rows whose ciphertext is under an old key (or all, with --rehash) are rewritten.

    Reads and writes the stored text with plain SQL so that the field's own encryption
    does not run twice; batches by primary key, one transaction per batch.
    """
    kid = current_key_id()
    hashes = _hash_columns(model) if rehash else {}
    changed, last = 0, None
    while True:
        rows = _batch(model, names, last)
        if not rows:
            return changed
        with transaction.atomic():
            for pk, *tokens in rows:
                changed += _rotate_row(
                    model, pk, dict(zip(names, tokens, strict=True)), hashes, kid
                )
        last = rows[-1][0]


def _rotate_row(model, pk, stored: dict[str, str], hashes, kid) -> int:
    updates = {}
    for name, token in stored.items():
        if token and (key_id_of(token) != kid or hashes):
            updates[name] = encrypt(decrypt(token))
    for column, (source, fn) in hashes.items():
        clear = decrypt(stored[source]) if stored[source] else ""
        updates[column] = fn(clear) if clear else ""
    if not updates:
        return 0
    _write_raw(model, pk, updates)
    return 1


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _batch(model, names, after) -> list[tuple]:
    cols = ", ".join(_q(model._meta.get_field(n).column) for n in names)
    pk_col = _q(model._meta.pk.column)
    where = f"WHERE {pk_col} > %s " if after is not None else ""
    sql = f"SELECT {pk_col}, {cols} FROM {_q(model._meta.db_table)} {where}ORDER BY {pk_col}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {BATCH}", [after] if after is not None else [])
        return cursor.fetchall()


def _write_raw(model, pk, updates: dict[str, str]) -> None:
    """Write stored text as-is (already encrypted), bypassing the field's own encryption."""
    sets = ", ".join(f"{_q(model._meta.get_field(n).column)} = %s" for n in updates)
    sql = f"UPDATE {_q(model._meta.db_table)} SET {sets} WHERE {_q(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*updates.values(), pk])


class Command(BaseCommand):
    help = "用第一个字段加密密钥重新加密所有敏感字段；--rehash 同时按当前 BLIND_INDEX_KEY 重算查找哈希。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="按设置中（新的）GONGHUI_BLIND_INDEX_KEY 重算 ric_hash / phone_hash",
        )

    def handle(self, *args, rehash: bool, **options):
        for model, names in encrypted_fields().items():
            changed = rotate_model(model, names, rehash=rehash)
            self.stdout.write(f"{model._meta.label}: {changed} 行已更新（字段 {', '.join(names)}）")
        self.stdout.write(self.style.SUCCESS(f"完成，当前加密密钥 {current_key_id()}。"))
