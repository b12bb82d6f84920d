"""Spreadsheet and CSV output that a spreadsheet program cannot run as a formula (issue 14 §9).

Excel, WPS and LibreOffice treat a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, after trimming, a
leading tab or carriage return) as a formula: ``=1+cmd|' /C calc'!A0`` in a downloaded file runs a program
on the reader's machine. Every file fazhi writes for people to open in a spreadsheet goes through this
module:

- CSV (error files, CSV exports): such a text cell gets a leading apostrophe (``'=1+cmd…``), the OWASP
  "CSV injection" defence. The importer strips exactly that apostrophe again (``unescape_cell``), so an error
  file can be corrected and re-imported and a formula in it is still refused (``cell.formula``).
- XLSX (openpyxl): a text cell is written as a *string* cell with the "quote prefix" style, so it is shown
  as text, never evaluated, and stays text when someone edits it — the value itself is unchanged.

Numbers, dates and booleans are written as typed values: they cannot be formulas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPE = "'"


def is_formula_like(value: str) -> bool:
    """True when a spreadsheet would read the text as a formula (also after trimming leading whitespace)."""
    if not value:
        return False
    if value.startswith(FORMULA_STARTS):
        return True
    stripped = value.lstrip(" \t\r\n\u3000")
    return stripped != value and stripped.startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value to put in a CSV cell: formula-like text gets a leading apostrophe; other values unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return ESCAPE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def unescape_cell(value: str) -> str:
    """Undo ``safe_cell`` on an imported cell: ``'=…`` → ``=…`` (then refused as a formula), ``'-5`` → ``-5``."""
    if len(value) > 1 and value[0] == ESCAPE and is_formula_like(value[1:]):
        return value[1:]
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every row is neutralised."""

    def __init__(self, fh: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(fh: IO[str], **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(fh, **kwargs)


def xlsx_append(ws: Any, values: Sequence[Any]) -> None:
    """``ws.append(values)`` for an openpyxl worksheet, with every text cell a plain, quote-prefixed string."""
    ws.append([None if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            set_text(ws.cell(row=row, column=column), value)


def set_text(cell: Any, value: str) -> None:
    """Write ``value`` into an openpyxl cell as text that is never evaluated."""
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
    if is_formula_like(value):
        cell.quotePrefix = True
