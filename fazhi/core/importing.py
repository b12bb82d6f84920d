"""The import framework every ``fazhi import KIND FILE`` uses.

A file is read (CSV in UTF-8 or GB18030, detected; or XLSX through python-calamine with every cell
as text), its Chinese headers mapped to column keys (English aliases allowed), each row checked by
the importer's column parsers, and the good rows handed to the importer's ``apply`` in one
transaction. A rejected row never stops the good ones; every reject names row, column, code and a
Chinese message, and all rejects go to an error file (the original columns plus 错误原因) that the
user can fix and import again. Re-importing the same file changes nothing.

Contract (docs/formats/README.md): ``--json`` prints exactly one object
``{"created", "updated", "unchanged", "rejected", "errors": [{"row", "column", "code", "message"}],
"error_file"}``; exit 0 when the file was read, 2 when it is unreadable.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MAX_CELL_CHARS = 4000  # a longer cell is a data error (10 MB cells must not reach the database)
MAX_ERRORS_IN_SUMMARY = 1000


class ImportFileError(Exception):
    """The file itself cannot be used (exit code 2)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class CellError(Exception):
    """A parser rejects one cell."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Column:
    """One column: its key, the headers it may appear under, and a parser (str -> value)."""

    key: str
    headers: tuple[str, ...]
    required: bool = True
    parse: Callable[[str], Any] = lambda s: s
    max_chars: int = MAX_CELL_CHARS

    @property
    def label(self) -> str:
        return self.headers[0]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors[:MAX_ERRORS_IN_SUMMARY]],
            "error_file": self.error_file,
        }


# ---------------------------------------------------------------- reading files


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"[\s:：*（）()]", "", text).lower()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFileError("file.encoding", "无法识别文件编码：请另存为 UTF-8 或 GB18030 编码的 CSV") from exc
    return text


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header row and an iterator over data rows (lists of text cells)."""
    if not path.exists() or not path.is_file():
        raise ImportFileError("file.missing", f"找不到文件 {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _read_spreadsheet(path)
    if suffix in (".csv", ".txt", ""):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ImportFileError("file.unreadable", f"无法读取文件：{exc}") from exc
        if b"\x00" in raw[:4096]:
            raise ImportFileError("file.binary", "文件不是文本格式的 CSV（含有二进制内容）；请导出为 CSV 或 XLSX")
        text = _decode(raw)
        csv.field_size_limit(max(sys.maxsize // 4, 2**31 - 1) if os.name != "nt" else 2**31 - 1)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration as exc:
            raise ImportFileError("file.empty", "文件是空的：第一行应为表头") from exc
        except csv.Error as exc:
            raise ImportFileError("file.csv_invalid", f"CSV 格式错误：{exc}") from exc
        return header, _safe_csv(reader)
    raise ImportFileError("file.type", f"不支持的文件类型 {suffix}：请使用 .csv 或 .xlsx")


def _safe_csv(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield ["\x00csv-error"]
            continue
        yield row


def _cell_text(value: Any) -> str:
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
    return str(value)


def _read_spreadsheet(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise ImportFileError("file.empty", "工作簿中没有工作表")
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ImportFileError:
        raise
    except Exception as exc:  # calamine raises several error types for damaged files
        raise ImportFileError("file.xlsx_invalid", f"无法读取 Excel 文件（文件可能已损坏或不是 xlsx）：{exc}") from exc
    if not rows:
        raise ImportFileError("file.empty", "工作表是空的：第一行应为表头")
    header = [_cell_text(c) for c in rows[0]]
    while header and header[-1] == "":
        header.pop()
    return header, ([_cell_text(c) for c in r] for r in rows[1:])


# ---------------------------------------------------------------- common cell parsers


def text(max_chars: int = 200) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_chars:
            raise CellError("cell.too_long", f"内容过长（{len(value)} 字），最多 {max_chars} 字")
        return value

    return parse


def required_text(max_chars: int = 200) -> Callable[[str], str]:
    inner = text(max_chars)

    def parse(value: str) -> str:
        if not value:
            raise CellError("cell.required", "此项必填")
        return inner(value)

    return parse


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: str) -> dt.date:
    value = value.strip().split(" ")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise CellError("date.impossible", f"日期 {value} 不存在，请核对年月日") from exc
    raise CellError("date.format", f"日期格式无法识别：{value[:30]}（应为 YYYY-MM-DD）")


def optional_date(value: str) -> dt.date | None:
    return parse_date(value) if value else None


def parse_decimal(value: str) -> Decimal:
    cleaned = value.replace(",", "").replace("，", "").replace("元", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError("number.format", f"不是有效的金额：{value[:30]}") from exc
    if not amount.is_finite():
        raise CellError("number.format", f"不是有效的金额：{value[:30]}")
    return amount


def choice(mapping: dict[str, str], what: str) -> Callable[[str], str]:
    """Map Chinese words (and English codes) to a stored value; unknown words are row errors."""
    lookup = {normalise_header(k): v for k, v in mapping.items()}
    allowed = "、".join(k for k in mapping if not k.isascii())

    def parse(value: str) -> str:
        found = lookup.get(normalise_header(value))
        if found is None:
            raise CellError(f"{what}.unknown", f"无法识别的取值“{value[:20]}”，可选：{allowed}")
        return found

    return parse


# ---------------------------------------------------------------- the importer


class Importer:
    """Subclass per record type: set ``kind``, ``columns``, ``key`` and implement ``apply``."""

    kind: str = ""
    label: str = ""
    columns: Sequence[Column] = ()
    key: str = ""  # column whose duplicates inside one file are rejected

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        """Cross-field checks after the cells parsed; return row errors."""
        return []

    def apply(
        self, rows: list[tuple[int, dict[str, Any]]], result: ImportResult, progress: Callable[[int], None]
    ) -> None:
        """Write the good rows (already inside a transaction). Must be set-based and idempotent."""
        raise NotImplementedError

    # -- machinery

    def map_headers(self, header: list[str]) -> tuple[dict[str, int], list[str]]:
        """``{column key: index}``; raises ImportFileError naming missing required headers."""
        index: dict[str, int] = {}
        normalised = [normalise_header(h) for h in header]
        for col in self.columns:
            aliases = {normalise_header(h) for h in (*col.headers, col.key)}
            for i, h in enumerate(normalised):
                if h in aliases and col.key not in index:
                    index[col.key] = i
                    break
        missing = [c.label for c in self.columns if c.required and c.key not in index]
        if missing:
            raise ImportFileError(
                "file.missing_headers",
                f"缺少必需的列：{'、'.join(missing)}。请检查第一行表头（格式见 docs/formats/{self.kind}.md）",
            )
        return index, header

    def parse_rows(
        self,
        header: list[str],
        rows: Iterable[list[str]],
        result: ImportResult,
        rejects: list[tuple[int, list[str], str]],
    ) -> list[tuple[int, dict[str, Any]]]:
        index, _ = self.map_headers(header)
        width = len(header)
        good: list[tuple[int, dict[str, Any]]] = []
        seen: dict[Any, int] = {}
        cols = [(c, index[c.key]) for c in self.columns if c.key in index]
        for n, cells in enumerate(rows, start=1):
            if not any(c.strip() for c in cells if c):
                continue  # blank line
            errors: list[RowError] = []
            if cells == ["\x00csv-error"]:
                errors.append(RowError(n, "", "row.csv_invalid", "此行 CSV 格式错误（引号不配对？）"))
            elif len(cells) > width and any(c.strip() for c in cells[width:]):
                errors.append(RowError(n, "", "row.ragged", f"此行有 {len(cells)} 列，表头只有 {width} 列"))
            values: dict[str, Any] = {}
            if not errors:
                for col, i in cols:
                    raw = cells[i] if i < len(cells) else ""
                    raw = raw.strip() if len(raw) <= col.max_chars * 2 else raw
                    if len(raw) > col.max_chars:
                        errors.append(
                            RowError(
                                n, col.label, "cell.too_long", f"内容过长（{len(raw)} 字），最多 {col.max_chars} 字"
                            )
                        )
                        continue
                    if raw.startswith(("=", "+", "@")) and len(raw) > 1 and not raw[1:2].isdigit():
                        errors.append(RowError(n, col.label, "cell.formula", "单元格含公式，请粘贴为数值后再导入"))
                        continue
                    if not raw and not col.required:
                        values[col.key] = None
                        continue
                    try:
                        values[col.key] = col.parse(raw)
                    except CellError as exc:
                        errors.append(RowError(n, col.label, exc.code, exc.message))
                if not errors:
                    errors.extend(self.clean_row(values, n))
                if not errors and self.key:
                    k = values.get(self.key)
                    if k in seen:
                        label = next(c.label for c in self.columns if c.key == self.key)
                        errors.append(
                            RowError(
                                n, label, "row.duplicate_in_file", f"与第 {seen[k]} 行重复，同一文件中只能出现一次"
                            )
                        )
                    else:
                        seen[k] = n
            if errors:
                result.rejected += 1
                result.errors.extend(errors)
                rejects.append((n, cells, "；".join(f"{e.column or '整行'}：{e.message}" for e in errors)))
            else:
                good.append((n, values))
        return good


def write_error_file(path: Path, header: list[str], rejects: list[tuple[int, list[str], str]]) -> str:
    error_path = path.with_name(f"{path.stem}.errors.csv")
    try:
        fh = error_path.open("w", encoding="utf-8-sig", newline="")
    except OSError:
        import tempfile

        fd, name = tempfile.mkstemp(prefix=f"{path.stem}.", suffix=".errors.csv")
        os.close(fd)
        error_path = Path(name)
        fh = error_path.open("w", encoding="utf-8-sig", newline="")
    with fh:
        writer = csv.writer(fh)
        writer.writerow(["原行号", *header, "错误原因"])
        for n, cells, reason in rejects:
            if cells == ["\x00csv-error"]:
                cells = []
            cells = [c if len(c) <= MAX_CELL_CHARS else c[:MAX_CELL_CHARS] + "…(已截断)" for c in cells]
            writer.writerow([n, *cells[: len(header)], reason])
    return str(error_path)


def run_import(
    importer: Importer, path: Path, *, progress_factory: Callable[[int, str], Any] | None = None
) -> ImportResult:
    """Read, validate and apply a file. Raises ImportFileError when the file is unusable."""
    from django.db import transaction

    path = Path(path)
    header, rows = read_rows(path)
    if not any(h.strip() for h in header):
        raise ImportFileError("file.missing_headers", "第一行应为表头，但为空")
    result = ImportResult()
    rejects: list[tuple[int, list[str], str]] = []
    good = importer.parse_rows(header, rows, result, rejects)
    bar = progress_factory(len(good), f"导入{importer.label}") if progress_factory else None

    def tick(n: int) -> None:
        if bar is not None:
            bar.update(n)

    with transaction.atomic():
        importer.apply(good, result, tick)
    if bar is not None:
        bar.close()
    if rejects:
        result.error_file = write_error_file(path, header, rejects)
    return result


IMPORTERS: dict[str, Callable[[], Importer]] = {}


def register_importer(kind: str, factory: Callable[[], Importer]) -> None:
    IMPORTERS[kind] = factory
