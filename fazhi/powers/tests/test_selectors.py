import datetime as dt

import pytest

from fazhi.core.metrics import METRICS
from fazhi.powers import selectors
from fazhi.powers.tests.factories import D2022, approved_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(make_user, department):
    chief, leader = make_user("section_chief"), make_user("leader")
    approved_batch(chief, leader, "基线", D2022, [("add", f"P-{i:02d}") for i in range(1, 6)], department=department)
    approved_batch(
        chief, leader, "2023-1", dt.date(2023, 3, 1),
        [("add", "P-06", "新事项"), ("change", "P-01", "改名事项"), ("remove", "P-02")],
    )  # fmt: skip
    approved_batch(chief, leader, "2023-2", dt.date(2023, 9, 1), [("change", "P-01", "再改名"), ("remove", "P-03")])
    approved_batch(chief, leader, "2024-1", dt.date(2024, 2, 1), [("remove", "P-04")])


def codes(on):
    return [v.item.code for v in selectors.powers_in_force(on)]


def test_按日期查询清单(history):
    assert codes(dt.date(2021, 12, 31)) == []
    assert codes(D2022) == ["P-01", "P-02", "P-03", "P-04", "P-05"]
    assert codes(dt.date(2023, 2, 28)) == ["P-01", "P-02", "P-03", "P-04", "P-05"]
    assert codes(dt.date(2023, 3, 1)) == ["P-01", "P-03", "P-04", "P-05", "P-06"]
    assert codes(dt.date(2023, 12, 31)) == ["P-01", "P-04", "P-05", "P-06"]


def test_检索与筛选(history, department):
    assert [v.item.code for v in selectors.powers_in_force(dt.date(2023, 12, 31), search="再改名")] == ["P-01"]
    assert (
        selectors.powers_in_force(dt.date(2023, 12, 31), department_id=department.pk).count() == 2
    )  # P-01 was changed without a department
    assert selectors.powers_in_force(dt.date(2023, 12, 31), category="licensing").count() == 0


def test_两日之间的差异含字段级前后对比(history):
    d = selectors.power_list_diff(dt.date(2022, 12, 31), dt.date(2023, 12, 31))
    assert [v.item.code for v in d["added"]] == ["P-06"]
    assert [v.item.code for v in d["removed"]] == ["P-02", "P-03"]
    assert [c["code"] for c in d["changed"]] == ["P-01"]
    assert d["changed"][0]["changes"] == [
        {"field": "name", "label": "事项名称", "before": "事项 P-01", "after": "再改名"},
        {"field": "department", "label": "责任科室", "before": "张贵庄市场监管所", "after": ""},
    ]


def test_同一日无差异(history):
    d = selectors.power_list_diff(dt.date(2023, 5, 1), dt.date(2023, 5, 1))
    assert d == {"added": [], "changed": [], "removed": []}


def test_历史按时间排列(history):
    item, versions = selectors.power_history("P-01")
    assert [v.name for v in versions] == ["事项 P-01", "改名事项", "再改名"]
    assert versions[0].effective_to == dt.date(2023, 2, 28)


def test_年末在册与当年调整事项数(history):
    assert selectors.powers_total(2022) == 5
    assert selectors.powers_total(2023) == 4
    # 2023: P-06 added, P-01 changed twice (counted once), P-02 and P-03 removed.
    assert selectors.powers_adjusted(2023) == 4
    assert selectors.powers_adjusted(2024) == 1
    assert METRICS["powers.total"].compute(2023) == 4
    assert METRICS["powers.adjusted"].compute(2023) == 4


def test_统计查询次数固定(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        selectors.powers_total(2023)
    with django_assert_max_num_queries(1):
        selectors.powers_adjusted(2023)
