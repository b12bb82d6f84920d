"""The task page reads as Chinese: the pool criterion in words, the plan named once with its year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.inspections.models import InspectionPlan
from fazhi.inspections.selectors import pool_criterion_text
from fazhi.inspections.tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_对象库条件用中文写出_单位编号一次查询解析为名称(department, other_department, django_assert_num_queries):
    criterion = {
        "offices": [department.pk, other_department.pk],
        "kinds": ["enterprise"],
        "industries": ["F"],
        "risk_classes": ["C", "D"],
        "exclude_inspected_months": 12,
        "exclude_drawn_this_year": True,
    }
    with django_assert_num_queries(1):
        text = pool_criterion_text(criterion)
    assert text.startswith("管辖单位：张贵庄市场监管所、万新市场监管所；主体类型：企业；登记状态：存续")
    assert "行业门类：F " in text and "C 类（较高风险）、D 类（高风险）" in text
    assert "近 12 个月未被本任务的抽查事项检查" in text and "本年度未被同一抽查事项的其他任务抽中" in text
    assert "{" not in text and "offices" not in text


def test_空条件按默认只含存续主体_不查询数据库_未知单位显示编号(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert pool_criterion_text({}) == "登记状态：存续(在营、开业)"
    assert pool_criterion_text({"offices": [987654]}).startswith("管辖单位：单位 #987654；")


def test_计划名称已含年份时不再重复年份(department):
    assert (
        str(InspectionPlan(year=2023, name="2023 年度部门联合双随机抽查工作计划"))
        == "2023 年度部门联合双随机抽查工作计划"
    )
    assert str(InspectionPlan(year=2023, name="食品安全专项抽查计划")) == "2023 食品安全专项抽查计划"


def test_任务页显示中文条件和只出现一次的年份(client, department, role_users):
    world = make_world(department, entities=5)
    world.task.pool_criterion = {"offices": [department.pk]}
    world.task.save(update_fields=["pool_criterion"])
    client.force_login(role_users["section_chief"])
    html = client.get(reverse("inspections:task_detail", kwargs={"pk": world.task.pk})).content.decode()
    assert "管辖单位：张贵庄市场监管所；登记状态：存续" in html and "{&#x27;offices&#x27;" not in html
    assert "2023 年度抽查计划" in html and "2023 2023" not in html
