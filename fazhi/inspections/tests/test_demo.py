"""The inspections demo: the seed's figures (scaled), the commit-then-reveal order on every task, records that
verify, and hand-overs made through the receiving modules — for several ``--seed`` values."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fazhi.demo.context import DemoContext
from fazhi.inspections import metrics, services
from fazhi.inspections.choices import FollowUp, RecheckOutcome, SeedKind
from fazhi.inspections.models import Draw, DrawSeed, InspectionPlan, InspectionResult, InspectionTask
from fazhi.rulebook.draws import verify_stream

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(seed: int) -> DemoContext:
    from fazhi.demo import demo_data as accounts
    from fazhi.inspections import demo_data
    from fazhi.registry import demo_data as registry

    ctx = DemoContext(seed=seed, scale="small", verbose=False)
    registry.generate(ctx)
    accounts.generate(ctx)
    demo_data.generate(ctx)
    return ctx


def verify(draw: Draw):
    head, body = "".join(services.record_chunks(draw, disclosure="full")).split("\n", 1)
    return verify_stream(head, lambda: [body.encode()])


@pytest.mark.parametrize("seed", [2023, 1, 7])
def test_演示数据_任何种子都按先承诺后揭示的顺序抽取_数字接近种子报告(seed):
    build(seed)
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
    # Scale "small" (2,000 entities): the seed's 273 / 3,852 entities scale to 23 / 75; the shares of problems
    # (60/273, 230/3852) and the 159 items, 45 domains and 23 member units are kept.
    assert figures["joint_member_units"] == 23 and figures["joint_items"] == 159 and figures["joint_domains"] == 45
    assert 20 <= figures["joint_entities_checked"] <= 23
    assert 60 <= figures["internal_entities_checked"] <= 75
    assert 2 <= figures["joint_entities_with_problems"] <= 8
    assert 2 <= figures["internal_entities_with_problems"] <= 8
    assert 2 * figures["joint_entities_checked"] <= figures["joint_inspector_visits"] <= 3 * 23
    # The year before (the report's comparison): 21 member units, 146 items over 41 domains, fewer entities.
    assert (metrics.joint_member_units(2022), metrics.joint_items(2022), metrics.joint_domains(2022)) == (21, 146, 41)
    assert 0 < metrics.joint_entities_checked(2022) <= figures["joint_entities_checked"]
    assert 0 < metrics.internal_entities_checked(2022) <= figures["internal_entities_checked"]
    for task in InspectionTask.objects.select_related("plan", "frozen_pool"):
        plan_at, frozen_at = task.plan.published_at, task.frozen_pool.frozen_at
        assert plan_at is not None and plan_at.year == task.plan.year and plan_at < frozen_at
        assert frozen_at.astimezone(SHANGHAI).date() < task.window_start
        seed_row = DrawSeed.objects.get(task=task)
        assert seed_row.announced_at == frozen_at and seed_row.fixed_at is not None and seed_row.fixed_at >= frozen_at
        draw = Draw.objects.get(task=task)
        assert seed_row.fixed_at <= draw.drawn_at < dt.datetime.combine(task.window_start, dt.time(), SHANGHAI)
        if seed_row.kind == SeedKind.LOTTERY:
            assert seed_row.confirmed_by_id != seed_row.first_entry_by_id
            assert seed_row.confirmed_at is not None and seed_row.draw_at is not None
            assert seed_row.confirmed_at > seed_row.draw_at > frozen_at
        assert task.plan.created_at <= task.created_at < frozen_at
    assert DrawSeed.objects.filter(kind=SeedKind.LOTTERY).exists() and DrawSeed.objects.filter(kind="secret").exists()
    for draw in Draw.objects.order_by("id")[:6]:
        report = verify(draw)
        assert report.exit_code == 0, (report.order, report.commitments, report.differences)
    assert sorted((p.year, p.created_at.year) for p in InspectionPlan.objects.all()) == [
        (2022, 2022), (2022, 2022), (2023, 2023), (2023, 2023),
    ]  # fmt: skip
    for result in InspectionResult.objects.select_related("assignment__task"):
        task = result.assignment.task
        assert task.window_start <= result.inspected_on <= task.window_end
        assert result.recorded_at.astimezone(SHANGHAI).date() == result.inspected_on
        assert result.officers_present.count() >= 2
        assert all(o.certificate_valid_on(result.inspected_on) for o in result.officers_present.all())
        if result.follow_up in (FollowUp.CASE_CLUE, FollowUp.ABNORMAL_LIST):
            assert result.handover_reference
        if result.recheck_outcome == RecheckOutcome.NOT_CORRECTED:
            assert result.recheck_reference
        if result.category != "no_problem":
            assert result.findings
