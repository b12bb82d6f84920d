"""``fazhi purge-uploads [--days N] [--json]``: delete uploaded import files past their retention period.

Uploaded files (``MEDIA_ROOT/imports/<token>/``: the file as uploaded and its error file) hold the personal data
of the rows they carried; they are kept ``FAZHI_IMPORT_RETENTION_DAYS`` days (default 30) so that the uploader
can fetch the error file, then deleted by this command (a daily timer: docs/deploy.md). Leftover temporary files
of imports (``FAZHI_IMPORT_WORK_DIR``) older than a day are deleted too. One audit event per run with the counts.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from fazhi.core.audit import audit_record
from fazhi.core.context import acting_as


def _age_days(path: Path, now: float) -> float:
    newest = max((p.stat().st_mtime for p in path.rglob("*")), default=path.stat().st_mtime)
    return (now - max(newest, path.stat().st_mtime)) / 86400


class Command(BaseCommand):
    help = "删除超过保存期限的导入上传文件（含错误文件）及导入临时文件"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存天数（默认 FAZHI_IMPORT_RETENTION_DAYS）")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, days: int | None = None, json: bool = False, **options):
        keep = days if days is not None else int(getattr(settings, "FAZHI_IMPORT_RETENTION_DAYS", 30))
        now = time.time()
        uploads = Path(settings.MEDIA_ROOT) / "imports"
        removed_uploads = 0
        if uploads.is_dir():
            for folder in uploads.iterdir():
                if folder.is_dir() and _age_days(folder, now) > keep:
                    shutil.rmtree(folder)
                    removed_uploads += 1
        work = Path(getattr(settings, "FAZHI_IMPORT_WORK_DIR", "") or Path(settings.VAR_DIR) / "tmp")
        removed_temp = 0
        if work.is_dir():
            for item in work.iterdir():
                if item.is_file() and (now - item.stat().st_mtime) / 86400 > 1:
                    item.unlink()
                    removed_temp += 1
        summary = {"retention_days": keep, "uploads_removed": removed_uploads, "temporary_removed": removed_temp}
        with acting_as(None, label="定时清理导入文件"):
            audit_record(action="system.purge_uploads", target=("uploads", "imports"), changes=summary)
        self.stdout.write(
            _dumps(summary)
            if json
            else f"已删除 {removed_uploads} 个超过 {keep} 天的上传文件夹、{removed_temp} 个临时文件"
        )


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
