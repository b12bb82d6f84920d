"""``fazhi backup [--output FILE] [--json]``: a consistent copy of the database (docs/deploy.md § Backups).

Exit 0 with the backup written (and its manifest ``FILE.json``); 1 when it failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.core import backup as backups
from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError


class Command(BaseCommand):
    help = "备份整个数据库（SQLite 在线备份；PostgreSQL 用 pg_dump），并写出清单 <文件>.json"

    def add_arguments(self, parser):
        parser.add_argument("--output", default="", help="备份文件路径（默认：var/backups/fazhi-时间）")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, output: str = "", json: bool = False, **options):
        with acting_as(None, label="命令行备份"):
            try:
                result = backups.backup(output=Path(output) if output else None)
            except DomainError as exc:
                self._fail(exc, json)
            audit_record(
                action="system.backup",
                target=("backup", result.manifest["file"]),
                changes={k: result.manifest[k] for k in ("sha256", "size", "audit_head", "database")},
            )
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            head = result.manifest["audit_head"]
            self.stdout.write(
                f"已备份到 {result.path}（{result.manifest['size']:,} 字节，SHA-256 {result.manifest['sha256'][:16]}…，"
                f"审计链至第 {head['sequence']} 号事件）"
            )

    def _fail(self, exc: DomainError, as_json: bool):
        if as_json:
            self.stdout.write(_dumps({"error": exc.as_dict()}))
        else:
            self.stderr.write(f"备份失败：{exc.message}（{exc.code}）")
        sys.exit(1)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
