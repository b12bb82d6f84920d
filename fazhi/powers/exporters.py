"""The list in force on a date as an Excel workbook (openpyxl): styled header, widths, frozen top row."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from fazhi.core.exporting import xlsx_append
from fazhi.powers.choices import PowerCategory
from fazhi.powers.models import format_legal_basis
from fazhi.powers.selectors import powers_in_force

# The headers are the import headers (docs/formats/powers.md), so an export can be edited and re-imported.
COLUMNS = [
    ("序号", 6),
    ("事项编码", 16),
    ("事项名称", 44),
    ("职权类别", 10),
    ("设定依据", 50),
    ("责任科室", 18),
    ("追责情形", 36),
    ("责任事项", 36),
    ("备注", 20),
    ("生效日期", 12),
]


def export_powers_xlsx(on: dt.date, *, search: str = "", category: str = "", department_id: int | None = None) -> bytes:
    """The workbook bytes of the list in force on ``on`` (same filters as the list pages)."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"权责清单{on.isoformat()}"  # the header must stay the first row so the file can be re-imported
    wb.properties.title = f"权责清单（{on.isoformat()} 有效）"
    ws.append([name for name, _ in COLUMNS])
    fill = PatternFill("solid", fgColor="B3261E")
    thin = Side(style="thin", color="999999")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = powers_in_force(on, search=search, category=category, department_id=department_id)
    for n, v in enumerate(rows.iterator(chunk_size=1000), start=1):
        xlsx_append(  # text cells are never formulas (issue 14 §9): the list is public and its names are typed in
            ws,
            [
                n,
                v.item.code,
                v.name,
                PowerCategory(v.category).label,
                format_legal_basis(v.legal_basis),
                v.department.name if v.department is not None else "",
                v.accountability,
                v.duty_items,
                v.remarks,
                v.effective_from.isoformat(),
            ],
        )
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{ws.max_row}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
