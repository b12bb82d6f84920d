"""``fazhi deadline RULE_ID --from YYYY-MM-DD …``: compute one statutory deadline and explain it.

Pure apart from two reads of the outside world, both optional: the legal date for ``--as-of`` (the
``FAZHI_LEGAL_TODAY`` setting or today in Asia/Shanghai) and the calendar years an administrator entered in
the database (``calendar_data.read_database_years``; failure means "repository tables only"). ``fazhi.cli``
calls ``main`` before Django starts so the command answers in a fraction of a second; the Django management
command ``deadline`` calls it too.

Exit codes: 0 computed · 1 other rulebook error (bad interval, unknown extension …) · 2 unknown rule or bad
arguments · 3 calendar year not loaded (unless ``--provisional``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from fazhi.rulebook.calendar import Calendar, YearTable
from fazhi.rulebook.deadlines import DeadlineResult, compute_deadline, get_rule
from fazhi.rulebook.errors import RulebookError

EXIT_OK, EXIT_ERROR, EXIT_UNKNOWN_RULE, EXIT_YEAR_NOT_LOADED = 0, 1, 2, 3

YearLoader = Callable[[], tuple[list[YearTable], str | None]]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


def _interval(value: str) -> tuple[Any, ...]:
    parts = value.split(":")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError(f"扣除期间格式应为 START:END:KIND：{value}")
    start, end = _date(parts[0]), _date(parts[1])
    return (start, end, parts[2]) if len(parts) == 3 else (start, end)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fazhi deadline", description="计算法定期限的届满日，并说明依据和计算过程（不需要数据库）。"
    )
    parser.add_argument("rule_id", help="期限规则编号，如 complaint.acceptance")
    parser.add_argument("--from", dest="start", type=_date, required=True, help="起算事件日（当日不计入）")
    parser.add_argument(
        "--suspend",
        action="append",
        type=_interval,
        default=[],
        metavar="START:END[:KIND]",
        help="扣除期间（含首尾两日），可重复；须写明该规则允许扣除的类型 KIND，如 suspension、hearing、testing",
    )
    parser.add_argument(
        "--extend",
        action="append",
        nargs="?",
        const="",
        default=[],
        metavar="ID[:LENGTH]",
        help="适用的延长方式（不写 ID 时取该规则的第一种延长方式）",
    )
    parser.add_argument("--selecting-date", type=_date, help="选择规则版本所依据的日期（默认为起算日）")
    parser.add_argument("--as-of", type=_date, help="计算已用/剩余天数的日期（默认今天）")
    parser.add_argument(
        "--provisional",
        action="store_true",
        help="节假日安排未载入的年份按《全国年节及纪念日放假办法》的法定节日临时计算（当事人的期间取最晚可能日，其他取最早可能日）",
    )
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    return parser


def legal_today() -> dt.date:
    """The CLI's clock read (same rule as fazhi.core.clock.legal_today, without Django)."""
    fixed = os.environ.get("FAZHI_LEGAL_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def default_year_loader() -> tuple[list[YearTable], str | None]:
    """Database years via the settings module (imported without starting Django)."""
    import importlib

    from fazhi.deadlines.calendar_data import read_database_years

    try:
        settings = importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "fazhi.settings"))
        database = settings.DATABASES["default"]
    except Exception as exc:  # no settings means no database years, never a crash
        return [], f"未能读取数据库设置（{type(exc).__name__}），仅使用规则库日历表"
    return read_database_years(database)


def _extensions(rule_id: str, start: dt.date, selecting: dt.date | None, raw: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for item in raw:
        if not item:
            version = get_rule(rule_id).version_on(selecting or start)
            if not version.extensions:
                raise RulebookError("deadline.unknown_extension", f"规则 {rule_id} 的该版本没有延长方式", rule=rule_id)
            item = version.extensions[0].id
        ext_id, _, length = item.partition(":")
        out.append((ext_id, int(length)) if length else ext_id)
    return out


def main(
    argv: Sequence[str] | None = None,
    *,
    year_loader: YearLoader | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command; returns the exit code (``fazhi.cli`` passes it to ``sys.exit``)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[2:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    tables, warning = (year_loader or default_year_loader)()
    calendar = Calendar.build(extra_years=tables) if tables else None
    as_of = args.as_of or legal_today()
    try:
        extensions = _extensions(args.rule_id, args.start, args.selecting_date, args.extend)
        result = compute_deadline(
            args.rule_id,
            args.start,
            calendar=calendar,
            excluded=args.suspend,
            extensions=extensions,
            selecting_date=args.selecting_date,
            as_of=as_of,
            provisional=args.provisional,
        )
    except RulebookError as exc:
        code = {
            "deadline.unknown_rule": EXIT_UNKNOWN_RULE,
            "calendar.year_not_loaded": EXIT_YEAR_NOT_LOADED,
        }.get(exc.code, EXIT_ERROR)
        params = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in exc.params.items()}
        if args.json:
            print(
                json.dumps({"error": {"code": exc.code, "message": exc.message, **params}}, ensure_ascii=False),
                file=out,
            )
        print(f"错误 [{exc.code}] {exc.message}", file=err)
        if exc.code == "deadline.unknown_rule" and params.get("suggestions"):
            print("相近的规则：" + "、".join(params["suggestions"]), file=err)
        return code
    if warning:
        print(f"提示：{warning}", file=err)
    if args.json:
        data = result.as_json()
        data["as_of"] = as_of.isoformat()
        data["status_label"] = result.status.label
        data["calendar_source"] = "tables+database" if tables else "tables"
        print(json.dumps(data, ensure_ascii=False), file=out)
    else:
        print(render_text(result), file=out)
    return EXIT_OK


def render_text(result: DeadlineResult) -> str:
    """The human-readable explanation (Chinese)."""
    lines = [
        f"届满日：{result.due.isoformat()}{'（临时结果）' if result.provisional else ''}",
        f"规则：{result.rule_id} {result.name}（{result.version} 起施行的版本）",
        f"期限：{result.length} {result.unit.label}，自 {result.start.isoformat()} 起算",
        f"期间性质：{result.bearer.label}" + ("" if result.bearer.rolls_forward else "（届满日不因节假日顺延）"),
        f"依据：{result.citation}",
        f"核对状态：{result.status.label}" + ("" if result.status.value == "TEXT" else " —— 使用前请核对原文"),
    ]
    if result.provisional:
        lines.append(f"临时结果：{result.provisional_reason}")
    if result.progress:
        lines.append(f"进度：{result.progress}")
    lines.append("计算过程：")
    lines.extend(f"  · {entry.note}" for entry in result.trace)
    return "\n".join(lines)
