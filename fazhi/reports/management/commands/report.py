"""``fazhi report annual --year 2023 [--format docx|pdf|json] [--out FILE]``: draft the annual report."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.reports.annual import build_annual_report
from fazhi.reports.documents import FORMATS, render


class Command(BaseCommand):
    help = "生成年度报告草稿：fazhi report annual --year 2023 [--format docx|pdf|json] [--out 文件]"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"], help="报告种类（annual = 法治政府建设年度报告）")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--out", default=None, help="输出文件；省略时 json 打印到标准输出，其余写入当前目录")
        parser.add_argument("--bureau", default=None, help="机关名称（默认 settings.FAZHI_BUREAU_NAME）")

    def handle(self, *args, kind, year, fmt, out, bureau, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度 {year} 不在 2000–2100 之间，请检查 --year。")
        report = build_annual_report(year, bureau=bureau)
        data = render(report, fmt)
        if out is None and fmt == "json":
            self.stdout.write(data.decode())
            return
        path = Path(out or f"annual-report-{year}.{fmt}")
        path.write_bytes(data)
        missing = report.missing
        self.stdout.write(f"已生成 {path}（{len(data):,} 字节）。")
        if missing:
            self.stdout.write(f"暂无数据的指标 {len(missing)} 项（文中已标注【暂无数据】）：{', '.join(missing)}")
