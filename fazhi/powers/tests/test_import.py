import pytest
from openpyxl import Workbook

from fazhi.core.importing import IMPORTERS, run_import
from fazhi.powers import services
from fazhi.powers.choices import BatchStatus
from fazhi.powers.exporters import export_powers_xlsx
from fazhi.powers.models import AdjustmentBatch, AdjustmentLine
from fazhi.powers.tests.factories import D2022, approved_batch

pytestmark = pytest.mark.django_db

HEADER = ["事项编码", "事项名称", "职权类别", "设定依据", "责任科室", "追责情形", "责任事项", "备注"]
GOOD = [
    [
        "CF-100",
        "对销售超过保质期食品的行政处罚",
        "行政处罚",
        "《中华人民共和国食品安全法》第一百二十四条",
        "张贵庄市场监管所",
        "",
        "",
        "",
    ],
    ["JC-100", "对食品经营者的监督检查", "行政检查", "《中华人民共和国食品安全法》第一百一十条", "ZGZ", "", "", ""],
]


def write_csv(path, rows, header=HEADER):
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def importer():
    return IMPORTERS["powers"]()


def test_导入生成调整函草稿(tmp_path, department):
    result = run_import(importer(), write_csv(tmp_path / "list.csv", GOOD))
    assert (result.created, result.rejected) == (2, 0)
    batch = AdjustmentBatch.objects.get()
    assert batch.status == BatchStatus.DRAFT and batch.source == "导入"
    line = batch.lines.get(code="CF-100")
    assert line.action == "add" and line.category == "penalty" and line.department_id == department.pk
    assert line.legal_basis == [{"instrument": "中华人民共和国食品安全法", "articles": "第一百二十四条"}]


def test_重复导入同一文件不产生重复事项(tmp_path, department):
    path = write_csv(tmp_path / "list.csv", GOOD)
    run_import(importer(), path)
    again = run_import(importer(), path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AdjustmentLine.objects.count() == 2 and AdjustmentBatch.objects.count() == 1


def test_修改后重新导入更新草稿(tmp_path, department):
    run_import(importer(), write_csv(tmp_path / "a.csv", GOOD))
    changed = [GOOD[0][:1] + ["新的名称"] + GOOD[0][2:], GOOD[1]]
    result = run_import(importer(), write_csv(tmp_path / "b.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert AdjustmentLine.objects.get(code="CF-100").name == "新的名称"


def test_坏行被拒且好行照常导入(tmp_path, department):
    rows = [
        *GOOD,
        ["CF-101", "无依据的事项", "行政处罚", "", "", "", "", ""],
        ["CF-102", "类别错误", "行政审批", "《价格法》第十三条", "", "", "", ""],
        ["CF-103", "部门错误", "行政处罚", "《价格法》第十三条", "不存在的科室", "", "", ""],
        ["CF-100", "重复编码", "行政处罚", "《价格法》第十三条", "", "", "", ""],
        ["", "缺编码", "行政处罚", "《价格法》第十三条", "", "", "", ""],
    ]
    result = run_import(importer(), write_csv(tmp_path / "bad.csv", rows))
    assert result.created == 2 and result.rejected == 5
    codes = {(e.row, e.code) for e in result.errors}
    assert codes == {
        (3, "powers.legal_basis_missing"),
        (4, "category.unknown"),
        (5, "department.unknown"),
        (6, "row.duplicate_in_file"),
        (7, "cell.required"),
    }
    assert result.error_file and (tmp_path / "bad.errors.csv").exists()


def test_缺少必需表头(tmp_path):
    from fazhi.core.importing import ImportFileError

    with pytest.raises(ImportFileError) as exc:
        run_import(importer(), write_csv(tmp_path / "h.csv", [["X"]], header=["事项编码"]))
    assert exc.value.code == "file.missing_headers"


def test_已有事项默认为变更_取消行只需编码(tmp_path, make_user, department):
    approved_batch(make_user("section_chief"), make_user("leader"), "基线", D2022, [("add", "CF-100"), ("add", "X-9")])
    header = ["调整类型", *HEADER]
    rows = [["", *GOOD[0]], ["取消", "X-9", "", "", "", "", "", "", ""]]
    run_import(importer(), write_csv(tmp_path / "c.csv", rows, header=header))
    batch = AdjustmentBatch.objects.get(status="draft")
    assert dict(batch.lines.values_list("code", "action")) == {"CF-100": "change", "X-9": "remove"}


def test_导出的Excel可重新导入(tmp_path, make_user, department):
    chief, leader = make_user("section_chief"), make_user("leader")
    approved_batch(chief, leader, "基线", D2022, [("add", "CF-1", "事项一"), ("add", "CF-2", "事项二")],
                   department=department)  # fmt: skip
    path = tmp_path / "export.xlsx"
    path.write_bytes(export_powers_xlsx(D2022))
    result = run_import(importer(), path)
    assert (result.created, result.rejected) == (2, 0)
    batch = AdjustmentBatch.objects.get(status="draft")
    assert set(batch.lines.values_list("action", flat=True)) == {"change"}
    # Unchanged content: submitting is allowed (a change may restate an item).
    services.batch_submit(actor=chief, batch=batch)


def test_xlsx导入(tmp_path, department):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in GOOD:
        ws.append(row)
    path = tmp_path / "list.xlsx"
    wb.save(path)
    assert run_import(importer(), path).created == 2
