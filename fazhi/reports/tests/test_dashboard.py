from decimal import Decimal

import pytest

from fazhi.core.metrics import METRICS, register_metric, yoy

pytestmark = pytest.mark.django_db


def test_同比变化按百分比保留两位小数():
    assert yoy(14163, 12550) == Decimal("12.85")
    assert yoy(5, 0) is None and yoy(None, 5) is None


def test_看板按模块列出指标并给出上一年度(client, role_users):
    calls = []

    def compute(year):
        calls.append(year)
        return year - 2000

    register_metric("test.dashboard_metric", "测试指标", module="registry", compute=compute)
    try:
        client.force_login(role_users["leader"])
        response = client.get("/reports/?year=2023")
        assert response.status_code == 200
        html = response.content.decode()
        assert "测试指标" in html and "test.dashboard_metric" in html
        assert 2023 in calls and 2022 in calls
        data = client.get("/reports/metrics.json?year=2023").json()
        assert data["metrics"]["test.dashboard_metric"] == 23
    finally:
        METRICS.pop("test.dashboard_metric")


def test_执法人员无权查看统计看板(client, role_users):
    client.force_login(role_users["officer"])
    assert client.get("/reports/").status_code == 403
