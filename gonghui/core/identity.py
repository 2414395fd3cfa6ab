"""A person's RIC and phone as stored (domain-rules §12): encrypted, keyed hash, last 4 in clear.

Models take the columns from `ric_columns()` / `phone_columns()` (abstract models), and every
write — services, importers, the worker pages — fills them with `identity_values()`, so all
of them store the same thing. Exact lookup and uniqueness use the hash (`ric_hash`,
`phone_hash`), never the clear value.
"""

import re
from functools import cache
from typing import Any

from django.db import models

from .crypto import EncryptedTextField, blind_index, encrypt
from .errors import ApplicationError
from .ids import InvalidID, RicFacts, normalize_code, ric_validate

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def ric_hash(ric: str) -> str:
    return blind_index(ric, purpose="ric")


def phone_hash(phone: str) -> str:
    return blind_index(phone, purpose="phone") if phone else ""


def search_hashes(ric: str = "", phone: str = "") -> dict[str, str]:
    """A whole RIC and/or phone as the keyed hashes a list is searched by (issue #12: the
    number itself never goes into a URL, a job's filters or the audit log);
    ApplicationError on the field when a number is not whole."""
    ric, phone = normalize_code(ric or ""), (phone or "").strip()
    if not ric and not phone:
        raise ApplicationError("请输入完整的身份证号或手机号。", field="ric")
    if ric and len(ric) != 18:
        raise ApplicationError("身份证号应为18位。", field="ric")
    phone = normalize_phone(phone, field="phone")
    found = {"ric_hash": ric_hash(ric) if ric else "", "phone_hash": phone_hash(phone)}
    return {key: value for key, value in found.items() if value}


def normalize_phone(raw: object, *, field: str = "phone") -> str:
    """Mobile number as 11 digits; '' when empty; ApplicationError when not a mobile number."""
    phone = normalize_code(raw).removeprefix("+86").removeprefix("86") if raw else ""
    if phone and not PHONE_RE.match(phone):
        raise ApplicationError("手机号应为11位数字、以1开头。", field=field)
    return phone


def ric_checked(raw: object, *, field: str = "ric") -> RicFacts:
    """A valid RIC, or ApplicationError with the reason on `field`."""
    try:
        return ric_validate(raw)
    except InvalidID as exc:
        raise ApplicationError(exc.message, field=field) from exc


def normalize_account(raw: object, *, field: str = "account") -> str:
    """A bank account as its digits ('' when empty); ApplicationError unless 8 to 30 digits."""
    digits = "".join(str(raw or "").split())
    if digits and not (digits.isdigit() and 8 <= len(digits) <= ACCOUNT_MAX_LENGTH):
        raise ApplicationError("银行账号应为8至30位数字。", field=field)
    return digits


def identity_values(
    *,
    ric: str | None = None,
    phone: str | None = None,
    account: str | None = None,
    ric_field: str = "ric",
    phone_field: str = "phone",
    account_field: str = "account",
    encrypted: bool = False,
) -> dict[str, str]:
    """Column values for a validated RIC, phone and/or bank account ('' clears; an account
    as `normalize_account` gives it, hashed as the assistance grants' are). `encrypted=True`
    gives the stored ciphertext for raw SQL writes (the model field encrypts by itself)."""
    values: dict[str, str] = {}
    if account is not None:
        values[account_field] = (encrypt(account) if encrypted else account) if account else ""
        values[f"{account_field}_hash"] = blind_index(account, purpose="account") if account else ""
        values[f"{account_field}_last4"] = account[-4:]
    if ric is not None:
        values[ric_field] = (encrypt(ric) if encrypted else ric) if ric else ""
        # written out, not through ric_hash(): an import runs this for every row
        values[f"{ric_field}_hash"] = blind_index(ric, purpose="ric") if ric else ""
        values[f"{ric_field}_last4"] = ric[-4:]
    if phone is not None:
        values[phone_field] = (encrypt(phone) if encrypted else phone) if phone else ""
        values[f"{phone_field}_hash"] = blind_index(phone, purpose="phone") if phone else ""
        values[f"{phone_field}_last4"] = phone[-4:]
    return values


def set_identity(obj: models.Model, **kwargs: Any) -> None:
    """`identity_values(**kwargs)` onto a model instance."""
    for column, value in identity_values(**kwargs).items():
        setattr(obj, column, value)


# The clear text's length (core.storable checks it before the value is encrypted): a RIC
# is 18 characters once checked; a mobile number 11 digits, with room for a landline.
RIC_LENGTH = 18
PHONE_MAX_LENGTH = 20


def _columns(kind: str, name: str, label: str, max_length: int) -> type[models.Model]:
    """Abstract model with `<name>` (encrypted), `<name>_hash` and `<name>_last4`."""
    meta = type("Meta", (), {"abstract": True})
    fields = {
        name: EncryptedTextField(label, max_length=max_length, blank=True),
        f"{name}_hash": models.CharField(max_length=64, blank=True, db_index=True, editable=False),
        f"{name}_last4": models.CharField(
            f"{label}后4位", max_length=4, blank=True, editable=False
        ),
    }
    return type(f"{kind}_{name}", (models.Model,), {**fields, "Meta": meta, "__module__": __name__})


@cache
def ric_columns(name: str = "ric", label: str = "身份证号") -> type[models.Model]:
    """A person's RIC: `<name>` (encrypted), `<name>_hash` (lookup), `<name>_last4` (search)."""
    return _columns("RicColumns", name, label, RIC_LENGTH)


@cache
def phone_columns(name: str = "phone", label: str = "手机号") -> type[models.Model]:
    """A phone number: `<name>` (encrypted), `<name>_hash` (lookup), `<name>_last4` (search)."""
    return _columns("PhoneColumns", name, label, PHONE_MAX_LENGTH)


# A bank account number: 8 to 30 digits (a card 16 or 19, a passbook or company account more).
ACCOUNT_MAX_LENGTH = 30


@cache
def account_columns(name: str = "account", label: str = "银行账号") -> type[models.Model]:
    """A bank account: `<name>` (encrypted), `<name>_hash` (lookup), `<name>_last4`."""
    return _columns("AccountColumns", name, label, ACCOUNT_MAX_LENGTH)


def mask(last4: str) -> str:
    """What a role without the full view sees: the last four behind stars."""
    return f"****{last4}" if last4 else ""
