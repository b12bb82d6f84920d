"""``fazhi restore FILE --yes [--json]``: replace the whole database with a backup, then verify the audit chain.

Stop the service first (docs/deploy.md § Restoring). Exit 0 when restored and the audit chain verifies, 1 when the
restore failed or was refused, and otherwise the exit code of ``fazhi audit verify`` (2 anchor mismatch …).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.core import audit_check
from fazhi.core import backup as backups
from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError


class Command(BaseCommand):
    help = "用备份文件替换整个数据库（先停止服务），然后校验审计链"

    def add_arguments(self, parser):
        parser.add_argument("file", help="fazhi backup 写出的备份文件")
        parser.add_argument("--yes", action="store_true", help="确认替换当前数据库的全部内容")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, file: str, yes: bool = False, json: bool = False, **options):
        if not yes:
            self._fail(
                DomainError("restore.unconfirmed", "恢复会替换当前数据库的全部内容：确认后加 --yes 再运行"), json
            )
        try:
            manifest = backups.restore(Path(file))
        except DomainError as exc:
            self._fail(exc, json)
        check = audit_check.verify(trigger="restore")
        with acting_as(None, label="命令行恢复"):
            audit_record(
                action="system.restore",
                target=("backup", Path(file).name),
                changes={
                    "sha256": manifest.get("sha256", ""),
                    "audit_head": manifest.get("audit_head"),
                    "verify": check.exit_code,
                },
            )
        if json:
            self.stdout.write(_dumps({"restored": str(file), "manifest": manifest, "audit": check.as_dict()}))
        else:
            self.stdout.write(f"已从 {file} 恢复。{check.message}")
        if check.exit_code not in (audit_check.OK, audit_check.NO_ANCHOR):
            sys.exit(check.exit_code)

    def _fail(self, exc: DomainError, as_json: bool):
        if as_json:
            self.stdout.write(_dumps({"error": exc.as_dict()}))
        else:
            self.stderr.write(f"恢复失败：{exc.message}（{exc.code}）")
        sys.exit(1)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
