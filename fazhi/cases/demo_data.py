"""Demo: two years of cases (``ctx.year - 1`` and ``ctx.year``) that went through the procedure the law sets,
written set-based, so that ``fazhi metrics --year 2023`` lands on the seed's figures for any ``--seed``.

Every case follows the rules the services enforce (docs/domain/cases.md), only written in bulk:

- a clue, then a 立案审批表 proposed by the handler and approved by the 局负责人 (who, when, opinion) before the case
  exists; two certificated officers designated by the section chief; paper evidence on the evidence list;
- a fine inside the violation's benchmark range (lighter tier, from the rulebook's own assessment); legal review
  wherever ``review_criteria`` asks for it (major decisions, and every UNCONFIRMED value the outcome rests on);
  collective discussion where required;
- the 行政处罚告知书 (numbered, with what it said), the party's 5-working-day periods computed by the rulebook and
  run out (or waived in writing, with a scanned page, or answered by a recorded statement) before the decision;
- decision, service, payment before its due date, a 结案审批表 approved by the 局负责人, archiving;
- some 简易程序 (当场处罚) cases with their own records; no-penalty decisions under 行政处罚法 Art. 33; transfers;
  a few cases still open at the end of the year.

Numbers are taken in date order per year and the core counters are raised to them; every step gets its audit event
(the case's timeline) with the date it happened on. Counts per year come from the seed figures, amounts are
allocated inside each case's permitted range so that the year's total is the seed's exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from fazhi.demo.context import DemoContext

ORDER = 40

# Seed figures (shared/reference/seed-figures.md, 2023); the year before is generated at PREVIOUS_WEIGHT of them.
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
TRANSFERRED, EXEMPTED, COERCION_WAIVED, IP_MEDIATIONS, MAJOR_REVIEWS = 2, 105, 12, 2, 15
OPEN_AT_YEAR_END, TERMINATED = 60, 3
SUMMARY_SHARE = 0.04  # of the "other" penalised cases: 当场处罚 for unmarked prices
PREVIOUS_WEIGHT = 0.88

# Violations per domain (benchmark ids of fazhi/rulebook/tables/discretion), with relative weights.
VIOLATIONS: dict[str, list[tuple[str, int]]] = {
    "food": [("food.no_health_certificate", 5), ("food.no_purchase_inspection_records", 5)],
    "drugs_cosmetics_devices": [("cosmetics.no_purchase_inspection_records", 1)],
    "special_equipment": [("special_equipment.unregistered_use", 1)],
    "product_quality": [("product.unsafe_product", 1)],
    "intellectual_property": [("trademark.infringing_goods_sale", 1)],
    "price": [("price.unmarked_price", 1)],
}
LIGHTER = ["samr.lighter.cooperated"]
EVIDENCE = [("on_site_record", "现场检查笔录"), ("party_statement", "询问笔录"), ("document", "进货票据复印件")]
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DEMO_PDF_SHA256 = hashlib.sha256(DEMO_PDF).hexdigest()
HUNDRED = Decimal(100)


def allocate(total: Decimal, mins: list[Decimal], maxs: list[Decimal], rng: random.Random) -> list[Decimal]:
    """Amounts inside ``[mins[i], maxs[i]]`` adding up to ``total`` exactly (multiples of 100 yuan where possible)."""
    out = list(mins)
    remaining = total - sum(out, Decimal(0))
    if remaining < 0 or sum(maxs, Decimal(0)) < total:
        raise ValueError(f"cannot allocate {total} within the ranges")
    weights = [rng.lognormvariate(0, 0.9) for _ in out]
    room = [i for i in range(len(out)) if out[i] < maxs[i]]
    for _ in range(50):
        if remaining < HUNDRED * len(room) / 10 or not room:
            break
        total_weight = sum(weights[i] for i in room)
        given = Decimal(0)
        for i in room:
            share = (remaining * Decimal(weights[i] / total_weight) / HUNDRED).quantize(
                Decimal(1), ROUND_DOWN
            ) * HUNDRED
            step = min(share, maxs[i] - out[i])
            out[i] += step
            given += step
        remaining -= given
        room = [i for i in room if out[i] < maxs[i]]
        if given == 0:
            break
    for i in sorted(range(len(out)), key=lambda i: maxs[i] - out[i], reverse=True):
        if remaining <= 0:
            break
        step = min(remaining, maxs[i] - out[i])
        out[i] += step
        remaining -= step
    if remaining != 0:  # pragma: no cover - guarded by the feasibility check above
        raise ValueError("allocation left a remainder")
    return out


@dataclass
class Plan:
    """One demo case and everything that happened to it, by date."""

    kind: str  # penalty | summary | no_penalty | transfer | terminated | open
    domain: str
    violation: str
    year: int
    amount: Decimal = Decimal(0)
    goods_value: Decimal = Decimal("3000")
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    major: bool = False
    inspection: bool = False
    coercion: bool = False
    mediation: bool = False
    statement: bool = False
    waiver: bool = False
    open_state: str = ""
    dates: dict[str, dt.date] = field(default_factory=dict)
    discretion: dict[str, Any] | None = None
    criteria: list[Any] = field(default_factory=list)
    hearing_right: bool = False


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("cases")
    with ctx.step("行政处罚：两年的案件（立案审批、告知、陈述申辩期限、决定、结案审批）"), transaction.atomic():
        _Generator(ctx, rng).run()


class _Generator:
    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        from fazhi.deadlines.selectors import current_calendar

        self.ctx, self.rng = ctx, rng
        self.calendar = current_calendar()
        self._due_cache: dict[tuple[str, dt.date], Any] = {}
        users = ctx.shared.get("users", {})
        self.leader = users.get("leader")
        self.chief = users.get("section_chief")
        self.reviewer = users.get("legal_reviewer")
        self.officer_user = users.get("officer") or self.chief
        self.offices = ctx.shared.get("offices") or list(ctx.shared["departments"].values())
        self.officers = ctx.shared.get("officers_by_department", {})
        self.stubs = [s for s in ctx.shared.get("entities", []) if s.status == "active" and s.kind == "enterprise"]

    # ------------------------------------------------------------------ dates

    def due(self, rule_id: str, start: dt.date) -> Any:
        from fazhi.deadlines.services import compute

        key = (rule_id, start)
        if key not in self._due_cache:
            self._due_cache[key] = compute(
                rule_id=rule_id, start=start, selecting_date=None, exclusions=[], extensions=[], calendar=self.calendar
            )
        return self._due_cache[key]

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(lo, hi))

    # ------------------------------------------------------------------ plan

    def run(self) -> None:
        plans: list[Plan] = []
        for year, weight in ((self.ctx.year - 1, PREVIOUS_WEIGHT), (self.ctx.year, 1.0)):
            plans += self.plan_year(year, weight)
        _Writer(self, plans).write()

    def scaled(self, n: int, weight: float, *, minimum: int = 0) -> int:
        return self.ctx.scaled(round(n * weight), minimum=minimum)

    def plan_year(self, year: int, weight: float) -> list[Plan]:
        from fazhi.cases.models import Case
        from fazhi.cases.services import discretion as case_discretion
        from fazhi.rulebook import discretion as engine

        rng = self.rng
        penalised: list[Plan] = []
        for domain, n in DOMAINS.items():
            penalised += [self._penalty(domain, year) for _ in range(self.scaled(n, weight, minimum=1))]
        others = self.scaled(PENALISED, weight) - len(penalised)
        summary = max(1, round(max(others, 0) * SUMMARY_SHARE))
        penalised += [self._penalty("price", year, kind="summary") for _ in range(min(summary, max(others, 0)))]
        penalised += [self._penalty("price", year) for _ in range(max(0, others - summary))]
        # The inspection case (双随机抽查立案处罚) and the major decisions (法制审核, 集体讨论).
        quality = [p for p in penalised if p.domain == "product_quality"]
        quality[0].inspection = quality[0].major = True
        inspection_amount = (INSPECTION_AMOUNT * Decimal(str(self.ctx.factor * weight))).quantize(HUNDRED)
        quality[0].goods_value = max(Decimal(2000), (inspection_amount / Decimal("1.4")).quantize(HUNDRED))
        ordinary = [p for p in penalised if p.kind == "penalty" and not p.inspection]
        for p in rng.sample(ordinary, max(0, self.scaled(MAJOR_REVIEWS, weight, minimum=1) - 1)):
            p.major = True
        open_cases: list[Plan] = []
        if year == self.ctx.year:
            for _ in range(self.scaled(OPEN_AT_YEAR_END, weight, minimum=2)):
                p = self._penalty(rng.choice(list(DOMAINS)), year, kind="open")
                p.open_state = rng.choice(
                    ["investigating", "investigating", "case_review", "notified", "statement_closed"]
                )
                open_cases.append(p)
        for p in penalised + open_cases:
            self._dates(p)
        # Amounts: each inside the rulebook's permitted range (lighter tier), totalling the seed figure.
        for p in penalised + open_cases:
            facts = engine.CaseFacts.from_dict(
                {"party_kind": "organisation", "goods_value": str(p.goods_value), "factors": LIGHTER}
            )
            result = engine.assess(p.violation, facts, decided_on=p.dates["filed"])
            p.discretion = result.as_dict()
            low, high = result.permitted.min, result.permitted.max
            if p.kind == "summary":
                high = min(high, Decimal(1000))
            if not p.major:
                high = min(high, Decimal(99000))  # below the major-decision amount: no large-amount review
            p.minimum = max(low, Decimal(500)) if high >= 500 else low
            p.maximum = high
        special = [p for p in penalised if p.domain == "special_equipment"]
        fixed = {id(p) for p in special + [quality[0]]}
        quality[0].amount = min(max(inspection_amount, quality[0].minimum), quality[0].maximum)
        se_total = (SPECIAL_EQUIPMENT_AMOUNT * Decimal(str(self.ctx.factor * weight))).quantize(HUNDRED)
        se_total = min(
            max(se_total, sum((p.minimum for p in special), Decimal(0))), sum((p.maximum for p in special), Decimal(0))
        )
        for p, amount in zip(
            special, allocate(se_total, [p.minimum for p in special], [p.maximum for p in special], rng), strict=True
        ):
            p.amount = amount
        rest = [p for p in penalised if id(p) not in fixed]
        total = (AMOUNT * Decimal(str(self.ctx.factor * weight))).quantize(Decimal(1)) - sum(
            (p.amount for p in penalised if id(p) in fixed), Decimal(0)
        )
        total = min(max(total, sum((p.minimum for p in rest), Decimal(0))), sum((p.maximum for p in rest), Decimal(0)))
        for p, amount in zip(
            rest, allocate(total, [p.minimum for p in rest], [p.maximum for p in rest], rng), strict=True
        ):
            p.amount = amount
        plans = list(penalised)
        plans += [Plan("no_penalty", "food", "food.no_purchase_inspection_records", year)
                  for _ in range(self.scaled(EXEMPTED, weight, minimum=1))]  # fmt: skip
        plans += [Plan("transfer", "food", "food.no_health_certificate", year)
                  for _ in range(self.scaled(TRANSFERRED, weight, minimum=1))]  # fmt: skip
        plans += [Plan("terminated", "price", "price.unmarked_price", year)
                  for _ in range(self.scaled(TERMINATED, weight, minimum=1))]  # fmt: skip
        if year == self.ctx.year:
            for p in open_cases:
                p.amount = p.minimum
                plans.append(p)
        for p in plans:
            if not p.dates:
                self._dates(p)
        # Legal review wherever the rules ask (computed on the proposal as it stood).
        for p in plans:
            if p.kind in ("penalty", "open"):
                probe = Case(
                    party_kind="organisation",
                    proposed_fine=p.amount,
                    complex_case=p.major,
                    discretion=p.discretion,
                )
                p.criteria = case_discretion.review_criteria(probe, on=p.dates["filed"])
                p.hearing_right = bool(case_discretion.hearing_findings(probe, on=p.dates["filed"]))
        # The no-coercion decisions and the IP mediations counted in ``year`` (recorded in that year).
        in_year = [p for p in plans if p.kind == "penalty" and p.dates["coercion"].year == year]
        for p in rng.sample(in_year, min(len(in_year), self.scaled(COERCION_WAIVED, weight, minimum=1))):
            p.coercion = True
        ip = [p for p in plans if p.domain == "intellectual_property" and p.kind == "penalty"
              and p.dates["mediation"].year == year]  # fmt: skip
        for p in rng.sample(ip, min(len(ip), self.scaled(IP_MEDIATIONS, weight, minimum=1))):
            p.mediation = True
        return plans

    def _penalty(self, domain: str, year: int, *, kind: str = "penalty") -> Plan:
        choices = VIOLATIONS.get(domain) or VIOLATIONS["price"]
        violation = self.rng.choices([v for v, _ in choices], weights=[w for _, w in choices])[0]
        goods = Decimal(self.rng.randrange(20, 90) * 100)
        p = Plan(kind, domain, violation, year, goods_value=goods)
        p.statement = self.rng.random() < 0.25
        p.waiver = not p.statement and self.rng.random() < 0.06
        return p

    def _dates(self, p: Plan) -> None:
        """Forward from the clue so that every step respects the one before (and the party's periods); shifted
        so that the decision (or, for open cases, the last step) falls in the plan's year."""
        from fazhi.rulebook import discretion as engine

        year = p.year
        start = dt.date(year - 1, 11, 20) + self.days(0, 330)
        if p.kind == "open":
            start = dt.date(year, 9, 10) + self.days(0, 60)
        # A violation whose rule came into force during the year (e.g. 明码标价规定 on 2022-07-01) is found after it.
        since = engine.default_benchmarks().violations[p.violation][0].effective_from
        if start < since + dt.timedelta(days=5):
            start = since + self.days(5, 120)
        for _ in range(4):
            d = self._chain(p, start)
            anchor = d.get("decided") or d.get("terminated") or d.get("filed")
            if p.kind == "open" or anchor is None:
                break
            if anchor.year < year or start < since:
                start = max(start + dt.timedelta(days=max(0, (dt.date(year, 1, 3) - anchor).days)), since)
                start += self.days(0, 30)
            elif anchor.year > year:
                start -= dt.timedelta(days=(anchor - dt.date(year, 12, 20)).days + self.rng.randint(0, 30))
            else:
                break
        p.dates = d

    def _chain(self, p: Plan, received: dt.date) -> dict[str, dt.date]:
        d: dict[str, dt.date] = {"received": received}
        d["proposed"] = received + self.days(1, 6)
        d["filed"] = d["proposed"] + self.days(0, 3)
        d["coercion"] = d["filed"] + self.days(1, 5)
        d["mediation"] = d["filed"] + self.days(10, 30)
        if p.kind == "summary":
            d["decided"] = d["filed"] = received
            d["recorded"] = received + self.days(1, 3)
            d["executed"] = d["recorded"] + self.days(0, 10)
            d["archived"] = d["executed"] + self.days(1, 10)
            return d
        d["evidence"] = d["filed"] + self.days(1, 8)
        if p.kind == "terminated":
            d["terminated"] = d["filed"] + self.days(15, 40)
            d["close_requested"] = d["terminated"] + self.days(1, 4)
            d["closed"] = d["close_requested"] + self.days(0, 3)
            d["archived"] = d["closed"] + self.days(1, 10)
            return d
        if p.kind == "transfer":
            d["decided"] = d["filed"] + self.days(20, 50)
            d["close_requested"] = d["decided"] + self.days(1, 4)
            d["closed"] = d["close_requested"] + self.days(0, 3)
            d["archived"] = d["closed"] + self.days(1, 10)
            return d
        d["submitted"] = d["evidence"] + self.days(8, 30)
        d["reviewed"] = d["submitted"] + self.days(1, 4)
        if p.kind == "no_penalty":
            d["decided"] = d["reviewed"] + self.days(1, 3)
        else:
            d["notified"] = d["reviewed"] + self.days(1, 3)
            statement_due = self.due("case.statement_defence", d["notified"]).due_on
            d["statement_due"] = statement_due
            if p.statement:
                d["statement"] = d["notified"] + self.days(1, 3)
            if p.waiver:
                d["waiver"] = d["notified"] + self.days(0, 2)
                d["statement_closed"] = d["waiver"] + self.days(0, 1)
            else:
                d["statement_closed"] = statement_due + self.days(1, 3)
            if p.major:
                d["discussion"] = d["statement_closed"] + self.days(1, 3)
            d["decided"] = d.get("discussion", d["statement_closed"]) + self.days(1, 4)
        d["served"] = d["decided"] + self.days(1, 4)
        if p.kind == "penalty" or p.kind == "open":
            d["paid"] = d["served"] + self.days(1, 13)
            d["close_requested"] = d["paid"] + self.days(1, 5)
        else:
            d["close_requested"] = d["served"] + self.days(1, 5)
        d["closed"] = d["close_requested"] + self.days(0, 3)
        d["archived"] = d["closed"] + self.days(2, 20)
        return d


ORDER_OF_STEPS = [
    "received", "proposed", "filed", "coercion", "evidence", "submitted", "reviewed", "notified", "statement",
    "waiver", "statement_closed", "discussion", "decided", "terminated", "recorded", "served", "mediation", "paid",
    "executed", "close_requested", "closed", "archived",
]  # fmt: skip
OPEN_CUT = {
    "investigating": "submitted",
    "case_review": "reviewed",
    "notified": "statement_closed",
    "statement_closed": "decided",
}


class _Writer:
    """Turns the plans into rows (bulk), numbering documents in date order per year."""

    def __init__(self, gen: _Generator, plans: list[Plan]) -> None:
        self.gen, self.plans, self.rng = gen, plans, gen.rng
        self.today = gen.ctx.today
        self.closing_pending: set[int] = set()

    def done(self, p: Plan, step: str) -> dt.date | None:
        """The step's date when it happened by the demo's legal today (and the open case got that far)."""
        day = p.dates.get(step)
        if day is None or day > self.today:
            return None
        if p.kind == "open":
            cut = OPEN_CUT[p.open_state]
            if ORDER_OF_STEPS.index(step) >= ORDER_OF_STEPS.index(cut):
                return None
        return day

    def write(self) -> None:
        from fazhi.cases.models import (
            Approval,
            Case,
            CaseDocument,
            Clue,
            CollectiveDiscussion,
            Evidence,
            LegalReview,
            PartyStatement,
            Publication,
            SummaryRecord,
            Waiver,
        )
        from fazhi.cases.services import progress
        from fazhi.cases.services.documents import legal_basis, penalty_text
        from fazhi.cases.workflow import State, next_step
        from fazhi.core import numbering
        from fazhi.core.audit import audit_records
        from fazhi.core.context import acting_as
        from fazhi.deadlines.models import TrackedDeadline
        from fazhi.registry.models import MarketEntity
        from fazhi.rulebook import discretion as engine
        from fazhi.rulebook.penalty_publicity import display_period

        gen, rng, short = self.gen, self.rng, settings.FAZHI_BUREAU_SHORT
        plans = sorted(self.plans, key=lambda p: (p.dates["received"], p.kind))
        chosen = rng.sample(gen.stubs, min(len(gen.stubs), len(plans))) if gen.stubs else []
        entities = MarketEntity.objects.in_bulk([s.id for s in chosen])
        counters: dict[tuple[str, int], int] = {}

        def number(scope: str, year: int) -> int:
            counters[(scope, year)] = counters.get((scope, year), 0) + 1
            return counters[(scope, year)]

        clues, cases = [], []
        for i, p in enumerate(plans):
            office = gen.offices[i % len(gen.offices)]
            entity = entities.get(chosen[i % len(chosen)].id) if chosen else None
            version = engine.default_benchmarks().select(p.violation, on=p.dates["received"])
            received = p.dates["received"]
            clues.append(
                Clue(
                    number=f"XS{received.year}-{number('clue', received.year):06d}",
                    source_kind="inspection" if p.inspection else rng.choice(["tip", "complaint", "own_discovery"]),
                    entity=entity,
                    description=f"（演示）反映{entity.name if entity else '某经营者'}{version.name}",
                    received_on=received,
                    department=office,
                    status="filed",
                    decided_on=p.dates["filed"],
                    decision_reason="立案",
                )
            )
            case = Case(
                department=office,
                procedure="summary" if p.kind == "summary" else "ordinary",
                domain=p.domain if p.domain in DOMAINS else "price",
                title=version.name,
                entity=entity,
                party_kind="organisation",
                party_name=entity.name if entity else "演示主体",
                party_id_number=entity.identifier if entity else "",
                party_address=entity.domicile if entity else "",
                party_representative=entity.legal_representative if entity else "",
                facts_text=f"当事人{entity.name if entity else ''}存在{version.name}的行为（演示数据）。",
                violation_id=p.violation,
                facts={"party_kind": "organisation", "goods_value": str(p.goods_value), "factors": LIGHTER},
                discretion=p.discretion,
                filed_on=p.dates["filed"],
                state=State.INVESTIGATING,
            )
            self._fill(case, p, short, number)
            cases.append(case)
        Clue.objects.bulk_create(clues, batch_size=2000)
        for clue, case in zip(clues, cases, strict=True):
            case.clue = clue
        Case.objects.bulk_create(cases, batch_size=2000)

        # Officers (two certificated, designated by the section chief on the filing day).
        through = Case.officers.through
        links = []
        for case in cases:
            pool = [
                o
                for o in gen.officers.get(case.department.code, [])
                if o.active and o.certificate_expires_on >= case.filed_on
            ]
            for officer in pool[:2]:
                links.append(through(case_id=case.pk, officer_id=officer.pk))
        through.objects.bulk_create(links, batch_size=5000)

        approvals, docs, reviews, discussions, evidence, statements, waivers, summaries = [], [], [], [], [], [], [], []
        deadlines, pubs = [], []
        events: dict[str, list[tuple[str, Any, dict[str, Any]]]] = {}

        def event(action: str, case: Any, on: dt.date, **facts: Any) -> None:
            events.setdefault(action, []).append(("cases.case", case.pk, {"on": on, **facts}))

        def deadline(case: Any, rule_id: str, label: str, start: dt.date, met: dt.date | None) -> Any:
            computed = gen.due(rule_id, start)
            row = TrackedDeadline(
                owner_type="cases.case", owner_id=str(case.pk), label=label, rule_id=rule_id, start_on=start,
                version=computed.version, due_on=computed.due_on, status="met" if met else "open", met_on=met,
                citation=computed.citation, citation_url=computed.citation_url, rule_status=computed.rule_status,
                rulebook_version=computed.rulebook_version, unit=computed.unit, length=computed.length,
                trace=computed.trace, provisional=computed.provisional,
            )  # fmt: skip
            deadlines.append(row)
            return computed

        doc_plan: list[tuple[dt.date, str, Any, dict[str, Any], Any]] = []
        for p, case, clue in zip(plans, cases, clues, strict=True):
            d: dict[str, Any] = {step: self.done(p, step) for step in ORDER_OF_STEPS}
            actor = gen.officer_user
            if p.kind == "summary":
                summaries.append(
                    SummaryRecord(
                        case=case, place=case.party_address or "经营场所", violation_facts=case.facts_text,
                        credentials_shown=True, rights_told=True, party_stated=False, party_signed=True,
                        recorded_on=d["recorded"], recorded_by=gen.chief if d["recorded"] else None,
                    )
                )  # fmt: skip
                violated, provision = legal_basis(case)
                on_spot: dt.date = case.filed_on
                doc_plan.append(
                    (on_spot, "summary_decision", case, {"violated": violated, "provision": provision}, actor)
                )
                deadline(case, "case.payment", "缴纳罚款期限", on_spot, d["executed"])
                event("cases.summary_decide", case, on_spot, fine=case.fine)
                if d["recorded"]:
                    event("cases.record_filing", case, d["recorded"])
                if d["executed"]:
                    event("cases.execute", case, d["executed"])
                if d["archived"]:
                    event("cases.archive", case, d["archived"])
                continue
            approvals.append(
                Approval(
                    kind="filing", clue=clue, case=case, status="approved", requested_on=d["proposed"], requested_by=actor,
                    proposal="经核查，有证据初步证明当事人涉嫌违法，依法应当给予行政处罚，属本局管辖且在追责时效内，建议立案调查。",
                    payload={"title": case.title, "party_kind": "organisation", "party_name": case.party_name,
                             "party_id_number": case.party_id_number, "party_address": case.party_address,
                             "party_representative": case.party_representative, "domain": case.domain,
                             "procedure": "ordinary", "facts_text": case.facts_text},
                    decided_on=case.filed_on, decided_by=gen.leader, opinion="同意立案，由承办机构指定两名办案人员调查。",
                    citation="《市场监督管理行政处罚程序规定》第十八条、第十九条",
                )
            )  # fmt: skip
            doc_plan.append((case.filed_on, "filing_approval", case, {}, gen.leader))
            event("cases.file", case, case.filed_on, number=case.number)
            event("cases.assign_officers", case, case.filed_on)
            deadline(case, "case.handling", "办案期限", case.filed_on, d["decided"] or d["terminated"])
            if d["evidence"]:
                for kind, title in EVIDENCE[: rng.randint(2, 3)]:
                    evidence.append(
                        Evidence(case=case, title=title, kind=kind, obtained_on=d["evidence"],
                                 description="证明当事人的违法事实", uploaded_by=actor)
                    )  # fmt: skip
                event("cases.evidence_add", case, d["evidence"])
            if p.coercion and d["coercion"]:
                event("cases.waive_coercion", case, d["coercion"])
            if p.mediation and d["mediation"]:
                event("cases.ip_mediation", case, d["mediation"])
            if p.kind == "terminated":
                if d["terminated"]:
                    approvals.append(
                        Approval(kind="termination", case=case, status="approved", requested_on=d["terminated"],
                                 requested_by=gen.leader, proposal=case.terminated_reason, decided_on=d["terminated"],
                                 decided_by=gen.leader, opinion="同意终止调查",
                                 citation="《市场监督管理行政处罚程序规定》第四十七条")
                    )  # fmt: skip
                    event("cases.terminate", case, d["terminated"])
            if d["submitted"]:
                event("cases.submit_review", case, d["submitted"])
            if d["reviewed"] and p.criteria:
                criteria = [{"code": f.code, "text": f.text, "citation": str(f.citation or ""), "status": f.status.value}
                            for f in p.criteria]  # fmt: skip
                reviews.append(
                    LegalReview(
                        case=case, stage="before_notice", criteria=criteria,
                        major_decision=any(not c["code"].startswith("uncertain.") for c in criteria),
                        proposal={"fine": str(case.proposed_fine)}, requested_on=d["submitted"], requested_by=actor,
                        reviewer=gen.reviewer, reviewed_on=d["reviewed"], opinion="agree", opinion_text="同意",
                    )
                )  # fmt: skip
                event("cases.request_legal_review", case, d["submitted"])
                event("cases.legal_review_approve", case, d["reviewed"])
            elif d["reviewed"]:
                event("cases.case_review_pass", case, d["reviewed"])
            if d["notified"]:
                approvals.append(
                    Approval(kind="proposal", case=case, status="approved", requested_on=d["notified"],
                             requested_by=gen.leader, proposal=f"拟给予行政处罚：罚款{case.proposed_fine}元",
                             decided_on=d["notified"], decided_by=gen.leader, opinion="同意按审核意见告知。",
                             citation="《市场监督管理行政处罚程序规定》第五十六条")
                )  # fmt: skip
                event("cases.approve_proposal", case, d["notified"])
                basis = legal_basis(case)
                party_met = min(d["statement_closed"], p.dates["statement_due"]) if d["statement_closed"] else None
                statement_due = deadline(case, "case.statement_defence", "陈述申辩期限", d["notified"], party_met)
                doc_plan.append((d["notified"], "prior_notice", case, {
                    "fine": str(case.proposed_fine), "confiscation": "0.00", "warning": False, "other": "",
                    "violated": basis[0], "provision": basis[1],
                    "facts_text": case.facts_text, "tier_label": (case.discretion or {}).get("tier_label", ""),
                    "hearing_right": case.hearing_right, "hearing_grounds": [],
                    "statement_due": statement_due.due_on.isoformat() if statement_due.due_on else None,
                    "hearing_due": None,
                }, actor))  # fmt: skip
                if case.hearing_right:
                    deadline(case, "case.hearing_request", "听证申请期限", d["notified"], party_met)
                event("cases.notify", case, d["notified"])
            if d["statement"]:
                statements.append(
                    PartyStatement(case=case, received_on=d["statement"], form="written",
                                   content="当事人称系初次违法，已整改，请求从轻处罚。", adoption="partly",
                                   review="当事人已整改属实，已在从轻档次内确定罚款，其余意见不予采纳。", recorded_by=actor)
                )  # fmt: skip
                event("cases.record_statement", case, d["statement"])
            if d["waiver"]:
                name = f"cases/waivers/demo/{case.number}-waiver.pdf"
                stored = default_storage.save(name, ContentFile(DEMO_PDF))
                waivers.append(
                    Waiver(case=case, scope="all" if case.hearing_right else "statement", signed_on=d["waiver"],
                           signatory=case.party_representative or "当事人授权代表", file=stored,
                           sha256=DEMO_PDF_SHA256, size=len(DEMO_PDF),
                           recorded_by=actor)
                )  # fmt: skip
                event("cases.record_waiver", case, d["waiver"])
            if d["statement_closed"]:
                event("cases.close_statement", case, d["statement_closed"])
            if d["discussion"]:
                discussions.append(
                    CollectiveDiscussion(case=case, held_on=d["discussion"], attendees="局长、分管副局长、法制科科长、承办机构负责人",
                                         opinions="同意承办机构的处罚建议", conclusion="按拟处罚意见作出行政处罚决定",
                                         recorded_by=gen.leader)
                )  # fmt: skip
                event("cases.collective_discussion", case, d["discussion"])
            if d["decided"]:
                if p.kind == "transfer":
                    approvals.append(
                        Approval(kind="transfer", case=case, status="approved", requested_on=d["decided"],
                                 requested_by=gen.leader, proposal=case.decision_reasoning, decided_on=d["decided"],
                                 decided_by=gen.leader, opinion=f"同意移送{case.transferred_to}",
                                 citation="《中华人民共和国行政处罚法》第二十七条")
                    )  # fmt: skip
                    event("cases.transfer", case, d["decided"])
                else:
                    kind = "penalty_decision" if case.decision_kind == "penalty" else "no_penalty_decision"
                    doc_plan.append((d["decided"], kind, case, {}, gen.leader))
                    event(
                        "cases.decide_penalty" if kind == "penalty_decision" else "cases.decide_no_penalty",
                        case,
                        d["decided"],
                    )
                    deadline(case, "case.service_absent_party", "决定书送达期限", d["decided"], d["served"])
            if d["served"]:
                doc_plan.append((d["served"], "service_receipt", case, {}, actor))
                event("cases.serve", case, d["served"])
                if case.money_owed:
                    deadline(case, "case.payment", "缴纳罚没款期限", d["served"], d["paid"])
            if d["paid"] and case.money_owed:
                event("cases.execute", case, d["paid"])
            if d["close_requested"]:
                ground = {"penalty": "行政处罚决定已执行完毕", "no_penalty": "已作出不予行政处罚决定，决定书已送达",
                          "transfer": f"案件已移送{case.transferred_to}", "terminated": f"案件终止调查：{case.terminated_reason}"}  # fmt: skip
                approvals.append(
                    Approval(kind="closing", case=case, status="approved" if d["closed"] else "pending",
                             requested_on=d["close_requested"], requested_by=actor, proposal="本案已具备结案条件，建议结案。",
                             payload={"ground": ground.get(p.kind, "行政处罚决定已执行完毕")},
                             decided_on=d["closed"], decided_by=gen.leader if d["closed"] else None,
                             opinion="同意结案。" if d["closed"] else "",
                             citation="《市场监督管理行政处罚程序规定》第七十七条")
                )  # fmt: skip
                event("cases.close_request", case, d["close_requested"])
                if not d["closed"]:
                    self.closing_pending.add(case.pk)
            if d["closed"]:
                doc_plan.append((d["closed"], "closing_approval", case, {}, gen.leader))
                event("cases.close", case, d["closed"])
            if d["archived"]:
                event("cases.archive", case, d["archived"])
            if case.decision_kind == "penalty" and case.procedure == "ordinary" and d["decided"]:
                kinds = [k for k, on_ in (("warning", case.warning), ("fine", case.fine),
                                          ("confiscation", case.confiscation)) if on_]  # fmt: skip
                period = display_period(
                    penalty_kinds=kinds, fine=case.fine, party_kind=case.party_kind, on=d["decided"]
                )
                published = d["decided"] + dt.timedelta(days=7)
                if published <= self.today:
                    until = period.end(published)  # Order 45 Art. 13 by penalty type, counted by the engine
                    pubs.append(
                        Publication(case=case, status="published" if until >= self.today else "expired",
                                    due_on=d["decided"] + dt.timedelta(days=28), published_on=published,
                                    display_until=until, display_rule=period.as_dict(), party_display=case.party_name,
                                    summary=f"违法行为：{case.title}\n处罚内容：{penalty_text(fine=case.fine, confiscation=case.confiscation, warning=False)}")
                    )  # fmt: skip

        # Documents in date order per year, so that numbers follow dates; the core counters continue from them.
        from fazhi.cases.choices import DOCUMENT_NUMBER_WORD

        doc_plan.sort(key=lambda row: (row[0], row[2].pk))
        for on, kind, case, snapshot, actor in doc_plan:
            word = DOCUMENT_NUMBER_WORD.get(kind)
            sequence = number(kind, on.year) if word else None
            doc = CaseDocument(case=case, kind=kind, year=on.year, sequence=sequence,
                               number=numbering.bureau_number(word, on.year, sequence) if word and sequence else "",
                               issued_on=on, issued_by=actor, snapshot=snapshot)  # fmt: skip
            docs.append(doc)
            if kind in ("penalty_decision", "no_penalty_decision", "summary_decision"):
                case.decision_number = doc.number
        Approval.objects.bulk_create(approvals, batch_size=2000)
        CaseDocument.objects.bulk_create(docs, batch_size=2000)
        LegalReview.objects.bulk_create(reviews, batch_size=2000)
        CollectiveDiscussion.objects.bulk_create(discussions)
        Evidence.objects.bulk_create(evidence, batch_size=2000)
        PartyStatement.objects.bulk_create(statements, batch_size=2000)
        Waiver.objects.bulk_create(waivers)
        SummaryRecord.objects.bulk_create(summaries)
        Publication.objects.bulk_create(pubs, batch_size=2000)
        TrackedDeadline.objects.bulk_create(deadlines, batch_size=2000)
        for case in cases:
            self._next(case, next_step, progress)
        Case.objects.bulk_update(
            cases,
            [
                "decision_number",
                "handling_due_on",
                "payment_due_on",
                "next_role",
                "next_action",
                "next_due_on",
                "queue_due",
            ],
            batch_size=2000,
        )
        for (scope, year), last in counters.items():
            numbering.set_floor(f"cases.{scope}", year, last)
        with acting_as(None, label="演示数据（按办案步骤生成）"):
            for action, items in events.items():
                audit_records(action=action, items=items)
        gen.ctx.shared["cases"] = cases

    def _fill(self, case: Any, p: Plan, short: str, number: Any) -> None:
        """The case row as its last step left it."""
        from fazhi.cases.workflow import State

        d: dict[str, Any] = {step: self.done(p, step) for step in ORDER_OF_STEPS}
        case.number = f"{short}{'简' if p.kind == 'summary' else '立'}〔{case.filed_on.year}〕{number('summary_case' if p.kind == 'summary' else 'case', case.filed_on.year)}号"
        case.last_step_on = max(x for x in d.values() if x is not None)
        case.officers_assigned_on = case.filed_on if p.kind != "summary" else None
        case.officers_assigned_by = self.gen.chief if case.officers_assigned_on else None
        if p.kind in ("penalty", "open", "summary"):
            case.proposed_fine = p.amount
        case.coercion_waived = bool(p.coercion and d["coercion"])
        if case.coercion_waived:
            case.coercion_waived_on = d["coercion"]
            case.coercion_waiver = {"item_id": "nc.first_violation_cooperative", "name": "首次违法、主动配合调查，没有明显社会危害",
                                    "status": "UNCONFIRMED", "on": d["coercion"].isoformat()}  # fmt: skip
        if p.mediation and d["mediation"]:
            case.ip_mediated, case.ip_mediated_on = True, d["mediation"]
            case.ip_mediation_result = "双方就侵权赔偿达成调解协议（演示）"
        case.complex_case = p.major
        case.discussion_required = p.major
        case.hearing_right = p.hearing_right and bool(d["notified"])
        if d["notified"]:
            case.notified_on = d["notified"]
        if d["statement_closed"]:
            case.statement_closed_on = d["statement_closed"]
            case.statement_basis = "waived" if d["waiver"] else "expired"
            case.statement_summary = (
                "当事人于{:%Y年%m月%d日}书面提出陈述、申辩：当事人称系初次违法，已整改，请求从轻处罚。经复核，本局认为：当事人已整改属实，"
                "已在从轻档次内确定罚款，其余意见不予采纳。（部分采纳）".format(d["statement"])
                if d["statement"]
                else "当事人于{:%Y年%m月%d日}书面声明放弃陈述、申辩的权利".format(d["waiver"])
                if d["waiver"]
                else "当事人在法定期限内未提出陈述、申辩"
            )
        state = State.INVESTIGATING
        if p.kind == "summary":
            case.state = (
                State.ARCHIVED
                if d["archived"]
                else State.EXECUTED
                if d["executed"]
                else State.RECORDED
                if d["recorded"]
                else State.DECIDED
            )
            case.decision_kind, case.decided_on, case.decided_by = "penalty", case.filed_on, self.gen.officer_user
            case.fine = p.amount
            case.served_on, case.paid_on, case.paid_amount = (
                case.filed_on,
                d["executed"],
                p.amount if d["executed"] else Decimal(0),
            )
            case.statement_summary = "当事人未提出陈述、申辩"
            case.decision_reasoning = "违法事实清楚，当场作出处罚决定"
            return
        if p.kind == "terminated":
            case.terminated_reason = "当事人已注销且无权利义务承受人（演示）"
            state = State.TERMINATED if d["terminated"] else state
        elif d["decided"]:
            case.decided_on, case.decided_by = d["decided"], self.gen.leader
            if p.kind == "transfer":
                case.decision_kind, case.transferred_to = "transfer", "天津市公安局东丽分局"
                case.decision_reasoning = "涉嫌犯罪，依法移送（演示）"
                state = State.TRANSFERRED
            elif p.kind == "no_penalty":
                case.decision_kind = "no_penalty"
                case.exemption = {"item_id": "apl33", "list": "statute", "list_label": "《中华人民共和国行政处罚法》第三十三条第一款",
                                  "name": "违法行为轻微并及时改正，没有造成危害后果", "status": "TEXT", "discretionary": False}  # fmt: skip
                case.education_record = "当场批评教育，责令改正，当事人已改正"
                case.decision_reasoning = "当事人违法行为轻微并及时改正，没有造成危害后果。"
                state = State.DECIDED
            else:
                case.decision_kind = "penalty"
                case.fine = p.amount
                case.decision_reasoning = "违法事实清楚，证据确凿，当事人积极配合调查，依法从轻处罚。"
                state = State.DECIDED
        elif d["statement_closed"]:
            state = State.STATEMENT_CLOSED
        elif d["notified"]:
            state = State.NOTIFIED
        elif d["reviewed"]:
            state = State.REVIEWED
        elif d["submitted"]:
            state = State.CASE_REVIEW
        if d["served"] and case.decision_kind in ("penalty", "no_penalty"):
            case.served_on, case.service_method, case.service_place = (
                d["served"],
                "direct",
                case.party_address or "本局",
            )
            state = State.SERVED
        if d["paid"] and case.decision_kind == "penalty":
            case.paid_on, case.paid_amount = d["paid"], case.fine
            state = State.EXECUTED
        if d["closed"]:
            case.closed_on = d["closed"]
            state = State.CLOSED
        if d["archived"]:
            case.archived_on = d["archived"]
            state = State.ARCHIVED
        case.state = state

    def _next(self, case: Any, next_step: Any, progress: Any) -> None:
        from fazhi.cases.models import QUEUE_END
        from fazhi.cases.workflow import OPEN_STATES, State

        handling = self.gen.due("case.handling", case.filed_on) if case.procedure != "summary" else None
        case.handling_due_on = handling.due_on if handling else None
        if case.served_on and case.money_owed:
            case.payment_due_on = self.gen.due("case.payment", case.served_on).due_on
        state = State(case.state)
        closing = case.pk in self.closing_pending
        step = next_step(case.procedure, state, officers_assigned=True, closing_requested=closing,
                         money_owed=case.money_owed and case.paid_on is None)  # fmt: skip
        case.next_role, case.next_action = step.role, step.action
        if state in OPEN_STATES:
            case.next_due_on = case.handling_due_on
        elif state is State.SERVED and case.money_owed and case.paid_on is None:
            case.next_due_on = case.payment_due_on
        else:
            case.next_due_on = None
        case.queue_due = case.next_due_on or QUEUE_END
