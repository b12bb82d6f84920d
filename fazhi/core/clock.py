"""The legal date: the one place the shell reads the clock.

Domain code receives ``today`` as an argument; the shell passes ``legal_today()``. ``now()`` is the moment a step
happens (publication times, stamps); ``at_moment`` fixes it for a block — the demo generator dates its 2023 records
with it, and tests use it to step over a lottery draw. Requests never use it.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")

_moment: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("fazhi_moment", default=None)


def legal_today() -> dt.date:
    """Today in Asia/Shanghai: the day of the ``at_moment`` block, or the fixed FAZHI_LEGAL_TODAY (demos and
    tests), or the real date."""
    moment = _moment.get()
    if moment is not None:
        return moment.astimezone(SHANGHAI).date()
    fixed = getattr(settings, "FAZHI_LEGAL_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return timezone.now().astimezone(SHANGHAI).date()


def now() -> dt.datetime:
    """The current moment (aware), or the one fixed by ``at_moment``."""
    return _moment.get() or timezone.now()


@contextlib.contextmanager
def at_moment(moment: dt.datetime) -> Iterator[None]:
    """Run the enclosed steps as if at ``moment`` (an aware datetime): ``now()`` returns it."""
    if moment.tzinfo is None:
        raise ValueError("at_moment needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
