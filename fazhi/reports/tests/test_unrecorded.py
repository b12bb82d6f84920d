"""零与无数据：本年度系统中没有某类记录时，报告和数字页说明“无记录”，而不写 0；有记录而计数为 0 时照写 0。

Hand-built year 2023 (definitions from the metric catalogue):
- 食品: one batch sampled 2023-06-01 whose test report is not in yet. 食品抽检批次 counts batches with a conclusion, so
  the figure is 0 — but fazhi holds the year's food sampling, so 0 is a fact.
- 药品: no drug batch sampled in 2023 at all (one in 2024): fazhi holds no record of the kind; the figure is not 0 but
  unrecorded.
- 行政诉讼: no lawsuit received in 2023: unrecorded. 2024 has one: 1.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.metrics import compute_all
from fazhi.remedies.models import Lawsuit
from fazhi.reports.annual import Figures, fill
from fazhi.sampling.tests.conftest import chief, lab, legal_today, make_entity, make_task  # noqa: F401 - fixtures
from fazhi.sampling.tests.test_metrics import _sample

pytestmark = pytest.mark.django_db
D = dt.date
TEXT = "完成食品抽样检测{sampling.food_batches}批次，药品{sampling.drug_batches}批次；办理行政诉讼案件{litigation.handled}件。"


@pytest.fixture
def year(make_task, make_entity, make_user, department):  # noqa: F811 - fixtures
    entity = make_entity()
    _sample(make_task("food"), entity, "F1", D(2023, 6, 1), "")  # sampled, no conclusion yet
    _sample(make_task("drug", starts_on=D(2024, 1, 2)), entity, "Y1", D(2024, 1, 2), "qualified")
    Lawsuit.objects.create(
        number="L1", department=department, act_kind="complaint", act_description="x", plaintiff_name="a",
        plaintiff_kind="natural_person", court="c", complaint_received_on=D(2024, 1, 1),
        answer_rule="litigation.defence", created_by=make_user("legal_reviewer", username="lr"), status="received",
    )  # fmt: skip


def test_有记录而计数为零写0_没有该类记录写无记录(year):
    values = compute_all(2023, only="sampling.")
    assert values["sampling.food_batches"] == 0
    assert values["sampling.drug_batches"] is None
    assert compute_all(2023, only="litigation.handled")["litigation.handled"] is None
    assert compute_all(2024, only="sampling.drug_batches")["sampling.drug_batches"] == 1
    assert compute_all(2024, only="litigation.handled")["litigation.handled"] == 1


def test_报告正文_零照写_无记录以中文说明而不写0(year):
    text = "".join(run.text for run in fill(TEXT, Figures.compute(2023), {}))
    assert "完成食品抽样检测0批次" in text
    assert "药品0批次" not in text and "药品（暂无“药品抽样检验批次”的记录数据）批次" in text
    assert "办理行政诉讼案件0件" not in text and "（暂无“办理行政诉讼案件”的记录数据）" in text


def test_数字页_无记录时说明本年度系统中无该项记录(year, client, make_user):
    client.force_login(make_user("leader", username="boss"))
    drug = client.get("/reports/figures/2023/sampling.drug_batches/").content.decode()
    assert "本年度系统中无该项记录" in drug
    food = client.get("/reports/figures/2023/sampling.food_batches/").content.decode()
    assert "本年度系统中无该项记录" not in food and "<b>0</b>" in food
