"""``fazhi calendar list`` · ``fazhi calendar recompute --reason "…"``.

Run ``recompute`` after deploying new calendar or rule tables (a data change in the repository), so that every
open tracked deadline — provisional ones included — follows the new data. Entering a year on the staff page
recomputes by itself.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from fazhi.core.context import acting_as
from fazhi.deadlines import selectors, services
from fazhi.deadlines.models import CalendarYear


class Command(BaseCommand):
    help = "节假日安排：列出已载入的年份，或在日历/规则变更后重算所有进行中的期限"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="列出各年份的来源（规则库表/数据库录入）")
        recompute = sub.add_parser("recompute", help="重算所有进行中的期限并报告变化")
        recompute.add_argument("--reason", required=True, help="重算原因（写入审计记录）")
        recompute.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["action"] == "list":
            calendar = selectors.current_calendar()
            incomplete = set(CalendarYear.objects.filter(complete=False).values_list("year", flat=True))
            for year, table in calendar.years.items():
                source = "数据库录入" if table.source == "database" else "规则库表"
                self.stdout.write(f"{year}  {source}  {table.citation}  {table.status.label}")
            for year in sorted(incomplete):
                self.stdout.write(f"{year}  数据库录入（未声明完整，不参与计算）")
            return
        with acting_as(None, label="命令行 fazhi calendar recompute"):
            report = services.deadlines_recompute(reason=options["reason"])
        if options["json"]:
            self.stdout.write(json.dumps(report.summary(), ensure_ascii=False, default=str))
        else:
            self.stdout.write(f"重算完成：{len(report.moved)} 个期限的届满日改变，{report.unchanged} 个未变。")
            for pk, old, new, delta in report.moved[:50]:
                self.stdout.write(
                    f"  期限 {pk}：{old} → {new or '中止中'}（{delta:+d} 日）"
                    if delta is not None
                    else f"  期限 {pk}：{old} → {new}"
                )
