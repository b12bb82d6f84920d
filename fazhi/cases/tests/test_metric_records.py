"""Every cases figure of the annual report names its records and its definition (issue 18): the records a figure
opens are exactly the cases it counts, on both sides of 1 January and 31 December. Expected numbers by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.cases.models import Case, Clue
from fazhi.core.metrics import METRICS

pytestmark = pytest.mark.django_db
D = dt.date
CASES_METRICS = [m for m in METRICS.values() if m.module == "cases"]


def _case(department, n: int, **fields) -> Case:
    defaults = {
        "number": f"R-{n}", "department": department, "title": "x", "party_kind": "organisation",
        "party_name": "某公司", "filed_on": D(2022, 11, 1), "state": "decided",
    }  # fmt: skip
    return Case.objects.create(**{**defaults, **fields})


def _numbers(metric_id: str, year: int) -> list[str]:
    records = METRICS[metric_id].records
    assert records is not None
    return sorted(c.number for c in records(year))


def test_每个行政处罚数字都有口径和记录():
    assert len(CASES_METRICS) == 15
    assert [m.id for m in CASES_METRICS if not m.definition or m.records is None] == []


@pytest.fixture
def cases(department):
    penalty = {"decision_kind": "penalty"}
    clue = Clue.objects.create(
        number="XS-1",
        source_kind="inspection",
        description="抽查发现",
        received_on=D(2022, 12, 1),
        department=department,
    )
    _case(department, 1, decided_on=D(2022, 12, 31), domain="food", fine=Decimal("1000"), **penalty)
    _case(department, 2, decided_on=D(2023, 1, 1), domain="food", fine=Decimal("2000"), clue=clue, **penalty)
    _case(
        department, 3, decided_on=D(2023, 12, 31), domain="special_equipment", fine=Decimal("30000"),
        confiscation=Decimal("5000"), **penalty,
    )  # fmt: skip
    _case(department, 4, decided_on=D(2024, 1, 1), domain="special_equipment", fine=Decimal("9000"), **penalty)
    _case(department, 5, decided_on=D(2023, 3, 1), decision_kind="transfer", domain="food")
    _case(department, 6, decided_on=D(2022, 12, 31), decision_kind="transfer", domain="food")
    _case(department, 7, decided_on=D(2023, 6, 1), decision_kind="no_penalty", exemption={"item_id": "apl33"})
    _case(department, 8, decided_on=D(2023, 6, 2), decision_kind="no_penalty")  # not under the list: not counted


def test_罚没款与案件数_按决定日期_记录即所计案件(cases):
    assert _numbers("cases.closed_with_penalty", 2022) == ["R-1"]
    assert _numbers("cases.closed_with_penalty", 2023) == ["R-2", "R-3"]
    assert _numbers("cases.closed_with_penalty", 2024) == ["R-4"]
    assert METRICS["cases.fines_confiscations_yuan"].compute(2023) == Decimal("37000")
    assert _numbers("cases.fines_confiscations_yuan", 2023) == ["R-2", "R-3"]


def test_分领域案件及特种设备罚没款(cases):
    assert METRICS["cases.by_domain.food"].compute(2023) == 1
    assert _numbers("cases.by_domain.food", 2023) == ["R-2"]
    assert _numbers("cases.by_domain.food", 2022) == ["R-1"]
    assert METRICS["cases.by_domain.special_equipment"].compute(2023) == 1
    assert METRICS["cases.by_domain.special_equipment_fines_yuan"].compute(2023) == Decimal("35000")
    assert METRICS["cases.by_domain.special_equipment_fines_yuan"].compute(2024) == Decimal("9000")
    assert _numbers("cases.by_domain.special_equipment_fines_yuan", 2023) == ["R-3"]


def test_移送公安机关与免罚_按决定日期(cases):
    assert (
        METRICS["cases.transferred_to_police"].compute(2022),
        METRICS["cases.transferred_to_police"].compute(2023),
    ) == (
        1,
        1,
    )
    assert _numbers("cases.transferred_to_police", 2023) == ["R-5"]
    assert _numbers("cases.exempted_minor", 2023) == ["R-7"]


def test_双随机抽查立案处罚_线索来源为抽查(cases):
    assert METRICS["inspections.cases_filed"].compute(2023) == 1
    assert METRICS["inspections.fines_yuan"].compute(2023) == Decimal("2000")
    assert _numbers("inspections.cases_filed", 2023) == ["R-2"]
    assert METRICS["inspections.cases_filed"].compute(2022) == 0


def test_每个数字的记录条数等于数字本身(cases):
    """For a count, the list has exactly as many records as the figure says (same conditions)."""
    for metric in CASES_METRICS:
        if metric.unit != "count":
            continue
        for year in (2022, 2023, 2024):
            assert metric.records is not None
            assert metric.records(year).count() == metric.compute(year), (metric.id, year)
