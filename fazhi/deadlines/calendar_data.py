"""Calendar years entered in the database, turned into rulebook ``YearTable`` values — without Django.

Kept free of Django so that ``fazhi deadline`` can read database years in a few milliseconds before (or
instead of) starting Django. Reading is optional and failure-tolerant: an unreachable or unmigrated database
means the repository tables alone are used, and the caller is told so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from fazhi.rulebook.calendar import YearTable

YEAR_SQL = (
    "SELECT year, instrument, notice_number, url, status, last_verified_on FROM deadlines_calendaryear "
    "WHERE complete = %s ORDER BY year"
)
DAY_SQL = (
    "SELECT y.year, d.date, d.kind, d.name FROM deadlines_calendarday d "
    "JOIN deadlines_calendaryear y ON y.id = d.calendar_year_id WHERE y.complete = %s ORDER BY d.date"
)


def year_tables_from_rows(years: Iterable[tuple[Any, ...]], days: Iterable[tuple[Any, ...]]) -> list[YearTable]:
    """``years``: (year, instrument, notice_number, url, status, last_verified_on);
    ``days``: (year, date, kind, name) with kind ``holiday`` or ``makeup_working``."""
    by_year: dict[int, dict[str, dict[Any, str]]] = {}
    for year, day, kind, name in days:
        bucket = by_year.setdefault(int(year), {"holidays": {}, "makeup_working_days": {}})
        bucket["holidays" if kind == "holiday" else "makeup_working_days"][_date(day)] = name
    tables = []
    for year, instrument, notice_number, url, status, verified in years:
        article = f"（{notice_number}）" if notice_number else "全文"
        citation: dict[str, Any] = {"instrument": instrument, "article": article}
        if url:
            citation["url"] = url
        data: Mapping[str, Any] = {
            "year": int(year),
            "citation": citation,
            "status": status,
            "last_verified_on": _date(verified),
            **by_year.get(int(year), {"holidays": {}, "makeup_working_days": {}}),
        }
        tables.append(YearTable.from_mapping(data, where=f"数据库 {year} 年", source="database"))
    return tables


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def read_database_years(database: Mapping[str, Any]) -> tuple[list[YearTable], str | None]:
    """Complete years from the database described by a Django ``DATABASES['default']`` dict, without Django.

    Returns ``(tables, warning)``; on any failure ``([], reason)`` so the caller falls back to the tables.
    """
    engine = str(database.get("ENGINE", ""))
    try:
        if engine.endswith("sqlite3"):
            import sqlite3

            name = str(database["NAME"])
            conn = sqlite3.connect(f"file:{name}?mode=ro", uri=True, timeout=2)
            try:
                sql_years, sql_days = YEAR_SQL.replace("%s", "?"), DAY_SQL.replace("%s", "?")
                years = conn.execute(sql_years, (1,)).fetchall()
                days = conn.execute(sql_days, (1,)).fetchall() if years else []
            finally:
                conn.close()
        elif "postgresql" in engine:
            import psycopg

            conn_pg = psycopg.connect(
                dbname=database.get("NAME"),
                user=database.get("USER") or None,
                password=database.get("PASSWORD") or None,
                host=database.get("HOST") or None,
                port=database.get("PORT") or None,
                connect_timeout=2,
            )
            with conn_pg:
                years = conn_pg.execute(YEAR_SQL, (True,)).fetchall()
                days = conn_pg.execute(DAY_SQL, (True,)).fetchall() if years else []
        else:
            return [], f"不支持的数据库类型 {engine}，仅使用规则库日历表"
        return year_tables_from_rows(years, days), None
    except Exception as exc:  # any failure means "tables only", reported to the caller
        return [], f"未能读取数据库中录入的节假日安排（{type(exc).__name__}），仅使用规则库日历表"


_LINE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s+(\S+?)\s+(休|班)\s*$")


def parse_day_lines(text: str, year: int) -> tuple[list[tuple[dt.date, str, str]], list[str]]:
    """Parse lines ``2027-01-01 元旦 休`` / ``2027-02-07 春节 班`` into ``(date, kind, name)``.

    Returns ``(days, errors)``; errors are Chinese, one per bad line (line number first). Checks: format,
    date inside ``year``, no duplicate dates, 班 only on a Saturday or Sunday.
    """
    days: list[tuple[dt.date, str, str]] = []
    errors: list[str] = []
    seen: set[dt.date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(f"第 {number} 行格式应为“YYYY-MM-DD 节日名称 休/班”：{line}")
            continue
        try:
            y, m, d = (int(p) for p in match.group(1).split("-"))
            day = dt.date(y, m, d)
        except ValueError:
            errors.append(f"第 {number} 行日期无效：{match.group(1)}")
            continue
        if day.year != year:
            errors.append(f"第 {number} 行：{day} 不属于 {year} 年")
            continue
        if day in seen:
            errors.append(f"第 {number} 行：{day} 重复")
            continue
        kind = "holiday" if match.group(3) == "休" else "makeup_working"
        if kind == "makeup_working" and day.weekday() < 5:
            errors.append(f"第 {number} 行：调休上班日 {day} 不是周六或周日，请核对通知")
            continue
        seen.add(day)
        days.append((day, kind, match.group(2)))
    return sorted(days), errors


def format_day_lines(table: YearTable) -> str:
    """The textarea form of a year table (to prefill corrections of a repository year)."""
    rows = [(d, n, "休") for d, n in table.holidays.items()] + [
        (d, n, "班") for d, n in table.makeup_working_days.items()
    ]
    return "\n".join(f"{d.isoformat()} {n} {k}" for d, n, k in sorted(rows))
