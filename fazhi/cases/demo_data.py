"""Demo: a year of cases so that ``fazhi metrics --year 2023`` lands on the seed's figures (bulk inserts).

Consistent records without running every service: clues, cases in their final states with decision numbers from
the counters (no gaps), tracked handling/payment deadlines computed by the rulebook, legal reviews, publications,
and some cases still open at the end of the year (a few overdue) for the screens.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.demo.context import DemoContext

ORDER = 40

# Seed figures (shared/reference/seed-figures.md, 2023).
PENALISED = 797
AMOUNT = Decimal("6051400")
DOMAINS = {
    "food": 593,
    "drugs_cosmetics_devices": 79,
    "special_equipment": 8,
    "product_quality": 7,
    "intellectual_property": 19,
}
SPECIAL_EQUIPMENT_AMOUNT = Decimal("365000")
INSPECTION_AMOUNT = Decimal("110000")
TRANSFERRED, EXEMPTED, COERCION_WAIVED, IP_MEDIATIONS, REVIEWS = 2, 105, 12, 2, 15
OPEN_AT_YEAR_END = 60

TITLES = {
    "food": ("food.expired_food_sale", "经营超过保质期的食品"),
    "drugs_cosmetics_devices": ("cosmetics.nonconforming_sale", "经营不符合规定的化妆品"),
    "special_equipment": ("special_equipment.uninspected_use", "使用未经定期检验的特种设备"),
    "product_quality": ("product.unsafe_product", "销售不符合保障人体健康和人身、财产安全标准的产品"),
    "intellectual_property": ("trademark.infringing_goods_sale", "销售侵犯注册商标专用权的商品"),
    "price": ("price.unmarked_price", "未按规定明码标价"),
    "advertising": ("advertising.absolute_terms", "发布含有绝对化用语的广告"),
}


def _split(total: Decimal, n: int, rng: random.Random) -> list[Decimal]:
    """``n`` amounts (multiples of 100 yuan, at least 500) adding up to ``total`` exactly."""
    if n == 0:
        return []
    weights = [rng.lognormvariate(0, 0.9) for _ in range(n)]
    scale = float(total) / sum(weights)
    out = [max(Decimal(500), Decimal(round(w * scale / 100) * 100)) for w in weights]
    out[-1] += total - sum(out)
    if out[-1] < 0:  # pragma: no cover - only with absurd seeds
        out = [total / n] * n
    return out


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("cases")
    with ctx.step("行政处罚：生成一年的案件"), transaction.atomic():
        _generate(ctx, rng)


def _generate(ctx: DemoContext, rng: random.Random) -> None:
    from fazhi.cases.models import Case, CaseDocument, Clue, DocumentCounter, LegalReview, Publication
    from fazhi.deadlines.models import TrackedDeadline
    from fazhi.deadlines.selectors import current_calendar
    from fazhi.deadlines.services import compute
    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.penalty_publicity import display_period

    year, short = ctx.year, settings.FAZHI_BUREAU_SHORT
    offices = ctx.shared.get("offices") or list(ctx.shared["departments"].values())
    by_department = ctx.shared.get("officers_by_department", {})
    users = ctx.shared.get("users", {})
    actor = users.get("leader") or next(iter(users.values()), None)
    reviewer = users.get("legal_reviewer") or actor
    stubs = [s for s in ctx.shared.get("entities", []) if s.status == "active"]
    chosen = rng.sample(stubs, min(len(stubs), 2000))
    names = dict(MarketEntity.objects.filter(id__in=[s.id for s in chosen]).values_list("id", "name"))
    calendar = current_calendar()

    def scaled(n: int) -> int:
        return ctx.scaled(n, minimum=1 if n else 0)

    # The plan: one entry per case.
    plan: list[dict[str, Any]] = []
    for domain, n in DOMAINS.items():
        plan += [{"kind": "penalty", "domain": domain} for _ in range(scaled(n))]
    others = scaled(PENALISED) - len(plan)
    plan += [
        {"kind": "penalty", "domain": rng.choice(["price", "advertising", "other"])} for _ in range(max(0, others))
    ]
    penalised = list(plan)
    se = [p for p in penalised if p["domain"] == "special_equipment"]
    pq = [p for p in penalised if p["domain"] == "product_quality"]
    inspection = pq[:1]
    for p in inspection:
        p["source"], p["amount"] = "inspection", (INSPECTION_AMOUNT * Decimal(str(ctx.factor))).quantize(Decimal(100))
    for p, amount in zip(se, _split(SPECIAL_EQUIPMENT_AMOUNT * Decimal(str(ctx.factor)), len(se), rng), strict=True):
        p["amount"] = amount
    rest = [p for p in penalised if "amount" not in p]
    remaining = AMOUNT * Decimal(str(ctx.factor)) - sum((p["amount"] for p in penalised if "amount" in p), Decimal(0))
    for p, amount in zip(rest, _split(remaining.quantize(Decimal(1)), len(rest), rng), strict=True):
        p["amount"] = amount
    plan += [{"kind": "no_penalty", "domain": "food"} for _ in range(scaled(EXEMPTED))]
    plan += [{"kind": "transfer", "domain": "food"} for _ in range(scaled(TRANSFERRED))]
    plan += [{"kind": "open", "domain": rng.choice(list(DOMAINS))} for _ in range(scaled(OPEN_AT_YEAR_END))]
    rng.shuffle(plan)
    for p in rng.sample([p for p in plan if p["kind"] == "penalty"], scaled(COERCION_WAIVED)):
        p["coercion"] = True
    for p in rng.sample(
        [p for p in plan if p["domain"] == "intellectual_property"],
        min(scaled(IP_MEDIATIONS), len([q for q in plan if q["domain"] == "intellectual_property"])),
    ):
        p["mediated"] = True
    big = sorted([p for p in plan if p["kind"] == "penalty"], key=lambda p: p["amount"], reverse=True)[
        : scaled(REVIEWS)
    ]
    for p in big:
        p["review"] = True

    # Dates: decisions through the year in order, so numbers follow dates.
    for p in plan:
        if p["kind"] == "open":
            p["filed_on"] = dt.date(year, 12, 31) - dt.timedelta(days=rng.randint(5, 120))
        else:
            p["decided_on"] = dt.date(year, 1, 3) + dt.timedelta(days=rng.randint(0, 350))
            p["filed_on"] = p["decided_on"] - dt.timedelta(days=rng.randint(20, 85))
    plan.sort(key=lambda p: (p["filed_on"], p.get("decided_on") or p["filed_on"]))

    counters: dict[tuple[str, int], int] = {}

    def number(kind: str, y: int) -> int:
        counters[(kind, y)] = counters.get((kind, y), 0) + 1
        return counters[(kind, y)]

    clues, cases = [], []
    for i, p in enumerate(plan):
        office = offices[i % len(offices)]
        stub = chosen[i % len(chosen)] if chosen else None
        fy = p["filed_on"].year
        clue = Clue(
            number=f"XS{fy}-{number('clue', fy):06d}",
            source_kind=p.get("source") or rng.choice(["tip", "complaint", "own_discovery", "transfer"]),
            entity_id=stub.id if stub else None,
            description="（演示）" + TITLES.get(p["domain"], ("", "其他违法行为"))[1],
            received_on=p["filed_on"] - dt.timedelta(days=rng.randint(1, 10)),
            department=office,
            status="filed",
            decided_on=p["filed_on"],
            decision_reason="立案",
        )
        clues.append(clue)
        violation, title = TITLES.get(p["domain"], ("", "其他违法行为"))
        case = Case(
            number=f"{short}立〔{fy}〕{number('case', fy)}号",
            department=office,
            domain=p["domain"],
            title=title,
            entity_id=stub.id if stub else None,
            party_kind="organisation",
            party_name=names.get(stub.id, "演示主体") if stub else "演示主体",
            party_id_number=stub.identifier if stub else "",
            filed_on=p["filed_on"],
            violation_id=violation,
            coercion_waived=bool(p.get("coercion")),
            ip_mediated=bool(p.get("mediated")),
        )
        if p.get("coercion"):
            case.coercion_waiver = {
                "item_id": "nc.small_value_goods",
                "name": "涉案物品货值较小（演示）",
                "status": "UNCONFIRMED",
            }
        if p["kind"] == "open":
            case.state = rng.choice(["investigating", "investigating", "case_review", "notified", "statement_closed"])
        else:
            d = p["decided_on"]
            case.decided_on, case.decided_by = d, actor
            if p["kind"] == "penalty":
                amount = p["amount"]
                confiscation = (amount * Decimal("0.2")).quantize(Decimal(1)) if rng.random() < 0.3 else Decimal(0)
                case.fine, case.confiscation = amount - confiscation, confiscation
                case.proposed_fine, case.proposed_confiscation = case.fine, case.confiscation
                case.decision_kind, case.decision_number = (
                    "penalty",
                    f"{short}处罚〔{d.year}〕{number('penalty_decision', d.year)}号",
                )
                case.served_on, case.paid_on = d + dt.timedelta(days=2), d + dt.timedelta(days=rng.randint(3, 15))
                case.paid_amount, case.closed_on = case.fine + case.confiscation, case.paid_on
                case.state, case.notified_on = "closed", d - dt.timedelta(days=10)
            elif p["kind"] == "no_penalty":
                case.decision_kind, case.decision_number = (
                    "no_penalty",
                    f"{short}不罚〔{d.year}〕{number('no_penalty_decision', d.year)}号",
                )
                case.exemption = {
                    "item_id": "tianjin.minor",
                    "list": "minor_violation",
                    "list_label": "轻微违法行为免罚清单",
                    "name": "（演示）轻微违法及时改正",
                    "status": "UNCONFIRMED",
                }
                case.education_record = "当场批评教育，责令改正"
                case.state, case.served_on, case.closed_on = (
                    "closed",
                    d + dt.timedelta(days=2),
                    d + dt.timedelta(days=2),
                )
            else:
                case.decision_kind, case.transferred_to, case.state, case.closed_on = (
                    "transfer",
                    "天津市公安局东丽分局",
                    "closed",
                    d,
                )
        cases.append(case)
    Clue.objects.bulk_create(clues, batch_size=2000)
    for clue, case in zip(clues, cases, strict=True):
        case.clue = clue
    Case.objects.bulk_create(cases, batch_size=2000)
    # Officers (two certificated per case).
    through = Case.officers.through
    links = []
    for case in cases:
        pool = [o for o in by_department.get(case.department.code, []) if o.certificate_expires_on >= case.filed_on]
        for officer in pool[:2]:
            links.append(through(case_id=case.pk, officer_id=officer.pk))
    through.objects.bulk_create(links, batch_size=5000)

    # Tracked deadlines (handling; payment when fined), computed by the rulebook.
    deadlines, today = [], ctx.today
    for case in cases:
        computed = compute(
            rule_id="case.handling",
            start=case.filed_on,
            selecting_date=None,
            exclusions=[],
            extensions=[],
            calendar=calendar,
        )
        case.handling_due_on = computed.due_on
        done = case.closed_on or case.decided_on
        deadlines.append(
            _deadline(
                TrackedDeadline,
                "cases.case",
                case.pk,
                "办案期限",
                "case.handling",
                case.filed_on,
                computed,
                met_on=done,
            )
        )
        if case.served_on and case.fine + case.confiscation > 0:
            pay = compute(
                rule_id="case.payment",
                start=case.served_on,
                selecting_date=None,
                exclusions=[],
                extensions=[],
                calendar=calendar,
            )
            case.payment_due_on = pay.due_on
            deadlines.append(
                _deadline(
                    TrackedDeadline,
                    "cases.case",
                    case.pk,
                    "缴纳罚没款期限",
                    "case.payment",
                    case.served_on,
                    pay,
                    met_on=case.paid_on,
                )
            )
    # A few open cases run over their period at year end (the overdue list has something to show).
    Case.objects.bulk_update(cases, ["handling_due_on", "payment_due_on"], batch_size=2000)

    docs, reviews, pubs = [], [], []
    for case in cases:
        if case.decision_kind not in ("penalty", "no_penalty"):
            continue
        decided_on = case.decided_on
        assert decided_on is not None  # every decided plan entry got its decision date above
        kind = "penalty_decision" if case.decision_kind == "penalty" else "no_penalty_decision"
        seq = int(case.decision_number.split("〕")[1].rstrip("号"))
        docs.append(
            CaseDocument(
                case=case,
                kind=kind,
                year=decided_on.year,
                sequence=seq,
                number=case.decision_number,
                issued_on=decided_on,
            )
        )
        if case.decision_kind == "penalty":
            kinds = [k for k, on_ in (("warning", case.warning), ("fine", case.fine), ("confiscation", case.confiscation),
                                      ("licence_or_business", case.licence_or_business_penalty)) if on_]  # fmt: skip
            period = display_period(penalty_kinds=kinds, fine=case.fine, party_kind=case.party_kind, on=decided_on)
            published = decided_on + dt.timedelta(days=7)
            display_until = period.end(published)  # Order 45 Art. 13 by penalty type, counted by the engine

            pubs.append(
                Publication(
                    case=case,
                    status="published" if display_until >= today else "expired",
                    due_on=decided_on + dt.timedelta(days=28),
                    published_on=published,
                    display_until=display_until,
                    display_rule=period.as_dict(),
                    party_display=case.party_name,
                    summary=f"违法行为：{case.title}\n处罚内容：罚款 {case.fine} 元",
                )
            )
    for p, case in zip(plan, cases, strict=True):
        if p.get("review"):
            review_on = case.decided_on
            assert review_on is not None  # only penalty plan entries (all decided) get a legal review
            reviews.append(
                LegalReview(
                    case=case,
                    stage="before_decision",
                    criteria=[
                        {
                            "code": "legal_review.large_amount",
                            "text": "罚没金额达到本局重大执法决定数额标准",
                            "status": "UNCONFIRMED",
                        }
                    ],
                    proposal={"fine": str(case.fine)},
                    requested_on=review_on - dt.timedelta(days=3),
                    requested_by=actor,
                    reviewer=reviewer,
                    reviewed_on=review_on - dt.timedelta(days=1),
                    opinion="agree",
                    opinion_text="同意",
                )
            )
    CaseDocument.objects.bulk_create(docs, batch_size=2000)
    if actor is not None:
        LegalReview.objects.bulk_create(reviews)
    Publication.objects.bulk_create(pubs, batch_size=2000)
    TrackedDeadline.objects.bulk_create(deadlines, batch_size=2000)
    DocumentCounter.objects.bulk_create([DocumentCounter(kind=k, year=y, last=n) for (k, y), n in counters.items()])
    ctx.shared["cases"] = cases


def _deadline(model, owner_type, owner_id, label, rule_id, start, computed, *, met_on):
    return model(
        owner_type=owner_type,
        owner_id=str(owner_id),
        label=label,
        rule_id=rule_id,
        start_on=start,
        version=computed.version,
        due_on=computed.due_on,
        status="met" if met_on else "open",
        met_on=met_on,
        citation=computed.citation,
        citation_url=computed.citation_url,
        rule_status=computed.rule_status,
        rulebook_version=computed.rulebook_version,
        unit=computed.unit,
        length=computed.length,
        trace=computed.trace,
        provisional=computed.provisional,
    )
