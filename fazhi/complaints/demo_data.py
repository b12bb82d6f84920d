"""Complaints part of the demo district (ORDER 50): two years of 投诉举报, the report year landing on the seed's
figures.

2023 (``ctx.year``): 12,078 complaints and tips received (3,226 from the grid platform), every one handled on time
by the rules, ≈1,449,000 yuan recovered by successful mediations; 2022: a plausibly smaller year. Plus redirected
matters (not counted). Every tip is handed over to the cases module as a clue (the one verification clock of
处罚程序规定 Art. 18, from the day of receipt) through ``fazhi.cases.services.tip_intake`` — decided 不予立案 for the
past ones (the tips that led to cases are the cases demo's own clues), still being verified for the last days.
Submissions of the last weeks are still open on the demo's "today" (2024-01-15), so the queues have work in them.
Dates come from the same engine as the services (``clocks``); rows are inserted set-based. Works for any seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from fazhi.complaints import clocks
from fazhi.complaints.services import consumer_key
from fazhi.core import crypto
from fazhi.demo.context import DemoContext

ORDER = 50

RECEIVED, GRID, RECOVERED, REDIRECTED = 12078, 3226, Decimal("1449000"), 420
PREVIOUS_YEAR_FACTOR = 0.93  # 2022: fewer submissions; recovered amounts scale with it (plus noise)

CATEGORY_WEIGHTS = {
    "food": 22,
    "product_quality": 16,
    "services": 15,
    "prepaid": 12,
    "prices": 10,
    "online": 9,
    "contracts": 6,
    "advertising": 4,
    "measurement": 2,
    "licensing": 2,
    "other": 2,
}
CHANNEL_WEIGHTS = {"12315": 70, "hotline": 22, "letter": 2, "visit": 4, "transfer": 2}  # grid added apart

DESCRIPTIONS = {
    "food": ["在该店购买的{g}已过保质期，要求退款并赔偿", "就餐后出现腹泻，怀疑{g}变质", "外卖{g}中吃出异物"],
    "product_quality": [
        "购买的{p}使用不到一个月即损坏，商家拒绝维修",
        "{p}存在质量问题，要求退货",
        "新买的{p}与宣传不符",
    ],
    "services": ["理发店服务态度差且多收费", "洗衣店将衣物洗坏，拒绝赔偿", "装修公司拖延工期"],
    "prepaid": ["健身房办卡后闭店，要求退还余额{a}元", "美容院预付卡余额无法使用", "教育培训机构停课不退费"],
    "prices": ["商品实际结算价格高于标价", "停车场收费未明码标价", "超市促销价与结算价不一致"],
    "online": ["网购{p}迟迟不发货", "直播间购买的{p}与描述不符", "七天无理由退货被拒"],
    "contracts": ["合同中约定“定金概不退还”的格式条款", "会员合同自动续费未提示", "租车合同押金不退"],
    "advertising": ["店内宣传“最低价”“第一品牌”", "保健食品宣传治疗功效", "虚假宣传产品产地"],
    "measurement": ["菜市场电子秤缺斤短两", "加油站加油量不足"],
    "licensing": ["该店无营业执照经营", "无食品经营许可证从事餐饮"],
    "other": ["其他消费纠纷"],
}
DECLINE_REASONS = [
    "经现场核查，未发现举报所称违法行为",
    "经核查，当事人已及时改正，违法行为轻微且没有造成危害后果，依法不予立案",
    "经核查，举报线索不具体，无法查证",
]
GOODS = ["牛奶", "面包", "熟食", "水果", "火锅底料", "月饼", "饮料", "冷冻水饺"]
PRODUCTS = ["电动车", "手机", "空调", "洗衣机", "羽绒服", "运动鞋", "电饭煲", "儿童玩具"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"

COLUMNS = (
    "id",
    "number",
    "kind",
    "channel",
    "status",
    "received_on",
    "department_id",
    "assignee_id",
    "officer_id",
    "consumer_name",
    "consumer_phone",
    "consumer_id_number",
    "consumer_key",
    "real_name",
    "respondent_id",
    "respondent_name",
    "respondent_uscc",
    "respondent_kind",
    "respondent_address",
    "category",
    "amount_in_dispute",
    "description",
    "decision_due_on",
    "decided_on",
    "refusal_ground",
    "mediation_method",
    "mediation_due_on",
    "testing_periods",
    "outcome",
    "termination_ground",
    "recovered_amount",
    "result_note",
    "closing_due_on",
    "closed_on",
    "notice_due_on",
    "notified_on",
    "due_on",
    "rulebook_version",
    "clue_id",
    "handover_reference",
    "handed_over_on",
    "linked_id",
    "redirect_reason",
    "merge_reason",
    "revision",
    "created_at",
)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("complaints")
    cal = clocks.current_calendar()
    respondents = _respondents(ctx, rng)
    rows: list[dict[str, Any]] = []
    start_id = (_max_id() or 0) + 1
    for year, factor in ((ctx.year - 1, PREVIOUS_YEAR_FACTOR), (ctx.year, 1.0)):
        with ctx.step(f"投诉举报：生成 {year} 年的来件"):
            year_rows, recovered_rows = _rows(ctx, rng, cal, respondents, year=year, factor=factor, start_id=start_id)
            target = RECOVERED * Decimal(str(factor)) * Decimal(str(rng.uniform(0.9, 1.0) if factor < 1 else 1))
            _spread_recovered(rng, year_rows, recovered_rows, ctx, year=year, target=target)
            rows.extend(year_rows)
            start_id += len(year_rows)
    tips = [r for r in rows if r["kind"] == "tip" and r["handed_over_on"]]
    with ctx.step(f"投诉举报：{len(tips)} 件举报移交案件线索核查"):
        _hand_over(ctx, rng, cal, tips)
    with ctx.step(f"投诉举报：写入 {len(rows)} 件"):
        _insert(rows)


def _respondents(ctx: DemoContext, rng: random.Random) -> list[tuple[int, str, str, int, str, str]]:
    from fazhi.registry.models import MarketEntity

    stubs = [s for s in ctx.shared.get("entities", []) if s.status == "active" and s.industry in ("F", "H", "O", "R")]
    if not stubs:
        stubs = list(ctx.shared.get("entities", []))
    chosen = rng.sample(stubs, min(len(stubs), max(50, ctx.scaled(3000))))
    facts = {
        pk: (name, kind, domicile)
        for pk, name, kind, domicile in MarketEntity.objects.filter(id__in=[s.id for s in chosen]).values_list(
            "id", "name", "kind", "domicile"
        )
    }
    out = []
    for s in chosen:
        name, kind, domicile = facts.get(s.id, ("", "enterprise", ""))
        out.append(
            (
                s.id,
                name,
                s.identifier if len(s.identifier) == 18 else "",
                s.office_id,
                "natural_person" if kind == "individual" else "organisation",
                domicile or "",
            )
        )
    return out


def _rows(
    ctx: DemoContext,
    rng: random.Random,
    cal: Any,
    respondents: list[tuple[int, str, str, int, str, str]],
    *,
    year: int,
    factor: float,
    start_id: int,
) -> tuple[list[dict[str, Any]], list[int]]:
    today = ctx.today
    offices = ctx.shared["offices"]
    by_department = ctx.shared["officers_by_department"]
    office_code = {d.pk: d.code for d in offices}
    users = ctx.shared.get("users", {})
    user_of_officer = {u.officer_id: u.pk for u in users.values() if getattr(u, "officer_id", None)}
    frequent = respondents[: max(5, len(respondents) // 60)]
    n_received = ctx.scaled(round(RECEIVED * factor), minimum=40)
    n_grid = ctx.scaled(round(GRID * factor), minimum=10)
    n_redirected = ctx.scaled(round(REDIRECTED * factor), minimum=3)
    days = [
        dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
    ]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows: list[dict[str, Any]] = []
    recovered_rows: list[int] = []
    n_pairs = n_received // 60  # "both" submissions: a complaint and a tip, linked
    total = n_received + n_redirected
    kinds = ["complaint"] * int(n_received * 0.72) + ["tip"] * (n_received - int(n_received * 0.72))
    rng.shuffle(kinds)
    channels = ["grid"] * n_grid + [_pick(rng, CHANNEL_WEIGHTS) for _ in range(n_received - n_grid)]
    rng.shuffle(channels)
    for i in range(total):
        rid = start_id + i
        received = rng.choice(days)
        is_redirect = i >= n_received
        kind = "not_covered" if is_redirect else kinds[i]
        category = _pick(rng, CATEGORY_WEIGHTS)
        if rng.random() < 0.9:
            ent = rng.choice(frequent) if rng.random() < 0.2 else rng.choice(respondents)
            respondent_id, respondent_name, uscc, department_id, respondent_kind, address = ent
        else:
            respondent_id, uscc, address = None, "", ""
            respondent_name, respondent_kind = rng.choice(
                [("某网店", "organisation"), ("流动摊贩", "natural_person"), ("某直播间商家", "organisation")]
            )
            department_id = rng.choice(offices).pk
        if department_id not in office_code:
            department_id = rng.choice(offices).pk
        officers = [o for o in by_department.get(office_code[department_id], []) if o.active] or [None]
        officer = rng.choice(officers)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        anonymous = kind == "tip" and rng.random() < 0.35
        phone = "" if anonymous else f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        text = rng.choice(DESCRIPTIONS[category]).format(
            g=rng.choice(GOODS), p=rng.choice(PRODUCTS), a=rng.randrange(500, 5000)
        )
        row: dict[str, Any] = dict.fromkeys(COLUMNS)
        row.update(
            id=rid,
            number=f"DL{received:%Y%m%d}{rid:06d}",
            kind=kind,
            channel="hotline" if is_redirect else channels[i],
            status="received",
            received_on=received,
            department_id=department_id,
            officer_id=officer.pk if officer else None,
            assignee_id=user_of_officer.get(officer.pk) if officer else None,
            consumer_name="" if anonymous else name,
            consumer_phone=crypto.encrypt(phone),  # raw bulk insert: the field would encrypt through the ORM
            consumer_id_number="",
            consumer_key=consumer_key(phone=phone),
            real_name=not anonymous,
            respondent_id=respondent_id,
            respondent_name=respondent_name,
            respondent_uscc=uscc,
            respondent_kind=respondent_kind,
            respondent_address=address,
            category=category,
            amount_in_dispute=Decimal(rng.randrange(20, 8000)) if kind == "complaint" else None,
            description=text,
            refusal_ground="",
            mediation_method="",
            testing_periods="[]",
            outcome="",
            termination_ground="",
            recovered_amount=Decimal("0"),
            result_note="",
            handover_reference="",
            redirect_reason="",
            merge_reason="",
            revision=0,
            created_at=now,
            rulebook_version="",
        )
        if kind == "not_covered":
            row.update(
                status="redirected",
                closed_on=received,
                redirect_reason=rng.choice(["consultation", "petition", "disclosure_request"]),
            )
        elif kind == "complaint":
            _complaint(rng, cal, row, today, recovered_rows, len(rows))
        else:
            _tip(rng, cal, row, today)
        rows.append(row)
    # Link the first n_pairs complaint/tip couples (the same consumer's split submission).
    complaints = [r for r in rows[:n_received] if r["kind"] == "complaint"][:n_pairs]
    tips = [r for r in rows[:n_received] if r["kind"] == "tip" and r["real_name"]][:n_pairs]
    for c, t in zip(complaints, tips, strict=False):
        c["linked_id"], t["linked_id"] = t["id"], c["id"]
    return rows, recovered_rows


def _complaint(rng, cal, row, today, recovered_rows, index) -> None:
    received = row["received_on"]
    acc = clocks.compute(clocks.ACCEPTANCE, received, received_on=received, calendar=cal)
    row.update(decision_due_on=acc.due, due_on=acc.due, rulebook_version=acc.rulebook_version)
    decided = cal.add_working_days(received, rng.randrange(0, 5)) if rng.random() < 0.95 else received
    if decided > today:
        return  # still waiting for the acceptance decision on the demo's today
    if rng.random() < 0.08:
        row.update(
            status="refused",
            decided_on=decided,
            closed_on=decided,
            closing_due_on=acc.due,
            due_on=None,
            refusal_ground=rng.choice(["outside_duties", "not_consumption", "missing_materials", "handled_elsewhere"]),
        )
        return
    med = clocks.compute(clocks.MEDIATION, decided, received_on=received, calendar=cal)
    row.update(
        status="mediating",
        decided_on=decided,
        mediation_due_on=med.due,
        closing_due_on=med.due,
        due_on=med.due,
        mediation_method=rng.choice(["remote"] * 6 + ["on_site"] * 3 + ["delegated"]),
    )
    closed = min(decided + dt.timedelta(days=rng.randrange(1, 35)), med.due)
    if closed > today:
        return
    if rng.random() < 0.7:
        row.update(
            status="closed", outcome="succeeded", closed_on=closed, due_on=None, result_note="经调解双方达成协议"
        )
        recovered_rows.append(index)
        return
    # Art. 21: every mediation that does not succeed ends in a termination, notified within 7 working days.
    notice = clocks.compute(clocks.TERMINATION_NOTICE, closed, received_on=received, calendar=cal)
    notified = cal.add_working_days(closed, rng.randrange(1, 4))
    row.update(
        status="closed",
        outcome="terminated",
        closed_on=closed,
        due_on=None,
        termination_ground=rng.choice(["absent_or_refused", "no_agreement_possible", "withdrawn_or_settled"]),
        notice_due_on=notice.due,
    )
    if notified <= today:
        row.update(notified_on=notified)
    else:
        row.update(due_on=notice.due)


def _tip(rng, cal, row, today) -> None:
    """A tip is handed over within days of receipt; its clue is decided within the one verification period."""
    received = row["received_on"]
    ver = clocks.compute(clocks.TIP_VERIFICATION, received, received_on=received, calendar=cal)
    row.update(decision_due_on=ver.due, due_on=ver.due, rulebook_version=ver.rulebook_version)
    handed = cal.add_working_days(received, rng.randrange(0, 3)) if rng.random() < 0.9 else received
    if handed > today:
        return  # still 待处理 on the demo's today: the handler hands it over next
    row.update(status="handed_over", handed_over_on=handed, due_on=None)
    decided = min(cal.add_working_days(handed, rng.randrange(2, 11)), ver.due)
    row["_decided_on"] = decided if decided <= today else None
    if row["_decided_on"] and row["real_name"]:
        notified = cal.add_working_days(decided, rng.randrange(1, 5))
        row["_notified_on"] = notified if notified <= today else None


def _hand_over(ctx: DemoContext, rng: random.Random, cal: Any, tips: list[dict[str, Any]]) -> None:
    """The clues of the handed-over tips, through the cases module's bulk tip intake."""
    from fazhi.cases.services.tip_intake import TipClue, clues_from_tips
    from fazhi.complaints.choices import Category

    categories = dict(Category.choices)
    items = []
    for r in tips:
        decided = r.pop("_decided_on", None)
        notified = r.pop("_notified_on", None)
        items.append(
            TipClue(
                tip_number=r["number"],
                received_on=r["received_on"],
                department_id=r["department_id"],
                entity_id=r["respondent_id"],
                description=f"举报 {r['number']}（{r['received_on']:%Y-%m-%d} 收到）\n问题类别："
                f"{categories[r['category']]}\n举报内容：{r['description']}",
                party_kind=r["respondent_kind"],
                party_name=r["respondent_name"],
                party_identifier=r["respondent_uscc"],
                party_address=r["respondent_address"],
                reporter_name=r["consumer_name"] if r["real_name"] else "",
                reporter_contact=r["consumer_phone"] if r["real_name"] else "",
                decided_on=decided,
                decision_reason=rng.choice(DECLINE_REASONS) if decided else "",
                reporter_notified_on=notified,
                reporter_notice="已告知举报人经核查不予立案" if notified else "",
            )
        )
    clues = clues_from_tips(items, calendar=_deadline_calendar(), actor=None)
    for r in tips:
        clue = clues[r["number"]]
        r["clue_id"], r["handover_reference"] = clue.pk, clue.number


def _deadline_calendar() -> Any:
    from fazhi.deadlines.selectors import current_calendar

    return current_calendar()


def _spread_recovered(
    rng: random.Random, rows: list[dict[str, Any]], indexes: list[int], ctx: DemoContext, *, year: int, target: Decimal
) -> None:
    """Recovered amounts (whole yuan, skewed) summing exactly to ``target`` scaled, over ``year``'s closings."""
    in_year = [i for i in indexes if rows[i]["closed_on"].year == year]
    if not in_year:
        return
    total = int((target * Decimal(str(ctx.factor))).to_integral_value())
    weights = [rng.paretovariate(1.6) for _ in in_year]
    scale = total / sum(weights)
    amounts = [max(1, int(w * scale)) for w in weights]
    amounts[-1] += total - sum(amounts)
    while amounts[-1] < 1:  # rounding pushed the last one below a yuan: take it from the largest
        biggest = max(range(len(amounts) - 1), key=amounts.__getitem__)
        amounts[biggest] -= 1 - amounts[-1]
        amounts[-1] = 1
    for i, amount in zip(in_year, amounts, strict=True):
        rows[i]["recovered_amount"] = Decimal(amount)


def _max_id() -> int | None:
    from django.db.models import Max

    from fazhi.complaints.models import Complaint

    return Complaint.objects.aggregate(m=Max("id"))["m"]


def _insert(rows: list[dict[str, Any]]) -> None:
    from fazhi.complaints.models import Complaint
    from fazhi.core import bulk

    # linked_id points forward as well as back: insert without links, then set them.
    links = [(r["id"], r["linked_id"]) for r in rows if r["linked_id"]]
    tuples = [tuple(None if c == "linked_id" else r[c] for c in COLUMNS) for r in rows]
    bulk.insert(Complaint, COLUMNS, tuples)
    bulk.update_by_pk(Complaint, ["linked_id"], links)
    bulk.reset_sequence(Complaint)
