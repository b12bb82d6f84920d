"""The sampling and campaign figures, with hand-computed fixtures on both sides of 1 January and 31 December."""

import datetime as dt

import pytest

from fazhi.core.metrics import METRICS
from fazhi.sampling import importers
from fazhi.sampling.models import Campaign, CampaignCheck

D = dt.date
pytestmark = pytest.mark.django_db


def _sample(task, entity, number, sampled_on, result, category=""):
    importers.insert_rows(
        [
            (
                number,
                task.pk,
                task.plan.area,
                category or task.product_category,
                task.department_id,
                "样品",
                "",
                "",
                "",
                sampled_on,
                entity.pk,
                None,
                "",
                "R" if result else "",
                sampled_on if result else None,
                result,
                "[]",
                importers.status_for(result),
                None,
                "",
                "",
                "",
                0,
                dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
        ]
    )


def value(metric_id, year):
    return METRICS[metric_id].compute(year)


def test_抽检批次按抽样日期计入年度且须已出具结论(make_task, make_entity):
    food = make_task("food", starts_on=D(2022, 1, 1))
    e = make_entity()
    _sample(food, e, "F1", D(2022, 12, 31), "qualified")
    _sample(food, e, "F2", D(2023, 1, 1), "unqualified")
    _sample(food, e, "F3", D(2023, 12, 31), "qualified")
    _sample(food, e, "F4", D(2023, 6, 1), "")  # 未出具检验结论：不计
    assert value("sampling.food_batches", 2022) == 1
    assert value("sampling.food_batches", 2023) == 2
    assert value("sampling.drug_batches", 2023) == 0
    assert {s.number for s in METRICS["sampling.food_batches"].records(2023)} == {"F2", "F3"}


def test_各领域分别计数_产品类别去重(make_task, make_entity):
    e = make_entity()
    for area, n in (("drug", 3), ("cosmetic", 2), ("device", 1)):
        task = make_task(area)
        for i in range(n):
            _sample(task, e, f"{area}{i}", D(2023, 5, 1), "qualified")
    wires = make_task("product", category="电线电缆")
    toys = make_task("product", category="儿童玩具")
    _sample(wires, e, "P1", D(2023, 5, 1), "qualified")
    _sample(wires, e, "P2", D(2023, 5, 2), "unqualified")
    _sample(toys, e, "P3", D(2023, 12, 31), "qualified")
    _sample(toys, e, "P4", D(2024, 1, 1), "qualified")  # 下一年度
    assert [
        value(m, 2023) for m in ("sampling.drug_batches", "sampling.cosmetic_batches", "sampling.device_batches")
    ] == [3, 2, 1]
    assert value("sampling.product_batches", 2023) == 3
    assert value("sampling.product_categories", 2023) == 2
    assert value("sampling.product_categories", 2024) == 1


def _campaign(department, user, starts_on, *, area="food", kind="enforcement", target="food_business", n=[0]):
    n[0] += 1
    return Campaign.objects.create(
        number=f"ZX-{n[0]}",
        title="专项",
        kind=kind,
        area=area,
        target_kind=target,
        department=department,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=30),
        created_by=user,
    )


def test_食品专项执法检查按开始日期计数(department, make_user):
    user = make_user("leader", username="l1")
    _campaign(department, user, D(2022, 12, 31))
    _campaign(department, user, D(2023, 1, 1))
    _campaign(department, user, D(2023, 12, 31))
    _campaign(department, user, D(2023, 5, 1), kind="rectification")  # 专项整治，不是专项执法检查
    _campaign(department, user, D(2023, 5, 1), area="drug")
    assert value("campaigns.food_special_inspections", 2022) == 1
    assert value("campaigns.food_special_inspections", 2023) == 2


def test_电梯维保单位按检查日期去重计数(department, make_user, make_entity):
    user = make_user("leader", username="l2")
    first = _campaign(department, user, D(2022, 12, 1), area="special_equipment", target="elevator_maintainer")
    second = _campaign(department, user, D(2023, 6, 1), area="special_equipment", target="elevator_maintainer")
    other = _campaign(department, user, D(2023, 6, 1), area="food", target="catering")
    a, b, c = make_entity(), make_entity(), make_entity()
    for campaign, entity, on in (
        (first, a, D(2022, 12, 31)),
        (first, b, D(2023, 1, 1)),
        (second, b, D(2023, 6, 2)),  # b 在同一年度被检查两次：计一次
        (second, a, D(2023, 12, 31)),
        (second, c, None),  # 未检查：不计
        (other, c, D(2023, 6, 2)),  # 不是电梯维保单位专项
    ):
        CampaignCheck.objects.create(campaign=campaign, entity=entity, department=department, checked_on=on)
    assert value("campaigns.elevator_maintainers_checked", 2022) == 1
    assert value("campaigns.elevator_maintainers_checked", 2023) == 2
    assert len(list(METRICS["campaigns.elevator_maintainers_checked"].records(2023))) == 2


def test_电梯维保单位的记录页以单位名称列出(client, department, make_user, make_entity):
    # issue 18: a figure opens the records it counts — each line a person can read: the campaign and the unit's
    # name, never the registry's row id
    user = make_user("leader", username="l3")
    campaign = _campaign(department, user, D(2023, 6, 1), area="special_equipment", target="elevator_maintainer")
    unit = make_entity()
    CampaignCheck.objects.create(campaign=campaign, entity=unit, department=department, checked_on=D(2023, 6, 2))
    client.force_login(user)
    html = client.get("/reports/figures/2023/campaigns.elevator_maintainers_checked/").content.decode()
    assert f"{campaign.number} · {unit.name}" in html
    assert f"· {unit.pk}<" not in html
