"""``fazhi calendar list`` · ``fazhi calendar import FILE [--user NAME] [--json]`` ·
``fazhi calendar recompute --reason "…" [--json]``.

``import`` stores the year of a calendar-year file (docs/formats/calendar-year.md) as complete — replacing any
repository table of that year — recomputes every open deadline (provisional ones become final) and lists each
change. Run ``recompute`` after deploying new calendar or rule tables (a data change in the repository).

Exit codes: 0 done · 1 the file was refused (its problem on stderr, and as ``{"error": …}`` with ``--json``) ·
2 bad arguments or unknown user.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError
from fazhi.deadlines import selectors, services
from fazhi.deadlines.models import CalendarYear
from fazhi.deadlines.services.recompute import RecomputeReport


class Command(BaseCommand):
    help = "节假日安排：列出已载入的年份、导入某一年的正式安排，或在日历/规则变更后重算所有进行中的期限"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="列出各年份的来源（规则库表/数据库录入）")
        imp = sub.add_parser("import", help="导入一年的节假日安排文件并重算所有进行中的期限")
        imp.add_argument("file", help="YAML 或 JSON 文件，格式见 docs/formats/calendar-year.md")
        imp.add_argument("--user", help="执行导入的用户名（写入审计记录）")
        imp.add_argument("--json", action="store_true")
        recompute = sub.add_parser("recompute", help="重算所有进行中的期限并报告变化")
        recompute.add_argument("--reason", required=True, help="重算原因（写入审计记录）")
        recompute.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "list":
            return self._list()
        if action == "import":
            return self._import(options)
        with acting_as(None, label="命令行 fazhi calendar recompute"):
            report = services.deadlines_recompute(reason=options["reason"])
        self._report(report, as_json=options["json"], extra={})

    def _list(self) -> None:
        calendar = selectors.current_calendar()
        incomplete = set(CalendarYear.objects.filter(complete=False).values_list("year", flat=True))
        for year, table in calendar.years.items():
            source = "数据库录入" if table.source == "database" else "规则库表"
            self.stdout.write(f"{year}  {source}  {table.citation}  {table.status.label}")
        for year in sorted(incomplete):
            self.stdout.write(f"{year}  数据库录入（未声明完整，不参与计算）")
        self.stdout.write(f"进行中的临时期限：{selectors.provisional_open_count()} 个")

    def _import(self, options) -> None:
        actor = None
        if options.get("user"):
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"没有用户 {options['user']}", returncode=2)
        label = f"命令行 fazhi calendar import {Path(options['file']).name}"
        try:
            with acting_as(actor, label=label):
                saved = services.calendar_year_import(path=Path(options["file"]), actor=actor)
        except DomainError as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": {"code": exc.code, "message": exc.message}}, ensure_ascii=False))
            raise CommandError(f"导入失败：{exc.message}", returncode=1) from exc
        year = saved.calendar_year
        extra = {
            "year": year.year,
            "created": saved.created,
            "instrument": year.instrument,
            "notice_number": year.notice_number,
            "holidays": year.days.filter(kind="holiday").count(),
            "makeup_working_days": year.days.filter(kind="makeup_working").count(),
        }
        if not options["json"]:
            self.stdout.write(
                f"已{'录入' if saved.created else '替换'} {year.year} 年节假日安排：{year.instrument}"
                f"{('（' + year.notice_number + '）') if year.notice_number else ''}，"
                f"法定节假日 {extra['holidays']} 天，调休上班日 {extra['makeup_working_days']} 天。"
            )
        assert saved.report is not None  # an imported year is always complete
        self._report(saved.report, as_json=options["json"], extra=extra)

    def _report(self, report: RecomputeReport, *, as_json: bool, extra: dict) -> None:
        if as_json:
            data = {**extra, **report.summary(), "changes": [c.as_dict() for c in report.changes]}
            data.pop("sample", None)
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
            return
        self.stdout.write(
            f"重算完成：{len(report.moved)} 个期限的届满日改变，{len(report.finalised)} 个临时结果转为正式，"
            f"{report.unchanged} 个未变" + (f"，{len(report.failed)} 个无法计算" if report.failed else "") + "。"
        )
        for change in report.changes:
            self.stdout.write(f"  {change.text}")
        for pk, code in report.failed:
            self.stdout.write(f"  期限 {pk} 无法计算（{code}）")
        self.stdout.write(f"各业务记录上保存的期限：{report.copies_moved} 个日期随之改变。")
        for copy in report.copies:
            failed = f"，{copy.failed} 个无法计算" if copy.failed else ""
            self.stdout.write(f"  {copy.label}：核对 {copy.checked} 个，改变 {copy.moved} 个{failed}")
