"""``fazhi draw run …`` / ``fazhi draw verify RECORD.json``: the database-free draw commands (issue 5 §2).

``fazhi.cli`` calls ``main`` before Django starts (Django's start-up alone costs ~0.6 s on the shared machine);
the Django management command ``draw`` calls it too. The work itself is in ``drawcli`` (pure CSV helpers).

Exit codes — ``run``: 0 record printed · 2 bad arguments or input (``draw.*`` code on stderr) · 3 no lawful team
assignment (the entities that cannot be staffed are named). ``verify``: 0 matches · 1 differs (the fields are
named) · 2 malformed or unreadable record.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from fazhi.inspections.drawcli import EXIT_MALFORMED, run_from_files, verify_file
from fazhi.rulebook.draws import DrawStaffingError
from fazhi.rulebook.errors import RulebookError

EXIT_UNSTAFFABLE = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on bad arguments: same as "malformed input"
        self.print_usage(sys.stderr)
        self.exit(EXIT_MALFORMED, f"参数错误：{message}\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="fazhi draw", description="双随机抽取：不需要数据库即可执行或验证一次抽取。")
    sub = p.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="从 CSV 执行一次抽取并输出抽取记录（JSON）")
    run.add_argument("--candidates", required=True, help="对象库 CSV：统一社会信用代码/uscc 列，可选 风险等级 列")
    run.add_argument("--size", required=True, type=int, help="抽取数量")
    run.add_argument("--seed", required=True, help="随机种子（如事先公告的开奖号码）")
    run.add_argument("--seed-source", default="命令行 --seed 参数", help="随机种子来源说明")
    run.add_argument("--officers", help="执法人员 CSV：执法证号/certificate 与 部门/department 列")
    run.add_argument("--team-size", type=int, default=2, help="每组人数（至少 2）")
    run.add_argument("--conflicts", help="回避申报 CSV：执法证号 与 统一社会信用代码 列，可选 原因 列")
    run.add_argument("--json", action="store_true", help="输出抽取记录 JSON（默认即如此，保留以便脚本写明）")
    verify = sub.add_parser("verify", help="重新执行抽取记录并比对：0 一致，1 不一致，2 格式错误")
    verify.add_argument("record", help="抽取记录 JSON 文件")
    return p


def main(argv: Sequence[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``fazhi draw`` with ``argv`` (without the program and sub-command names); return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.action == "verify":
        code, message = verify_file(args.record)
        print(message, file=out if code == 0 else err)
        return code
    if args.officers is None and args.conflicts is not None:
        print("参数错误：--conflicts 需要与 --officers 一起使用（回避只在分配检查人员时适用）。", file=err)
        return EXIT_MALFORMED
    try:
        text = run_from_files(
            args.candidates,
            args.size,
            args.seed,
            args.officers,
            args.team_size,
            args.conflicts,
            seed_source=args.seed_source,
        )
    except DrawStaffingError as exc:
        print(f"[{exc.code}] {exc.message}", file=err)
        for failure in exc.failures:
            print(f"  {failure.uscc}：{failure.reason}", file=err)
        return EXIT_UNSTAFFABLE
    except RulebookError as exc:
        print(f"[{exc.code}] {exc.message}", file=err)
        return EXIT_MALFORMED
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取输入文件：{exc}", file=err)
        return EXIT_MALFORMED
    out.write(text + "\n")
    return 0
