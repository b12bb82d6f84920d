"""Imports obey department scoping and audit every record (issue 14 §1).

The finding: a section chief uploading a one-row CSV to /registry/import/ rewrote another office's entity (name,
status, office, risk class) and deactivated another department's officer, and the audit had one event naming the
file. Here the same uploads are refused row by row (``row.out_of_scope``), nothing of the other department changes,
and every record that does change has its own audit event with before and after.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from fazhi.core.audit import audit_verify
from fazhi.core.importing import IMPORTERS, ImportFileError, run_import
from fazhi.core.models import AuditEvent, ImportRun
from fazhi.registry.models import Department, MarketEntity, Officer
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db

ENTITY_HEADER = ["统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态", "管辖单位", "信用风险分类"]
U_MINE = make_uscc("120110", "91", "MA05K1M1")
U_OTHER = make_uscc("120110", "91", "MA05K1T1")
U_NEW = make_uscc("120110", "91", "MA05K1N1")


def _csv(tmp_path: Path, header: list[str], rows: list[list[str]], name: str = "f.csv") -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buf.getvalue(), "utf-8")
    return path


def _entity(uscc: str, office: Department, name: str) -> MarketEntity:
    return MarketEntity.objects.create(
        uscc=uscc, name=name, kind="enterprise", established_on="2020-01-02", status="active", office=office,
        risk_class="B",
    )  # fmt: skip


@pytest.fixture
def world(department, other_department, make_user):
    chief = make_user("section_chief", username="chief")
    return {
        "chief": chief,
        "admin": make_user("admin", username="root"),
        "mine": _entity(U_MINE, department, "本所的公司"),
        "theirs": _entity(U_OTHER, other_department, "别所的公司"),
        "my_officer": Officer.objects.create(
            name="甲", certificate_number="ZF0001", certificate_expires_on="2030-01-01", department=department
        ),
        "their_officer": Officer.objects.create(
            name="乙", certificate_number="ZF0002", certificate_expires_on="2030-01-01", department=other_department
        ),
    }


def _codes(result) -> dict[int, str]:
    return {e.row: e.code for e in result.errors}


def test_科室负责人上传_改写别所主体的行被拒绝_本所的行照常(tmp_path, world, department, other_department):
    rows = [
        [U_OTHER, "被改的名称", "企业", "2020-01-02", "吊销", department.name, "D"],  # the probe's row
        [U_MINE, "本所的公司（更名）", "企业", "2020-01-02", "存续", department.name, "A"],
        [U_NEW, "新设的公司", "企业", "2021-01-02", "存续", other_department.name, ""],  # into another office
    ]
    result = run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows), actor=world["chief"])
    assert _codes(result) == {1: "row.out_of_scope", 3: "row.out_of_scope"}
    assert (result.created, result.updated, result.rejected) == (0, 1, 2)
    theirs = MarketEntity.objects.get(uscc=U_OTHER)
    assert (theirs.name, theirs.status, theirs.office_id, theirs.risk_class) == (
        "别所的公司",
        "active",
        other_department.pk,
        "B",
    )
    assert not MarketEntity.objects.filter(uscc=U_NEW).exists()
    assert MarketEntity.objects.get(uscc=U_MINE).name == "本所的公司（更名）"


def test_科室负责人不能把本所主体划到别所(tmp_path, world, other_department):
    rows = [[U_MINE, "本所的公司", "企业", "2020-01-02", "存续", other_department.name, "B"]]
    result = run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows), actor=world["chief"])
    assert _codes(result) == {1: "row.out_of_scope"}
    assert MarketEntity.objects.get(uscc=U_MINE).office_id == world["mine"].office_id


def test_缺管辖单位列时_别所主体仍被拒绝_新主体无管辖单位也被拒绝(tmp_path, world):
    header = ENTITY_HEADER[:5]
    rows = [[U_OTHER, "被改的名称", "企业", "2020-01-02", "吊销"], [U_NEW, "新公司", "企业", "2021-01-02", "存续"]]
    result = run_import(IMPORTERS["entities"](), _csv(tmp_path, header, rows), actor=world["chief"])
    assert _codes(result) == {1: "row.out_of_scope", 2: "row.out_of_scope"}
    assert MarketEntity.objects.get(uscc=U_OTHER).status == "active"


def test_命令行操作员导入_不受部门限制(tmp_path, world, department):
    rows = [[U_OTHER, "改名", "企业", "2020-01-02", "存续", department.name, "A"]]
    result = run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows), actor=None)
    assert (result.updated, result.rejected) == (1, 0)


def test_系统管理员不做业务_不能导入(tmp_path, world):
    """三员分立 (issue 14 §3): administrator roles hold no business write permission, imports included."""
    rows = [[U_NEW, "新公司", "企业", "2021-01-02", "存续", "", ""]]
    with pytest.raises(ImportFileError) as err:
        run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows), actor=world["admin"])
    assert err.value.code == "import.forbidden"


def test_经上传页面_别所主体和别部门执法人员都改不了(client, tmp_path, settings, world, department):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["chief"])
    entity_csv = f"统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位,信用风险分类\n{U_OTHER},改,企业,2020-01-02,吊销,{department.name},D\n"
    response = client.post(
        "/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", entity_csv.encode(), "text/csv")}
    )
    assert "row.out_of_scope" in response.content.decode()
    officer_csv = f"姓名,执法证号,执法证有效期至,所属部门,在岗\n乙,ZF0002,2030-01-01,{department.name},否\n"
    response = client.post(
        "/registry/import/", {"kind": "officers", "file": SimpleUploadedFile("o.csv", officer_csv.encode(), "text/csv")}
    )
    assert "row.out_of_scope" in response.content.decode()
    officer = Officer.objects.get(certificate_number="ZF0002")
    assert (officer.active, officer.department_id) == (True, world["their_officer"].department_id)
    assert MarketEntity.objects.get(uscc=U_OTHER).status == "active"


def test_执法人员_别部门的停用被拒绝_本部门的照常(tmp_path, world, department, other_department):
    header = ["姓名", "执法证号", "执法证有效期至", "所属部门", "在岗"]
    rows = [
        ["乙", "ZF0002", "2030-01-01", other_department.name, "否"],
        ["甲", "ZF0001", "2030-01-01", department.name, "否"],
        ["丙", "ZF0003", "2030-01-01", other_department.name, "是"],
    ]
    result = run_import(IMPORTERS["officers"](), _csv(tmp_path, header, rows), actor=world["chief"])
    assert _codes(result) == {1: "row.out_of_scope", 3: "row.out_of_scope"}
    assert Officer.objects.get(certificate_number="ZF0002").active is True
    assert Officer.objects.get(certificate_number="ZF0001").active is False
    assert not Officer.objects.filter(certificate_number="ZF0003").exists()


def test_部门是局级结构_科室负责人不能导入(tmp_path, world):
    path = _csv(tmp_path, ["部门编码", "部门名称", "类型"], [["X1", "新科室", "科室"]])
    with pytest.raises(ImportFileError) as err:
        run_import(IMPORTERS["departments"](), path, actor=world["chief"])
    assert err.value.code == "import.scope_unsupported"
    assert not Department.objects.filter(code="X1").exists()


def test_无导入权限的角色_文件级拒绝(tmp_path, world, make_user):
    path = _csv(tmp_path, ENTITY_HEADER, [[U_NEW, "新公司", "企业", "2021-01-02", "存续", "", ""]])
    with pytest.raises(ImportFileError) as err:
        run_import(IMPORTERS["entities"](), path, actor=make_user("officer"))
    assert err.value.code == "import.forbidden"
    with pytest.raises(ImportFileError) as err:
        run_import(IMPORTERS["entities"](), path, actor=make_user("auditor"))
    assert err.value.code == "import.forbidden"


def test_命令行以科室负责人身份导入_同样按部门限制(tmp_path, world, department):
    rows = [[U_OTHER, "改", "企业", "2020-01-02", "吊销", department.name, "D"]]
    out = io.StringIO()
    call_command(
        "import", "entities", str(_csv(tmp_path, ENTITY_HEADER, rows)), "--json", "--user", "chief", stdout=out
    )
    summary = json.loads(out.getvalue())
    assert summary["rejected"] == 1 and summary["errors"][0]["code"] == "row.out_of_scope"


def test_投诉举报_承办单位为别部门的行被拒绝(tmp_path, world, department, other_department, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"
    header = ["登记编号", "登记日期", "类型", "被投诉方名称", "承办单位"]
    rows = [
        ["A1", "2023-03-01", "投诉", "某店", department.name],
        ["A2", "2023-03-01", "投诉", "某店", other_department.name],
    ]
    result = run_import(IMPORTERS["complaints"](), _csv(tmp_path, header, rows), actor=world["chief"])
    assert _codes(result) == {2: "row.out_of_scope"}
    assert result.created == 1
    events = AuditEvent.objects.filter(action="complaints.import.record")
    assert events.count() == 1 and events.get().changes["number"] == "A1"


def test_权责清单_别科室的事项被拒绝(tmp_path, world, department, other_department):
    header = ["事项编码", "事项名称", "职权类别", "设定依据", "责任科室"]
    basis = "《中华人民共和国食品安全法》第一百二十四条"
    rows = [
        ["CF-1", "本所事项", "行政处罚", basis, department.name],
        ["CF-2", "别所事项", "行政处罚", basis, other_department.name],
    ]
    result = run_import(IMPORTERS["powers"](), _csv(tmp_path, header, rows), actor=world["chief"])
    assert _codes(result) == {2: "row.out_of_scope"}
    assert result.created == 1


def test_每条新增或变更的记录各有一个审计事件_运行本身一个(tmp_path, world, department):
    rows = [
        [U_MINE, "本所的公司（更名）", "企业", "2020-01-02", "存续", department.name, "B"],
        [U_NEW, "新设的公司", "企业", "2021-01-02", "存续", department.name, ""],
    ]
    result = run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows), actor=world["chief"])
    assert (result.created, result.updated) == (1, 1)
    records = AuditEvent.objects.filter(action="registry.import_entities.record").order_by("sequence")
    assert [(e.object_type, e.changes["op"]) for e in records] == [
        ("registry.marketentity", "update"),
        ("registry.marketentity", "create"),
    ]
    update, create = records
    assert update.object_id == str(world["mine"].pk) and update.actor_id == world["chief"].pk
    assert update.changes["fields"] == {"name": ["本所的公司", "本所的公司（更名）"]}
    assert update.changes["row"] == 1 and update.changes["import"] == result.run_id
    assert create.object_id == str(MarketEntity.objects.get(uscc=U_NEW).pk) and create.changes["uscc"] == U_NEW
    run_event = AuditEvent.objects.get(action="registry.import_entities")
    assert run_event.object_type == "core.importrun" and run_event.changes["created"] == 1
    run = ImportRun.objects.get(pk=result.run_id)
    assert (run.state, run.created, run.updated, run.actor_id) == ("done", 1, 1, world["chief"].pk)
    assert audit_verify().ok
    # Re-importing the same file changes nothing and writes no record event.
    again = run_import(IMPORTERS["entities"](), _csv(tmp_path, ENTITY_HEADER, rows, name="g.csv"), actor=world["chief"])
    assert again.unchanged == 2
    assert AuditEvent.objects.filter(action="registry.import_entities.record").count() == 2


def test_执法人员与部门的变更也逐条审计(tmp_path, world, department):
    header = ["姓名", "执法证号", "执法证有效期至", "所属部门", "在岗"]
    run_import(
        IMPORTERS["officers"](),
        _csv(tmp_path, header, [["甲", "ZF0001", "2030-01-01", department.name, "否"]]),
        actor=world["chief"],
    )
    event = AuditEvent.objects.get(action="registry.import_officers.record")
    assert event.object_id == str(world["my_officer"].pk) and event.changes["fields"] == {"active": [True, False]}
    run_import(
        IMPORTERS["departments"](),
        _csv(tmp_path, ["部门编码", "部门名称", "类型"], [["X1", "新科室", "科室"]], name="d.csv"),
        actor=None,
    )
    event = AuditEvent.objects.get(action="registry.import_departments.record")
    assert event.changes["op"] == "create" and event.changes["code"] == "X1"
