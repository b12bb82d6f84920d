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


def test_年度边界_记录即所计市场主体_联合抽查各数字有口径和记录(department, other_department, make_user):
    """Results on 31 December 2022, 1 January 2023, 31 December 2023 and 1 January 2024 (dates set on the records
    after entry): each counts in its own year, and every figure's records are exactly what it counts."""
    import datetime as dt

    from fazhi.core.metrics import METRICS
    from fazhi.inspections.models import InspectionPlan, InspectionResult

    chief = make_user("section_chief")
    world = make_world(department, chief)
    assignments = list(freeze_and_draw(world).assignments.order_by("pk"))
    days = [dt.date(2022, 12, 31), dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 1)]
    days += [dt.date(2023, 12, 31), dt.date(2024, 1, 1)]
    problems = {0, 2}  # one problem on each side of 1 January
    for n, a in enumerate(assignments):
        problem = {"category": "not_disclosed", "findings": "未公示股权变更信息", "rectification_due_on": WINDOW[0]}
        services.result_record(
            assignment=a, inspected_on=WINDOW[0], officers_present=list(a.officers.all()), actor=chief,
            **({**problem, "recheck_on": WINDOW[1]} if n in problems else {"category": "no_problem"}),
        )  # fmt: skip
        InspectionResult.objects.filter(assignment=a).update(inspected_on=days[n])
    entity = [a.entity_id for a in assignments]

    def records(metric_id, year):
        return set(METRICS[metric_id].records(year).values_list("pk", flat=True))

    assert [internal_entities_checked(y) for y in (2022, 2023, 2024)] == [2, 3, 1]
    assert [internal_entities_with_problems(y) for y in (2022, 2023, 2024)] == [1, 1, 0]
    assert records("inspections.internal.entities_checked", 2023) == {entity[2], entity[3], entity[4]}
    assert records("inspections.internal.entities_with_problems", 2022) == {entity[0]}

    # The same plan as a joint plan with one member unit: the joint figures count it instead.
    plan = InspectionPlan.objects.get(pk=world.plan.pk)
    InspectionPlan.objects.filter(pk=plan.pk).update(kind="joint")
    plan.member_units.set([other_department])
    assert internal_entities_checked(2023) == 0
    assert joint_entities_checked(2023) == 3
    assert records("inspections.joint.entities_checked", 2023) == {entity[2], entity[3], entity[4]}
    assert records("inspections.joint.entities_with_problems", 2023) == {entity[2]}
    teams = [a.officers.count() for a in assignments]
    assert joint_inspector_visits(2023) == teams[2] + teams[3] + teams[4]
    assert METRICS["inspections.joint.inspector_visits"].records(2023).count() == 3  # the results, each with its team
    assert records("inspections.joint.member_units", 2023) == {other_department.pk}
    assert records("inspections.joint.member_units", 2022) == set()
    assert joint_items(2023) == 1 and records("inspections.joint.items", 2023) == {world.item.pk}
    assert records("inspections.joint.domains", 2023) == {world.item.pk}
    ids = [m for m in METRICS if m.startswith("inspections.") and METRICS[m].module == "inspections"]
    assert len(ids) == 8
    assert [m for m in ids if not METRICS[m].definition or METRICS[m].records is None] == []


def test_本年度无该类抽查记录_为无记录_有记录但不计_为零(department, other_department, make_user):
    """Each figure is None for a year without any record of its kind (a joint plan; a result of the plan kind), 0 for
    a year whose records of the kind are not the ones it counts, and its count otherwise."""
    import datetime as dt

    from fazhi.core.metrics import METRICS
    from fazhi.inspections.models import InspectionPlan, InspectionResult

    chief = make_user("section_chief")
    world = make_world(department, chief)
    first, second = list(freeze_and_draw(world).assignments.order_by("pk"))[:2]
    services.result_record(
        assignment=first, inspected_on=WINDOW[0], officers_present=list(first.officers.all()), actor=chief,
        category="no_problem",
    )  # fmt: skip
    services.result_record(
        assignment=second, inspected_on=WINDOW[0], officers_present=list(second.officers.all()), actor=chief,
        category="not_disclosed", findings="未公示股权变更信息", rectification_due_on=WINDOW[0], recheck_on=WINDOW[1],
    )  # fmt: skip
    InspectionResult.objects.filter(assignment=first).update(inspected_on=dt.date(2022, 6, 1))  # 2022: no problem
    InspectionResult.objects.filter(assignment=second).update(inspected_on=dt.date(2023, 6, 1))  # 2023: a problem

    def value(metric_id, year):
        return METRICS[f"inspections.{metric_id}"].value(year)

    assert [value("internal.entities_with_problems", y) for y in (2021, 2022, 2023)] == [None, 0, 1]
    assert [value("internal.entities_checked", y) for y in (2021, 2022, 2023)] == [None, 1, 1]
    assert [value("joint.entities_with_problems", y) for y in (2021, 2022, 2023)] == [None, None, None]

    # The plan becomes joint with one member unit; a joint plan of 2022 has neither member units nor tasks.
    InspectionPlan.objects.filter(pk=world.plan.pk).update(kind="joint")
    world.plan.member_units.set([other_department])
    InspectionPlan.objects.create(year=2022, name="2022 年度联合抽查计划", kind="joint", lead_department=department)
    assert [value("internal.entities_checked", y) for y in (2022, 2023)] == [None, None]
    assert [value("joint.entities_with_problems", y) for y in (2021, 2022, 2023)] == [None, 0, 1]
    assert [value("joint.entities_checked", y) for y in (2021, 2022, 2023)] == [None, 1, 1]
    assert [value("joint.inspector_visits", y) for y in (2021, 2023)] == [None, second.officers.count()]
    for metric_id in ("joint.member_units", "joint.domains", "joint.items"):
        assert [value(metric_id, y) for y in (2021, 2022, 2023)] == [None, 0, 1], metric_id
