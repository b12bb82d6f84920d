"""``fazhi complaints remind [--date YYYY-MM-DD] [--json]``: the daily reminder (idempotent; for a timer)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.clock import legal_today
from fazhi.core.context import acting_as


class Command(BaseCommand):
    help = "投诉举报：remind 提醒今日到期、即将到期和已超期的来件（可重复运行，不会重复提醒）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="提醒承办人")
        remind.add_argument("--date", help="按哪一天提醒（默认今天），YYYY-MM-DD")
        remind.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, action: str, date: str | None = None, json: bool = False, **options):
        from fazhi.complaints.reminders import remind

        try:
            today = dt.date.fromisoformat(date) if date else legal_today()
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        with acting_as(None, label="定时提醒"):
            result = remind(today=today)
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(f"{result['date']}：到期或超期 {result['due']} 件，新发提醒 {result['created']} 条")
        for item in result["items"][:200]:
            self.stdout.write(f"  {item['due_on']} {item['state']:8} {item['number']}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
