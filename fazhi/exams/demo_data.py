"""学法用法考试 part of the demo district (ORDER 105): the annual law exam of 2022 and 2023 with their make-ups.

The bank is loaded through the service (as in service since 1 September 2021). Exams, rules and rosters go through
the services; publishing, sittings and closing happened in the past, so they are written here with the same pure
functions the live path uses — the seed is recorded, every paper is ``assembly.assemble`` from the sitter's seed
and the bank of that day, every score is ``assembly.score`` and every result carries its digest — so
``selectors.rederive`` confirms each demo sitting like a real one. The staff list is the same at every ``--scale``.

2023: everyone in post on the roster sits (≈184), a few fail and pass the make-up: participation and pass rate
100 % (seed report). 2022: two exempt, one never sits, one fails the make-up too.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 105

RULES = (  # 25 questions × 4 points = 100; pass mark 60
    ("中华人民共和国行政处罚法", "single", None, 4),
    ("中华人民共和国行政处罚法", "multiple", None, 2),
    ("中华人民共和国行政处罚法", "true_false", None, 3),
    ("中华人民共和国行政许可法", "single", None, 3),
    ("中华人民共和国行政许可法", "true_false", None, 2),
    ("中华人民共和国行政强制法", "single", None, 2),
    ("中华人民共和国行政强制法", "multiple", None, 1),
    ("中华人民共和国行政强制法", "true_false", None, 2),
    ("市场监督管理行政处罚程序规定", "single", None, 2),
    ("市场监督管理行政处罚程序规定", "true_false", None, 1),
    ("中华人民共和国食品安全法", "single", None, 1),
    ("中华人民共和国食品安全法", "true_false", None, 1),
    ("中华人民共和国反不正当竞争法", "true_false", None, 1),
)
PLAN: dict[int, dict[str, Any]] = {
    2023: {"opens": (11, 14), "exempt": 0, "absent": 0, "fail": 3, "fail_makeup": 0, "ability": (0.72, 0.98)},
    2022: {"opens": (11, 8), "exempt": 2, "absent": 1, "fail": 4, "fail_makeup": 1, "ability": (0.68, 0.97)},
}


def generate(ctx: DemoContext) -> None:
    import yaml

    from fazhi.core import clock
    from fazhi.core.context import acting_as
    from fazhi.exams import services
    from fazhi.exams.bank import STARTER_BANK

    rng = ctx.sub_rng("exams")
    organiser = ctx.shared["users"]["legal_reviewer"]
    with acting_as(organiser, label="演示数据"), ctx.step("学法用法考试：载入起始题库"):
        services.bank_load(
            document=yaml.safe_load(STARTER_BANK.read_text(encoding="utf-8")),
            actor=None,
            as_of=dt.datetime(ctx.year - 2, 9, 1, tzinfo=clock.SHANGHAI),
        )
    with ctx.step("学法用法考试：全局人员的答题账号"):
        accounts = _accounts()
    for year in (ctx.year - 1, ctx.year):
        with acting_as(organiser, label="演示数据"), ctx.step(f"学法用法考试：{year} 年度考试与补考"):
            _year(ctx, rng, year, organiser, accounts)


def _accounts() -> dict[int, int]:
    """Every staff member in post gets an account (officer role, own department, no usable password — the demo
    logs in only through the accounts of fazhi/demo/accounts.py); returns officer id → user id."""
    from django.contrib.auth.hashers import make_password

    from fazhi.core.models import User
    from fazhi.registry import selectors as registry_selectors

    linked = dict(User.objects.filter(officer__isnull=False).values_list("officer_id", "pk"))
    unusable = make_password(None)
    rows = [
        User(username=f"staff-{o.certificate_number}", role="officer", department_id=o.department_id, officer_id=o.pk,
             display_name=o.name, password=unusable)
        for o in registry_selectors.bureau_staff()
        if o.pk not in linked
    ]  # fmt: skip
    User.objects.bulk_create(rows)
    return dict(User.objects.filter(officer__isnull=False).values_list("officer_id", "pk"))


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    from fazhi.core import clock

    return dt.datetime(year, month, day, hour, minute, tzinfo=clock.SHANGHAI)


def _year(ctx: DemoContext, rng: random.Random, year: int, organiser: Any, accounts: dict[int, int]) -> None:
    from fazhi.exams import services
    from fazhi.exams.models import Candidate

    plan = PLAN[year]
    month, day = plan["opens"]
    exam = services.exam_create(
        title=f"{year}年度国家工作人员学法用法考试", kind="annual", year=year, department=ctx.shared["departments"]["legal"],
        opens_at=_at(year, month, day, 9), closes_at=_at(year, month, day + 4, 17), duration_minutes=60, pass_mark=60,
        actor=organiser,
    )  # fmt: skip
    for topic, kind, level, count in RULES:
        services.rule_add(exam=exam, topic=topic, kind=kind, difficulty=level, count=count, points=4, actor=organiser)
    services.roster_fill(exam=exam, department_ids=None, actor=organiser)
    candidates = list(Candidate.objects.filter(exam=exam).order_by("id"))
    for candidate in rng.sample(candidates, plan["exempt"]):
        services.candidate_exempt(candidate=candidate, reason=rng.choice(["长期病假", "借调外单位"]), actor=organiser)
    required = [c for c in Candidate.objects.filter(exam=exam, status="required").order_by("id")]
    absent = set(c.pk for c in rng.sample(required, plan["absent"]))
    sitting = [c for c in required if c.pk not in absent]
    failing = set(c.pk for c in rng.sample(sitting, plan["fail"]))
    _publish(exam, rng, organiser)
    _sit(exam, sitting, rng, plan["ability"], failing, accounts)
    _close(exam, organiser)
    owed_fail = set(rng.sample(sorted(failing), plan["fail_makeup"]))
    makeup = services.makeup_create(
        original=exam, title=f"{year}年度国家工作人员学法用法考试（补考）", opens_at=_at(year, 12, 5, 9),
        closes_at=_at(year, 12, 6, 17), actor=organiser,
    )  # fmt: skip
    _publish(makeup, rng, organiser)
    retakers = [c for c in Candidate.objects.filter(exam=makeup).order_by("id") if c.officer_id in
                {x.officer_id for x in sitting if x.pk in failing}]  # fmt: skip
    again = {
        c.pk for c in retakers if any(f == x.pk and x.officer_id == c.officer_id for f in owed_fail for x in sitting)
    }
    _sit(makeup, retakers, rng, (0.8, 0.98), again, accounts)
    _close(makeup, organiser)


def _publish(exam: Any, rng: random.Random, organiser: Any) -> None:
    from fazhi.core.audit import audit_record
    from fazhi.exams.models import Exam

    rules = list(exam.rules.order_by("position"))
    total = sum(r.count * r.points for r in rules)
    seed = f"{rng.getrandbits(128):032x}"
    published_at = exam.opens_at - dt.timedelta(days=7)
    Exam.objects.filter(pk=exam.pk).update(
        status="published", seed=seed, total_points=total, published_at=published_at, published_by=organiser,
        revision=exam.revision + 1,
    )  # fmt: skip
    exam.refresh_from_db()
    audit_record(action="exams.exam_publish", target=exam, actor=organiser,
                 changes={"seed": seed, "total_points": total, "pass_mark": exam.pass_mark,
                          "rules": [r.key for r in rules], "published_at": published_at, "history": True})  # fmt: skip


def _wrong(kind: str, answer: str, options: int, rng: random.Random) -> str:
    if kind == "true_false":
        return "F" if answer == "T" else "T"
    if kind == "multiple":
        return answer[:-1]  # one right option left out
    letters = [chr(ord("A") + i) for i in range(options) if chr(ord("A") + i) != answer]
    return rng.choice(letters)


def _sit(
    exam: Any,
    candidates: list[Any],
    rng: random.Random,
    ability: tuple[float, float],
    failing: set[int],
    accounts: dict[int, int],
) -> None:
    from fazhi.core import bulk
    from fazhi.core.clock import SHANGHAI
    from fazhi.exams import assembly
    from fazhi.exams.models import Answer, Question, Sitting
    from fazhi.exams.selectors import paper_rules, rule_pools

    rules = paper_rules(exam)
    start_day = exam.opens_at.astimezone(SHANGHAI).date()
    pools = rule_pools(rules, on=start_day, at=exam.opens_at)
    keys = {q.pk: (q.kind, q.answer, len(q.options)) for q in Question.objects.filter(pk__in={i for p in pools.values()
                                                                                                for i in p})}  # fmt: skip
    window = int((exam.closes_at - exam.opens_at).total_seconds() // 60) - exam.duration_minutes
    plans = []
    for candidate in candidates:
        seed = assembly.sitter_seed(exam.seed, candidate.officer_id)
        slots = assembly.assemble(seed, [r.as_rule() for r in rules], pools)
        level = rng.uniform(0.3, 0.5) if candidate.pk in failing else rng.uniform(*ability)
        responses = []
        for slot in slots:
            kind, answer, options = keys[slot.question_id]
            responses.append(answer if rng.random() < level else _wrong(kind, answer, options, rng))
        total, marks = assembly.score(
            [(r, keys[s.question_id][1], s.points) for r, s in zip(responses, slots, strict=True)]
        )
        if candidate.pk not in failing and total < exam.pass_mark:  # a demo sitter meant to pass does
            responses = [keys[s.question_id][1] for s in slots]
            total, marks = assembly.score(
                [(r, keys[s.question_id][1], s.points) for r, s in zip(responses, slots, strict=True)]
            )
        started = exam.opens_at + dt.timedelta(minutes=rng.randint(0, max(0, window)))
        deadline = min(started + dt.timedelta(minutes=exam.duration_minutes), exam.closes_at)
        timeout = rng.random() < 0.03
        submitted = deadline + dt.timedelta(seconds=rng.randint(1, 9)) if timeout else started + dt.timedelta(
            minutes=rng.randint(15, exam.duration_minutes - 2))  # fmt: skip
        plans.append((candidate, seed, slots, responses, total, marks, started, deadline, submitted, timeout))
    rows = [
        Sitting(exam=exam, candidate=c, officer_id=c.officer_id, department_id=c.department_id, user_id=accounts[c.officer_id], seed=seed,
                pool_digest=assembly.pool_digest(pools), paper_date=started.astimezone(SHANGHAI).date(),
                started_at=started, deadline_at=deadline, status="submitted", submitted_at=submitted,
                submitted_how="timeout" if timeout else "sitter", max_score=sum(s.points for s in slots), score=total,
                passed=total >= exam.pass_mark, revision=1)
        for c, seed, slots, _r, total, _m, started, deadline, submitted, timeout in plans
    ]  # fmt: skip
    Sitting.objects.bulk_create(rows)
    ids = dict(Sitting.objects.filter(exam=exam).values_list("candidate_id", "pk"))
    answers, digests = [], []
    for c, seed, slots, responses, total, marks, started, _d, submitted, _t in plans:
        sitting_id = ids[c.pk]
        for slot, response, ok in zip(slots, responses, marks, strict=True):
            saved = started + (submitted - started) * slot.position / (len(slots) + 1)
            answers.append((sitting_id, slot.position, slot.question_id, slot.points, response, saved, ok))
        digest = assembly.result_digest(sitting_id=sitting_id, seed=seed,
                                        responses=[(s.position, s.question_id, r) for s, r in zip(slots, responses,
                                                                                                  strict=True)],
                                        total=total)  # fmt: skip
        digests.append((sitting_id, digest))
    bulk.insert(Answer, ["sitting_id", "position", "question_id", "points", "response", "saved_at", "correct"], answers)
    bulk.update_by_pk(Sitting, ["result_digest"], digests)


def _close(exam: Any, organiser: Any) -> None:
    from fazhi.core.audit import audit_record
    from fazhi.exams.models import Exam

    Exam.objects.filter(pk=exam.pk).update(status="closed", closed_at=exam.closes_at, revision=exam.revision + 1)
    exam.refresh_from_db()
    audit_record(action="exams.exam_close", target=exam, actor=organiser,
                 changes={"finalized": 0, "closed_at": exam.closes_at, "history": True})  # fmt: skip
