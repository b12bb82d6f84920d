"""Demo: the catalogues of 2022 and 2023 with their decisions through the mandatory steps (2023: 2 decisions made,
as in the seed report, and one still in public participation at the year's end)."""

from __future__ import annotations

import datetime as dt

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
                review_to = review_from + dt.timedelta(days=rng.randint(12, 16))
                services.step_record(decision=d, step="legality_review", started_on=review_from, ended_on=review_to,
                                     summary="公职律师、法律顾问出具合法性审查意见：合法", actor=reviewer)  # fmt: skip
                discussed = review_to + dt.timedelta(days=rng.randint(2, 6))
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
