"""``fazhi discretion replay CASE_NUMBER [--json]``: recompute a case's frozen discretion with its frozen table
version and say whether it still matches (exit 0 match, 1 differs, 2 not found / nothing frozen)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from fazhi.core.audit import jsonable


class Command(BaseCommand):
    help = "裁量基准：replay 按冻结的基准版本复算案件裁量并比对（一致退出码0，不一致1）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        replay = sub.add_parser("replay", help="复算一件案件的裁量")
        replay.add_argument("case_number", help="案件编号，例如 津东丽市监立〔2023〕12号")
        replay.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, action: str, case_number: str, json: bool = False, **options):
        from fazhi.cases.models import Case
        from fazhi.cases.selectors import discretion_replay
        from fazhi.rulebook.errors import RulebookError

        case = Case.objects.filter(number=case_number).first()
        if case is None or not case.discretion:
            message = "找不到该案件" if case is None else "该案件没有冻结的裁量计算"
            self._out(json, {"case": case_number, "error": message}, message)
            sys.exit(2)
        try:
            result = discretion_replay(case)
        except RulebookError as exc:
            self._out(json, {"case": case_number, "error": exc.message, "code": exc.code}, f"无法复算：{exc.message}")
            sys.exit(1)
        payload = {
            "case": case.number,
            "matches": result.matches,
            "table_id": result.frozen.get("table_id"),
            "table_version": result.frozen.get("table_version"),
            "status": result.frozen.get("status"),
            "frozen_rulebook_version": result.frozen.get("rulebook_version"),
            "differences": result.differences,
        }
        text = (
            f"{case.number}：按基准版本 {payload['table_version']} 复算，结果一致"
            if result.matches
            else f"{case.number}：复算结果与冻结结果不一致（{len(result.differences)} 处）\n"
            + "\n".join(f"  {d['field']}: {d['frozen']} → {d['recomputed']}" for d in result.differences)
        )
        self._out(json, payload, text)
        sys.exit(0 if result.matches else 1)

    def _out(self, as_json: bool, payload: dict, text: str) -> None:
        if as_json:
            self.stdout.write(json.dumps(jsonable(payload), ensure_ascii=False))
        else:
            self.stdout.write(text)
