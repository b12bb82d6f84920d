"""Crafted spreadsheets never take the server down (issue 14 §7): each is refused with a file error, exit 2.

The first test is the finding itself: a 5 KB XLSX with one cell at XFD1048576 made python-calamine abort the
whole process ("memory allocation of 549755813888 bytes failed"). Here it must end in ``ImportFileError`` while
this (the test) process lives on; the other files are the variants a hostile or careless user can produce.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from fazhi.core.importing import ImportFileError, run_import
from fazhi.core.spreadsheets import (
    SheetLimits,
    SheetRejected,
    convert_to_csv,
    dimension_size,
    inspect_workbook,
    parse_ref,
)
from fazhi.registry.importers import EntityImporter
from fazhi.registry.models import MarketEntity

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态"]
ROW = ["91120110MA05K1B38U", "天津某某科技有限公司", "企业", "2020-01-02", "存续"]


def _book(path: Path, *cells: tuple[str, object], rows: list[list[object]] | None = None, sheets: int = 1) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows or []:
        ws.append(row)
    for ref, value in cells:
        ws[ref] = value
    for i in range(1, sheets):
        wb.create_sheet(f"表{i}")
    wb.save(path)
    return path


def _rewrite(path: Path, part: str, change) -> Path:
    """Rewrite one part of an xlsx (the way a crafted file is made: by editing the XML inside the zip)."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts[part] = change(parts[part])
    out = path.with_name("crafted-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return out


def _import_code(path: Path, **kwargs) -> str:
    with pytest.raises(ImportFileError) as err:
        run_import(EntityImporter(), path, **kwargs)
    return err.value.code


def test_XFD1048576单元格的文件_拒绝而服务进程存活(tmp_path):
    path = _book(tmp_path / "bomb.xlsx", ("XFD1048576", "x"), rows=[HEADER])
    assert path.stat().st_size < 10_000
    assert _import_code(path) == "file.sheet_too_large"
    assert not MarketEntity.objects.exists()


def test_命令行导入炸弹文件_退出码2_输出一个JSON错误(tmp_path):
    path = _book(tmp_path / "bomb.xlsx", ("XFD1048576", "x"), rows=[HEADER])
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import", "entities", str(path), "--json", stdout=out)
    assert exc.value.code == 2
    assert json.loads(out.getvalue())["error"]["code"] == "file.sheet_too_large"


def test_去掉维度声明_仍按实际单元格引用拒绝(tmp_path):
    path = _book(tmp_path / "bomb.xlsx", ("XFD1048576", "x"), rows=[HEADER])
    crafted = _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    assert b"dimension" not in zipfile.ZipFile(crafted).read("xl/worksheets/sheet1.xml")
    assert _import_code(crafted) == "file.sheet_too_large"


def test_伪造很小的维度声明_仍按实际单元格引用拒绝(tmp_path):
    path = _book(tmp_path / "bomb.xlsx", ("XFD1048576", "x"), rows=[HEADER])
    crafted = _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"A1:XFD1048576", b"A1:E1"))
    assert _import_code(crafted) == "file.sheet_too_large"


def test_第1048576行的远处单元格_行数乘列数超过上限即拒绝(tmp_path):
    # Column Z, row 1,048,576: 27 million cells for the reader; refused before any reader opens it.
    path = _book(tmp_path / "deep.xlsx", ("Z1048576", "x"), rows=[HEADER])
    with pytest.raises(SheetRejected) as err:
        inspect_workbook(path, SheetLimits(max_cells=10_000_000))
    assert err.value.code == "file.sheet_too_large"


def test_读取器无法预先约束时_子进程内存上限兜底(tmp_path):
    """Past the checks (called directly here), the reader itself dies in its child process, not in ours."""
    path = _book(tmp_path / "bomb.xlsx", ("XFD1048576", "x"), rows=[HEADER])
    with pytest.raises(SheetRejected) as err:
        convert_to_csv(path, tmp_path / "out.csv", SheetLimits(memory_bytes=512 << 20))
    assert err.value.code == "file.sheet_too_large" and "内存" in err.value.message


def test_压缩炸弹_压缩比异常即拒绝(tmp_path):
    path = _book(tmp_path / "zip.xlsx", rows=[HEADER, ROW])
    padding = b" " * (8 << 20)  # 8 MB of blanks compress to a few KB: a ratio no real sheet has
    crafted = _rewrite(
        path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>")
    )
    assert crafted.stat().st_size < 100_000
    assert _import_code(crafted) == "file.zip_bomb"


def test_解压后总量超过上限即拒绝(tmp_path):
    path = _book(tmp_path / "big.xlsx", rows=[HEADER, ROW])
    with pytest.raises(SheetRejected) as err:
        inspect_workbook(path, SheetLimits(max_total_bytes=10_000))
    assert err.value.code == "file.zip_bomb"


def test_工作表过多即拒绝(tmp_path):
    path = _book(tmp_path / "many.xlsx", rows=[HEADER, ROW], sheets=120)
    assert _import_code(path) == "file.too_many_sheets"


def test_巨大的共享字符串表即拒绝(tmp_path):
    path = _book(tmp_path / "strings.xlsx", rows=[HEADER, ROW])
    huge = b"".join(b"<si><t>%d-" % i + b"x" * 200 + b"</t></si>" for i in range(12_000))  # about 2.5 MB

    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + huge
        + b"</sst>"
    )
    crafted = tmp_path / "crafted-strings.xlsx"
    with zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    with pytest.raises(SheetRejected) as err:
        inspect_workbook(crafted, SheetLimits(max_shared_strings_bytes=1 << 20))
    assert err.value.code == "file.sheet_too_large"


def test_目录声明的大小与内容不符_当作损坏文件(tmp_path):
    path = _book(tmp_path / "lie.xlsx", rows=[HEADER, ROW])
    data = bytearray(path.read_bytes())
    # Corrupt the compressed bytes of the worksheet: the stream no longer inflates to its declared size and CRC.
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + min(info.compress_size - 2, 60)):
        data[i] ^= 0x5A
    crafted = tmp_path / "crafted-lie.xlsx"
    crafted.write_bytes(bytes(data))
    assert _import_code(crafted) in {"file.xlsx_invalid"}


def test_不是zip的xlsx_当作损坏文件(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    assert _import_code(path) == "file.xlsx_invalid"


def test_文件超过大小上限即拒绝(tmp_path):
    path = _book(tmp_path / "big.xlsx", rows=[HEADER, ROW])
    assert _import_code(path, limits=SheetLimits(max_file_bytes=1000)) == "file.too_large"


def test_正常文件_子进程转换后逐行导入_行号与表格一致(tmp_path, department):
    path = _book(
        tmp_path / "ok.xlsx",
        rows=[HEADER, ROW, [None] * 5, ["91120110MA05K1B3XX", "坏代码公司", "企业", "2020-01-02", "存续"]],
    )
    result = run_import(EntityImporter(), path)
    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0].row == 3  # the blank row still counts
    assert MarketEntity.objects.get().name == "天津某某科技有限公司"


def test_数据不从A1开始_列仍对齐表头(tmp_path):
    path = _book(tmp_path / "offset.xlsx", ("B1", "统一社会信用代码"), ("C1", "企业名称"), ("B2", "x"), ("C2", "y"))
    out = tmp_path / "offset.csv"
    convert_to_csv(path, out)
    assert out.read_text("utf-8").splitlines()[:2] == [",统一社会信用代码,企业名称", ",x,y"]


def test_单元格引用解析():
    assert parse_ref("XFD1048576") == (1048576, 16384)
    assert parse_ref("$A$1") == (1, 1)
    assert parse_ref("A0x") is None
    assert dimension_size("A1:XFD1048576") == (1048576, 16384)
    assert dimension_size("B2") == (2, 2)
    assert dimension_size("oops") is None
