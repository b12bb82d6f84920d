"""A year's holiday schedule entered by an administrator — on the calendar screen or from a file
(``fazhi calendar import FILE``, docs/formats/calendar-year.md) — and the recompute it triggers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from fazhi.core.audit import audit_record, diff
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines.calendar_data import year_tables_from_rows
from fazhi.deadlines.models import CalendarDay, CalendarYear
from fazhi.deadlines.services.recompute import RecomputeReport, deadlines_recompute
from fazhi.rulebook.calendar import YearTable
from fazhi.rulebook.errors import RulebookError


@dataclass(frozen=True)
class CalendarSaveResult:
    calendar_year: CalendarYear
    created: bool
    report: RecomputeReport | None


def calendar_year_save(
    *,
    year: int,
    days: Sequence[tuple[dt.date, str, str]],
    instrument: str,
    notice_number: str = "",
    url: str = "",
    status: str = "TEXT",
    last_verified_on: dt.date,
    complete: bool,
    actor: Any = None,
    source: str = "screen",
) -> CalendarSaveResult:
    """Store (create or replace) a year's holidays and make-up days; when complete, recompute open deadlines.

    ``days`` are ``(date, "holiday"|"makeup_working", name)``, already parsed (``calendar_data.parse_day_lines``
    or ``calendar_year_import``). The year replaces the repository table of the same year in full, so enter
    every day of the notice. Saving a complete year recomputes every open deadline — provisional ones become
    final — and the report lists each change.
    """
    if not 2000 <= year <= 2100:
        raise DomainError("calendar.bad_year", "年份应在 2000 至 2100 之间", field="year")
    if any(d.year != year for d, _k, _n in days):
        raise DomainError("calendar.day_outside_year", f"所有日期都应属于 {year} 年", field="days")
    if len({d for d, _k, _n in days}) != len(days):
        raise DomainError("calendar.duplicate_day", "日期重复", field="days")
    if complete and not any(k == "holiday" for _d, k, _n in days):
        raise DomainError("calendar.year_empty", "声明完整的年份至少应有一个法定节假日", field="days")
    if not instrument.strip():
        raise DomainError("calendar.missing_instrument", "请填写通知名称", field="instrument")
    if last_verified_on.year < year - 1:
        raise DomainError(
            "calendar.bad_verified_on",
            f"核对日期不能早于 {year - 1} 年（通知通常在上一年 11 月公布）",
            field="last_verified_on",
        )
    try:  # the rulebook's own strict check (make-up days on weekends, names …)
        year_tables_from_rows(
            [(year, instrument, notice_number, url, status, last_verified_on)],
            [(year, d, k, n) for d, k, n in days],
        )
    except RulebookError as exc:
        raise from_rulebook(exc, field="days") from exc
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        cal_year, created = CalendarYear.objects.select_for_update().get_or_create(
            year=year,
            defaults={"instrument": instrument, "last_verified_on": last_verified_on, "entered_by": user},
        )
        before = {
            "complete": cal_year.complete,
            "days": sorted(f"{d} {n} {k}" for d, k, n in cal_year.days.values_list("date", "kind", "name")),
        }
        cal_year.instrument, cal_year.notice_number, cal_year.url = instrument, notice_number, url
        cal_year.status, cal_year.last_verified_on, cal_year.complete = status, last_verified_on, complete
        cal_year.entered_by = user
        cal_year.full_clean()
        cal_year.save()
        cal_year.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=cal_year, date=d, kind=k, name=n) for d, k, n in days]
        )
        after = {"complete": complete, "days": sorted(f"{d} {n} {k}" for d, k, n in days)}
        audit_record(
            action="deadlines.calendar_year_save",
            target=cal_year,
            actor=actor,
            changes={
                "year": year,
                "created": created,
                "source": source,
                "notice_number": notice_number,
                **diff(before, after),
            },
        )
        report = None
        if complete or before["complete"]:
            report = deadlines_recompute(
                reason=f"{year} 年节假日安排{'录入' if created else '修改'}（{'文件导入' if source == 'file' else '页面录入'}）",
                actor=actor,
            )
    return CalendarSaveResult(cal_year, created, report)


def parse_calendar_file(path: Path) -> tuple[YearTable, str]:
    """Read a calendar-year file (docs/formats/calendar-year.md) strictly; returns the year and its 文号.

    Raises DomainError ``calendar.file_unreadable`` / ``calendar.file_invalid`` or the rulebook's own codes
    (``calendar.makeup_on_weekday``, ``calendar.day_outside_year`` …) with a Chinese message naming the problem.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError("calendar.file_unreadable", f"无法读取文件 {path}：请确认路径正确且为 UTF-8 编码") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DomainError("calendar.file_invalid", f"文件不是有效的 YAML/JSON：{exc}") from exc
    if not isinstance(data, Mapping):
        raise DomainError("calendar.file_invalid", "文件内容应为一个键值表（year、citation、holidays …）")
    data = dict(data)
    notice_number = str(data.pop("notice_number", "") or "").strip()
    try:
        table = YearTable.from_mapping(data, where=path.name, source="database")
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if not table.holidays:
        raise DomainError("calendar.year_empty", f"{table.year} 年安排中没有法定节假日，请核对文件")
    return table, notice_number


def calendar_year_import(*, path: Path, actor: Any = None) -> CalendarSaveResult:
    """``fazhi calendar import FILE``: store the year of the file as complete and recompute open deadlines."""
    table, notice_number = parse_calendar_file(path)
    days = [(d, "holiday", n) for d, n in table.holidays.items()] + [
        (d, "makeup_working", n) for d, n in table.makeup_working_days.items()
    ]
    return calendar_year_save(
        year=table.year,
        days=sorted(days),
        instrument=table.citation.instrument,
        notice_number=notice_number,
        url=table.citation.url or "",
        status=table.status.value,
        last_verified_on=table.last_verified_on,
        complete=True,
        actor=actor,
        source="file",
    )
