"""``fazhi file-reviews recompute [--date YYYY-MM-DD] [--json]``: the nightly live review of every case (for a timer).

Recomputes every case's machine-checkable rubric items as of the date and stores the scores the case list, the
live queue and the statistics read (the case page computes its own case live). Exit code 0 on success, 2 when the
rubric or the calendar refuses the date (the message says what to fix).
"""

from __future__ import annotations

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.clock import legal_today
from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError
from fazhi.core.progress import progress_bar


class Command(BaseCommand):
    help = "案卷评查：recompute 重算全部案件的实时评查得分（每日定时运行）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="重算全部案件的实时评查得分")
        recompute.add_argument("--date", help="按哪一天评查（默认今天），YYYY-MM-DD")
        recompute.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, action: str, date: str | None = None, json: bool = False, **options):
        from fazhi.cases.models import Case
        from fazhi.file_reviews.services import live_recompute
        from fazhi.rulebook import file_review as engine

        try:
            today = dt.date.fromisoformat(date) if date else legal_today()
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD", returncode=2) from exc
        if today > legal_today():
            raise CommandError("评查日不能晚于今天", returncode=2)
        bar = progress_bar(None if json else Case.objects.count(), "实时评查", enabled=None if not json else False)
        try:
            with acting_as(None, label="实时评查重算"):
                report = live_recompute(today=today, progress=bar.update)
        except DomainError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}", returncode=2) from exc
        finally:
            bar.close()
        data = report.as_dict()
        if json:
            self.stdout.write(jsonlib.dumps(data, ensure_ascii=False))
            return
        lines = [
            f"{data['today']} 实时评查（评查标准 {data['rubric']}）：{data['cases']} 件案件，"
            f"阻止归档 {data['blocked']} 件，低于合格线 {data['below_pass']} 件"
        ]
        rubric = engine.rubric_on(today)
        lines += [f"  {rubric.checkpoint(cp).text}：{n} 件未通过" for cp, n in data["failed_by_checkpoint"].items()]
        self.stdout.write("\n".join(lines))
