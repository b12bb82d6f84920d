"""Inspections part of the demo district (ORDER 30): the plans of two years (``ctx.year - 1`` and ``ctx.year``, so
that the annual report compares them), draws in the commit-then-reveal order, results and their publicity.

- The 2023 joint plan (跨部门联合): lead 信用监管科, the 23 member units, 159 items over 45 domains, 23 tasks
  (one per member unit, paired with a bureau section), 273 entities, ~700 inspector-visits, ~60 with problems.
- The 2023 internal plan: two rounds per 市场监管所, each checking the 所's food businesses (GB/T 4754 F, H) for
  their public information and their operating conditions (the second round excludes entities drawn in the
  first, whose teams are recused) — 3,852 entities (scaled), ~230 with problems.
- The year before: the same kinds of plan, smaller — 21 member units, 146 items over fewer domains, about 90 % of
  the entities and a slightly higher share of problems (the district's checks grew and found less the next year).

Everything goes through the services in the order the law wants (issue 12): the plan is published, then each task's
pools are frozen and published with the seed's commitment, then the seed is fixed, then the draw runs. The steps are
dated inside 2023 with ``fazhi.core.clock.at_moment``, so the record files state the real order. The 张贵庄所's
tasks are seeded by the winning numbers of a named lottery draw, entered by two people (the demo's numbers are
generated and say so); the others by a system secret committed with the pool. Secrets and salts come from the demo's
own random stream, so a ``--seed`` always gives the same district. Results are bulk-inserted (thousands); every
hand-over they require (clue to cases, listing by credit) is made through that module's service.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.cases.services import clue_register
from fazhi.core.clock import at_moment
from fazhi.core.context import acting_as
from fazhi.credit.services import abnormal_list_propose
from fazhi.demo.context import DemoContext, token_hex_from
from fazhi.inspections import services
from fazhi.inspections.choices import (
    PROBLEM_CATEGORIES,
    FollowUp,
    InspectionMethod,
    ItemLevel,
    PlanKind,
    RecheckOutcome,
    ResultCategory,
    SeedKind,
)
from fazhi.inspections.consequences import RECHECK_FAILURE, RECHECK_FAILURE_DEFAULT, RESULT_RULES
from fazhi.inspections.models import InspectionAssignment, InspectionPlan, InspectionResult, InspectionTask
from fazhi.inspections.selectors import pool_rows, pool_scope
from fazhi.registry.models import Department, Officer
from fazhi.rulebook.calendar import default_calendar

ORDER = 30
SHANGHAI = ZoneInfo("Asia/Shanghai")

JOINT_ENTITIES, JOINT_VISITS, JOINT_PROBLEMS = 273, 700, 60
INTERNAL_ENTITIES, INTERNAL_PROBLEMS = 3852, 230
JOINT_ITEMS = 159


@dataclass(frozen=True)
class YearPlan:
    """How one year's checks compare with the seed year's: its member units, items, extra domains, volume and the
    share of problems found."""

    year: int
    member_units: int | None  # None: all of the district's member units
    items: int
    extra_domains: int
    volume: float
    problem_factor: float
    late_task: bool  # one task's results published late (shown as overdue on the plan screen)


def year_plans(year: int) -> tuple[YearPlan, YearPlan]:
    return (
        YearPlan(year - 1, 21, 146, 5, 0.9, 1.15, False),
        YearPlan(year, None, JOINT_ITEMS, len(EXTRA_DOMAINS), 1.0, 1.0, True),
    )


LOTTERY_STREET = "张贵庄街"  # the demo chief's 所: its tasks use lottery numbers (two demo users enter them)
DEMO_NOTE = "（演示数据：号码由演示生成器模拟）"
RECHECK_GAP_MONTHS = 24  # a 所 leaves a business it checked on the same items alone for two years
# Sections paired with member units in joint tasks, and the domains of their items.
JOINT_SECTIONS = (
    "registration", "credit", "food-business", "food-production", "drugs", "special-equipment", "price",
    "intellectual-property", "online-trade", "quality", "metrology", "consumer",
)  # fmt: skip
# The objects (GB/T 4754 sections) of the items of some sections; the others inspect any entity.
SECTION_OBJECTS: dict[str, list[str]] = {"food-business": ["F", "H"], "food-production": ["C", "F"]}
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
# Only enterprises disclose "企业即时信息" and can be listed for failing to (individual businesses are marked).
ENTERPRISE_ONLY = {ResultCategory.NOT_DISCLOSED, ResultCategory.FALSE_DISCLOSURE}


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("inspections")
    users = ctx.shared["users"]
    departments = ctx.shared["departments"]
    tasks: list = []
    with acting_as(users["leader"], label="演示数据"):
        items = _internal_items(users["leader"], departments)
        for plan in year_plans(ctx.year):
            with ctx.step(f"双随机：{plan.year} 年联合抽查计划、事项与抽取"):
                joint_tasks = _joint(ctx, rng, users, departments, plan)
            with ctx.step(f"双随机：{plan.year} 年本部门抽查计划与抽取"):
                internal_tasks = _internal(ctx, rng, users, departments, plan, items)
            with ctx.step(f"双随机：{plan.year} 年检查结果、移交与公示"):
                _results(ctx, rng, users, joint_tasks, plan.problem_factor * JOINT_PROBLEMS / JOINT_ENTITIES)
                _results(ctx, rng, users, internal_tasks, plan.problem_factor * INTERNAL_PROBLEMS / INTERNAL_ENTITIES)
                _finish(ctx, rng, users, joint_tasks + internal_tasks, late_task=plan.late_task)
            tasks += joint_tasks + internal_tasks
    ctx.shared["inspection_tasks"] = tasks


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def _valid_officers(department: Department, on: dt.date) -> list[Officer]:
    return list(Officer.objects.filter(department=department, active=True, certificate_expires_on__gte=on))


def _split(total: int, caps: list[int], rng: random.Random) -> list[int]:
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


def _plan(leader: Any, year: int, *, name: str, kind: str, lead: Department, members=()) -> InspectionPlan:
    """Created and published in the first working days of the year (before any of its tasks' pools)."""
    day = default_calendar().add_working_days(dt.date(year, 1, 3), 2)
    with at_moment(_moment(day, 9)):
        plan = services.plan_create(
            year=year, name=name, kind=kind, lead_department=lead, member_units=list(members), actor=leader
        )
    with at_moment(_moment(day, 15)):
        services.plan_publish(plan=plan, actor=leader)
    InspectionPlan.objects.filter(pk=plan.pk).update(created_at=_moment(day, 9))
    return plan


def _fixed_on(window_start: dt.date) -> dt.date:
    """The pools of a task are fixed on the 5th working day before its window opens."""
    return default_calendar().add_working_days(window_start, -5)


def _freeze_and_draw(task: InspectionTask, users: dict[str, Any], rng: random.Random, *, lottery: bool) -> None:
    """Publish the pools with the seed's commitment, fix the seed, draw — each step at its own moment of 2023."""
    leader = users["leader"]
    day = _fixed_on(task.window_start)
    created = _moment(day - dt.timedelta(days=1), 9)
    InspectionTask.objects.filter(pk=task.pk).update(created_at=created)
    if lottery:
        draw_at = _moment(day, 21, 15)  # that evening's lottery draw, named when the pools are published
        with at_moment(_moment(day, 10)):
            services.task_freeze_pools(
                task=task,
                actor=leader,
                seed_kind=SeedKind.LOTTERY,
                lottery_source=f"中国福利彩票双色球第{day.year}{day.timetuple().tm_yday:03d}期开奖号码{DEMO_NOTE}",
                lottery_draw_at=draw_at,
                token_hex=token_hex_from(rng),
            )
        reds = sorted(rng.sample(range(1, 34), 6))
        numbers = " ".join(f"{n:02d}" for n in reds) + f" + {rng.randint(1, 16):02d}"
        seed = services.live_seed(task)
        assert seed is not None
        next_day = default_calendar().add_working_days(day, 1)
        with at_moment(_moment(next_day, 9, 0)):
            services.seed_enter_value(seed=seed, value=numbers, actor=users["section_chief"])
        with at_moment(_moment(next_day, 9, 5)):
            services.seed_enter_value(seed=seed, value=numbers, actor=leader)
        drawn = _moment(next_day, 9, 30)
    else:
        with at_moment(_moment(day, 10)):
            services.task_freeze_pools(
                task=task, actor=leader, seed_kind=SeedKind.SECRET, token_hex=token_hex_from(rng)
            )
        drawn = _moment(day, 10, 30)
    task.refresh_from_db()
    with at_moment(drawn):
        services.task_draw(task=task, actor=leader)


def _joint(
    ctx: DemoContext, rng: random.Random, users: dict[str, Any], departments: dict[str, Any], year_plan: YearPlan
) -> list:
    leader = users["leader"]
    year = year_plan.year
    members = ctx.shared["member_units"][: year_plan.member_units]
    plan = _plan(
        leader,
        year,
        name=f"{year} 年度部门联合双随机抽查工作计划",
        kind=PlanKind.JOINT,
        lead=departments["credit"],
        members=members,
    )
    from fazhi.demo.district import SECTIONS

    section_domains: dict[str, list[str]] = {code: domains or [] for code, _, _, domains in SECTIONS}
    extra = list(EXTRA_DOMAINS[: year_plan.extra_domains])
    # 159 items: 4 per member unit's field (92), one per domain of the paired section, the 7 extras, topped up.
    specs: list[list[tuple[str, Department]]] = []
    for n, member in enumerate(members):
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        task_items = [(_member_domain(member), member) for _ in range(4)]
        for domain in section_domains[section.code]:
            task_items.append((domain, section))
        if extra:
            task_items.append((extra.pop(0), section))
        specs.append(task_items)
    count = sum(len(s) for s in specs)
    n = 0
    while count < year_plan.items:  # top up with a second item in the section's first domain
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        specs[n % len(specs)].append((section_domains[section.code][0], section))
        count += 1
        n += 1
    window_start, window_end = dt.date(year, 6, 1), dt.date(year, 9, 29)
    fixed = _fixed_on(window_start)
    caps, pairs = [], []
    for n, member in enumerate(members):
        section = departments[JOINT_SECTIONS[n % len(JOINT_SECTIONS)]]
        m, s = len(_valid_officers(member, fixed)), len(_valid_officers(section, fixed))
        # Feasible sizes for teams of 2: each entity needs one of the m member officers, and nobody goes above
        # ⌈visits/officers⌉ + 1 (teams of 3 only loosen this).
        cap = max((size for size in range(1, 40) if size <= m * (math.ceil(2 * size / (m + s)) + 1)), default=1)
        caps.append(cap)
        pairs.append((member, section))
    seed_size = round(JOINT_ENTITIES * year_plan.volume)
    target = seed_size if ctx.scale == "full" else ctx.scaled(seed_size, minimum=len(members))
    sizes = _split(target, caps, rng)
    # Teams of 3 for some tasks so that inspector-visits land near the seed's 700 (2 per entity + 1 for these).
    extra_visits = round(target * (JOINT_VISITS / JOINT_ENTITIES - 2))
    teams = []
    for size in sizes:
        teams.append(3 if extra_visits >= size / 2 else 2)
        extra_visits -= size if teams[-1] == 3 else 0
    tasks = []
    counter = 0
    offices = ctx.shared["offices"]
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
                    object_industries=SECTION_OBJECTS.get(department.code, []),
                    actor=leader,
                )
            )
        task = services.task_create(
            plan=plan,
            name=f"{year} 年{member.name}与{section.name}联合抽查",
            department=section,
            participating_departments=[member],
            items=items,
            window_start=window_start,
            window_end=window_end,
            pool_criterion={"offices": [offices[n % len(offices)].pk]},
            sample_size=sizes[n],
            team_size=teams[n],
            actor=leader,
        )
        task.sample_size = min(sizes[n], len(pool_rows(task, pool_scope(task))))
        InspectionTask.objects.filter(pk=task.pk).update(sample_size=task.sample_size)
        _freeze_and_draw(task, users, rng, lottery=False)
        tasks.append(task)
    return tasks


def _member_domain(member: Department) -> str:
    from fazhi.demo.district import MEMBER_UNITS

    return {code: field for code, _, field in MEMBER_UNITS}[member.code]


def _internal_items(leader: Any, departments: dict[str, Any]) -> tuple[Any, Any]:
    """The two standing items of the internal plans (in force since 2020, used every year)."""
    public_info = services.item_create(
        code="BJ-001",
        name="市场主体公示信息情况检查",
        domain="登记注册",
        legal_basis="《企业信息公示暂行条例》第十四条；《个体工商户年度报告暂行办法》",
        department=departments["credit"],
        method=InspectionMethod.DOCUMENTARY,
        level=ItemLevel.GENERAL,
        effective_from=dt.date(2020, 1, 1),
        actor=leader,
    )
    food = services.item_create(
        code="BJ-002",
        name="食品经营者经营条件检查",
        domain="食品",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        department=departments["food-business"],
        method=InspectionMethod.ON_SITE,
        level=ItemLevel.GENERAL,
        effective_from=dt.date(2020, 1, 1),
        object_industries=["F", "H"],
        actor=leader,
    )
    return public_info, food


def _internal(
    ctx: DemoContext,
    rng: random.Random,
    users: dict[str, Any],
    departments: dict[str, Any],
    year_plan: YearPlan,
    items: tuple[Any, Any],
) -> list:
    leader = users["leader"]
    year = year_plan.year
    plan = _plan(
        leader, year, name=f"{year} 年度本局双随机抽查工作计划", kind=PlanKind.SINGLE, lead=departments["credit"]
    )
    public_info, food = items
    offices = ctx.shared["offices"]
    total = ctx.scaled(round(INTERNAL_ENTITIES * year_plan.volume), minimum=len(offices) * 2)
    shares = [len(_valid_officers(o, dt.date(year, 12, 31))) for o in offices]
    rounds = ((dt.date(year, 3, 1), dt.date(year, 6, 30)), (dt.date(year, 8, 1), dt.date(year, 11, 30)))
    tasks = []
    allotted = 0
    lottery_office = ctx.shared["offices_by_street"][LOTTERY_STREET]
    for n, office in enumerate(offices):
        office_total = round(total * shares[n] / sum(shares)) if n < len(offices) - 1 else total - allotted
        allotted += office_total
        for r, (start, end) in enumerate(rounds):
            size = office_total // 2 + (office_total % 2 if r == 0 else 0)
            task = services.task_create(
                plan=plan,
                name=f"{year} 年第{'一二'[r]}批{office.name}双随机抽查",
                department=office,
                items=[public_info, food],
                window_start=start,
                window_end=end,
                # A 所 does not return within two years to a business it checked on the same items: its team
                # would be recused (the "last round" rule), and a small 所 then cannot staff the draw.
                pool_criterion={"exclude_drawn_this_year": True, "exclude_inspected_months": RECHECK_GAP_MONTHS},
                sample_size=max(size, 1),
                team_size=2,
                actor=leader,
            )
            available = len(pool_rows(task, pool_scope(task)))
            if available < (task.sample_size or 0):  # a small 所 at a small scale: draw what its area holds
                InspectionTask.objects.filter(pk=task.pk).update(sample_size=max(available, 1))
                task.sample_size = max(available, 1)
            _freeze_and_draw(task, users, rng, lottery=office.pk == lottery_office.pk)
            tasks.append(task)
    return tasks


def _pick(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in mix], weights=[w for _, w in mix], k=1)[0]


def _hand_over(rng, leader, a: InspectionAssignment, result: InspectionResult, follow_up: str, on: dt.date) -> str:
    """The receiving module's service, as ``services.results`` calls it (no try/except: a refusal stops the demo)."""
    reference = f"inspections.result:{result.pk}"
    if follow_up == FollowUp.CASE_CLUE:
        clue = clue_register(
            source_kind="inspection",
            source_ref=reference,
            entity=a.entity,
            description=result.findings,
            received_on=on,
            department=a.task.department,
            actor=leader,
        )
        return str(clue.number)
    if follow_up == FollowUp.ABNORMAL_LIST:
        ground = RESULT_RULES[result.category].credit_ground or RECHECK_FAILURE[result.category][1]
        assert ground is not None
        listing = abnormal_list_propose(
            entity=a.entity, ground=ground, decided_on=on, basis_ref=reference, actor=leader
        )
        return str(listing.number)
    return ""


def _results(ctx: DemoContext, rng: random.Random, users: dict[str, Any], tasks: list, problem_share: float) -> None:
    """Results dated inside each window, entered that evening; two team members with valid certificates present."""
    leader = users["leader"]
    assignments = list(
        InspectionAssignment.objects.filter(task__in=tasks, draw__superseded_by__isnull=True, draw__staging=False)
        .select_related("task", "entity")
        .prefetch_related("officers")
        .order_by("id")
    )
    problems = round(problem_share * len(assignments))  # the seed's share of entities with problems
    flagged = set(rng.sample(range(len(assignments)), problems))
    rows, present = [], {}
    for n, a in enumerate(assignments):
        category = _pick(rng, PROBLEM_MIX) if n in flagged else _pick(rng, CLEAN_MIX)
        if category in ENTERPRISE_ONLY and a.entity.kind == "individual":
            category = ResultCategory.CORRECTED
        rule = RESULT_RULES[category]
        team = list(a.officers.all())
        last = min([a.task.window_end, *(o.certificate_expires_on for o in team)])
        inspected_on = a.task.window_start + dt.timedelta(
            days=rng.randint(0, max(0, (last - a.task.window_start).days))
        )
        follow_up = rule.follow_ups[0]
        due = recheck = None
        if follow_up == FollowUp.RECTIFY:
            due = inspected_on + dt.timedelta(days=10)
            recheck = due + dt.timedelta(days=rng.randint(1, 5))
        rows.append(
            InspectionResult(
                assignment=a,
                category=category,
                findings=""
                if not rule.findings_required
                else (
                    "发现问题，已告知并责令整改（演示数据）。"
                    if category in PROBLEM_CATEGORIES
                    else "经核实，情况属实（演示数据）。"
                ),
                inspected_on=inspected_on,
                follow_up=follow_up,
                rectification_due_on=due,
                recheck_on=recheck,
                recorded_by=leader,
                recorded_at=_moment(inspected_on, 17),  # entered that evening
            )
        )
        present[a.pk] = [o.pk for o in team]  # the whole team went (inspector-visits count them)
    InspectionResult.objects.bulk_create(rows, batch_size=2000)
    saved = {r.assignment_id: r for r in InspectionResult.objects.filter(assignment__in=assignments)}
    through = InspectionResult.officers_present.through
    through.objects.bulk_create(
        [through(inspectionresult_id=saved[a].pk, officer_id=o) for a, officers in present.items() for o in officers],
        batch_size=5000,
    )
    by_id = {a.pk: a for a in assignments}
    for assignment_id, result in saved.items():
        a = by_id[assignment_id]
        if result.follow_up in (FollowUp.CASE_CLUE, FollowUp.ABNORMAL_LIST):
            result.handover_reference = _hand_over(rng, leader, a, result, result.follow_up, result.inspected_on)
            result.save(update_fields=["handover_reference"])
        elif result.follow_up == FollowUp.RECTIFY:
            assert result.recheck_on is not None
            # Only a missed disclosure is left uncorrected in the demo (→ abnormal list through credit). A failed
            # re-check of anything else becomes a case clue, and the cases generator, which runs later, numbers its
            # clues from 1 (it does not continue the counter), so the demo's other rectifications are complied with.
            corrected = result.category != ResultCategory.NOT_DISCLOSED or rng.random() < 0.8
            result.rechecked_on = result.recheck_on
            result.recheck_outcome = RecheckOutcome.CORRECTED if corrected else RecheckOutcome.NOT_CORRECTED
            result.recheck_findings = "已按期整改（演示数据）。" if corrected else "逾期未整改（演示数据）。"
            if not corrected:
                follow_up, _ = RECHECK_FAILURE.get(result.category, RECHECK_FAILURE_DEFAULT)
                result.recheck_reference = _hand_over(rng, leader, a, result, follow_up, result.recheck_on)
            result.save(update_fields=["rechecked_on", "recheck_outcome", "recheck_findings", "recheck_reference"])


def _finish(ctx: DemoContext, rng: random.Random, users: dict[str, Any], tasks: list, *, late_task: bool) -> None:
    """End every task on its window's last day and publish within the 20 working days — except, in the report year,
    one left overdue."""
    leader = users["leader"]
    for n, task in enumerate(tasks):
        task.refresh_from_db()
        with at_moment(_moment(task.window_end, 18)):
            task = services.task_finish(task=task, on=task.window_end, actor=leader)
        if late_task and n == len(tasks) - 1:
            continue  # published late: shows as overdue on the plan screen
        on = task.window_end + dt.timedelta(days=rng.randint(5, 20))
        with at_moment(_moment(on, 10)):
            services.task_publish_results(task=task, on=on, actor=leader)
