"""Small builders for inspection tests: a district with entities, officers, an item, a plan and a task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fazhi.inspections import services
from fazhi.inspections.choices import InspectionMethod, ItemLevel, PlanKind
from fazhi.registry.models import Department, MarketEntity, Officer
from fazhi.rulebook.identifiers import make_uscc

WINDOW = (dt.date(2023, 5, 4), dt.date(2023, 6, 30))


def make_entities(count: int, *, office: Department | None = None, prefix: str = "91", start: int = 0, **extra: Any):
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
            certificate_expires_on=dt.date(2026, 1, 1),
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
    extra: dict[str, Any] = field(default_factory=dict)


def make_world(department: Department, *, entities: int = 40, officers: int = 4, size: int = 6, **task_kwargs) -> World:
    ents = make_entities(entities, office=department)
    offs = make_officers(department, officers)
    item = services.item_create(
        code="SC-001",
        name="食品经营者经营条件检查",
        domain="食品",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        department=department,
        method=InspectionMethod.ON_SITE,
        level=ItemLevel.GENERAL,
        effective_from=dt.date(2020, 1, 1),
    )
    plan = services.plan_create(year=2023, name="2023 年度抽查计划", kind=PlanKind.SINGLE, lead_department=department)
    services.plan_publish(plan=plan)
    plan.refresh_from_db()
    kwargs = {"sample_size": size, **task_kwargs}
    task = services.task_create(
        plan=plan,
        name="食品经营抽查",
        department=department,
        items=[item],
        window_start=WINDOW[0],
        window_end=WINDOW[1],
        **kwargs,
    )
    return World(department, ents, offs, item, plan, task)
