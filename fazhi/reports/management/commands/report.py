"""``fazhi report annual|disclosure --year Y [--format docx|pdf|html|json] [--out FILE]``: write a year's report.

The report is the bureau's current text (its approved copy once the leader has approved it); without a draft,
the template's starting text. The JSON keeps ``metrics`` (every metric id with its value), ``outline`` (sections
with ``title`` and their paragraph keys) and ``missing`` (metric ids without data) — other tools read them.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.reports import selectors
from fazhi.reports.documents import FORMATS, render
from fazhi.reports.spec import available_kinds

# Command words → report templates (specs/<kind>.yaml).
KINDS = {"annual": "rule_of_law", "disclosure": "disclosure"}


class Command(BaseCommand):
    # Writing a report reads the database and checks nothing about the deployment: Django's system checks (the
    # URL configuration with every view and the API, the rulebook's 250 tables) cost a new process about 2 s of
    # CPU before the first figure. They run on `fazhi check`, `migrate` and in CI (as Django's own `shell` skips them).
    requires_system_checks: list[str] = []
    help = "生成年度报告：fazhi report annual --year 2023 [--format docx|pdf|html|json] [--out 文件]"

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=sorted(KINDS),
            help="报告种类：annual = 法治政府建设年度报告；disclosure = 政府信息公开工作年度报告",
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--out", default=None, help="输出文件；省略时 json 打印到标准输出，其余写入当前目录")
        parser.add_argument("--bureau", default=None, help="机关名称（默认 settings.FAZHI_BUREAU_NAME）")

    def handle(self, *args, kind, year, fmt, out, bureau, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度 {year} 不在 2000–2100 之间，请检查 --year。")
        template = KINDS[kind]
        if template not in available_kinds():
            raise CommandError(f"尚无“{kind}”报告的模板（specs/{template}.yaml）。")
        report = selectors.report_for(template, year, bureau=bureau)
        data = render(report, fmt)
        if out is None and fmt == "json":
            self.stdout.write(data.decode())
            return
        path = Path(out or f"{kind}-report-{year}.{fmt}")
        path.write_bytes(data)
        self.stdout.write(f"已生成 {path}（{len(data):,} 字节）。")
        missing = report.missing_labels()
        if missing:
            self.stdout.write(
                f"暂无记录的数字 {len(missing)} 项（文中已用中文说明）：" + "、".join(label for _, label in missing)
            )
