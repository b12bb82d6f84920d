from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.core.bundle import export_bundle


class Command(BaseCommand):
    help = "导出全部数据为无损的 JSON Lines 数据包（每种记录一个文件，附 manifest.json）"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        manifest = export_bundle(Path(directory), progress=lambda name, n: self.stderr.write(f"{name}: {n}"))
        total = sum(manifest["counts"].values())
        self.stdout.write(f"已导出 {total} 条记录到 {directory}")
