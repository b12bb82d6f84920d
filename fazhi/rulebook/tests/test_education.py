"""普法宣传日历: periods on both sides of their boundaries, refusal vs warning by status, strict loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fazhi.rulebook import education
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.sources import Status

D = dt.date


@pytest.mark.parametrize(
    ("theme", "on", "ok", "warned"),
    [
        ("constitution_week", D(2023, 11, 30), False, False),  # 官方期间 12月1日至7日之前一天：拒绝
        ("constitution_week", D(2023, 12, 1), True, False),
        ("constitution_week", D(2023, 12, 7), True, False),
        ("constitution_week", D(2023, 12, 8), False, False),
        ("quality_month", D(2023, 8, 31), False, False),
        ("quality_month", D(2023, 9, 1), True, False),
        ("quality_month", D(2023, 9, 30), True, False),
        ("quality_month", D(2023, 10, 1), False, False),
        ("consumer_rights_day", D(2023, 2, 28), True, False),  # 3月15日前15日
        ("consumer_rights_day", D(2023, 2, 27), True, True),  # 口径之外：只提示
        ("consumer_rights_day", D(2023, 3, 30), True, False),
        ("consumer_rights_day", D(2023, 3, 31), True, True),
        ("world_metrology_day", D(2023, 5, 13), True, False),
        ("world_metrology_day", D(2023, 5, 28), True, True),
        ("food_safety_week", D(2023, 6, 15), True, False),  # 当年日期未录入：只需在当年
    ],
)
def test_活动日期与主题期间(theme, on, ok, warned):
    check = education.check_event_date(theme, on)
    assert check.ok is ok
    assert bool(check.warning) is warned
    if not ok:
        assert "请核对日期或主题" in check.message


def test_只有官方期间才拒绝_本局口径只提示():
    for item in education.calendar():
        if item.window is not None and item.window.start is None:
            assert item.window_status == Status.UNCONFIRMED, item.id


def test_国家安全教育日有法律条文():
    item = education.theme("national_security_day")
    assert item.theme_day(2023) == D(2023, 4, 15)
    assert item.day_status == Status.TEXT and item.day_citation.article == "第十四条"


def test_主题期间与主题日():
    assert education.theme("ip_day").period(2023) == (D(2023, 4, 16), D(2023, 5, 1))
    assert education.theme("food_safety_week").period(2023) is None
    assert education.theme("food_safety_week").theme_day(2023) is None
    check = education.check_event_date("ip_day", D(2023, 4, 26))
    assert check.as_dict()["period"] == ["2023-04-16", "2023-05-01"]
    assert education.check_event_date("safe_drug_month", D(2023, 9, 9)).as_dict()["period"] is None


def test_未知主题():
    with pytest.raises(RulebookError) as info:
        education.theme("no_such_day")
    assert info.value.code == "education.unknown_theme"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "calendar.yaml"
    path.write_text(body, encoding="utf-8")
    return path


ROW = """instrument: x
themes:
- id: a
  name: A
  day: {month: 3, day: 15}
  day_citation: {instrument: I, article: A}
  day_status: SECONDARY
  window: WINDOW
  window_citation: {instrument: I, article: A}
  window_status: UNCONFIRMED
  last_verified_on: 2026-12-06
"""


@pytest.mark.parametrize(
    ("window", "code"),
    [
        ("{from: '03-20', to: '03-01'}", "table.bad_window"),
        ("{from: '13-01', to: '13-02'}", "table.bad_date"),
        ("{before_days: 40, after_days: 1}", "table.bad_window"),
        ("{before_days: 1}", "table.missing_key"),
        ("{from: '03-01', to: '03-02', extra: 1}", "table.unknown_key"),
    ],
)
def test_严格载入(tmp_path, window, code):
    with pytest.raises(TableError) as info:
        education.load_calendar(_write(tmp_path, ROW.replace("WINDOW", window)))
    assert info.value.code == code


def test_按主题日前后计算的期间需要主题日_主题不得重复(tmp_path):
    body = ROW.replace("day: {month: 3, day: 15}", "day: null").replace("WINDOW", "{before_days: 1, after_days: 1}")
    with pytest.raises(TableError) as info:
        education.load_calendar(_write(tmp_path, body))
    assert info.value.code == "table.bad_window"
    twice = ROW.replace("WINDOW", "null") + ROW.replace("instrument: x\nthemes:\n", "").replace("WINDOW", "null")
    with pytest.raises(TableError) as info:
        education.load_calendar(_write(tmp_path, twice))
    assert info.value.code == "table.duplicate_id"


def test_表格通过检查():
    education.check_tables()
    assert len(education.calendar()) >= 10
