"""``fazhi draw run …`` / ``fazhi draw verify RECORD``: the database-free draw commands (issue 5 §2, issue 12).

``fazhi.cli`` calls ``main`` before Django starts (Django's start-up alone costs ~0.6 s on the shared machine);
the Django management command ``draw`` calls it too. The work itself is in ``drawcli`` (pure helpers).

Exit codes (docs/draw-algorithm.md §5) — ``run``: 0 record written · 2 bad arguments or input (``draw.*`` code on
stderr) · 3 no lawful team assignment (the entities that cannot be staffed are named). ``verify``: 0 matches ·
1 differs (the fields are named) · 2 malformed or unreadable record · 4 the seed was fixed before the pool hash
was published (or another step out of order) · 5 a commitment does not open (the secret seed; in a full record
also the risk classes or the recusal reasons) · 6 the verification could not be finished (the second process
computing a full record's pool hash died or hung): nothing decided.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NoReturn, TextIO
from zoneinfo import ZoneInfo

from fazhi.inspections.drawcli import EXIT_MALFORMED, os_error_text, run_from_files, verify_file
from fazhi.rulebook.draws import DrawStaffingError
from fazhi.rulebook.errors import RulebookError

EXIT_UNSTAFFABLE = 3


# argparse's own messages (Python 3.11) in Chinese: the person at the terminal reads Chinese (issue 12's review).
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), r"参数 \1 的值 \2 不是整数"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"), r"参数 \1 的值 \2 无效，可选：\3"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面须给出一个值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"one of the arguments (.+) is required"), r"须给出以下参数之一：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): (.+)"), r"参数 \1：\2"),
)


def _chinese(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class _Parser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def error(self, message: str) -> NoReturn:  # argparse exits 2 on bad arguments: same as "malformed input"
        self.print_usage(sys.stderr)
        self.exit(EXIT_MALFORMED, f"参数错误：{_chinese(message)}\n")


def _ratios(text: str) -> dict[str, Decimal]:
    """``A=0.04,B=0.055`` → {"A": Decimal("0.04"), …}."""
    out = {}
    try:
        for part in text.split(","):
            key, value = part.split("=")
            out[key.strip()] = Decimal(value.strip())
    except (ValueError, InvalidOperation):
        raise argparse.ArgumentTypeError("分层比例应写成 A=0.04,B=0.055 的形式") from None
    return out


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="fazhi draw", description="双随机抽取：不需要数据库即可执行或验证一次抽取。")
    sub = p.add_subparsers(dest="action", required=True, metavar="{run,verify}")
    run = sub.add_parser("run", help="从 CSV 执行一次抽取并输出抽取记录文件")
    run.add_argument("--candidates", required=True, help="对象库 CSV：统一社会信用代码/uscc 列，可选 风险等级 列")
    mode = run.add_mutually_exclusive_group(required=True)
    mode.add_argument("--size", type=int, help="抽取数量")
    mode.add_argument("--strata", type=_ratios, help="分风险等级抽取比例，如 A=0.04,B=0.055,C=0.07,D=0.1")
    run.add_argument("--seed", required=True, help="随机种子：开奖号码（lottery）或系统密钥（secret）")
    run.add_argument(
        "--seed-kind",
        choices=["secret", "lottery"],
        default="secret",
        help="种子类型：secret 系统密钥（随名录库公布承诺值），lottery 开奖号码（须给出 --seed-fixed-at 开奖时间）",
    )
    run.add_argument("--seed-source", default="命令行 --seed 参数", help="随机种子来源说明")
    run.add_argument("--published-at", help="计划和名录库哈希公布时间（ISO 8601 带时区，默认现在）")
    run.add_argument("--seed-fixed-at", help="种子确定时间：开奖时间（lottery 必填）；系统密钥默认同 --published-at")
    run.add_argument("--drawn-at", help="抽取时间（默认同 --seed-fixed-at）")
    run.add_argument("--salt", help="隐藏风险等级的盐值（64 位十六进制；默认随机生成）")
    run.add_argument("--disclosure", choices=["full", "public"], default="full", help="输出完整记录或公开记录")
    run.add_argument("--officers", help="执法人员 CSV：执法证号/certificate 与 部门/department 列")
    run.add_argument("--team-size", type=int, default=2, help="每组人数（至少 2）")
    run.add_argument("--conflicts", help="回避申报 CSV：执法证号 与 统一社会信用代码 列，可选 原因 列")
    verify = sub.add_parser(
        "verify",
        help="重新执行抽取记录并比对：0 一致，1 不一致，2 格式错误，4 时间顺序不对，5 承诺值不符，6 校验未完成",
    )
    verify.add_argument("record", help="抽取记录文件")
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
    if args.seed_kind == "lottery" and not args.seed_fixed_at:
        print("参数错误：开奖号码种子须用 --seed-fixed-at 给出开奖时间（须晚于 --published-at）。", file=err)
        return EXIT_MALFORMED
    if args.officers is None and args.conflicts is not None:
        print("参数错误：--conflicts 需要与 --officers 一起使用（回避只在分配检查人员时适用）。", file=err)
        return EXIT_MALFORMED
    published = args.published_at or dt.datetime.now(ZoneInfo("Asia/Shanghai")).replace(microsecond=0).isoformat()
    try:
        run_from_files(
            out,
            args.candidates,
            args.seed,
            size=args.size,
            strata_ratios=args.strata,
            officers_csv=args.officers,
            team_size=args.team_size,
            conflicts_csv=args.conflicts,
            seed_kind=args.seed_kind,
            seed_source=args.seed_source,
            published_at=published,
            seed_fixed_at=args.seed_fixed_at,
            drawn_at=args.drawn_at,
            salt=args.salt,
            disclosure=args.disclosure,
        )
    except DrawStaffingError as exc:
        print(f"[{exc.code}] {exc.message}", file=err)
        for failure in exc.failures:
            print(f"  {failure.uscc}：{failure.reason}", file=err)
        return EXIT_UNSTAFFABLE
    except RulebookError as exc:
        print(f"[{exc.code}] {exc.message}", file=err)
        return EXIT_MALFORMED
    except OSError as exc:
        print(f"无法读取输入文件 {exc.filename or ''}：{os_error_text(exc)}", file=err)
        return EXIT_MALFORMED
    except UnicodeDecodeError as exc:
        print(f"无法读取输入文件：第 {exc.start + 1} 个字节起不是 UTF-8 或 GB18030 文本。", file=err)
        return EXIT_MALFORMED
    return 0
