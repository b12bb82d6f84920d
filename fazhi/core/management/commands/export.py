import getpass
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.core.audit import audit_record
from fazhi.core.bundle import BundleError, export_bundle
from fazhi.core.context import acting_as


class Command(BaseCommand):
    help = "导出全部数据为无损的 JSON Lines 数据包（每种记录一个文件，附 manifest.json）；导出本身记入审计日志"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = export_bundle(Path(directory), progress=lambda name, n: self.stderr.write(f"{name}: {n}"))
        except BundleError as exc:
            self.stderr.write(f"错误：[{exc.code}] {exc.message}")
            sys.exit(2)
        total = sum(manifest["counts"].values())
        # An export carries every record, personal data included: who exported what, and where, is audited
        # (after the export, so the bundle's own chain ends just before this event).
        with acting_as(None, label=f"命令行 fazhi export（系统用户 {getpass.getuser()}）"):
            audit_record(
                action="core.bundle_export",
                target=("core.bundle", Path(directory).name or directory),
                changes={"directory": str(Path(directory).resolve()), "records": total, "counts": manifest["counts"]},
            )
        self.stdout.write(f"已导出 {total} 条记录到 {directory}")
