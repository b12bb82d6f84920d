"""A figure opens the records it counts: the same conditions as the figure, with links to each record."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_没有逐条记录的数字说明原因_未知指标为404(client, role_users):
    client.force_login(role_users["leader"])
    html = client.get("/reports/figures/2023/registry.entities_new_yoy/").content.decode()
    assert "没有可逐条列出的记录" in html
    assert client.get("/reports/figures/2023/no.such_metric/").status_code == 404
    assert client.get("/reports/figures/1999/registry.entities_new/").status_code == 404
