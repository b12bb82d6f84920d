"""The statutory holiday skeleton for years whose State Council notice is not out (provisional calendar, ADR 0007).

《全国年节及纪念日放假办法》 Art. 2 fixes the holidays of every year (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆); the
lunar dates and the solar term 清明 are computed with ``lunar-python`` (pure Python). Art. 6 (a holiday falling on a
Saturday or Sunday is made up on a working day) and Art. 7 (统一放假调休) leave *which* days to the yearly notice, so
the days around each festival are uncertain: a weekday may become a rest day (补假/调休), a weekend a working day
(调休上班). The table ``tables/holidays/statutory_holidays.yaml`` holds the dated versions of Art. 2 and the
uncertainty windows; the deadline engine resolves uncertain days in the direction that favours the party who
bears the period (``fazhi.rulebook.deadlines``, ADR 0007).

Public API::

    statutory_holidays(year) -> dict[date, str]          provisional_year(year) -> ProvisionalYear
    skeleton_version(year) -> SkeletonVersion             check_tables() -> dict[str, int]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import (
    TABLES_DIR,
    Citation,
    Status,
    check_keys,
    check_no_overlap,
    load_yaml,
    parse_citation,
    parse_date,
    parse_status,
)

HOLIDAYS_FILE = TABLES_DIR / "holidays" / "statutory_holidays.yaml"
_ONE_DAY = dt.timedelta(days=1)
_DAY_SPEC = re.compile(r"^(solar:(\d\d)-(\d\d)|lunar:(\d\d)-(\d\d)|lunar:eve|term:(\S+))$")
_WINDOW_KEYS = ("rest_before", "rest_after", "work_before", "work_after")


@dataclass(frozen=True, slots=True)
class Festival:
    """One holiday of Art. 2 with its days written as specs (``solar:10-01``, ``lunar:eve``, ``term:清明`` …)."""

    name: str
    days: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkeletonVersion:
    """One version of Art. 2 (which days are holidays for all citizens)."""

    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    festivals: tuple[Festival, ...]
    note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class Window:
    """Natural days before the first / after the last statutory day of a festival where 补假/调休 may fall."""

    rest_before: int
    rest_after: int
    work_before: int
    work_after: int


@dataclass(frozen=True, slots=True)
class WindowVersion:
    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    status: Status
    last_verified_on: dt.date
    windows: Mapping[str, Window]
    note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class ProvisionalYear:
    """What the law alone says about a year without a notice.

    ``holidays``: the statutory days of Art. 2 (certain). ``possible_rest``: weekdays that the notice may turn into
    rest days (补假, 调休). ``possible_working``: Saturdays/Sundays it may turn into working days (调休上班). Each maps
    a date to the festival it belongs to.
    """

    year: int
    holidays: Mapping[dt.date, str]
    possible_rest: Mapping[dt.date, str]
    possible_working: Mapping[dt.date, str]
    skeleton: SkeletonVersion
    windows: WindowVersion

    @property
    def citation(self) -> Citation:
        return self.skeleton.citation


def _parse_meta(where: str, row: Mapping[str, Any]) -> dict[str, Any]:
    effective_from = parse_date(f"{where}.effective_from", row["effective_from"])
    effective_to = parse_date(f"{where}.effective_to", row["effective_to"], allow_none=True)
    verified = parse_date(f"{where}.last_verified_on", row["last_verified_on"])
    assert effective_from is not None and verified is not None
    if effective_to is not None and effective_to <= effective_from:
        raise TableError("table.bad_period", f"{where}：effective_to 应晚于 effective_from", where=where)
    return {
        "id": str(row["id"]),
        "effective_from": effective_from,
        "effective_to": effective_to,
        "citation": parse_citation(where, row["citation"]),
        "status": parse_status(f"{where}.status", row["status"]),
        "last_verified_on": verified,
        "note": str(row.get("note") or ""),
    }


_META = ("id", "effective_from", "effective_to", "citation", "status", "last_verified_on")


def load_statutory_tables(
    path: Path = HOLIDAYS_FILE,
) -> tuple[tuple[SkeletonVersion, ...], tuple[WindowVersion, ...]]:
    """Load the Art. 2 versions and the uncertainty windows strictly."""
    data = load_yaml(path)
    check_keys(path.name, data, required=("instrument", "versions", "provisional_windows"))
    versions: list[SkeletonVersion] = []
    for i, row in enumerate(data["versions"] or ()):
        where = f"holidays/{path.name} versions[{i}]"
        check_keys(where, row, required=(*_META, "holidays"), optional=("note",))
        festivals: list[Festival] = []
        for j, item in enumerate(row["holidays"] or ()):
            fwhere = f"{where}.holidays[{j}]"
            check_keys(fwhere, item, required=("name", "days"))
            specs = tuple(str(s) for s in item["days"] or ())
            if not specs:
                raise TableError("holidays.no_days", f"{fwhere}：节日至少有一天", where=fwhere)
            for spec in specs:
                if not _DAY_SPEC.match(spec):
                    raise TableError(
                        "holidays.bad_day_spec",
                        f"{fwhere}：无法识别的日期写法 {spec!r}（solar:MM-DD、lunar:MM-DD、lunar:eve、term:节气）",
                        where=fwhere,
                    )
            festivals.append(Festival(str(item["name"]), specs))
        if len({f.name for f in festivals}) != len(festivals):
            raise TableError("holidays.duplicate_festival", f"{where}：节日名称重复", where=where)
        versions.append(SkeletonVersion(festivals=tuple(festivals), **_parse_meta(where, row)))
    windows: list[WindowVersion] = []
    for i, row in enumerate(data["provisional_windows"] or ()):
        where = f"holidays/{path.name} provisional_windows[{i}]"
        check_keys(where, row, required=(*_META, "windows"), optional=("note",))
        parsed: dict[str, Window] = {}
        for name, item in (row["windows"] or {}).items():
            wwhere = f"{where}.windows.{name}"
            check_keys(wwhere, item, required=_WINDOW_KEYS)
            values = [item[k] for k in _WINDOW_KEYS]
            if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
                raise TableError("holidays.bad_window", f"{wwhere}：窗口天数应为非负整数", where=wwhere)
            parsed[str(name)] = Window(*values)
        windows.append(WindowVersion(windows=MappingProxyType(parsed), **_parse_meta(where, row)))
    if not versions or not windows:
        raise TableError("holidays.empty", f"holidays/{path.name}：至少需要一个版本和一组窗口", file=path.name)
    check_no_overlap("holidays versions", [(v.effective_from, v.effective_to) for v in versions])
    check_no_overlap("holidays provisional_windows", [(w.effective_from, w.effective_to) for w in windows])
    names = {f.name for v in versions for f in v.festivals}
    for w in windows:
        missing = sorted(names - set(w.windows))
        if missing:
            raise TableError(
                "holidays.window_missing",
                f"holidays/{path.name}：窗口 {w.id} 缺少节日 {'、'.join(missing)}",
                file=path.name,
            )
    return tuple(sorted(versions, key=lambda v: v.effective_from)), tuple(windows)


@functools.cache
def _tables() -> tuple[tuple[SkeletonVersion, ...], tuple[WindowVersion, ...]]:
    return load_statutory_tables()


def skeleton_version(year: int) -> SkeletonVersion:
    """The version of Art. 2 in force on 1 January of ``year``; ``holidays.no_version`` before the first one."""
    jan1 = dt.date(year, 1, 1)
    for version in _tables()[0]:
        if version.in_force_on(jan1):
            return version
    raise RulebookError(
        "holidays.no_version",
        f"{year} 年没有收录《全国年节及纪念日放假办法》的适用版本，不能临时计算，请载入当年节假日安排。",
        year=year,
    )


def _window_version(year: int) -> WindowVersion:
    jan1 = dt.date(year, 1, 1)
    for version in _tables()[1]:
        if version.in_force_on(jan1):
            return version
    raise RulebookError(
        "holidays.no_version", f"{year} 年没有临时日历的补假调休窗口，请载入当年节假日安排。", year=year
    )


def _solar(lunar: Any) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _resolve(spec: str, year: int) -> dt.date:
    from lunar_python import Lunar, Solar  # imported lazily: only provisional computations need it

    match = _DAY_SPEC.match(spec)
    assert match is not None  # checked by the loader
    if match.group(2):
        return dt.date(year, int(match.group(2)), int(match.group(3)))
    if match.group(4):
        return _solar(Lunar.fromYmd(year, int(match.group(4)), int(match.group(5))))
    if spec == "lunar:eve":
        return _solar(Lunar.fromYmd(year, 1, 1)) - _ONE_DAY
    term = match.group(6)
    # The term's date in this solar year: look it up in the tables of the lunar years around 1 July.
    for probe in (Solar.fromYmd(year, 7, 1), Solar.fromYmd(year, 1, 15)):
        found = probe.getLunar().getJieQiTable().get(term)
        if found is not None and found.getYear() == year:
            return dt.date(found.getYear(), found.getMonth(), found.getDay())
    raise RulebookError("holidays.unknown_term", f"无法计算 {year} 年的节气 {term}", term=term, year=year)


@functools.cache
def festival_days(year: int) -> tuple[tuple[str, tuple[dt.date, ...]], ...]:
    """Each festival of Art. 2 with its statutory days in ``year`` (in table order)."""
    version = skeleton_version(year)
    return tuple((f.name, tuple(sorted(_resolve(s, year) for s in f.days))) for f in version.festivals)


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The days off for all citizens that Art. 2 fixes for ``year`` (the notice may add more, never fewer).

    Two festivals may fall on one day (中秋节 on 10月1日—3日, as in 2020 and 2028): the day carries both names.
    """
    out: dict[dt.date, str] = {}
    for name, days in festival_days(year):
        for day in days:
            out[day] = f"{out[day]}、{name}" if day in out else name
    return out


@functools.cache
def provisional_year(year: int) -> ProvisionalYear:
    """The statutory holidays of ``year`` and the days whose kind only the notice can settle.

    Festivals of the neighbouring years are included, because a notice may reach across New Year (e.g. the 2019
    notice made 2018-12-31 a rest day).
    """
    windows = _window_version(year)
    holidays = statutory_holidays(year)
    possible_rest: dict[dt.date, str] = {}
    possible_working: dict[dt.date, str] = {}
    for source_year in (year - 1, year, year + 1):
        try:
            festivals = festival_days(source_year)
        except RulebookError:
            continue  # no Art. 2 version for a neighbouring year: it contributes no window
        for name, days in festivals:
            window = windows.windows[name]
            first, last = days[0], days[-1]
            day = first - dt.timedelta(days=max(window.rest_before, window.work_before))
            end = last + dt.timedelta(days=max(window.rest_after, window.work_after))
            while day <= end:
                if day.year == year and day not in holidays:
                    before, after = (first - day).days, (day - last).days
                    weekend = day.weekday() >= 5
                    if weekend and (before <= window.work_before and after <= window.work_after):
                        possible_working.setdefault(day, name)
                    elif not weekend and (before <= window.rest_before and after <= window.rest_after):
                        possible_rest.setdefault(day, name)
                day += _ONE_DAY
    return ProvisionalYear(
        year=year,
        holidays=MappingProxyType(holidays),
        possible_rest=MappingProxyType(dict(sorted(possible_rest.items()))),
        possible_working=MappingProxyType(dict(sorted(possible_working.items()))),
        skeleton=skeleton_version(year),
        windows=windows,
    )


def check_tables() -> dict[str, int]:
    """Load the statutory-holiday table strictly and compute one year with each version (for make test)."""
    versions, windows = load_statutory_tables()
    for version in versions:
        festival_days(version.effective_from.year)
    return {"holiday_versions": len(versions), "provisional_windows": len(windows)}
