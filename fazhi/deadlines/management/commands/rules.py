"""``fazhi rules unconfirmed [--json]``: every rule value tagged UNCONFIRMED, where it decides something, and whether
the bureau's legal staff have confirmed it (issue 13 §3).

Exit code 0. ``--json`` prints ``{"count", "confirmed", "values": [{ref, label, value, citation, status,
fingerprint, uses: [{id, label, purpose, module}], confirmed, confirmation, stale_confirmations,
open_deadlines}]}``.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from fazhi.deadlines.selectors import unconfirmed_rows


class Command(BaseCommand):
    help = "规则库：列出所有“未经确认”的规则值、用于何处以及本局是否已确认"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        unconfirmed = sub.add_parser("unconfirmed", help="列出未经确认的规则值及其用途")
        unconfirmed.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        rows = unconfirmed_rows()
        confirmed = sum(1 for r in rows if r.confirmation is not None)
        if options["json"]:
            data = {"count": len(rows), "confirmed": confirmed, "values": [r.as_dict() for r in rows]}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            f"未经确认的规则值共 {len(rows)} 个，本局已确认 {confirmed} 个。未确认的值可以提出建议，"
            "但不能单独据以驳回当事人请求、结束名单或公示、决定不予处罚。"
        )
        current_file = None
        for row in rows:
            v = row.value
            file = v.ref.split("#", 1)[0]
            if file != current_file:
                current_file = file
                self.stdout.write(f"\n【{file}】")
            state = (
                f"本局已确认（{row.confirmation.confirmed_on} {row.confirmation.confirmed_by}，"
                f"出处：{row.confirmation.source}）"
                if row.confirmation
                else "未确认" + ("（原确认的内容已变更，须重新确认）" if row.stale else "")
            )
            self.stdout.write(f"· {v.label}：{v.value}")
            self.stdout.write(f"    依据：{v.citation or '待核'}；{state}")
            uses = "；".join(
                f"{u.label}{'〔不得单独决定：' + u.purpose.label + '〕' if u.purpose else ''}" for u in v.uses
            )
            self.stdout.write(f"    用于：{uses or '—'}")
            if row.open_deadlines:
                self.stdout.write(f"    进行中的期限：{row.open_deadlines} 个")
            self.stdout.write(f"    编号：{v.ref}")
