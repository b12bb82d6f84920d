"""The provisional calendar (ADR 0007): the statutory skeleton of 全国年节及纪念日放假办法 and the rounding of
provisional deadlines by who bears the period.

The strongest check replays history: for every year 2009–2026 whose notice we hold, we pretend it is not out,
compute provisional deadlines, and compare them with the deadlines the real notice gives. A party's period may
come out later than the real one, never earlier; every other period may come out earlier, never later.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from fazhi.rulebook import holidays
from fazhi.rulebook.calendar import Calendar, DayKind, default_calendar
from fazhi.rulebook.deadlines import Bearer, compute_deadline, get_rule
from fazhi.rulebook.errors import RulebookError, TableError
from fazhi.rulebook.holidays import load_statutory_tables, provisional_year, statutory_holidays

D = dt.date
CAL = default_calendar()
# 2015: the one-off 抗战胜利70周年 rest days (9月3日—5日, 9月6日上班) — Art. 7's "个别特殊情形", not a pattern.
ONE_OFF = {D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 6)}


# --- Art. 2, written by hand from the text and a lunar almanac -------------------------------------------------

SKELETON_2027 = {
    D(2027, 1, 1): "元旦",
    D(2027, 2, 5): "春节",  # 农历除夕（丙午年腊月廿九，2027 年正月初一为 2 月 6 日）
    D(2027, 2, 6): "春节",
    D(2027, 2, 7): "春节",
    D(2027, 2, 8): "春节",
    D(2027, 4, 5): "清明节",
    D(2027, 5, 1): "劳动节",
    D(2027, 5, 2): "劳动节",
    D(2027, 6, 9): "端午节",  # 农历五月初五
    D(2027, 9, 15): "中秋节",  # 农历八月十五
    D(2027, 10, 1): "国庆节",
    D(2027, 10, 2): "国庆节",
    D(2027, 10, 3): "国庆节",
}


def test_2027年的法定节日按第二条逐日列出() -> None:
    assert statutory_holidays(2027) == SKELETON_2027


def test_2028年春节在1月_除夕在1月25日() -> None:
    days = statutory_holidays(2028)
    assert [d for d, n in days.items() if n == "春节"] == [
        D(2028, 1, 25),
        D(2028, 1, 26),
        D(2028, 1, 27),
        D(2028, 1, 28),
    ]
    assert days[D(2028, 4, 4)] == "清明节" and days[D(2028, 5, 28)] == "端午节"
    # 2028 年中秋（农历八月十五）是 10 月 3 日，与国庆节重合：该日两个节日名称并列。
    assert days[D(2028, 10, 3)] == "中秋节、国庆节"


def test_2013年修订前春节含除夕_修订后不含_2024年修订后又含除夕且劳动节两天() -> None:
    assert D(2013, 2, 9) in statutory_holidays(2013)  # 除夕, order 513
    assert D(2014, 1, 30) not in statutory_holidays(2014)  # 除夕 2014 was a working day (order 644)
    assert D(2025, 1, 28) in statutory_holidays(2025) and D(2025, 5, 2) in statutory_holidays(2025)
    assert D(2024, 5, 2) not in statutory_holidays(2024)


@pytest.mark.parametrize("year", range(2008, 2027))
def test_每年通知都包含第二条的全部法定节日(year: int) -> None:
    for day, name in statutory_holidays(year).items():
        info = CAL.day_kind(day)
        # The notice lists the day off (sometimes a weekend day inside the block stays listed as a weekend).
        assert not info.working, (day, name)
        assert info.kind in (DayKind.HOLIDAY, DayKind.WEEKEND), (day, name)


@pytest.mark.parametrize("year", range(2009, 2027))
def test_各年通知的补假调休都落在临时日历的不确定窗口内(year: int) -> None:
    guess = provisional_year(year)
    table = CAL.years[year]
    for day in table.holidays:
        if day in ONE_OFF or day in guess.holidays or day.weekday() >= 5:
            continue
        assert day in guess.possible_rest, day
    for day in table.makeup_working_days:
        if day in ONE_OFF:
            continue
        assert day in guess.possible_working, day


def test_不确定的日子只在节日前后_远离节日的日子与平常相同() -> None:
    year = provisional_year(2027)
    assert D(2027, 1, 4) in year.possible_rest  # the Monday after 元旦
    assert D(2027, 2, 9) in year.possible_rest and D(2027, 2, 13) in year.possible_working
    assert D(2027, 2, 20) not in year.possible_working  # 12 days after the last statutory day of 春节
    assert D(2027, 3, 17) not in year.possible_rest and D(2027, 3, 20) not in year.possible_working
    assert all(d.weekday() < 5 for d in year.possible_rest)
    assert all(d.weekday() >= 5 for d in year.possible_working)
    assert not set(year.possible_rest) & set(year.holidays)


# --- Rounding by who bears the period ------------------------------------------------------------------------


def _without(year: int) -> Calendar:
    return Calendar.build({y: t for y, t in CAL.years.items() if y != year})


REPLAY_RULES = [
    "case.hearing_request",  # party, working days
    "case.payment",  # party, natural days, rolls
    "litigation.direct_suit",  # party, months, rolls
    "complaint.acceptance",  # authority, 7 working days
    "publicity.penalty_decision",  # authority, 20 working days
    "case.handling",  # authority, 90 natural days, rolls
    "case.hearing_notice",  # authority, counted back
    "case.limitation",  # power, years, never rolls
]


@pytest.mark.parametrize("year", [y for y in range(2009, 2027) if y != 2015])
def test_回放历年通知_当事人期间不早于真实届满日_其他期间不晚于真实届满日(year: int) -> None:
    guess_cal = _without(year)
    checked = 0
    for rule_id in REPLAY_RULES:
        rule = get_rule(rule_id)
        bearer, first_version = rule.bearer, rule.versions[0].effective_from
        day = D(year - 1, 11, 1) if rule.direction == "after" else D(year, 1, 1)
        last = D(year, 12, 31) if rule.direction == "after" or year == 2026 else D(year + 1, 1, 31)
        while day <= last:
            selecting = max(day, first_version)
            try:
                real = compute_deadline(rule_id, day, selecting_date=selecting)
            except RulebookError as exc:  # the real period reaches 2027, whose notice we do not hold either
                assert exc.code == "calendar.year_not_loaded"
                day += dt.timedelta(days=3)
                continue
            guess = compute_deadline(rule_id, day, calendar=guess_cal, provisional=True, selecting_date=selecting)
            if guess.provisional:
                checked += 1
                assert guess.provisional_range is not None
                low, high = guess.provisional_range
                assert low <= real.due <= high, (rule_id, day, real.due, guess.provisional_range)
                if bearer is Bearer.PARTY:
                    assert guess.due >= real.due, (rule_id, day, real.due, guess.due)
                else:
                    assert guess.due <= real.due, (rule_id, day, real.due, guess.due)
            day += dt.timedelta(days=3)
    assert checked > 100


def test_不涉及未公布年份的计算不标为临时() -> None:
    result = compute_deadline("case.limitation", D(2025, 3, 1), provisional=True)
    # 2 years to 2027-03-01: a power is never rolled, so the calendar of 2027 is not consulted at all.
    assert result.due == D(2027, 3, 1) and not result.provisional and result.provisional_reason == ""
    assert compute_deadline("case.limitation", D(2025, 3, 1)).due == D(2027, 3, 1)


def test_临时结果说明原因与取值方向() -> None:
    result = compute_deadline("case.hearing_request", D(2026, 12, 28), provisional=True)
    assert result.provisional and result.provisional_years == (2027,)
    assert "2027 年节假日安排尚未公布" in result.provisional_reason
    assert "不早于法定期限" in result.provisional_reason
    assert result.provisional_range == (D(2027, 1, 3), D(2027, 1, 6))
    data = result.as_json()
    assert data["provisional"] is True and data["bearer"] == "party"
    assert data["provisional_range"] == {"earliest": "2027-01-03", "latest": "2027-01-06"}
    notes = [t.note for t in result.trace]
    assert any("2027-01-04" in n and "可能补假或调休" in n for n in notes)


def test_未选择临时计算时未公布年份报错() -> None:
    with pytest.raises(RulebookError) as err:
        compute_deadline("case.hearing_request", D(2026, 12, 28))
    assert err.value.code == "calendar.year_not_loaded" and err.value.params["year"] == 2027


def test_没有放假办法版本的年份不能临时计算() -> None:
    with pytest.raises(RulebookError) as err:
        holidays.skeleton_version(2007)
    assert err.value.code == "holidays.no_version"


# --- Strict table ------------------------------------------------------------------------------------------------


def _table() -> dict[str, Any]:
    return yaml.safe_load(holidays.HOLIDAYS_FILE.read_text(encoding="utf-8"))


def test_放假办法表严格加载() -> None:
    assert holidays.check_tables() == {"holiday_versions": 3, "provisional_windows": 1}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d["versions"][0].update(colour="red"), "table.unknown_key"),
        (lambda d: d["versions"][0]["holidays"][0].update(days=["solar:1-1"]), "holidays.bad_day_spec"),
        (lambda d: d["versions"][0]["holidays"][0].update(days=[]), "holidays.no_days"),
        (lambda d: d["versions"][0]["holidays"].append(d["versions"][0]["holidays"][0]), "holidays.duplicate_festival"),
        (lambda d: d["versions"][1].update(effective_from="2010-01-01"), "table.overlapping_versions"),
        (lambda d: d["provisional_windows"][0]["windows"].pop("元旦"), "holidays.window_missing"),
        (lambda d: d["provisional_windows"][0]["windows"]["元旦"].update(rest_before=-1), "holidays.bad_window"),
        (lambda d: d.update(provisional_windows=[]), "holidays.empty"),
        (lambda d: d["versions"][0].update(effective_to="2007-01-01"), "table.bad_period"),
    ],
)
def test_放假办法表拒绝错误数据(tmp_path: Path, change: Any, code: str) -> None:
    data = _table()
    change(data)
    path = tmp_path / "statutory_holidays.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_statutory_tables(path)
    assert err.value.code == code
