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
from fazhi.inspections.tests.factories import WINDOW, make_world

pytestmark = pytest.mark.django_db


def test_本部门抽查_检查户数与发现问题户数(department, make_user):
    chief = make_user("section_chief")
    world = make_world(department)
    services.task_freeze_pools(task=world.task, by=chief)
    draw = services.task_draw(task=world.task, seed=services.seed_generate(task=world.task, by=chief), by=chief)
    for n, a in enumerate(draw.assignments.all()):
        services.result_record(
            assignment=a,
            category="not_disclosed" if n < 2 else "no_problem",
            inspected_on=WINDOW[0],
            officers_present=list(a.officers.all()),
            by=chief,
        )
    assert internal_entities_checked(2023) == 6 and internal_entities_with_problems(2023) == 2
    assert internal_entities_checked(2022) == 0
    assert joint_entities_checked(2023) == 0 and joint_inspector_visits(2023) == 0 and joint_items(2023) == 0


def test_公示名称_像人名的个体户名称打码_字号名称照常显示():
    assert public_entity_name("张三丰", "individual") == "张**"
    assert public_entity_name("东丽区老王小吃店", "individual") == "东丽区老王小吃店"
    assert public_entity_name("天津某某科技有限公司", "enterprise") == "天津某某科技有限公司"
