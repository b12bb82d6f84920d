"""Reading an uploaded spreadsheet without letting it take the server down (issue 14 §7).

A 1.7 KB XLSX with one cell at XFD1048576 makes python-calamine allocate a dense range of 16,384 × 1,048,576
cells (549 GB): the allocation fails inside Rust, which aborts the whole process — in a web worker, the
server. So a spreadsheet is never opened by the reader inside the importing process:

1. ``inspect_workbook`` checks the zip container with the standard library before any reader sees it: the
   number of entries, each entry's and the total uncompressed size, the compression ratio (zip bombs), the
   number of sheets, the shared-strings size, the first sheet's declared ``<dimension>`` and the cell
   references it actually uses beyond column Z or row 999,999. Each refusal is a ``SheetRejected`` with a
   stable code and a Chinese message.
2. ``convert_to_csv`` runs the reader in a child process (``python -m fazhi.core.spreadsheets``) that first
   limits its own address space (``RLIMIT_AS``) and CPU time, refuses sheets wider or longer than the caps, and
   writes the first sheet as UTF-8 CSV (every cell as text). If the reader still dies (an allocation the
   checks could not foresee, a crash in the reader), only the child dies; the importer answers with a file
   error.

This module imports only the standard library at module level, so the child starts in about 0.1 s and
never loads Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MiB = 1 << 20
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")


@dataclass(frozen=True)
class SheetLimits:
    """Caps for one spreadsheet. The defaults fit the largest legitimate file (a full 1,048,576-row sheet of a
    registration system's export, about 20 columns) with room to spare; settings can lower them."""

    max_file_bytes: int = 300 * MiB
    max_entries: int = 5_000
    max_sheets: int = 100
    max_entry_bytes: int = 2048 * MiB  # one XML part, uncompressed
    max_total_bytes: int = 3072 * MiB  # all parts, uncompressed (as declared in the zip directory)
    max_shared_strings_bytes: int = 512 * MiB
    max_ratio: int = 250  # uncompressed / compressed for parts above 1 MiB; real XML compresses 5–40×
    max_rows: int = 1_048_576 + 1
    max_columns: int = 256
    max_cells: int = 40_000_000  # rows × columns of the dense range the reader allocates
    memory_bytes: int = 3072 * MiB  # the child's address space
    cpu_seconds: int = 900
    timeout_seconds: int = 1200


class SheetRejected(Exception):
    """The spreadsheet cannot be read safely; ``code`` is one of the ``file.*`` codes of docs/formats."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------- the cell grid


_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``(row, column)`` of a cell reference such as ``XFD1048576``; None when it is not one."""
    m = _CELL_REF.match(ref.strip().upper())
    if not m:
        return None
    return int(m[2]), column_number(m[1])


def dimension_size(ref: str) -> tuple[int, int] | None:
    """``(rows, columns)`` spanned by a ``<dimension ref="A1:XFD1048576"/>`` value (from A1, as readers allocate)."""
    corners = [parse_ref(p) for p in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return None
    rows = max(c[0] for c in corners if c is not None)
    cols = max(c[1] for c in corners if c is not None)
    return rows, cols


def _size_text(rows: int, cols: int) -> str:
    return f"{rows:,} 行 × {cols:,} 列"


def _check_grid(rows: int, cols: int, limits: SheetLimits, *, what: str) -> None:
    if cols > limits.max_columns:
        raise SheetRejected(
            "file.sheet_too_large",
            f"工作表{what}有 {cols:,} 列，超过上限 {limits.max_columns} 列：请删除多余的列（或整张另存为只含数据的新表）后再导入",
        )
    if rows > limits.max_rows:
        raise SheetRejected(
            "file.sheet_too_large",
            f"工作表{what}有 {rows:,} 行，超过上限 {limits.max_rows - 1:,} 行数据：请拆分为几个文件分别导入",
        )
    if rows * cols > limits.max_cells:
        raise SheetRejected(
            "file.sheet_too_large",
            f"工作表{what}的范围为 {_size_text(rows, cols)}，超过 {limits.max_cells:,} 个单元格的上限："
            "请删除远处的空白或杂项单元格（Ctrl+End 可定位到最后一个单元格），或拆分文件",
        )


# ---------------------------------------------------------------- inspecting the container

_ATTR = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\s[^>]*>")
_REL_TAG = re.compile(r"<(?:\w+:)?Relationship\s[^>]*>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]{1,40})"')
# Cell or row references beyond column Z or beyond row 999,999: rare in real files, so the scan is cheap.
_WIDE_REF = re.compile(rb'\sr="([A-Z]{2,3})([0-9]{1,9})"')
_DEEP_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{7,})"')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _attrs(tag: str) -> dict[str, str]:
    return {k.split(":")[-1]: v for k, v in _ATTR.findall(tag)}


def _read_small(book: zipfile.ZipFile, name: str, cap: int = 16 * MiB) -> str:
    info = book.getinfo(name)
    if info.file_size > cap:
        raise SheetRejected(
            "file.xlsx_invalid", f"工作簿结构文件 {name} 异常庞大（{info.file_size // MiB} MB），无法读取"
        )
    data = book.read(name)
    if _DTD.search(data):
        raise SheetRejected("file.xlsx_invalid", "工作簿含有 DTD/实体声明（Excel 不会生成），拒绝读取")
    return data.decode("utf-8", errors="replace")


def _first_sheet_part(book: zipfile.ZipFile, names: set[str]) -> tuple[str | None, int]:
    """The zip path of the first worksheet (the one the importer reads) and the number of sheets."""
    if "xl/workbook.xml" not in names:
        return None, 0
    workbook = _read_small(book, "xl/workbook.xml")
    sheets = [_attrs(t) for t in _SHEET_TAG.findall(workbook)]
    if not sheets:
        return None, 0
    rel_id = sheets[0].get("id", "")
    target = None
    if "xl/_rels/workbook.xml.rels" in names:
        for tag in _REL_TAG.findall(_read_small(book, "xl/_rels/workbook.xml.rels")):
            attrs = _attrs(tag)
            if attrs.get("Id") == rel_id:
                target = attrs.get("Target", "")
                break
    if target:
        target = target.lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        part = os.path.normpath(part).replace(os.sep, "/")
        if part in names:
            return part, len(sheets)
    guess = "xl/worksheets/sheet1.xml"
    return (guess if guess in names else None), len(sheets)


def inspect_workbook(path: Path, limits: SheetLimits = SheetLimits()) -> dict[str, Any]:
    """Check a spreadsheet before any reader opens it; raise ``SheetRejected`` naming what is wrong.

    Returns what was found (for logs and tests): entries, total uncompressed bytes, sheets, declared and used
    ranges of the first sheet.
    """
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise SheetRejected(
            "file.too_large", f"文件有 {size / MiB:.0f} MB，超过 {limits.max_file_bytes // MiB} MB 的上限：请拆分后导入"
        )
    suffix = path.suffix.lower()
    if suffix not in ZIP_SUFFIXES:
        return {"container": "binary"}  # .xls: no container to inspect; the child's limits still apply
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetRejected("file.xlsx_invalid", "无法读取 Excel 文件：文件已损坏，或不是 xlsx 格式") from exc
    with book:
        infos = book.infolist()
        if len(infos) > limits.max_entries:
            raise SheetRejected("file.xlsx_invalid", f"工作簿内部含 {len(infos):,} 个部件，远超正常文件，拒绝读取")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise SheetRejected("file.xlsx_encrypted", "工作簿已加密或设有打开密码：请取消密码后另存再导入")
            total += info.file_size
            if info.file_size > limits.max_entry_bytes:
                raise SheetRejected(
                    "file.zip_bomb",
                    f"工作簿部件 {info.filename[:60]} 解压后有 {info.file_size / MiB:,.0f} MB，超过上限：文件异常，拒绝读取",
                )
            if info.file_size > MiB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise SheetRejected(
                    "file.zip_bomb",
                    f"工作簿部件 {info.filename[:60]} 的压缩比异常（{info.file_size // max(info.compress_size, 1):,} 倍），"
                    "疑似“压缩炸弹”，拒绝读取",
                )
        if total > limits.max_total_bytes:
            raise SheetRejected(
                "file.zip_bomb",
                f"工作簿解压后共 {total / MiB:,.0f} MB，超过 {limits.max_total_bytes // MiB:,} MB 的上限",
            )
        names = {i.filename for i in infos}
        found: dict[str, Any] = {"container": "zip", "entries": len(infos), "uncompressed": total}
        if suffix == ".ods":
            return found  # ODS (content.xml) is bounded by the child's limits
        strings = book.NameToInfo.get("xl/sharedStrings.xml")
        if strings is not None and strings.file_size > limits.max_shared_strings_bytes:
            raise SheetRejected(
                "file.sheet_too_large",
                f"工作簿的共享字符串表有 {strings.file_size / MiB:,.0f} MB，超过 "
                f"{limits.max_shared_strings_bytes // MiB} MB 的上限：请删除无关的工作表或内容后再导入",
            )
        try:
            part, sheet_count = _first_sheet_part(book, names)
            found["sheets"] = sheet_count
            if sheet_count > limits.max_sheets:
                raise SheetRejected(
                    "file.too_many_sheets",
                    f"工作簿有 {sheet_count:,} 张工作表，超过 {limits.max_sheets} 张的上限：只保留要导入的那一张（导入只读第一张）",
                )
            if part is None:
                raise SheetRejected("file.empty", "工作簿中没有工作表")
            found.update(_scan_sheet(book, part, limits))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            # A damaged or lying container (sizes or CRC that do not match, an unsupported compression method).
            raise SheetRejected("file.xlsx_invalid", f"无法读取 Excel 文件：文件已损坏（{str(exc)[:100]}）") from exc
    return found


def _scan_sheet(book: zipfile.ZipFile, part: str, limits: SheetLimits) -> dict[str, Any]:
    """Declared dimension and the far cell references of the first sheet, read as a stream (bounded memory)."""
    found: dict[str, Any] = {}
    max_row = max_col = 0
    tail = b""
    head_checked = False
    with book.open(part) as fh:
        while block := fh.read(4 * MiB):
            data = tail + block
            if not head_checked:
                head_checked = True
                if _DTD.search(data[:4096]):
                    raise SheetRejected("file.xlsx_invalid", "工作表含有 DTD/实体声明（Excel 不会生成），拒绝读取")
                m = _DIMENSION.search(data[:65536])
                if m:
                    ref = m[1].decode("ascii", errors="replace")
                    found["dimension"] = ref
                    span = dimension_size(ref)
                    if span is not None:
                        _check_grid(*span, limits, what=f"声明的范围 {ref} ")
            for m in _WIDE_REF.finditer(data):
                max_col = max(max_col, column_number(m[1].decode()))
                max_row = max(max_row, int(m[2]))
            for m in _DEEP_REF.finditer(data):
                max_row = max(max_row, int(m[2]))
                if m[1]:
                    max_col = max(max_col, column_number(m[1].decode()))
            if max_row or max_col:
                _check_grid(max(max_row, 1), max(max_col, 1), limits, what="实际使用")
            tail = data[-64:]
    found["far_row"], found["far_column"] = max_row, max_col
    return found


# ---------------------------------------------------------------- the child process


def cell_text(value: Any) -> str:
    """Every cell as the text a person sees: integers without ``.0``, dates as ``YYYY-MM-DD``, booleans 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


EXIT_TOO_LONG, EXIT_TOO_WIDE, EXIT_EMPTY, EXIT_UNREADABLE = 3, 4, 5, 6


def _child_main(argv: list[str]) -> int:
    src, dst, max_rows, max_columns, memory, cpu = argv[0], argv[1], *map(int, argv[2:6])
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(src)
        if not book.sheet_names:
            return EXIT_EMPTY
        sheet = book.get_sheet_by_index(0)
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several error types for damaged files
        sys.stderr.write(f"{type(exc).__name__}: {str(exc)[:300]}\n")
        return EXIT_UNREADABLE
    # ``iter_rows`` starts at row 1 but at the first used column: pad the columns back to A so that the header
    # is the sheet's first row and row numbers are the sheet's own. ``total_*`` are 0-based end indexes.
    first_col = (sheet.start or (0, 0))[1]
    if sheet.total_width + 1 > max_columns:
        sys.stderr.write(f"width {sheet.total_width + 1}\n")
        return EXIT_TOO_WIDE
    if sheet.total_height + 1 > max_rows:
        sys.stderr.write(f"height {sheet.total_height + 1}\n")
        return EXIT_TOO_LONG
    written = 0
    pad = [""] * first_col
    with open(dst, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for row in sheet.iter_rows():
            writer.writerow([*pad, *(cell_text(c) for c in row)])
            written += 1
    return 0 if written else EXIT_EMPTY


def convert_to_csv(path: Path, dest: Path, limits: SheetLimits = SheetLimits()) -> None:
    """Write the first sheet of ``path`` to ``dest`` as UTF-8 CSV, read in a memory-limited child process."""
    cmd = [
        sys.executable,
        "-I",  # isolated: no user site, no PYTHON* variables, no current directory on the path
        "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); from fazhi.core.spreadsheets import _child_main; "
        "sys.exit(_child_main(sys.argv[2:]))",
        _package_root(),
        str(path),
        str(dest),
        str(limits.max_rows),
        str(limits.max_columns),
        str(limits.memory_bytes),
        str(limits.cpu_seconds),
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "RUST_BACKTRACE": "0", "LANG": "C.UTF-8"}
    try:
        proc = subprocess.run(  # fixed interpreter and arguments, no shell
            cmd, env=env, capture_output=True, timeout=limits.timeout_seconds, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SheetRejected(
            "file.sheet_too_large", f"读取工作表超过 {limits.timeout_seconds} 秒仍未完成：文件过大或异常，请拆分后导入"
        ) from exc
    code = proc.returncode
    if code == 0:
        return
    if code == EXIT_TOO_WIDE:
        raise SheetRejected(
            "file.sheet_too_large",
            f"工作表超过 {limits.max_columns} 列：请删除多余的列（或远处的杂项单元格）后再导入",
        )
    if code == EXIT_TOO_LONG:
        raise SheetRejected(
            "file.sheet_too_large", f"工作表超过 {limits.max_rows - 1:,} 行数据：请拆分为几个文件分别导入"
        )
    if code == EXIT_EMPTY:
        raise SheetRejected("file.empty", "工作表是空的：第一行应为表头")
    if code == EXIT_UNREADABLE:
        detail = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        raise SheetRejected("file.xlsx_invalid", f"无法读取 Excel 文件（文件可能已损坏或不是 xlsx）：{detail[0][:200]}")
    # Killed by a signal (SIGABRT from a failed allocation, SIGKILL/SIGXCPU at the limits) or a MemoryError.
    raise SheetRejected(
        "file.sheet_too_large",
        f"读取工作表所需内存超过 {limits.memory_bytes // MiB:,} MB 的上限（或读取器异常终止）：文件过大或含有远处的单元格，"
        "请另存为只含数据区域的新文件，或拆分后导入",
    )


def _package_root() -> str:
    return str(Path(__file__).resolve().parent.parent.parent)
