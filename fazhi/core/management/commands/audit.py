import json
import sys

from django.core.management.base import BaseCommand

from fazhi.core.audit import audit_verify


class Command(BaseCommand):
    help = "审计链：fazhi audit verify 重新计算哈希链并指出第一个断开的环节"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        report = audit_verify()
        if options["json"]:
            self.stdout.write(json.dumps(report.__dict__, ensure_ascii=False))
        elif report.ok:
            self.stdout.write(f"审计链完整：已校验 {report.checked} 个事件")
        else:
            self.stdout.write(
                f"审计链断开：第 {report.broken_sequence} 号事件，{report.reason}（此前 {report.checked} 个事件完好）"
            )
        if not report.ok:
            sys.exit(1)
