"""What the database can store exactly (issue #11: refuse, never cut, round or crash).

Every write path (page, API, import, task) ends in a save; before a row of the project's
models is saved (`pre_save`, connected in core's AppConfig) and before the importers'
bulk inserts (`check_storable` per row), each concrete field's value is checked:

- text: no NUL character (PostgreSQL cannot store it), at most `max_length` characters
  (SQLite would store all of it, PostgreSQL would raise);
- a field with choices: one of its codes;
- numbers: within the column's range (an integer past 64 bits crashed SQLite, past 32 bits
  PostgreSQL), a decimal with no more places or digits than the column has (never rounded);
- a foreign key: an id within its column's range.

A broken value raises ApplicationError on the field, with the field's label, in Chinese: the
page shows it on the field, the API answers 400 with `field`, the import rejects the row.
Domain rules (a name's characters, a date's range) are the apps' `rules.py`; this is only
what any column can hold.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .errors import ApplicationError

ID_MAX = 2**63 - 1  # a BIGINT primary key; ids past it are no row's


def id_in_range(value: Any) -> bool:
    """Whether `value` could be a row's id (a lookup of one that cannot raises on SQLite)."""
    try:
        return 1 <= int(value) <= ID_MAX
    except (TypeError, ValueError, OverflowError):
        return False


def _label(field: models.Field) -> str:
    return str(field.verbose_name or field.name)


def _refuse(field: models.Field, message: str) -> ApplicationError:
    return ApplicationError(f"{_label(field)}：{message}", field=field.name)


def _check_text(field: models.Field, value: str) -> None:
    if "\x00" in value:
        raise _refuse(field, "含有无法保存的控制字符（NUL），请删除后重试。")
    limit = getattr(field, "max_length", None)
    if limit and len(value) > limit:
        raise _refuse(field, f"最多{limit}个字符，现有{len(value)}个。")


def _check_choice(field: models.Field, value: Any) -> None:
    if value in ("", None) and field.blank:
        return
    codes = {str(code) for code, _label_ in field.flatchoices}
    if str(value) not in codes:
        shown = "、".join(f"{code}（{label}）" for code, label in field.flatchoices[:12])
        raise _refuse(field, f"「{value}」不是有效的选项，应为：{shown}。")


def _check_number(field: models.Field, value: Any) -> None:
    try:
        number = field.to_python(value)
        if isinstance(number, Decimal) and not number.is_finite():
            raise ValidationError("不是有限的数。")
        field.run_validators(number)  # the column's range, digits and decimal places
    except ValidationError as exc:
        raise _refuse(field, " ".join(exc.messages)) from exc


def check_field(field: models.Field, value: Any) -> None:
    if value is None:
        return
    if isinstance(field, models.ForeignKey):
        if not id_in_range(value):
            raise _refuse(field, "所选记录不存在。")
        return
    if isinstance(value, str):
        _check_text(field, value)
    if field.choices:
        _check_choice(field, value)
    elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        _check_number(field, value)


def check_storable(instance: models.Model, fields: Any = None) -> None:
    """ApplicationError on the first field of `instance` the database cannot store exactly
    (`fields`: the names to check, e.g. a save's update_fields; default all)."""
    names = set(fields) if fields is not None else None
    for field in instance._meta.concrete_fields:
        if field.primary_key or (names is not None and field.name not in names):
            continue
        check_field(field, getattr(instance, field.attname))


def check_before_save(sender: type, instance: models.Model, update_fields=None, raw=False, **_):
    """The pre_save receiver for the project's models (fixtures loaded raw are trusted)."""
    if raw or not sender.__module__.startswith("gonghui."):
        return
    check_storable(instance, update_fields)
