"""A figure opens the records it counts: the same conditions as the figure, with links to each record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Model, QuerySet

from fazhi.core.metrics import METRICS, Metric
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

pytestmark = pytest.mark.django_db


def _entity(name: str, established: dt.date, n: int) -> MarketEntity:
    return MarketEntity.objects.create(
        uscc=make_uscc("120110", "92", f"L{n:07d}"), name=name, kind="individual", established_on=established,
        status="active",
    )  # fmt: skip


def test_新登记市场主体的数字打开当年成立的主体(client, role_users):
    _entity("跨年前一天成立的个体户", dt.date(2022, 12, 31), 1)
    inside = _entity("元旦成立的个体户", dt.date(2023, 1, 1), 2)
    _entity("年末成立的个体户", dt.date(2023, 12, 31), 3)
    _entity("次年元旦成立的个体户", dt.date(2024, 1, 1), 4)
    client.force_login(role_users["leader"])
    html = client.get("/reports/figures/2023/registry.entities_new/").content.decode()
    assert "元旦成立的个体户" in html and "年末成立的个体户" in html
    assert "跨年前一天成立的个体户" not in html and "次年元旦成立的个体户" not in html
    assert "共 2 条" in html and f"/registry/entities/{inside.pk}/" in html
    assert "成立日期在当年1月1日至12月31日之间" in html


def test_没有逐条记录的数字说明原因_未知指标为404(client, role_users, monkeypatch):
    # Every registered metric has records (the catalogue test below); one registered without says so.
    monkeypatch.setitem(METRICS, "test.no_records", Metric("test.no_records", "外部报送数字", "test", lambda year: 3))
    client.force_login(role_users["leader"])
    html = client.get("/reports/figures/2023/test.no_records/").content.decode()
    assert "没有可逐条列出的记录" in html
    assert client.get("/reports/figures/2023/no.such_metric/").status_code == 404
    assert client.get("/reports/figures/1999/registry.entities_new/").status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# The whole catalogue (issue #18: "every figure opens its records", the appendix gives each figure's definition)

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_目录中每个指标都有中文口径并能打开它所计的记录():
    problems = []
    for metric_id, metric in sorted(METRICS.items()):
        if len(CJK.findall(metric.definition)) < 8:
            problems.append(f"{metric_id}: 没有中文口径")
        if metric.records is None:
            problems.append(f"{metric_id}: 打不开所计的记录")
            continue
        records = metric.records(2023)
        if not isinstance(records, QuerySet):
            problems.append(f"{metric_id}: 记录不是查询集（{type(records).__name__}）")
            continue
        model = records.model
        if model.__str__ is Model.__str__:
            problems.append(f"{metric_id}: {model.__name__} 没有可读的一行（__str__）")
        if not callable(getattr(model, "get_absolute_url", None)):
            problems.append(f"{metric_id}: {model.__name__} 没有链接（get_absolute_url）")
    assert problems == []


def test_每个指标的记录页都能打开(client, role_users):
    client.force_login(role_users["leader"])
    for metric_id, metric in sorted(METRICS.items()):
        response = client.get(f"/reports/figures/2023/{metric_id}/")
        assert response.status_code == 200, metric_id
        html = response.content.decode()
        assert metric.definition in html and "共 0 条" in html, metric_id


def test_同比数字打开两年的记录(client, role_users):
    _entity("上年元旦成立的个体户", dt.date(2022, 1, 1), 11)
    _entity("当年年末成立的个体户", dt.date(2023, 12, 31), 12)
    _entity("前年年末成立的个体户", dt.date(2021, 12, 31), 13)
    client.force_login(role_users["leader"])
    html = client.get("/reports/figures/2023/registry.entities_new_yoy/").content.decode()
    assert "上年元旦成立的个体户" in html and "当年年末成立的个体户" in html
    assert "前年年末成立的个体户" not in html and "共 2 条" in html
