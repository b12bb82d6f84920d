"""``fazhi credit sweep --year 2023 --as-of 2023-07-01 [--dry-run] [--json]``,
``fazhi credit risk-classes [--date D] [--dry-run] [--json]``, ``fazhi credit serious-candidates [--date D] [--json]``.

Exit codes: 0 done, 2 refused (the filing window of the swept year has not closed; bad arguments).
"""

from __future__ import annotations

import datetime as dt
import json as jsonlib
import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.clock import legal_today
from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError


def _date(value: str | None, what: str) -> dt.date:
    if value is None:
        return legal_today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{what} 日期格式应为 YYYY-MM-DD", returncode=2) from exc


class Command(BaseCommand):
    help = "信用监管：sweep 年报清查（列入经营异常名录/标记异常状态）；risk-classes 重算信用风险分类；serious-candidates 拟列入严重违法失信名单"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="年报期满后清查未报送年报的主体")
        sweep.add_argument("--year", type=int, required=True, help="清查年度（2023 = 清查 2022 年度报告）")
        sweep.add_argument("--as-of", dest="as_of", help="清查日（默认今天），须晚于报送期限")
        sweep.add_argument("--dry-run", action="store_true", help="只列出并计数，不作决定")
        sweep.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        sweep.add_argument("--batch-size", type=int, default=50_000)
        risk = sub.add_parser("risk-classes", help="按评分规则重算全部存续主体的信用风险分类")
        risk.add_argument("--date", help="计算日（默认今天）")
        risk.add_argument("--dry-run", action="store_true")
        risk.add_argument("--json", action="store_true")
        serious = sub.add_parser("serious-candidates", help="列入经营异常名录满3年仍在列的，拟列入严重违法失信名单")
        serious.add_argument("--date", help="计算日（默认今天）")
        serious.add_argument("--dry-run", action="store_true")
        serious.add_argument("--json", action="store_true")

    def handle(self, *args, action: str, **options):
        return getattr(self, "_" + action.replace("-", "_"))(**options)

    def _out(self, data: dict, as_json: bool, text: str) -> None:
        self.stdout.write(jsonlib.dumps(data, ensure_ascii=False) if as_json else text)

    def _sweep(self, *, year: int, as_of: str | None, dry_run: bool, json: bool, batch_size: int, **_):
        from fazhi.credit.sweep import annual_report_sweep

        day = _date(as_of, "--as-of")
        tty = sys.stderr.isatty() and not json

        def progress(done: int, total: int, listed: int) -> None:
            if tty:
                sys.stderr.write(f"\r  批次 {done}/{total}，已列入/标记 {listed} 户")
                sys.stderr.flush()

        try:
            with acting_as(None, label=f"年报清查 {year}"):
                result = annual_report_sweep(
                    year=year, as_of=day, dry_run=dry_run, batch_size=batch_size, progress=progress
                )
        except DomainError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}", returncode=2) from exc
        if tty:
            sys.stderr.write("\n")
        data = result.as_dict()
        lines = [
            f"{year} 年年报清查（{year - 1} 年度报告，清查日 {day}）{'【试运行，未作决定】' if dry_run else ''}",
            f"  列入经营异常名录（企业等）：{data['by_consequence'].get('abnormal_list', {}).get('annual_report', 0)} 户",
            f"  标记为经营异常状态（个体工商户）：{data['by_consequence'].get('abnormal_mark', {}).get('annual_report', 0)} 户",
            "  按主体类型：" + "，".join(f"{k} {v}" for k, v in sorted(data["by_kind"].items())),
        ]
        if dry_run:
            lines += [f"    {e['identifier']} {e['name']}" for e in result.examples]
            if result.total > len(result.examples):
                lines.append(f"    …… 共 {result.total} 户")
        self._out(data, json, "\n".join(lines))

    def _risk_classes(self, *, date: str | None, dry_run: bool, json: bool, **_):
        from fazhi.credit.risk import risk_classes_recompute

        day = _date(date, "--date")
        with acting_as(None, label="信用风险分类重算"):
            data = risk_classes_recompute(today=day, dry_run=dry_run)
        text = f"{day} 信用风险分类：" + "，".join(f"{k} 类 {v}" for k, v in data["by_class"].items())
        self._out(data, json, text + f"；变化 {data['changed']} 户{'（试运行）' if dry_run else ''}")

    def _serious_candidates(self, *, date: str | None, dry_run: bool, json: bool, **_):
        from fazhi.credit.selectors import abnormal_overdue_for_serious
        from fazhi.credit.services import serious_list_propose_overdue

        day = _date(date, "--date")
        if dry_run:
            n = abnormal_overdue_for_serious(today=day).count()
        else:
            with acting_as(None, label="严重违法失信名单拟列入"):
                n = len(serious_list_propose_overdue(today=day, actor=None))
        self._out({"date": day.isoformat(), "proposed": n, "dry_run": dry_run}, json, f"拟列入严重违法失信名单 {n} 户")
