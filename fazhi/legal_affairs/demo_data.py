"""Demo: the legal matters of the bureau's public-sector lawyers and counsel (2023: 160, as in the seed report;
2022: about 140), and the year's proposals and suggestions (2023: one CPPCC proposal answered to satisfaction)."""

from __future__ import annotations

import datetime as dt

from fazhi.demo.context import DemoContext

ORDER = 96
D = dt.date
PLAN = {2022: 138, 2023: 160}
KINDS = (
    ("contract_review", 45, "审查{n}号采购（服务）合同"),
    ("litigation_agency", 12, "代理第{n}号行政复议（诉讼）案件"),
    ("decision_opinion", 30, "对第{n}号重大执法决定出具法律意见"),
    ("normative_review", 5, "规范性文件送审稿法律意见（{n}）"),
    ("other", 68, "法律咨询与解答（{n}）"),
)
HANDLERS = (("public_lawyer", "法制科 李某"), ("public_lawyer", "法制科 王某"), ("counsel", "某律师事务所 赵律师"))


def generate(ctx: DemoContext) -> None:
    from fazhi.legal_affairs import services
    from fazhi.legal_affairs.models import Proposal

    rng = ctx.sub_rng("legal_affairs")
    users = ctx.shared["users"]
    reviewer = users["legal_reviewer"]
    legal = ctx.shared["departments"]["legal"]
    departments = list(ctx.shared["departments"].values())[:8]
    with ctx.step("法律事务：公职律师、法律顾问的法律事务，建议提案的答复"):
        for year in (ctx.year - 1, ctx.year):
            for n in range(PLAN[year]):
                kind, _, pattern = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
                handler_kind, handler = rng.choice(HANDLERS)
                received = D(year, 1, 3) + dt.timedelta(days=rng.randint(0, 340))
                completed = min(received + dt.timedelta(days=rng.randint(1, 10)), D(year, 12, 31))
                services.matter_record(
                    department=rng.choice(departments), kind=kind, handler_kind=handler_kind, handler_name=handler,
                    title=pattern.format(n=n + 1), received_on=received, completed_on=completed,
                    opinion="经审查，提出修改意见并形成书面法律意见", actor=reviewer,
                )  # fmt: skip
            cppcc = services.proposal_register(
                kind=Proposal.CPPCC, reference=f"{year}-{rng.randint(10, 99)}", title="关于加强校园周边食品安全监管的提案",
                proposer="区政协委员 张某", department=legal, assigned_on=D(year, 3, 10), actor=reviewer,
            )  # fmt: skip
            services.proposal_reply(proposal=cppcc, on=D(year, 5, 20) + dt.timedelta(days=rng.randint(0, 15)),
                                    text="已会同教育部门开展专项检查，建立长效机制", feedback="satisfied", actor=reviewer)  # fmt: skip
            npc = services.proposal_register(
                kind=Proposal.NPC, reference=f"{year}-R{rng.randint(10, 99)}", title="关于规范老旧小区电梯维保的建议",
                proposer="区人大代表 刘某", department=legal, assigned_on=D(year, 3, 15), actor=reviewer,
            )  # fmt: skip
            services.proposal_reply(proposal=npc, on=D(year, 6, 1) + dt.timedelta(days=rng.randint(0, 10)),
                                    text="已开展电梯维保质量专项检查", feedback="basically_satisfied", actor=reviewer)  # fmt: skip
