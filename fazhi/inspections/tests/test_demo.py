"""The inspections demo: the seed's figures (scaled), and every timestamp a plausible moment of 2023."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fazhi.demo.context import DemoContext
from fazhi.inspections import metrics
from fazhi.inspections.models import Draw, DrawSeed, FrozenPool, InspectionPlan, InspectionResult, InspectionTask

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    from fazhi.demo import demo_data as accounts
    from fazhi.inspections import demo_data
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    return ctx


def test_演示数据的数字不变_时间都在2023年抽查开始之前(demo):
    figures = {
        name: getattr(metrics, name)(2023)
        for name in (
            "joint_entities_checked",
            "joint_entities_with_problems",
            "internal_entities_checked",
            "internal_entities_with_problems",
            "joint_member_units",
            "joint_items",
            "joint_domains",
            "joint_inspector_visits",
        )
    }
    assert figures == FIGURES_SMALL
    for task in InspectionTask.objects.select_related("plan", "frozen_pool"):
        start = task.window_start
        frozen = task.frozen_pool.frozen_at.astimezone(SHANGHAI)
        assert frozen.year == 2023 and frozen.date() < start and frozen.time() == dt.time(10, 0)
        assert frozen.weekday() < 5
        assert task.created_at.astimezone(SHANGHAI) < frozen
        assert task.plan.created_at <= task.created_at
        for seed in DrawSeed.objects.filter(task=task):
            assert frozen < seed.announced_at <= seed.value_entered_at < dt.datetime.combine(start, dt.time(), SHANGHAI)
        for draw in Draw.objects.filter(task=task):
            assert draw.seed.value_entered_at < draw.drawn_at < dt.datetime.combine(start, dt.time(), SHANGHAI)
    assert FrozenPool.objects.count() == InspectionTask.objects.count() > 0
    assert not InspectionPlan.objects.exclude(created_at__year=2023).exists()
    for result in InspectionResult.objects.select_related("assignment__task")[:200]:
        assert result.recorded_at.astimezone(SHANGHAI).date() == result.inspected_on


# The figures at scale "small" before the timestamps moved into 2023 (they must not change).
FIGURES_SMALL: dict[str, int] = {
    "joint_entities_checked": 23,
    "joint_entities_with_problems": 5,
    "internal_entities_checked": 75,
    "internal_entities_with_problems": 4,
    "joint_member_units": 23,
    "joint_items": 159,
    "joint_domains": 45,
    "joint_inspector_visits": 59,
}
