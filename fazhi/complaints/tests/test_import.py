import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command

from fazhi.complaints.models import Complaint

pytestmark = pytest.mark.django_db

HEADER = [
    "登记编号",
    "登记日期",
    "类型",
    "渠道",
    "消费者姓名",
    "联系电话",
    "被投诉方名称",
    "统一社会信用代码",
    "问题类别",
    "涉及金额",
    "诉求",
    "承办单位",
]


def write(tmp_path, rows, name="export.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def run(path, capsys):
    call_command("import", "complaints", str(path), json=True)
    return json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def test_导入12315导出并且重复导入不变(tmp_path, capsys, department, entity):
    rows = [
        [
            "A001",
            "2023-03-01",
            "投诉",
            "全国12315平台",
            "张三",
            "13812345678",
            "",
            entity.uscc,
            "食品安全",
            "120.50",
            "变质",
            "",
        ],
        [
            "A002",
            "2023/03/02",
            "投诉并举报",
            "党群网格",
            "李四",
            "",
            "某商店",
            "",
            "价格",
            "",
            "乱收费",
            department.name,
        ],
        ["A003", "2023-03-03", "咨询", "热线", "", "", "", "", "", "", "如何办理营业执照", department.name],
    ]
    path = write(tmp_path, rows)
    summary = run(path, capsys)
    assert summary["created"] == 3 and summary["rejected"] == 0, summary
    a1 = Complaint.objects.get(number="A001")
    assert a1.respondent_id == entity.pk and a1.department_id == department.pk
    assert a1.decision_due_on == dt.date(2023, 3, 10) and a1.status == "received"
    a2, a2j = Complaint.objects.get(number="A002"), Complaint.objects.get(number="A002-J")
    assert a2.linked_id == a2j.pk and a2j.kind == "tip" and a2.channel == "grid"
    assert Complaint.objects.get(number="A003").status == "redirected"
    again = run(path, capsys)
    assert again["created"] == 0 and again["unchanged"] == 3
    assert Complaint.objects.count() == 4


def test_格式错误的行逐行拒绝(tmp_path, capsys, department):
    rows = [
        ["B001", "2023-02-30", "投诉", "", "", "", "某店", "", "", "", "", department.name],
        ["B002", "2023-03-01", "表扬", "", "", "", "某店", "", "", "", "", department.name],
        ["B003", "2023-03-01", "投诉", "", "", "", "", "", "", "", "", department.name],
        ["B004", "2024-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name],
        ["B005", "2023-03-01", "投诉", "", "", "", "某店", "91XXXXXX", "", "", "", department.name],
        ["B006", "2023-03-01", "投诉", "", "", "", "某店", "", "", "-5", "", department.name],
        ["B007", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", "不存在的所"],
        ["B008", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", ""],
        ["B009", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name],
        ["B009", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name],
    ]
    summary = run(write(tmp_path, rows), capsys)
    assert summary["created"] == 1 and summary["rejected"] == 9
    codes = {e["code"] for e in summary["errors"]}
    assert {
        "date.impossible",
        "kind.unknown",
        "complaints.respondent_required",
        "date.future",
        "number.negative",
        "complaints.unknown_department",
        "complaints.no_department",
        "row.duplicate_in_file",
    } <= codes
    assert summary["error_file"]


def test_缺少必需表头时整个文件被拒绝(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("编号X,日期\n1,2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("import", "complaints", str(path), json=True)
    assert exc.value.code == 2


def test_导入时标记30日内的重复投诉(tmp_path, capsys, department):
    rows = [
        ["C001", "2023-03-01", "投诉", "", "王五", "13900000000", "某店", "", "食品", "", "", department.name],
        ["C002", "2023-03-20", "投诉", "", "王五", "139-0000-0000", "某店", "", "食品", "", "", department.name],
        ["C003", "2023-05-20", "投诉", "", "王五", "13900000000", "某店", "", "食品", "", "", department.name],
        ["C004", "2023-03-21", "投诉并举报", "", "赵六", "13700000000", "某店", "", "食品", "", "", department.name],
    ]
    assert run(write(tmp_path, rows), capsys)["created"] == 4
    c1, c2, c3 = (Complaint.objects.get(number=n) for n in ("C001", "C002", "C003"))
    assert c1.repeat_of_id is None and c2.repeat_of_id == c1.pk and c3.repeat_of_id is None
    assert Complaint.objects.get(number="C004-J").repeat_of_id is None


def test_导入与表单同一校验_校验位错误_天文数字金额(tmp_path, capsys, department, entity):
    bad = entity.uscc[:-1] + ("0" if entity.uscc[-1] != "0" else "1")
    rows = [
        ["D001", "2023-03-01", "投诉", "", "", "", "某店", bad, "", "", "", department.name],
        ["D002", "2023-03-01", "投诉", "", "", "", "某店", "", "", "99999999999999", "", department.name],
        ["D003", "2023-03-01", "投诉", "", "", "", "某店", "", "", "1e400", "", department.name],
        ["D004", "2023-03-01", "投诉", "", "", "", "某" * 201, "", "", "", "", department.name],
    ]
    summary = run(write(tmp_path, rows), capsys)
    assert summary["created"] == 0 and summary["rejected"] == 4
    codes = [e["code"] for e in summary["errors"]]
    assert codes[0].startswith("uscc.") and codes[1] == "number.too_large" and codes[2] == "number.format"
    assert codes[3] == "cell.too_long"
    assert not Complaint.objects.exists()


def test_每条导入记录各有一条审计事件(tmp_path, capsys, department):
    from fazhi.core.audit import audit_verify
    from fazhi.core.models import AuditEvent

    rows = [[f"E{i:03d}", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name] for i in range(5)]
    assert run(write(tmp_path, rows), capsys)["created"] == 5
    events = AuditEvent.objects.filter(object_type="complaints.complaint")
    assert events.count() == 5
    assert set(events.values_list("object_id", flat=True)) == {
        str(pk) for pk in Complaint.objects.values_list("pk", flat=True)
    }
    assert audit_verify().ok


def test_科室负责人只能导入本部门的来件(tmp_path, department, other_department, make_user):
    from fazhi.complaints.importers import ComplaintImporter
    from fazhi.core.context import acting_as
    from fazhi.core.importing import run_import

    chief = make_user("section_chief", username="chief")
    rows = [
        ["F001", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name],
        ["F002", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", other_department.name],
    ]
    with acting_as(chief, label="test"):
        result = run_import(ComplaintImporter(), write(tmp_path, rows))
    assert result.created == 1 and result.rejected == 1
    assert [e.code for e in result.errors] == ["row.out_of_scope"]
    assert list(Complaint.objects.values_list("number", flat=True)) == ["F001"]


def test_没有导入权限的角色整份文件被拒绝(tmp_path, department, make_user):
    from fazhi.complaints.importers import ComplaintImporter
    from fazhi.core.context import acting_as
    from fazhi.core.importing import ImportFileError, run_import

    rows = [["G001", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name]]
    with acting_as(make_user("officer"), label="test"), pytest.raises(ImportFileError) as exc:
        run_import(ComplaintImporter(), write(tmp_path, rows))
    assert exc.value.code == "import.forbidden"


def test_网页上传与命令行同一合同_错误行可下载(client, tmp_path, department, make_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path / "media")
    chief = make_user("section_chief", username="chief")
    client.force_login(chief)
    rows = [
        ["H001", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name],
        ["H002", "2023-02-30", "投诉", "", "", "", "某店", "", "", "", "", department.name],
    ]
    content = write(tmp_path, rows).read_bytes()
    response = client.post(reverse("complaints:import"), {"file": SimpleUploadedFile("export.csv", content)})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-result"' in html
    assert 'data-code="date.impossible"' in html and "日期不存在" in html
    assert Complaint.objects.filter(number="H001").exists()
    token = html.split("token=")[1].split('"')[0]
    download = client.get(reverse("complaints:import_error_file") + f"?token={token}")
    assert download.status_code == 200 and "H002" in b"".join(download.streaming_content).decode("utf-8-sig")
    client.force_login(make_user("section_chief", username="another"))
    assert client.get(reverse("complaints:import_error_file") + f"?token={token}").status_code == 404


def test_网页上传经统一上传检查_按内容识别(client, tmp_path, department, make_user, settings):
    """The 12315 upload goes through fazhi.core.uploads: a PDF or an HTML page named .csv, or a .xlsx that is no
    workbook, is refused with a Chinese field error; a GB18030 CSV (the 12315 default) still reaches the importer."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path / "media")
    client.force_login(make_user("section_chief", username="chief"))
    for name, content in [
        ("export.csv", b"%PDF-1.4 not a table"),
        ("export.csv", b"\x89PNG\r\n\x1a\n0000"),
        ("export.xlsx", "编号,日期\n1,2\n".encode()),
        ("export.exe", b"MZ\x90\x00"),
    ]:
        html = client.post(reverse("complaints:import"), {"file": SimpleUploadedFile(name, content)}).content.decode()
        assert 'id="import-result"' not in html, name
        assert "只能上传" in html or "只支持 .csv 或 .xlsx 文件" in html, name
    assert not Complaint.objects.exists()
    rows = [["H101", "2023-03-01", "投诉", "", "", "", "某店", "", "", "", "", department.name]]
    utf8 = write(tmp_path, rows).read_text(encoding="utf-8")
    response = client.post(
        reverse("complaints:import"), {"file": SimpleUploadedFile("export.csv", utf8.encode("gb18030"))}
    )
    assert 'id="import-result"' in response.content.decode()
    assert Complaint.objects.filter(number="H101").exists()


def test_分块并提前检查与逐块检查结果完全相同(tmp_path, department, entity, monkeypatch):
    """``check_ahead`` (ADR 0009): the next chunks are checked in a second process; counts, errors in order, the
    error file and the records are the sequential run's. Chunks of 3 rows, errors in several chunks."""
    from pathlib import Path

    from fazhi.complaints.importers import ComplaintImporter
    from fazhi.core.importing import run_import

    rows = []
    for i in range(20):
        day = "2023-02-30" if i == 4 else "2023-03-01"  # a cell error in the second chunk
        place = "不存在的所" if i == 11 else department.name  # a row error in the fourth
        uscc = entity.uscc if i % 5 == 0 else ""
        rows.append([f"C{i:03d}", day, "投诉", "", f"消费者{i}", "", "某店", uscc, "", "", "", place])
    rows.append(rows[7])  # a duplicate number, in a later chunk
    path = write(tmp_path, rows)

    def outcome(check_ahead: bool):
        importer = type("Chunked", (ComplaintImporter,), {"chunk_size": 3, "check_ahead": check_ahead})()
        summary = run_import(importer, path).as_dict()
        error_file = Path(summary.pop("error_file")).read_text("utf-8-sig")
        records = sorted(Complaint.objects.values_list("number", "kind", "status", "department_id", "respondent_id"))
        Complaint.objects.all().delete()
        return summary, error_file, records

    from fazhi.core import importing

    forked = []
    start = importing._CheckProcess.__init__

    def counted(self, *args, **kwargs):
        forked.append(1)
        start(self, *args, **kwargs)

    monkeypatch.setattr(importing._CheckProcess, "__init__", counted)
    sequential = outcome(False)
    assert forked == []
    ahead = outcome(True)
    assert forked == [1]  # the second run did check in the second process
    assert ahead == sequential
    assert sequential[0]["created"] == 18 and sequential[0]["rejected"] == 3
