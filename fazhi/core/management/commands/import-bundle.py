import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.core.bundle import BundleError, import_bundle


class Command(BaseCommand):
    help = "把 fazhi export 生成的数据包导入到空数据库"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            loaded = import_bundle(Path(directory), progress=lambda name, n: self.stderr.write(f"{name}: {n}"))
        except BundleError as exc:
            self.stderr.write(f"错误：[{exc.code}] {exc.message}")
            sys.exit(2)
        self.stdout.write(f"已导入 {sum(loaded.values())} 条记录")
