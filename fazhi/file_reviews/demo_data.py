"""Demo: two years of case-file review through the services, near the seed (2023: 2 rounds, 101 files, 6 sent up).

Each round is planned, drawn (a CSPRNG seed; reviewers recused by the same rules as on screen), scored by its
reviewers, graded, fed back and — for the earlier rounds — rectified to closure; one 2023 round is still in
rectification on the demo's date, and a 2024 round is under review so that the demo accounts have work. Files are
drawn from the concluded cases the cases demo left (a year without cases gets no round: the report then says so).
Finally the live review of every case is computed and stored.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from fazhi.core.clock import at_moment
from fazhi.demo.context import DemoContext, token_hex_from

ORDER = 80
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")

# (year, title, started_on, due_on, decided_from, decided_to, files wanted, state to leave it in)
ROUNDS: tuple[tuple[int, str, dt.date, dt.date, dt.date, dt.date, int, str], ...] = (
    (2022, "2022年上半年行政处罚案卷评查", D(2022, 7, 4), D(2022, 7, 29), D(2022, 1, 1), D(2022, 6, 30), 44, "closed"),
    (
        2022,
        "2022年下半年行政处罚案卷评查",
        D(2022, 12, 1),
        D(2022, 12, 23),
        D(2022, 7, 1),
        D(2022, 11, 30),
        42,
        "closed",
    ),
    (2023, "2023年上半年行政处罚案卷评查", D(2023, 7, 3), D(2023, 7, 28), D(2023, 1, 1), D(2023, 6, 30), 51, "closed"),
    (
        2023,
        "2023年下半年行政处罚案卷评查",
        D(2023, 12, 1),
        D(2023, 12, 22),
        D(2023, 7, 1),
        D(2023, 11, 30),
        50,
        "feedback",
    ),
    (2024, "2023年第四季度补充评查", D(2024, 1, 8), D(2024, 1, 31), D(2023, 12, 1), D(2023, 12, 31), 12, "reviewing"),
)
# Files sent to higher authorities' reviews: (sent_on, authority, review name, how many, domain preferred).
SENT_UP: tuple[tuple[dt.date, str, str, int, str | None], ...] = (
    (D(2022, 9, 20), "天津市市场监督管理委员会", "2022年全市市场监管行政处罚案卷评查", 2, None),
    (D(2022, 11, 8), "天津市药品监督管理局", "2022年药品监管行政处罚案卷评查", 2, "drugs_cosmetics_devices"),
    (D(2023, 9, 12), "天津市市场监督管理委员会", "2023年全市市场监管行政处罚案卷评查", 2, None),
    (D(2023, 10, 17), "天津市知识产权局", "2023年知识产权行政执法案卷评查", 2, "intellectual_property"),
    (D(2023, 11, 14), "天津市药品监督管理局", "2023年药品监管行政处罚案卷评查", 2, "drugs_cosmetics_devices"),
)
# Typical findings of a manual review: (checkpoint, least, most points, the note).
FINDINGS = (
    ("document_contents", 1, 3, "决定书对陈述申辩意见的采纳情况说理不充分"),
    ("file_assembled", 1, 2, "卷内目录与材料顺序不一致，部分页码缺失"),
    ("facts_established", 2, 5, "违法所得计算依据未在卷内体现"),
    ("evidence_sufficient", 2, 6, "现场检查笔录未记录检查人员执法证号，照片未注明拍摄时间"),
    ("discretion_appropriate", 2, 4, "从轻处罚情节的认定缺少证据支持"),
    ("qualification_correct", 3, 6, "违法行为定性引用条款不够准确"),
    ("execution_lawful", 1, 2, "罚没款缴款凭证复印件未归档"),
)
REVIEWER_PANEL = 10  # at least; more when a round draws many files (see _panel_size)
FILES_PER_REVIEWER = 5  # team slots (files × team size) per panel member the demo aims at


def _panel_size(ctx: DemoContext) -> int:
    """Enough reviewers for the largest round: with two reviewers per file, recusal of the handling department
    (cross review) and the draw's balanced-workload cap, a panel of ten cannot staff a full-scale round of ~50
    files (``draw.team_unstaffable``); aim at about five team slots per reviewer."""
    largest = max(ctx.scaled(wanted, minimum=1) for *_, wanted, _ in ROUNDS)
    return max(REVIEWER_PANEL, -(-largest * 2 // FILES_PER_REVIEWER))


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("file_reviews")
    with ctx.step("案卷评查：两年的评查活动、评分、整改，报送上级评查"):
        _generate(ctx, rng)
    with ctx.step("案卷评查：全部案件的实时评查"):
        from fazhi.file_reviews.services import live_recompute

        live_recompute(today=ctx.today)


def _panel(ctx: DemoContext, rng: random.Random) -> list[Any]:
    """Reviewer accounts drawn from the sections and offices, one per department in turn until the panel is large
    enough (no password: they exist for the records)."""
    from fazhi.core.models import User
    from fazhi.core.roles import Role

    users = ctx.shared["users"]
    by_department = ctx.shared["officers_by_department"]
    departments = [d for d in ctx.shared["departments"].values() if d.kind in ("section", "office")]
    taken = {u.officer_id for u in users.values() if u.officer_id}
    panel = [users["legal_reviewer"], users["section_chief"], users["officer"]]
    size = _panel_size(ctx)
    rng.shuffle(departments)
    for turn in range(3):
        for department in departments:
            if len(panel) >= size:
                return panel
            candidates = [o for o in by_department.get(department.code, []) if o.active and o.pk not in taken]
            if not candidates:
                continue
            officer = candidates[0]
            taken.add(officer.pk)
            role = Role.LEGAL_REVIEWER if department.code == "legal" else Role.SECTION_CHIEF
            user = User(
                username=f"reviewer-{department.code}" + (f"-{turn + 1}" if turn else ""),
                role=role,
                department=department,
                officer=officer,
                display_name=officer.name,
                password=make_password(None),
            )
            user.save()
            panel.append(user)
    return panel


def _sheet(rng: random.Random) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """A plausible manual score sheet: most files clean or nearly so, some with several findings, a few failing."""
    roll = rng.random()
    count = 0 if roll < 0.35 else 1 if roll < 0.7 else 2 if roll < 0.9 else 3 if roll < 0.97 else 5
    deductions: dict[str, int] = {}
    notes: dict[str, str] = {}
    for cp, low, high, note in rng.sample(FINDINGS, min(count, len(FINDINGS))):
        deductions[cp] = rng.randint(low, high) * (3 if count == 5 else 1)
        notes[cp] = note
    vetoes: list[str] = []
    if count == 5 and rng.random() < 0.5:
        vetoes, notes["evidence_sufficient"] = ["evidence_sufficient"], "主要证据不足以证明违法事实"
        deductions["evidence_sufficient"] = 15
    limits = {"document_contents": 5, "file_assembled": 5, "facts_established": 15, "evidence_sufficient": 15,
              "discretion_appropriate": 10, "qualification_correct": 10, "execution_lawful": 3}  # fmt: skip
    return {k: min(v, limits[k]) for k, v in deductions.items()}, notes, vetoes


def _generate(ctx: DemoContext, rng: random.Random) -> None:
    from fazhi.cases.models import Case
    from fazhi.core.clock import legal_today
    from fazhi.file_reviews import services
    from fazhi.file_reviews.models import Rectification

    users = ctx.shared["users"]
    organiser, leader = users["legal_reviewer"], users["leader"]
    limit = min(ctx.today, legal_today())  # nothing is dated after the demo's (and the law's) today
    panel = _panel(ctx, rng)
    for year, title, started, due, d_from, d_to, wanted, leave in ROUNDS:
        if year not in (ctx.year - 1, ctx.year, ctx.year + 1) or started + dt.timedelta(days=3) > limit:
            continue
        pool = Case.objects.filter(
            state__in=("closed", "archived"), procedure__in=("ordinary", "fast_track"), decided_on__gte=d_from,
            decided_on__lte=d_to,
        ).count()  # fmt: skip
        if pool == 0:
            continue  # the cases demo holds no concluded file of that period
        due = min(due, limit)
        r = services.round_create(
            title=title, started_on=started, due_on=due, method="draw", decided_from=d_from, decided_to=d_to,
            panel=panel, sample_size=min(ctx.scaled(wanted, minimum=1), max(1, pool // 2)), team_size=2,
            actor=organiser,
        )  # fmt: skip
        with at_moment(dt.datetime.combine(started, dt.time(9), tzinfo=SHANGHAI)):
            # pool, panel and commitment first; the secret from the demo's stream (same district for a --seed)
            services.round_commit(review_round=r, actor=organiser, token_hex=token_hex_from(rng))
        with at_moment(dt.datetime.combine(started + dt.timedelta(days=1), dt.time(10), tzinfo=SHANGHAI)):
            services.round_select(review_round=r, on=started + dt.timedelta(days=1), actor=organiser)
        services.round_start(review_round=r, actor=organiser)
        files = list(r.files.select_related("case").order_by("draw_rank"))
        to_score = files if leave != "reviewing" else files[: len(files) // 2]
        for n, f in enumerate(to_score):
            deductions, notes, vetoes = _sheet(rng)
            scorer = f.reviewers.order_by("pk").first()
            on = min(due, started + dt.timedelta(days=2 + n % 15))
            services.file_score(
                file=f, deductions=deductions, notes=notes, vetoes=vetoes, on=on, actor=scorer,
                opinion="案卷总体规范。" if not deductions else "存在以下问题：" + "；".join(notes.values()) + "。",
            )  # fmt: skip
        if leave == "reviewing":
            continue
        services.round_grade(
            review_round=r,
            on=due,
            summary=f"本次评查案卷 {len(files)} 卷，已逐卷评定等次并反馈承办部门。",
            actor=organiser,
        )
        scored = sorted(r.files.all(), key=lambda f: (f.total or 0, f.pk))
        for f in [f for f in reversed(scored) if f.grade == "excellent"][:2]:
            services.file_distinguish(
                file=f, distinction="exemplary", reason="证据链完整，说理充分，文书规范", actor=leader
            )
        for f in [f for f in scored if f.grade != "excellent"][:2]:
            services.file_distinguish(
                file=f, distinction="poor", reason="问题具有代表性，作为典型差案通报", actor=leader
            )
        if all(f.total == 100 and not f.veto_failed for f in scored):
            services.round_close(review_round=r, on=due + dt.timedelta(days=1), actor=organiser)
            continue
        feedback_on = min(due + dt.timedelta(days=3), limit)
        services.round_send_feedback(
            review_round=r, on=feedback_on, rectification_due_on=feedback_on + dt.timedelta(days=30), actor=organiser
        )
        rects = list(Rectification.objects.filter(file__round=r).select_related("file__case"))
        handlers = _department_handlers(ctx, rects)
        for i, rect in enumerate(rects):
            if leave == "feedback" and i % 3 == 2:
                continue  # still being rectified on the demo's date
            reporter = handlers.get(rect.department_id)
            if reporter is None:
                continue
            reported = feedback_on + dt.timedelta(days=5 + i % 20)
            if reported + dt.timedelta(days=2) > limit:
                continue
            services.rectification_report(
                rectification=rect, report="已按评查意见补正并重新组卷。", on=reported, actor=reporter
            )
            if leave == "closed":
                services.rectification_verify(
                    rectification=rect, accepted=True, note="", on=reported + dt.timedelta(days=2), actor=organiser
                )
        closing = feedback_on + dt.timedelta(days=40)
        open_left = Rectification.objects.filter(file__round=r).exclude(status="verified").exists()
        if leave == "closed" and not open_left and closing <= limit:
            services.round_close(review_round=r, on=closing, actor=organiser)
    _sent_up(ctx, rng, Case)


def _department_handlers(ctx: DemoContext, rects: list[Any]) -> dict[int, Any]:
    """A section chief or officer of each handling department to report its rectification (created if missing)."""
    from fazhi.core.models import User
    from fazhi.core.roles import Role

    out: dict[int, Any] = {}
    departments = {d.pk: d for d in ctx.shared["departments"].values()}
    existing = {
        u.department_id: u
        for u in User.objects.filter(
            role__in=[Role.SECTION_CHIEF, Role.OFFICER], department_id__in=[r.department_id for r in rects]
        ).order_by("-role")
    }
    for rect in rects:
        if rect.department_id in out:
            continue
        user = existing.get(rect.department_id)
        if user is None:
            department = departments[rect.department_id]
            user = User(
                username=f"chief-{department.code}", role=Role.SECTION_CHIEF, department=department,
                display_name=f"{department.name}负责人", password=make_password(None),
            )  # fmt: skip
            user.save()
            existing[rect.department_id] = user
        out[rect.department_id] = user
    return out


def _sent_up(ctx: DemoContext, rng: random.Random, case_model: Any) -> None:
    from fazhi.file_reviews import services

    actor = ctx.shared["users"]["legal_reviewer"]
    used: set[int] = set()
    for sent_on, authority, review_name, wanted, domain in SENT_UP:
        if sent_on.year not in (ctx.year - 1, ctx.year):
            continue
        n = ctx.scaled(wanted, minimum=1)
        # a concluded file: closed or already archived (the cases demo archives its closed cases)
        qs = case_model.objects.filter(
            state__in=("closed", "archived"), closed_on__lt=sent_on, decided_on__year=sent_on.year
        ).order_by("pk")
        preferred = list(qs.filter(domain=domain).values_list("pk", flat=True)) if domain else []
        others = list(qs.values_list("pk", flat=True)[:500])
        picks = [pk for pk in rng.sample(preferred, min(n, len(preferred)))] if preferred else []
        pool = [pk for pk in others if pk not in used and pk not in picks]
        picks += rng.sample(pool, min(n - len(picks), len(pool)))
        for pk in picks:
            used.add(pk)
            services.higher_review_send(
                case=case_model.objects.get(pk=pk), authority=authority, review_name=review_name, sent_on=sent_on,
                actor=actor,
            )  # fmt: skip
