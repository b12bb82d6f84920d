"""The statutory calendar: which days are working days in China (ADR 0002).

Each year is data (``tables/calendar/<year>.yaml``): statutory holidays with their names and the make-up working
days (调休上班日) from the State Council notice. Any other Saturday or Sunday is a rest day, any other weekday a
working day. A year without data is *unknown*: asking about one of its days raises ``calendar.year_not_loaded``
— never a silent guess. ``as_provisional()`` opts into the *provisional calendar* explicitly (ADR 0007): the
statutory holidays of 《全国年节及纪念日放假办法》 Art. 2 (``fazhi.rulebook.holidays``), weekends, and around each
festival the days only the notice can settle — weekdays that may become 补假/调休 rest days and weekends that may
become 调休 working days. ``uncertain_as_working`` says how those count; the deadline engine computes both ways and
keeps the answer that favours whoever bears the period, and marks its result as provisional.

The Django side can add or correct years entered in the database: build ``YearTable`` values with
``YearTable.from_mapping`` and pass them to ``Calendar.build(extra_years=…)``; they replace table years of the
same number.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

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

CALENDAR_DIR = TABLES_DIR / "calendar"
_ONE_DAY = dt.timedelta(days=1)


class DayKind(enum.StrEnum):
    """What kind of day a date is for counting periods."""

    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKING = "makeup_working"
    # Only in a provisional calendar (a year without a notice): the notice may still change these days.
    POSSIBLE_REST = "possible_rest"  # a weekday near a festival that may become a 补假/调休 rest day
    POSSIBLE_WORKING = "possible_working"  # a Saturday/Sunday near a festival that may become a 调休 working day

    @property
    def label(self) -> str:
        return {
            "working": "工作日",
            "weekend": "周末",
            "holiday": "法定节假日",
            "makeup_working": "调休上班日",
            "possible_rest": "可能补假或调休的工作日（安排未公布）",
            "possible_working": "可能调休上班的周末（安排未公布）",
        }[self.value]

    @property
    def is_working(self) -> bool:
        """Certain working days only; an uncertain day's count depends on the calendar (``DayInfo.working``)."""
        return self in (DayKind.WORKING, DayKind.MAKEUP_WORKING)

    @property
    def is_uncertain(self) -> bool:
        return self in (DayKind.POSSIBLE_REST, DayKind.POSSIBLE_WORKING)


class DayInfo(NamedTuple):
    """``(kind, holiday name, counts as working)``; the name is set for holidays, make-up days and uncertain days."""

    kind: DayKind
    name: str | None
    working: bool


@dataclass(frozen=True, slots=True)
class YearTable:
    """One year of the official schedule: holidays and make-up working days, cited and dated."""

    year: int
    holidays: Mapping[dt.date, str]
    makeup_working_days: Mapping[dt.date, str]
    citation: Citation
    status: Status
    last_verified_on: dt.date
    source: str = "table"  # "table" (YAML in the repository) or e.g. "database" (entered by an administrator)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "calendar", source: str = "table") -> YearTable:
        """Parse the YAML structure (also used for years entered in the database) strictly.

        Keys: ``year``, ``citation`` {instrument, article, url?}, ``status``, ``last_verified_on``,
        ``holidays`` {date: name}, ``makeup_working_days`` {date: name}.
        """
        check_keys(
            where,
            data,
            required=("year", "citation", "status", "last_verified_on", "holidays", "makeup_working_days"),
        )
        year = data["year"]
        if not isinstance(year, int) or isinstance(year, bool):
            raise TableError("calendar.bad_year", f"{where}：year 应为整数年份", where=where)
        holidays = _parse_days(f"{where}.holidays", year, data["holidays"])
        makeup = _parse_days(f"{where}.makeup_working_days", year, data["makeup_working_days"])
        both = sorted(set(holidays) & set(makeup))
        if both:
            raise TableError(
                "calendar.day_both_kinds", f"{where}：{both[0]} 不能既是节假日又是调休上班日", where=where, day=both[0]
            )
        weekday_makeup = sorted(d for d in makeup if d.weekday() < 5)
        if weekday_makeup:
            # A make-up working day is by definition a Saturday or Sunday declared a working day.
            raise TableError(
                "calendar.makeup_on_weekday",
                f"{where}：调休上班日 {weekday_makeup[0]} 不是周末，请核对通知",
                where=where,
                day=weekday_makeup[0],
            )
        last_verified = parse_date(f"{where}.last_verified_on", data["last_verified_on"])
        assert last_verified is not None  # allow_none=False guarantees a date
        return cls(
            year=year,
            holidays=MappingProxyType(holidays),
            makeup_working_days=MappingProxyType(makeup),
            citation=parse_citation(where, data["citation"]),
            status=parse_status(f"{where}.status", data["status"]),
            last_verified_on=last_verified,
            source=source,
        )

    def fingerprint(self) -> str:
        """A stable text of the year's days (used to version calendars that include database years)."""
        h = ",".join(f"{d}:{n}" for d, n in sorted(self.holidays.items()))
        w = ",".join(f"{d}:{n}" for d, n in sorted(self.makeup_working_days.items()))
        return f"{self.year}|{h}|{w}"


def _parse_days(where: str, year: int, data: Any) -> dict[dt.date, str]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise TableError("table.not_mapping", f"{where}：应为 日期: 名称 的键值表", where=where)
    days: dict[dt.date, str] = {}
    for key, name in data.items():
        day = parse_date(where, key)
        assert day is not None
        if day.year != year:
            raise TableError(
                "calendar.day_outside_year",
                f"{where}：{day} 不属于 {year} 年，请放入对应年份的表",
                where=where,
                day=day,
            )
        if not isinstance(name, str) or not name.strip():
            raise TableError("calendar.missing_name", f"{where}：{day} 缺少节日名称", where=where, day=day)
        days[day] = name.strip()
    return days


def load_year_tables(directory: Path = CALENDAR_DIR) -> dict[int, YearTable]:
    """Load every ``<year>.yaml`` in ``directory`` strictly; the file name must match its ``year``."""
    years: dict[int, YearTable] = {}
    for path in sorted(directory.glob("*.yaml")):
        table = YearTable.from_mapping(load_yaml(path) or {}, where=f"calendar/{path.name}")
        if path.stem != str(table.year):
            raise TableError(
                "calendar.file_name_mismatch",
                f"calendar/{path.name}：文件名应为 {table.year}.yaml",
                file=path.name,
                year=table.year,
            )
        years[table.year] = table
    return years


@dataclass(frozen=True, slots=True, eq=False)
class Calendar:
    """Frozen statutory calendar over the loaded years. Build with ``Calendar.build`` or ``default_calendar()``.

    With ``provisional=True`` days of unknown years are judged by weekday only (Saturday/Sunday rest) instead of
    raising ``calendar.year_not_loaded``; callers must then mark their results as provisional.
    """

    years: Mapping[int, YearTable]
    provisional: bool = False
    _special: Mapping[dt.date, DayInfo] = field(default_factory=dict, repr=False)
    # Empty for the repository tables alone; ``+cal-<hash>`` when some years come from elsewhere (the database),
    # so that the stored rulebook version of a deadline tells which calendar produced it.
    version_suffix: str = ""
    # In a provisional calendar: do uncertain days (补假/调休 not yet announced) count as working days?
    uncertain_as_working: bool = False

    @classmethod
    def build(cls, tables: Mapping[int, YearTable] | None = None, *, extra_years: Iterable[YearTable] = ()) -> Calendar:
        """A calendar from year tables (default: the repository's) plus extra years that replace same-numbered ones."""
        years = dict(load_year_tables() if tables is None else tables)
        for table in extra_years:
            years[table.year] = table
        special: dict[dt.date, DayInfo] = {}
        for table in years.values():
            for day, name in table.holidays.items():
                special[day] = DayInfo(DayKind.HOLIDAY, name, False)
            for day, name in table.makeup_working_days.items():
                special[day] = DayInfo(DayKind.MAKEUP_WORKING, name, True)
        foreign = sorted(t.fingerprint() for t in years.values() if t.source != "table")
        suffix = "+cal-" + hashlib.sha256("\n".join(foreign).encode()).hexdigest()[:8] if foreign else ""
        return cls(MappingProxyType(dict(sorted(years.items()))), False, MappingProxyType(special), suffix)

    def as_provisional(self, *, uncertain_as_working: bool = False) -> Calendar:
        """The same calendar, judging unknown years by the statutory skeleton (ADR 0007).

        ``uncertain_as_working=False`` counts every day the notice may still make a rest day as a rest day (the
        latest possible end of a forward working-day count); ``True`` the opposite (the earliest).
        """
        return Calendar(self.years, True, self._special, self.version_suffix, uncertain_as_working)

    @property
    def loaded_years(self) -> tuple[int, ...]:
        """The years with data, ascending."""
        return tuple(self.years)

    def has_year(self, year: int) -> bool:
        return year in self.years

    def missing_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """Years between two dates (inclusive, any order) that have no data."""
        low, high = sorted((first.year, last.year))
        return tuple(y for y in range(low, high + 1) if y not in self.years)

    def day_kind(self, day: dt.date) -> DayInfo:
        """``(kind, holiday name, working)`` of a day; raises ``calendar.year_not_loaded`` for an unknown year."""
        if day.year not in self.years:
            if not self.provisional:
                raise RulebookError(
                    "calendar.year_not_loaded",
                    f"{day.year} 年的节假日安排尚未载入。国务院办公厅通知公布后，请由系统管理员在“节假日安排”页面录入"
                    f"或导入 {day.year} 年安排；在此之前可选择按法定节日临时计算（结果标为临时）。",
                    year=day.year,
                )
            return self._provisional_day(day)
        info = self._special.get(day)
        if info is not None:
            return info
        return _WEEKEND if day.weekday() >= 5 else _WORKING

    def _provisional_day(self, day: dt.date) -> DayInfo:
        from fazhi.rulebook.holidays import provisional_year

        year = provisional_year(day.year)
        name = year.holidays.get(day)
        if name is not None:
            return DayInfo(DayKind.HOLIDAY, name, False)
        name = year.possible_rest.get(day)
        if name is not None:
            return DayInfo(DayKind.POSSIBLE_REST, name, self.uncertain_as_working)
        name = year.possible_working.get(day)
        if name is not None:
            return DayInfo(DayKind.POSSIBLE_WORKING, name, self.uncertain_as_working)
        return _WEEKEND if day.weekday() >= 5 else _WORKING

    def is_working_day(self, day: dt.date) -> bool:
        """True on ordinary weekdays and make-up working days; False on weekends and statutory holidays."""
        return self.day_kind(day).working

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += _ONE_DAY
        while not self.day_kind(day).working:
            day += _ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted, ADR 0002).

        ``n == 0`` returns ``start``; a negative ``n`` counts backwards (the ``|n|``-th working day before).
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.day_kind(day).working:
                remaining -= 1
        return day

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in ``(first, last]``; negative (the count in ``(last, first]``) when ``last < first``."""
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first + _ONE_DAY
        while day <= last:
            if self.day_kind(day).working:
                count += 1
            day += _ONE_DAY
        return sign * count


_WORKING = DayInfo(DayKind.WORKING, None, True)
_WEEKEND = DayInfo(DayKind.WEEKEND, None, False)


@functools.cache
def default_calendar() -> Calendar:
    """The repository's calendar tables, loaded once per process."""
    return Calendar.build()
