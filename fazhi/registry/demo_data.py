"""Registry part of the demo district (ORDER 10): a Dongli-like district of 天津市东丽区.

Departments (sections, one 市场监管所 per street, 23 external member units), ~184 staff officers plus the
member units' officers, ~113k market entities (≈102.8k existing at the end of 2023, the rest ended in
2021–2023) and the annual reports for report year 2022. Counts are constructed so that, with the metric
definitions of ``fazhi/registry/metrics.py``, 2023 lands exactly on the seed figures:
entities_new 14,163 (2022: 12,550, +12.85 %), entities_total 102,833 (end-2022: 96,376, +6.7 %).

Entities are written with raw ``executemany`` (bulk_create is too slow at this size); ids are assigned here
so that the annual reports can reference them without reading back. Handles left in ``ctx.shared``:
see docs/demo.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from fazhi.core import bulk
from fazhi.demo.context import DemoContext
from fazhi.demo.district import ALL_DOMAINS, MEMBER_UNITS, OFFICE_DOMAINS, SECTIONS, STREETS
from fazhi.registry.choices import DepartmentKind, EntityKind, RegistrationStatus
from fazhi.registry.models import AnnualReportFiling, Department, MarketEntity, Officer
from fazhi.rulebook.identifiers import USCC_ALPHABET, make_registration_number, make_uscc

ORDER = 10

# --- the seed's figures (seed-figures.md, registry.* and credit.*) -----------------------------------------
NEW_2023 = 14163
NEW_2022 = 12550  # 14163 / 1.1285
TOTAL_END_2023 = 102833
TOTAL_END_2022 = 96376  # 102833 / 1.067
MISUSED_IDENTITY_REVOCATIONS = 30  # seed credit.fraudulent_registrations_revoked (revoked by the credit demo)
MISUSED_IDENTITY_REVOCATIONS_2022 = 24  # the year before (fazhi.credit.demo_data.PREVIOUS["revocations"])
ENDED_BEFORE_2023 = 2000  # entities ended in 2021–2022 kept for history (not a seed figure)
NEW_JAN_2024 = 580  # registrations between 1 and 15 January 2024 (the demo's today is 2024-01-15)
MISSING_REPORTS_ENTERPRISES = 6650  # credit.abnormal_listed.enterprises_no_annual_report
MISSING_REPORTS_INDIVIDUALS = 3525  # credit.abnormal_marked.individuals_no_annual_report

# --- names -------------------------------------------------------------------------------------------------
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田"
    "任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文宇浩然晨阳子涵欣怡佳琪雪梅海波俊峰立新春燕宏"
)
TRADE_CHARS = "鑫源盛达鸿福泰兴华瑞恒通丰裕宏顺嘉和金海博远德信诚安聚美佳润祥光明辰宇腾龙凯越星卓汇隆昌景天泽新众联创"
ENTERPRISE_WORDS = {
    "A": ("农业科技", "种植", "养殖", "农产品"),
    "C": (
        "机械制造",
        "金属制品",
        "塑料制品",
        "电子科技",
        "包装材料",
        "汽车配件",
        "食品",
        "环保设备",
        "精密模具",
        "新材料",
    ),
    "D": ("能源科技", "燃气", "新能源"),
    "E": ("建筑工程", "装饰工程", "市政工程", "钢结构工程", "安装工程"),
    "F": ("商贸", "贸易", "建材销售", "五金机电", "食品销售", "医药", "化工贸易", "供应链管理"),
    "G": ("物流", "运输", "仓储服务", "货运代理"),
    "H": ("餐饮管理", "酒店管理", "餐饮服务"),
    "I": ("信息技术", "网络科技", "软件开发", "数据科技"),
    "J": ("投资管理", "融资租赁"),
    "K": ("房地产开发", "物业管理", "房地产经纪"),
    "L": ("企业管理咨询", "商务信息咨询", "广告", "人力资源服务", "会展服务", "劳务服务"),
    "M": ("科技发展", "检测技术", "工程设计", "生物科技"),
    "N": ("环境工程", "园林绿化"),
    "O": ("家政服务", "汽车维修", "保洁服务"),
    "P": ("教育科技", "培训学校"),
    "Q": ("医疗管理", "健康管理"),
    "R": ("文化传媒", "体育发展", "文化传播"),
}
ENTERPRISE_INDUSTRY_WEIGHTS = {
    "F": 30, "C": 18, "L": 12, "M": 10, "E": 7, "I": 6, "G": 5, "K": 3, "O": 3, "H": 2, "R": 2, "A": 1, "N": 1,
    "D": 0.3, "P": 0.3, "Q": 0.3, "J": 0.1,
}  # fmt: skip
INDIVIDUAL_SHOPS = {
    "F": (("便利", "店"), ("超市", "店"), ("烟酒", "商行"), ("五金", "商行"), ("日用百货", "商行"), ("水果", "店"),
          ("蔬菜", "店"), ("粮油", "商行"), ("服装", "店"), ("手机", "店"), ("建材", "商行"), ("母婴用品", "店")),
    "H": (("家常菜", "馆"), ("面馆", ""), ("包子", "铺"), ("烧烤", "店"), ("快餐", "店"), ("饺子", "馆"), ("麻辣烫", "店")),
    "O": (("美发", "店"), ("洗衣", "店"), ("汽车修理", "部"), ("家电维修", "部"), ("足疗", "店"), ("开锁", "部")),
    "G": (("货运", "部"), ("搬家", "服务部")),
    "R": (("棋牌", "室"), ("台球", "厅")),
    "C": (("豆制品加工", "坊"), ("面食加工", "坊"), ("门窗加工", "部")),
    "A": (("蔬菜种植", "园"), ("水产养殖", "场")),
    "M": (("图文设计", "部"),),
}  # fmt: skip
INDIVIDUAL_INDUSTRY_WEIGHTS = {"F": 45, "H": 22, "O": 18, "G": 5, "R": 3, "C": 3, "A": 2, "M": 2}
SCOPES = {
    "A": "蔬菜、水果种植；农产品的生产、销售、加工、运输、贮藏及其他相关服务",
    "C": "通用设备制造；金属制品销售；技术服务、技术开发、技术咨询",
    "E": "建设工程施工；住宅室内装饰装修；建筑材料销售",
    "F": "日用百货销售；食品销售（仅销售预包装食品）；五金产品零售",
    "G": "道路货物运输（不含危险货物）；普通货物仓储服务",
    "H": "餐饮服务；食品销售",
    "I": "软件开发；信息系统集成服务；技术服务、技术开发、技术咨询",
    "K": "房地产经纪；物业管理",
    "L": "企业管理咨询；广告设计、代理；会议及展览服务",
    "M": "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "O": "家政服务；机动车修理和维护；洗染服务",
    "R": "组织文化艺术交流活动；体育用品及器材零售",
}
ROADS = {
    "张贵庄街": ("津塘公路", "先锋路", "成林道", "跃进路", "登州路", "张贵庄路"),
    "丰年村街": ("丰年村路", "卫国道", "赤峰道", "晨阳道"),
    "万新街": ("万新路", "程林路", "驯海路", "新兴路", "月牙河路"),
    "无瑕街": ("无瑕路", "津塘五路", "二号桥路"),
    "新立街": ("新立路", "东丽大道", "津汉公路", "外环东路"),
    "华明街": ("华明大道", "弘顺道", "弘贯路", "思源道"),
    "金钟街": ("金钟公路", "金钟河大街", "欢坨路"),
    "军粮城街": ("军粮城大道", "津塘二线", "新市镇路"),
    "金桥街": ("金桥路", "南大桥路", "杨台路"),
    "东丽湖街": ("东丽湖路", "景荟路", "智景东道", "华润道"),
    "华新街": ("华新路", "津滨大道", "曙光路"),
}
COOPERATIVE_WORDS = ("蔬菜种植", "水稻种植", "葡萄种植", "水产养殖", "生猪养殖", "农机服务", "花卉种植")

ACTIVE = RegistrationStatus.ACTIVE.value
ENDED_STATUSES = (
    (RegistrationStatus.CANCELLED.value, 78.0),
    (RegistrationStatus.REVOKED.value, 19.0),
    (RegistrationStatus.MOVED_OUT.value, 2.6),
    (RegistrationStatus.WITHDRAWN.value, 0.4),
)


@dataclass(frozen=True, slots=True)
class EntityStub:
    """What later generators usually need about an entity, without reading 100k rows back."""

    id: int
    kind: str
    status: str
    status_changed_on: dt.date | None
    established_on: dt.date
    office_id: int
    street: str
    industry: str
    risk_class: str
    identifier: str


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """Entered by the orchestrator around the whole generation (inside its transaction).

    On SQLite the FTS5 name index is kept by per-row triggers, which make the 113k-row wipe and insert ~3×
    slower; drop the triggers, then recreate them and rebuild the index once at the end (DDL is
    transactional on SQLite, so a crash restores them). The statements are the search migration's own.
    """
    if connection.vendor != "sqlite" or "registry_entity_fts" not in connection.introspection.table_names():
        yield
        return
    search = importlib.import_module("fazhi.registry.migrations.0002_entity_name_search")
    with connection.cursor() as cursor:
        for sql in search.FTS_DROP:
            if sql.startswith("DROP TRIGGER"):
                cursor.execute(sql)
    yield
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO registry_entity_fts(registry_entity_fts) VALUES ('delete-all')")
        for sql in search.FTS_CREATE:  # CREATE … IF NOT EXISTS for the table and triggers, then 'rebuild'
            cursor.execute(sql)


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("registry")
    with ctx.step("部门：内设科室、市场监管所、联合检查成员单位"):
        departments = _departments()
    with ctx.step("执法人员"):
        officers = _officers(rng, departments)
    with ctx.step("市场主体：生成"):
        rows, stubs = _entity_rows(ctx, rng, departments)
    with ctx.step(f"市场主体：写入 {len(rows)} 户"):
        _insert_entities(rows)
    with ctx.step("2022 年度年报"):
        missing = _annual_reports(ctx, rng, stubs)
    offices = [departments[code] for _, code, *_ in STREETS]
    by_department: dict[str, list[Officer]] = {}
    for officer in officers:
        by_department.setdefault(officer.department.code, []).append(officer)
    ctx.shared.update(
        departments=departments,
        sections=[departments[code] for code, *_ in SECTIONS],
        offices=offices,
        offices_by_street={street: departments[code] for street, code, *_ in STREETS},
        member_units=[departments[code] for code, *_ in MEMBER_UNITS],
        officers=officers,
        officers_by_department=by_department,
        entities=stubs,
        entity_id_range=(stubs[0].id, stubs[-1].id),
        annual_report_missing_2022=missing,
    )


def _departments() -> dict[str, Department]:
    rows = [Department(code=code, name=name, kind=DepartmentKind.SECTION) for code, name, *_ in SECTIONS]
    rows += [Department(code=code, name=name, kind=DepartmentKind.OFFICE) for _, code, name, *_ in STREETS]
    rows += [Department(code=code, name=name, kind=DepartmentKind.EXTERNAL) for code, name, _ in MEMBER_UNITS]
    Department.objects.bulk_create(rows)
    return {d.code: d for d in Department.objects.all()}


def person_name(rng: random.Random) -> str:
    """A fake Chinese name (surname + one or two given characters)."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _officers(rng: random.Random, departments: dict[str, Department]) -> list[Officer]:
    # Certificate numbers in the demo: 120110 + 2-digit unit number + 4-digit sequence (a demo format, not the
    # official numbering of 天津市行政执法证).
    plan: list[tuple[Department, list[str] | None, int]] = []
    plan += [(departments[code], domains, staff) for code, _, staff, domains in SECTIONS]
    plan += [(departments[code], None, staff) for _, code, _, staff, _ in STREETS]
    plan += [(departments[code], [field], rng.randint(3, 5)) for code, _, field in MEMBER_UNITS]
    rows: list[Officer] = []
    for unit_number, (department, domains, staff) in enumerate(plan, start=1):
        for seq in range(1, staff + 1):
            if domains is None:
                if department.kind == DepartmentKind.OFFICE:
                    picked = ["食品", *rng.sample(OFFICE_DOMAINS[1:], rng.randint(2, 4))]
                else:
                    picked = rng.sample(ALL_DOMAINS, rng.randint(2, 4))
            else:
                picked = list(domains)
            expires = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
            rows.append(
                Officer(
                    name=person_name(rng),
                    certificate_number=f"120110{unit_number:02d}{seq:04d}",
                    certificate_expires_on=expires,
                    department=department,
                    domains=picked,
                    active=True,
                )
            )
    # A little realism: two officers left, three certificates lapsed (never the first ones of a unit,
    # which the demo accounts use).
    for officer in rng.sample([o for o in rows if not o.certificate_number.endswith(("0001", "0002"))], 5)[:2]:
        officer.active = False
    for officer in rng.sample([o for o in rows if o.active and not o.certificate_number.endswith(("0001", "0002"))], 3):
        officer.certificate_expires_on = dt.date(2023, rng.randint(6, 12), rng.randint(1, 28))
    Officer.objects.bulk_create(rows)
    return list(Officer.objects.select_related("department").order_by("id"))


def _weighted(rng: random.Random, weights: Mapping[str, float], n: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


def _working_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    if day.weekday() >= 5:  # registrations are granted on working days
        shifted = day - dt.timedelta(days=day.weekday() - 4)
        day = shifted if shifted >= start else day + dt.timedelta(days=7 - day.weekday())
    return min(day, end)


def _plan_counts(ctx: DemoContext) -> dict[str, int]:
    """Counts per cohort so that the metric definitions give exactly the (scaled) seed figures."""
    new_2023, new_2022 = ctx.scaled(NEW_2023, minimum=1), ctx.scaled(NEW_2022, minimum=1)
    total_2023, total_2022 = ctx.scaled(TOTAL_END_2023), ctx.scaled(TOTAL_END_2022)
    ended_before = ctx.scaled(ENDED_BEFORE_2023)
    # total_2022 = before_2022 + new_2022 - ended_before; total_2023 = total_2022 + new_2023 - ended_2023
    before_2022 = total_2022 - new_2022 + ended_before
    ended_2023 = total_2022 + new_2023 - total_2023
    return {
        "before_2022": before_2022,
        "new_2022": new_2022,
        "new_2023": new_2023,
        "new_jan_2024": ctx.scaled(NEW_JAN_2024),
        "ended_before_2023": ended_before,
        "ended_2023": ended_2023,
    }


def _entity_rows(
    ctx: DemoContext, rng: random.Random, departments: dict[str, Department]
) -> tuple[list[tuple], list[EntityStub]]:
    counts = _plan_counts(ctx)
    # 1. establishment dates per cohort
    years = list(range(1992, 2022))
    established: list[dt.date] = []
    for year in rng.choices(years, weights=[0.88 ** (2021 - y) for y in years], k=counts["before_2022"]):
        established.append(_working_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    established += [_working_day(rng, dt.date(2022, 1, 1), dt.date(2022, 12, 31)) for _ in range(counts["new_2022"])]
    established += [_working_day(rng, dt.date(2023, 1, 1), dt.date(2023, 12, 31)) for _ in range(counts["new_2023"])]
    established += [_working_day(rng, dt.date(2024, 1, 2), ctx.today) for _ in range(counts["new_jan_2024"])]
    established.sort()
    n = len(established)

    # 2. which ones ended, when, and how
    status = [ACTIVE] * n
    changed: list[dt.date | None] = [None] * n
    ended_kinds = [s for s, _ in ENDED_STATUSES]
    ended_weights = [w for _, w in ENDED_STATUSES]
    pool_2022 = [i for i in range(n) if established[i] <= dt.date(2022, 10, 31)]
    for i in rng.sample(pool_2022, counts["ended_before_2023"]):
        start = max(established[i] + dt.timedelta(days=30), dt.date(2021, 1, 1))
        changed[i] = _working_day(rng, start, dt.date(2022, 12, 31))
        status[i] = rng.choices(ended_kinds, ended_weights)[0]
    pool_2023 = [i for i in range(n) if established[i] <= dt.date(2023, 10, 31) and status[i] == ACTIVE]
    ended_2023 = rng.sample(pool_2023, counts["ended_2023"])
    for i in ended_2023:
        start = max(established[i] + dt.timedelta(days=30), dt.date(2023, 1, 1))
        changed[i] = _working_day(rng, start, dt.date(2023, 12, 31))
        status[i] = rng.choices(ended_kinds, ended_weights)[0]
    # The credit demo revokes the year's misused-identity registrations among these 撤销 entities:
    # make sure a small district has enough of them (the year-end totals do not change).
    # The same for the year before (the annual report's comparison): among the entities ended in 2022.
    ended_2022 = [i for i in range(n) if (day := changed[i]) is not None and day.year == 2022]
    for cohort, wanted in ((ended_2023, MISUSED_IDENTITY_REVOCATIONS), (ended_2022, MISUSED_IDENTITY_REVOCATIONS_2022)):
        withdrawn_needed = ctx.scaled(wanted, minimum=1)
        withdrawn_have = sum(1 for i in cohort if status[i] == RegistrationStatus.WITHDRAWN.value)
        for i in cohort:
            if withdrawn_have >= withdrawn_needed:
                break
            if status[i] != RegistrationStatus.WITHDRAWN.value:
                status[i] = RegistrationStatus.WITHDRAWN.value
                withdrawn_have += 1

    # 3. the rest of each entity
    kinds = rng.choices(
        [
            EntityKind.INDIVIDUAL.value,
            EntityKind.ENTERPRISE.value,
            EntityKind.BRANCH.value,
            EntityKind.COOPERATIVE.value,
        ],
        weights=[65, 33, 1.4, 0.6],
        k=n,
    )
    street_names = [s[0] for s in STREETS]
    streets = rng.choices(street_names, weights=[s[4] for s in STREETS], k=n)
    office_ids = {street: departments[code].pk for street, code, *_ in STREETS}
    risks = rng.choices("ABCD", weights=[55, 35, 8, 2], k=n)
    authority = settings.FAZHI_BUREAU_NAME
    region = settings.FAZHI_REGION_CODE
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    adapt_date = connection.ops.adapt_datefield_value
    start_id = (MarketEntity.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    used_names: set[str] = set()
    used_codes: set[str] = set()
    rows: list[tuple] = []
    stubs: list[EntityStub] = []
    org_alphabet = USCC_ALPHABET
    for i in range(n):
        kind, street, est = kinds[i], streets[i], established[i]
        if kind == EntityKind.COOPERATIVE and est.year < 2007:  # 农民专业合作社法 took effect on 2007-07-01
            kind = EntityKind.ENTERPRISE.value
        if kind == EntityKind.INDIVIDUAL:
            industry = _weighted(rng, INDIVIDUAL_INDUSTRY_WEIGHTS, 1)[0]
        elif kind == EntityKind.COOPERATIVE:
            industry = "A"
        else:
            industry = _weighted(rng, ENTERPRISE_INDUSTRY_WEIGHTS, 1)[0]
        name = _entity_name(rng, kind, industry, street, used_names)
        uscc: str | None = None
        registration_number: str | None = None
        while True:
            if kind == EntityKind.INDIVIDUAL and est.year < 2016 and rng.random() < 0.15:
                # an old individual business that was never re-issued a USCC: only the 15-digit 注册号
                code = make_registration_number(region + "6" + f"{rng.randrange(10**7):07d}")
            else:
                prefix = {"individual": "92", "cooperative": "93"}.get(kind, "91")
                if est.year >= 2016 or kind == EntityKind.INDIVIDUAL:
                    body = "MA" + "".join(rng.choices(org_alphabet[:10] + org_alphabet[10:], k=6))
                else:
                    body = f"{rng.randrange(10**8):08d}"
                code = make_uscc(region, prefix, body)
            if code not in used_codes:
                used_codes.add(code)
                break
        if len(code) == 15:
            registration_number = code
        else:
            uscc = code
        road = rng.choice(ROADS[street])
        domicile = f"天津市东丽区{street}{road}{rng.randint(1, 2999)}号"
        if kind != EntityKind.INDIVIDUAL and rng.random() < 0.5:
            domicile += f"{rng.randint(1, 30)}-{rng.randint(1, 28)}{rng.randint(1, 9):02d}"
        scope = SCOPES.get(industry, "一般项目：技术服务、技术开发、技术咨询")
        scope += "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
        entity_id = start_id + i
        rows.append(
            (
                entity_id, uscc, registration_number, name, kind, status[i],
                adapt_date(changed[i]) if changed[i] else None, adapt_date(est), authority, domicile, street,
                person_name(rng), industry, scope, office_ids[street], risks[i], now,
            )
        )  # fmt: skip
        stubs.append(
            EntityStub(
                entity_id, kind, status[i], changed[i], est, office_ids[street], street, industry, risks[i], code
            )
        )
    return rows, stubs


def _insert_entities(rows: list[tuple]) -> None:
    table = MarketEntity._meta.db_table
    columns = (
        "id, uscc, registration_number, name, kind, status, status_changed_on, established_on, registration_authority, "
        "domicile, street, legal_representative, industry, business_scope, office_id, risk_class, updated_at"
    )
    bulk.insert(table, columns, rows)
    bulk.reset_sequence(MarketEntity)


def _entity_name(rng: random.Random, kind: str, industry: str, street: str, used: set[str]) -> str:
    for attempt in range(50):
        trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
        if attempt > 10:
            trade += rng.choice(TRADE_CHARS)
        if kind == EntityKind.INDIVIDUAL:
            shop, suffix = rng.choice(INDIVIDUAL_SHOPS[industry])
            name = f"东丽区{trade}{shop}{suffix}"
        elif kind == EntityKind.COOPERATIVE:
            name = f"天津市东丽区{trade}{rng.choice(COOPERATIVE_WORDS)}专业合作社"
        elif kind == EntityKind.BRANCH:
            word = rng.choice(ENTERPRISE_WORDS.get(industry, ("商贸",)))
            name = f"天津{trade}{word}有限公司{street.removesuffix('街')}分公司"
        else:
            word = rng.choice(ENTERPRISE_WORDS.get(industry, ("商贸",)))
            name = f"天津{trade}{word}有限公司"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("演示数据：无法生成不重复的名称")  # pragma: no cover


def _annual_reports(ctx: DemoContext, rng: random.Random, stubs: list[EntityStub]) -> list[int]:
    """Annual reports for report year 2022 (filed 1 Jan–30 Jun 2023). Returns the ids that did not file."""
    year_end = dt.date(2022, 12, 31)
    deadline = dt.date(2023, 6, 30)
    obliged = [
        s
        for s in stubs
        if s.established_on <= year_end and not (s.status_changed_on and s.status_changed_on <= year_end)
    ]
    # The non-filers are entities still existing today, so the credit sweep (6,650 / 3,525) lands on the seed.
    active_enterprises = [s.id for s in obliged if s.kind == EntityKind.ENTERPRISE and s.status == ACTIVE]
    active_individuals = [s.id for s in obliged if s.kind == EntityKind.INDIVIDUAL and s.status == ACTIVE]
    missing = set(rng.sample(active_enterprises, min(len(active_enterprises), ctx.scaled(MISSING_REPORTS_ENTERPRISES))))
    missing |= set(
        rng.sample(active_individuals, min(len(active_individuals), ctx.scaled(MISSING_REPORTS_INDIVIDUALS)))
    )
    adapt_date = connection.ops.adapt_datefield_value
    start = dt.date(2023, 1, 1)
    rows = []
    for stub in obliged:
        if stub.id in missing:
            continue
        last = deadline
        if stub.status_changed_on is not None:  # ended during 2023: half of them filed before they closed
            last = min(deadline, stub.status_changed_on - dt.timedelta(days=1))
            if last < start or rng.random() < 0.5:
                continue
        # most reports come in May–June, just before the deadline
        filed = start + dt.timedelta(days=int((last - start).days * rng.betavariate(2.5, 1.2)))
        channel = "paper" if rng.random() < 0.02 else "online"
        rows.append((stub.id, 2022, adapt_date(filed), channel))
    bulk.insert(AnnualReportFiling._meta.db_table, "entity_id, year, filed_on, channel", rows)
    return sorted(missing)
