"""``fazhi import departments`` and ``fazhi import officers`` (docs/formats/departments.md, officers.md)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from fazhi.registry.models import Department, Officer

pytestmark = pytest.mark.django_db


def write(tmp_path, name, header, rows):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(kind, path):
    out = io.StringIO()
    try:
        call_command("import", kind, str(path), "--json", stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


DEPT_HEADER = ["部门编码", "部门名称", "类型", "上级部门"]


def test_部门_上级可在后面的行_再导入不变(tmp_path):
    rows = [
        ["ZGZ", "张贵庄市场监管所", "市场监管所", "局机关"],
        ["JG", "局机关", "内设科室", ""],
        ["JYJ", "区教育局", "外部成员单位", ""],
        ["BAD", "坏类型", "协会", ""],
        ["ORP", "孤儿", "内设科室", "不存在的部门"],
    ]
    path = write(tmp_path, "d.csv", DEPT_HEADER, rows)
    code, summary = run("departments", path)
    assert code == 0 and (summary["created"], summary["rejected"]) == (3, 2), summary
    codes = {e["row"]: e["code"] for e in summary["errors"]}
    assert codes == {4: "department.kind.unknown", 5: "department.parent_unknown"}
    assert Department.objects.get(code="ZGZ").parent.code == "JG"
    assert Department.objects.get(code="JYJ").kind == "external"
    code, summary = run("departments", write(tmp_path, "d2.csv", DEPT_HEADER, rows[:3]))
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 3)


def test_部门_名称被其他编码占用_被拒(tmp_path, department):
    path = write(tmp_path, "d.csv", DEPT_HEADER, [["OTHER", department.name, "市场监管所", ""]])
    summary = run("departments", path)[1]
    assert summary["errors"][0]["code"] == "department.name_taken"


OFFICER_HEADER = ["姓名", "执法证号", "执法证有效期至", "所属部门", "执法领域", "在岗"]


def test_执法人员_导入_领域多种分隔符_再导入不变_修改后更新(tmp_path, department):
    rows = [
        ["张三", "12011000001", "2027-06-30", "张贵庄市场监管所", "食品、药品,特种设备；价格", "是"],
        ["李四", "12011000002", "2026/1/1", "ZGZ", "", "否"],
        ["王五", "12011000003", "2026-02-30", "ZGZ", "食品", "是"],
        ["赵六", "12011000004", "2026-01-01", "火星所", "食品", "是"],
        ["钱七", "12011000005", "2026-01-01", "ZGZ", "魔法", "是"],
        ["孙八", "12011000001", "2026-01-01", "ZGZ", "食品", "是"],
    ]
    path = write(tmp_path, "o.csv", OFFICER_HEADER, rows)
    code, summary = run("officers", path)
    assert code == 0 and (summary["created"], summary["rejected"]) == (2, 4), summary
    codes = {e["row"]: e["code"] for e in summary["errors"]}
    assert codes == {
        3: "date.impossible",
        4: "officer.department_unknown",
        5: "officer.domain_unknown",
        6: "row.duplicate_in_file",
    }
    zhang = Officer.objects.get(certificate_number="12011000001")
    assert zhang.domains == ["食品", "药品", "特种设备", "价格"] and zhang.active
    assert not Officer.objects.get(certificate_number="12011000002").active
    summary = run("officers", write(tmp_path, "o2.csv", OFFICER_HEADER, rows[:2]))[1]
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 2)
    rows[1][5] = "是"
    summary = run("officers", write(tmp_path, "o3.csv", OFFICER_HEADER, rows[:2]))[1]
    assert (summary["updated"], summary["unchanged"]) == (1, 1)


def test_执法人员_缺少表头_退出码2(tmp_path):
    code, summary = run("officers", write(tmp_path, "o.csv", ["姓名"], [["张三"]]))
    assert code == 2 and "执法证号" in summary["error"]["message"]
