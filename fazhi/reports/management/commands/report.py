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
        # The values are checked in handle(), so that a wrong one is a command error with a Chinese message and
        # exit status 1 (docs/formats/report-spec.md), not argparse's English usage line and exit 2.
        parser.add_argument(
            "kind", help="报告种类：annual = 法治政府建设年度报告；disclosure = 政府信息公开工作年度报告"
        )
        parser.add_argument("--year", default=None, help="报告年度，2000–2100")
        parser.add_argument("--format", dest="fmt", default="docx", help="docx、pdf、html 或 json（默认 docx）")
        parser.add_argument("--out", default=None, help="输出文件；省略时 json 打印到标准输出，其余写入当前目录")
        parser.add_argument("--bureau", default=None, help="机关名称（默认 settings.FAZHI_BUREAU_NAME）")

    def handle(self, *args, kind, year, fmt, out, bureau, **options):
        if kind not in KINDS:
            raise CommandError(
                f"没有“{kind}”这种报告，可选：annual（法治政府建设年度报告）、disclosure（政府信息公开工作年度报告）。"
            )
        if year is None:
            raise CommandError("请用 --year 指定报告年度，例如 --year 2023。")
        text = str(year).strip()
        if not (text.isascii() and text.isdigit()):
            raise CommandError(f"年度“{year}”不是年份，请写四位数字，例如 --year 2023。")
        year = int(text)
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度 {year} 不在 2000–2100 之间，请检查 --year。")
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{fmt}”，可选：{'、'.join(sorted(FORMATS))}。")
        template = KINDS[kind]
        if template not in available_kinds():
            raise CommandError(f"尚无“{kind}”报告的模板（specs/{template}.yaml）。")
        path = Path(out or f"{kind}-report-{year}.{fmt}") if (out is not None or fmt != "json") else None
        if path is not None and (path.is_dir() or not path.parent.is_dir()):
            where = "是一个目录" if path.is_dir() else "所在的目录不存在"
            raise CommandError(f"无法写入 {path}：该路径{where}，请用 --out 指定一个文件。")
        report = selectors.report_for(template, year, bureau=bureau)
        data = render(report, fmt)
        if out is None and fmt == "json":
            self.stdout.write(data.decode())
            return
        assert path is not None
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}，请检查 --out 的路径和写入权限。") from exc
        self.stdout.write(f"已生成 {path}（{len(data):,} 字节）。")
        missing = report.missing_labels()
        if missing:
            self.stdout.write(
                f"暂无记录的数字 {len(missing)} 项（文中已用中文说明）：" + "、".join(label for _, label in missing)
            )
