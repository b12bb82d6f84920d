"""Complaints part of the demo district (ORDER 50): a year of 投诉举报 landing on the seed's 2023 figures.

received 12,078 complaints and tips (3,226 from the grid platform), every one handled on time by the rules,
≈1,449,000 yuan recovered by successful mediations; plus redirected matters (not counted). Submissions of the
last weeks of the year are still open on the demo's "today" (2024-01-15), so the queues have work in them.
Dates come from the same engine as the services (``clocks``); rows are inserted set-based.
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
from fazhi.demo.context import DemoContext

ORDER = 50

RECEIVED, GRID, RECOVERED, REDIRECTED = 12078, 3226, Decimal("1449000"), 420

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
    "category",
    "amount_in_dispute",
    "description",
    "decision_due_on",
    "decided_on",
    "refusal_ground",
    "tip_decision",
    "verification_extended",
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
    "handover_status",
    "handover_reference",
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
    with ctx.step("投诉举报：生成一年的来件"):
        rows, recovered_rows = _rows(ctx, rng)
        _spread_recovered(rng, rows, recovered_rows, ctx)
    with ctx.step(f"投诉举报：写入 {len(rows)} 件"):
        _insert(rows)


def _respondents(ctx: DemoContext, rng: random.Random) -> list[tuple[int, str, str, int]]:
    from fazhi.registry.models import MarketEntity

    stubs = [s for s in ctx.shared.get("entities", []) if s.status == "active" and s.industry in ("F", "H", "O", "R")]
    if not stubs:
        stubs = list(ctx.shared.get("entities", []))
    chosen = rng.sample(stubs, min(len(stubs), max(50, ctx.scaled(3000))))
    names = dict(MarketEntity.objects.filter(id__in=[s.id for s in chosen]).values_list("id", "name"))
    return [(s.id, names.get(s.id, ""), s.identifier if len(s.identifier) == 18 else "", s.office_id) for s in chosen]


def _rows(ctx: DemoContext, rng: random.Random) -> tuple[list[dict[str, Any]], list[int]]:
    cal = clocks.current_calendar()
    year, today = ctx.year, ctx.today
    offices = ctx.shared["offices"]
    by_department = ctx.shared["officers_by_department"]
    office_code = {d.pk: d.code for d in offices}
    users = ctx.shared.get("users", {})
    user_of_officer = {u.officer_id: u.pk for u in users.values() if getattr(u, "officer_id", None)}
    respondents = _respondents(ctx, rng)
    frequent = respondents[: max(5, len(respondents) // 60)]
    n_received, n_grid, n_redirected = (
        ctx.scaled(RECEIVED, minimum=40),
        ctx.scaled(GRID, minimum=10),
        ctx.scaled(REDIRECTED, minimum=3),
    )
    days = [
        dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
    ]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows: list[dict[str, Any]] = []
    recovered_rows: list[int] = []
    start_id = (_max_id() or 0) + 1
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
            respondent_id, respondent_name, uscc, department_id = ent
        else:
            respondent_id, uscc = None, ""
            respondent_name = rng.choice(["某网店", "流动摊贩", "某直播间商家", "外地网络平台商家"])
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
            consumer_phone=phone,
            consumer_id_number="",
            consumer_key=consumer_key(phone=phone),
            real_name=not anonymous,
            respondent_id=respondent_id,
            respondent_name=respondent_name,
            respondent_uscc=uscc,
            category=category,
            amount_in_dispute=Decimal(rng.randrange(20, 8000)) if kind == "complaint" else None,
            description=text,
            refusal_ground="",
            tip_decision="",
            verification_extended=False,
            mediation_method="",
            testing_periods="[]",
            outcome="",
            termination_ground="",
            recovered_amount=Decimal("0"),
            result_note="",
            handover_status="",
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
    # Link the first n_pairs complaint/tip couples received on the same day by the same consumer.
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
    roll = rng.random()
    outcome = "succeeded" if roll < 0.66 else ("failed" if roll < 0.86 else "terminated")
    row.update(
        status="closed",
        outcome=outcome,
        closed_on=closed,
        due_on=None,
        result_note="经调解双方达成协议" if outcome == "succeeded" else "",
    )
    if outcome == "succeeded":
        recovered_rows.append(index)
    elif outcome == "terminated":
        notice = clocks.compute(clocks.TERMINATION_NOTICE, closed, received_on=received, calendar=cal)
        notified = cal.add_working_days(closed, rng.randrange(1, 4))
        row.update(
            termination_ground=rng.choice(["absent_or_refused", "no_agreement_possible", "withdrawn_or_settled"]),
            notice_due_on=notice.due,
        )
        if notified <= today:
            row.update(notified_on=notified)
        else:
            row.update(due_on=notice.due)


def _tip(rng, cal, row, today) -> None:
    received = row["received_on"]
    ver = clocks.compute(clocks.TIP_VERIFICATION, received, received_on=received, calendar=cal)
    row.update(decision_due_on=ver.due, due_on=ver.due, rulebook_version=ver.rulebook_version)
    decided = cal.add_working_days(received, rng.randrange(3, 15))
    if decided > today:
        return
    filed = rng.random() < 0.3
    row.update(
        decided_on=decided, tip_decision="filed" if filed else "not_filed", handover_status="pending" if filed else ""
    )
    if not row["real_name"]:
        row.update(status="closed", closed_on=decided, closing_due_on=ver.due, due_on=None)
        return
    notice = clocks.compute(clocks.REPORTER_NOTICE, decided, received_on=received, calendar=cal)
    notified = cal.add_working_days(decided, rng.randrange(1, 5))
    row.update(notice_due_on=notice.due, closing_due_on=notice.due)
    if notified <= today:
        row.update(status="closed", notified_on=notified, closed_on=notified, due_on=None)
    else:
        row.update(status="decided", due_on=notice.due)


def _spread_recovered(rng: random.Random, rows: list[dict[str, Any]], indexes: list[int], ctx: DemoContext) -> None:
    """Recovered amounts (whole yuan, skewed) summing exactly to the seed's figure scaled, over 2023 closings."""
    in_year = [i for i in indexes if rows[i]["closed_on"].year == ctx.year]
    if not in_year:
        return
    target = int((RECOVERED * Decimal(str(ctx.factor))).to_integral_value())
    weights = [rng.paretovariate(1.6) for _ in in_year]
    scale = target / sum(weights)
    amounts = [max(1, int(w * scale)) for w in weights]
    amounts[-1] += target - sum(amounts)
    if amounts[-1] < 1:  # pragma: no cover - rounding never goes that far
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
    links = [(r["linked_id"], r["id"]) for r in rows if r["linked_id"]]
    tuples = [tuple(None if c == "linked_id" else r[c] for c in COLUMNS) for r in rows]
    bulk.insert(Complaint._meta.db_table, ", ".join(COLUMNS), tuples)
    with connection.cursor() as cur:
        cur.executemany("UPDATE complaints_complaint SET linked_id = %s WHERE id = %s", links)
    bulk.reset_sequence(Complaint)
