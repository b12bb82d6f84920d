"""The import framework every ``fazhi import KIND FILE`` (and the upload page) uses.

A file is read (CSV in UTF-8 or GB18030, detected; or a spreadsheet, checked and converted to CSV in a
memory-limited child process by ``fazhi.core.spreadsheets``), its Chinese headers mapped to column keys (English
aliases allowed), each row checked by the importer's column parsers, and the good rows handed to the importer's
``apply``. A rejected row never stops the good ones; every reject names row, column, code and a Chinese message,
and the rejects go to an error file (the original columns plus 错误原因, neutralised against formula injection)
that the user can fix and import again. Re-importing the same file changes nothing.

Who may import what (issue 14 §1): the run's actor (a user, or the command line) must hold the importer's
``permission``; a department-scoped user (执法人员, 科室负责人) may only import kinds whose importer checks the
department of every row (``department_scoped``), and each row that touches another department's record is
rejected with ``row.out_of_scope``. Every record created or changed gets its own audit event
(``<audit action>.record``, written set-based with ``fazhi.core.audit.audit_records``), and the run one more.

A long import must not stop the office (issue 14 §13): the rows are checked ``chunk_size`` rows at a time with no
write lock held, and each chunk's good rows are applied in one short transaction (all rows at once for importers
without ``chunk_size``, which cap their files at ``max_rows``); nothing is kept on disk between checking and
writing, and memory stays flat for million-row files. A file error (too many rows — counted before the first
chunk —, a broken spreadsheet) is found before anything is written; a database failure in a later chunk leaves
the earlier chunks written and the run marked ``failed`` (``ImportRun``) — re-importing the same file completes it.

Cells are checked column by column (``Importer.check_batches``): a column's parser is mapped over the batch and the
per-cell rules run cell by cell only for a column that has a cell they must name.

Contract (docs/formats/README.md): ``--json`` prints exactly one object
``{"created", "updated", "unchanged", "rejected", "errors": [{"row", "column", "code", "message"}],
"error_file"}``; exit 0 when the file was read, 2 when it is unusable.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import itertools
import multiprocessing
import operator
import os
import pickle
import queue
import re
import tempfile
import threading
import time
import traceback
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fazhi.core import csvtext, validation
from fazhi.core.discovery import LazyRegistry
from fazhi.core.errors import DomainError
from fazhi.core.exporting import safe_csv_writer, unescape_cell
from fazhi.core.spreadsheets import (
    SPREADSHEET_SUFFIXES,
    SheetLimits,
    SheetRejected,
    cell_text,
    convert_to_csv,
    inspect_workbook,
)

if TYPE_CHECKING:
    from fazhi.core.audit import AuditItem

MAX_CELL_CHARS = 4000  # a longer cell is a data error (10 MB cells must not reach the database)
MAX_ERRORS_IN_SUMMARY = 1000
MAX_ERRORS_KEPT = 10_000  # row errors kept in memory (the counts are always complete)
MAX_COLUMNS = 256  # header width: a wider file is a file error, not a 16,384-column error file
MAX_ERROR_FILE_BYTES = 64 * 1024 * 1024  # error file (and the rejected cells kept for it)
DEFAULT_MAX_ROWS = 100_000  # importers that apply all rows at once; chunked importers set their own
CHECK_BATCH_ROWS = 5_000  # rows checked together (column by column) by importers without chunks
WRITE_SLICE_S = 0.5  # SQLite: after holding the write lock this long over several chunks …
SQLITE_RUN_CHECKPOINT_PAGES = 262_144  # SQLite, a run of several chunks: the WAL grows to this many pages (1 GiB at
# 4 KiB) before a checkpoint, instead of SQLite's 1,000 (ADR 0009, decision 7)
CHECK_AHEAD_CHUNKS = 3  # ``check_ahead``: checked chunks that may wait in the check process and the pipe (one more
# may wait received in the writer: ``_CheckProcess``); memory: a few chunks
WRITE_GAP_S = 0.1  # SQLite: the least time between two chunks' transactions (a waiting writer polls every 100 ms)


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
class ImportWarning:
    """Something about the imported records a person must look at (the rows were written): a stable code, a
    Chinese message and the records concerned (plain JSON values)."""

    code: str
    message: str
    items: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "items": self.items}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_file: str | None = None
    run_id: int | None = None
    warnings: list[ImportWarning] = field(default_factory=list)

    def add_errors(self, errors: Iterable[RowError]) -> None:
        room = MAX_ERRORS_KEPT - len(self.errors)
        if room > 0:
            self.errors.extend(list(errors)[:room])

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors[:MAX_ERRORS_IN_SUMMARY]],
            "error_file": self.error_file,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def import_limits() -> SheetLimits:
    """The spreadsheet caps, with the installation's settings applied (``FAZHI_IMPORT_*``)."""
    from django.conf import settings

    mib = 1 << 20
    defaults = SheetLimits()
    return SheetLimits(
        max_file_bytes=int(getattr(settings, "FAZHI_IMPORT_MAX_FILE_MB", defaults.max_file_bytes // mib)) * mib,
        memory_bytes=int(getattr(settings, "FAZHI_IMPORT_READER_MEMORY_MB", defaults.memory_bytes // mib)) * mib,
        max_columns=MAX_COLUMNS,
    )


def _work_dir() -> Path:
    from django.conf import settings

    folder = Path(getattr(settings, "FAZHI_IMPORT_WORK_DIR", None) or Path(settings.VAR_DIR) / "tmp")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------- reading files


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"[\s:：*（）()]", "", text).lower()


_BLOCK = 1 << 20


def _detect_encoding(path: Path) -> tuple[str, str]:
    """``(encoding, sha256)`` by the one CSV encoding rule (:func:`fazhi.core.csvtext.detect_csv_encoding`: UTF-8
    with or without BOM, else GB18030, else refused).

    The file is read in blocks (a 1,000,000-row file is never held in memory); the digest, taken on the first
    pass, goes into the import's audit event. A second pass runs only for files that are not UTF-8.
    """
    digest = hashlib.sha256()
    passes = 0
    size = 0

    def blocks() -> Iterator[bytes]:
        nonlocal passes, size
        passes += 1
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                if passes == 1:
                    digest.update(block)
                    size += len(block)
                yield block

    try:
        encoding = csvtext.detect_csv_encoding(blocks)
    except csvtext.CsvEncodingError as exc:
        raise ImportFileError(exc.code, exc.message) from exc
    except OSError as exc:
        raise ImportFileError("file.unreadable", f"无法读取文件：{exc}") from exc
    if not size:
        raise ImportFileError("file.empty", "文件是空的：第一行应为表头")
    return encoding, digest.hexdigest()


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
    cleanup: Callable[[], None] | None = None
    text_path: Path | None = None  # the CSV the rows are read from (the file itself, or the converted sheet)
    encoding: str = "utf-8"

    def data_rows(self, limit: int) -> int:
        """The number of data rows after the header (blank lines included): the count of line breaks (an upper
        bound, as quoted cells may hold line breaks), exact when that exceeds ``limit``.

        Read before anything is written, so that an oversized file is refused whole."""
        path = self.text_path
        if path is None:
            return 0
        lines, last = 0, b"\n"
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                lines += block.count(b"\n")
                last = block[-1:]
        lines = max(0, lines - (last == b"\n"))  # the lines after the header's
        if lines <= limit:
            return lines
        with path.open(encoding=self.encoding, newline="") as fh:
            return max(0, sum(1 for _ in _safe_csv(csv.reader(fh))) - 1)

    def close(self) -> None:
        if self.cleanup is not None:
            self.cleanup()
            self.cleanup = None


def open_rows(path: Path, limits: SheetLimits | None = None) -> SourceFile:
    """Header row, an iterator over data rows (lists of text cells) and the file's SHA-256.

    A spreadsheet is checked (``inspect_workbook``) and converted to a temporary CSV by a memory-limited child
    process; ``SourceFile.close()`` removes that file.
    """
    path = Path(path)
    if not path.exists() or not path.is_file():
        raise ImportFileError("file.missing", f"找不到文件 {path}")
    limits = limits or import_limits()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ImportFileError(
            "file.too_large", f"文件有 {size >> 20} MB，超过 {limits.max_file_bytes >> 20} MB 的上限：请拆分后导入"
        )
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _open_spreadsheet(path, limits)
    if suffix in (".csv", ".txt", ""):
        encoding, sha = _detect_encoding(path)
        fh = path.open(encoding=encoding, newline="")
        source = _csv_source(fh, sha, from_spreadsheet=False)
        source.text_path, source.encoding = path, encoding
        return source
    raise ImportFileError("file.type", f"不支持的文件类型 {suffix}：请使用 .csv 或 .xlsx")


def _csv_source(
    fh: IO[str], sha: str, *, from_spreadsheet: bool, cleanup: Callable[[], None] | None = None
) -> SourceFile:
    csv.field_size_limit(2**31 - 1)  # 10 MB cells must be read (then rejected as too long), not crash
    reader = csv.reader(fh)

    def close() -> None:
        fh.close()
        if cleanup is not None:
            cleanup()

    try:
        header = next(reader)
    except StopIteration as exc:
        close()
        raise ImportFileError("file.empty", "文件是空的：第一行应为表头") from exc
    except csv.Error as exc:
        close()
        raise ImportFileError("file.csv_invalid", f"CSV 表头格式错误：{exc}") from exc
    if len(header) > MAX_COLUMNS and any(h.strip() for h in header[MAX_COLUMNS:]):
        close()
        raise ImportFileError(
            "file.too_many_columns", f"表头有 {len(header):,} 列，超过 {MAX_COLUMNS} 列的上限：请只保留要导入的列"
        )
    header = header[:MAX_COLUMNS]
    return SourceFile(header, _safe_csv(reader, None), sha, from_spreadsheet=from_spreadsheet, cleanup=close)


def _open_spreadsheet(path: Path, limits: SheetLimits) -> SourceFile:
    try:
        inspect_workbook(path, limits)
        fd, name = tempfile.mkstemp(prefix="sheet-", suffix=".csv", dir=_work_dir())
        os.close(fd)
        converted = Path(name)
        try:
            convert_to_csv(path, converted, limits)
        except BaseException:
            converted.unlink(missing_ok=True)
            raise
    except SheetRejected as exc:
        raise ImportFileError(exc.code, exc.message) from None
    sha = file_sha256(path)
    fh = converted.open(encoding="utf-8", newline="")
    source = _csv_source(fh, sha, from_spreadsheet=True, cleanup=lambda: converted.unlink(missing_ok=True))
    source.text_path = converted
    return source


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


_cell_text = cell_text  # the spreadsheet cell as text (kept under its first name)


# ---------------------------------------------------------------- common cell parsers


class _ColumnRefused(Exception):
    """A column form cannot take the whole column: its cells go through the parser one by one."""


# Parsers with a form for a whole column (a list of non-empty stripped cells → the list of values), which must give
# exactly the parser's values when it takes the column, and raise _ColumnRefused (or ValueError/KeyError) otherwise.
# Weakly keyed: an importer's per-run parsers (``past_date`` bound to the run's day) leave with it.
COLUMN_FORMS: MutableMapping[Callable[[str], Any], Callable[[list[str]], list[Any]]] = weakref.WeakKeyDictionary()


def _column_form(parser: Callable[[str], Any], form: Callable[[list[str]], list[Any]]) -> None:
    COLUMN_FORMS[parser] = form


def text(max_chars: int = 200) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_chars:
            raise CellError("cell.too_long", f"内容过长（{len(value)} 字），最多 {max_chars} 字")
        return value

    def column(cells: list[str]) -> list[str]:
        if max(map(len, cells)) > max_chars:
            raise _ColumnRefused
        return cells

    _column_form(parse, column)
    return parse


def required_text(max_chars: int = 200) -> Callable[[str], str]:
    inner = text(max_chars)

    def parse(value: str) -> str:
        if not value:
            raise CellError("cell.required", "此项必填")
        return inner(value)

    def column(cells: list[str]) -> list[str]:
        if "" in cells or max(map(len, cells)) > max_chars:
            raise _ColumnRefused
        return cells

    _column_form(parse, column)
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


def distinct_column(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Give ``parse`` — a parser whose value depends on the cell's text alone, for a column of few distinct words
    (a type, a status, a code) — a column form that parses each distinct cell of a column once. A cell it refuses
    sends the column through the cell-by-cell rules, which name that cell. Returns ``parse``."""

    def column(cells: list[str]) -> list[Any]:
        values = {cell: parse(cell) for cell in set(cells)}
        return list(map(values.__getitem__, cells))

    _column_form(parse, column)
    return parse


def optional_date(value: str) -> dt.date | None:
    return parse_date(value) if value else None


def _date_column(cells: list[str]) -> list[dt.date]:
    """``parse_date`` of a column whose cells are all ``YYYY-MM-DD`` dates in the allowed range."""
    if any(len(c) != 10 or c[4] != "-" or c[7] != "-" for c in cells):
        raise _ColumnRefused
    days = list(map(dt.date.fromisoformat, cells))
    if min(days) < validation.MIN_DATE or max(days) > validation.MAX_DATE:
        raise _ColumnRefused
    return days


_column_form(parse_date, _date_column)
_column_form(optional_date, _date_column)


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

    def column(cells: list[str]) -> list[str]:
        return [exact[c] for c in cells]  # KeyError: a word only the normalised look-up (or nothing) knows

    _column_form(parse, column)
    return parse


# ---------------------------------------------------------------- formulas in cells

_PLAIN_SIGNED = re.compile(r"[+\-][0-9\s.,\-()（）]*")


def formula_in_cell(value: str) -> bool:
    """True when a (stripped, unescaped) cell would be a formula in a spreadsheet: ``=…``, ``@…``, or ``+``/``-``
    followed by anything but a plain number (``-2+3+cmd|…``, ``+1+cmd…`` are formulas; ``-5``, ``+86 138…`` are not)."""
    first = value[:1]
    if first in ("=", "@"):
        return len(value) > 1
    if first in ("+", "-"):
        return _PLAIN_SIGNED.fullmatch(value) is None
    return False


# ---------------------------------------------------------------- the importer

Good = tuple[int, dict[str, Any]]
Reject = tuple[int, list[str], str]


class Rejects(list[Reject]):
    """The rejected rows kept for the error file: every row's number and reason, its cells only while the kept
    cells stay under ``MAX_ERROR_FILE_BYTES`` (a 2.5 MB sheet must not become a 1.7 GB error file)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept_bytes = 0
        self.cells_dropped = 0

    def append(self, reject: Reject) -> None:
        n, cells, reason = reject
        if len(self) >= MAX_ERRORS_KEPT * 10:
            self.cells_dropped += 1
            return
        size = sum(min(len(c), MAX_CELL_CHARS) for c in cells) + len(reason)
        if self.kept_bytes + size > MAX_ERROR_FILE_BYTES:
            self.cells_dropped += 1
            cells = []
        else:
            self.kept_bytes += size
        super().append((n, cells, reason))


class Importer:
    """Subclass per record type: set ``kind``, ``columns``, ``key``, ``permission`` and implement ``apply``.

    ``apply`` gets all good rows in one call (the file is capped at ``max_rows``), unless ``chunk_size`` is set:
    then it is called once per chunk, each chunk in its own short transaction, which keeps memory flat and the
    write lock short for million-row files. ``apply`` may refuse a row it cannot write (a conflict only the
    database shows, or a record outside the importing user's department) with ``reject_row``, and reports every
    record it creates or changes with ``record_created`` / ``record_changed`` (one audit event each).

    Department scoping: set ``department_scoped = True`` when the importer checks the department of every row —
    the department the row assigns and, for an existing record, the one it has now — with ``in_scope`` and
    ``scope_error``. Department-scoped users cannot run importers that do not (``import.scope_unsupported``).
    """

    kind: str = ""
    label: str = ""
    columns: Sequence[Column] = ()
    key: str = ""  # value whose duplicates inside one file are rejected (a column key or one set by clean_row)
    key_label: str = ""  # the column named in the duplicate error when ``key`` is not a column
    chunk_size: int | None = None
    max_rows: int = DEFAULT_MAX_ROWS
    audit_action: str = ""  # default "<kind>.import"
    permission: str = ""  # default "<app>.import" (the app of the importer's module)
    department_scoped: bool = False
    # Chunked importers whose checks (parsers, ``clean_row``, ``ahead``) never touch the database may have the next
    # chunk checked in a second process while the current one is written: the checking and the writing (with the
    # database's own work) then run side by side on two cores.
    check_ahead: bool = False
    # What ``ahead`` returned for the rows of the current ``apply`` call (set by the framework before each call).
    prepared: Any = None

    def prepare(self) -> None:
        """Load lookups (e.g. departments by name) once, before the rows are parsed."""

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        """Cross-field checks after the cells parsed; return row errors."""
        return []

    def ahead(self, rows: list[Good]) -> Any:
        """Work on a chunk's good rows that needs neither the database nor another chunk (e.g. the rows' text for
        the database's bulk load). It runs where the chunk is checked — in the check process with ``check_ahead``,
        while the chunk before is being written — and ``apply`` finds its result in ``self.prepared``."""
        return None

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:
        """Write the good rows (already inside a transaction). Must be set-based and idempotent."""
        raise NotImplementedError

    def writing(self, rows: int) -> contextlib.AbstractContextManager[None]:
        """Wraps the writing of all chunks (``rows`` good rows, outside their transactions): an importer may
        prepare its tables for a large load here and must restore them on exit, also when a chunk failed."""
        return contextlib.nullcontext()

    def warnings(self, *, written_since: Any) -> list[ImportWarning]:
        """After the writes: warnings about the records created or changed since ``written_since`` (a datetime);
        shown by the import page and the command line (text and JSON) alike."""
        return []

    # -- machinery

    present: frozenset[str] = frozenset()  # the column keys found in this file's header
    source_name: str = ""  # the imported file's name (for history records)
    run_id: int | None = None  # the ImportRun (named in every record's audit event)
    actor: Any = None  # the run's actor (a user, or None for the command line): the audit events' actor
    scope_department_id: int | None = None  # None: the actor sees the whole bureau
    scope_department_name: str = ""
    _rejecter: Callable[[int, list[RowError]], None] | None = None
    _audit_items: list[AuditItem] | None = None

    @property
    def required_permission(self) -> str:
        if self.permission:
            return self.permission
        parts = type(self).__module__.split(".")
        return f"{parts[1] if len(parts) > 1 else parts[0]}.import"

    @property
    def record_action(self) -> str:
        return f"{self.audit_action or f'{self.kind}.import'}.record"

    def reject_row(self, row: int, errors: list[RowError]) -> None:
        """From ``apply``: refuse a row the checks passed but the database cannot take."""
        if self._rejecter is None:  # pragma: no cover (apply called outside run_import)
            raise RuntimeError(errors)
        self._rejecter(row, errors)

    # -- department scope

    def in_scope(self, department_id: int | None) -> bool:
        """True when the importing user may write a record of ``department_id`` (always, for bureau-wide roles)."""
        return self.scope_department_id is None or department_id == self.scope_department_id

    def scope_error(self, row: int, column: str, what: str = "记录") -> RowError:
        mine = self.scope_department_name or "本部门"
        return RowError(
            row,
            column,
            "row.out_of_scope",
            f"此行涉及其他部门管辖的{what}，超出您（{mine}）的权限范围，未导入；请由该部门或局级用户导入",
        )

    # -- per-record audit

    def record_created(
        self, object_type: str, object_id: Any, row: int, facts: Mapping[str, Any] | None = None
    ) -> None:
        """One audit event for a record this run created (``facts``: what identifies it)."""
        if facts:
            self._audit(object_type, object_id, {"op": "create", "row": row, **facts})
        else:
            self._audit(object_type, object_id, {"op": "create", "row": row})

    def record_changed(self, object_type: str, object_id: Any, row: int, changes: Mapping[str, Any]) -> None:
        """One audit event for a record this run changed (``changes``: ``{field: [old, new]}``)."""
        self._audit(object_type, object_id, {"op": "update", "row": row, "fields": dict(changes)})

    def record_canonical(self, events: list[AuditItem]) -> None:
        """``record_created`` / ``record_changed`` for bulk paths: each event's changes are its whole changes as
        canonical JSON text (``fazhi.core.audit.CanonicalJSON``), ``"import"`` (this run's id) and ``"row"`` included."""
        items = self._audit_items
        if items is None:
            self._audit_items = events
        else:
            items.extend(events)

    def _audit(self, object_type: str, object_id: Any, changes: dict[str, Any]) -> None:
        items = self._audit_items
        if items is None:
            items = self._audit_items = []
        if self.run_id is not None:
            changes["import"] = self.run_id
        items.append((object_type, object_id, changes))

    def take_audit_items(self) -> list[AuditItem]:
        items, self._audit_items = self._audit_items or [], None
        return items

    # -- headers and rows

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
        """Parse and check every row; yield ``((row, values), cells)`` for the good ones, record the rest.

        Raises ``ImportFileError("file.too_many_rows")`` past ``max_rows`` data rows.
        """
        for batch in self.check_batches(header, rows, result, rejects):
            yield from batch

    def too_many_rows(self) -> ImportFileError:
        return ImportFileError(
            "file.too_many_rows",
            f"文件超过 {self.max_rows:,} 行数据（{self.label or self.kind}每次导入的上限）：请拆分为几个文件分别导入",
        )

    def check_batches(
        self,
        header: list[str],
        rows: Iterable[list[str]],
        result: ImportResult,
        rejects: list[Reject],
        size: int = CHECK_BATCH_ROWS,
    ) -> Iterator[list[tuple[Good, list[str]]]]:
        """``iter_good`` by batches of ``size`` data rows: one list of ``((row, values), cells)`` per batch.

        Cells are checked column by column (one pass per column over the batch, the column's parser mapped over
        it), the per-cell rules (length, blank, formula, parser) applied to each cell of a column only when the
        fast pass meets a cell it cannot take as it is. Errors, rejected rows and ``clean_row`` follow row order.
        """
        index, _ = self.map_headers(header)
        width = len(header)
        seen: dict[Any, int] = {}
        cols = [
            (c.key, index[c.key], None if c.parse is identity else c.parse, c.required, c.max_chars, c.label)
            for c in self.columns
            if c.key in index
        ]
        keys = [c[0] for c in cols]
        key = self.key
        key_label = self.key_label or next((c.label for c in self.columns if c.key == key), "")
        clean_row = self.clean_row
        max_rows = self.max_rows
        numbered = enumerate(rows, start=1)
        while True:
            batch = list(itertools.islice(numbered, size))
            if not batch:
                return
            if batch[-1][0] > max_rows:
                raise self.too_many_rows()
            # 1. Row shape: CSV errors, ragged rows; blank lines are skipped.
            order: list[tuple[int, list[str], list[RowError] | None]] = []  # None: its cells are checked below
            checked: list[list[str]] = []
            for n, cells in batch:
                if len(cells) == width:
                    if not any(cells):
                        continue  # blank line
                    order.append((n, cells, None))
                    checked.append(cells)
                elif cells is _CSV_ERROR:
                    order.append((n, cells, [RowError(n, "", "row.csv_invalid", "此行 CSV 格式错误（引号不配对？）")]))
                elif not any(c.strip() for c in cells if c):
                    continue  # blank line
                elif len(cells) > width and any(c.strip() for c in cells[width:] if c):
                    order.append(
                        (n, cells, [RowError(n, "", "row.ragged", f"此行有 {len(cells)} 列，表头只有 {width} 列")])
                    )
                elif len(cells) < width:
                    order.append(
                        (n, cells, [RowError(n, "", "row.ragged", f"此行只有 {len(cells)} 列，表头有 {width} 列")])
                    )
                else:  # longer than the header, the extra cells blank
                    order.append((n, cells, None))
                    checked.append(cells)
            # 2. Cells, column by column.
            numbers = [n for n, _cells, errors in order if errors is None]
            cell_errors: dict[int, list[RowError]] = {}
            # One C-level transposition of the batch: every checked row has at least ``width`` cells (longer ones
            # only blank extras), so the columns past the shortest row are never read.
            by_column: list[Sequence[str]] = list(zip(*checked, strict=False)) if checked else [()] * width
            parsed = [
                _check_column(by_column[i], numbers, parse, required, max_chars, label, cell_errors)
                for _key, i, parse, required, max_chars, label in cols
            ]
            # 3. Rows, in order: clean_row, duplicates, the verdict.
            good: list[tuple[Good, list[str]]] = []
            # Each checked row's values as a dict, made in C (one zip of the keys with the row's parsed values).
            dicts = map(dict, map(zip, itertools.repeat(keys), zip(*parsed, strict=True))) if parsed else None
            for n, cells, errors in order:
                if errors is None:
                    values = next(dicts) if dicts is not None else {}
                    errors = cell_errors.get(n) if cell_errors else None
                    if errors is None:
                        errors = clean_row(values, n)
                        if not errors and key:
                            k = values.get(key)
                            if k is not None and k in seen:
                                errors = [
                                    RowError(
                                        n,
                                        key_label,
                                        "row.duplicate_in_file",
                                        f"与第 {seen[k]} 行重复，同一文件中只能出现一次",
                                    )
                                ]
                            elif k is not None:
                                seen[k] = n
                        if not errors:
                            good.append(((n, values), cells))
                            continue
                result.rejected += 1
                result.add_errors(errors)
                rejects.append((n, cells, _reason(errors)))
            yield good

    def parse_rows(
        self, header: list[str], rows: Iterable[list[str]], result: ImportResult, rejects: list[Reject]
    ) -> list[Good]:
        return [good for good, _cells in self.iter_good(header, rows, result, rejects)]


_FORMULA_OR_ESCAPED = frozenset("'=+-@")
_FIRST_CHAR = operator.itemgetter(slice(0, 1))


def _check_column(
    raws: Sequence[str],
    numbers: list[int],
    parse: Callable[[str], Any] | None,
    required: bool,
    max_chars: int,
    label: str,
    errors: dict[int, list[RowError]],
) -> list[Any]:
    """The values of one column of a batch (``None`` for a blank optional cell); cell errors go into ``errors``.

    The fast pass takes the whole column at once when no cell is too long, none starts like a formula (or is an
    escaped one) and the parser accepts every cell; otherwise each cell goes through the rules one by one.
    """
    if raws and max(map(len, raws)) <= max_chars:
        cells = list(map(str.strip, raws))
        if not _FORMULA_OR_ESCAPED.intersection(map(_FIRST_CHAR, cells)):
            if parse is None:
                return cells if required else [c or None for c in cells]
            form = COLUMN_FORMS.get(parse)
            try:
                if form is not None:
                    if required or "" not in cells:
                        return form(cells)
                    filled = [c for c in cells if c]
                    if not filled:
                        return [None] * len(cells)
                    parsed = iter(form(filled))
                    return [next(parsed) if c else None for c in cells]
                if required:
                    return list(map(parse, cells))
                return [parse(c) if c else None for c in cells]
            except (CellError, _ColumnRefused, ValueError, KeyError):
                pass  # the rules below name the cell
    out: list[Any] = []
    for n, raw in zip(numbers, raws, strict=True):
        value: Any = None
        if len(raw) > max_chars:
            errors.setdefault(n, []).append(
                RowError(n, label, "cell.too_long", f"内容过长（{len(raw)} 字），最多 {max_chars} 字")
            )
            out.append(None)
            continue
        if raw:
            raw = raw.strip()
        if not raw:
            if not required:
                out.append(None)
                continue
        else:
            first = raw[0]
            if first == "'":
                raw = unescape_cell(raw)  # our own error files escape formula-like text
                first = raw[0]
            if first in "=+-@" and formula_in_cell(raw):
                errors.setdefault(n, []).append(
                    RowError(n, label, "cell.formula", "单元格含公式（以 = + - @ 开头），请粘贴为数值后再导入")
                )
                out.append(None)
                continue
        if parse is None:
            out.append(raw)
            continue
        try:
            value = parse(raw)
        except CellError as exc:
            errors.setdefault(n, []).append(RowError(n, label, exc.code, exc.message))
        out.append(value)
    return out


def _reason(errors: list[RowError]) -> str:
    return "；".join(f"{e.column or '整行'}：{e.message}" for e in errors)


def write_error_file(path: Path, header: list[str], rejects: list[Reject], *, dropped: int = 0) -> str:
    """``<name>.errors.csv`` next to the file (or in the temp dir): 原行号, the original cells, 错误原因.

    Formula-like cells are escaped (``fazhi.core.exporting``); the file stops at ``MAX_ERROR_FILE_BYTES`` with a
    last line saying how many rejected rows are not in it.
    """
    error_path = path.with_name(f"{path.stem}.errors.csv")
    try:
        fh = error_path.open("w", encoding="utf-8-sig", newline="")
    except OSError:
        fd, name = tempfile.mkstemp(prefix=f"{path.stem}.", suffix=".errors.csv")
        os.close(fd)
        error_path = Path(name)
        fh = error_path.open("w", encoding="utf-8-sig", newline="")
    width = len(header)
    with fh:
        writer = safe_csv_writer(fh)
        writer.writerow(["原行号", *header, "错误原因"])
        omitted = dropped
        for n, cells, reason in sorted(rejects, key=lambda r: r[0]):
            if cells is _CSV_ERROR:
                cells = []
            if not cells and omitted:
                writer.writerow([n, *[""] * width, reason + "（原始内容过多，未写入本文件）"])
                continue
            cells = [c if len(c) <= MAX_CELL_CHARS else c[:MAX_CELL_CHARS] + "…(已截断)" for c in cells[:width]]
            writer.writerow([n, *cells, reason])
            if fh.tell() > MAX_ERROR_FILE_BYTES:
                omitted += 1
                break
        if omitted:
            writer.writerow(
                [
                    "",
                    *[""] * width,
                    f"错误文件已达 {MAX_ERROR_FILE_BYTES >> 20} MB 上限，部分被拒绝的行未写入：请先改正以上各行",
                ]
            )
    return str(error_path)


# ---------------------------------------------------------------- running an import

_CONTEXT_ACTOR: Any = object()


def _authorise(importer: Importer, actor: Any) -> None:
    """Permission and department scope of the run's actor (``None``: the command line without ``--user``)."""
    from fazhi.core.access import is_department_scoped
    from fazhi.core.roles import user_can

    if actor is None:
        importer.scope_department_id = None
        return
    if not user_can(actor, importer.required_permission):
        raise ImportFileError(
            "import.forbidden", f"您的角色无权导入{importer.label or importer.kind}，请联系科室负责人或系统管理员"
        )
    if not is_department_scoped(actor):
        importer.scope_department_id = None
        return
    if not importer.department_scoped:
        raise ImportFileError(
            "import.scope_unsupported",
            f"{importer.label or importer.kind}不按部门划分，只能由局级用户（局领导、系统管理员等）导入；您只能导入本部门的数据",
        )
    importer.scope_department_id = actor.department_id or 0  # no department: nothing is in scope
    department = getattr(actor, "department", None)
    importer.scope_department_name = str(getattr(department, "name", "") or "")


def run_import(
    importer: Importer,
    path: Path,
    *,
    actor: Any = _CONTEXT_ACTOR,
    progress_factory: Callable[[int | None, str], Any] | None = None,
    limits: SheetLimits | None = None,
) -> ImportResult:
    """Check and apply a file. Raises ImportFileError when the file (or the actor) cannot be used.

    ``actor`` defaults to the request's user or the command's ``acting_as``. File errors (header, row count) are
    found before anything is written; then each chunk is checked and its good rows written in one short transaction. One audit event per
    created or changed record and one for the run (file name, SHA-256, counts), also when nothing changed.
    """
    from fazhi.core import context

    if actor is _CONTEXT_ACTOR:
        actor = context.current().actor
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # AnonymousUser or a label-only context: the command line
    _authorise(importer, actor)
    source = open_rows(Path(path), limits)
    try:
        return _run(importer, Path(path), source, actor, progress_factory)
    finally:
        source.close()


def _run(
    importer: Importer,
    path: Path,
    source: SourceFile,
    actor: Any,
    progress_factory: Callable[[int | None, str], Any] | None,
) -> ImportResult:
    from django.db import DataError, IntegrityError, connection, transaction
    from django.utils import timezone

    from fazhi.core import bulk, context
    from fazhi.core.audit import audit_record, audit_records
    from fazhi.core.models import ImportRun

    header = source.header
    while header and not header[-1].strip() and source.from_spreadsheet:
        header = header[:-1]
    if not any(h.strip() for h in header):
        raise ImportFileError("file.missing_headers", "第一行应为表头，但为空")
    importer.map_headers(header)  # file-level errors before anything else
    importer.source_name = path.name
    importer.prepare()
    run = ImportRun.objects.create(
        kind=importer.kind,
        file_name=path.name[:255],
        sha256=source.sha256,
        actor=actor,
        actor_label=str(actor) if actor is not None else (context.current().label or "命令行导入")[:150],
        scope_department_id=importer.scope_department_id,
    )
    importer.run_id = run.pk
    importer.actor = actor
    result = ImportResult(run_id=run.pk)
    rejects = Rejects()
    rows = source.rows
    if source.from_spreadsheet:
        width = len(header)
        rows = (r[:width] if len(r) > width and not any(r[width:]) else r for r in rows)

    def finish(state: str, code: str = "", message: str = "", **counts: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            **counts,
            state=state,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=result.rejected,
            error_code=code,
            error_message=message,
            finished_at=timezone.now(),
        )

    # 1. The file's size in rows, before anything is written: an oversized file is refused whole.
    chunk_size = importer.chunk_size
    data_rows = source.data_rows(importer.max_rows)
    if data_rows > importer.max_rows:
        refused = importer.too_many_rows()
        finish(ImportRun.State.REFUSED, refused.code, refused.message)
        raise refused
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.APPLYING,
        rows=data_rows,
        chunks_total=-(-data_rows // chunk_size) if chunk_size else min(data_rows, 1),
    )
    # 2. Check the rows a chunk at a time (no write lock is held while checking) and write each chunk's good rows
    #    in one short transaction. Importers without chunks check every row, then write them all at once.
    ahead: _CheckProcess | None = None  # started last before the try below, which stops it
    if chunk_size and importer.check_ahead and data_rows > chunk_size:
        # forked before the progress bar starts its monitor thread
        ahead = _CheckProcess(importer, header, rows, result, rejects, chunk_size)
        batches: Iterator[_Chunk] = ahead
    else:
        checked = importer.check_batches(header, rows, result, rejects, size=chunk_size or CHECK_BATCH_ROWS)
        batches = _prepared(importer, checked if chunk_size else _all_in_one(checked))
    try:
        bar = progress_factory(data_rows, f"导入{importer.label}") if progress_factory else None
    except BaseException:
        if ahead is not None:  # the try below would have stopped it
            ahead.close()
        raise
    tick = bar.update if bar is not None else _no_tick
    chunk: _Chunk | None = None
    cells_of: dict[int, list[str]] = {}  # the current chunk's cells by row, made when apply first rejects a row

    def rejecter(row: int, errors: list[RowError]) -> None:
        if not cells_of and chunk is not None:
            cells_of.update(chunk.cells_by_row())
        result.rejected += 1
        result.add_errors(errors)
        rejects.append((row, cells_of.get(row, []), _reason(errors)))

    importer._rejecter = rejecter
    sqlite = connection.vendor == "sqlite"
    good_rows = done = 0
    held = 0.0  # SQLite: seconds the write lock was held since waiting writers last had WRITE_GAP_S to get in
    committed_at: float | None = None
    try:
        written_since = timezone.now()
        # the receiving thread takes the next checked chunk while a chunk's COPY is stored (PostgreSQL)
        storing = bulk.while_copies_store(ahead.release) if ahead is not None else contextlib.nullcontext()
        several = sqlite and chunk_size and data_rows > chunk_size
        checkpoints = _sqlite_checkpoints_deferred(connection) if several else contextlib.nullcontext()
        with importer.writing(data_rows), storing, checkpoints:
            while True:
                rejected_before = result.rejected
                try:
                    chunk = next(batches, None)
                except ImportFileError as exc:
                    finish(ImportRun.State.REFUSED, exc.code, exc.message)
                    raise
                except Exception as exc:  # a fault of the checking itself: the run says so, then the error goes on
                    finish(
                        ImportRun.State.FAILED,
                        "import.check_failed",
                        f"检查文件时程序出错，已写入的批次保留、其余未导入；请把文件和此信息交给系统管理员（{exc}）"[
                            :500
                        ],
                    )
                    raise
                if chunk is None:
                    break
                tick(result.rejected - rejected_before)
                if not chunk.goods:
                    continue
                good_rows += len(chunk.goods)
                if sqlite and committed_at is not None:
                    # SQLite's waiting writers poll (every 100 ms once they have waited a while) instead of queueing:
                    # checking the next chunk usually leaves them that gap; when it did not, after WRITE_SLICE_S of
                    # writing the rest of the gap is waited out, so a login never waits for the whole import.
                    gap = time.monotonic() - committed_at
                    if gap >= WRITE_GAP_S:
                        held = 0.0
                    elif held > WRITE_SLICE_S:
                        time.sleep(WRITE_GAP_S - gap)
                        held = 0.0
                cells_of.clear()
                importer.prepared = chunk.prepared
                began = time.monotonic()
                try:
                    with transaction.atomic():
                        if not sqlite and chunk_size:
                            # A chunk's commit does not wait for its WAL to reach the disk: the run's last commit
                            # (state ``done``, below) does, and it flushes every chunk's before it. A crash in between
                            # loses at most the last chunks with their audit events and their ``chunks_applied``, as
                            # one transaction each: the run stays ``applying`` and re-importing the file completes it.
                            with connection.cursor() as cur:
                                cur.execute("SET LOCAL synchronous_commit TO OFF")
                        importer.apply(chunk.goods, result, tick)
                        audit_records(action=importer.record_action, items=importer.take_audit_items(), actor=actor)
                        ImportRun.objects.filter(pk=run.pk).update(
                            chunks_applied=done + 1,
                            created=result.created,
                            updated=result.updated,
                            unchanged=result.unchanged,
                            rejected=result.rejected,
                        )
                except (IntegrityError, DataError) as exc:
                    importer.take_audit_items()
                    written = (
                        f"此前已写入的 {done} 批数据保留，修正后重新导入同一文件即可补全"
                        if done
                        else "本次未导入任何数据"
                    )
                    message = f"写入数据库失败，{written}（{str(exc)[:200]}）；请把文件和此信息交给系统管理员"
                    finish(ImportRun.State.FAILED, "import.write_failed", message)
                    raise ImportFileError("import.write_failed", message) from exc
                except Exception as exc:  # a fault of the writing code itself: the run says so, then the error goes on
                    importer.take_audit_items()
                    finish(
                        ImportRun.State.FAILED,
                        "import.apply_failed",
                        f"写入时程序出错，此前已写入的 {done} 批数据保留、本批及其后未导入；"
                        f"请把文件和此信息交给系统管理员（{exc}）"[:500],
                    )
                    raise
                committed_at = time.monotonic()
                held += committed_at - began
                done += 1
        # 3. One event for every run that read the file, even one that changed nothing: who imported what.
        with transaction.atomic():
            finish(ImportRun.State.DONE, rows=good_rows + result.rejected, chunks_total=done)
            audit_record(
                action=importer.audit_action or f"{importer.kind}.import",
                target=run,
                changes={
                    "file": path.name,
                    "sha256": source.sha256,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "rejected": result.rejected,
                    "scope_department": importer.scope_department_id,
                },
                actor=actor,
            )
    finally:
        importer._rejecter = None
        importer.prepared = None
        if ahead is not None:
            ahead.close()
        if bar is not None:
            bar.close()
    result.warnings = importer.warnings(written_since=written_since)
    if rejects:
        result.error_file = write_error_file(path, header, rejects, dropped=rejects.cells_dropped)
    return result


def _no_tick(n: int) -> None:
    pass


@dataclass
class _Chunk:
    """A checked chunk: its good rows, ``Importer.ahead``'s result for them, and their cells by row number (made
    when asked: only a row ``apply`` rejects needs its cells, for the error file)."""

    goods: list[Good]
    prepared: Any
    cells_by_row: Callable[[], dict[int, list[str]]]


def _prepared(importer: Importer, batches: Iterable[list[tuple[Good, list[str]]]]) -> Iterator[_Chunk]:
    for batch in batches:
        goods = [good for good, _cells in batch]
        yield _Chunk(
            goods,
            importer.ahead(goods) if goods else None,
            lambda batch=batch: {good[0]: cells for good, cells in batch},  # type: ignore[misc]
        )


def _pack(batch: list[tuple[Good, list[str]]], prepared: Any) -> tuple[Any, ...]:
    """A checked chunk in the form that crosses the pipe fastest: the rows' values column by column under one key
    list (the dicts themselves when their keys differ), the good rows' cells as one CSV text."""
    numbers = [good[0] for good, _cells in batch]
    dicts = [good[1] for good, _cells in batch]
    keys: list[str] = list(dicts[0]) if dicts else []
    values: Any = dicts
    if dicts and set(map(len, dicts)) == {len(keys)}:
        try:
            values = [[d[key] for d in dicts] for key in keys]  # KeyError: a row with other keys
        except KeyError:
            values = dicts
    buffer = io.StringIO()
    csv.writer(buffer).writerows(cells for _good, cells in batch)
    return numbers, keys, values, buffer.getvalue(), prepared


def _unpack(packed: tuple[Any, ...]) -> _Chunk:
    numbers, keys, values, cells_text, prepared = packed
    if values is not None and values and type(values[0]) is dict:
        dicts = values
    else:
        dicts = list(map(dict, map(zip, itertools.repeat(keys), zip(*values, strict=True)))) if keys else []

    def cells_by_row() -> dict[int, list[str]]:
        return dict(zip(numbers, csv.reader(io.StringIO(cells_text, newline="")), strict=True))

    return _Chunk(list(zip(numbers, dicts, strict=True)), prepared, cells_by_row)


def _check_child(
    importer: Importer, header: list[str], rows: Iterable[list[str]], size: int, out: Any, parent_end: Any
) -> None:  # pragma: no cover (runs in the forked child: covered through run_import's outcome)
    """The check process: checks the file chunk by chunk, runs ``Importer.ahead`` on each, and sends each chunk with
    its rejects and errors. Up to ``CHECK_AHEAD_CHUNKS`` chunks wait to be sent (a thread sends them), so a slow
    chunk of the writer does not leave this process idle, and memory stays bounded."""
    parent_end.close()  # the copy of the reading end: once the writer closes its own, a send here fails at once
    gc.disable()  # the checks make no reference cycles; the parent's objects must not be finalised here
    # Besides the queue, one chunk is in the pipe (being sent) and one is made and waits for room: the queue holds
    # the rest of ``CHECK_AHEAD_CHUNKS``.
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=max(1, CHECK_AHEAD_CHUNKS - 2))
    stopped = threading.Event()

    def sender() -> None:
        try:
            while (data := pending.get()) is not None:
                out.send_bytes(data)
        except OSError:  # a broken pipe: the writer stopped (a failed chunk), nothing left to report
            stopped.set()

    thread = threading.Thread(target=sender, name="import-check-send", daemon=True)
    thread.start()

    def put(data: bytes | None) -> bool:
        # never a blocking put: once the writer has closed the pipe the sender is gone and nothing empties the queue
        while not stopped.is_set():
            try:
                pending.put(data, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def send(message: tuple[Any, ...]) -> bool:
        return put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    # A plain list: the run's ``Rejects`` in the writer applies the error file's size cap (and counts what it drops)
    own, own_rejects = ImportResult(), list[Reject]()
    try:
        for batch in importer.check_batches(header, rows, own, own_rejects, size=size):
            goods = [good for good, _cells in batch]
            prepared = importer.ahead(goods) if goods else None
            message = ("chunk", _pack(batch, prepared), own.rejected, own.errors[:], list(own_rejects))
            own.rejected = 0
            own.errors.clear()
            own_rejects.clear()
            if not send(message):
                return
        send(("end",))
    except ImportFileError as exc:
        send(("file_error", exc.code, exc.message))
    except BaseException:
        send(("crash", traceback.format_exc()))
    finally:
        put(None)
        thread.join()
        out.close()


@contextlib.contextmanager
def _sqlite_checkpoints_deferred(connection: Any) -> Iterator[None]:
    """SQLite, a run of several chunks: fewer WAL checkpoints while it writes, one at its end.

    Each chunk's commit appends the chunk's pages to the WAL; past ``wal_autocheckpoint`` pages (1,000 by default)
    the commit copies the WAL back into the database file and syncs both. A chunk writes more than that, so every
    commit checkpointed, writing the same index pages back again and again at places spread over a growing file:
    at 1M entities the commits took 32.5 s of a 101 s import, 13.7 s with this (issue 19 §5). The setting is this
    connection's and is restored; the run's own checkpoint at the end (``PASSIVE``: it waits for no reader or
    writer) leaves the WAL short for the office's next writes, which would otherwise pay for it."""
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        wal = cur.fetchone()[0] == "wal"  # a database in memory (tests) has no WAL
        if wal:
            cur.execute("PRAGMA wal_autocheckpoint")
            (before,) = cur.fetchone()
            cur.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_RUN_CHECKPOINT_PAGES}")
    if not wal:
        yield
        return
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            if not connection.in_atomic_block:  # inside a caller's transaction a checkpoint cannot run
                cur.execute("PRAGMA wal_checkpoint(PASSIVE)")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block: a chunk's tens of thousands of new objects (none in a cycle) would
    set the collector walking them again and again while they are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _CheckProcess:
    """The checked chunks of a file, each checked (and ``Importer.ahead`` run on it) in a forked child process while
    this process writes the chunk before.

    A process, not a thread: a checking thread competes with the writing one for the interpreter lock, and every
    wake-up of the writer from the database then waits for the checker's switch interval (issue 19: with a thread
    the import got slower, not faster, on PostgreSQL). The child reads the file and reports each chunk's rejects
    and errors with it; they are merged when the caller takes that chunk, so the outcome (and its order) is the
    sequential one's. A file error of the check (``ImportFileError``) is raised where the sequential check would
    raise it: when the caller asks for that chunk. ``close()`` stops the child and waits for it.

    A receiving thread takes the next chunk off the pipe and unpickles it while the writer waits for the database to
    store a COPY (``release``, called through ``bulk.while_copies_store``), so the writer finds it ready: one chunk,
    never more, waits received. Only then: a thread unpickling while the writer makes round trips to the server
    would make the writer wait for the interpreter lock after each answer (measured: as much lost as gained). A
    caller that finds no chunk received releases the thread itself. It only receives; the merging into the run's
    result stays with the caller.
    """

    def __init__(
        self,
        importer: Importer,
        header: list[str],
        rows: Iterable[list[str]],
        result: ImportResult,
        rejects: list[Reject],
        size: int,
    ) -> None:
        self.result, self.rejects = result, rejects
        context = multiprocessing.get_context("fork")
        self._in, child_out = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_check_child,
            args=(importer, header, rows, size, child_out, self._in),
            name="import-check",
            daemon=True,
        )
        self._process.start()
        child_out.close()  # the child holds the writing end: end of file here when it exits
        self._done = False
        self._received: queue.Queue[tuple[Any, ...]] = queue.Queue(maxsize=1)
        self._stopping = threading.Event()
        self._go = threading.Event()  # set: the thread may receive the next message
        # started after the fork: the child must not inherit a thread that reads its own pipe
        self._receiver = threading.Thread(target=self._receive, name="import-check-receive", daemon=True)
        self._receiver.start()

    def _receive(self) -> None:
        """The receiving thread: each message off the pipe, unpickled (a chunk also unpacked), into ``_received``,
        until the child's last message, the end of the pipe or ``close``."""
        while not self._stopping.is_set():
            if not self._go.wait(timeout=0.1):
                continue
            if not self._received.empty():  # a release before the writer took the chunk received for it
                self._go.clear()
                continue
            message: tuple[Any, ...]
            try:
                data = self._in.recv_bytes()
            except (EOFError, OSError):
                message = ("eof",)
            else:
                try:
                    with _collector_paused():
                        message = pickle.loads(data)  # our own child process wrote it
                        if message[0] == "chunk":
                            message = ("chunk", _unpack(message[1]), *message[2:])
                except Exception:  # a fault here must reach the writer, which waits for this message
                    message = ("error", traceback.format_exc())
            self._received.put(message)  # never full: only this thread puts, and only into an empty queue
            self._go.clear()  # a release while this message was made was for it: the next one waits for the next
            if message[0] != "chunk":
                return

    def release(self) -> None:
        """Let the receiving thread take the next message now (the writer waits for the server)."""
        self._go.set()

    def __iter__(self) -> _CheckProcess:
        return self

    def __next__(self) -> _Chunk:
        if self._done:
            raise StopIteration
        try:
            message = self._received.get_nowait()
        except queue.Empty:
            self._go.set()
            message = self._received.get()
        kind = message[0]
        if kind == "chunk":
            _kind, chunk, rejected, errors, rejects = message
            self.result.rejected += rejected
            self.result.add_errors(errors)
            for n, cells, reason in rejects:
                # a row the CSV reader refused is marked by the one ``_CSV_ERROR`` list, which pickling copies
                self.rejects.append((n, _CSV_ERROR if cells == _CSV_ERROR else cells, reason))
            return chunk  # type: ignore[no-any-return]
        self._done = True
        if kind == "end":
            raise StopIteration
        if kind == "eof":
            self._process.join(timeout=5)
            raise RuntimeError(f"导入检查进程意外退出（退出码 {self._process.exitcode}），未导入剩余的行")
        if kind == "file_error":
            raise ImportFileError(message[1], message[2])
        raise RuntimeError(f"导入检查进程出错：\n{message[1]}")

    def close(self) -> None:
        self._stopping.set()
        with contextlib.suppress(queue.Empty):
            self._received.get_nowait()  # a chunk received for nobody
        # The receiving thread ends after at most one more message; the pipe is closed only then, as no thread reads
        # from it any more. A child stuck in a check sends nothing: it is stopped, which ends the pipe.
        self._receiver.join(timeout=5)
        if self._receiver.is_alive():  # pragma: no cover (a child stuck in a check)
            self._process.terminate()
            self._receiver.join()
        self._in.close()  # a child still sending gets a broken pipe and ends
        self._process.join(timeout=5)
        if self._process.is_alive():  # pragma: no cover (a child stuck in a check)
            self._process.terminate()
            self._process.join()


def _all_in_one(batches: Iterator[list[tuple[Good, list[str]]]]) -> Iterator[list[tuple[Good, list[str]]]]:
    """Every batch's good rows as one chunk (importers without ``chunk_size``; their files are capped)."""
    yield [good for batch in batches for good in batch]


# Each app's ``importers.py`` registers its kinds; ``fazhi import entities`` imports only the registry's (and the
# apps before it), not every app's importers with their services.
IMPORTERS: dict[str, Callable[[], Importer]] = LazyRegistry("importers")


def register_importer(kind: str, factory: Callable[[], Importer]) -> None:
    IMPORTERS[kind] = factory
