"""The statutory calendar: holiday blocks, make-up days, unknown years, strict tables (ADR 0002)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rulebook.calendar import (
    CALENDAR_DIR,
    Calendar,
    DayKind,
    YearTable,
    default_calendar,
    load_year_tables,
)
from fazhi.rulebook.errors import RulebookError, TableError

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "calendar.yaml").read_text(encoding="utf-8"))
CAL = default_calendar()
D = dt.date


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize("case", CASES["blocks"], ids=[c["case"] for c in CASES["blocks"]])
def test_法定节假日放假安排与调休上班日(case: dict) -> None:
    for day in _days(case["from"], case["to"]):
        kind, name, _working = CAL.day_kind(day)
        # Some notices list only the weekdays of a block ("与周末连休"); the weekend inside stays a weekend.
        if day.weekday() < 5 or kind is not DayKind.WEEKEND:
            assert kind is DayKind.HOLIDAY, day
            assert name in case["names"], day
        assert not CAL.is_working_day(day)
    for day in case["makeup"]:
        assert day.weekday() >= 5
        assert CAL.day_kind(day).kind is DayKind.MAKEUP_WORKING
        assert CAL.is_working_day(day)
    for key in ("before", "after"):
        if key in case:
            assert CAL.day_kind(case[key]) == (DayKind.WORKING, None, True)


@pytest.mark.parametrize("case", CASES["working_days"], ids=[c["case"] for c in CASES["working_days"]])
def test_工作日推算(case: dict) -> None:
    assert CAL.add_working_days(case["start"], case["n"]) == case["expect"]


@pytest.mark.parametrize("case", CASES["errors"], ids=[c["case"] for c in CASES["errors"]])
def test_未载入年份必须报错而不是按周末推算(case: dict) -> None:
    with pytest.raises(RulebookError) as err:
        CAL.is_working_day(case["day"])
    assert err.value.code == case["code"]
    assert err.value.params["year"] == case["year"]


def test_每一年的表与_chinesecalendar_逐日一致() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    from chinese_calendar import constants

    covered = sorted({d.year for d in constants.holidays})
    assert CAL.loaded_years == tuple(covered)
    for year in covered:
        for day in _days(D(year, 1, 1), D(year, 12, 31)):
            assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
            assert (CAL.day_kind(day).kind is DayKind.HOLIDAY) == (day in constants.holidays), day
            assert (CAL.day_kind(day).kind is DayKind.MAKEUP_WORKING) == (day in constants.workdays), day


def test_普通周末与普通工作日() -> None:
    assert CAL.day_kind(D(2023, 3, 4)) == (DayKind.WEEKEND, None, False)
    assert CAL.day_kind(D(2023, 3, 6)) == (DayKind.WORKING, None, True)
    assert DayKind.WEEKEND.label == "周末"


def test_下一个工作日严格晚于当日() -> None:
    assert CAL.next_working_day(D(2023, 9, 28)) == D(2023, 10, 7)
    assert CAL.next_working_day(D(2023, 3, 6)) == D(2023, 3, 7)


def test_两日之间的工作日数_不含起日含止日() -> None:
    assert CAL.working_days_between(D(2023, 9, 28), D(2023, 10, 9)) == 3
    assert CAL.working_days_between(D(2023, 10, 9), D(2023, 9, 28)) == -3
    assert CAL.working_days_between(D(2023, 3, 6), D(2023, 3, 6)) == 0


def test_临时模式对未载入年份按法定节日判断_元旦不是工作日() -> None:
    provisional = CAL.as_provisional()
    assert provisional.provisional
    # 全国年节及纪念日放假办法第二条：元旦放假 1 天（1月1日）——2027-01-01 是星期五，仍是法定节假日。
    assert provisional.day_kind(D(2027, 1, 1)) == (DayKind.HOLIDAY, "元旦", False)
    assert not provisional.is_working_day(D(2027, 1, 2))
    # 3 月中旬离任何节日都远：平常的工作日和周末。
    assert provisional.day_kind(D(2027, 3, 17)) == (DayKind.WORKING, None, True)
    assert provisional.day_kind(D(2027, 3, 20)) == (DayKind.WEEKEND, None, False)
    assert provisional.missing_years(D(2026, 12, 1), D(2027, 1, 5)) == (2027,)
    assert CAL.missing_years(D(2026, 1, 1), D(2025, 1, 1)) == ()
    assert CAL.has_year(2026) and not CAL.has_year(2027)


def _year_data(year_: int = 2027, /, **overrides: object) -> dict:
    year = year_
    data = {
        "year": year,
        "citation": {"instrument": f"国务院办公厅关于{year}年部分节假日安排的通知", "article": "全文"},
        "status": "TEXT",
        "last_verified_on": "2026-11-26",
        "holidays": {f"{year}-01-01": "元旦"},
        "makeup_working_days": {f"{year}-01-02": "元旦"} if D(year, 1, 2).weekday() >= 5 else {},
    }
    data.update(overrides)
    return data


def test_数据库录入的年份可补充或更正表中年份() -> None:
    extra = YearTable.from_mapping(_year_data(2027), where="db 2027", source="database")
    cal = Calendar.build(extra_years=[extra])
    assert cal.day_kind(D(2027, 1, 1)) == (DayKind.HOLIDAY, "元旦", False)
    assert cal.day_kind(D(2027, 1, 2)) == (DayKind.MAKEUP_WORKING, "元旦", True)
    assert 2027 in cal.loaded_years
    assert cal.version_suffix.startswith("+cal-")
    assert CAL.version_suffix == ""
    correction = YearTable.from_mapping(_year_data(2026, holidays={"2026-03-02": "测试"}, makeup_working_days=None))
    corrected = Calendar.build(dict(load_year_tables()), extra_years=[correction])
    assert corrected.day_kind(D(2026, 3, 2)) == (DayKind.HOLIDAY, "测试", False)
    assert corrected.is_working_day(D(2026, 10, 8)) and corrected.is_working_day(D(2026, 10, 1))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"unexpected": 1}, "table.unknown_key"),
        ({"year": "2027"}, "calendar.bad_year"),
        ({"year": True}, "calendar.bad_year"),
        ({"holidays": {"2026-01-01": "元旦"}}, "calendar.day_outside_year"),
        ({"holidays": {"2027-01-01": ""}}, "calendar.missing_name"),
        ({"holidays": ["2027-01-01"]}, "table.not_mapping"),
        (
            {"holidays": {"2027-01-02": "元旦"}, "makeup_working_days": {"2027-01-02": "元旦"}},
            "calendar.day_both_kinds",
        ),
        ({"makeup_working_days": {"2027-01-04": "元旦"}}, "calendar.makeup_on_weekday"),
        ({"citation": None}, "table.missing_citation"),
        ({"status": "GUESS"}, "table.bad_status"),
        ({"holidays": {"2027-13-01": "x"}}, "table.bad_date"),
    ],
)
def test_日历表加载器严格拒绝错误数据(overrides: dict, code: str) -> None:
    with pytest.raises(TableError) as err:
        YearTable.from_mapping(_year_data(2027, **overrides))
    assert err.value.code == code


def test_文件名必须与年份一致(tmp_path: Path) -> None:
    (tmp_path / "2028.yaml").write_text(yaml.safe_dump(_year_data(2027)), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_year_tables(tmp_path)
    assert err.value.code == "calendar.file_name_mismatch"


def test_仓库中的日历表全部能严格加载() -> None:
    years = load_year_tables(CALENDAR_DIR)
    assert min(years) == 2004 and max(years) == 2026
    assert all(t.citation.instrument == f"国务院办公厅关于{y}年部分节假日安排的通知" for y, t in years.items())


@given(st.dates(D(2004, 1, 1), D(2026, 6, 30)), st.integers(0, 60))
def test_加工作日的结果总是工作日且不早于起算日(start: dt.date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert due >= start
    if n:
        assert CAL.is_working_day(due)
        assert CAL.working_days_between(start, due) == n


@given(st.dates(D(2004, 1, 1), D(2026, 6, 30)), st.integers(1, 60))
def test_多一个工作日绝不早于少一个(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n + 1) > CAL.add_working_days(start, n)
