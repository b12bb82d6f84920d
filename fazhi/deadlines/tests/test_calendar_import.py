"""``fazhi calendar import FILE``: the documented format (docs/formats/calendar-year.md), refusals with a reason,
and the recompute that turns provisional deadlines final and lists every change."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import AuditEvent
from fazhi.deadlines import services
from fazhi.deadlines.models import CalendarYear, TrackedDeadline

D = dt.date

# A plausible 2027 schedule written by hand for the test (the real notice is not out): 元旦 1月1日—3日; 春节
# 2月5日—12日 with 2月13日（周六）、2月20日（周六）上班.
FILE_2027 = """\
year: 2027
notice_number: 国办发明电〔2026〕9号
citation:
  instrument: 国务院办公厅关于2027年部分节假日安排的通知
  article: 全文
  url: https://www.gov.cn/example
status: TEXT
last_verified_on: 2026-12-01
holidays:
  2027-01-01: 元旦
  2027-02-05: 春节
  2027-02-06: 春节
  2027-02-07: 春节
  2027-02-08: 春节
  2027-02-09: 春节
  2027-02-10: 春节
  2027-02-11: 春节
  2027-02-12: 春节
makeup_working_days:
  2027-02-13: 春节
  2027-02-20: 春节
"""


def _write(tmp_path: Path, text: str, name: str = "2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_导入2027年安排_临时期限转为正式并列出变化(tmp_path, make_user):
    admin = make_user("admin", username="calendar-admin")
    hearing = services.deadline_open(
        owner=("cases.case", "7"), rule_id="case.hearing_request", start=D(2026, 12, 28), label="要求听证期限"
    )
    payment = services.deadline_open(owner=("cases.case", "8"), rule_id="case.payment", start=D(2027, 1, 20))
    assert hearing.provisional and hearing.due_on == D(2027, 1, 6)
    assert payment.provisional and payment.due_on == D(2027, 2, 15)
    out = io.StringIO()
    call_command("calendar", "import", str(_write(tmp_path, FILE_2027)), "--user", "calendar-admin", stdout=out)
    text = out.getvalue()
    # 要求听证：12月29日—31日、1月4日、5日 → 1月5日（临时结果 1月6日，提前 1 日）。
    hearing.refresh_from_db()
    assert hearing.due_on == D(2027, 1, 5) and not hearing.provisional
    # 缴纳罚款：15 日届满于 2月4日（正式安排中是工作日）。
    payment.refresh_from_db()
    assert payment.due_on == D(2027, 2, 4) and not payment.provisional
    assert "已录入 2027 年节假日安排" in text and "法定节假日 9 天，调休上班日 2 天" in text
    assert "要求听证期限（cases.case 7" in text and "2027-01-06 → 2027-01-05（提前 1 日）" in text
    assert "临时结果转为正式结果" in text
    year = CalendarYear.objects.get(year=2027)
    assert year.complete and year.notice_number == "国办发明电〔2026〕9号" and year.entered_by == admin
    event = AuditEvent.objects.get(action="deadlines.calendar_year_save")
    assert event.changes["source"] == "file" and event.actor_id == admin.pk


@pytest.mark.django_db
def test_导入_json_输出列出每个变化(tmp_path):
    d = services.deadline_open(owner=("cases.case", "9"), rule_id="case.hearing_request", start=D(2026, 12, 28))
    out = io.StringIO()
    call_command("calendar", "import", str(_write(tmp_path, FILE_2027)), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2027 and data["created"] is True and data["moved"] == 1 and data["finalised"] == 1
    assert data["changes"] == [
        {
            "id": d.pk,
            "owner_type": "cases.case",
            "owner_id": "9",
            "rule_id": "case.hearing_request",
            "label": "",
            "old_due": "2027-01-06",
            "new_due": "2027-01-05",
            "delta_days": -1,
            "was_provisional": True,
            "provisional": False,
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [
        (FILE_2027.replace("2027-02-13: 春节", "2027-02-15: 春节"), "calendar.makeup_on_weekday"),
        (FILE_2027.replace("  2027-01-01: 元旦", "  2026-12-31: 元旦"), "calendar.day_outside_year"),
        (FILE_2027 + "colour: red\n", "table.unknown_key"),
        ("year: 2027\n  holidays: [", "calendar.file_invalid"),
        ("- 2027-01-01\n", "calendar.file_invalid"),
        (FILE_2027.split("holidays:")[0] + "holidays: {}\nmakeup_working_days: {}\n", "calendar.year_empty"),
    ],
)
def test_导入_错误文件被拒绝且不写入(tmp_path, text, code):
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("calendar", "import", str(_write(tmp_path, text)), "--json", stdout=out)
    assert err.value.returncode == 1
    assert json.loads(out.getvalue())["error"]["code"] == code
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_导入_文件不存在或用户不存在(tmp_path):
    with pytest.raises(CommandError) as err:
        call_command("calendar", "import", str(tmp_path / "missing.yaml"))
    assert err.value.returncode == 1 and "无法读取文件" in str(err.value)
    with pytest.raises(CommandError) as err:
        call_command("calendar", "import", str(_write(tmp_path, FILE_2027)), "--user", "nobody")
    assert err.value.returncode == 2
    assert not TrackedDeadline.objects.exists()


@pytest.mark.django_db
def test_文档中的示例文件可以导入(tmp_path):
    doc = (Path(__file__).resolve().parents[3] / "docs" / "formats" / "calendar-year.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    table, number = services.parse_calendar_file(_write(tmp_path, example))
    assert table.year == 2027 and number and table.holidays
