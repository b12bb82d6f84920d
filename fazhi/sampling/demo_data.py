"""Demo: two years (ctx.year − 1 and ctx.year) of sampling, campaigns and 证照分离 matters, near the seed.

2023 (seed): 4,615 food batches, 102 drug, 42 cosmetic, 2 medical-device, 269 industrial-product batches in 11
categories; 13 food 专项执法检查; 31 elevator maintenance units checked; 证照分离 62 告知承诺 / 886 改为备案 /
3,702 优化审批服务. 2022 plausibly lower. District figures scale with the demo's size (a small district still
samples every one of the 11 product categories, so its product batches are at least 11: seed_figures.yaml).

Qualified batches are written in bulk (``importers.insert_rows``, one audit event per batch with
``audit_records``); every unqualified batch goes through the services — notice, re-test window, re-test for a
few, disposal, the clue to cases, close when the window is over. Campaigns go through the services (criteria,
one drawn campaign a year, checks, rectifications, re-checks, clues). Permit matters are bulk-inserted and
audited per record, as the importer would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from fazhi.core.clock import at_moment
from fazhi.demo.context import DemoContext

ORDER = 70
D = dt.date

# year → batches per area (food, drug, cosmetic, device, product), product categories
BATCHES = {
    2022: {"food": 4210, "drug": 95, "cosmetic": 38, "device": 3, "product": 240},
    2023: {"food": 4615, "drug": 102, "cosmetic": 42, "device": 2, "product": 269},
}
CATEGORIES = {2022: 9, 2023: 11}
UNQUALIFIED_RATE = {"food": 0.025, "drug": 0.02, "cosmetic": 0.03, "device": 0.0, "product": 0.06}
FOOD_CAMPAIGNS = {2022: 11, 2023: 13}
ELEVATOR_UNITS = {2022: 28, 2023: 31}
PERMITS = {
    2022: {"cancelled": 35, "filing": 790, "notify_commit": 55, "optimised": 3405},
    2023: {"cancelled": 41, "filing": 886, "notify_commit": 62, "optimised": 3702},
}

PRODUCT_CATEGORIES = (
    "电线电缆",
    "儿童用品",
    "家用电器",
    "燃气器具",
    "建筑用钢材",
    "化肥",
    "服装",
    "电动自行车",
    "防爆电气",
    "日用消费品",
    "食品相关产品",
)
FOODS = (
    ("大米", "粮食加工品"),
    ("小麦粉", "粮食加工品"),
    ("挂面", "粮食加工品"),
    ("食用植物油", "食用油、油脂及其制品"),
    ("酱油", "调味品"),
    ("食醋", "调味品"),
    ("熟肉制品", "肉制品"),
    ("灭菌乳", "乳制品"),
    ("饮用纯净水", "饮料"),
    ("饼干", "饼干"),
    ("糕点", "糕点"),
    ("速冻饺子", "速冻食品"),
    ("普通白酒", "酒类"),
    ("蔬菜（韭菜）", "食用农产品"),
    ("猪肉", "食用农产品"),
    ("鸡蛋", "食用农产品"),
    ("淡水鱼", "食用农产品"),
    ("油条", "餐饮食品"),
    ("复用餐饮具", "餐饮食品"),
    ("花生", "食用农产品"),
)
FOOD_FAILURES = (
    ("腐霉利", "0.8mg/kg", "≤0.2mg/kg"),
    ("铝的残留量（干样品，以Al计）", "325mg/kg", "≤100mg/kg"),
    ("大肠菌群", "检出", "不得检出"),
    ("菌落总数", "2.3×10⁵CFU/g", "≤1×10⁵CFU/g"),
    ("酸价（以脂肪计）", "5.1mg/g", "≤3mg/g"),
    ("恩诺沙星", "156μg/kg", "≤100μg/kg"),
    ("过氧化值", "0.42g/100g", "≤0.25g/100g"),
)
DRUGS = ("阿莫西林胶囊", "板蓝根颗粒", "复方甘草片", "维生素C片", "感冒灵颗粒", "布洛芬缓释胶囊")
COSMETICS = ("保湿霜", "洗发水", "防晒霜", "染发剂", "祛斑霜")
DEVICES = ("医用外科口罩", "一次性使用无菌注射器")
LABS = (
    ("天津市食品安全检测技术研究院", "CMA-120001"),
    ("天津市药品检验研究院", "CMA-120002"),
    ("天津市产品质量监督检测技术研究院", "CMA-120003"),
    ("天津海河标测技术检测有限公司", "CMA-120004"),
)
FOOD_CAMPAIGN_TITLES = (
    "校园及周边食品安全专项检查",
    "元旦春节食品安全专项检查",
    "食用农产品市场专项检查",
    "肉类产品质量安全专项检查",
    "网络订餐食品安全专项检查",
    "冷链食品专项检查",
    "保健食品专项检查",
    "食品添加剂使用专项检查",
    "中秋国庆节日市场食品安全专项检查",
    "小作坊食品安全专项检查",
    "农村集体聚餐食品安全专项检查",
    "乳制品质量安全专项检查",
    "旅游景区食品安全专项检查",
    "白酒质量安全专项检查",
    "餐饮具集中消毒单位专项检查",
)
MATTERS = {
    "cancelled": ("企业登记前置审批（取消）", "广告发布登记（取消）"),
    "filing": ("食品经营许可（仅销售预包装食品）改为备案", "第二类医疗器械经营备案", "计量器具型式批准改为备案"),
    "notify_commit": ("食品经营许可（告知承诺）", "特种设备使用登记（告知承诺）", "工业产品生产许可证（告知承诺）"),
    "optimised": ("食品经营许可", "药品零售企业许可", "小餐饮登记", "特种设备安装改造维修告知", "营业执照登记"),
}
NOTICE_DAYS = (3, 8)  # report → notice served (days)
CORRECTION_RATE = 0.12  # unqualified results first keyed wrongly, then corrected with a reason
LATE_RETEST_RATE = 0.1  # unqualified batches whose party asks for a re-test after the window
LATE_REASONS = (
    "收到通知书时企业负责人因病住院，无法按期提出复检申请，附医院证明",
    "通知书送达地址为原经营场所，企业搬迁后未能及时收到，附租赁合同",
    "受暴雨停运影响样品封存单位无法联系，附气象部门证明",
)


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("sampling")
    with ctx.step("抽检与专项整治：两年的抽检计划、样品、不合格处置、专项检查和证照分离办件"):
        state = _setup(ctx, rng)
        for year in (ctx.year - 1, ctx.year):
            if year not in BATCHES:
                continue
            _sampling_year(ctx, rng, state, year)
            _campaigns_year(ctx, rng, state, year)
            _permits_year(ctx, rng, state, year)


def _limit(ctx: DemoContext) -> dt.date:
    from fazhi.core.clock import legal_today

    return min(ctx.today, legal_today())


def _setup(ctx: DemoContext, rng: random.Random) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from fazhi.core.models import User
    from fazhi.core.roles import Role
    from fazhi.sampling import services

    users = ctx.shared["users"]
    leader = users["leader"]
    departments = ctx.shared["departments"]
    offices = list(ctx.shared["offices"])
    sections = {code: departments[code] for code in ("food-business", "drugs", "quality", "special-equipment")}
    actors: dict[int, Any] = {}
    for department in [*offices, *sections.values()]:
        # Not linked to an officer record: other generators link officers to their own demo accounts.
        user = User(
            username=f"sampling-{department.code}",
            role=Role.SECTION_CHIEF,
            department=department,
            display_name=f"{department.name}抽检负责人",
            password=make_password(None),
        )
        user.save()
        actors[department.pk] = user
    labs = [services.lab_register(name=n, accreditation_number=a, actor=leader) for n, a in LABS]
    stubs = [s for s in ctx.shared["entities"] if s.status == "active" or s.status_changed_on]
    food_entities = [s for s in stubs if s.industry in ("F", "H")] or stubs
    makers = [s for s in stubs if s.industry == "C" and s.kind == "enterprise"] or stubs
    return {
        "leader": leader,
        "legal": users["legal_reviewer"],
        "actors": actors,
        "offices": offices,
        "sections": sections,
        "labs": labs,
        "stubs": stubs,
        "food_entities": food_entities,
        "makers": makers,
        "repairers": [s for s in stubs if s.industry in ("E", "O") and s.kind == "enterprise"] or stubs,
    }


def _alive(stub: Any, on: dt.date) -> bool:
    return stub.established_on <= on and (stub.status == "active" or (stub.status_changed_on or on) > on)


def _pick(rng: random.Random, pool: list[Any], on: dt.date) -> Any:
    for _ in range(50):
        stub = rng.choice(pool)
        if _alive(stub, on):
            return stub
    return next(s for s in pool if _alive(s, on))


def _sampling_year(ctx: DemoContext, rng: random.Random, state: dict[str, Any], year: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from fazhi.core.audit import audit_records
    from fazhi.core.numbering import set_floor
    from fazhi.sampling import importers, services

    leader, labs = state["leader"], state["labs"]
    limit = _limit(ctx)
    sections = state["sections"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows: list[tuple[Any, ...]] = []
    failures: list[tuple[str, str, dt.date, list[dict[str, str]]]] = []  # (number, report number, date, items)
    seq = 0

    def plan(area: str, level: str, title: str, department: Any, batches: int) -> Any:
        return services.plan_create(
            year=year,
            area=area,
            level=level,
            title=title,
            department=department,
            planned_batches=max(1, batches),
            actor=leader,
        )

    def task(p: Any, department: Any, lab: Any, batches: int, category: str = "") -> Any:
        return services.task_create(
            plan=p,
            department=department,
            lab=lab,
            planned_batches=max(1, batches),
            starts_on=D(year, 1, 3),
            ends_on=D(year, 12, 20),
            product_category=category,
            actor=leader,
        )

    def add(t: Any, area: str, name: str, category: str, n: int, pool: list[Any]) -> None:
        nonlocal seq
        for _ in range(n):
            seq += 1
            sampled = D(year, 1, 3) + dt.timedelta(days=rng.randint(0, 340))
            reported = sampled + dt.timedelta(days=rng.randint(8, 20))
            report: dt.date | None = reported if reported <= limit else None
            stub = _pick(rng, pool, sampled)
            maker = _pick(rng, state["makers"], sampled) if rng.random() < 0.4 else None
            number = f"CY{year}-{seq:06d}"
            report_number = f"JC{year}{seq:06d}" if report else ""
            result, closed = ("qualified", report) if report else ("", None)
            if report is not None and rng.random() < UNQUALIFIED_RATE[area]:
                chosen = (
                    rng.sample(FOOD_FAILURES, rng.randint(1, 2))
                    if area == "food"
                    else [("标签标识", "不符合", "GB 5296")]
                )
                items = [{"item": i, "value": v, "standard": s} for i, v, s in chosen]
                failures.append((number, report_number, reported, items))
                # written as sampled; its conclusion goes through result_record below
                result, closed, report_number, report = "", None, "", None
            producer = maker if maker and maker.id != stub.id else None
            rows.append(
                (
                    number,
                    t.pk,
                    area,
                    t.product_category or category,
                    t.department_id,
                    name,
                    "",
                    "",
                    f"{sampled:%Y%m%d}",
                    sampled,
                    stub.id,
                    producer.id if producer else None,
                    f"生产企业{producer.id}" if producer else "",
                    report_number,
                    report,
                    result,
                    "[]",
                    result or "sampled",
                    closed,
                    "",
                    "",
                    "",
                    0,
                    now,
                )
            )

    counts = {area: ctx.scaled(n, minimum=1) for area, n in BATCHES[year].items()}
    categories = PRODUCT_CATEGORIES[: CATEGORIES[year]]
    counts["product"] = max(counts["product"], len(categories))
    # food: the district plan, one task per office (市场监管所 sample in their streets)
    food_plan = plan("food", "district", f"{year}年食品安全监督抽检计划", sections["food-business"], counts["food"])
    offices = state["offices"]
    share = [
        counts["food"] // len(offices) + (1 if i < counts["food"] % len(offices) else 0) for i in range(len(offices))
    ]
    for office, n in zip(offices, share, strict=True):
        if n:
            t = task(food_plan, office, labs[0], n)
            pool = [s for s in state["food_entities"] if s.office_id == office.pk] or state["food_entities"]
            for _ in range(n):
                name, category = rng.choice(FOODS)
                add(t, "food", name, category, 1, pool)
    for area, level, title, names, lab in (
        ("drug", "national", f"{year}年国家和市级药品抽检任务", DRUGS, labs[1]),
        ("cosmetic", "city", f"{year}年化妆品监督抽检", COSMETICS, labs[1]),
        ("device", "city", f"{year}年医疗器械监督抽检", DEVICES, labs[1]),
    ):
        p = plan(area, level, title, sections["drugs"], counts[area])
        t = task(p, sections["drugs"], lab, counts[area])
        pharmacies = [s for s in state["food_entities"] if s.industry == "F"] or state["stubs"]
        for _ in range(counts[area]):
            add(t, area, rng.choice(names), "", 1, pharmacies)
    product_plan = plan("product", "district", f"{year}年产品质量监督抽查", sections["quality"], counts["product"])
    per = [
        counts["product"] // len(categories) + (1 if i < counts["product"] % len(categories) else 0)
        for i in range(len(categories))
    ]
    for category, n in zip(categories, per, strict=True):
        t = task(product_plan, sections["quality"], labs[2 + (len(category) % 2)], n, category)
        for _ in range(n):
            add(t, "product", f"{category}样品", category, 1, state["makers"])
    importers.insert_rows(rows)
    set_floor("sampling.sample", year, seq)
    from fazhi.sampling.models import Sample

    ids = dict(Sample.objects.filter(number__startswith=f"CY{year}-").values_list("number", "pk"))
    audit_records(
        action="sampling.sample_register",
        items=[("sampling.sample", ids[r[0]], {"number": r[0], "result": r[15], "demo": True}) for r in rows],
        actor=leader,
    )
    samples = Sample.objects.in_bulk([ids[f[0]] for f in failures])
    # Every seed's year holds a corrected result and late re-test requests both accepted and refused (the first
    # batches that can have them), more at the rates above.
    state["year_counts"] = {"corrected": 0, "late": 0}
    for number, report_number, report_on, items in failures:
        _unqualified(ctx, rng, state, samples[ids[number]], report_number, report_on, items, limit)


def _unqualified(
    ctx: DemoContext,
    rng: random.Random,
    state: dict[str, Any],
    sample: Any,
    report_number: str,
    report_on: dt.date,
    items: list[dict[str, str]],
    limit: dt.date,
) -> None:
    from fazhi.sampling import services

    actor = state["actors"].get(sample.department_id) or state["leader"]
    if report_on > limit:
        return
    served = report_on + dt.timedelta(days=rng.randint(*NOTICE_DAYS))
    corrected_on = report_on + dt.timedelta(days=1)  # before the notice: a correction after it is refused
    counts = state["year_counts"]
    if (not counts["corrected"] or rng.random() < CORRECTION_RATE) and corrected_on <= limit:
        counts["corrected"] += 1
        # The report number keyed with two digits swapped, corrected from the report itself (检验结论更正).
        keyed = report_number[:-2] + report_number[-1] + report_number[-2]
        if keyed == report_number:
            keyed = report_number[:-1] + ("0" if report_number[-1] != "0" else "1")
        services.result_record(
            sample=sample,
            result="unqualified",
            report_number=keyed,
            report_on=report_on,
            failed_items=items,
            actor=actor,
        )
        with at_moment(_noon(corrected_on)):
            services.result_correct(
                sample=sample,
                result="unqualified",
                report_number=report_number,
                report_on=report_on,
                failed_items=items,
                reason="检验报告编号录入错误（末两位数字颠倒），按检验报告原件更正",
                actor=actor,
            )
    else:
        services.result_record(
            sample=sample,
            result="unqualified",
            report_number=report_number,
            report_on=report_on,
            failed_items=items,
            actor=actor,
        )
    if served > limit:
        return
    services.notice_serve(
        sample=sample, served_on=served, producer_notified_on=served if sample.producer_id else None, actor=actor
    )
    retest = rng.random() < 0.15
    if retest:
        services.retest_request(sample=sample, requested_on=served + dt.timedelta(days=rng.randint(1, 5)), actor=actor)
    measure = "recall" if sample.area in ("drug", "device") or rng.random() < 0.2 else "delist"
    ordered = served
    services.disposal_order(
        sample=sample, measure=measure, ordered_on=ordered, quantity=f"{rng.randint(2, 60)}件", actor=actor
    )
    if retest:
        concluded = sample.retest_requested_on + dt.timedelta(days=rng.randint(10, 25))
        if concluded > limit:
            return
        outcome = "reversed" if rng.random() < 0.2 else "upheld"
        services.retest_conclude(sample=sample, outcome=outcome, concluded_on=concluded, actor=actor)
        if outcome == "reversed":
            return
    disposal = sample.disposals.get()
    done = ordered + dt.timedelta(days=rng.randint(1, 6))
    if done <= limit:
        services.disposal_complete(disposal=disposal, completed_on=done, actor=actor)
    handed = max(served, sample.retest_concluded_on or served) + dt.timedelta(days=1)
    if handed <= limit:
        services.sample_hand_over(sample=sample, on=handed, actor=actor)
    after_late = served
    late = counts["late"] < 2 or rng.random() < LATE_RETEST_RATE
    if not retest and sample.retest_due_on is not None and late:
        accept = {0: True, 1: False}.get(counts["late"], rng.random() < 0.5)  # the first two: one of each
        last_step = _late_retest(rng, state, sample, actor, limit, accept=accept)
        if last_step is None:
            return  # still under review or re-testing at the end of the demo year
        counts["late"] += 1
        after_late = last_step
        sample.refresh_from_db()
        if sample.status == "closed":
            return  # the re-test reversed the conclusion
    day = dt.timedelta(days=1)
    close_on = max(done, handed, (sample.retest_due_on or served) + day, after_late + day)
    if done <= limit and close_on <= limit:
        services.sample_close(sample=sample, on=close_on, actor=actor)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _late_retest(
    rng: random.Random, state: dict[str, Any], sample: Any, actor: Any, limit: dt.date, *, accept: bool
) -> dt.date | None:
    """A re-test requested after the window: refused at the counter, submitted with the party's reason, decided by
    法制审核; an accepted one is registered and concluded. Returns the day of the last step, or None when the
    demo year ends before the review (or the re-test) is over."""
    from fazhi.core.errors import DomainError
    from fazhi.sampling import services

    requested = sample.retest_due_on + dt.timedelta(days=rng.randint(1, 10))
    submitted = requested + dt.timedelta(days=1)
    decided = submitted + dt.timedelta(days=rng.randint(2, 6))
    if decided > limit:
        return None
    try:
        services.retest_request(sample=sample, requested_on=requested, actor=actor)
    except DomainError as refusal:  # the counter refuses it: the window is over
        if refusal.code != "sampling.retest_late":
            raise
    else:  # pragma: no cover (the request is after the window by construction)
        raise AssertionError("a late re-test request was registered without review")
    with at_moment(_noon(submitted)):
        review = services.late_retest_submit(
            sample=sample, requested_on=requested, reason=rng.choice(LATE_REASONS), actor=actor
        )
    accepted = accept
    with at_moment(_noon(decided)):
        services.late_retest_decide(
            review=review,
            decision="accepted" if accepted else "refused",
            opinion=(
                "当事人提交的证明材料表明逾期系不可抗力所致，理由正当，同意受理复检申请"
                if accepted
                else "当事人未提供逾期的正当理由及证明材料，复检申请期限已届满，不予受理"
            ),
            decided_on=decided,
            actor=state["legal"],
        )
    if not accepted:
        return decided
    sample.refresh_from_db()
    concluded = requested + dt.timedelta(days=rng.randint(10, 25))
    if concluded > limit:
        return None
    services.retest_conclude(sample=sample, outcome="upheld", concluded_on=concluded, actor=actor)
    return concluded


def _campaigns_year(ctx: DemoContext, rng: random.Random, state: dict[str, Any], year: int) -> None:
    from fazhi.registry.models import MarketEntity
    from fazhi.sampling import services

    leader, sections = state["leader"], state["sections"]
    limit = _limit(ctx)
    titles = list(FOOD_CAMPAIGN_TITLES)
    rng.shuffle(titles)
    plans: list[tuple[str, str, str, str, Any, int]] = []
    for i in range(FOOD_CAMPAIGNS[year]):
        plans.append(
            (
                titles[i % len(titles)],
                "enforcement",
                "food",
                "food_business",
                sections["food-business"],
                ctx.scaled(60, minimum=2),
            )
        )
    plans.append(
        (
            "食品安全风险隐患排查专项整治",
            "rectification",
            "food",
            "catering",
            sections["food-business"],
            ctx.scaled(80, minimum=2),
        )
    )
    plans.append(
        (
            "电梯维保单位专项检查",
            "enforcement",
            "special_equipment",
            "elevator_maintainer",
            sections["special-equipment"],
            ctx.scaled(ELEVATOR_UNITS[year], minimum=1),
        )
    )
    for n, (title, kind, area, target, department, size) in enumerate(plans):
        starts = D(year, 1 + (n * 11) % 12, 1 + rng.randint(0, 20))
        ends = starts + dt.timedelta(days=rng.randint(20, 45))
        if starts > limit:
            continue
        campaign = services.campaign_create(
            title=f"{year}年{title}",
            kind=kind,
            area=area,
            target_kind=target,
            department=department,
            starts_on=starts,
            ends_on=ends,
            basis=f"东市场监发〔{year}〕{10 + n}号",
            actor=leader,
        )
        pool_stubs = state["repairers"] if target == "elevator_maintainer" else state["food_entities"]
        alive = [s for s in pool_stubs if _alive(s, starts)]
        if n == 0:  # one campaign a year chooses its objects by the draw engine
            candidates = rng.sample(alive, min(len(alive), size * 4))
            pool = list(MarketEntity.objects.filter(pk__in=[s.id for s in candidates], uscc__isnull=False))
            seed = hashlib.sha256(f"{ctx.seed}:{campaign.number}".encode()).hexdigest()
            services.campaign_draw(
                campaign=campaign,
                pool=pool,
                size=min(size, len(pool)),
                seed_hex=seed,
                drawn_at=dt.datetime.combine(starts, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=8))),
                actor=leader,
            )
        else:
            chosen = rng.sample(alive, min(size, len(alive)))
            entities = list(MarketEntity.objects.filter(pk__in=[s.id for s in chosen]))
            services.campaign_select(
                campaign=campaign,
                entities=entities,
                criteria={"检查对象": campaign.get_target_kind_display(), "所在街道": "全区", "数量": len(entities)},
                actor=leader,
            )
        _checks(rng, state, campaign, starts, ends, limit)


def _checks(
    rng: random.Random, state: dict[str, Any], campaign: Any, starts: dt.date, ends: dt.date, limit: dt.date
) -> None:
    from fazhi.sampling import services

    open_rechecks = False
    for check in campaign.checks.select_related("entity", "campaign").order_by("id"):
        actor = state["actors"].get(check.department_id) or state["leader"]
        on = starts + dt.timedelta(days=rng.randint(0, max(0, (ends - starts).days - 10)))
        if on > limit:
            open_rechecks = True
            continue
        roll = rng.random()
        if roll < 0.8:
            services.check_record(check=check, checked_on=on, finding="no_problem", officers="检查组", actor=actor)
            continue
        if roll < 0.96:
            due = on + dt.timedelta(days=rng.choice((7, 10, 15)))
            services.check_record(
                check=check,
                checked_on=on,
                finding="rectify",
                description="索证索票记录不全、从业人员健康证过期",
                rectification_due_on=due,
                officers="检查组",
                actor=actor,
            )
            recheck = due + dt.timedelta(days=1)
            if recheck > limit:
                open_rechecks = True
                continue
            result = "rectified" if rng.random() < 0.9 else "not_rectified"
            services.check_recheck(check=check, rechecked_on=recheck, result=result, actor=actor)
            if result == "not_rectified" and recheck + dt.timedelta(days=1) <= limit:
                services.check_hand_over(check=check, on=recheck + dt.timedelta(days=1), actor=actor)
            continue
        services.check_record(
            check=check,
            checked_on=on,
            finding="clue",
            description="涉嫌经营超过保质期的食品",
            officers="检查组",
            actor=actor,
        )
        if on + dt.timedelta(days=1) <= limit:
            services.check_hand_over(check=check, on=on + dt.timedelta(days=1), actor=actor)
    close_on = max(ends, *(c.rechecked_on or c.checked_on or ends for c in campaign.checks.all()))
    if not open_rechecks and close_on <= limit:
        services.campaign_close(
            campaign=campaign,
            on=close_on,
            summary=f"共检查 {campaign.checks.count()} 户，问题已依法处理。",
            actor=state["leader"],
        )


def _permits_year(ctx: DemoContext, rng: random.Random, state: dict[str, Any], year: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from fazhi.core import bulk
    from fazhi.core.audit import audit_records
    from fazhi.registry.models import PermitMatter

    limit = _limit(ctx)
    registration = ctx.shared["departments"]["registration"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    n = 0
    for mode, count in PERMITS[year].items():
        for _ in range(ctx.scaled(count, minimum=1)):
            n += 1
            on = D(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            if on > limit:
                continue
            stub = _pick(rng, state["stubs"], on)
            identifier = stub.identifier if len(stub.identifier) == 18 else ""
            rows.append(
                (
                    f"ZZFL{year}{n:06d}",
                    rng.choice(MATTERS[mode]),
                    mode,
                    f"市场主体{stub.id}",
                    identifier,
                    stub.id,
                    on,
                    registration.pk,
                    now,
                )
            )
    bulk.insert(
        PermitMatter,
        (
            "number",
            "matter",
            "reform_mode",
            "applicant_name",
            "uscc",
            "entity_id",
            "decided_on",
            "department_id",
            "created_at",
        ),
        rows,
    )
    ids = dict(PermitMatter.objects.filter(number__startswith=f"ZZFL{year}").values_list("number", "pk"))
    audit_records(
        action="permits.import.record",
        items=[("registry.permitmatter", ids[r[0]], {"number": r[0], "reform_mode": r[2], "demo": True}) for r in rows],
        actor=state["leader"],
    )
