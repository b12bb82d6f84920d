"""Small builders for inspection tests: a district with entities, officers, an item, a published plan and a task,
and the steps of the commit-then-reveal order with the clock set where each happens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.core.clock import at_moment
from fazhi.inspections import services
from fazhi.inspections.choices import InspectionMethod, ItemLevel, PlanKind, SeedKind
from fazhi.registry.models import Department, MarketEntity, Officer
from fazhi.rulebook.identifiers import make_uscc

SHANGHAI = ZoneInfo("Asia/Shanghai")
WINDOW = (dt.date(2023, 5, 4), dt.date(2023, 6, 30))
# When the test world's steps happen (Beijing time): plan published, pools frozen, lottery drawn, drawn.
PUBLISHED_AT = dt.datetime(2023, 4, 3, 9, 0, tzinfo=SHANGHAI)
FROZEN_AT = dt.datetime(2023, 4, 20, 10, 0, tzinfo=SHANGHAI)
LOTTERY_AT = dt.datetime(2023, 4, 20, 21, 15, tzinfo=SHANGHAI)
DRAWN_AT = dt.datetime(2023, 4, 21, 9, 30, tzinfo=SHANGHAI)
NUMBERS = "03 07 12 19 25 31 + 09"


def make_entities(
    count: int,
    *,
    office: Department | None = None,
    prefix: str = "91",
    start: int = 0,
    industry: str = "F",
    **extra: Any,
):
    rows = []
    for i in range(start, start + count):
        rows.append(
            MarketEntity(
                uscc=make_uscc("120110", prefix, f"{i:08d}"),
                name=f"天津测试{i}号商贸有限公司" if prefix == "91" else f"东丽区测试{i}号小吃店",
                kind="enterprise" if prefix == "91" else "individual",
                established_on=dt.date(2015, 1, 1),
                legal_representative="张三丰",
                office=office,
                industry=industry,
                risk_class="ABCD"[i % 4],
                **extra,
            )
        )
    MarketEntity.objects.bulk_create(rows)
    return list(MarketEntity.objects.filter(uscc__in=[r.uscc for r in rows]).order_by("uscc"))


def make_officers(department: Department, count: int, *, domain: str = "食品", start: int = 1) -> list[Officer]:
    rows = [
        Officer(
            name=f"执法员{department.code}{i}",
            certificate_number=f"C{department.code}{i:04d}",
            certificate_expires_on=dt.date(2030, 1, 1),
            department=department,
            domains=[domain],
        )
        for i in range(start, start + count)
    ]
    Officer.objects.bulk_create(rows)
    return list(Officer.objects.filter(department=department).order_by("certificate_number"))


@dataclass
class World:
    department: Department
    entities: list[MarketEntity]
    officers: list[Officer]
    item: Any
    plan: Any
    task: Any
    actor: Any
    extra: dict[str, Any] = field(default_factory=dict)


def make_world(
    department: Department,
    actor: Any,
    *,
    entities: int = 40,
    officers: int = 4,
    size: int | None = 6,
    publish: bool = True,
    item_objects: dict[str, list[str]] | None = None,
    entity_start: int = 0,
    **task_kwargs: Any,
) -> World:
    """Entities and officers of ``department`` (a 所), a food item, a plan (published at PUBLISHED_AT) and a task.

    ``actor`` must be allowed to plan for ``department`` (its 科室负责人, or a 局领导)."""
    ents = make_entities(entities, office=department, start=entity_start)
    offs = make_officers(department, officers)
    item = services.item_create(
        code=f"SC-{department.code}",
        name="食品经营者经营条件检查",
        domain="食品",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        department=department,
        method=InspectionMethod.ON_SITE,
        level=ItemLevel.GENERAL,
        effective_from=dt.date(2020, 1, 1),
        actor=actor,
        **(item_objects or {}),
    )
    plan = services.plan_create(
        year=2023, name="2023 年度抽查计划", kind=PlanKind.SINGLE, lead_department=department, actor=actor
    )
    if publish:
        with at_moment(PUBLISHED_AT):
            services.plan_publish(plan=plan, actor=actor)
        plan.refresh_from_db()
    kwargs = {"sample_size": size, "window_start": WINDOW[0], "window_end": WINDOW[1], **task_kwargs}
    task = services.task_create(
        plan=plan, name="食品经营抽查", department=department, items=[item], actor=actor, **kwargs
    )
    return World(department, ents, offs, item, plan, task, actor)


def freeze(world: World, *, kind: str = SeedKind.SECRET, actor: Any = None, at: dt.datetime = FROZEN_AT):
    with at_moment(at):
        return services.task_freeze_pools(
            task=world.task,
            actor=actor or world.actor,
            seed_kind=kind,
            lottery_source="中国福利彩票双色球第2023045期开奖号码" if kind == SeedKind.LOTTERY else "",
            lottery_draw_at=LOTTERY_AT if kind == SeedKind.LOTTERY else None,
        )


def confirm_lottery(world: World, first: Any, second: Any, numbers: str = NUMBERS) -> None:
    seed = services.live_seed(world.task)
    with at_moment(DRAWN_AT - dt.timedelta(minutes=20)):
        services.seed_enter_value(seed=seed, value=numbers, actor=first)
        services.seed_enter_value(seed=seed, value=numbers, actor=second)


def draw(world: World, *, actor: Any = None, at: dt.datetime = DRAWN_AT):
    world.task.refresh_from_db()
    with at_moment(at):
        return services.task_draw(task=world.task, actor=actor or world.actor)


def freeze_and_draw(world: World, **kwargs: Any):
    freeze(world, **kwargs)
    return draw(world)
