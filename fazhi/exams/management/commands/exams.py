"""``fazhi exams load-bank [--file F] [--json]``: load a question bank file (default: the starter bank);
``fazhi exams verify-bank --laws-dir DIR [--file F]``: check every [TEXT] quote against a LawRefBook/Laws checkout;
``fazhi exams finalize``: submit sittings whose time ran out (run from a timer).

Exit codes: 0 done, 1 verification found mismatches, 2 refused (invalid bank file, bad arguments).
"""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.context import acting_as
from fazhi.core.errors import DomainError


class Command(BaseCommand):
    help = "学法用法考试：load-bank 载入题库；verify-bank 核对法条摘录；finalize 超时答卷自动交卷"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-bank", help="载入题库文件（默认：起始题库）")
        load.add_argument("--file", help="题库 YAML 文件")
        load.add_argument("--json", action="store_true")
        verify = sub.add_parser("verify-bank", help="用 LawRefBook/Laws 法律文本核对题库中的法条原文摘录")
        verify.add_argument(
            "--laws-dir",
            required=True,
            action="append",
            help="法律文本的本地目录：LawRefBook/Laws；程序规定另需 supermariao/laws（可重复指定，按顺序查找）",
        )
        verify.add_argument("--file", help="题库 YAML 文件")
        sub.add_parser("finalize", help="答题时间已到而未交卷的答卷自动交卷")

    def handle(self, *args, action: str, **options):
        return getattr(self, "_" + action.replace("-", "_"))(**options)

    def _read(self, file: str | None):
        from fazhi.exams import bank

        try:
            return bank.read_bank_file(Path(file) if file else bank.STARTER_BANK)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc

    def _load_bank(self, *, file: str | None, json: bool, **_):
        import yaml

        from fazhi.exams import bank, services

        path = Path(file) if file else bank.STARTER_BANK
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CommandError(f"无法读取题库文件 {path}：{exc}", returncode=2) from exc
        with acting_as(None, label="题库载入命令"):
            try:
                report = services.bank_load(document=document, actor=None)
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        data = {k: v for k, v in report.__dict__.items() if k != "codes"}
        text = (
            f"法律版本：新增 {report.laws_added}，更新 {report.laws_updated}；试题：新增 {report.questions_added}，"
            f"修订 {report.questions_revised}，未变 {report.questions_unchanged}"
        )
        self.stdout.write(jsonlib.dumps(data, ensure_ascii=False) if json else text)

    def _verify_bank(self, *, laws_dir: list[str], file: str | None, **_):
        from fazhi.exams.verify import verify

        laws, questions = self._read(file)
        checked, problems = verify(laws, questions, [Path(d) for d in laws_dir])
        for p in problems:
            self.stdout.write(f"{p.code} {p.article}：{p.reason}")
        self.stdout.write(f"核对 {checked} 题，不符 {len(problems)} 题")
        if problems:
            raise SystemExit(1)

    def _finalize(self, **_):
        from fazhi.exams import services

        with acting_as(None, label="考试计时（自动交卷）"):
            done = services.sittings_finalize_expired()
        self.stdout.write(f"自动交卷 {done} 份")
