"""The stored form of a member's RIC and phone: encrypted value, keyed hash, last 4 in clear.

Used by members.services and by the roster importer alike, so both write the same thing.
"""

import re

from gonghui.core.crypto import blind_index, encrypt
from gonghui.core.errors import ApplicationError
from gonghui.core.ids import normalize_code

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def ric_hash(ric: str) -> str:
    return blind_index(ric, purpose="ric")


def phone_hash(phone: str) -> str:
    return blind_index(phone, purpose="phone") if phone else ""


def normalize_phone(raw: object) -> str:
    """Mobile number as 11 digits; '' when empty; ApplicationError when not a mobile number."""
    phone = normalize_code(raw).removeprefix("+86").removeprefix("86") if raw else ""
    if phone and not PHONE_RE.match(phone):
        raise ApplicationError("手机号应为11位数字、以1开头。", field="phone")
    return phone


def identity_columns(ric: str, phone: str, *, encrypted: bool = False) -> dict[str, str]:
    """Column values for a validated RIC and phone. `encrypted=True` gives the stored
    ciphertext for raw SQL writes (the ORM field encrypts by itself)."""
    # ric_hash / phone_hash written out: this runs for every row of an import.
    return {
        "ric": encrypt(ric) if encrypted else ric,
        "ric_hash": blind_index(ric, purpose="ric"),
        "ric_last4": ric[-4:],
        "phone": (encrypt(phone) if encrypted else phone) if phone else "",
        "phone_hash": blind_index(phone, purpose="phone") if phone else "",
        "phone_last4": phone[-4:] if phone else "",
    }
