"""The inspections.* metrics count distinct entities, officer visits and problems of the year, joint vs internal."""

from __future__ import annotations

import pytest

from fazhi.inspections import services
from fazhi.inspections.metrics import (
    internal_entities_checked,
    internal_entities_with_problems,
    joint_entities_checked,
    joint_inspector_visits,
    joint_items,
)
from fazhi.inspections.public_views import public_entity_name
from fazhi.inspections.tests.factories import WINDOW, freeze_and_draw, make_world

pytestmark = pytest.mark.django_db


def test_本部门抽查_检查户数与发现问题户数(department, make_user):
    chief = make_user("section_chief")
    world = make_world(department, chief)
    draw = freeze_and_draw(world)
    for n, a in enumerate(draw.assignments.all()):
        problem = {
            "category": "not_disclosed",
            "findings": "未公示股权变更信息",
            "rectification_due_on": WINDOW[0],
            "recheck_on": WINDOW[1],
        }
        services.result_record(
            assignment=a,
            inspected_on=WINDOW[0],
            officers_present=list(a.officers.all()),
            actor=chief,
            **(problem if n < 2 else {"category": "no_problem"}),
        )
    assert internal_entities_checked(2023) == 6 and internal_entities_with_problems(2023) == 2
    assert internal_entities_checked(2022) == 0
    assert joint_entities_checked(2023) == 0 and joint_inspector_visits(2023) == 0 and joint_items(2023) == 0


def test_公示名称_像人名的个体户名称打码_字号名称照常显示():
    assert public_entity_name("张三丰", "individual") == "张**"
    assert public_entity_name("东丽区老王小吃店", "individual") == "东丽区老王小吃店"
    assert public_entity_name("天津某某科技有限公司", "enterprise") == "天津某某科技有限公司"
