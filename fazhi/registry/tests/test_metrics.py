"""registry.* metrics over a small fixture: both sides of 31 December and of each exit status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.metrics import METRICS, compute_all
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db


def _add(i, established, status="active", changed=None):
    body = f"MA{i:06d}"
    MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", body),
        name=f"主体{i}",
        kind="enterprise",
        established_on=established,
        status=status,
        status_changed_on=changed,
    )


@pytest.fixture
def fixture(db):
    d = dt.date
    _add(1, d(2021, 6, 1))  # exists both years
    _add(2, d(2022, 12, 31))  # new in 2022 (last day)
    _add(3, d(2023, 1, 1))  # new in 2023 (first day)
    _add(4, d(2023, 12, 31))  # new in 2023 (last day)
    _add(5, d(2024, 1, 1))  # not yet in 2023
    _add(6, d(2020, 1, 1), "cancelled", d(2023, 12, 31))  # cancelled on 31 Dec 2023: gone at 2023 year end
    _add(7, d(2020, 1, 1), "revoked", d(2024, 1, 1))  # revoked on 1 Jan 2024: still there at 2023 year end
    _add(8, d(2020, 1, 1), "moved_out", d(2022, 5, 1))  # gone before 2022 year end
    _add(9, d(2020, 1, 1), "withdrawn", None)  # exit date unknown: counted as gone
    _add(10, d(2023, 3, 1), "cancelled", d(2023, 9, 1))  # new in 2023 and cancelled in 2023


def test_新登记_按成立日期落在年度内(fixture):
    values = compute_all(2023, only="registry.")
    assert values["registry.entities_new"] == 3  # 3, 4, 10
    assert compute_all(2022, only="registry.")["registry.entities_new"] == 1


def test_年末现有_成立于年末前且当日及以前未退出(fixture):
    assert compute_all(2023)["registry.entities_total"] == 5  # 1, 2, 3, 4, 7
    assert compute_all(2022)["registry.entities_total"] == 4  # 1, 2, 6, 7


def test_同比_百分比两位小数(fixture):
    values = compute_all(2023, only="registry.")
    assert values["registry.entities_new_yoy"] == Decimal("200.00")
    assert values["registry.entities_total_yoy"] == Decimal("25.00")
    assert compute_all(2021, only="registry.")["registry.entities_new_yoy"] == Decimal("-75.00")  # 1 against 4
    assert compute_all(2019, only="registry.")["registry.entities_new_yoy"] is None  # 2018 had none


def test_四个指标已登记_单位正确():
    assert METRICS["registry.entities_new"].unit == "count"
    assert METRICS["registry.entities_new_yoy"].unit == "percent"
    assert METRICS["registry.entities_total"].unit == "count"
    assert METRICS["registry.entities_total_yoy"].unit == "percent"


def test_一次读表算出各年_与逐个指标的计算一致(fixture, django_assert_num_queries):
    from fazhi.core.metrics import BATCHES, compute_years

    ids = BATCHES["registry.entities"].metric_ids
    with django_assert_num_queries(1):  # the four figures of three years (and the years before): one statement
        both = compute_years([2022, 2023, 2024], only="registry.entities")
    for year in (2022, 2023, 2024):
        assert {i: both[year][i] for i in ids} == {i: METRICS[i].compute(year) for i in ids}
    assert both[2023]["registry.entities_total"] == 5 and both[2022]["registry.entities_total"] == 4
