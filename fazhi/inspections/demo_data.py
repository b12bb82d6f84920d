"""Inspections part of the demo district (ORDER 30): 2023's plans, real draws, results and their publicity.

- The 2023 joint plan (跨部门联合): lead 信用监管科, the 23 member units, 159 items over 45 domains, 23 tasks
  (one per member unit, paired with a bureau section), 273 entities, ~700 inspector-visits, ~60 with problems.
- The 2023 internal plan: two rounds per 市场监管所 (the second excludes entities drawn in the first, and the first
  round's teams are recused), 3,852 entities (scaled), ~230 with problems.

Tasks go through the real services (create → freeze pools → seed → draw → finish → publish). The CSPRNG seeds
are generated deterministically from ``ctx.sub_rng("inspections")`` so the demo is reproducible; their recorded
source says so ("演示数据"). Results are bulk-inserted (thousands; the service is exercised by the tests).
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from fazhi.core.context import acting_as
from fazhi.demo.context import DemoContext
from fazhi.inspections import services
from fazhi.inspections.choices import (
    PROBLEM_CATEGORIES,
    FollowUp,
    HandoverStatus,
    InspectionMethod,
    ItemLevel,
    PlanKind,
    ResultCategory,
)
from fazhi.inspections.models import (
    Draw,
    DrawSeed,
    FrozenPool,
    InspectionAssignment,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
)
from fazhi.registry.models import Department, Officer
from fazhi.rulebook.calendar import default_calendar

ORDER = 30
SHANGHAI = ZoneInfo("Asia/Shanghai")

JOINT_ENTITIES, JOINT_VISITS, JOINT_PROBLEMS = 273, 700, 60
INTERNAL_ENTITIES, INTERNAL_PROBLEMS = 3852, 230
SEED_SOURCE = "演示数据：由演示生成器的确定性随机数产生（非真实随机，仅供演示）"
# Sections paired with member units in joint tasks, and the domains of their items.
JOINT_SECTIONS = (
    "registration", "credit", "food-business", "food-production", "drugs", "special-equipment", "price",
    "intellectual-property", "online-trade", "quality", "metrology", "consumer",
)  # fmt: skip
# Seven finer domains (not officers' domains) so that the plan covers 45 domains, as the seed's did.
EXTRA_DOMAINS = ("工业产品生产许可", "认证认可", "检验检测", "标准化", "电梯安全", "广告发布", "商标代理")
PROBLEM_MIX = (
    (ResultCategory.NOT_DISCLOSED, 30),
    (ResultCategory.CORRECTED, 30),
    (ResultCategory.UNREACHABLE, 20),
    (ResultCategory.PENDING_FOLLOW_UP, 15),
    (ResultCategory.FALSE_DISCLOSURE, 5),
)
CLEAN_MIX = (
    (ResultCategory.NO_PROBLEM, 85),
    (ResultCategory.NO_RELEVANT_ACTIVITY, 12),
    (ResultCategory.CLOSED_OR_LIQUIDATING, 3),
)


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("inspections")
    chief = ctx.shared["users"]["section_chief"]
    departments = ctx.shared["departments"]
    with acting_as(chief, label="演示数据"):
        with ctx.step("双随机：联合抽查计划、事项与抽取"):
            joint_tasks = _joint(ctx, rng, chief, departments)
        with ctx.step("双随机：本部门抽查计划与抽取"):
            internal_tasks = _internal(ctx, rng, chief, departments)
        with ctx.step("双随机：检查结果与公示"):
            _results(ctx, rng, chief, joint_tasks, JOINT_PROBLEMS / JOINT_ENTITIES)
            _results(ctx, rng, chief, internal_tasks, INTERNAL_PROBLEMS / INTERNAL_ENTITIES)
            _finish(ctx, rng, chief, joint_tasks + internal_tasks)
    ctx.shared["inspection_tasks"] = joint_tasks + internal_tasks


def _token(rng):
    return lambda: f"{rng.getrandbits(256):064x}"


def _valid_officers(department, window_end: dt.date) -> list[Officer]:
    return list(Officer.objects.filter(department=department, active=True, certificate_expires_on__gte=window_end))


def _split(total: int, caps: list[int], rng) -> list[int]:
    """``total`` spread over len(caps) parts, each ≥ 1 and ≤ its cap, roughly even."""
    sizes = [1] * len(caps)
    left = total - len(caps)
    while left > 0:
        open_parts = [i for i, c in enumerate(caps) if sizes[i] < c]
        if not open_parts:
            break
        i = min(open_parts, key=lambda j: (sizes[j] / caps[j], rng.random()))
        sizes[i] += 1
        left -= 1
    return sizes


def _joint(ctx: DemoContext, rng, chief, departments) -> list:
    year = ctx.year
    lead = departments["credit"]
    members = ctx.shared["member_units"]
    plan = services.plan_create(
        year=year,
        name=f"{year} 年度部门联合双随机抽查工作计划",
        kind=PlanKind.JOINT,
        lead_department=lead,
        member_units=members,
    )
    from fazhi.demo.district import SECTIONS

    section_domains: dict[str, list[str]] = {code: domains or [] for code, _, _, domains in SECTIONS}
    extra = list(EXTRA_DOMAINS)
    # 159 items: 4 per member unit's field (92), one per domain of the paired section, the 7 extras, topped up.
    specs: list[list[tuple[str, Department]]] = []
    for n, member in enumerate(members):
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        field = member.name.removeprefix("区")
        task_items = [(_member_domain(ctx, member), member) for _ in range(4)]
        for domain in section_domains[section.code]:
            task_items.append((domain, section))
        if extra:
            task_items.append((extra.pop(0), section))
        specs.append(task_items)
        del field
    count = sum(len(s) for s in specs)
    n = 0
    while count < 159:  # top up with a second item in the section's first domain
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        specs[n % len(specs)].append((section_domains[section.code][0], section))
        count += 1
        n += 1
    window_start, window_end = dt.date(year, 6, 1), dt.date(year, 9, 29)
    caps, pairs = [], []
    for n, member in enumerate(members):
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        m, s = len(_valid_officers(member, window_end)), len(_valid_officers(section, window_end))
        # Feasible sizes for teams of 2: each entity needs one of the m member officers, and nobody goes above
        # ⌈visits/officers⌉ + 1 (teams of 3 only loosen this).
        cap = max((size for size in range(1, 40) if size <= m * (math.ceil(2 * size / (m + s)) + 1)), default=1)
        caps.append(cap)
        pairs.append((member, section))
    target = JOINT_ENTITIES if ctx.scale == "full" else ctx.scaled(JOINT_ENTITIES, minimum=len(members))
    sizes = _split(target, caps, rng)
    # Teams of 3 for some tasks so that inspector-visits land near the seed's 700 (2 per entity + 1 for these).
    extra_visits = round(target * (JOINT_VISITS / JOINT_ENTITIES - 2))
    teams = []
    for size in sizes:
        teams.append(3 if extra_visits >= size / 2 else 2)
        extra_visits -= size if teams[-1] == 3 else 0
    tasks = []
    counter = 0
    for n, ((member, section), items_spec) in enumerate(zip(pairs, specs, strict=True)):
        items = []
        for domain, department in items_spec:
            counter += 1
            items.append(
                services.item_create(
                    code=f"LH-{year}-{counter:03d}",
                    name=f"{domain}领域联合检查事项{counter}",
                    domain=domain,
                    legal_basis=f"《{domain}相关法律法规》（演示数据）",
                    department=department,
                    method=[InspectionMethod.ON_SITE, InspectionMethod.DOCUMENTARY, InspectionMethod.ONLINE][
                        counter % 3
                    ],
                    level=ItemLevel.KEY if counter % 5 == 0 else ItemLevel.GENERAL,
                    effective_from=dt.date(year, 1, 1),
                )
            )
        office = ctx.shared["offices"][n % len(ctx.shared["offices"])]
        task = services.task_create(
            plan=plan,
            name=f"{year} 年{member.name}与{section.name}联合抽查",
            department=section,
            participating_departments=[section, member],
            items=items,
            window_start=window_start,
            window_end=window_end,
            pool_criterion={"offices": [office.pk]},
            sample_size=sizes[n],
            team_size=teams[n],
        )
        _freeze_and_draw(task, chief, rng)
        tasks.append(task)
    services.plan_publish(plan=plan)
    _backdate(plan, tasks)
    return tasks


def _member_domain(ctx: DemoContext, member) -> str:
    from fazhi.demo.district import MEMBER_UNITS

    return {code: field for code, _, field in MEMBER_UNITS}[member.code]


def _freeze_and_draw(task, chief, rng) -> None:
    services.task_freeze_pools(task=task, by=chief)
    seed = services.seed_generate(task=task, by=chief, source=SEED_SOURCE, token=_token(rng))
    services.task_draw(task=task, seed=seed, by=chief)


def _internal(ctx: DemoContext, rng, chief, departments) -> list:
    year = ctx.year
    plan = services.plan_create(
        year=year,
        name=f"{year} 年度本局双随机抽查工作计划",
        kind=PlanKind.SINGLE,
        lead_department=departments["credit"],
    )
    items = [
        services.item_create(
            code=f"BJ-{code}",
            name=name,
            domain=domain,
            legal_basis=basis,
            department=departments[dept],
            method=method,
            level=ItemLevel.GENERAL,
            effective_from=dt.date(2020, 1, 1),
        )
        for code, name, domain, basis, dept, method in (
            ("001", "企业公示信息情况检查", "登记注册", "《企业信息公示暂行条例》第十四条", "credit", InspectionMethod.DOCUMENTARY),
            ("002", "食品经营者经营条件检查", "食品", "《中华人民共和国食品安全法》第一百一十条", "food-business", InspectionMethod.ON_SITE),
        )
    ]  # fmt: skip
    offices = ctx.shared["offices"]
    total = ctx.scaled(INTERNAL_ENTITIES, minimum=len(offices) * 2)
    shares = [len(_valid_officers(o, dt.date(year, 12, 31))) for o in offices]
    rounds = ((dt.date(year, 3, 1), dt.date(year, 6, 30)), (dt.date(year, 8, 1), dt.date(year, 11, 30)))
    tasks = []
    allotted = 0
    for n, office in enumerate(offices):
        office_total = round(total * shares[n] / sum(shares)) if n < len(offices) - 1 else total - allotted
        allotted += office_total
        for r, (start, end) in enumerate(rounds):
            size = office_total // 2 + (office_total % 2 if r == 0 else 0)
            task = services.task_create(
                plan=plan,
                name=f"{year} 年第{'一二'[r]}批{office.name}双随机抽查",
                department=office,
                items=items,
                window_start=start,
                window_end=end,
                pool_criterion={"offices": [office.pk], "exclude_drawn_this_year": True},
                sample_size=max(size, 1),
                team_size=2,
            )
            _freeze_and_draw(task, chief, rng)
            tasks.append(task)
    services.plan_publish(plan=plan)
    _backdate(plan, tasks)
    return tasks


def _drawn_on(window_start: dt.date) -> dt.datetime:
    """10:00 (Shanghai) on the 3rd working day before the window opens: when the demo pools are fixed."""
    day = default_calendar().add_working_days(window_start, -3)
    return dt.datetime.combine(day, dt.time(10, 0), SHANGHAI)


def _backdate(plan, tasks: list) -> None:
    """Move the services' wall-clock stamps (``timezone.now()``, ``auto_now_add``) into the demo year.

    The services stamp the moment they run, which would date 2023's draws in the year the demo is generated.
    Deterministic (no randomness, so the figures and draws are untouched): created 09:00, pools fixed 10:00,
    seed announced and entered 10:10, drawn 10:20, on the 3rd working day before the window; the plan is
    created with its earliest task. One UPDATE per task and table (tens of tasks).
    """
    earliest = None
    for task in tasks:
        fixed = _drawn_on(task.window_start)
        created = fixed - dt.timedelta(hours=1)
        earliest = created if earliest is None else min(earliest, created)
        InspectionTask.objects.filter(pk=task.pk).update(created_at=created)
        FrozenPool.objects.filter(task=task).update(frozen_at=fixed)
        announced = fixed + dt.timedelta(minutes=10)
        DrawSeed.objects.filter(task=task).update(announced_at=announced, value_entered_at=announced)
        Draw.objects.filter(task=task).update(drawn_at=fixed + dt.timedelta(minutes=20))
    if earliest is not None:
        InspectionPlan.objects.filter(pk=plan.pk).update(created_at=earliest)


def _pick(rng, mix) -> str:
    return rng.choices([c for c, _ in mix], weights=[w for _, w in mix], k=1)[0]


def _results(ctx: DemoContext, rng, chief, tasks: list, problem_share: float) -> None:
    assignments = list(
        InspectionAssignment.objects.filter(task__in=tasks, draw__superseded_by__isnull=True)
        .select_related("task")
        .order_by("id")
    )
    problems = round(problem_share * len(assignments))  # the seed's share of entities with problems
    flagged = set(rng.sample(range(len(assignments)), problems))
    rows = []
    for n, a in enumerate(assignments):
        category = _pick(rng, PROBLEM_MIX) if n in flagged else _pick(rng, CLEAN_MIX)
        follow_up = {
            ResultCategory.UNREACHABLE.value: FollowUp.CREDIT_LISTING,
            ResultCategory.PENDING_FOLLOW_UP.value: FollowUp.CASE_CLUE,
        }.get(str(category), FollowUp.NONE)
        span = (a.task.window_end - a.task.window_start).days
        inspected_on = a.task.window_start + dt.timedelta(days=rng.randint(0, span))
        rows.append(
            InspectionResult(
                assignment=a,
                category=category,
                findings="经检查，未发现问题。"
                if category not in PROBLEM_CATEGORIES
                else "发现问题，已告知并责令整改（演示数据）。",
                inspected_on=inspected_on,
                follow_up=follow_up,
                handover_status=HandoverStatus.PENDING if follow_up != FollowUp.NONE else HandoverStatus.NONE,
                recorded_by=chief,
                recorded_at=dt.datetime.combine(inspected_on, dt.time(17, 0), SHANGHAI),  # entered that evening
            )
        )
    InspectionResult.objects.bulk_create(rows, batch_size=2000)
    by_assignment = dict(InspectionResult.objects.filter(assignment__in=assignments).values_list("assignment_id", "id"))
    team = InspectionAssignment.officers.through.objects.filter(inspectionassignment__in=assignments).values_list(
        "inspectionassignment_id", "officer_id"
    )
    through = InspectionResult.officers_present.through
    through.objects.bulk_create(
        [through(inspectionresult_id=by_assignment[a], officer_id=o) for a, o in team], batch_size=5000
    )


def _finish(ctx: DemoContext, rng, chief, tasks: list) -> None:
    """End every task on its window's last day and publish within the 20 working days — except one, left overdue."""
    for n, task in enumerate(tasks):
        task.refresh_from_db()
        task = services.task_finish(task=task, on=task.window_end, by=chief)
        if n == len(tasks) - 1:
            continue  # published late: shows as overdue on the plan screen
        services.task_publish_results(task=task, on=task.window_end + dt.timedelta(days=rng.randint(5, 20)), by=chief)
