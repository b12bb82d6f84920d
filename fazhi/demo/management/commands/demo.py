"""``fazhi demo``: generate the demo district (if absent) and serve it; see docs/demo.md."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import DomainError
from fazhi.demo.accounts import accounts_table
from fazhi.demo.context import SCALES, DemoContext
from fazhi.demo.services import finished_run, generate_demo

# DemoRun.seed is an integer column (32 bits on PostgreSQL): the seeds that fit on both databases.
SEED_MIN, SEED_MAX = -(2**31), 2**31 - 1


def _seed(value: str) -> int:
    """``--seed``: an integer the run can be recorded with; otherwise a Chinese message before anything is written."""
    text = value.strip()
    number = int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None
    if number is None or not SEED_MIN <= number <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"随机种子应为 {SEED_MIN} 到 {SEED_MAX} 之间的整数，得到“{value[:30]}”")
    return number


def _port() -> str:
    return os.environ.get("PORT", "8000")


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # printing the accounts must not depend on every URLconf importing
    help = "生成演示辖区（东丽区式的模拟数据）并启动服务；--no-serve 只生成，--accounts 只打印演示账号"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=_seed, default=2023, help="随机种子：相同种子生成完全相同的数据（默认 2023）"
        )
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="full", help="规模：full（约 10.3 万户）或 small"
        )
        parser.add_argument("--no-serve", action="store_true", help="只生成，不启动服务")
        parser.add_argument("--if-absent", action="store_true", help="已有演示数据时什么也不做")
        parser.add_argument("--force", action="store_true", help="清空全部业务数据后重新生成")
        parser.add_argument("--accounts", action="store_true", help="只打印地址和演示账号")
        parser.add_argument("--only", nargs="*", help="只运行这些模块的生成器（调试用，如 registry demo）")
        parser.add_argument(
            "--check",
            action="store_true",
            help="只核对：已生成的演示数据的年度指标是否接近参考报告的数字（退出码 1 表示有偏差）",
        )

    def handle(self, *args, seed, scale, no_serve, if_absent, force, accounts, only, check, verbosity, **options):
        if accounts:
            self._print_accounts()
            return
        if check:
            self._check()
            return
        serve = not no_serve
        # A fresh database (a new machine, another DATABASE_URL) is set up first: the demo is a set-up command.
        call_command("migrate", interactive=False, verbosity=0)
        present = finished_run()
        if present is not None and not force and (if_absent or serve):
            self.stdout.write(
                f"演示数据已存在（种子 {present.seed}，规模 {present.scale}，"
                f"生成于 {present.finished_at:%Y-%m-%d %H:%M}），跳过生成。如需重建：fazhi demo --force --no-serve"
            )
        else:
            self.stdout.write(f"正在生成演示辖区（种子 {seed}，规模 {scale}）…")
            try:
                run = generate_demo(
                    seed=seed, scale=scale, force=force, verbose=verbosity > 0, only=only, echo=self.stdout.write
                )
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(self.style.SUCCESS(f"演示数据已生成，共用时 {run.timings['total']:.1f} 秒。"))
        if serve:
            self._print_accounts()
            self._serve()

    def _check(self) -> None:
        from fazhi.core.metrics import compute_all
        from fazhi.demo import figures

        run = finished_run()
        if run is None:
            raise CommandError("还没有演示数据：请先运行 fazhi demo --no-serve")
        year = DemoContext().year
        values = compute_all(year)
        deviations = figures.compare(values, run.scale)
        for line in deviations:
            self.stdout.write(f"✗ {line}")
        previous = figures.compare_previous(compute_all(year - 1), run.scale)
        for line in previous:
            self.stdout.write(f"✗ 上年（{year - 1}年）{line}")
        deviations += previous
        missing = figures.unbuilt(values)
        if missing:
            self.stdout.write("尚无模块计算的参考数字：" + "、".join(missing))
        checked = len([m for m in figures.seed_figures() if m in values])
        if deviations:
            raise CommandError(
                f"{len(deviations)} 项指标偏离参考报告或上年设计数字（共核对 {checked} 项指标的两年数字）"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{checked} 项指标均在参考报告数字的允许偏差内，上年数字齐全且合理（种子 {run.seed}，规模 {run.scale}）"
            )
        )

    def _print_accounts(self) -> None:
        from fazhi.core.models import User
        from fazhi.demo.accounts import DEMO_ACCOUNTS

        if not User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).exists():
            raise CommandError("还没有演示账号：请先运行 fazhi demo --no-serve（或 make demo）")
        self.stdout.write(accounts_table(f"http://127.0.0.1:{_port()}/"))

    def _serve(self) -> None:
        """Replace this process by granian, exactly as ``make serve`` starts it (PORT overrides 8000)."""
        granian = Path(sys.executable).with_name("granian")
        program = str(granian) if granian.exists() else shutil.which("granian")
        if program is None:
            raise CommandError("找不到 granian：请先安装依赖（make install），或用 make demo 启动")
        # The demo district is a snapshot of early 2024: serve it with that legal date (as make demo does).
        demo_today = os.environ.setdefault("FAZHI_LEGAL_TODAY", DemoContext().today.isoformat())
        self.stdout.write(f"正在启动：http://127.0.0.1:{_port()}/   （Ctrl-C 停止；演示数据的法定日期为 {demo_today}）")
        sys.stdout.flush()
        argv = ["granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", _port()]
        argv += ["--workers", "2", "--blocking-threads", "4", "fazhi.wsgi:application"]
        os.execv(program, argv)
