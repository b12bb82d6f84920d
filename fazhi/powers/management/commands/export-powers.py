"""``fazhi export-powers FILE.xlsx [--on YYYY-MM-DD]``: the power list in force on a date as Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.clock import legal_today
from fazhi.powers.exporters import export_powers_xlsx
from fazhi.powers.selectors import powers_in_force


class Command(BaseCommand):
    help = "导出某日有效的权责清单（Excel）；表头与导入格式一致，可修改后重新导入"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 .xlsx 文件")
        parser.add_argument("--on", help="有效日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, file: str, on: str | None = None, **options):
        try:
            day = dt.date.fromisoformat(on) if on else legal_today()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{on}") from exc
        Path(file).write_bytes(export_powers_xlsx(day))
        self.stdout.write(f"已导出 {powers_in_force(day).count()} 项（{day} 有效）到 {file}")
