"""``fazhi import KIND FILE [--json]``: entities, officers, departments, powers, complaints …

Exit 0 when the file was read (even with rejected rows), 2 when the file is unreadable or the kind unknown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand

from fazhi.core.context import acting_as
from fazhi.core.importing import IMPORTERS, ImportFileError, run_import
from fazhi.core.progress import progress_bar


class Command(BaseCommand):
    # An import reads one file into the database: Django's system checks (which import every URLconf) would only add
    # seconds to every run; ``fazhi check`` and the server run them.
    requires_system_checks: list[str] = []
    help = "导入数据文件（CSV 或 XLSX）"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        format_help = parser.format_help

        def with_kinds() -> str:
            # The kinds are listed only when the help is shown: listing them imports every app's importers.
            parser.description = f"{self.help}。种类：{'、'.join(sorted(IMPORTERS))}"
            return format_help()

        parser.format_help = with_kinds
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", help="数据种类，如 entities、officers、departments")
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")
        parser.add_argument("--user", default="", help="记入审计记录的操作人（用户名）；不填则记为“命令行导入”")

    def handle(self, *args, kind, file, json: bool = False, **options):
        as_json = json
        factory = IMPORTERS.get(kind)
        if factory is None:
            self._fail(f"未知的数据种类 {kind}；可用：{'、'.join(sorted(IMPORTERS))}", "import.unknown_kind", as_json)
        actor = None
        if options.get("user"):
            from fazhi.core.models import User

            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                self._fail(f"找不到用户 {options['user']}", "import.unknown_user", as_json)
        importer = factory()
        try:
            with acting_as(actor, label=f"命令行导入 {Path(file).name}"):
                result = run_import(
                    importer,
                    Path(file),
                    progress_factory=None if as_json else (lambda total, desc: progress_bar(total, desc)),
                )
        except ImportFileError as exc:
            self._fail(exc.message, exc.code, as_json)
        if as_json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self.stdout.write(
            f"新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}，拒绝 {result.rejected}"
        )
        for err in result.errors[:20]:
            self.stdout.write(f"  第 {err.row} 行 {err.column}：[{err.code}] {err.message}")
        if len(result.errors) > 20:
            self.stdout.write(f"  …… 另有 {len(result.errors) - 20} 条错误")
        if result.error_file:
            self.stdout.write(f"被拒绝的行已写入 {result.error_file}，修改后可重新导入。")
        for warning in result.warnings:
            self.stdout.write(f"注意 [{warning.code}] {warning.message}")
            for item in warning.items[:50]:
                self.stdout.write(f"  {item.get('text') or item}")
            if len(warning.items) > 50:
                self.stdout.write(f"  …… 另有 {len(warning.items) - 50} 条，见 --json 输出")

    def _fail(self, message: str, code: str, as_json: bool) -> NoReturn:
        if as_json:
            self.stdout.write(_dumps({"error": {"code": code, "message": message}}))
        else:
            self.stderr.write(f"错误：{message}")
        sys.exit(2)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
