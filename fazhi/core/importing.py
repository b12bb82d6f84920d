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

import codecs
import csv
import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from fazhi.core import validation
from fazhi.core.errors import DomainError

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


def identity(value: str) -> str:
    """The default parser: the stripped text as it is (its length is checked against ``max_chars``)."""
    return value


@dataclass(frozen=True)
class Column:
    """One column: its key, the headers it may appear under, and a parser (str -> value)."""

    key: str
    headers: tuple[str, ...]
    required: bool = True
    parse: Callable[[str], Any] = identity
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


_BLOCK = 1 << 20


def _detect_encoding(path: Path) -> tuple[str, str]:
    """``(encoding, sha256)``: UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else GB18030.

    The file is read in blocks (a 1,000,000-row file is never held in memory); the digest goes into
    the import's audit event. A second pass runs only for files that are not UTF-8.
    """
    digest = hashlib.sha256()
    first = b""
    utf8_ok = True
    try:
        with path.open("rb") as fh:
            decoder = codecs.getincrementaldecoder("utf-8")()
            while block := fh.read(_BLOCK):
                if not first:
                    first = block[:4096]
                    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                        raise ImportFileError(
                            "file.encoding", "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为 UTF-8 编码的 CSV"
                        )
                    if b"\x00" in first:
                        raise ImportFileError(
                            "file.binary", "文件不是文本格式的 CSV（含有二进制内容）；请导出为 CSV 或 XLSX"
                        )
                digest.update(block)
                if utf8_ok:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        utf8_ok = False
            if not first:
                raise ImportFileError("file.empty", "文件是空的：第一行应为表头")
            if utf8_ok:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8_ok = False
            if utf8_ok:
                return ("utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"), digest.hexdigest()
            fh.seek(0)
            gb_decoder = codecs.getincrementaldecoder("gb18030")()
            try:
                while block := fh.read(_BLOCK):
                    gb_decoder.decode(block)
                gb_decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    "file.encoding", "无法识别文件编码：请另存为 UTF-8 或 GB18030 编码的 CSV"
                ) from exc
    except OSError as exc:
        raise ImportFileError("file.unreadable", f"无法读取文件：{exc}") from exc
    return "gb18030", digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class SourceFile:
    header: list[str]
    rows: Iterator[list[str]]
    sha256: str
    from_spreadsheet: bool = False


def open_rows(path: Path) -> SourceFile:
    """Header row, an iterator over data rows (lists of text cells) and the file's SHA-256."""
    if not path.exists() or not path.is_file():
        raise ImportFileError("file.missing", f"找不到文件 {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        header, rows = _read_spreadsheet(path)
        return SourceFile(header, rows, file_sha256(path), from_spreadsheet=True)
    if suffix in (".csv", ".txt", ""):
        encoding, sha = _detect_encoding(path)
        csv.field_size_limit(2**31 - 1)  # 10 MB cells must be read (then rejected as too long), not crash
        fh = path.open(encoding=encoding, newline="")
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration as exc:
            fh.close()
            raise ImportFileError("file.empty", "文件是空的：第一行应为表头") from exc
        except csv.Error as exc:
            fh.close()
            raise ImportFileError("file.csv_invalid", f"CSV 表头格式错误：{exc}") from exc
        return SourceFile(header, _safe_csv(reader, fh), sha)
    raise ImportFileError("file.type", f"不支持的文件类型 {suffix}：请使用 .csv 或 .xlsx")


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """Header row and an iterator over data rows (kept for callers of the first version)."""
    source = open_rows(path)
    return source.header, source.rows


_CSV_ERROR = ["\x00csv-error"]


def _safe_csv(reader: Iterator[list[str]], fh: Any = None) -> Iterator[list[str]]:
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield _CSV_ERROR
                continue
            yield row
    finally:
        if fh is not None:
            fh.close()


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


def _cell(check: Callable[..., Any], value: str, **kwargs: Any) -> Any:
    """Run a ``fazhi.core.validation`` check on a cell: its DomainError becomes the row's CellError (same code)."""
    try:
        return check(value, **kwargs)
    except DomainError as exc:
        raise CellError(exc.code, exc.message) from exc


def parse_date(value: str) -> dt.date:
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # the common case, in C
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if validation.MIN_DATE <= day <= validation.MAX_DATE:
                return day
    return _cell(validation.parse_date, value)  # type: ignore[no-any-return]


def optional_date(value: str) -> dt.date | None:
    return parse_date(value) if value else None


def parse_decimal(value: str) -> Decimal:
    """A money amount in yuan (the same rule as every form and API field: ``fazhi.core.validation.amount``)."""
    return _cell(validation.amount, value)  # type: ignore[no-any-return]


def choice(mapping: dict[str, str], what: str) -> Callable[[str], str]:
    """Map Chinese words (and English codes) to a stored value; unknown words are row errors."""
    lookup = {normalise_header(k): v for k, v in mapping.items()}
    exact = {**{k: v for k, v in mapping.items()}, **lookup}
    allowed = "、".join(k for k in mapping if not k.isascii())

    def parse(value: str) -> str:
        found = exact.get(value)
        if found is None:
            found = lookup.get(normalise_header(value))
        if found is None:
            raise CellError(f"{what}.unknown", f"无法识别的取值“{value[:20]}”，可选：{allowed}")
        return found

    return parse


# ---------------------------------------------------------------- the importer

Good = tuple[int, dict[str, Any]]
Reject = tuple[int, list[str], str]


class Importer:
    """Subclass per record type: set ``kind``, ``columns``, ``key`` and implement ``apply``.

    ``apply`` gets all good rows in one call, unless ``chunk_size`` is set: then it is called once per
    chunk (all inside the same transaction), which keeps memory flat for million-row files. ``apply``
    may refuse a row it cannot write (a conflict only the database shows) with ``reject_row``.
    """

    kind: str = ""
    label: str = ""
    columns: Sequence[Column] = ()
    key: str = ""  # value whose duplicates inside one file are rejected (a column key or one set by clean_row)
    key_label: str = ""  # the column named in the duplicate error when ``key`` is not a column
    chunk_size: int | None = None
    audit_action: str = ""  # default "<kind>.import"

    def prepare(self) -> None:
        """Load lookups (e.g. departments by name) once, before the rows are parsed."""

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        """Cross-field checks after the cells parsed; return row errors."""
        return []

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        """Write the good rows (already inside a transaction). Must be set-based and idempotent."""
        raise NotImplementedError

    # -- machinery

    present: frozenset[str] = frozenset()  # the column keys found in this file's header
    source_name: str = ""  # the imported file's name (for history records)
    _rejecter: Callable[[int, list[RowError]], None] | None = None

    def reject_row(self, row: int, errors: list[RowError]) -> None:
        """From ``apply``: refuse a row the checks passed but the database cannot take."""
        if self._rejecter is None:  # pragma: no cover (apply called outside run_import)
            raise RuntimeError(errors)
        self._rejecter(row, errors)

    def map_headers(self, header: list[str]) -> tuple[dict[str, int], list[str]]:
        """``{column key: index}``; raises ImportFileError naming missing required headers."""
        index: dict[str, int] = {}
        normalised = [normalise_header(h) for h in header]
        for col in self.columns:
            aliases = {normalise_header(h) for h in (*col.headers, col.key)}
            for i, h in enumerate(normalised):
                if h in aliases and col.key not in index and i not in index.values():
                    index[col.key] = i
                    break
        missing = [c.label for c in self.columns if c.required and c.key not in index]
        missing.extend(self.missing_headers(index))
        if missing:
            raise ImportFileError(
                "file.missing_headers",
                f"缺少必需的列：{'、'.join(missing)}。请检查第一行表头（格式见 docs/formats/{self.kind}.md）",
            )
        self.present = frozenset(index)
        return index, header

    def missing_headers(self, index: dict[str, int]) -> list[str]:
        """Extra header rules (e.g. one of two identifier columns); labels of what is missing."""
        return []

    def iter_good(
        self, header: list[str], rows: Iterable[list[str]], result: ImportResult, rejects: list[Reject]
    ) -> Iterator[tuple[Good, list[str]]]:
        """Parse and check every row; yield ``((row, values), cells)`` for the good ones, record the rest."""
        index, _ = self.map_headers(header)
        width = len(header)
        seen: dict[Any, int] = {}
        cols = [
            (c.key, index[c.key], None if c.parse is identity else c.parse, c.required, c.max_chars, c.label)
            for c in self.columns
            if c.key in index
        ]
        key = self.key
        key_label = self.key_label or next((c.label for c in self.columns if c.key == key), "")
        clean_row = self.clean_row
        for n, cells in enumerate(rows, start=1):
            errors: list[RowError] = []
            if len(cells) != width:
                if cells is _CSV_ERROR:
                    errors.append(RowError(n, "", "row.csv_invalid", "此行 CSV 格式错误（引号不配对？）"))
                elif not any(c.strip() for c in cells if c):
                    continue  # blank line
                elif len(cells) > width and any(c.strip() for c in cells[width:] if c):
                    errors.append(RowError(n, "", "row.ragged", f"此行有 {len(cells)} 列，表头只有 {width} 列"))
                elif len(cells) < width:
                    errors.append(RowError(n, "", "row.ragged", f"此行只有 {len(cells)} 列，表头有 {width} 列"))
            elif not any(cells):
                continue  # blank line
            values: dict[str, Any] = {}
            if not errors:
                for ckey, i, parse, required, max_chars, label in cols:
                    raw = cells[i]
                    if len(raw) > max_chars:
                        errors.append(
                            RowError(n, label, "cell.too_long", f"内容过长（{len(raw)} 字），最多 {max_chars} 字")
                        )
                        continue
                    if raw:
                        raw = raw.strip()
                    if not raw:
                        if not required:
                            values[ckey] = None
                            continue
                    elif raw[0] in "=+@" and len(raw) > 1 and not raw[1].isdigit():
                        errors.append(RowError(n, label, "cell.formula", "单元格含公式，请粘贴为数值后再导入"))
                        continue
                    if parse is None:
                        values[ckey] = raw
                        continue
                    try:
                        values[ckey] = parse(raw)
                    except CellError as exc:
                        errors.append(RowError(n, label, exc.code, exc.message))
                if not errors:
                    errors.extend(clean_row(values, n))
                if not errors and key:
                    k = values.get(key)
                    if k is not None and k in seen:
                        errors.append(
                            RowError(
                                n, key_label, "row.duplicate_in_file", f"与第 {seen[k]} 行重复，同一文件中只能出现一次"
                            )
                        )
                    elif k is not None:
                        seen[k] = n
            if errors:
                result.rejected += 1
                result.errors.extend(errors)
                rejects.append((n, cells, _reason(errors)))
            else:
                yield (n, values), cells

    def parse_rows(
        self, header: list[str], rows: Iterable[list[str]], result: ImportResult, rejects: list[Reject]
    ) -> list[Good]:
        return [good for good, _cells in self.iter_good(header, rows, result, rejects)]


def _reason(errors: list[RowError]) -> str:
    return "；".join(f"{e.column or '整行'}：{e.message}" for e in errors)


def write_error_file(path: Path, header: list[str], rejects: list[Reject]) -> str:
    """``<name>.errors.csv`` next to the file (or in the temp dir): 原行号, the original cells, 错误原因."""
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
        for n, cells, reason in sorted(rejects, key=lambda r: r[0]):
            if cells is _CSV_ERROR:
                cells = []
            cells = [c if len(c) <= MAX_CELL_CHARS else c[:MAX_CELL_CHARS] + "…(已截断)" for c in cells]
            writer.writerow([n, *cells[: len(header)], reason])
    return str(error_path)


def run_import(
    importer: Importer, path: Path, *, progress_factory: Callable[[int | None, str], Any] | None = None
) -> ImportResult:
    """Read, validate and apply a file. Raises ImportFileError when the file is unusable.

    All writes happen in one transaction: a failure half-way leaves nothing written. One audit event
    per run (file name, SHA-256, counts), also when nothing changed; per-record history is the importer's.
    """
    from django.db import DataError, IntegrityError, transaction

    from fazhi.core.audit import audit_record

    path = Path(path)
    source = open_rows(path)
    header = source.header
    while header and not header[-1].strip() and source.from_spreadsheet:
        header = header[:-1]
    if not any(h.strip() for h in header):
        raise ImportFileError("file.missing_headers", "第一行应为表头，但为空")
    result = ImportResult()
    rejects: list[Reject] = []
    importer.map_headers(header)  # file-level errors before anything else
    importer.source_name = path.name
    importer.prepare()
    chunk_cells: dict[int, list[str]] = {}

    def rejecter(row: int, errors: list[RowError]) -> None:
        result.rejected += 1
        result.errors.extend(errors)
        rejects.append((row, chunk_cells.get(row, []), _reason(errors)))

    importer._rejecter = rejecter
    rows = source.rows
    if source.from_spreadsheet:
        width = len(header)
        rows = (r[:width] if len(r) > width and not any(r[width:]) else r for r in rows)
    try:
        with transaction.atomic():
            if importer.chunk_size:
                bar = progress_factory(None, f"导入{importer.label}") if progress_factory else None
                tick = bar.update if bar is not None else _no_tick
                chunk: list[Good] = []
                for good, cells in importer.iter_good(header, rows, result, rejects):
                    chunk.append(good)
                    chunk_cells[good[0]] = cells
                    if len(chunk) >= importer.chunk_size:
                        importer.apply(chunk, result, tick)
                        chunk = []
                        chunk_cells.clear()
                if chunk:
                    importer.apply(chunk, result, tick)
            else:
                good_rows: list[Good] = []
                for good, cells in importer.iter_good(header, rows, result, rejects):
                    good_rows.append(good)
                    chunk_cells[good[0]] = cells
                bar = progress_factory(len(good_rows), f"导入{importer.label}") if progress_factory else None
                importer.apply(good_rows, result, bar.update if bar is not None else _no_tick)
            # One event for every run that read the file, even one that changed nothing: who imported what.
            audit_record(
                action=importer.audit_action or f"{importer.kind}.import",
                target=("import", importer.kind),
                changes={
                    "file": path.name,
                    "sha256": source.sha256,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "rejected": result.rejected,
                },
            )
    except (IntegrityError, DataError) as exc:
        # A conflict the row checks did not foresee: the transaction is rolled back, nothing is written.
        raise ImportFileError(
            "import.write_failed",
            f"写入数据库失败，本次未导入任何数据（{str(exc)[:200]}）；请把文件和此信息交给系统管理员",
        ) from exc
    finally:
        importer._rejecter = None
    if bar is not None:
        bar.close()
    if rejects:
        result.error_file = write_error_file(path, header, rejects)
    return result


def _no_tick(n: int) -> None:
    pass


IMPORTERS: dict[str, Callable[[], Importer]] = {}


def register_importer(kind: str, factory: Callable[[], Importer]) -> None:
    IMPORTERS[kind] = factory
