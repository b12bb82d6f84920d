"""One-off seeding script: write ``<year>.yaml`` from the chinesecalendar package's raw dicts.

Run ``.venv/bin/python fazhi/rulebook/tables/calendar/seed_from_chinesecalendar.py [--verified-on YYYY-MM-DD]``.
The YAML files are the project's own data afterwards (runtime never imports chinesecalendar); this script is
kept only to show where the first values came from. Do not re-run it over hand-corrected years.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from pathlib import Path

from chinese_calendar import constants

HERE = Path(__file__).resolve().parent

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def render(year: int, holidays: list[tuple[dt.date, str]], workdays: list[tuple[dt.date, str]], verified: str) -> str:
    lines = [
        f"# {year} 年法定节假日与调休上班日（按公历日期归年）。",
        "# 首次数据取自 chinesecalendar 1.11.0 并由 tests/test_calendar.py 逐日核对；以国务院办公厅通知原文为准。",
        f"year: {year}",
        "citation:",
        f"  instrument: 国务院办公厅关于{year}年部分节假日安排的通知",
        "  article: 全文",
        "status: SECONDARY",
        f"last_verified_on: {verified}",
        "holidays:",
    ]
    lines += [f"  {d.isoformat()}: {NAMES[n]}" for d, n in holidays]
    lines.append("makeup_working_days:" + ("" if workdays else " {}"))
    lines += [f"  {d.isoformat()}: {NAMES[n]}" for d, n in workdays]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verified-on", default=dt.date.today().isoformat())  # noqa: DTZ011 - one-off tool
    args = parser.parse_args()
    by_year_h: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    by_year_w: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for d, name in sorted(constants.holidays.items()):
        by_year_h[d.year].append((d, name))
    for d, name in sorted(constants.workdays.items()):
        by_year_w[d.year].append((d, name))
    for year in sorted(by_year_h):
        path = HERE / f"{year}.yaml"
        path.write_text(render(year, by_year_h[year], by_year_w[year], args.verified_on), encoding="utf-8")
        print(path.name)


if __name__ == "__main__":
    main()
