"""Standalone draw helpers behind ``fazhi draw run`` and ``fazhi draw verify``: CSV in, record JSON out.

Pure Python, no Django and no database, so that anyone holding the CSV files or a published record can run or
check a draw (issue 5 §2, docs/draw-algorithm.md). The management commands only parse arguments, call these two
functions and print / exit with what they return.
"""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Sequence
from pathlib import Path

from fazhi.rulebook.draws import (
    Candidate,
    Conflict,
    DrawParameters,
    Inspector,
    Seed,
    SeedKind,
    record_json,
    run_draw,
    verify_record,
)
from fazhi.rulebook.errors import RulebookError

EXIT_MATCH = 0
EXIT_DIFFERS = 1
EXIT_MALFORMED = 2

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
    """Read a UTF-8 CSV (BOM or not); return per row the value of each required then optional column group."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
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
    candidates_csv: str | Path,
    size: int,
    seed_text: str,
    officers_csv: str | Path | None = None,
    team_size: int = 2,
    conflicts_csv: str | Path | None = None,
    *,
    seed_kind: SeedKind = "public_announced",
    seed_source: str = "命令行 --seed 参数",
) -> str:
    """Run a draw of ``size`` entities from CSV files and return the record as canonical JSON text.

    Without ``officers_csv`` no teams are assigned. Raises ``RulebookError`` (``draw.*`` codes, including
    ``draw.team_unstaffable`` naming the entities that cannot be staffed) for bad input.
    """
    inspectors = read_officers(officers_csv) if officers_csv is not None else None
    conflicts = read_conflicts(conflicts_csv) if conflicts_csv is not None else []
    record = run_draw(
        candidates=read_candidates(candidates_csv),
        parameters=DrawParameters(size=size, team_size=team_size),
        seed=Seed(kind=seed_kind, value=seed_text, source=seed_source),
        inspectors=inspectors,
        conflicts=conflicts,
    )
    return record_json(record)


def verify_file(path: str | Path) -> tuple[int, str]:
    """Re-run the draw record in ``path``: (0, …) when it matches, (1, what differs), (2, why it is malformed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return EXIT_MALFORMED, f"无法读取抽取记录 {path}：{exc}"
    # A record of a million candidates is millions of small objects: pause the cyclic GC while parsing (acyclic
    # data; its passes cost about a third of json.loads here).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return EXIT_MALFORMED, f"抽取记录不是有效的 JSON：{exc}"
    finally:
        if was_enabled:
            gc.enable()
    del text
    try:
        result = verify_record(record)
    except RulebookError as exc:
        return EXIT_MALFORMED, f"[{exc.code}] {exc.message}"
    if result.ok:
        return EXIT_MATCH, f"一致：重新执行抽取得到相同结果（record_hash {record['record_hash']}）。"
    return EXIT_DIFFERS, "不一致，以下字段与重新执行的结果不同：\n" + "\n".join(result.differences)
