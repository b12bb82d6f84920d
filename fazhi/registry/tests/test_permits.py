"""证照分离 matters: ``fazhi import permits FILE --json`` and the ``permits.*`` counts (docs/formats/permits.md)."""

import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command

from fazhi.core.metrics import METRICS
from fazhi.registry.models import MarketEntity, PermitMatter
from fazhi.rulebook.identifiers import make_uscc

D = dt.date
pytestmark = pytest.mark.django_db
HEADER = ["办件编号", "许可事项", "改革方式", "申请人", "统一社会信用代码", "办结日期", "办理部门"]


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2024-01-10"


def write(tmp_path, rows):
    path = tmp_path / "permits.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def run(path, capsys):
    call_command("import", "permits", str(path), json=True)
    return json.loads(capsys.readouterr().out)


def test_导入证照分离办件并按改革方式和办结日期计数(tmp_path, capsys, department):
    uscc = make_uscc("120110", "91", "81234567")
    entity = MarketEntity.objects.create(
        uscc=uscc, name="天津某食品有限公司", kind="enterprise", status="active", established_on=D(2020, 1, 1)
    )
    name = department.name
    rows = [
        ["B1", "食品经营许可（仅销售预包装食品）", "审批改为备案", "天津某食品有限公司", uscc, "2022-12-31", name],
        ["B2", "食品经营许可（仅销售预包装食品）", "改为备案", "某商店", "", "2023-01-01", name],
        ["B3", "小餐饮登记", "告知承诺", "某餐馆", "", "2023-12-31", name],
        ["B4", "食品生产许可", "优化审批服务", "某厂", "", "2023-06-01", name],
        ["B5", "特种设备使用登记", "实行告知承诺", "某公司", "", "2024-01-01", name],
        ["B6", "x", "随便", "某公司", "", "2023-06-01", name],
        ["B7", "x", "告知承诺", "某公司", "", "2024-02-01", name],
        ["B8", "x", "告知承诺", "某公司", "91120110MA0000000X", "2023-06-01", name],
        ["B9", "x", "告知承诺", "某公司", "", "2023-06-01", "没有的部门"],
    ]
    out = run(write(tmp_path, rows), capsys)
    assert (out["created"], out["rejected"]) == (5, 4)
    codes = {e["row"]: e["code"] for e in out["errors"]}
    assert codes[6] == "reform_mode.unknown"
    assert codes[7] == "date.future"
    assert codes[8].startswith("uscc.")
    assert codes[9] == "permits.unknown_department"
    assert PermitMatter.objects.get(number="B1").entity == entity
    assert METRICS["permits.filing_instead"].compute(2022) == 1
    assert METRICS["permits.filing_instead"].compute(2023) == 1
    assert METRICS["permits.notify_commit"].compute(2023) == 1
    assert METRICS["permits.notify_commit"].compute(2024) == 1
    assert METRICS["permits.optimised"].compute(2023) == 1
    assert [p.number for p in METRICS["permits.notify_commit"].records(2023)] == ["B3"]
    # re-import: unchanged; a corrected mode is an update
    again = run(write(tmp_path, rows[:5]), capsys)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    fixed = [["B4", "食品生产许可", "实行告知承诺", "某厂", "", "2023-06-01", name]]
    assert run(write(tmp_path, fixed), capsys)["updated"] == 1
    assert METRICS["permits.notify_commit"].compute(2023) == 2


def test_科室负责人不能改其他部门的办件(tmp_path, department, other_department, make_user):
    from fazhi.core.context import acting_as
    from fazhi.core.importing import run_import
    from fazhi.registry.permits import PermitImporter

    PermitMatter.objects.create(
        number="C1",
        matter="x",
        reform_mode="filing",
        applicant_name="a",
        decided_on=D(2023, 1, 5),
        department=other_department,
    )
    rows = [
        ["C1", "x", "告知承诺", "a", "", "2023-01-05", department.name],
        ["C2", "x", "告知承诺", "a", "", "2023-01-05", other_department.name],
        ["C3", "x", "告知承诺", "a", "", "2023-01-05", department.name],
    ]
    with acting_as(make_user("section_chief", username="c"), label="test"):
        result = run_import(PermitImporter(), write(tmp_path, rows))
    assert result.created == 1 and [e.code for e in result.errors] == ["row.out_of_scope", "row.out_of_scope"]
    assert PermitMatter.objects.get(number="C1").reform_mode == "filing"


def test_本年度无证照分离办件_为无记录_只有其他改革方式_为零(department):
    """Each permits figure is None for a year without any decided matter (2021), 0 for a year whose only matter is of
    another reform mode (2022), and its count otherwise (2023)."""
    for number, mode, decided_on in (("D1", "filing", D(2022, 3, 1)), ("D2", "notify_commit", D(2023, 3, 1)),
                                     ("D3", "optimised", D(2023, 3, 2)), ("D4", "filing", D(2023, 3, 3))):  # fmt: skip
        PermitMatter.objects.create(
            number=number, matter="x", reform_mode=mode, applicant_name="a", decided_on=decided_on,
            department=department,
        )  # fmt: skip
    for metric_id in ("permits.notify_commit", "permits.optimised"):
        assert [METRICS[metric_id].value(y) for y in (2021, 2022, 2023)] == [None, 0, 1], metric_id
    assert [METRICS["permits.filing_instead"].value(y) for y in (2021, 2022, 2023)] == [None, 1, 1]
