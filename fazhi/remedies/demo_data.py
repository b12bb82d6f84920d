"""Demo: two years of reconsideration and litigation through the services, near the seed (2023: 49
reconsiderations, 11 lawsuits, the head appearing at all 6 court sessions).

Most applications contest the handling of complaints and tips (the usual case at a market-supervision bureau),
some a penalty decision of the year (one of them revoked: its publicity is withdrawn through the cases service),
a few a disclosure reply or an alleged failure to act. Answers go in within the period the rulebook gives; court
sessions record the head who appeared (in 2022 once a deputy was prevented and sent a delegate). Reconsiderations of
penalty decisions and about one in ten others are heard (复议听证), the head attending or sending a delegate. A few
matters are still pending on the demo's date.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 85
D = dt.date

# year → (reconsiderations, lawsuits, court sessions, sessions the head missed, revoked penalty decisions)
PLAN = {2022: (38, 9, 6, 1, 0), 2023: (49, 11, 6, 0, 1)}
# (act kind, weight, what is contested, reference pattern)
ACTS = (
    ("complaint", 50, "对投诉不予受理决定不服", "TS{y}{n:05d}"),
    ("complaint", 36, "对举报处理答复不服", "JB{y}{n:05d}"),
    ("disclosure", 10, "对政府信息公开申请答复不服", "GK{y}{n:03d}"),
    ("inaction", 4, "认为未依法履行查处职责", ""),
)
RECONSIDERATION_OUTCOMES = (
    ("maintained", 62),
    ("dismissed", 12),
    ("withdrawn", 16),
    ("mediated", 4),
    ("confirmed_unlawful", 3),
    ("ordered_to_perform", 3),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("remedies")
    with ctx.step("复议诉讼：两年的行政复议、行政诉讼及负责人出庭"):
        for year in (ctx.year - 1, ctx.year):
            _year(ctx, rng, year)


def _limit(ctx: DemoContext) -> dt.date:
    from fazhi.core.clock import legal_today

    return min(ctx.today, legal_today())


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "某"


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _year(ctx: DemoContext, rng: random.Random, year: int) -> None:
    from fazhi.cases.models import Case
    from fazhi.remedies import services

    if year not in PLAN:
        return
    n_rec, n_suit, sessions, missed, revoked = PLAN[year]
    n_rec, n_suit = ctx.scaled(n_rec, minimum=1), ctx.scaled(n_suit, minimum=1)
    sessions = min(n_suit, ctx.scaled(sessions, minimum=1))
    missed = min(missed, sessions - 1)
    users = ctx.shared["users"]
    actor, leader = users["legal_reviewer"], users["leader"]
    limit = _limit(ctx)
    hearing_rng = ctx.sub_rng(f"remedies.hearings.{year}")  # its own stream: the registers' figures stay as they were
    offices = ctx.shared.get("offices") or list(ctx.shared["departments"].values())
    penalty_cases = list(
        Case.objects.filter(
            decision_kind="penalty", served_on__isnull=False, decided_on__year=year, served_on__lt=D(year, 10, 1)
        )
        .select_related("department")
        .order_by("pk")[:400]
    )
    rng.shuffle(penalty_cases)
    n_penalty = min(len(penalty_cases), max(revoked, round(n_rec * 0.18)))
    maintained: list[Any] = []
    for i in range(n_rec):
        received = D(year, 1, 10) + dt.timedelta(days=rng.randint(0, 330 if i else 120))
        applied = received - dt.timedelta(days=rng.randint(6, 12))
        accepted = applied + dt.timedelta(days=rng.randint(1, 4))
        case = penalty_cases[i] if i < n_penalty else None
        if case is not None:
            served = case.served_on
            assert served is not None  # only served penalty cases are chosen above
            applied = max(applied, served + dt.timedelta(days=rng.randint(5, 40)))
            accepted = applied + dt.timedelta(days=rng.randint(1, 4))
            received = accepted + dt.timedelta(days=rng.randint(2, 6))
            kind, description, reference, department = "penalty", "行政处罚决定", case.decision_number, case.department
        else:
            kind, _, description, pattern = rng.choices(ACTS, weights=[a[1] for a in ACTS])[0]
            reference = pattern.format(y=year, n=rng.randint(1, 99999)) if pattern else ""
            department = offices[rng.randrange(len(offices))]
        if received > limit:
            continue
        r = services.reconsideration_register(
            department=department, case=case, act_kind=kind, act_description=description, act_reference=reference,
            applicant_name=_name(rng), applicant_kind="natural_person" if kind != "penalty" else "organisation",
            reviewing_number=f"东政复〔{year}〕{i + 1}号", applied_on=applied, accepted_on=accepted,
            copy_received_on=received, actor=actor,
        )  # fmt: skip
        answered = received + dt.timedelta(days=rng.randint(2, 7))
        if answered > limit:
            continue
        services.matter_submit(
            matter=r,
            kind="evidence",
            title="作出行政行为的证据材料",
            items=rng.randint(4, 20),
            submitted_on=answered,
            actor=actor,
        )
        services.matter_submit(matter=r, kind="answer", title="行政复议答复书", submitted_on=answered, actor=actor)
        decided = accepted + dt.timedelta(days=rng.randint(35, 58))
        known = decided + dt.timedelta(days=rng.randint(1, 3))
        if known > min(limit, D(year, 12, 31)) and n_rec > 1:
            continue  # still before the reviewing body at the year's end
        known = min(known, limit)
        decided = min(decided, known)
        if (case is not None or hearing_rng.random() < 0.1) and (decided - answered).days >= 3:
            held = answered + dt.timedelta(days=hearing_rng.randint(1, (decided - answered).days - 1))
            delegate = hearing_rng.random() < 0.25
            services.hearing_record(
                matter=r, held_on=held, place="天津市东丽区人民政府行政复议办公室", head_appeared=not delegate,
                head_user=None if delegate else leader, head_name="" if delegate else "王局长",
                head_position="" if delegate else "principal", delegate_name="法制科 李某" if delegate else "",
                absence_explanation="参加全区安全生产督查" if delegate else "",
                absence_reason="official_duty" if delegate else "", actor=leader,
            )  # fmt: skip
        if case is not None:
            outcome = "revoked" if i < revoked else "maintained"
        else:
            outcome = _weighted(rng, RECONSIDERATION_OUTCOMES)
            if outcome == "ordered_to_perform" and kind != "inaction":
                outcome = "maintained"
        services.matter_conclude(
            matter=r, outcome=outcome, decided_on=decided, known_on=known, withdraw_on=known,
            outcome_document=f"东政复决字〔{year}〕{i + 1}号", actor=leader,
        )  # fmt: skip
        if outcome == "maintained" and case is None:
            maintained.append(r)
    for j in range(n_suit):
        after = maintained.pop(0) if maintained and j % 3 == 2 and maintained[0].known_on.month < 11 else None
        if after is not None:
            received = after.known_on + dt.timedelta(days=rng.randint(6, 14))
            department, kind, description = after.department, after.act_kind, after.act_description
        else:
            received = D(year, 1, 15) + dt.timedelta(days=rng.randint(0, 300 if j else 90))
            department, kind, description = offices[rng.randrange(len(offices))], "complaint", "对举报处理答复不服"
        if received > limit:
            continue
        suit = services.lawsuit_register(
            department=department, act_kind=kind, act_description=description, plaintiff_name=_name(rng),
            plaintiff_kind="natural_person", court="天津市东丽区人民法院",
            court_case_number=f"（{year}）津0110行初{j + 11}号", reconsideration=after,
            filed_on=received - dt.timedelta(days=rng.randint(3, 7)), complaint_received_on=received, actor=actor,
        )  # fmt: skip
        answered = received + dt.timedelta(days=rng.randint(5, 12))
        if answered > limit:
            continue
        services.matter_submit(matter=suit, kind="answer", title="行政答辩状", submitted_on=answered, actor=actor)
        services.matter_submit(
            matter=suit,
            kind="evidence",
            title="证据、依据及规范性文件",
            items=rng.randint(5, 25),
            submitted_on=answered,
            actor=actor,
        )
        if j < sessions:
            held = answered + dt.timedelta(days=rng.randint(20, 45))
            if held > min(limit, D(year, 12, 20)):
                held = min(limit, D(year, 12, 20))
            if held < answered:
                continue
            absent = j < missed
            services.hearing_record(
                matter=suit, held_on=held, place="天津市东丽区人民法院", court_notified_head=j % 2 == 0,
                head_appeared=not absent, head_user=None if absent or j % 2 else leader,
                head_name="" if absent else ("王局长" if j % 2 == 0 else "张副局长"),
                head_position="" if absent else ("principal" if j % 2 == 0 else "deputy"),
                absence_reason="official_duty" if absent else "", delegate_name="法制科 李某" if absent else "",
                absence_explanation="参加市级食品安全专项督查" if absent else "",
                staff_observers=24 if j == sessions - 1 and year == ctx.year else 0, actor=leader,
            )  # fmt: skip
            decided = held + dt.timedelta(days=rng.randint(10, 25))
            outcome = "claims_dismissed"
        else:
            decided = answered + dt.timedelta(days=rng.randint(10, 30))
            outcome = "withdrawn" if j % 2 else "suit_dismissed"
        known = decided + dt.timedelta(days=rng.randint(2, 6))
        if known > min(limit, D(year, 12, 31)):
            continue  # judgment after the year's end
        services.matter_conclude(
            matter=suit, outcome=outcome, decided_on=decided, known_on=known,
            outcome_document=f"（{year}）津0110行初{j + 11}号", actor=leader,
        )  # fmt: skip
