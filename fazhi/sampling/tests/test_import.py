"""``fazhi import samples FILE --json``: the row-error contract, idempotence, scope and the audit per record."""

import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command

from fazhi.core.models import AuditEvent
from fazhi.sampling import services
from fazhi.sampling.models import Sample

D = dt.date
pytestmark = pytest.mark.django_db

HEADER = [
    "抽样单编号",
    "任务编号",
    "样品名称",
    "被抽样单位统一社会信用代码",
    "标称生产者统一社会信用代码",
    "标称生产者名称",
    "生产日期/批号",
    "抽样日期",
    "检验报告编号",
    "检验报告日期",
    "检验结论",
    "不合格项目",
]


def write(tmp_path, rows, name="results.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def run(path, capsys):
    call_command("import", "samples", str(path), json=True)
    return json.loads(capsys.readouterr().out)


def test_导入检验结果_坏行给出代码_重复导入不变(tmp_path, capsys, make_task, make_entity):
    task = make_task()
    shop, maker = make_entity(), make_entity()
    good = [
        [
            "S1",
            task.number,
            "馒头",
            shop.uscc,
            maker.uscc,
            "",
            "20230501",
            "2023-05-10",
            "R1",
            "2023-05-20",
            "合格",
            "",
        ],
        [
            "S2",
            task.number,
            "花生米",
            shop.uscc,
            "",
            "某食品厂",
            "",
            "2023-05-10",
            "R2",
            "2023-05-21",
            "不合格",
            "黄曲霉毒素B1|32.1μg/kg|≤20μg/kg；酸价",
        ],
        ["S3", task.number, "大米", shop.uscc, "", "", "", "2023-05-11", "", "", "", ""],
    ]
    bad = [
        ["S4", "T-NONE", "面粉", shop.uscc, "", "", "", "2023-05-10", "", "", "", ""],
        ["S5", task.number, "面粉", "91120110MA0000000X", "", "", "", "2023-05-10", "", "", "", ""],
        ["S6", task.number, "面粉", shop.uscc, "", "", "", "2024-01-05", "", "", "", ""],
        ["S7", task.number, "面粉", shop.uscc, "", "", "", "2023-05-10", "R7", "2023-05-20", "不合格", ""],
        ["S8", task.number, "面粉", shop.uscc, "", "", "", "2023-05-10", "R8", "2023-05-01", "合格", ""],
        ["S9", task.number, "面粉", shop.uscc, "", "", "", "2023-05-10", "R9", "2023-05-20", "可疑", ""],
        ["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "", "", "", ""],
        ["S10", task.number, "面粉", shop.uscc, "", "", "", "2023-02-01", "", "", "", ""],
    ]
    out = run(write(tmp_path, good + bad), capsys)
    assert (out["created"], out["updated"], out["unchanged"], out["rejected"]) == (3, 0, 0, 8)
    codes = {e["row"]: e["code"] for e in out["errors"]}
    assert codes[4] == "sampling.unknown_task"
    assert codes[5].startswith("uscc.")
    assert codes[6] == "date.future"
    assert codes[7] == "sampling.failed_items_required"
    assert codes[8] == "date.too_early"
    assert codes[9] == "sampling.result.unknown"
    assert codes[10] == "row.duplicate_in_file"
    assert codes[11] == "date.too_early"
    s2 = Sample.objects.get(number="S2")
    assert s2.status == "unqualified" and s2.producer_name == "某食品厂" and s2.area == "food"
    assert [i["item"] for i in s2.failed_items] == ["黄曲霉毒素B1", "酸价"]
    assert s2.failed_items[0]["standard"] == "≤20μg/kg"
    s1 = Sample.objects.get(number="S1")
    assert s1.status == "qualified" and s1.producer_id == maker.pk and s1.closed_on == D(2023, 5, 20)
    assert AuditEvent.objects.filter(action="samples.import.record").count() == 3
    again = run(write(tmp_path, good), capsys)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 3, 0)


def test_后到的检验结论更新样品_不同结论被拒绝(tmp_path, capsys, make_task, make_entity):
    task = make_task()
    shop = make_entity()
    run(write(tmp_path, [["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "", "", "", ""]]), capsys)
    assert Sample.objects.get(number="S1").status == "sampled"
    out = run(
        write(
            tmp_path, [["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "R1", "2023-05-20", "合格", ""]]
        ),
        capsys,
    )
    assert out["updated"] == 1
    sample = Sample.objects.get(number="S1")
    assert sample.status == "qualified" and sample.report_number == "R1" and sample.revision == 1
    out = run(
        write(
            tmp_path,
            [["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "R1b", "2023-05-20", "不合格", "铅"]],
        ),
        capsys,
    )
    assert out["rejected"] == 1 and out["errors"][0]["code"] == "sampling.result_conflict"


def test_科室负责人只能导入本部门任务的样品(tmp_path, make_task, make_entity, make_user, other_department):
    from fazhi.core.context import acting_as
    from fazhi.core.importing import run_import
    from fazhi.sampling.importers import SampleImporter

    mine, theirs = make_task(), make_task(dept=other_department)
    shop = make_entity()
    rows = [
        ["S1", mine.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "", "", "", ""],
        ["S2", theirs.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "", "", "", ""],
    ]
    chief = make_user("section_chief", username="chief2")
    with acting_as(chief, label="test"):
        result = run_import(SampleImporter(), write(tmp_path, rows))
    assert result.created == 1 and [e.code for e in result.errors] == ["row.out_of_scope"]


def test_执法人员不能导入(tmp_path, make_task, make_user):
    from fazhi.core.context import acting_as
    from fazhi.core.importing import ImportFileError, run_import
    from fazhi.sampling.importers import SampleImporter

    with acting_as(make_user("officer", username="o2"), label="test"), pytest.raises(ImportFileError) as exc:
        run_import(SampleImporter(), write(tmp_path, []))
    assert exc.value.code == "import.forbidden"


def test_导入的不合格样品可继续通知(tmp_path, capsys, make_task, make_entity, officer):
    task = make_task()
    shop = make_entity()
    rows = [["S1", task.number, "花生", shop.uscc, "", "", "", "2023-05-10", "R1", "2023-05-20", "不合格", "酸价"]]
    run(write(tmp_path, rows), capsys)
    sample = Sample.objects.get(number="S1")
    services.notice_serve(sample=sample, served_on=D(2023, 5, 25), actor=officer)
    assert sample.status == "notified" and sample.retest_due_on == D(2023, 6, 5)


def test_只有报告日期没有结论的行被拒绝(tmp_path, capsys, make_task, make_entity):
    # docs/formats/samples.md: 检验报告日期 goes with a conclusion; a report without a conclusion is
    # sampling.result_required — a batch waiting for its result has no report date to show.
    task = make_task()
    shop = make_entity()
    row = ["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "", "2023-05-20", "", ""]
    out = run(write(tmp_path, [row]), capsys)
    assert (out["created"], out["rejected"]) == (0, 1)
    assert [(e["column"], e["code"]) for e in out["errors"]] == [("检验结论", "sampling.result_required")]
    assert not Sample.objects.filter(number="S1").exists()


def test_同一结论换了报告编号被拒绝并指明报告编号(tmp_path, capsys, make_task, make_entity):
    # docs/formats/samples.md: a recorded result changes only on the sample's page (correction) or by re-test
    task = make_task()
    shop = make_entity()
    row = ["S1", task.number, "馒头", shop.uscc, "", "", "", "2023-05-10", "R1", "2023-05-20", "合格", ""]
    run(write(tmp_path, [row]), capsys)
    out = run(write(tmp_path, [row[:8] + ["R1-更正", "2023-05-20", "合格", ""]]), capsys)
    assert out["rejected"] == 1
    [error] = out["errors"]
    assert (error["column"], error["code"]) == ("检验报告编号", "sampling.result_conflict")
    assert "R1" in error["message"] and "不同的检验结论" not in error["message"]
    assert Sample.objects.get(number="S1").report_number == "R1"
