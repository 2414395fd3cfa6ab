"""The one "today": the date in the site's time zone (TIME_ZONE, Asia/Shanghai).

An import asks for it for every row, so the date is remembered until the next minute or the
next local midnight, whichever comes first; it is never stale past midnight.
"""

import datetime
import time
from typing import Any

from django.utils import timezone

_TODAY: list[Any] = [0.0, None]  # [valid until (time.time()), the local date]


def today() -> datetime.date:
    now = time.time()
    if now >= _TODAY[0]:
        local = timezone.localtime()
        midnight = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=local.tzinfo
        )
        _TODAY[:] = [min(now + 60, midnight.timestamp()), local.date()]
    return _TODAY[1]


def forget() -> None:
    """Look the date up again on the next call (tests that change the clock)."""
    _TODAY[:] = [0.0, None]
