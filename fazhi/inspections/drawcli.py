"""Standalone draw helpers behind ``fazhi draw run`` and ``fazhi draw verify``: CSV in, record file out.

Pure Python, no Django and no database, so that anyone holding the CSV files or a published record can run or
check a draw (issue 5 §2, issue 12, docs/draw-algorithm.md). The command line only parses arguments, calls these
functions and prints / exits with what they return.

A record file (``fazhi-draw/2``) is UTF-8 text: line 1 is the record head (canonical JSON), then one line per
candidate. ``verify_file`` reads the head, then streams the candidate lines in blocks — a record of a million
candidates is never held as one JSON value.
"""

from __future__ import annotations

import csv
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from fazhi.core import csvtext
from fazhi.rulebook.draws import (
    EXIT_COMMITMENT,
    EXIT_DIFFERS,
    EXIT_INCOMPLETE,
    EXIT_MALFORMED,
    EXIT_MATCH,
    EXIT_ORDER,
    Candidate,
    Conflict,
    Disclosure,
    DrawParameters,
    Inspector,
    Seed,
    SeedKind,
    Timeline,
    VerifyIncomplete,
    VerifyReport,
    freeze_candidates,
    freeze_conflicts,
    order_problems,
    parse_time,
    record_chunks,
    run_draw,
    seed_commitment,
    verify_stream,
)
from fazhi.rulebook.errors import RulebookError

__all__ = [
    "EXIT_COMMITMENT",
    "EXIT_DIFFERS",
    "EXIT_INCOMPLETE",
    "EXIT_MALFORMED",
    "EXIT_MATCH",
    "EXIT_ORDER",
    "read_candidates",
    "read_conflicts",
    "read_officers",
    "run_from_files",
    "verify_file",
]

BLOCK = 1 << 22  # 4 MiB per read while streaming the candidate lines

# Accepted column names: the Chinese header first, then the English one (either may be used).
USCC_COLUMNS = ("统一社会信用代码", "uscc")
RISK_COLUMNS = ("风险等级", "risk_class")
CERTIFICATE_COLUMNS = ("执法证号", "certificate")
DEPARTMENT_COLUMNS = ("部门", "department")
REASON_COLUMNS = ("原因", "reason")
DEFAULT_CONFLICT_REASON = "已申报回避"


def _read_rows(
    path: str | Path, required: Sequence[Sequence[str]], optional: Sequence[Sequence[str]] = ()
) -> list[list[str]]:
    """Read a CSV in UTF-8 (BOM or not) or GB18030 — the one encoding rule of the imports (fazhi.core.csvtext), so a
    list Excel saved as plain "CSV" on Chinese Windows reads as it does in the web import; return per row the value
    of each required then optional column group."""
    try:
        encoding = csvtext.detect_csv_encoding(lambda: _blocks(Path(path), 0))
    except csvtext.CsvEncodingError as exc:
        raise RulebookError("draw.csv_encoding", f"{Path(path).name}：{exc.message}", file=str(path)) from None
    with Path(path).open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        columns: list[int | None] = []
        for names in required:
            found = next((header.index(n) for n in names if n in header), None)
            if found is None:
                raise RulebookError(
                    "draw.csv_missing_column",
                    f"{Path(path).name} 缺少列 {' 或 '.join(names)}（第一行须为列名）。",
                    file=str(path),
                    column=names[0],
                )
            columns.append(found)
        for names in optional:
            columns.append(next((header.index(n) for n in names if n in header), None))
        rows = []
        for line in reader:
            if not any(cell.strip() for cell in line):
                continue  # blank lines (often at the end of a spreadsheet export)
            rows.append([line[c].strip() if c is not None and c < len(line) else "" for c in columns])
        return rows


def read_candidates(path: str | Path) -> list[Candidate]:
    """Candidates CSV: ``统一社会信用代码``/``uscc``, optional ``风险等级``/``risk_class``; USCCs upper-cased."""
    return [Candidate(u.upper(), r or None) for u, r in _read_rows(path, [USCC_COLUMNS], [RISK_COLUMNS])]


def read_officers(path: str | Path) -> list[Inspector]:
    """Officers CSV: ``执法证号``/``certificate`` and ``部门``/``department``."""
    return [Inspector(c, d) for c, d in _read_rows(path, [CERTIFICATE_COLUMNS, DEPARTMENT_COLUMNS])]


def read_conflicts(path: str | Path) -> list[Conflict]:
    """Conflicts CSV: certificate and USCC columns, optional ``原因``/``reason`` (default 已申报回避)."""
    rows = _read_rows(path, [CERTIFICATE_COLUMNS, USCC_COLUMNS], [REASON_COLUMNS])
    return [Conflict(c, u.upper(), r or DEFAULT_CONFLICT_REASON) for c, u, r in rows]


def run_from_files(
    out: TextIO,
    candidates_csv: str | Path,
    seed_text: str,
    *,
    size: int | None = None,
    strata_ratios: dict[str, Decimal] | None = None,
    officers_csv: str | Path | None = None,
    team_size: int = 2,
    conflicts_csv: str | Path | None = None,
    seed_kind: SeedKind = "secret",
    seed_source: str = "命令行 --seed 参数",
    published_at: str,
    seed_fixed_at: str | None = None,
    drawn_at: str | None = None,
    salt: str | None = None,
    disclosure: Disclosure = "full",
) -> str:
    """Run a draw from CSV files, write the record file to ``out`` and return its record hash.

    ``published_at`` is when the plan and the pool hash were published; the seed was fixed at ``seed_fixed_at``
    (default: the same moment for a secret, which must then have been committed with the pool) and the draw
    ran at ``drawn_at`` (default: when the seed was fixed). The salt hides the risk classes in the public
    record (a fresh random salt by default). Without ``officers_csv`` no teams are assigned. Raises
    ``RulebookError`` (``draw.*`` codes, including ``draw.team_unstaffable``) for bad input.
    """
    salt = salt or secrets.token_hex(32)
    parse_time("--published-at", published_at)
    fixed = seed_fixed_at or published_at
    drawn = drawn_at or fixed
    inspectors = read_officers(officers_csv) if officers_csv is not None else None
    conflicts = freeze_conflicts(read_conflicts(conflicts_csv) if conflicts_csv is not None else [], salt=salt)
    pool = freeze_candidates(read_candidates(candidates_csv), salt=salt)
    seed = Seed(
        kind=seed_kind,
        value=seed_text,
        source=seed_source,
        announced_at=published_at,
        fixed_at=fixed,
        confirmed_at=drawn if seed_kind == "lottery" else None,
        commitment=seed_commitment(seed_text) if seed_kind == "secret" else None,
    )
    timeline = Timeline(plan_published_at=published_at, pool_published_at=published_at, drawn_at=drawn)
    problems = order_problems(seed, timeline)
    if problems:  # a record that ``verify`` would refuse with exit 4 is not written
        raise RulebookError(
            "draw.order", "时间顺序不对，不生成抽取记录：" + "；".join(problems) + "。", field="--seed-fixed-at"
        )
    head = run_draw(
        pool=pool,
        parameters=DrawParameters(size=size, strata_ratios=strata_ratios, team_size=team_size),
        seed=seed,
        timeline=timeline,
        inspectors=inspectors,
        conflicts=conflicts,
    )
    for chunk in record_chunks(head, pool, disclosure=disclosure, conflicts=conflicts):
        out.write(chunk)
    return str(head["record_hash"])


def _blocks(path: Path, start: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(start)
        while block := fh.read(BLOCK):
            yield block


class SpawnedPoolHash:
    """``full_pool_hash`` of a record file's candidate lines, computed by a second Python process
    (``python -m fazhi.inspections.poolhash``) while this one checks and ranks the same lines: a full record needs
    two SHA-256 per candidate, one for each side, so on two cores the command waits for about half of it
    (docs/benchmarks.md #12). Threads cannot share this work: ``hashlib`` holds the interpreter lock for inputs
    under 2 KiB, and each candidate's commitment is one such input.

    A separate interpreter rather than a fork, so that a caller with threads is safe. The salt goes through a pipe,
    never the command line. If the process dies, answers anything but 64 hex digits, or has not answered
    ``max(MIN_WAIT, time the pass took)`` seconds after it is asked, ``result()`` kills it and raises
    ``VerifyIncomplete``: ``fazhi draw verify`` then exits ``EXIT_INCOMPLETE`` (6) and decides nothing."""

    MIN_WAIT = 60.0

    def __init__(self, path: Path, start: int, salt: str) -> None:
        self.started = time.monotonic()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            self.proc = subprocess.Popen(
                self.command(path, start),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError as exc:
            raise VerifyIncomplete(
                f"校验未完成：无法启动计算名录库哈希的第二个进程（{exc}）。记录未被判定。", reason="worker_failed"
            ) from None
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(salt.encode("ascii") + b"\n")
            self.proc.stdin.close()
        except OSError:  # it died at once: ``result()`` reports how
            pass

    @staticmethod
    def command(path: Path, start: int) -> list[str]:
        return [sys.executable, "-m", "fazhi.inspections.poolhash", str(path), str(start)]

    def result(self) -> str:
        wait = max(self.MIN_WAIT, time.monotonic() - self.started)
        try:
            self.proc.wait(timeout=wait)  # the answer is 64 bytes, an error one line: the pipes never fill
        except subprocess.TimeoutExpired:
            self.cancel()
            raise VerifyIncomplete(
                f"校验未完成：计算名录库哈希的第二个进程 {wait:.0f} 秒内没有结果，已终止。记录未被判定，请重新运行。",
                reason="timeout",
            ) from None
        assert self.proc.stdout is not None and self.proc.stderr is not None
        out, err = self.proc.stdout.read(), self.proc.stderr.read()
        self._close()
        answer = out.decode("ascii", "replace")
        if self.proc.returncode != 0 or len(answer) != 64 or not set(answer) <= set("0123456789abcdef"):
            detail = err.decode("utf-8", "replace").strip()[-300:] or f"退出码 {self.proc.returncode}"
            raise VerifyIncomplete(
                f"校验未完成：计算名录库哈希的第二个进程异常结束（{detail}）。记录未被判定，请重新运行。",
                reason="worker_failed",
            )
        return answer

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close()

    def _close(self) -> None:
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


# A full record smaller than this is verified in one process (starting a second costs more than it saves).
SECOND_PROCESS_ABOVE_BYTES = 4 << 20


def verify_record_file(path: str | Path, *, second_process: bool | None = None) -> VerifyReport:
    """Verify the record file at ``path`` (raises ``RulebookError`` ``draw.malformed_record`` or
    ``draw.verify_incomplete``, or ``OSError``).

    ``second_process``: compute a full record's pool hash in a second process (``SpawnedPoolHash``); by default
    when the file is larger than ``SECOND_PROCESS_ABOVE_BYTES`` and the machine has more than one CPU."""
    path = Path(path)
    with path.open("rb") as fh:
        first = fh.readline()
        start = fh.tell()
        size = os.fstat(fh.fileno()).st_size
    try:
        head_line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulebookError(
            "draw.malformed_record", f"记录头不是 UTF-8 文本（第 {exc.start + 1} 个字节起无法解码）。", field="记录头"
        ) from None
    if second_process is None:
        second_process = size > SECOND_PROCESS_ABOVE_BYTES and (os.cpu_count() or 1) > 1
    worker = (lambda salt: SpawnedPoolHash(path, start, salt)) if second_process else None
    return verify_stream(head_line, lambda: _blocks(path, start), pool_hash_worker=worker)


def os_error_text(exc: OSError) -> str:
    """Why a file could not be read, in Chinese (the operating system's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在。"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件。"
    if isinstance(exc, PermissionError):
        return "没有读取权限。"
    return f"读取失败（系统错误码 {exc.errno}）。"


def report_text(report: VerifyReport) -> str:
    """The verification outcome in Chinese: verdict, what failed, what was checked and what could not be."""
    verdict = {
        EXIT_MATCH: f"一致：重新执行抽取得到相同结果（record_hash {report.record_hash}）。",
        EXIT_DIFFERS: "不一致：以下字段与重新执行的结果不同。",
        EXIT_ORDER: "时间顺序不对：随机种子必须在名录库哈希公布之后才确定（先公布计划和名录库，再确定种子，再抽取）。",
        EXIT_COMMITMENT: "承诺值不符：公布的内容与事先公布的承诺值对不上。",
    }[report.exit_code]
    lines = [verdict]
    for title, items in (("时间顺序", report.order), ("承诺值", report.commitments), ("不一致", report.differences)):
        lines += [f"  {title}：{item}" for item in items]
    kind = "完整记录" if report.disclosure == "full" else "公开记录"
    if report.exit_code == EXIT_MATCH:
        lines.append(f"已核对（{kind}）：")
        lines += [f"  ✓ {item}" for item in report.checked]
    else:  # an item listed here may be the one that failed above: no tick
        lines.append(f"核对了以下项目（{kind}；未通过之处见上）：")
        lines += [f"  · {item}" for item in report.checked]
    if report.unchecked:
        lines.append("本记录无法核对：")
        lines += [f"  · {item}" for item in report.unchecked]
    return "\n".join(lines)


def verify_file(path: str | Path) -> tuple[int, str]:
    """Verify the record in ``path``: (exit code, message) — 0 match, 1 differs, 2 malformed or unreadable,
    4 seed fixed before the pool hash was published (or another order violation), 5 a commitment does not open,
    6 the verification could not be finished (its second process died or hung): nothing decided."""
    try:
        report = verify_record_file(path)
    except OSError as exc:
        return EXIT_MALFORMED, f"无法读取抽取记录 {path}：{os_error_text(exc)}"
    except VerifyIncomplete as exc:
        return EXIT_INCOMPLETE, f"[{exc.code}] {exc.message}"
    except RulebookError as exc:
        return EXIT_MALFORMED, f"[{exc.code}] {exc.message}"
    return report.exit_code, report_text(report)
