"""The legal-education calendar (普法宣传日历): theme days, weeks and months, and whether an event's date falls
in its theme's period of that year.

Pure: reads ``tables/education/calendar.yaml``. A theme's ``day`` is the legally or officially fixed day (with its
citation and status); its ``window`` is the period in which the bureau counts an event under that theme — the
official period where one is published (宪法宣传周 1–7 December, 质量月 September), otherwise the bureau's own
counting rule around the day, whose status is UNCONFIRMED. ``check_event_date`` therefore *refuses* a date outside
a TEXT/SECONDARY window and only *warns* outside an UNCONFIRMED one (an UNCONFIRMED value may propose, never
decide alone). Themes whose yearly dates are not on record only require the event to fall in the year.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import (
    TABLES_DIR,
    Citation,
    Status,
    check_keys,
    load_yaml,
    parse_citation,
    parse_date,
    parse_status,
)

CALENDAR_FILE = TABLES_DIR / "education" / "calendar.yaml"
_THEME_KEYS = (
    "id",
    "name",
    "day",
    "day_citation",
    "day_status",
    "window",
    "window_citation",
    "window_status",
    "last_verified_on",
)


@dataclass(frozen=True, slots=True)
class Window:
    """Either fixed month-days (``start``/``end`` as (month, day)) or days around the theme day."""

    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None
    before_days: int = 0
    after_days: int = 0


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    name: str
    day: tuple[int, int] | None
    day_citation: Citation
    day_status: Status
    window: Window | None
    window_citation: Citation
    window_status: Status
    last_verified_on: dt.date

    def period(self, year: int) -> tuple[dt.date, dt.date] | None:
        """The theme's period in ``year`` (inclusive), or None when no dates are on record."""
        if self.window is None:
            return None
        if self.window.start is not None and self.window.end is not None:
            return dt.date(year, *self.window.start), dt.date(year, *self.window.end)
        assert self.day is not None
        day = dt.date(year, *self.day)
        return day - dt.timedelta(days=self.window.before_days), day + dt.timedelta(days=self.window.after_days)

    def theme_day(self, year: int) -> dt.date | None:
        return dt.date(year, *self.day) if self.day else None


@dataclass(frozen=True, slots=True)
class DateCheck:
    """``ok`` False = refused; ``warning`` set = accepted outside an UNCONFIRMED period (shown to the user)."""

    ok: bool
    period: tuple[dt.date, dt.date] | None
    status: Status
    citation: Citation
    warning: str = ""
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "status": self.status.value,
            "citation": self.citation.as_dict(),
            "warning": self.warning,
        }


def _month_day(where: str, value: Any) -> tuple[int, int]:
    try:
        month, day = (int(p) for p in str(value).split("-"))
        dt.date(2000, month, day)  # leap year: 02-29 allowed
    except (ValueError, TypeError):
        raise TableError("table.bad_date", f"{where}：月日应写作 MM-DD，得到 {value!r}", where=where) from None
    return month, day


def _parse_theme(where: str, row: Any) -> Theme:
    check_keys(where, row, required=_THEME_KEYS)
    day = None
    if row["day"] is not None:
        check_keys(f"{where}.day", row["day"], required=("month", "day"))
        day = _month_day(f"{where}.day", f"{row['day']['month']}-{row['day']['day']}")
    window = None
    raw = row["window"]
    if raw is not None:
        if "from" in raw or "to" in raw:
            check_keys(f"{where}.window", raw, required=("from", "to"))
            start, end = _month_day(f"{where}.window", raw["from"]), _month_day(f"{where}.window", raw["to"])
            if end < start:
                raise TableError("table.bad_window", f"{where}：期间的结束早于开始", where=where)
            window = Window(start=start, end=end)
        else:
            check_keys(f"{where}.window", raw, required=("before_days", "after_days"))
            if day is None:
                raise TableError("table.bad_window", f"{where}：按主题日前后计算的期间需要 day", where=where)
            before, after = int(raw["before_days"]), int(raw["after_days"])
            if not (0 <= before <= 31 and 0 <= after <= 31):
                raise TableError("table.bad_window", f"{where}：前后天数应在 0–31 之间", where=where)
            window = Window(before_days=before, after_days=after)
    return Theme(
        id=str(row["id"]),
        name=str(row["name"]),
        day=day,
        day_citation=parse_citation(where, row["day_citation"]),
        day_status=parse_status(where, row["day_status"]),
        window=window,
        window_citation=parse_citation(where, row["window_citation"]),
        window_status=parse_status(where, row["window_status"]),
        last_verified_on=parse_date(f"{where}.last_verified_on", row["last_verified_on"]),  # type: ignore[arg-type]
    )


def load_calendar(path: Path = CALENDAR_FILE) -> tuple[Theme, ...]:
    """Load and check the calendar strictly (unknown keys, bad dates, missing citations, duplicate ids)."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "themes"))
    themes = tuple(_parse_theme(f"{path.name}#themes[{i}]", row) for i, row in enumerate(data["themes"] or []))
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids):
        raise TableError("table.duplicate_id", f"{path.name}：主题代码重复", where=path.name)
    return themes


@functools.lru_cache(maxsize=1)
def calendar() -> tuple[Theme, ...]:
    return load_calendar()


def check_tables() -> None:
    load_calendar()


def theme(theme_id: str) -> Theme:
    for item in calendar():
        if item.id == theme_id:
            return item
    raise RulebookError("education.unknown_theme", f"普法日历中没有主题“{theme_id}”，请从列表中选择", theme=theme_id)


def check_event_date(theme_id: str, on: dt.date) -> DateCheck:
    """Whether an event held ``on`` may count under ``theme_id``.

    Outside a TEXT/SECONDARY period → refused (``ok`` False, the message says which period); outside an
    UNCONFIRMED period → accepted with a warning; no period on record → accepted.
    """
    item = theme(theme_id)
    period = item.period(on.year)
    if period is None:
        return DateCheck(True, None, item.window_status, item.window_citation, warning="", message="")
    start, end = period
    if start <= on <= end:
        return DateCheck(True, period, item.window_status, item.window_citation)
    text = f"{item.name}的期间为 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    if item.window_status == Status.UNCONFIRMED:
        return DateCheck(
            True, period, item.window_status, item.window_citation, warning=f"活动日期不在{text}（本局统计口径）内"
        )
    return DateCheck(
        False, period, item.window_status, item.window_citation, message=f"活动日期不在{text}内，请核对日期或主题"
    )
