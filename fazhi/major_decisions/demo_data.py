"""Demo: the catalogues of 2022 and 2023 with their decisions through the mandatory steps (2023: 2 decisions made,
as in the seed report, and one still in public participation at the year's end). The first decision of each year
also holds a public hearing (听证会, 条例 Arts. 16–17) before its collective discussion; the 2022 decision is
evaluated after a year in force (决策后评估, 条例 Art. 36), the evaluation concluded in 2023."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fazhi.demo.context import DemoContext

ORDER = 94
D = dt.date
PLAN = {
    2022: (("东丽区食品安全“两个责任”落实工作实施方案", True),),
    2023: (
        ("东丽区市场监管领域优化营商环境若干措施", True),
        ("东丽区电动自行车产品质量安全专项整治方案", True),
        ("东丽区农贸市场标准化改造提升计划", False),
    ),
}


def generate(ctx: DemoContext) -> None:
    from fazhi.major_decisions import services

    rng = ctx.sub_rng("major_decisions")
    users = ctx.shared["users"]
    reviewer, leader = users["legal_reviewer"], users["leader"]
    legal = ctx.shared["departments"]["legal"]
    with ctx.step("重大行政决策：年度目录与法定程序"):
        for year in (ctx.year - 1, ctx.year):
            for i, (title, finish) in enumerate(PLAN.get(year, ())):
                start = D(year, 2, 20) + dt.timedelta(days=110 * i + rng.randint(0, 20))
                d = services.decision_catalogue(
                    department=legal, title=title, year=year, catalogued_on=start, actor=leader
                )
                comment_from = start + dt.timedelta(days=rng.randint(5, 12))
                comment_to = comment_from + dt.timedelta(days=30 + rng.randint(0, 5))
                if not finish:
                    continue
                services.step_record(decision=d, step="public_participation", started_on=comment_from, ended_on=comment_to,
                                     summary=f"政府网站公开征求意见，收到意见{rng.randint(3, 20)}条，采纳{rng.randint(1, 3)}条", actor=reviewer)  # fmt: skip
                day = comment_to + dt.timedelta(days=rng.randint(3, 8))
                if i == 0:
                    services.step_record(decision=d, step="expert_argument", ended_on=day,
                                         summary="邀请5名专家论证，形成书面论证意见", actor=reviewer)  # fmt: skip
                else:
                    services.step_record(decision=d, step="expert_argument", ended_on=day,
                                         skip_reason="决策事项不属于专业性、技术性较强的事项", actor=reviewer)  # fmt: skip
                services.step_record(decision=d, step="risk_assessment", ended_on=day + dt.timedelta(days=2),
                                     summary="社会稳定风险评估结论：低风险", actor=reviewer)  # fmt: skip
                review_from = day + dt.timedelta(days=3)
                review_to = _review_end(review_from, review_from + dt.timedelta(days=rng.randint(12, 16)))
                services.step_record(decision=d, step="legality_review", started_on=review_from, ended_on=review_to,
                                     summary="公职律师、法律顾问出具合法性审查意见：合法", actor=reviewer)  # fmt: skip
                discussed = review_to + dt.timedelta(days=rng.randint(2, 6))
                if i == 0:
                    _hearing(d, held=discussed - dt.timedelta(days=rng.randint(1, 3)), rng=rng, actor=reviewer)
                services.step_record(decision=d, step="collective_discussion", ended_on=discussed,
                                     summary="局长办公会集体讨论，局长最后发表意见，同意", dissent="一名副局长建议分步实施，记录在案" if i else "",
                                     actor=leader)  # fmt: skip
                services.decision_make(decision=d, on=discussed, text=f"同意实施《{title}》", actor=leader)
                services.decision_publish(
                    decision=d,
                    on=discussed + dt.timedelta(days=rng.randint(3, 10)),
                    channel="东丽区人民政府网站",
                    actor=reviewer,
                )
                if year == ctx.year - 1 and i == 0:
                    _evaluation(d, year=ctx.year, rng=rng, leader=leader, reviewer=reviewer)


def _hearing(d: Any, *, held: dt.date, rng: random.Random, actor: Any) -> None:
    """A public hearing: draft, time, place and participants announced, materials served 8–12 days before (the
    rulebook's lead is 7), the record signed by the participants."""
    from fazhi.major_decisions import services

    served = held - dt.timedelta(days=rng.randint(8, 12))
    count = rng.randint(9, 15)
    services.hearing_record(
        decision=d, announced_on=served - dt.timedelta(days=rng.randint(3, 6)), materials_served_on=served,
        held_on=held, venue="区市场监管局三楼会议室", presider="法制科科长",
        participants=f"经营者代表{count - 4}名、消费者代表2名、人大代表1名、政协委员1名", participant_count=count,
        opinions=f"听证参加人发表意见{rng.randint(6, 14)}条，主要涉及过渡期安排和申报材料简化",
        adoption=f"采纳{rng.randint(2, 4)}条，设置三个月过渡期；未采纳的意见已在说明中逐条说明理由",
        record_signed=True, actor=actor,
    )  # fmt: skip


def _evaluation(d: Any, *, year: int, rng: random.Random, leader: Any, reviewer: Any) -> None:
    """The deciding body organises the evaluation in ``year`` (its own legal office does the work) and concludes it
    with the public's views heard; the recommendation is to continue."""
    from fazhi.major_decisions import services

    started = dt.date(year, 3, 1) + dt.timedelta(days=rng.randint(0, 30))
    services.evaluation_start(
        decision=d, ground="deemed_necessary", evaluator="区市场监管局法制科", started_on=started, actor=leader
    )
    services.evaluation_conclude(
        decision=d, concluded_on=started + dt.timedelta(days=rng.randint(45, 75)),
        public_views=f"通过政府网站和座谈会听取意见，收到社会公众意见{rng.randint(8, 25)}条",
        participation="经营者座谈会1场、问卷调查1次",
        findings="实施一年来主体责任落实率明显提高，未发现与上位法冲突或明显不适当的内容",
        recommendation="continue", actor=reviewer,
    )  # fmt: skip


def _review_end(started: dt.date, proposed: dt.date) -> dt.date:
    """The proposed end of the legality review, moved later until the review has lasted the working days the
    rulebook asks for: a holiday inside the drawn span must not make a seed fail."""
    from fazhi.deadlines.selectors import current_calendar
    from fazhi.major_decisions.services import STEPS
    from fazhi.rulebook import oversight as rules

    calendar = current_calendar()
    end = proposed
    while calendar.working_days_between(started, end) < (rules.item(STEPS, "legality_review", end).number or 0):
        end += dt.timedelta(days=1)
    return end
