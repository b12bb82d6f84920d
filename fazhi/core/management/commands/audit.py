"""``fazhi audit verify|anchor|anchors|grants``: the audit trail's check, its anchors outside the database, and the
PostgreSQL privileges of the application role. Exit codes: see ``fazhi.core.audit_check`` and docs/security.md."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import anchors, audit_check, audit_guard
from fazhi.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "审计日志：verify 校验哈希链、锚点与只追加保护（退出码 0 完整，1 链断开，2 与锚点不符，3 锚点文件损坏，"
        "4 尚无锚点，5 保护缺失）；anchor 把链头写入锚点文件（供每日定时任务）；anchors 列出锚点；"
        "grants 角色名 打印 PostgreSQL 应用角色的授权语句"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "anchor", "anchors", "grants"])
        parser.add_argument("role", nargs="?", help="grants：应用连接数据库所用的角色名")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, action, **options):
        as_json = options["json"]
        if action == "verify":
            result = audit_check.verify(trigger="cli")
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) if as_json else result.message)
            if result.exit_code:
                sys.exit(result.exit_code)
        elif action == "anchor":
            try:
                anchor = audit_check.anchor()
            except DomainError as exc:
                if as_json:
                    self.stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False))
                else:
                    self.stderr.write(f"{exc.message}（{exc.code}）")
                sys.exit(audit_check.ANCHOR_MISMATCH)
            if as_json:
                self.stdout.write(anchor.as_json())
            else:
                self.stdout.write(
                    f"已写入锚点：第 {anchor.sequence} 号事件（共 {anchor.events} 个），"
                    f"哈希 {anchor.hash[:16]}…，{anchors.anchor_path()} 第 {anchor.line} 行"
                )
        elif action == "anchors":
            data = anchors.read_anchor_file()
            if as_json:
                rows = [json.loads(a.as_json()) for a in data.anchors]
                self.stdout.write(json.dumps({"file": str(data.path), "problem": data.problem, "anchors": rows}))
            else:
                if not data.exists:
                    self.stdout.write(f"锚点文件不存在：{data.path}")
                for a in data.anchors:
                    self.stdout.write(f"{a.line}\t{a.anchored_at}\t#{a.sequence}\t{a.hash}")
                if data.problem:
                    self.stdout.write(f"锚点文件损坏：{data.problem}")
            if data.problem:
                sys.exit(audit_check.ANCHOR_FILE_DAMAGED)
        else:
            if not options["role"]:
                raise CommandError("请给出应用连接数据库所用的角色名：fazhi audit grants fazhi_app")
            self.stdout.write("\n".join(audit_guard.grant_statements(options["role"])))
