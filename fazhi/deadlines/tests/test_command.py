"""``fazhi deadline``: the JSON contract, exit codes 2 and 3, --provisional, speed, database years."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.deadlines import commandline
from fazhi.deadlines.calendar_data import read_database_years, year_tables_from_rows

FAZHI = str(Path(sys.executable).parent / "fazhi")


def run(*argv, loader=lambda: ([], None)):
    out, err = io.StringIO(), io.StringIO()
    code = commandline.main(list(argv), year_loader=loader, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_json_契约字段齐全():
    code, out, _ = run("complaint.acceptance", "--from", "2023-09-28", "--as-of", "2023-10-09", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"rule", "version", "due", "unit", "length", "citation", "status", "trace"} <= set(data)
    assert data["rule"] == "complaint.acceptance" and data["due"] == "2023-10-13"
    assert data["unit"] == "working_days" and data["length"] == 7 and data["status"] == "TEXT"
    assert data["provisional"] is False and data["remaining"] == 4
    assert all({"date", "kind", "note"} <= set(e) for e in data["trace"])


def test_未知规则_退出码2并列出相近规则():
    code, out, err = run("complaint.acceptanse", "--from", "2023-09-28", "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == "deadline.unknown_rule" and "complaint.acceptance" in error["suggestions"]
    assert "complaint.acceptance" in err


def test_未载入年份_退出码3_带年份():
    code, out, _ = run("complaint.acceptance", "--from", "2027-03-01", "--json")
    assert code == 3
    assert json.loads(out)["error"] == {**json.loads(out)["error"], "code": "calendar.year_not_loaded", "year": 2027}


def test_provisional_按法定节日计算并标记原因():
    code, out, _ = run("complaint.acceptance", "--from", "2027-03-01", "--json", "--provisional")
    data = json.loads(out)
    assert code == 0 and data["provisional"] is True and data["due"] == "2027-03-10"
    assert data["provisional_years"] == [2027] and "2027 年节假日安排尚未公布" in data["provisional_reason"]
    assert data["bearer"] == "authority"


@pytest.mark.parametrize(
    ("rule", "start", "due", "latest"),
    [
        # 当事人的期间不早于真实期限：元旦 1 月 1 日放假，1 月 4 日可能补假，取最晚的 1 月 6 日。
        ("case.hearing_request", "2026-12-28", "2027-01-06", "2027-01-06"),
        # 15 日届满于 2 月 4 日（除夕前一日，可能调休），之后春节 2 月 5 日至 8 日、其后可能补假调休至 2 月 13 日，
        # 2 月 14 日周日：顺延至 2 月 15 日（周一）。
        ("case.payment", "2027-01-20", "2027-02-15", "2027-02-15"),
    ],
)
def test_provisional_当事人的期间取最晚可能日(rule, start, due, latest):
    code, out, _ = run(rule, "--from", start, "--provisional", "--json")
    data = json.loads(out)
    assert code == 0 and data["due"] == due and data["provisional_range"]["latest"] == latest
    assert data["bearer"] == "party" and data["provisional"] is True


def test_provisional_机关职权的期间不顺延_不标临时():
    code, out, _ = run("case.limitation", "--from", "2025-03-01", "--provisional", "--json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "2027-03-01" and data["provisional"] is False and data["bearer"] == "power"
    code, out, _ = run("case.limitation", "--from", "2025-03-01", "--json")
    assert code == 0 and json.loads(out)["due"] == "2027-03-01"


def test_扣除期间须写明类型():
    code, _, err = run("case.handling", "--from", "2023-03-01", "--suspend", "2023-03-10:2023-03-19")
    assert code == 1 and "deadline.exclusion_kind_required" in err


def test_扣除期间与延长():
    _, plain, _ = run("case.handling", "--from", "2023-03-01", "--json")
    code, out, _ = run(
        "case.handling", "--from", "2023-03-01", "--suspend", "2023-03-10:2023-03-19:testing", "--extend", "--json"
    )
    assert code == 0
    a, b = json.loads(plain), json.loads(out)
    assert b["due"] > a["due"] and b["length"] > a["length"]
    assert any(e["kind"] == "excluded" for e in b["trace"]) and any(e["kind"] == "extension" for e in b["trace"])


def test_错误的参数_退出码2():
    assert run("complaint.acceptance", "--from", "2023-13-01")[0] == 2
    code, _, err = run("complaint.acceptance", "--from", "2023-09-28", "--suspend", "2023-10-09:2023-10-01:testing")
    assert code == 1 and "deadline.bad_interval" in err


def test_人类可读输出_中文():
    code, out, _ = run("complaint.acceptance", "--from", "2023-09-28", "--as-of", "2023-10-09")
    assert code == 0
    assert "届满日：2023-10-13" in out and "依据：" in out and "核对状态：已核对原文" in out
    assert "已用 3 个工作日，剩余 4 个" in out and "国庆节调休上班日 计入" in out


def test_数据库年份_参与计算():
    tables = year_tables_from_rows(
        [(2027, "通知", "国办发明电〔2026〕1号", "", "TEXT", "2026-11-26")],
        [(2027, "2027-03-02", "holiday", "测试节"), (2027, dt.date(2027, 3, 3), "holiday", "测试节")],
    )
    code, out, _ = run("complaint.acceptance", "--from", "2027-03-01", "--json", loader=lambda: (tables, None))
    data = json.loads(out)
    assert code == 0 and data["due"] == "2027-03-12" and data["calendar_source"] == "tables+database"
    assert "+cal-" in data["rulebook_version"]


def test_数据库不可用时_仅用规则库表(tmp_path):
    tables, warning = read_database_years({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "none.db")})
    assert tables == [] and "仅使用规则库日历表" in warning
    assert read_database_years({"ENGINE": "django.db.backends.mysql"})[0] == []


def test_sqlite_文件中的年份_无需django即可读取(tmp_path):
    import sqlite3

    db = tmp_path / "f.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE deadlines_calendaryear (id INTEGER PRIMARY KEY, year INT, instrument TEXT, notice_number TEXT,"
        " url TEXT, status TEXT, last_verified_on TEXT, complete BOOL);"
        "CREATE TABLE deadlines_calendarday (id INTEGER PRIMARY KEY, calendar_year_id INT, date TEXT, kind TEXT, name TEXT);"
        "INSERT INTO deadlines_calendaryear VALUES (1, 2027, '通知', '', '', 'TEXT', '2026-11-26', 1);"
        "INSERT INTO deadlines_calendarday VALUES (1, 1, '2027-03-02', 'holiday', '测试节');"
    )
    conn.commit()
    conn.close()
    tables, warning = read_database_years({"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)})
    assert warning is None and tables[0].year == 2027 and dt.date(2027, 3, 2) in tables[0].holidays


@pytest.mark.skipif(not os.path.exists(FAZHI), reason="console script not installed")
def test_控制台命令_不启动django即可答复():
    # The speed itself is measured by benchmarks/bench_deadlines.py; here: the fast path never imports Django.
    env = {**os.environ, "FAZHI_LEGAL_TODAY": "2023-10-09"}
    proc = subprocess.run(
        [FAZHI, "deadline", "complaint.acceptance", "--from", "2023-09-28", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["due"] == "2023-10-13"
    probe = (
        "import sys, io; from fazhi.deadlines import commandline; "
        "code = commandline.main(['case.hearing_request', '--from', '2026-12-28', '--provisional', '--json'], "
        "year_loader=lambda: ([], None), stdout=io.StringIO()); "
        "print(code, any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["0", "False"], out.stderr
