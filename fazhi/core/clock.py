"""The legal date: the one place the shell reads the clock.

Domain code receives ``today`` as an argument; the shell passes ``legal_today()``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def legal_today() -> dt.date:
    """Today in Asia/Shanghai, or the fixed FAZHI_LEGAL_TODAY (demos and tests)."""
    fixed = getattr(settings, "FAZHI_LEGAL_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return timezone.now().astimezone(SHANGHAI).date()


def now() -> dt.datetime:
    return timezone.now()
