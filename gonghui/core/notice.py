"""What every public notice (公示) shares: how an objection came in and what its check found.

Used by merit's honor rounds and democracy's rating rounds; the period itself is counted in
working days with `core.calendar.add_workdays`.
"""

from django.db import models


class Channel(models.TextChoices):
    """How an objection came in (domain-rules §11: letter, phone, visit; real-name)."""

    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上提交"


class ObjectionState(models.TextChoices):
    OPEN = "open", "待核实"
    UPHELD = "upheld", "反映属实"
    DISMISSED = "dismissed", "反映不属实"
